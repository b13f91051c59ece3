"""The assembled graph: stable IRIs, labels and provenance for every statement."""

from __future__ import annotations

import pytest
from conftest import SEED_TEXT, needs_shared
from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, XSD

from kg.extractors.commissioning import since
from kg.namespaces import ID, SG
from kg.pipeline import build_graph
from kg.vocabulary import CORE_RELATIONS

RELATIONS = CORE_RELATIONS


@pytest.fixture(scope="module")
def seed_graph():
    return build_graph(str(SEED_TEXT))


@needs_shared()
def test_assemble_council_node_carries_its_public_identifiers(seed_graph):
    council = ID["E09000026"]
    assert (council, RDF.type, SG.LocalAuthority) in seed_graph
    assert seed_graph.value(council, RDFS.label) == Literal("London Borough of Redbridge")
    assert seed_graph.value(council, SG.dfeCode) == Literal("317")
    assert seed_graph.value(council, SG.ofstedUrn) == Literal("80512")
    assert len(set(seed_graph.objects(council, SG.statisticalNeighbour))) == 10


@needs_shared()
def test_assemble_entity_iris_come_from_council_class_and_name(seed_graph):
    lscb = ID["E09000026/safeguarding-children-board/local-safeguarding-children-board"]
    assert (lscb, RDF.type, SG.SafeguardingChildrenBoard) in seed_graph
    for node in seed_graph.subjects(SG.council, ID["E09000026"]):
        assert str(node).startswith(str(ID["E09000026/"]))
        assert "/" in str(node)[len(str(ID)) + len("E09000026/") :]


@needs_shared()
def test_assemble_every_relation_has_a_statement_with_its_sentence(seed_graph):
    count = 0
    for name in RELATIONS:
        for s, o in seed_graph.subject_objects(SG[name]):
            count += 1
            stmts = [
                st
                for st in seed_graph.subjects(RDF.subject, s)
                if (st, RDF.predicate, SG[name]) in seed_graph and (st, RDF.object, o) in seed_graph
            ]
            assert stmts, f"no evidence for {s} {name} {o}"
            for st in stmts:
                sentence = seed_graph.value(st, PROV.wasDerivedFrom)
                assert (sentence, RDF.type, SG.Sentence) in seed_graph
                text = str(seed_graph.value(sentence, RDF.value))
                start = seed_graph.value(sentence, SG.startOffset).toPython()
                end = seed_graph.value(sentence, SG.endOffset).toPython()
                assert text and 0 <= start < end
    assert count > 20


@needs_shared()
def test_assemble_every_entity_points_at_a_sentence(seed_graph):
    entities = set(seed_graph.subjects(SG.council, None))
    assert entities
    for e in entities:
        sentences = list(seed_graph.objects(e, PROV.wasDerivedFrom))
        assert sentences and all((s, RDF.type, SG.Sentence) in seed_graph for s in sentences)


@needs_shared()
def test_assemble_commissioned_service_records_since_when(seed_graph):
    service = ID["E09000026/service/leaving-care-service"]
    assert seed_graph.value(service, SG.since) == Literal("2014", datatype=XSD.gYear)


def test_since_reads_a_year_or_a_month_and_year():
    assert since("The service has been managed by a national charity since 2014.") == "2014"
    assert since("Provided by Barnardo's since April 2017.") == "2017-04"
    assert since("The service has improved considerably.") == ""


@needs_shared()
def test_assemble_judgements_have_an_area_a_grade_and_evidence(seed_graph):
    inspection = URIRef(ID["E09000026/inspection/2016-09-12"])
    judgements = list(seed_graph.objects(inspection, SG.hasJudgement))
    assert len(judgements) == 7
    for j in judgements:
        assert seed_graph.value(j, SG.area) is not None
        assert seed_graph.value(j, SG.grade) is not None
        assert seed_graph.value(j, PROV.wasDerivedFrom) is not None
