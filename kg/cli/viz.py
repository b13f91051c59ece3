"""``kg viz``: draw a council's arrangements as Graphviz, SVG, PNG or interactive HTML."""

from __future__ import annotations

import click

from kg.cli._options import graphs_argument
from kg.draw import draw


@click.command("viz")
@graphs_argument
@click.option(
    "--council",
    required=True,
    help="Council to draw: its name (any case or punctuation), GSS code or IRI.",
)
@click.option(
    "--focus",
    default=None,
    metavar="BODY",
    help="Only the bodies within --depth steps of this one (name or IRI).",
)
@click.option(
    "--depth",
    type=click.IntRange(min=0),
    default=None,
    metavar="N",
    help="How many relation steps from --focus to keep (default 2).",
)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False),
    help="Output file: .dot, .svg, .png (need Graphviz) or .html (interactive).",
)
def viz(graphs, council, focus, depth, output):
    """Draw the board structure of one council.

    Accountability and reporting lines flow upward to the top posts; each kind
    of body has its own shape and colour, explained in a legend. The .html
    page works offline: zoom, pan, search, filter by type, and click a body to
    see its relations and the report sentences behind them.

    Example: kg viz redbridge.ttl --council Redbridge --focus LSCB -o lscb.svg
    """
    picture = draw(graphs, council, output, focus=focus, depth=depth)
    click.echo(
        f"{output}: {len(picture.nodes)} bodies, {len(picture.edges)} relations "
        f"({picture.council_label})"
    )


commands = [viz]
