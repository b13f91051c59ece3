"""``kg reason``: write the entailments of graphs apart from the asserted facts."""

from __future__ import annotations

from pathlib import Path

import click

from kg.atomic import atomic_path
from kg.cli._options import graphs_argument
from kg.errors import InputError
from kg.namespaces import bind_prefixes
from kg.query.graphs import load_graph, rdf_format
from kg.reason import entailments


@click.command("reason")
@graphs_argument
@click.option(
    "-o",
    "--output",
    "output",
    required=True,
    type=click.Path(dir_okay=False),
    help="Where to write the entailed triples; the extension picks the format.",
)
@click.option(
    "--targeted/--full",
    "targeted",
    default=True,
    show_default=True,
    help="Targeted rules (inverses, transitive and symmetric properties, sub-classes, "
    "sub-properties; fast) or the full OWL 2 RL closure (owlrl; slow).",
)
def reason_command(graphs, output, targeted) -> None:
    """Infer what the graphs imply and write only the new triples.

    Load the output beside the graphs (or not): every named query gives the
    same answers either way.

    Example: kg reason redbridge.ttl -o redbridge-entailed.ttl
    """
    fmt = rdf_format(output)
    if fmt in ("nquads", "trig"):
        raise InputError("write entailments as .ttl, .nt or .jsonld (a single graph)", output)
    data = load_graph(graphs, include_ontology=False)
    ontology = load_graph([], include_ontology=True)
    inferred = entailments(data, ontology, "targeted" if targeted else "full")
    bind_prefixes(inferred)
    with atomic_path(output) as tmp:
        inferred.serialize(destination=str(tmp), format=fmt)
    click.echo(f"{len(inferred)} entailed triples -> {Path(output).name}", err=True)


commands = [reason_command]
