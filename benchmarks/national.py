"""Benchmark the national build: every corpus PDF into one graph, then queries on it.

Measured in one run, each figure beside a baseline measured in the same run:

1. national build: ``kg build CORPUS/*.pdf -o OUT.trig --store STORE --jobs N
   --keep-going`` as a subprocess: wall time and peak memory (the resident set
   of all its processes together, sampled from /proc, and the largest single
   process from getrusage). Baseline: PDF text extraction alone (pypdfium2) of
   the same PDFs with the same number of worker processes.
2. per report: for a sample of reports spread over the corpus, the time to
   build and validate one report (kg.batch.build_one) and the time of its PDF
   text extraction alone, each the median of repeats; the median report and
   the median ratio; and where that time goes, stage by stage (load, normalise,
   ..., validate), so a regression points at its stage.
3. named queries: latency of ``accountability-chain`` and a few others on the
   national store (``kg.store``, pyoxigraph) and in memory (rdflib, the same
   triples), median over repeats.

Prints a Markdown table (and writes it with ``--out``). Needs ../shared.

Usage: .venv/bin/python benchmarks/national.py [--jobs 2] [--sample 12] [--repeat 5]
       [--corpus ../shared/reports/corpus] [--out results.md] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "reports" / "corpus"
KG = (
    [sys.executable, "-m", "kg"]
    if not (ROOT / ".venv" / "bin" / "kg").exists()
    else [str(ROOT / ".venv" / "bin" / "kg")]
)

# the queries timed, with their parameters (IRIs of the seed council, Redbridge)
RB = "https://w3id.org/safeguarding-kg/id/E09000026"
QUERIES = [
    ("accountability-chain", {"start": f"<{RB}/sub-group/child-sexual-exploitation-sub-group>"}),
    ("latest-judgements", {"council": f"<{RB}>"}),
    ("judgement-history", {"council": f"<{RB}>"}),
    ("lscb-subgroups-by-council", {"council": f"<{RB}>"}),
]

TEXT_ONLY = r"""
import sys, pypdfium2 as pdfium
from concurrent.futures import ProcessPoolExecutor
def text(path):
    try:
        pdf = pdfium.PdfDocument(path)
    except Exception:
        return 0
    try:
        return sum(len(pdf[i].get_textpage().get_text_range()) for i in range(len(pdf)))
    finally:
        pdf.close()
paths = sys.stdin.read().split("\n")
paths = [p for p in paths if p]
jobs = int(sys.argv[1])
with ProcessPoolExecutor(max_workers=jobs) as pool:
    total = sum(pool.map(text, paths, chunksize=4))
print(total)
"""


# --------------------------------------------------------------------------- measuring


def _tree_rss_kb(root: int) -> int:
    """Resident memory of ``root`` and all its descendants (kB), from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as fh:
                stat = fh.read().decode("ascii", "replace")
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(entry.name))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, ()))
        try:
            with open(f"/proc/{pid}/status") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
                        break
        except OSError:
            pass
    return total


def run_measured(cmd: list[str], stdin: str | None = None, cwd: Path = ROOT) -> dict:
    """Run ``cmd``; wall seconds, peak RSS of its whole process tree (MB, sampled every
    0.1 s) and the largest single process's peak (MB, getrusage)."""
    usage0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    before = usage0.ru_maxrss
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        cmd,
        cwd=cwd,
        stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, _tree_rss_kb(proc.pid))
            stop.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate(stdin)
    wall = time.perf_counter() - t0
    stop.set()
    sampler.join()
    usage1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    after = usage1.ru_maxrss
    cpu = (usage1.ru_utime + usage1.ru_stime) - (usage0.ru_utime + usage0.ru_stime)
    return {
        "wall": wall,
        "cpu": cpu,  # user + system seconds of all its processes: steady on a busy machine
        "peak_tree_mb": peak / 1024,
        # the largest process of this run (getrusage keeps the maximum over all runs so far)
        "peak_single_mb": after / 1024 if after > before else None,
        "returncode": proc.returncode,
        "stdout": out,
        "stderr": err,
    }


