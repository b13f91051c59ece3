"""``kg explain``: the sentences behind an entity and each of its relations."""

from __future__ import annotations

import click

from kg.explain import explain, load_graph, render_explanation


@click.command("explain")
@click.argument("graph", type=click.Path(dir_okay=False))
@click.argument("name")
def explain_command(graph: str, name: str) -> None:
    """Show the entity NAME of GRAPH with the report sentences behind it.

    NAME is a label (compared case- and punctuation-insensitively) or an IRI.
    Prints the entity's labels, types and IRI, the sentences that mention it
    (report file, section, offsets, text) and each of its relations, both
    directions, with the sentences behind each.

    Example: kg explain redbridge.ttl "LSCB chair"
    """
    click.echo(render_explanation(explain(load_graph(graph), name, graph)), nl=False)


commands = [explain_command]
