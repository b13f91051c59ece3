"""Seed PDF to validated graph: how long, against PDF text extraction alone.

A script, not a test. Measures in one process, after one warm-up run (so
imports and rule compilation are not counted; the cold command-line time is
measured too, as a subprocess):

    .venv/bin/python benchmarks/seed.py [--repeat 10] [--pdf PATH]

Prints a Markdown table: median wall time of each stage and of the whole
build + validation, next to the median time pypdfium2 takes just to extract
the text of the same PDF (the baseline), with the ratio.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED_PDF = ROOT.parent / "shared" / "reports" / "corpus" / "80512_redbridge_2016-11-25.pdf"


def _median(fn, repeat: int) -> tuple[float, float]:
    """Median wall and median CPU seconds of ``fn()`` (CPU time is steady on a busy machine)."""
    times, cpu = [], []
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return statistics.median(times), statistics.median(cpu)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=10)
    ap.add_argument("--pdf", default=str(SEED_PDF))
    args = ap.parse_args()

    import pypdfium2 as pdfium

    from kg.assemble import assemble
    from kg.batch import ntriples
    from kg.pipeline import extract
    from kg.validate import validate

    def text_only():
        pdf = pdfium.PdfDocument(args.pdf)
        "\f".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
        pdf.close()

    state = {}

    def do_extract():
        state["ex"] = extract(args.pdf)

    def do_assemble():
        state["g"] = assemble(state["ex"])

    def do_validate():
        state["r"] = validate(state["g"])

    def do_serialise():
        state["g"].serialize(format="turtle")

    def do_ntriples():
        ntriples(state["g"])

    def whole():
        g = assemble(extract(args.pdf))
        validate(g)
        g.serialize(format="turtle")

    def whole_nt():  # what a batch worker does (kg.batch.build_one)
        g = assemble(extract(args.pdf))
        nt = ntriples(g)
        validate(g, nt=nt)

    whole()  # warm-up: imports, rule compilation, shapes and ontology loading
    base = _median(text_only, args.repeat)
    rows = [
        ("extract (load .. relate)", _median(do_extract, args.repeat)),
        ("assemble RDF", _median(do_assemble, args.repeat)),
        ("validate (SHACL + QC)", _median(do_validate, args.repeat)),
        ("serialise Turtle (pretty)", _median(do_serialise, args.repeat)),
        ("serialise sorted N-Triples (batch builds)", _median(do_ntriples, args.repeat)),
        ("whole: PDF to validated Turtle", _median(whole, args.repeat)),
        ("whole: PDF to validated N-Triples (batch worker)", _median(whole_nt, args.repeat)),
    ]
    with tempfile.TemporaryDirectory() as tmp:
        kg = str(Path(sys.executable).with_name("kg"))
        cmd = [kg, "build", args.pdf, "-o", str(Path(tmp) / "seed.ttl")]
        cold = []
        for _ in range(3):
            t0 = time.perf_counter()
            subprocess.run(cmd, check=True)
            cold.append(time.perf_counter() - t0)
    print(
        f"Seed PDF: {Path(args.pdf).name}; {len(state['g'])} triples; conforms: {state['r'].conforms}"
    )
    print(f"median of {args.repeat} runs after a warm-up\n")
    print("| step | median s (wall) | x PDF text only | median s (CPU) | x PDF text only |")
    print("|---|---:|---:|---:|---:|")
    print(f"| PDF text only (pypdfium2, baseline) | {base[0]:.3f} | 1.0 | {base[1]:.3f} | 1.0 |")
    for name, (t, c) in rows:
        print(f"| {name} | {t:.3f} | {t / base[0]:.1f} | {c:.3f} | {c / base[1]:.1f} |")
    c = statistics.median(cold)
    print(f"| `kg build` command, cold process (median of 3) | {c:.3f} | {c / base[0]:.1f} | | |")


if __name__ == "__main__":
    main()