def median_time(fn, repeat: int, cpu: bool = False) -> float:
    """Median seconds of ``fn()`` over ``repeat`` runs: wall time, or with ``cpu`` the
    process's CPU time (the same on a busy machine as on an idle one)."""
    clock = time.process_time if cpu else time.perf_counter
    times = []
    for _ in range(repeat):
        t0 = clock()
        fn()
        times.append(clock() - t0)
    return statistics.median(times)


def pdf_text(path: str) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    try:
        return sum(len(pdf[i].get_textpage().get_text_range()) for i in range(len(pdf)))
    finally:
        pdf.close()


# --------------------------------------------------------------------------- parts


def national_build(pdfs: list[str], jobs: int, work: Path) -> tuple[dict, dict, str, str]:
    out, store = str(work / "national.trig"), str(work / "store")
    build = run_measured(
        [
            *KG,
            "build",
            *pdfs,
            "-o",
            out,
            "--store",
            store,
            "--jobs",
            str(jobs),
            "--keep-going",
            "--no-progress",
        ]
    )
    text = run_measured([sys.executable, "-c", TEXT_ONLY, str(jobs)], stdin="\n".join(pdfs))
    return build, text, out, store


def per_report(pdfs: list[str], sample: int, repeat: int) -> list[dict]:
    from kg.batch import Failure, build_one, worker_gc

    real = [p for p in pdfs if open(p, "rb").read(5) == b"%PDF-"]
    step = max(1, len(real) // sample)
    chosen = real[::step][:sample]
    build_one(chosen[0])  # warm-up: imports, shapes, rule compilation
    worker_gc()  # the garbage collector as a batch worker sets it up
    rows = []
    for p in chosen:
        first = build_one(p)
        if isinstance(first, Failure):
            continue
        text_s = median_time(lambda p=p: pdf_text(p), repeat, cpu=True)
        build_s = median_time(lambda p=p: build_one(p), repeat, cpu=True)
        text_w = median_time(lambda p=p: pdf_text(p), repeat)
        build_w = median_time(lambda p=p: build_one(p), repeat)
        rows.append(
            {
                "path": Path(p).name,
                "build": build_s,
                "text": text_s,
                "ratio": build_s / text_s,
                "build_wall": build_w,
                "text_wall": text_w,
                "ratio_wall": build_w / text_w,
            }
        )
    return rows


def stage_split(pdfs: list[str], sample: int, repeat: int) -> dict[str, float]:
    """Median CPU milliseconds of each pipeline stage over the sampled reports (each the
    median of ``repeat`` runs): where the per-report time goes."""
    from kg.assemble import assemble
    from kg.batch import ntriples
    from kg.components import components
    from kg.facts import extract_facts
    from kg.load import load
    from kg.model import Extraction
    from kg.normalise import normalise
    from kg.recognise import recognise
    from kg.relate import relate
    from kg.segment import sections, segment
    from kg.validate import validate

    def run(path: str) -> dict[str, float]:
        clock, t, state = time.process_time, {}, {}

        def step(name, fn):
            t0 = clock()
            state[name] = fn()
            t[name] = t.get(name, 0.0) + clock() - t0

        chosen = components(None)
        step("load", lambda: load(path))
        step("normalise", lambda: normalise(state["load"]))
        doc = state["normalise"]
        step("sections", lambda: sections(doc))
        parts = state["sections"]
        step("segment", lambda: segment(doc, parts))
        sents = state["segment"]
        step("facts", lambda: extract_facts(doc, parts, sents))
        step("recognise", lambda: recognise(doc, parts, sents, components=chosen))
        step("relate", lambda: relate(doc, parts, sents, state["recognise"], components=chosen))
        ex = Extraction(
            document=doc,
            sections=tuple(parts),
            sentences=tuple(sents),
            facts=state["facts"],
            entities=tuple(state["recognise"]),
            relations=tuple(state["relate"]),
        )
        step("assemble", lambda: assemble(ex))
        step("n-triples", lambda: ntriples(state["assemble"]))
        step("validate", lambda: validate(state["assemble"], nt=state["n-triples"]))
        return t

    real = [p for p in pdfs if open(p, "rb").read(5) == b"%PDF-"]
    chosen_paths = real[:: max(1, len(real) // sample)][:sample]
    run(chosen_paths[0])  # warm-up: imports, shapes, rule compilation
    per_stage: dict[str, list[float]] = {}
    for path in chosen_paths:
        try:
            runs = [run(path) for _ in range(repeat)]
        except Exception:  # noqa: BLE001 - a report that does not build is timed elsewhere
            continue
        for name in runs[0]:
            per_stage.setdefault(name, []).append(statistics.median(r[name] for r in runs))
    return {name: statistics.median(v) for name, v in per_stage.items()}


def query_latency(store_dir: str, repeat: int) -> list[dict]:
    from kg import store as kg_store
    from kg.query import find_query, run_query
    from kg.query.backend import graph_backend, store_backend

    t0 = time.perf_counter()
    memory = kg_store.rdflib_graph(store_dir)  # the same triples, in rdflib
    load_s = time.perf_counter() - t0
    backends = {"store": store_backend(store_dir), "memory": graph_backend(memory)}
    rows = []
    for name, params in QUERIES:
        try:
            query = find_query(name)
        except Exception as exc:  # noqa: BLE001 - a query not written yet
            rows.append({"query": name, "error": f"{type(exc).__name__}: {exc}"})
            continue
        known = {p.name for p in query.parameters}
        args = {k: v for k, v in params.items() if k in known}
        row = {"query": name, "params": args, "memory_load": load_s}
        for label, backend in backends.items():
            try:
                _, result = run_query(query, backend, args)  # warm-up, and the answer size
                row[f"{label}_rows"] = len(result)
                row[label] = median_time(
                    lambda q=query, b=backend, a=args: run_query(q, b, a), repeat
                )
            except Exception as exc:  # noqa: BLE001 - report, do not stop the benchmark
                row[label] = None
                row[f"{label}_error"] = f"{type(exc).__name__}: {str(exc)[:120]}"
        rows.append(row)
    return rows, len(memory)


# --------------------------------------------------------------------------- report


def _ms(s: float | None) -> str:
    return "n/a" if s is None else f"{s * 1000:.1f} ms"


def table(
    build: dict,
    text: dict,
    n_pdfs: int,
    jobs: int,
    built: str,
    reports: list[dict],
    queries: list[dict],
    triples: int,
    stages: dict[str, float] | None = None,
) -> str:
    tree_mb = max(build["peak_tree_mb"], build["peak_single_mb"] or 0)
    single = f"{build['peak_single_mb']:.0f} MB" if build["peak_single_mb"] else "n/a"
    lines = [
        f"National build benchmark ({time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC, "
        f"{os.cpu_count()} cores, {n_pdfs} files, --jobs {jobs})",
        "",
        "| measure | value | baseline (same run) | ratio | target |",
        "|---|---|---|---|---|",
        f"| national build wall, TriG + store, validated ({built}) | {build['wall']:.1f} s | "
        f"PDF text only, {jobs} processes: {text['wall']:.1f} s | "
        f"{build['wall'] / text['wall']:.1f}x | <= 90 s |",
        f"| national build CPU time, all processes | {build['cpu']:.1f} s | "
        f"PDF text only: {text['cpu']:.1f} s | {build['cpu'] / max(text['cpu'], 1e-9):.1f}x | |",
        f"| peak memory, all build processes together | {tree_mb:.0f} MB | "
        f"PDF text only: {text['peak_tree_mb']:.0f} MB | "
        f"{tree_mb / max(text['peak_tree_mb'], 1):.1f}x | <= 2048 MB |",
        f"| peak memory, largest single build process | {single} | | | |",
    ]
    if reports:
        med = sorted(reports, key=lambda r: r["build"])[len(reports) // 2]
        ratios = statistics.median(r["ratio"] for r in reports)
        ratios_wall = statistics.median(r["ratio_wall"] for r in reports)
        lines.append(
            f"| per report, CPU time: median report ({med['path']}), build + validate | "
            f"{med['build'] * 1000:.0f} ms | its PDF text only: {med['text'] * 1000:.0f} ms | "
            f"{med['ratio']:.1f}x | <= 3x |"
        )
        lines.append(
            f"| per report, CPU time: median over {len(reports)} reports | "
            f"{statistics.median(r['build'] for r in reports) * 1000:.0f} ms | "
            f"{statistics.median(r['text'] for r in reports) * 1000:.0f} ms | "
            f"{ratios:.1f}x (median ratio; wall time: {ratios_wall:.1f}x) | <= 3x |"
        )
    if stages:
        total = sum(stages.values())
        split = ", ".join(
            f"{name} {ms * 1000:.1f} ({ms / total:.0%})" for name, ms in stages.items()
        )
        lines.append(
            f"| per report, CPU ms by stage (median report of each stage) | {split} | | | |"
        )
    for q in queries:
        if "error" in q:
            lines.append(f"| query `{q['query']}` | not run: {q['error']} | | | |")
            continue
        st, mem = q.get("store"), q.get("memory")
        ratio = f"{st / mem:.3f}x" if st and mem else "n/a"
        target = "<= 50 ms" if q["query"] == "accountability-chain" else ""
        lines.append(
            f"| query `{q['query']}` on the national store ({q.get('store_rows', '?')} rows) | {_ms(st)} | "
            f"in memory, rdflib ({q.get('memory_rows', '?')} rows): {_ms(mem)} | {ratio} | {target} |"
        )
    lines.append("")
    lines.append(
        f"Store: {triples} triples (merge of all graphs, with the ontology). Queries: median of repeats after one warm-up run."
    )
    errs = [
        f"{q['query']}: {q.get('store_error') or q.get('memory_error')}"
        for q in queries
        if q.get("store_error") or q.get("memory_error")
    ]
    if errs:
        lines.append("Query errors: " + "; ".join(errs))
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", default=str(CORPUS))
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--sample", type=int, default=12, help="reports timed one by one")
    ap.add_argument("--repeat", type=int, default=5, help="repeats of each timing (median)")
    ap.add_argument("--limit", type=int, default=0, help="only the first N PDFs (a quick try)")
    ap.add_argument("--out", help="also write the table to this file")
    ap.add_argument("--keep", help="keep the built TriG and store in this directory")
    ap.add_argument("--json", action="store_true", help="print the raw figures as JSON too")
    args = ap.parse_args(argv)

    pdfs = sorted(str(p) for p in Path(args.corpus).glob("*.pdf"))
    if args.limit:
        pdfs = pdfs[: args.limit]
    if not pdfs:
        print(f"no PDFs in {args.corpus}", file=sys.stderr)
        return 2
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="kg-national-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        print(f"building {len(pdfs)} files with --jobs {args.jobs} ...", file=sys.stderr)
        build, text, out, store_dir = national_build(pdfs, args.jobs, work)
        summary = build["stderr"].strip().splitlines() or ["?"]
        built = next((ln for ln in summary if " built, " in ln), f"exit {build['returncode']}")
        if not Path(store_dir).is_dir():
            print("the build made no store:\n" + build["stderr"][-2000:], file=sys.stderr)
            return 1
        print("timing reports one by one ...", file=sys.stderr)
        reports = per_report(pdfs, args.sample, max(1, args.repeat // 2 + 1))
        print("timing the stages ...", file=sys.stderr)
        stages = stage_split(pdfs, args.sample, max(1, args.repeat // 2 + 1))
        print("timing queries ...", file=sys.stderr)
        queries, triples = query_latency(store_dir, args.repeat)
        result = table(build, text, len(pdfs), args.jobs, built, reports, queries, triples, stages)
        print(result)
        if args.json:
            raw = {
                "build": {k: v for k, v in build.items() if k not in ("stdout", "stderr")},
                "text_only": {k: v for k, v in text.items() if k not in ("stdout", "stderr")},
                "reports": reports,
                "queries": queries,
            }
            print(json.dumps(raw, indent=2, default=str))
        if args.out:
            Path(args.out).write_text(result, encoding="utf-8")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
