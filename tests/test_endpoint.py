"""kg.endpoint.select: remote SPARQL SELECT on a real Oxigraph server, bindings as VALUES."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from conftest import SEED_TEXT, needs_shared
from oxigraph_server import (
    closed_port,
    fake_http_server,
    named_queries,
    sample_bindings,
    silent_server,
    sorted_rows,
)
from rdflib import BNode, Literal, URIRef

from kg import endpoint as EP
from kg import export as E
from kg import store
from kg.errors import InputError
from kg.namespaces import ID, ONTOLOGY_GRAPH
from kg.query.graphs import load_graph
from kg.resources import ontology_files

pytest_plugins = ["oxigraph_server"]

INTEROP = Path(__file__).parent / "data" / "interop"
INPUTS = [str(INTEROP / "redbridge-2016.ttl"), str(INTEROP / "havering-2018.ttl")]
REDBRIDGE = ID["E09000026"]
ENTITIES = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX sg: <https://w3id.org/safeguarding-kg/ontology#>
SELECT ?e ?label ?unbound WHERE { ?e sg:council ?council ; rdfs:label ?label } ORDER BY ?label ?e"""


def _dataset():
    gs = E.read_files(INPUTS)
    if ontology_files():
        E.merge_into(gs, E.ontology_graph_set())
    return gs


@pytest.fixture(scope="module")
def local_store(tmp_path_factory):
    directory = str(tmp_path_factory.mktemp("store") / "kg")
    store.load(directory, E.read_files(INPUTS))
    return directory


@pytest.fixture
def loaded(oxigraph, local_store):
    """The interop graphs on the server (one named graph each) and in a local store."""
    result = EP.push(oxigraph.store, _dataset(), per_report=True, replace=True)
    assert result.ok, result.failed
    return oxigraph, local_store


@pytest.fixture(scope="module")
def memory():
    return load_graph(INPUTS)


def rdflib_select(graph, query, bindings):
    result = graph.query(query, initBindings=bindings)
    return [str(v) for v in result.vars], [tuple(r) for r in result]


# --------------------------------------------------------------------------- VALUES


def test_with_values_puts_escaped_terms_at_the_top_of_the_where_group():
    query = 'SELECT ?x WHERE { ?x <http://p> "{" } # } {'
    out = EP.with_values(query, {"x": URIRef("http://example.org/a"), "y": Literal("b")})
    assert out.startswith('SELECT ?x WHERE {\n  VALUES (?x ?y) { (<http://example.org/a> "b") }\n')


def test_with_values_skips_braces_in_comments_strings_and_iris():
    query = "# a { comment\nPREFIX ex: <http://ex/a#>\nSELECT (\"{\" AS ?b) ('''x{''' AS ?c) { ?s ?p ?o }"
    out = EP.with_values(query, {"s": URIRef("http://ex/s")})
    assert out.index("VALUES") > out.index("AS ?c) {")


def test_with_values_makes_a_hostile_value_a_harmless_literal():
    out = EP.with_values(ENTITIES, {"label": Literal('x" } ; DROP ALL ; #')})
    assert '("x\\" } ; DROP ALL ; #")' in out


@pytest.mark.parametrize(
    "bindings",
    [
        {"x": BNode()},
        {"x": URIRef("http://ex/a> } ; DROP ALL ; <b")},
        {"x } DROP ALL": Literal("a")},
    ],
)
def test_with_values_rejects_what_cannot_be_a_term(bindings):
    with pytest.raises(InputError):
        EP.with_values(ENTITIES, bindings)


def test_with_values_rejects_plain_strings():
    with pytest.raises(TypeError):
        EP.with_values(ENTITIES, {"x": "http://ex/a"})


# --------------------------------------------------------------------------- remote select


def test_endpoint_select_matches_store_and_rdflib(loaded, memory):
    server, directory = loaded
    for bindings in ({}, {"council": REDBRIDGE}):
        remote = EP.select(server.query, ENTITIES, bindings, timeout=10)
        local = store.select(directory, ENTITIES, bindings)
        want = rdflib_select(memory, ENTITIES, bindings)
        assert remote == local == want


@pytest.mark.parametrize("path", named_queries(), ids=lambda p: p.stem)
def test_endpoint_select_matches_store_and_rdflib_for_every_named_query(loaded, memory, path):
    """Per-report graphs on an Oxigraph server queried with ?union-default-graph:
    a triple in two reports' graphs comes back twice, so compare distinct rows."""
    server, directory = loaded
    text = path.read_text()
    for bindings in sample_bindings(memory, text):
        names, remote = EP.select(server.query, text, bindings, timeout=10)
        local_names, local = store.select(directory, text, bindings)
        want_names, want = rdflib_select(memory, text, bindings)
        assert names == local_names == want_names
        assert sorted(set(sorted_rows(remote))) == sorted(set(sorted_rows(want))), path.name
        assert sorted_rows(local) == sorted_rows(want), path.name


