"""The controlled vocabularies (SKOS, in `ontology/vocab/*.ttl`) that tell the extractor what names mean.

Each Turtle file holds one `skos:ConceptScheme`; the scheme a concept is in decides its kind
(`v:models` -> "model", `v:organizations` -> "organization", ...). Every `skos:prefLabel` and
`skos:altLabel` of a concept is a name it goes by; names are compared after `fold`, so `BLIP-2`,
`BLIP2` and `blip 2` are one key. A concept flagged `v:matchCase true` is a name whose lower-case
form is an ordinary word (`ALIGN`, `Muse`, `IS`): its labels match only with the case as written
(see `Vocabulary.exact`). `stoplist.txt` lists terms that look like names but name no single thing.

`load_vocabulary` checks the data and raises `DataError` naming the file and concept on any
contradiction: it is called once per build and cached on the files' names, sizes and mtimes.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from rdflib import Namespace, URIRef

from kg.errors import DataError
from kg.paths import VOCAB_DIR

V = Namespace("https://w3id.org/papers-kg/vocab/")

KIND_OF_SCHEME: Mapping[URIRef, str] = MappingProxyType(
    {
        V.models: "model",
        V.techniques: "technique",
        V.datasets: "dataset",
        V.metrics: "metric",
        V.organizations: "organization",
        V.tasks: "task",
        V.persons: "person",
    }
)
MATCH_CASE = V.matchCase
STOPLIST = "stoplist.txt"


def fold(name: str) -> str:
    """The key a name is compared by: NFKC, lower case, only alphanumerics (any script) and '+'.

    >>> fold("DALL·E 2"), fold("BLIP-2") == fold("blip 2"), fold("微软")
    ('dalle2', True, '微软')
    """
    return _NOT_IN_KEY.sub("", unicodedata.normalize("NFKC", name).lower())


def fold_exact(name: str) -> str:
    """`fold` without lower-casing: the key of a label that matches only in its own case."""
    return _NOT_IN_KEY.sub("", unicodedata.normalize("NFKC", name))


# what a key leaves out: every character but alphanumerics and '+' (`\w` is `str.isalnum()` and `_`, in any script)
_NOT_IN_KEY = re.compile(r"[^\w+]|_")


@dataclass(frozen=True)
class Concept:
    """A thing of the field with every name it goes by."""

    id: str  # the concept's IRI
    kind: str  # "model" | "technique" | "dataset" | "metric" | "organization" | "task" | "person"
    label: str  # the English prefLabel, else any prefLabel: the canonical name
    labels: tuple[str, ...]  # every prefLabel and altLabel: `label` first, the rest sorted
    match_case: bool = False  # labels match only with their case as written


@dataclass(frozen=True)
class Vocabulary:
    """Concepts and the folded names that lead to them."""

    concepts: tuple[Concept, ...]
    by_key: Mapping[str, Concept]  # fold(label) -> concept, for concepts that match in any case
    stop: frozenset[str]  # folded terms that never name a thing
    max_key_len: int  # length of the longest key of `by_key` or `exact`
    version: str = ""  # sha256 over the vocabulary files' bytes: a cache key for what was built from them
    # fold_exact(label) -> concept, for concepts flagged `v:matchCase` (not in `by_key`)
    exact: Mapping[str, Concept] = field(default_factory=lambda: MappingProxyType({}))

    def lookup(self, name: str) -> Concept | None:
        """The concept `name` names, if any: `BLIP2` -> BLIP-2, `微软` -> Microsoft, `align` -> None."""
        key = fold(name)
        if not key or key in self.stop:
            return None
        found = self.by_key.get(key)
        if found is None:
            found = self.exact.get(fold_exact(name))
        return found

    def is_stop(self, name: str) -> bool:
        return fold(name) in self.stop


def load_vocabulary(directory: Path = VOCAB_DIR) -> Vocabulary:
    """Read every `*.ttl` scheme and `stoplist.txt` of `directory` (cached while the files are unchanged)."""
    directory = Path(directory)
    if not directory.is_dir():
        raise DataError(f"{directory}: vocabulary folder not found")
    files = sorted(
        p for p in directory.iterdir() if p.is_file() and (p.suffix == ".ttl" or p.name == STOPLIST)
    )
    if not any(p.suffix == ".ttl" for p in files):
        raise DataError(f"{directory}: no vocabulary (*.ttl) files")
    stamp = tuple((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in files)
    return _load(directory.resolve(), stamp)


@lru_cache(maxsize=8)
def _load(directory: Path, stamp: tuple[tuple[str, int, int], ...]) -> Vocabulary:
    digest = hashlib.sha256()
    concepts: list[Concept] = []
    owner: dict[str, tuple[Concept, str]] = {}  # key -> (concept, file) for by_key
    owner_exact: dict[str, tuple[Concept, str]] = {}
    stop: frozenset[str] = frozenset()
    for name, _size, _mtime in stamp:
        path = directory / name
        data = path.read_bytes()
        digest.update(name.encode("utf-8") + b"\0" + data + b"\0")
        if name == STOPLIST:
            stop = _read_stoplist(path, data)
            continue
        for concept in _read_scheme_file(path, data):
            concepts.append(concept)
            table = owner_exact if concept.match_case else owner
            key_of = fold_exact if concept.match_case else fold
            for label in concept.labels:
                key = key_of(label)
                if not key:
                    raise DataError(
                        f"{path}: concept {concept.id} has label {label!r} with no letters or digits"
                    )
                held = table.get(key)
                if held is not None and held[0].id != concept.id:
                    raise DataError(
                        f"{path}: label {label!r} of concept {concept.id} is also a label of "
                        f"{held[0].id} ({held[1]}): give it to one of them"
                    )
                table[key] = (concept, path.name)
    for key, (concept, file) in sorted(owner.items()):
        if key in stop:
            raise DataError(f"{directory / file}: concept {concept.id} has a stop-listed label ({key!r})")
    for key, (concept, file) in sorted(owner_exact.items()):
        if fold(key) in stop:
            raise DataError(f"{directory / file}: concept {concept.id} has a stop-listed label ({key!r})")
        other = owner.get(fold(key))
        if other is not None:
            raise DataError(
                f"{directory / file}: label {key!r} of concept {concept.id} (matchCase) is also a label of "
                f"{other[0].id} ({other[1]}): give it to one of them"
            )
    concepts.sort(key=lambda c: c.id)
    keys = list(owner) + list(owner_exact)
    return Vocabulary(
        concepts=tuple(concepts),
        by_key=MappingProxyType({k: c for k, (c, _f) in sorted(owner.items())}),
        stop=stop,
        max_key_len=max((len(k) for k in keys), default=0),
        version=digest.hexdigest(),
        exact=MappingProxyType({k: c for k, (c, _f) in sorted(owner_exact.items())}),
    )


def _read_stoplist(path: Path, data: bytes) -> frozenset[str]:
    terms: set[str] = set()
    for number, raw in enumerate(_decode(path, data).splitlines(), start=1):
        text = raw.split("#", 1)[0].strip()
        if not text:
            continue
        key = fold(text)
        if not key:
            raise DataError(f"{path}:{number}: stop term {text!r} has no letters or digits")
        terms.add(key)
    return frozenset(terms)


def _decode(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DataError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None


_SKOS = "http://www.w3.org/2004/02/skos/core#"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"


def _read_scheme_file(path: Path, data: bytes) -> list[Concept]:
    """The concepts of one scheme file. Read with pyoxigraph's Turtle parser: rdflib's took most of a second
    for the bundled vocabularies, on every start of `kg`."""
    import pyoxigraph

    try:
        triples = pyoxigraph.parse(input=_decode(path, data).encode("utf-8"), format=pyoxigraph.RdfFormat.TURTLE,
                                   base_iri=path.as_uri())
        facts: dict[str, dict[str, list[Any]]] = {}
        for triple in triples:
            if isinstance(triple.subject, pyoxigraph.NamedNode):
                facts.setdefault(triple.subject.value, {}).setdefault(triple.predicate.value, []).append(
                    triple.object)
    except SyntaxError as exc:
        why = re.sub(r" \(line \d+\)$", "", str(exc).split(": ", 1)[-1])  # the line is in front already
        raise DataError(f"{path}:{exc.lineno or 0}: Turtle syntax error: {why}") from None
    concepts: list[Concept] = []
    concept_type = pyoxigraph.NamedNode(_SKOS + "Concept")
    for cid in sorted(s for s, preds in facts.items() if concept_type in preds.get(_RDF_TYPE, ())):
        preds = facts[cid]
        schemes = {str(o.value) for o in preds.get(_SKOS + "inScheme", ())}
        if not schemes:
            raise DataError(f"{path}: concept {cid} has no skos:inScheme")
        if len(schemes) > 1:
            raise DataError(f"{path}: concept {cid} is in more than one scheme: {sorted(schemes)}")
        scheme = next(iter(schemes))
        kind = KIND_OF_SCHEME.get(URIRef(scheme))
        if kind is None:
            raise DataError(f"{path}: concept {cid} is in unknown scheme {scheme}")
        prefs = preds.get(_SKOS + "prefLabel", [])
        if not prefs:
            raise DataError(f"{path}: concept {cid} has no skos:prefLabel")
        by_lang: dict[str, str] = {}
        for pref in prefs:
            if not isinstance(pref, pyoxigraph.Literal):
                raise DataError(f"{path}: concept {cid} has a prefLabel that is not a literal: {pref.value}")
            lang = pref.language or ""
            if lang in by_lang:
                raise DataError(
                    f"{path}: concept {cid} has two prefLabels in language {lang or 'none'!r}: "
                    f"{by_lang[lang]!r} and {pref.value!r}"
                )
            by_lang[lang] = pref.value
        label = by_lang.get("en") or by_lang.get("") or by_lang[sorted(by_lang)[0]]
        alts = preds.get(_SKOS + "altLabel", [])
        for alt in alts:
            if not isinstance(alt, pyoxigraph.Literal):
                raise DataError(f"{path}: concept {cid} has an altLabel that is not a literal: {alt.value}")
        others = sorted({x.value for x in [*prefs, *alts]} - {label}, key=lambda s: (fold(s), s))
        match_case = any(
            isinstance(o, pyoxigraph.Literal) and o.datatype.value == _XSD_BOOLEAN and o.value in ("true", "1")
            for o in preds.get(str(MATCH_CASE), ())
        )
        concepts.append(Concept(cid, kind, label, (label, *others), match_case))
    return concepts
