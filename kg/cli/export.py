"""``kg export``: write graphs in any RDF format (one named graph per report in TriG/N-Quads)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.cli._options import graphs_argument, output_option
from kg.errors import InputError
from kg.export import FORMATS, export

_BY_EXTENSION = {
    ".ttl": "ttl",
    ".nt": "nt",
    ".nq": "nq",
    ".trig": "trig",
    ".jsonld": "jsonld",
    ".json": "jsonld",
}


@click.command("export")
@graphs_argument
@click.option(
    "--format",
    "fmt",
    type=click.Choice(sorted(FORMATS)),
    default=None,
    help="RDF format to write (default: from the -o extension).",
)
@output_option
@click.option(
    "--with-ontology/--without-ontology",
    default=None,
    help="Add the ontology as its own graph (default: on for trig and nq).",
)
def export_command(graphs, fmt, output, with_ontology):
    """Write GRAPH files (.ttl, .nt, .nq, .trig, .jsonld) in another RDF format.

    TriG, N-Quads and JSON-LD keep one named graph per report (named by the
    report's IRI) plus one for the ontology; Turtle and N-Triples merge them.
    Output is sorted, so the same graphs give the same bytes. Without -o the
    result goes to standard output.

    \b
    Example: kg export redbridge-2016.ttl havering-2018.ttl --format trig -o all.trig
    """
    if fmt is None:
        if not output:
            raise InputError("give --format, or -o with a known extension")
        fmt = _BY_EXTENSION.get(Path(output).suffix.lower())
        if fmt is None:
            raise InputError(f"cannot tell the format from {output!r}; give --format", output)
    data, summary = export(graphs, fmt, output, with_ontology)
    if output:
        click.echo(
            f"wrote {output}: {summary['triples']} triples in {summary['graphs']} graph(s) ({fmt})",
            err=True,
        )
    else:
        stream = sys.stdout.buffer
        stream.write(data)
        stream.flush()


commands = [export_command]
