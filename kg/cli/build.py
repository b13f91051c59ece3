"""``kg build``: reports (text or PDF) to a validated RDF graph."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.atomic import write_bytes
from kg.batch import BatchResult, Failure, ReportOutput, build_many
from kg.cli._options import RDF_FORMATS
from kg.errors import InputError


def _split_prefixes(turtle: str) -> tuple[list[str], str]:
    prefixes, body = [], []
    for line in turtle.splitlines():
        (prefixes if line.startswith("@prefix") else body).append(line)
    return prefixes, "\n".join(body).strip()


def _trig(outputs: list[ReportOutput]) -> str:
    """TriG by wrapping each report's (deterministic) Turtle in its named graph.

    Cheap for a national build: no graph is parsed again.
    """
    header: dict[str, None] = {}
    blocks = []
    for out in outputs:
        prefixes, body = _split_prefixes(out.turtle)
        header.update(dict.fromkeys(prefixes))
        indented = "\n".join("    " + ln if ln else ln for ln in body.splitlines())
        blocks.append(f"<{out.graph_iri}> {{\n{indented}\n}}\n")
    return "\n".join(header) + "\n\n" + "\n".join(blocks)


def write_outputs(outputs: list[ReportOutput], target: str) -> None:
    """Write the built graphs to ``target``; the extension picks the format.

    Turtle concatenates the reports' Turtle (one merged graph); TriG keeps one
    named graph per report; N-Triples, N-Quads and JSON-LD go through
    ``kg.export.serialise`` (sorted, deterministic).
    """
    ext = Path(target).suffix.lower()
    fmt = RDF_FORMATS.get(ext)
    if fmt is None:
        raise InputError(
            f"unknown output format {ext or '(none)'}; use one of {', '.join(sorted(RDF_FORMATS))}",
            target,
        )
    if fmt == "turtle":
        data = "\n".join(out.turtle for out in outputs).encode("utf-8")
    elif fmt == "trig":
        data = _trig(outputs).encode("utf-8")
    elif fmt in ("nt", "nquads") and (lines := _nt_lines(outputs, fmt == "nquads")) is not None:
        data = "".join(lines).encode("utf-8")  # sorted lines, as kg.export.serialise writes them
    else:
        from rdflib import Graph, URIRef

        from kg.export import serialise

        graphs = {}
        for out in outputs:
            g = Graph().parse(data=out.turtle, format="nt" if out.syntax == "nt" else "turtle")
            graphs.setdefault(URIRef(out.graph_iri), set()).update(g)
        data = serialise(graphs, {"nt": "nt", "nquads": "nq", "json-ld": "jsonld"}[fmt])
    write_bytes(target, data)


def _nt_lines(outputs: list[ReportOutput], quads: bool) -> list[str] | None:
    """Sorted N-Triples (or N-Quads, the graph named by the report) lines of the outputs,
    without parsing what workers sent as N-Triples; None when a graph has blank nodes
    (kg.export labels them canonically)."""
    from rdflib import Graph

    from kg.batch import ntriples

    lines: set[str] = set()
    for out in outputs:
        text = out.turtle
        if out.syntax != "nt":
            text = ntriples(Graph().parse(data=text, format="turtle"))
            if text is None:  # blank nodes: the caller serialises the merged graph instead
                return None
        if quads:
            tail = f"<{out.graph_iri}> .\n"
            lines.update(ln[:-1] + tail for ln in text.splitlines() if ln)
        else:
            lines.update(ln + "\n" for ln in text.splitlines() if ln)
    return sorted(lines)


def _report_line(item: ReportOutput | Failure) -> str:
    if isinstance(item, Failure):
        tag = f"skipped ({item.skip_type})" if item.kind == "skip" else "failed"
        return f"{tag}: {item.reason}"
    status = {True: "valid", False: "INVALID", None: "not validated"}[item.conforms]
    return f"built {item.path}: {item.triples} triples, {status}"


@click.command("build")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    help="Output file (.ttl .nt .nq .trig .jsonld).",
)
@click.option(
    "--store",
    "store_dir",
    type=click.Path(file_okay=False),
    help="Also load into an on-disk Oxigraph store.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes (default: cores).",
)
@click.option(
    "--keep-going",
    is_flag=True,
    help="Exit 0 even when some reports fail or break the shapes (they are still listed).",
)
@click.option(
    "--validate/--no-validate",
    default=True,
    show_default=True,
    help="Validate each graph with the SHACL shapes.",
)
@click.option(
    "--progress/--no-progress", default=None, help="Progress bar (default: on a terminal only)."
)
def build(inputs, output, store_dir, jobs, keep_going, validate, progress):
    """Build the knowledge graph of one or more Ofsted reports (.txt or .pdf).

    Each report becomes one named graph (kept in .trig and .nq output). A report
    that fails does not stop the batch; failures are listed at the end and make
    the exit code 1 unless --keep-going is given. Graphs that break the SHACL
    shapes are written, reported, and also give exit code 1 unless --keep-going.

    Example: kg build examples/redbridge-2016.txt -o redbridge-2016.ttl
    """
    if not output and not store_dir:
        raise InputError("give an output file with -o/--output or a store with --store")
    if output:
        ext = Path(output).suffix.lower()
        if ext not in RDF_FORMATS:
            raise InputError(
                f"unknown output format {ext or '(none)'}; use one of {', '.join(sorted(RDF_FORMATS))}",
                output,
            )
    single = len(inputs) == 1
    show = sys.stderr.isatty() if progress is None else progress
    bar = None
    if show and not single:
        from tqdm import tqdm

        bar = tqdm(total=len(inputs), unit="report", file=sys.stderr)

    def done(item):
        if bar is not None:
            bar.update(1)

    # pretty Turtle only where it is the output (one report to .ttl); else sorted N-Triples
    pretty = single and bool(output) and Path(output).suffix.lower() == ".ttl"
    result: BatchResult = build_many(
        list(inputs),
        jobs=jobs,
        validate=validate,
        on_done=done,
        syntax="turtle" if pretty else "nt",
    )
    if bar is not None:
        bar.close()
    if single and result.failures:
        raise InputError(result.failures[0].reason.split(": ", 1)[-1], inputs[0])
    if result.outputs:
        outputs = list(result.outputs)
        if not single:  # link reports of one council across years (LSCB -> partnership)
            from kg.national import link_reports

            links_iri, links_ttl = link_reports(outputs)
            if links_ttl:
                outputs.append(
                    ReportOutput(
                        path="(cross-report links)",
                        graph_iri=links_iri,
                        turtle=links_ttl,
                        triples=0,
                        council="",
                        report_type="links",
                    )
                )
        if output:
            write_outputs(outputs, output)
        if store_dir:
            from kg.store import load_turtle_reports

            load_turtle_reports(store_dir, [(o.graph_iri, o.turtle, o.syntax) for o in outputs])
    invalid = [o for o in result.outputs if o.conforms is False]
    if not single:
        click.echo(
            f"{len(result.outputs)} built, {len(invalid)} invalid, {len(result.failures)} not built",
            err=True,
        )
        for f in result.failures:
            click.echo(_report_line(f), err=True)
    for o in invalid:
        click.echo(
            f"{o.path}: does not conform to the shapes ({len(o.violations)} violations)", err=True
        )
        for v in o.violations[:10]:
            click.echo(f"  - {v}", err=True)
    if (invalid or result.failures) and not keep_going:
        sys.exit(1)


commands = [build]
