"""The OWL ontology (ontology/kg.ttl) and the SHACL shapes (ontology/shapes.ttl) against the public schema."""

from __future__ import annotations

from collections.abc import Iterator

import owlrl  # type: ignore[import-untyped]
import pytest
from rdflib import OWL, RDF, RDFS, SH, XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from kg.namespace import CITO, ID, KG, SCHEMA
from kg.paths import ONTOLOGY, SHAPES

PROV = Namespace("http://www.w3.org/ns/prov#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
KGSH = Namespace("https://w3id.org/papers-kg/shapes#")
ONTOLOGY_IRI = URIRef("https://w3id.org/papers-kg/ontology")

KG_TERMS = frozenset(KG[name] for name in KG.__annotations__)
CLASSES = frozenset({KG.Paper, KG.Model, KG.Technique, KG.Dataset, KG.Metric, KG.Organization, KG.Task, KG.Person})
OBJECT_PROPERTIES = frozenset({KG.buildsOn, KG.comparesTo, KG.uses, KG.proposes, KG.publishedBy, KG.mentions})
# Not in the export (so not in kg.namespace.KG): the query store derives them into its derived graph
# (queries/derived/*.rq); tests/test_query.py checks they are exactly what the derivations make.
KG_NS = Namespace(str(KG._NS))
DERIVED_PROPERTIES = frozenset(
    KG_NS[name] for name in ("builtOnByCount", "builtOnByRank", "papersReadCount", "readNextCount", "readNextRank")
)
DATATYPE_PROPERTIES = (KG_TERMS - CLASSES - OBJECT_PROPERTIES) | DERIVED_PROPERTIES
DECLARED_TERMS = KG_TERMS | DERIVED_PROPERTIES

WORK_OR_PROPOSED = "union(kg:Dataset kg:Metric kg:Model kg:Paper kg:Task kg:Technique)"
ANY_KG_NODE = "union(kg:Dataset kg:Metric kg:Model kg:Organization kg:Paper kg:Person kg:Task kg:Technique)"
EVIDENCE = "intersection(prov:Entity rdf:Statement)"
ENTRY_OR_EVIDENCE = "union(kg:Paper rdf:Statement)"

# property -> (domain, range), as the schema table in DESIGN.md and the export shape imply
DOMAIN_RANGE: dict[URIRef, tuple[str, str]] = {
    KG.buildsOn: (WORK_OR_PROPOSED, ANY_KG_NODE),
    KG.comparesTo: (WORK_OR_PROPOSED, ANY_KG_NODE),
    KG.uses: (WORK_OR_PROPOSED, ANY_KG_NODE),
    KG.proposes: ("kg:Paper", WORK_OR_PROPOSED),
    KG.publishedBy: ("kg:Paper", "kg:Organization"),
    KG.mentions: ("kg:Paper", ANY_KG_NODE),
    KG.readOn: ("kg:Paper", "xsd:date"),
    KG.publicationDate: ("kg:Paper", "union(xsd:gYear xsd:gYearMonth)"),
    KG.readingStatus: ("kg:Paper", "xsd:string"),
    KG.noteText: ("kg:Paper", "xsd:string"),
    KG.quote: (EVIDENCE, "xsd:string"),
    KG.rule: (EVIDENCE, "xsd:string"),
    KG.sourceFile: (ENTRY_OR_EVIDENCE, "xsd:string"),
    KG.sourceLine: (ENTRY_OR_EVIDENCE, "xsd:integer"),
    KG_NS.builtOnByCount: (ANY_KG_NODE, "xsd:integer"),
    KG_NS.builtOnByRank: (ANY_KG_NODE, "xsd:integer"),
    KG_NS.papersReadCount: ("kg:Organization", "xsd:integer"),
    KG_NS.readNextCount: (ANY_KG_NODE, "xsd:integer"),
    KG_NS.readNextRank: (ANY_KG_NODE, "xsd:integer"),
}

SHORT = {
    str(KG._NS): "kg:",
    str(XSD): "xsd:",
    str(RDF): "rdf:",
    str(PROV): "prov:",
}


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES, format="turtle")


def _short(term: Node) -> str:
    for namespace, prefix in SHORT.items():
        if str(term).startswith(namespace):
            return prefix + str(term)[len(namespace) :]
    return str(term)


def _describe(graph: Graph, node: Node | None) -> str:
    """A class or datatype expression as text: `kg:Paper`, `union(a b)`, `intersection(a b)`."""
    assert node is not None
    if isinstance(node, URIRef):
        return _short(node)
    for operator, name in ((OWL.unionOf, "union"), (OWL.intersectionOf, "intersection")):
        members = graph.value(node, operator)
        if members is not None:
            return f"{name}({' '.join(sorted(_describe(graph, m) for m in Collection(graph, members)))})"
    raise AssertionError(f"unexpected class expression {node!r}")


