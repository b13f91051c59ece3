"""kg.store: the embedded pyoxigraph store gives the same answers as rdflib in memory."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import SEED_TEXT, needs_shared
from oxigraph_server import named_queries, sample_bindings, sorted_rows
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from kg import export as E
from kg import store
from kg.errors import InputError
from kg.namespaces import ID, ONTOLOGY_GRAPH
from kg.query.graphs import load_graph

INTEROP = Path(__file__).parent / "data" / "interop"
INPUTS = [str(INTEROP / "redbridge-2016.ttl"), str(INTEROP / "havering-2018.ttl")]
REDBRIDGE = ID["E09000026"]
LABELS = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX sg: <https://w3id.org/safeguarding-kg/ontology#>
SELECT ?council ?name WHERE { ?council a sg:LocalAuthority ; rdfs:label ?name } ORDER BY ?name"""
ENTITIES = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX sg: <https://w3id.org/safeguarding-kg/ontology#>
SELECT ?e ?label ?unbound WHERE { ?e sg:council ?council ; rdfs:label ?label } ORDER BY ?label ?e"""


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    directory = str(tmp_path_factory.mktemp("store") / "kg")
    store.load(directory, E.read_files(INPUTS))
    return directory


@pytest.fixture(scope="module")
def memory():
    return load_graph(INPUTS)


def rdflib_select(graph: Graph, query: str, bindings: dict) -> tuple[list[str], list]:
    result = graph.query(query, initBindings=bindings)
    return [str(v) for v in result.vars], [tuple(r) for r in result]


def test_store_load_keeps_one_named_graph_per_report_and_the_ontology(loaded):
    names = set(store.graph_names(loaded))
    assert str(ID["E09000026/inspection/2016-09-12/report"]) in names
    assert str(ID["E09000016/inspection/2018-06-25/report"]) in names
    assert str(ONTOLOGY_GRAPH) in names


def test_store_count_is_the_number_of_distinct_triples(loaded, memory):
    assert store.count(loaded) == len(memory)


def test_store_load_again_replaces_instead_of_adding(tmp_path):
    directory = str(tmp_path / "kg")
    gs = E.read_files(INPUTS)
    first = store.load(directory, gs)
    before = store.count(directory)
    assert store.load(directory, gs) == first
    assert store.count(directory) == before


def test_store_load_a_plain_graph_goes_to_its_report_graph(tmp_path):
    directory = str(tmp_path / "kg")
    g = Graph().parse(INPUTS[1])
    assert store.load(directory, g, with_ontology=False) == len(g)
    assert store.graph_names(directory) == [str(ID["E09000016/inspection/2018-06-25/report"])]


def test_store_select_has_no_duplicate_rows_for_triples_in_two_reports(loaded, memory):
    # Havering's name is in both reports' graphs (as Redbridge's statistical neighbour)
    names, rows = store.select(loaded, LABELS, {})
    assert names == ["council", "name"]
    assert sorted_rows(rows) == sorted_rows(rdflib_select(memory, LABELS, {})[1])
    assert len(rows) == len(set(rows))


def test_store_select_returns_rdflib_terms_and_none_for_unbound(loaded):
    names, rows = store.select(loaded, ENTITIES, {"council": REDBRIDGE})
    assert names == ["e", "label", "unbound"]
    assert rows and all(isinstance(r[0], URIRef) and isinstance(r[1], Literal) for r in rows)
    assert all(r[2] is None for r in rows)
    assert rows[0][1].datatype is None  # plain strings as rdflib gives them


@pytest.mark.parametrize("bindings", [{}, {"council": REDBRIDGE}, {"?council": REDBRIDGE}])
def test_store_select_matches_rdflib(loaded, memory, bindings):
    plain = {k.lstrip("?"): v for k, v in bindings.items()}
    got = store.select(loaded, ENTITIES, bindings)
    want = rdflib_select(memory, ENTITIES, plain)
    assert got[0] == want[0]
    assert got[1] == want[1]  # ORDER BY: same order too


@pytest.mark.parametrize("path", named_queries(), ids=lambda p: p.stem)
def test_store_select_matches_rdflib_for_every_named_query(loaded, memory, path):
    text = path.read_text()
    for bindings in sample_bindings(memory, text):
        got_names, got = store.select(loaded, text, bindings)
        want_names, want = rdflib_select(memory, text, bindings)
        assert got_names == want_names
        assert sorted_rows(got) == sorted_rows(want), (path.name, bindings)


def test_store_select_binding_is_a_value_never_query_text(loaded):
    before = store.count(loaded)
    hostile = Literal('x" } ; DROP ALL ; #')
    assert store.select(loaded, LABELS, {"name": hostile})[1] == []
    assert store.count(loaded) == before


def test_store_select_rejects_blank_nodes_and_bad_variable_names(loaded):
    with pytest.raises(InputError, match="blank node"):
        store.select(loaded, LABELS, {"council": BNode()})
    with pytest.raises(InputError, match="variable name"):
        store.select(loaded, LABELS, {"council } DROP ALL": REDBRIDGE})


def test_store_select_syntax_error_is_an_input_error(loaded):
    with pytest.raises(InputError, match="syntax"):
        store.select(loaded, "SELECT ?x WHERE { ?x", {})


def test_store_select_without_a_store_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no store"):
        store.select(str(tmp_path / "absent"), LABELS, {})
    assert not (tmp_path / "absent").exists()


RDFLIB_IN_BUG = re.compile(r"\bIN\s*\([^)]*\?")


def rdflib_in_bug(query: str) -> bool:
    """rdflib evaluates ``?x IN (?unbound, <a>)`` as false even when ?x is <a>
    (the spec: ``?x = ?unbound || ?x = <a>``, true); queries that put a variable in
    an IN list may legitimately differ from the store there."""
    return bool(RDFLIB_IN_BUG.search(query))


@pytest.fixture(scope="module")
def seed_graphs(tmp_path_factory):
    pipeline = pytest.importorskip("kg.pipeline")
    if not hasattr(pipeline, "build_graph"):
        pytest.skip("kg.pipeline.build_graph is not there yet")
    seed = pipeline.build_graph(str(SEED_TEXT))
    tmp = tmp_path_factory.mktemp("seed")
    seed_file = tmp / "seed.ttl"
    seed.serialize(seed_file, format="turtle")
    directory = str(tmp / "kg")
    store.load(directory, seed)
    return load_graph([str(seed_file)]), directory


@needs_shared()
def test_store_holds_the_seed_graph_triple_for_triple(seed_graphs):
    memory, directory = seed_graphs
    assert store.count(directory) == len(memory)
    assert isomorphic(store.rdflib_graph(directory), memory)


@needs_shared()
@pytest.mark.parametrize("path", named_queries(), ids=lambda p: p.stem)
def test_store_gives_the_seed_graph_the_same_answers_as_rdflib(seed_graphs, path):
    memory, directory = seed_graphs
    text = path.read_text()
    for bindings in sample_bindings(memory, text):
        got = store.select(directory, text, bindings)
        want = rdflib_select(memory, text, bindings)
        assert got[0] == want[0], path.name
        if sorted_rows(got[1]) != sorted_rows(want[1]) and rdflib_in_bug(text):
            pytest.xfail(f"{path.name}: rdflib's IN with an unbound variable (see rdflib_in_bug)")
        assert sorted_rows(got[1]) == sorted_rows(want[1]), (path.name, bindings)


def test_store_load_turtle_reports_matches_load(tmp_path, loaded):
    directory = str(tmp_path / "kg")
    reports = []
    for path in INPUTS:
        (name,) = E.read_file(path)
        reports.append((str(name), Path(path).read_text()))
    store.load_turtle_reports(directory, reports)
    store.load_turtle_reports(directory, reports)  # again: replaces, does not add
    assert store.count(directory) == store.count(loaded)
    assert store.graph_names(directory) == store.graph_names(loaded)
    assert store.select(directory, LABELS, {}) == store.select(loaded, LABELS, {})


def test_store_load_turtle_reports_bad_turtle_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="not valid Turtle"):
        store.load_turtle_reports(str(tmp_path / "kg"), [("https://ex.org/r", "<a> <b> .")])


def test_store_load_turtle_reports_takes_ntriples_as_fast_as_given(tmp_path, loaded):
    from kg.batch import ntriples

    directory = str(tmp_path / "kg")
    reports = []
    for path in INPUTS:
        (name,) = E.read_file(path)
        g = Graph().parse(path)
        reports.append((str(name), ntriples(g), "nt"))
    store.load_turtle_reports(directory, reports)
    store.load_turtle_reports(directory, reports)  # again: replaces, does not add
    assert store.count(directory) == store.count(loaded)
    assert store.graph_names(directory) == store.graph_names(loaded)
    assert store.select(directory, LABELS, {}) == store.select(loaded, LABELS, {})


def test_store_load_turtle_reports_bad_ntriples_leave_the_store_as_it_was(tmp_path):
    directory = str(tmp_path / "kg")
    good = "<https://ex.org/a> <https://ex.org/b> <https://ex.org/c> .\n"
    store.load_turtle_reports(directory, [("https://ex.org/r", good, "nt")], with_ontology=False)
    with pytest.raises(InputError, match="not valid N-Triples"):
        store.load_turtle_reports(
            directory,
            [("https://ex.org/r", "<https://ex.org/a> <b> .\n", "nt")],
            with_ontology=False,
        )
    assert store.count(directory) == 1
    assert store.graph_names(directory) == ["https://ex.org/r"]
