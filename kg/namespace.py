"""The public RDF vocabulary of papers-kg (see ontology/kg.ttl) and the IRIs of its instances."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

ID = Namespace("https://w3id.org/papers-kg/id/")
CITO = Namespace("http://purl.org/spar/cito/")
SCHEMA = Namespace("https://schema.org/")


class KG(DefinedNamespace):
    """Closed vocabulary: a misspelt term fails at import, not in a user's query."""

    _fail = True
    _NS = Namespace("https://w3id.org/papers-kg/ontology#")

    Paper: URIRef
    Model: URIRef
    Technique: URIRef
    Dataset: URIRef
    Metric: URIRef
    Organization: URIRef
    Task: URIRef
    Person: URIRef

    buildsOn: URIRef
    comparesTo: URIRef
    uses: URIRef
    proposes: URIRef
    publishedBy: URIRef
    mentions: URIRef
    readOn: URIRef
    publicationDate: URIRef
    readingStatus: URIRef
    quote: URIRef
    sourceLine: URIRef
    sourceFile: URIRef
    rule: URIRef
    noteText: URIRef


# kind name (as used in Mention.kind and in IRIs) -> class
CLASS_OF_KIND: dict[str, URIRef] = {
    "paper": KG.Paper,
    "model": KG.Model,
    "technique": KG.Technique,
    "dataset": KG.Dataset,
    "metric": KG.Metric,
    "organization": KG.Organization,
    "task": KG.Task,
    "person": KG.Person,
}
KIND_OF_CLASS: dict[URIRef, str] = {v: k for k, v in CLASS_OF_KIND.items()}

# relation name (as used in Relation.predicate) -> property
PREDICATE_OF: dict[str, URIRef] = {
    "buildsOn": KG.buildsOn,
    "comparesTo": KG.comparesTo,
    "uses": KG.uses,
    "proposes": KG.proposes,
}

_SLUG_DROP = re.compile(r"[^\w+]+")


def slug(name: str) -> str:
    """A readable, stable IRI segment for a canonical name: `BLIP-2` -> `blip-2`, `微软` stays `微软`."""
    text = unicodedata.normalize("NFKC", name).lower().replace("+", "-plus-")
    text = _SLUG_DROP.sub("-", text).strip("-_")
    text = re.sub(r"-{2,}", "-", text)
    if not text:
        text = "x" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:10]
    return text[:80]


def node_iri(kind: str, name: str) -> URIRef:
    return ID[f"{kind}/{slug(name)}"]


def evidence_iri(*parts: str) -> URIRef:
    return URIRef(evidence_id(*parts))


def evidence_id(*parts: str) -> str:
    """`evidence_iri` as a plain string: the RDF mapping makes hundreds of thousands of them."""
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]
    return f"{ID}evidence/{digest}"
