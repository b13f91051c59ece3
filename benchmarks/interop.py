"""Measure loading and querying a ~5k-triple graph three ways, in one run:

- in memory: rdflib parses the Turtle files (plus the ontology) and runs the named queries;
- store: kg.store loads the same graphs into an on-disk pyoxigraph store and runs them;
- endpoint: kg push sends them to a local ``oxigraph serve`` (Graph Store Protocol)
  and kg.endpoint.select runs them over HTTP.

The graph is the seed report built by the pipeline when it can be built, else the
hand-written interop graphs (tests/data/interop) copied under several councils' codes.
Prints a table with each time as a ratio of the in-memory time.

Usage: .venv/bin/python benchmarks/interop.py [--target 5000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the test server helpers

from oxigraph_server import (  # noqa: E402 - after the sys.path entry above
    named_queries,
    sample_bindings,
    start_server,
    stop_server,
)

from kg import endpoint, store  # noqa: E402
from kg import export as E  # noqa: E402
from kg.query.graphs import load_graph  # noqa: E402

INTEROP = ROOT / "tests" / "data" / "interop"


def make_inputs(directory: Path, target: int) -> tuple[list[str], str]:
    """Turtle files of about ``target`` triples, one report each."""
    try:
        from conftest import SEED_TEXT

        from kg.pipeline import build_graph

        seed = build_graph(str(SEED_TEXT))
        path = directory / "seed.ttl"
        seed.serialize(path, format="turtle")
        if target <= 0 or len(seed) >= target // 2:
            return [str(path)], f"seed report built by the pipeline ({len(seed)} triples)"
    except Exception as exc:  # noqa: BLE001 - no pipeline yet, or ../shared missing
        print(f"(seed report not built: {type(exc).__name__}: {exc})", file=sys.stderr)
    sources = sorted(INTEROP.glob("*.ttl"))
    texts = [p.read_text() for p in sources]
    files, total, copy = [], 0, 0
    while total < target:
        for text in texts:
            code = f"E0{8000000 + copy:07d}"
            swapped = re.sub(r"id/E0\d{7}", "id/" + code, text)
            path = directory / f"copy-{copy:02d}-{len(files)}.ttl"
            path.write_text(swapped)
            files.append(str(path))
            total += len(E.merged(E.read_file(str(path))))
        copy += 1
    return files, f"interop graphs copied {copy} times ({total} triples)"


def timed(fn, repeat: int = 1) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--target",
        type=int,
        default=5000,
        help="about this many triples (the seed report is used when it has at least half; 0: always the seed)",
    )
    parser.add_argument("--repeat", type=int, default=3, help="store/endpoint runs (median)")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    server = start_server(str(work / "server"))
    try:
        files, what = make_inputs(work, args.target)
        gs = E.read_files(files)
        E.merge_into(gs, E.ontology_graph_set())

        t_mem_load, graph = timed(lambda: load_graph(files))
        t_store_load, _ = timed(lambda: store.load(str(work / "store-a"), E.read_files(files)))
        turtle = [(str(next(iter(E.read_file(f)))), Path(f).read_text()) for f in files]
        t_store_fast, _ = timed(lambda: store.load_turtle_reports(str(work / "store-b"), turtle))
        per_report = E.read_files(files)
        per_report[E.ONTOLOGY_GRAPH] = gs[E.ONTOLOGY_GRAPH]
        t_push, result = timed(
            lambda: endpoint.push(server.store, per_report, per_report=True, replace=True)
        )
        assert result.ok, result.failed
        t_push_default, result = timed(lambda: endpoint.push(server.store, gs, replace=True))
        assert result.ok, result.failed

        queries = []
        for path in named_queries():
            text = path.read_text()
            for bindings in sample_bindings(graph, text):
                queries.append((path.stem, text, bindings))

        def run_all(select):
            return [select(text, bindings) for _, text, bindings in queries]

        def mem(text, bindings):
            r = graph.query(text, initBindings=bindings)
            return [tuple(row) for row in r]

        store_dir = str(work / "store-b")
        t_q_mem, _ = timed(lambda: run_all(mem), 1)  # slow: once
        t_q_store, _ = timed(
            lambda: run_all(lambda t, b: store.select(store_dir, t, b)), args.repeat
        )
        plain = server.base + "/query"  # the default graph holds the merged push
        t_q_remote, _ = timed(
            lambda: run_all(lambda t, b: endpoint.select(plain, t, b)), args.repeat
        )
        n = len(queries)

        rows = [
            ("load: rdflib parse Turtle into memory (baseline)", t_mem_load, t_mem_load),
            ("load: kg.store.load (rdflib parse + pyoxigraph)", t_store_load, t_mem_load),
            ("load: kg.store.load_turtle_reports (pyoxigraph parse)", t_store_fast, t_mem_load),
            ("push: per report, PUT (GSP; graphs already parsed)", t_push, t_mem_load),
            ("push: merged default graph, PUT (GSP; already parsed)", t_push_default, t_mem_load),
            (f"query: {n} named-query runs, rdflib in memory (baseline)", t_q_mem, t_q_mem),
            (f"query: {n} named-query runs, kg.store.select", t_q_store, t_q_mem),
            (f"query: {n} named-query runs, kg.endpoint.select (HTTP)", t_q_remote, t_q_mem),
        ]
        print(
            f"graph: {what}; {E.triple_count(gs)} quads with the ontology, {len(files)} report graph(s)"
        )
        print(f"{'what':60} {'seconds':>9} {'ratio':>7}")
        for label, seconds, base in rows:
            print(f"{label:60} {seconds:9.3f} {seconds / base:7.2f}")
        print(
            f"per query (mean): rdflib {1000 * t_q_mem / n:.1f} ms, store {1000 * t_q_store / n:.2f} ms, "
            f"endpoint {1000 * t_q_remote / n:.2f} ms"
        )
    finally:
        stop_server(server)
        for key in list(store._OPEN):
            if key.startswith(str(work)):
                store.close(key)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
