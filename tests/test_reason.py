"""kg.reason: only entailed triples are written, targeted rules agree with owlrl."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph
from rdflib.namespace import OWL, RDF, RDFS

from kg.cli import cli
from kg.namespaces import ID, ORG, SG
from kg.query import load_graph
from kg.reason import entailments

DATA = Path(__file__).parent / "data" / "queries"
GRAPH = DATA / "two-councils.ttl"
MIN_ONTOLOGY = DATA / "ontology-min.ttl"
CSE = ID["E09000026/sub-group/child-sexual-exploitation-sub-group"]
EXEC = ID["E09000026/executive-group/executive-group"]
LSCB = ID["E09000026/safeguarding-children-board/local-safeguarding-children-board"]
CHAIR = ID["E09000026/post/lscb-chair"]
REDBRIDGE, BARNET = ID["E09000026"], ID["E09000003"]


@pytest.fixture(scope="module")
def data():
    return load_graph([GRAPH], include_ontology=False)


@pytest.fixture(scope="module")
def ontology():
    return load_graph([MIN_ONTOLOGY], include_ontology=False)


@pytest.fixture(scope="module")
def targeted(data, ontology):
    return entailments(data, ontology, "targeted")


def test_entailments_add_inverses_subclasses_subproperties_and_symmetry(targeted):
    assert (LSCB, SG.chairedBy, CHAIR) in targeted
    assert (LSCB, SG.hasSubOrganization, EXEC) in targeted
    assert (EXEC, RDF.type, SG.SubGroup) in targeted
    assert (EXEC, RDF.type, ORG.OrganizationalUnit) in targeted
    assert (CSE, ORG.subOrganizationOf, LSCB) in targeted
    assert (BARNET, SG.statisticalNeighbour, REDBRIDGE) in targeted


def test_entailments_leave_out_asserted_ontology_and_trivial_triples(data, ontology, targeted):
    assert not any(t in data for t in targeted)
    assert not any(t in ontology for t in targeted)
    assert not any(p == OWL.sameAs or o in (OWL.Thing, RDFS.Resource) for _, p, o in targeted)
    assert not set(targeted.subjects()) & set(ontology.subjects())


def test_entailments_follow_transitive_properties(data):
    onto = Graph()
    onto.add((SG.transitiveSubOrganizationOf, RDF.type, OWL.TransitiveProperty))
    onto.add((SG.subOrganizationOf, RDFS.subPropertyOf, SG.transitiveSubOrganizationOf))
    team = ID["E09000026/team/x"]
    data2 = data + Graph()
    data2.add((team, SG.subOrganizationOf, CSE))
    out = entailments(data2, onto, "targeted")
    assert (team, SG.transitiveSubOrganizationOf, LSCB) in out
    assert (EXEC, SG.transitiveSubOrganizationOf, LSCB) in out


def test_targeted_rules_give_what_full_owlrl_gives_about_the_data(data, ontology, targeted):
    full = entailments(data, ontology, "full")
    assert set(targeted) <= set(full)
    assert set(full) - set(targeted) == set()


def test_targeted_rules_match_owlrl_with_the_project_ontology(data):
    project = load_graph([], include_ontology=True)
    if not len(project):
        pytest.skip("ontology/*.ttl is not there yet")
    targeted = set(entailments(data, project, "targeted"))
    full = set(entailments(data, project, "full"))
    assert targeted <= full
    # owlrl also applies domains and ranges; targeted rules deliberately do not
    extra = full - targeted
    assert all(p == RDF.type for _, p, _ in extra)


def test_reason_command_writes_only_entailments_and_the_same_bytes_twice(tmp_path):
    out1, out2 = tmp_path / "a.ttl", tmp_path / "b.ttl"
    for out in (out1, out2):
        result = CliRunner().invoke(cli, ["reason", str(GRAPH), "-o", str(out)])
        assert result.exit_code == 0, result.output
    assert out1.read_bytes() == out2.read_bytes()
    written = Graph().parse(out1)
    asserted = load_graph([GRAPH], include_ontology=False)
    assert len(written) > 0 and not any(t in asserted for t in written)
    assert (LSCB, SG.chairedBy, CHAIR) in written


def test_reason_command_refuses_a_quad_format(tmp_path):
    result = CliRunner().invoke(cli, ["reason", str(GRAPH), "-o", str(tmp_path / "x.nq")])
    assert result.exit_code == 2
    assert "write entailments as .ttl, .nt or .jsonld" in result.output