def _kg_iris(graph: Graph) -> Iterator[URIRef]:
    for triple in graph:
        for term in triple:
            if isinstance(term, URIRef) and str(term).startswith(str(KG._NS)):
                yield term


def _texts(graph: Graph, subject: URIRef, predicate: URIRef, language: str) -> list[str]:
    return [str(o) for o in graph.objects(subject, predicate) if isinstance(o, Literal) and o.language == language]


def test_ontology_header(ontology: Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(ONTOLOGY_IRI, OWL.versionIRI) == URIRef("https://w3id.org/papers-kg/ontology/0.1.0")
    assert str(ontology.value(ONTOLOGY_IRI, OWL.versionInfo)) == "0.1.0"
    for predicate in (DCTERMS.title, DCTERMS.description):
        assert _texts(ontology, ONTOLOGY_IRI, predicate, "en")
        assert _texts(ontology, ONTOLOGY_IRI, predicate, "zh")
    assert ontology.value(ONTOLOGY_IRI, DCTERMS.license) == URIRef("https://opensource.org/licenses/MIT")
    created = ontology.value(ONTOLOGY_IRI, DCTERMS.created)
    assert isinstance(created, Literal) and created.datatype == XSD.date
    comment = " ".join(_texts(ontology, ONTOLOGY_IRI, RDFS.comment, "en"))
    assert str(ID) in comment and "https://w3id.org/papers-kg/vocab/" in comment


def test_declared_terms_are_exactly_the_python_namespace(ontology: Graph) -> None:
    declared = {
        s
        for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
        for s in ontology.subjects(RDF.type, kind)
        if isinstance(s, URIRef) and str(s).startswith(str(KG._NS))
    }
    assert declared == set(DECLARED_TERMS)
    assert set(_kg_iris(ontology)) <= DECLARED_TERMS, "kg.ttl uses a kg: term that kg.namespace.KG does not have"


def test_derived_properties_say_where_they_live(ontology: Graph) -> None:
    for term in DERIVED_PROPERTIES:
        assert (term, RDF.type, OWL.FunctionalProperty) in ontology
        for language in ("en", "zh"):
            (comment,) = _texts(ontology, term, RDFS.comment, language)
            assert "<https://w3id.org/papers-kg/graph/derived>" in comment
            assert "queries/derived/" in comment


@pytest.mark.parametrize("term", sorted(DECLARED_TERMS), ids=lambda t: _short(t))
def test_term_is_declared_labelled_and_commented_in_english_and_chinese(ontology: Graph, term: URIRef) -> None:
    if term in CLASSES:
        kind = OWL.Class
    elif term in OBJECT_PROPERTIES:
        kind = OWL.ObjectProperty
    else:
        kind = OWL.DatatypeProperty
    assert (term, RDF.type, kind) in ontology
    assert ontology.value(term, RDFS.isDefinedBy) == ONTOLOGY_IRI
    for language in ("en", "zh"):
        assert len(_texts(ontology, term, RDFS.label, language)) == 1, f"{term}: one @{language} label"
        assert len(_texts(ontology, term, RDFS.comment, language)) == 1, f"{term}: one @{language} comment"


@pytest.mark.parametrize("prop", sorted(DOMAIN_RANGE), ids=lambda t: _short(t))
def test_property_domain_and_range(ontology: Graph, prop: URIRef) -> None:
    domains = list(ontology.objects(prop, RDFS.domain))
    ranges = list(ontology.objects(prop, RDFS.range))
    assert len(domains) == 1 and len(ranges) == 1
    assert (_describe(ontology, domains[0]), _describe(ontology, ranges[0])) == DOMAIN_RANGE[prop]


def test_every_property_has_an_expected_domain_and_range() -> None:
    assert set(DOMAIN_RANGE) == OBJECT_PROPERTIES | DATATYPE_PROPERTIES


def test_publication_date_range_is_a_datatype_union(ontology: Graph) -> None:
    datatype = ontology.value(KG.publicationDate, RDFS.range)
    assert isinstance(datatype, BNode)
    assert (datatype, RDF.type, RDFS.Datatype) in ontology


def test_alignments_nest_only_where_the_semantics_do(ontology: Graph) -> None:
    assert set(ontology.objects(KG.Paper, RDFS.subClassOf)) == {SCHEMA.ScholarlyArticle}
    assert set(ontology.objects(KG.Organization, RDFS.subClassOf)) == {SCHEMA.Organization}
    assert set(ontology.objects(KG.Person, RDFS.subClassOf)) == {SCHEMA.Person}
    assert set(ontology.objects(KG.publishedBy, RDFS.subPropertyOf)) == {
        SCHEMA.sourceOrganization,
        DCTERMS.contributor,
    }
    assert set(ontology.objects(KG.publicationDate, RDFS.subPropertyOf)) == {DCTERMS.issued}
    assert set(ontology.objects(KG.proposes, RDFS.subPropertyOf)) == {SCHEMA.about}
    # CiTO relates citing to cited works; our relations may start from a model: seeAlso, not subPropertyOf
    cito_parents = [(s, o) for s, o in ontology.subject_objects(RDFS.subPropertyOf) if str(o).startswith(str(CITO))]
    assert cito_parents == []
    assert set(ontology.objects(KG.buildsOn, RDFS.seeAlso)) == {CITO.extends}
    assert set(ontology.objects(KG.comparesTo, RDFS.seeAlso)) == {CITO.citesAsRelated}
    assert set(ontology.objects(KG.uses, RDFS.seeAlso)) == {CITO.usesMethodIn, CITO.usesDataFrom}
    assert "cito:discusses" in _texts(ontology, KG.comparesTo, RDFS.comment, "en")[0]


def _closure(ontology: Graph, data: str) -> Graph:
    graph = Graph()
    graph += ontology
    graph.parse(
        data="@prefix kg: <https://w3id.org/papers-kg/ontology#> .\n"
        "@prefix id: <https://w3id.org/papers-kg/id/> .\n" + data,
        format="turtle",
    )
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
    return graph


def _inconsistencies(graph: Graph) -> list[str]:
    error = URIRef("http://www.daml.org/2002/03/agents/agent-ont#error")
    return sorted(str(o) for o in graph.objects(None, error))


def test_owl_rl_reading_of_the_export(ontology: Graph) -> None:
    graph = _closure(
        ontology,
        """id:evidence\\/1 kg:quote "基于 BLIP-2" .
        id:paper\\/a a kg:Paper ; kg:publishedBy id:organization\\/s .""",
    )
    assert (ID["evidence/1"], RDF.type, PROV.Entity) in graph
    assert (ID["evidence/1"], RDF.type, RDF.Statement) in graph
    assert (ID["paper/a"], RDF.type, SCHEMA.ScholarlyArticle) in graph
    assert (ID["paper/a"], SCHEMA.sourceOrganization, ID["organization/s"]) in graph
    assert (ID["organization/s"], RDF.type, SCHEMA.Organization) in graph
    assert _inconsistencies(graph) == []


@pytest.mark.parametrize(
    ("classes", "consistent"),
    [
        ("kg:Paper, kg:Model", False),
        ("kg:Paper, kg:Dataset", False),
        ("kg:Organization, kg:Person", False),
        ("kg:Organization, kg:Technique", False),
        # a benchmark may well be a dataset, an architecture a model: these are not declared disjoint
        ("kg:Dataset, kg:Metric", True),
        ("kg:Model, kg:Technique", True),
    ],
)
def test_disjoint_classes(ontology: Graph, classes: str, consistent: bool) -> None:
    graph = _closure(ontology, f"id:x a {classes} .")
    assert (_inconsistencies(graph) == []) is consistent


def test_shapes_parse_and_use_only_schema_terms(shapes: Graph) -> None:
    assert len(shapes) > 0
    assert set(_kg_iris(shapes)) <= KG_TERMS, "shapes.ttl uses a kg: term that kg.namespace.KG does not have"


def test_every_class_has_a_shape(shapes: Graph) -> None:
    targeted = set(shapes.objects(None, SH.targetClass))
    assert targeted == set(CLASSES) | {RDF.Statement}


CONSTRAINTS = (
    SH.minCount,
    SH.maxCount,
    SH.datatype,
    SH["in"],
    SH["class"],
    SH["or"],
    SH.pattern,
    SH.nodeKind,
    SH.select,
)


def test_every_constraint_has_an_english_message(shapes: Graph) -> None:
    constrained = {s for c in CONSTRAINTS for s in shapes.subjects(c, None)}
    top_level = {s for s in constrained if isinstance(s, URIRef)}
    # blank nodes are only alternatives inside an sh:or, or qualified value shapes: their shape's message applies
    nested = set(shapes.objects(None, RDF.first)) | set(shapes.objects(None, SH.qualifiedValueShape))
    assert constrained - top_level <= nested, "an anonymous shape of its own would report no message"
    missing = sorted(str(s) for s in top_level if not list(shapes.objects(s, SH.message)))
    assert missing == []
    assert all(str(s).startswith(str(KGSH)) for s in top_level)