def test_endpoint_select_on_a_merged_default_graph_has_rdflib_multiplicities(oxigraph, memory):
    """Pushed merged into the default graph and queried without union: exact rdflib rows."""
    assert EP.push(oxigraph.store, _dataset(), replace=True).ok
    plain = oxigraph.base + "/query"
    for path in named_queries():
        text = path.read_text()
        for bindings in sample_bindings(memory, text):
            assert sorted_rows(EP.select(plain, text, bindings, timeout=10)[1]) == sorted_rows(
                rdflib_select(memory, text, bindings)[1]
            ), path.name


def test_endpoint_select_hostile_value_changes_nothing(oxigraph):
    assert EP.push(oxigraph.store, E.read_files(INPUTS[1:]), replace=True).ok
    before = oxigraph.quad_count()
    _, rows = EP.select(oxigraph.query, ENTITIES, {"label": Literal('x" } ; DROP ALL ; #')})
    assert rows == []
    assert oxigraph.quad_count() == before > 0


def test_endpoint_select_refused_is_one_clear_line():
    url = f"http://127.0.0.1:{closed_port()}/query"
    with pytest.raises(EP.EndpointError) as info:
        EP.select(url, ENTITIES, {}, timeout=2, retries=1)
    message = str(info.value)
    assert url in message and "connection refused" in message and "\n" not in message
    assert info.value.exit_code == 1


def test_endpoint_select_silent_server_times_out_within_the_timeout():
    with silent_server() as base:
        started = time.monotonic()
        with pytest.raises(EP.EndpointError, match="timeout"):
            EP.select(base + "/query", ENTITIES, {}, timeout=1)
        assert time.monotonic() - started < 5


def test_endpoint_select_non_json_answer_is_an_error():
    html = fake_http_server(lambda n, req: (200, b"<html>not results</html>"))
    with html as (base, _), pytest.raises(EP.EndpointError, match="not SPARQL JSON results"):
        EP.select(base + "/query", ENTITIES, {}, timeout=5)


def test_endpoint_select_sends_the_bearer_token_from_the_environment(monkeypatch):
    monkeypatch.setenv("KG_ENDPOINT_TOKEN", "s3cret-token")
    empty = b'{"head": {"vars": ["e"]}, "results": {"bindings": []}}'
    with fake_http_server(lambda n, req: (200, empty)) as (base, seen):
        assert EP.select(base + "/query", ENTITIES, {}, timeout=5) == (["e"], [])
    assert seen.requests[0]["headers"]["Authorization"] == "Bearer s3cret-token"


def test_endpoint_graph_names_on_the_server_are_the_report_iris(loaded):
    server, _ = loaded
    doc = server.ask("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", union=False)
    names = {b["g"]["value"] for b in doc["results"]["bindings"]}
    expected = {str(n) for n in E.read_files(INPUTS)}
    if ontology_files():
        expected.add(str(ONTOLOGY_GRAPH))
    assert names == expected


@needs_shared()
def test_endpoint_gives_the_seed_graph_the_same_answers_as_the_store(oxigraph, tmp_path):
    """Every named query on the seed graph: the same rows from --endpoint as from --store
    (whose agreement with rdflib is tested in test_store.py)."""
    pipeline = pytest.importorskip("kg.pipeline")
    if not hasattr(pipeline, "build_graph"):
        pytest.skip("kg.pipeline.build_graph is not there yet")
    seed = pipeline.build_graph(str(SEED_TEXT))
    gs = E.graph_set(seed)
    if ontology_files():
        E.merge_into(gs, E.ontology_graph_set())
    assert EP.push(oxigraph.store, gs, replace=True).ok  # merged into the default graph
    directory = str(tmp_path / "kg")
    store.load(directory, seed)
    memory = store.rdflib_graph(directory)
    plain = oxigraph.base + "/query"
    for path in named_queries():
        text = path.read_text()
        for bindings in sample_bindings(memory, text):
            remote = EP.select(plain, text, bindings, timeout=20)
            local = store.select(directory, text, bindings)
            assert remote[0] == local[0], path.name
            assert sorted_rows(remote[1]) == sorted_rows(local[1]), (path.name, bindings)
