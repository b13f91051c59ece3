"""A real Oxigraph server for tests (pytest plugin: ``pytest_plugins = ["oxigraph_server"]``).

``oxigraph_server`` (session scope) starts ``oxigraph serve --location TMPDIR
--bind 127.0.0.1:PORT`` on a free port, waits until it answers and stops it at
the end. ``oxigraph`` (function scope) is the same server, emptied first.
The binary comes with the ``oxigraph`` package (``pip install -e '.[test]'``)
and is found next to the running Python.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest


def oxigraph_binary() -> str | None:
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.exists():
        return str(beside)
    return shutil.which("oxigraph")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class OxigraphServer:
    process: subprocess.Popen
    port: int
    location: str

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def store(self) -> str:
        """The Graph Store Protocol endpoint."""
        return self.base + "/store"

    @property
    def query(self) -> str:
        """The SPARQL query endpoint over the union of the graphs."""
        return self.base + "/query?union-default-graph"

    def update(self, text: str) -> None:
        req = urllib.request.Request(
            self.base + "/update",
            data=text.encode("utf-8"),
            method="POST",
            headers={"Content-Type": "application/sparql-update"},
        )
        with urllib.request.urlopen(req, timeout=10) as resp:
            resp.read()

    def ask(self, query: str, union: bool = True) -> dict:
        """Run a query; returns the parsed SPARQL JSON results."""
        import json

        url = self.query if union else self.base + "/query"
        req = urllib.request.Request(
            url,
            data=query.encode("utf-8"),
            method="POST",
            headers={
                "Content-Type": "application/sparql-query",
                "Accept": "application/sparql-results+json",
            },
        )
        with urllib.request.urlopen(req, timeout=10) as resp:
            return json.loads(resp.read())

    def count(self, graph: str | None = None) -> int:
        if graph is None:
            q = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
            doc = self.ask(q, union=False)
        else:
            q = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
            doc = self.ask(q, union=False)
        return int(doc["results"]["bindings"][0]["n"]["value"])

    def quad_count(self) -> int:
        doc = self.ask(
            "SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }",
            union=False,
        )
        return int(doc["results"]["bindings"][0]["n"]["value"])

    def dump(self, graph: str | None = None) -> bytes:
        """The N-Triples of one graph (GSP GET)."""
        import urllib.parse

        param = "default" if graph is None else "graph=" + urllib.parse.quote(graph, safe="")
        req = urllib.request.Request(
            f"{self.store}?{param}", headers={"Accept": "application/n-triples"}
        )
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.read()

    def clear(self) -> None:
        self.update("DROP SILENT ALL")


def _wait_until_up(server: OxigraphServer, deadline: float) -> None:
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"oxigraph exited with code {server.process.returncode}")
        try:
            server.ask("ASK { }", union=False)
            return
        except (urllib.error.URLError, ConnectionError, OSError):
            time.sleep(0.1)
    raise RuntimeError("oxigraph did not answer within 20 s")


def start_server(location: str) -> OxigraphServer:
    """Start a server on a free loopback port; the caller stops it with stop_server."""
    binary = oxigraph_binary()
    if binary is None:
        raise FileNotFoundError("oxigraph")
    last: Exception | None = None
    for _ in range(3):  # a port taken between free_port() and bind: try another
        port = free_port()
        process = subprocess.Popen(
            [binary, "serve", "--location", location, "--bind", f"127.0.0.1:{port}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        server = OxigraphServer(process, port, location)
        try:
            _wait_until_up(server, time.monotonic() + 20)
            return server
        except RuntimeError as exc:
            last = exc
            stop_server(server)
    raise RuntimeError(f"could not start oxigraph: {last}")


def stop_server(server: OxigraphServer) -> None:
    if server.process.poll() is None:
        server.process.terminate()
        try:
            server.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait(timeout=10)


@pytest.fixture(scope="session")
def oxigraph_server():
    if oxigraph_binary() is None:
        if os.environ.get("CI") or os.environ.get("KG_REQUIRE_SHARED"):
            pytest.fail("the oxigraph server binary is missing: pip install -e '.[test]'")
        pytest.skip("the oxigraph server binary is missing (pip install oxigraph)")
    location = tempfile.mkdtemp(prefix="kg-oxigraph-")
    server = start_server(location)
    try:
        yield server
    finally:
        stop_server(server)
        shutil.rmtree(location, ignore_errors=True)


@pytest.fixture
def oxigraph(oxigraph_server):
    """The session's Oxigraph server, emptied before the test."""
    oxigraph_server.clear()
    return oxigraph_server


