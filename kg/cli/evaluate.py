"""``kg evaluate``: score a built graph against a gold annotation."""

from __future__ import annotations

import json

import click

from kg.evaluate import evaluate_files, render_text


@click.command("evaluate")
@click.argument("graph", type=click.Path(dir_okay=False))
@click.option(
    "--gold", "gold", required=True, type=click.Path(dir_okay=False), help="Gold annotation (YAML)."
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def evaluate_command(graph: str, gold: str, as_json: bool) -> None:
    """Score GRAPH (any RDF format, by extension) against a gold YAML file.

    Prints precision, recall and F1 for entities, relations, judgements and
    recommendations, the report facts, then the misses and false positives
    by name (spec/evaluation.md).

    Example: kg evaluate redbridge.ttl --gold ../shared/gold/redbridge-2016.yaml
    """
    result = evaluate_files(graph, gold)
    if as_json:
        click.echo(json.dumps(result.to_dict(), indent=2, sort_keys=True))
    else:
        click.echo(render_text(result), nl=False)


commands = [evaluate_command]
