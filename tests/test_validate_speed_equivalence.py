"""kg.validate's fast path finds exactly what the plain way of validating finds.

The plain way: merge the data and the part of the ontology it touches into one
rdflib graph, run pySHACL on it with every shape, and run the QC queries on a
pyoxigraph store of it. ``validate`` instead reads through an indexed view
(``_View``), runs only the shapes that have focus nodes (``_active_shapes``) and
never adds to the data graph. These tests hold the two to the same answers on the
shape examples, on graphs that touch the ontology in odd ways and on randomly
broken report graphs.
"""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS
from test_validate import synthetic_report_graph

import kg.validate as V
from kg.namespaces import SG

HERE = Path(__file__).resolve().parent
EXAMPLES = sorted((HERE / "shapes").rglob("*.ttl"))

PREFIXES = """@prefix sg: <https://w3id.org/safeguarding-kg/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix grade: <https://w3id.org/safeguarding-kg/grade/> .
@prefix area: <https://w3id.org/safeguarding-kg/area/> .
@prefix priority: <https://w3id.org/safeguarding-kg/priority/> .
@prefix ex: <http://example.org/> .
"""
# Graphs that make ontology terms focus nodes, values or classes, restate ontology
# triples, extend the class hierarchy, or use blank nodes.
ODD = {
    "concept-as-judgement": "grade:good a sg:Judgement . ex:i a sg:Inspection ; sg:hasJudgement grade:good .",
    "priority-class-under-sub-group": "sg:Priority rdfs:subClassOf sg:SubGroup ."
    ' ex:d a sg:Strategy ; rdfs:label "d" ; sg:addressesPriority priority:neglect .',
    "empty-label-on-a-concept": 'priority:neglect rdfs:label "" . ex:d sg:addressesPriority priority:neglect .',
    "own-subclass": 'ex:MyBoard rdfs:subClassOf sg:Board . ex:b a ex:MyBoard ; rdfs:label "b" .'
    ' ex:p a sg:Post ; rdfs:label "p" ; sg:chairs ex:b .',
    "blank-nodes": '[] a sg:Post ; sg:chairs [ a sg:Service ; rdfs:label "s" ] ; sg:council ex:la .'
    ' ex:la a sg:LocalAuthority ; rdfs:label "la" ; sg:gssCode "X" .',
    "restated-ontology": "sg:Board rdfs:subClassOf org:FormalOrganization ."
    ' ex:b a sg:Board ; rdfs:label "b" .',
    "statement-about-the-ontology": "ex:st a rdf:Statement ; rdf:subject sg:Board ;"
    ' rdf:predicate rdfs:label ; rdf:object "board"@en .',
    "class-as-value": "ex:p a sg:Post ; sg:leads sg:Service . sg:Service a sg:Service .",
    "empty": "",
}


def _odd(name: str) -> Graph:
    return Graph().parse(data=PREFIXES + ODD[name], format="turtle")


def _broken(seed: int) -> Graph:
    """A small report graph with random damage (deleted, retyped, rewired triples)."""
    from rdflib.namespace import XSD  # not at module level: pytest probes module attributes

    rnd = random.Random(seed)
    g = synthetic_report_graph(2)
    triples = sorted(g)
    nodes = sorted({t[0] for t in triples} | {URIRef(SG + "Board"), SKOS.Concept})
    classes = [URIRef(SG + c) for c in ("Board", "Post", "Service", "SubGroup", "Priority")]
    for _ in range(rnd.randint(3, 15)):
        s, p, o = rnd.choice(triples)
        g.remove((s, p, o))
        kind = rnd.randrange(5)
        if kind == 1 and p == RDF.type:
            g.add((s, p, rnd.choice(classes)))
        elif kind == 2 and isinstance(o, URIRef):
            g.add((s, p, rnd.choice(nodes)))
        elif kind == 3:
            g.add((s, p, rnd.choice([Literal(""), Literal(-1), Literal("x", datatype=XSD.date)])))
        elif kind == 4:
            g.add((BNode(), p, o))
    return g


