"""kg push: the Graph Store Protocol against a real Oxigraph server, and failures that
must be one clear line and a non-zero exit within the timeout."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SEED_TEXT, needs_shared
from oxigraph_server import closed_port, fake_http_server, silent_server
from rdflib import Graph

from kg import export as E
from kg.cli import cli
from kg.resources import ontology_files

pytest_plugins = ["oxigraph_server"]

INTEROP = Path(__file__).parent / "data" / "interop"
REDBRIDGE = str(INTEROP / "redbridge-2016.ttl")
HAVERING = str(INTEROP / "havering-2018.ttl")
INPUTS = [REDBRIDGE, HAVERING]
PASSWORD = "pa55-Word!never-shown"


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def local(paths, with_ontology=True):
    gs = E.read_files(paths)
    if with_ontology and ontology_files():
        E.merge_into(gs, E.ontology_graph_set())
    return gs


def graph_of(nt: bytes) -> Graph:
    return Graph().parse(data=nt, format="nt")


def error_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.strip()]


# --------------------------------------------------------------------------- a real server


def test_push_default_graph_count_and_dump_equal_the_local_graph(oxigraph):
    result = run("push", *INPUTS, "--endpoint", oxigraph.store)
    assert result.exit_code == 0, result.output
    merged = E.merged(local(INPUTS))
    assert oxigraph.count() == len(merged)
    dump = graph_of(oxigraph.dump())
    assert E.isomorphic_sets({None: set(dump)}, {None: merged})
    assert f"to {oxigraph.store} (POST)" in result.stdout


def test_push_per_report_puts_each_report_in_its_own_graph(oxigraph):
    result = run("push", *INPUTS, "--endpoint", oxigraph.store, "--per-report", "--replace")
    assert result.exit_code == 0, result.output
    gs = local(INPUTS)
    for name, triples in gs.items():
        assert oxigraph.count(str(name)) == len(triples)
        assert E.isomorphic_sets({name: set(graph_of(oxigraph.dump(str(name))))}, {name: triples})
    assert oxigraph.quad_count() == E.triple_count(gs)


def test_push_again_with_replace_leaves_the_count_unchanged(oxigraph):
    for flags in (["--per-report"], []):
        oxigraph.clear()
        assert (
            run("push", *INPUTS, "--endpoint", oxigraph.store, "--replace", *flags).exit_code == 0
        )
        before = oxigraph.quad_count()
        assert (
            run("push", *INPUTS, "--endpoint", oxigraph.store, "--replace", *flags).exit_code == 0
        )
        assert oxigraph.quad_count() == before > 0


def test_push_replace_removes_what_is_no_longer_in_the_graph(oxigraph):
    target = "https://example.org/graph/national"
    assert run("push", *INPUTS, "--endpoint", oxigraph.store, "--graph", target).exit_code == 0
    assert (
        run(
            "push",
            HAVERING,
            "--endpoint",
            oxigraph.store,
            "--graph",
            target,
            "--replace",
            "--without-ontology",
        ).exit_code
        == 0
    )
    assert oxigraph.count(target) == len(E.merged(E.read_files([HAVERING])))


def test_push_without_replace_adds_to_a_graph(oxigraph):
    target = "https://example.org/graph/national"
    for path in INPUTS:
        result = run(
            "push", path, "--endpoint", oxigraph.store, "--graph", target, "--without-ontology"
        )
        assert result.exit_code == 0
    assert oxigraph.count(target) == len(E.merged(E.read_files(INPUTS)))


@needs_shared()
def test_push_the_seed_report_graph(oxigraph, tmp_path):
    pipeline = pytest.importorskip("kg.pipeline")
    if not hasattr(pipeline, "build_graph"):
        pytest.skip("kg.pipeline.build_graph is not there yet")
    seed = tmp_path / "redbridge-2016.ttl"
    pipeline.build_graph(str(SEED_TEXT)).serialize(seed, format="turtle")
    result = run("push", seed, "--endpoint", oxigraph.store, "--per-report", "--replace")
    assert result.exit_code == 0, result.output
    gs = local([str(seed)])
    assert oxigraph.quad_count() == E.triple_count(gs)
    for name, triples in gs.items():
        assert E.isomorphic_sets({name: set(graph_of(oxigraph.dump(str(name))))}, {name: triples})
    assert (
        run("push", seed, "--endpoint", oxigraph.store, "--per-report", "--replace").exit_code == 0
    )
    assert oxigraph.quad_count() == E.triple_count(gs)


# --------------------------------------------------------------------------- failures


def test_push_to_a_wrong_port_is_one_line_and_exit_1():
    url = f"http://127.0.0.1:{closed_port()}/store"
    started = time.monotonic()
    result = run("push", REDBRIDGE, "--endpoint", url, "--retries", "2", "--timeout", "2")
    assert time.monotonic() - started < 10
    assert result.exit_code == 1
    lines = error_lines(result)
    assert lines[0] == f"kg: error: {url} (default graph): connection refused after 3 attempts"
    assert lines[1].startswith("kg: accepted 0 of 1 graph(s)")
    assert "Traceback" not in result.output and result.stdout == ""


def test_push_to_a_server_answering_500_retries_then_fails_with_one_line():
    with fake_http_server(lambda n, req: (500, b"boom")) as (base, seen):
        started = time.monotonic()
        result = run("push", REDBRIDGE, "--endpoint", base + "/store", "--retries", "2")
        assert time.monotonic() - started < 10
    assert result.exit_code == 1
    assert len(seen.requests) == 3  # one try and two retries
    line = error_lines(result)[0]
    assert "HTTP 500" in line and base in line and "default graph" in line and "3 attempts" in line
    assert result.stdout == ""


def test_push_recovers_when_a_5xx_is_followed_by_success():
    answers = {1: 503, 2: 204}
    with fake_http_server(lambda n, req: (answers.get(n, 204), b"")) as (base, seen):
        result = run("push", REDBRIDGE, "--endpoint", base + "/store", "--retries", "2")
    assert result.exit_code == 0, result.output
    assert len(seen.requests) == 2


def test_push_to_a_silent_server_times_out_within_the_timeout():
    with silent_server() as base:
        started = time.monotonic()
        result = run(
            "push", *INPUTS, "--endpoint", base + "/store", "--per-report", "--timeout", "1"
        )
        elapsed = time.monotonic() - started
    assert elapsed < 5
    assert result.exit_code == 1
    lines = error_lines(result)
    assert "no answer within 1 s (timeout)" in lines[0] and base in lines[0]
    assert "not attempted" in lines[-1]  # the rest is not pushed, and not called a success
    assert result.stdout == ""


def test_push_4xx_is_not_retried_and_names_the_graph():
    with fake_http_server(lambda n, req: (400, b"bad N-Triples\nat line 3")) as (base, seen):
        result = run(
            "push", REDBRIDGE, "--endpoint", base + "/store", "--graph", "https://ex.org/g"
        )
    assert result.exit_code == 1
    assert len(seen.requests) == 1
    line = error_lines(result)[0]
    assert "graph <https://ex.org/g>" in line and "rejected, HTTP 400" in line
    assert "bad N-Triples at line 3" in line


def test_push_partial_failure_summarises_what_was_accepted():
    def answer(n, req):
        return (413, b"too large") if "E09000016" in req["path"] else (201, b"")

    with fake_http_server(answer) as (base, _):
        result = run(
            "push", *INPUTS, "--endpoint", base + "/store", "--per-report", "--without-ontology"
        )
    assert result.exit_code == 1
    lines = error_lines(result)
    assert len(lines) == 2
    assert "HTTP 413" in lines[0] and "E09000016" in lines[0]
    assert lines[1].startswith("kg: accepted 1 of 2 graph(s)") and "E09000026" in lines[1]


def test_push_uses_put_for_replace_and_post_otherwise():
    with fake_http_server(lambda n, req: (204, b"")) as (base, seen):
        assert run("push", REDBRIDGE, "--endpoint", base + "/store", "--replace").exit_code == 0
        assert (
            run("push", REDBRIDGE, "--endpoint", base + "/store?x=1", "--per-report").exit_code == 0
        )
    put, post = seen.requests[0], seen.requests[-1]
    assert put["method"] == "PUT" and put["path"] == "/store?default"
    assert post["method"] == "POST" and post["path"].startswith("/store?x=1&graph=https%3A%2F%2F")
    assert put["headers"]["Content-Type"].startswith("application/n-triples")


# --------------------------------------------------------------------------- credentials


def test_push_sends_basic_credentials_from_the_environment_and_never_shows_them(monkeypatch):
    monkeypatch.setenv("KG_ENDPOINT_USER", "kg")
    monkeypatch.setenv("KG_ENDPOINT_PASSWORD", PASSWORD)

    def echo(n, req):  # a server that repeats the password back in its error
        return (
            401,
            f"bad credentials for kg:{PASSWORD} ({req['headers'].get('Authorization')})".encode(),
        )

    with fake_http_server(echo) as (base, seen):
        result = run("push", REDBRIDGE, "--endpoint", base + "/store")
    assert seen.requests[0]["headers"]["Authorization"].startswith("Basic ")
    assert result.exit_code == 1
    assert "HTTP 401" in result.output
    assert PASSWORD not in result.output


def test_push_sends_a_bearer_token_from_the_environment(monkeypatch):
    monkeypatch.setenv("KG_ENDPOINT_TOKEN", "tok-123")
    with fake_http_server(lambda n, req: (204, b"")) as (base, seen):
        assert run("push", REDBRIDGE, "--endpoint", base + "/store").exit_code == 0
    assert seen.requests[0]["headers"]["Authorization"] == "Bearer tok-123"


def test_push_refuses_credentials_in_the_url_without_echoing_them():
    result = run("push", REDBRIDGE, "--endpoint", f"http://kg:{PASSWORD}@127.0.0.1:1/store")
    assert result.exit_code == 2
    assert "must not contain credentials" in result.output
    assert PASSWORD not in result.output


def test_push_has_no_option_for_a_password():
    result = run("push", "--help")
    assert "password" not in result.output.lower().replace("kg_endpoint_password", "")


# --------------------------------------------------------------------------- usage


@pytest.mark.parametrize(
    "args, message",
    [
        (["--per-report", "--graph", "https://ex.org/g"], "either --per-report or --graph"),
        (["--graph", "not an iri"], "absolute IRI"),
        (["--graph", "https://ex.org/a b"], "not a valid IRI"),
    ],
)
def test_push_usage_errors_exit_2(args, message):
    result = run("push", REDBRIDGE, "--endpoint", "http://127.0.0.1:1/store", *args)
    assert result.exit_code == 2
    assert message in result.output


def test_push_endpoint_must_be_http():
    result = run("push", REDBRIDGE, "--endpoint", "ftp://example.org/store")
    assert result.exit_code == 2
    assert "not an http(s) endpoint URL" in result.output