# --------------------------------------------------------------------------- misbehaving servers


class _Recorder:
    def __init__(self):
        self.requests: list[dict] = []


def fake_http_server(status_for: callable):
    """A tiny HTTP server on 127.0.0.1 answering every request with ``status_for(n, request)``.

    ``status_for`` gets the request number (from 1) and a dict (method, path,
    headers, body) and returns (status, body bytes). Use as a context manager;
    yields (url base, recorder of the requests seen).
    """
    import contextlib
    import http.server
    import threading

    recorder = _Recorder()

    class Handler(http.server.BaseHTTPRequestHandler):
        def _any(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            req = {
                "method": self.command,
                "path": self.path,
                "headers": dict(self.headers),
                "body": body,
            }
            recorder.requests.append(req)
            status, payload = status_for(len(recorder.requests), req)
            self.send_response(status)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_POST = do_PUT = do_DELETE = _any

        def log_message(self, *args):
            pass

    @contextlib.contextmanager
    def run():
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}", recorder
        finally:
            server.shutdown()
            server.server_close()
            thread.join(timeout=5)

    return run()


def silent_server():
    """A socket on 127.0.0.1 that accepts connections and never answers (context manager)."""
    import contextlib
    import threading

    @contextlib.contextmanager
    def run():
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        listener.settimeout(0.1)
        held: list[socket.socket] = []
        stop = threading.Event()

        def accept():
            while not stop.is_set():
                try:
                    conn, _ = listener.accept()
                    held.append(conn)  # keep it open, read nothing, say nothing
                except (TimeoutError, OSError):
                    continue

        thread = threading.Thread(target=accept, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{listener.getsockname()[1]}"
        finally:
            stop.set()
            thread.join(timeout=5)
            for conn in held:
                conn.close()
            listener.close()

    return run()


def closed_port() -> int:
    """A loopback port with nothing listening on it."""
    return free_port()


# --------------------------------------------------------------------------- named queries


def named_queries() -> list:
    """The named queries (queries/*.rq), sorted."""
    from kg.resources import QUERIES_DIR

    return sorted(QUERIES_DIR.glob("*.rq"))


def _parameters(text: str) -> list[tuple[str, str]]:
    import re

    for line in text.splitlines():
        if line.startswith("# Parameters:"):
            return re.findall(r"\?(\w+) \(([^)]*)\)", line)
    return []


def sample_bindings(graph, query_text: str) -> list[dict]:
    """Binding sets to try a named query with, chosen from ``graph`` (an rdflib Graph
    holding the data and the ontology): required parameters always bound, optional
    ones tried unbound and bound."""
    import re

    from rdflib import URIRef

    from kg.namespaces import SG

    required: dict = {}
    optional: dict = {}
    for var, desc in _parameters(query_text):
        value = None
        if "xsd:date" in desc or desc.startswith("literal"):
            values = sorted(graph.objects(None, SG[var]), key=str)
            value = values[0] if values else None
        else:
            classes = re.findall(r"sg:(\w+)", desc)
            if classes:
                rows = graph.query(
                    "SELECT DISTINCT ?x WHERE { ?x a/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* ?c "
                    "VALUES ?c { " + " ".join(f"<{SG[c]}>" for c in classes) + " } }"
                )
            else:
                rows = graph.query(f"SELECT DISTINCT ?x WHERE {{ ?x <{SG.council}> ?c }}")
            candidates = [r[0] for r in rows if isinstance(r[0], URIRef)]
            # the best-connected candidate, so the query has something to find
            degree = {
                c: len(list(graph.triples((c, None, None))))
                + len(list(graph.triples((None, None, c))))
                for c in candidates
            }
            ranked = sorted(candidates, key=lambda c: (-degree[c], str(c)))
            value = ranked[0] if ranked else None
        if value is None:
            continue
        (optional if "optional" in desc else required)[var] = value
    cases = [dict(required)]
    if optional:
        cases.append({**required, **optional})
    return cases


def sorted_rows(rows) -> list:
    return sorted(tuple("" if t is None else t.n3() for t in row) for row in rows)