CASES = [(p.stem, lambda p=p: Graph().parse(p, format="turtle")) for p in EXAMPLES]
CASES += [(name, lambda name=name: _odd(name)) for name in ODD]
CASES += [(f"broken-{seed}", lambda seed=seed: _broken(seed)) for seed in range(12)]


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return V._shapes()


def _merged(data: Graph) -> Graph:
    """The data plus the ontology part its checks see, in one plain graph."""
    merged = V.data_copy(data)
    merged.addN((s, p, o, merged) for s, p, o in V._ontology_subset(V._index(merged)))
    return merged


def _plain_validation(data: Graph, shapes: Graph) -> list:
    from pyshacl import validate as pyshacl_validate

    merged = _merged(data)
    _conforms, report, _text = pyshacl_validate(
        merged, shacl_graph=shapes, inference="none", advanced=False
    )
    found = V._shacl_violations(report, merged)
    found += V._run_qc(V._oxigraph_store(merged, ()), merged)
    return sorted(set(found), key=V._sort_key)


@pytest.mark.parametrize("make", [c[1] for c in CASES], ids=[c[0] for c in CASES])
def test_validate_finds_what_plain_pyshacl_on_the_merged_graph_finds(make, shapes):
    data = make()
    assert V.validate(data).violations == _plain_validation(data, shapes)


@pytest.mark.parametrize("make", [c[1] for c in CASES], ids=[c[0] for c in CASES])
def test_only_the_shapes_without_focus_nodes_are_skipped(make):
    from pyshacl.graph_abstraction import DataGraph

    data = make()
    index = V._index(data)
    view = V._View(data, index, V._ontology_graph(), V._ontology_subset(index))
    merged = DataGraph.from_rdflib(_merged(data))
    with_focus = sorted(
        str(s.node)
        for s in V._shapes_graph().shapes
        if isinstance(s.node, URIRef) and s.focus_nodes(merged)
    )
    assert V._active_shapes(view) == with_focus


def test_view_answers_every_lookup_like_the_merged_graph():
    data = _broken(3) + _odd("concept-as-judgement") + _odd("restated-ontology")
    index = V._index(data)
    missing = V._ontology_subset(index)
    view = V._View(data, index, V._ontology_graph(), missing)
    merged = _merged(data)
    assert len(view) == len(merged)
    assert Counter(view) == Counter(merged)
    rnd = random.Random(0)
    triples = sorted(merged)
    for _ in range(400):
        s, p, o = rnd.choice(triples)
        pattern = tuple(t if rnd.random() < 0.5 else None for t in (s, p, o))
        assert Counter(view.triples(pattern)) == Counter(merged.triples(pattern)), pattern
        assert (pattern in view) == (pattern in merged)
        assert Counter(view.objects(pattern[0], pattern[1])) == Counter(
            merged.objects(pattern[0], pattern[1])
        )
        assert Counter(view.subjects(pattern[1], pattern[2])) == Counter(
            merged.subjects(pattern[1], pattern[2])
        )
    path = RDF.type / RDFS.subClassOf  # rdflib property paths still work on the view
    assert set(view.objects(triples[0][0], path)) == set(merged.objects(triples[0][0], path))


def test_validate_accepts_a_graph_on_a_store_without_contexts():
    data = _broken(5)
    simple = Graph(store="SimpleMemory")
    for t in data:
        simple.add(t)
    assert V.validate(simple).violations == V.validate(data).violations


def test_validate_does_not_touch_the_data_graph_or_its_store():
    data = _odd("concept-as-judgement")
    before = (set(data), sorted(data.namespaces()), list(data.store.contexts()))
    V.validate(data)
    assert (set(data), sorted(data.namespaces()), list(data.store.contexts())) == before
