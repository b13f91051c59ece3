"""``kg explain``: an entity, the sentences behind it and behind each of its relations."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from rdflib import Graph

from kg.cli import cli
from kg.errors import InputError
from kg.explain import explain, resolve

R = "https://w3id.org/safeguarding-kg/id/E06000099/inspection/2016-01-11/report"
GRAPH = f"""
@base <https://w3id.org/safeguarding-kg/id/> .
@prefix sg: <https://w3id.org/safeguarding-kg/ontology#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .

<E06000099> a sg:LocalAuthority ; rdfs:label "Testshire Council" .
<E06000099/post/lscb-chair> a sg:Post ; rdfs:label "LSCB chair" ;
    skos:altLabel "independent chair" ;
    sg:council <E06000099> ;
    prov:wasDerivedFrom <{R}/sentence/120-190>, <{R}/sentence/10-60> ;
    sg:chairs <E06000099/safeguarding-children-board/lscb> .
<E06000099/safeguarding-children-board/lscb> a sg:SafeguardingChildrenBoard ;
    rdfs:label "Local Safeguarding Children Board" ; skos:altLabel "LSCB" ;
    sg:council <E06000099> ;
    prov:wasDerivedFrom <{R}/sentence/10-60> .
<E06000099/post/chief-executive> a sg:Post ; rdfs:label "chief executive" ;
    sg:council <E06000099> ;
    sg:holdsToAccount <E06000099/post/lscb-chair> .

<{R}/statement/aaaa> a rdf:Statement ;
    rdf:subject <E06000099/post/lscb-chair> ; rdf:predicate sg:chairs ;
    rdf:object <E06000099/safeguarding-children-board/lscb> ;
    prov:wasDerivedFrom <{R}/sentence/10-60> .

<{R}/sentence/10-60> a sg:Sentence ;
    rdf:value "The LSCB is chaired by an   experienced independent chair." ;
    sg:startOffset 10 ; sg:endOffset 60 ;
    sg:inSection <{R}/section/lscb-0> ; dcterms:isPartOf <{R}> .
<{R}/sentence/120-190> a sg:Sentence ;
    rdf:value "The chair meets the chief executive monthly." ;
    sg:startOffset 120 ; sg:endOffset 190 ;
    sg:inSection <{R}/section/lscb-0> ; dcterms:isPartOf <{R}> .
<{R}/section/lscb-0> a sg:Section ; rdfs:label "Review of the LSCB" ; sg:sectionKind "lscb" ;
    dcterms:isPartOf <{R}> .
<{R}> a sg:InspectionReport ; dcterms:source "testshire-2016.txt" .
"""

EXPECTED = """\
LSCB chair
  IRI:   https://w3id.org/safeguarding-kg/id/E06000099/post/lscb-chair
  types: Post
  also:  independent chair
  sentences (2):
    testshire-2016.txt, lscb [10-60]: "The LSCB is chaired by an experienced independent chair."
    testshire-2016.txt, lscb [120-190]: "The chair meets the chief executive monthly."
  relations (2):
    chairs -> Local Safeguarding Children Board
      testshire-2016.txt, lscb [10-60]: "The LSCB is chaired by an experienced independent chair."
    <- holdsToAccount chief executive
      (no sentence recorded)
"""


@pytest.fixture()
def graph_file(tmp_path):
    path = tmp_path / "testshire.ttl"
    path.write_text(GRAPH, encoding="utf-8")
    return path


@pytest.fixture()
def graph():
    g = Graph()
    g.parse(data=GRAPH, format="turtle")
    return g


def test_cli_explain_prints_entity_sentences_and_relations(graph_file):
    out = CliRunner().invoke(cli, ["explain", str(graph_file), "LSCB chair"])
    assert out.exit_code == 0, out.output
    assert out.output == EXPECTED


@pytest.mark.parametrize(
    "name", ["lscb CHAIR", "the LSCB-chair", "Independent Chair", "lscb chair."]
)
def test_resolve_name_ignores_case_punctuation_and_aliases(graph, name):
    assert [str(n) for n in resolve(graph, name)] == [
        "https://w3id.org/safeguarding-kg/id/E06000099/post/lscb-chair"
    ]


def test_cli_explain_accepts_an_iri(graph_file):
    iri = "https://w3id.org/safeguarding-kg/id/E06000099/post/lscb-chair"
    out = CliRunner().invoke(cli, ["explain", str(graph_file), iri])
    assert out.exit_code == 0, out.output
    assert out.output == EXPECTED


def test_explain_shows_incoming_relations_with_their_sentences(graph):
    (board,) = explain(graph, "LSCB")
    assert [(r.direction, r.predicate, r.other) for r in board.relations] == [
        ("in", "chairs", "LSCB chair")
    ]
    assert [e.start for e in board.relations[0].evidence] == [10]


def test_cli_explain_unknown_name_lists_near_matches_and_exits_2(graph_file):
    out = CliRunner().invoke(cli, ["explain", str(graph_file), "LSCB chiar"])
    assert out.exit_code == 2
    assert out.output == (
        f"kg: error: {graph_file}: no entity named 'LSCB chiar'; near matches: LSCB chair\n"
    )


def test_resolve_unknown_iri_is_an_input_error(graph):
    with pytest.raises(InputError, match="no node"):
        resolve(graph, "https://example.org/nothing")


def test_cli_explain_missing_graph_exits_2(tmp_path):
    out = CliRunner().invoke(cli, ["explain", str(tmp_path / "none.ttl"), "x"])
    assert out.exit_code == 2
    assert "no such file" in out.output
