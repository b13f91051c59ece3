"""Option sets shared by several commands, defined once."""

from __future__ import annotations

import click

from kg.rdfio import RDF_FORMATS  # noqa: F401  (re-exported for commands)

output_option = click.option(
    "-o",
    "--output",
    "output",
    type=click.Path(dir_okay=False, writable=True),
    help="Output file; the extension picks the format.",
)

table_format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "tsv", "json"]),
    default="table",
    show_default=True,
    help="Output format for tabular results.",
)

graphs_argument = click.argument("graphs", nargs=-1, required=True, type=click.Path(dir_okay=False))
