"""``kg validate``: check graphs against the project's SHACL shapes and QC queries."""

from __future__ import annotations

import json

import click

from kg.cli._options import graphs_argument


@click.command("validate")
@graphs_argument
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Report format.",
)
@click.pass_context
def validate_command(ctx: click.Context, graphs: tuple[str, ...], fmt: str) -> None:
    """Validate GRAPHS (merged; .ttl .nt .nq .trig .jsonld) with the SHACL shapes
    of shapes/ and the checks of queries/qc/.

    Prints one line per violation (focus node, path, message, shape). Exit
    status: 0 conforms, 1 violations, 2 bad input (missing or unreadable file).

    Example: kg validate redbridge-2016.ttl
    """
    from kg.validate import read_graphs, result_json, validate

    result = validate(read_graphs(graphs))
    if fmt == "json":
        click.echo(json.dumps(result_json(result), indent=2, sort_keys=True))
    else:
        click.echo(result.text, nl=False)
    ctx.exit(0 if result.conforms else 1)


commands = [validate_command]
