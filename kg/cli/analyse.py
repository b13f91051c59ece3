"""``kg analyse``: depth of accountability chains, orphans, cycles and central posts."""

from __future__ import annotations

import click

from kg.analyse import analyse
from kg.cli._options import table_format_option
from kg.namespaces import SG
from kg.query import open_backend, render
from kg.query.catalogue import Parameter
from kg.query.params import LabelIndex, as_iri


@click.command("analyse")
@click.argument("graphs", nargs=-1, type=click.Path(dir_okay=False))
@click.option(
    "--store", "store", type=click.Path(file_okay=False), help="Analyse an on-disk store."
)
@click.option("--endpoint", "endpoint", metavar="URL", help="Analyse a remote SPARQL endpoint.")
@click.option(
    "--council", "council", metavar="NAME", help="Only this council (name, GSS code or IRI)."
)
@table_format_option
def analyse_command(graphs, store, endpoint, council, fmt) -> None:
    """Per council: chain depths, orphan bodies and posts, cycles, central posts.

    Example: kg analyse redbridge.ttl --council Redbridge
    """
    backend = open_backend(graphs, store, endpoint)
    target = None
    if council:
        target = as_iri(council)
        if target is None:
            param = Parameter("council", "", types=(SG.LocalAuthority,))
            target = LabelIndex.build(backend).resolve(council, param)[0]
    variables, rows = analyse(backend, target)
    click.echo(render(variables, rows, fmt, max_width=None), nl=False)


commands = [analyse_command]
