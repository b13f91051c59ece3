"""``kg queries`` and ``kg query``: governance questions answered from the command line."""

from __future__ import annotations

import click

from kg.cli._options import table_format_option
from kg.query import (
    bind_params,
    find_query,
    list_queries,
    open_backend,
    parse_params,
    render,
    run_bound,
)


@click.command("queries")
def queries_command() -> None:
    """List the named queries and the question each answers.

    \b
    Example: kg queries
    """
    items = list_queries()
    width = max((len(q.name) for q in items), default=0)
    for q in items:
        params = " ".join(f"[{p.name}=…]" if p.optional else f"{p.name}=…" for p in q.parameters)
        click.echo(f"{q.name.ljust(width)}  {q.question}" + (f"  ({params})" if params else ""))


@click.command("query")
@click.argument("name")
@click.argument("graphs", nargs=-1, type=click.Path(dir_okay=False))
@click.option(
    "--store",
    "store",
    type=click.Path(file_okay=False),
    help="Query an on-disk store (made by kg build --store).",
)
@click.option("--endpoint", "endpoint", metavar="URL", help="Query a remote SPARQL endpoint.")
@click.option(
    "--param",
    "params",
    multiple=True,
    metavar="KEY=VALUE",
    help="A parameter: an IRI (<…> or prefix:name) or a label such as 'CSE sub-group'.",
)
@table_format_option
def query_command(name, graphs, store, endpoint, params, fmt) -> None:
    """Answer a named governance question (see kg queries), or run any .rq file.

    Labels are matched ignoring case and punctuation; values are bound as RDF
    terms, never pasted into the query text.

    \b
    Example: kg query accountability-chain redbridge.ttl --param "start=CSE sub-group"
    """
    query = find_query(name)
    backend = open_backend(graphs, store, endpoint)
    bound = bind_params(query, parse_params(params), backend)
    for key, terms in sorted(bound.items()):
        if len(terms) > 1:
            click.echo(f"kg: note: ?{key} matches {len(terms)} nodes; answering for each", err=True)
    variables, rows = run_bound(query, backend, bound)
    click.echo(render(variables, rows, fmt), nl=False)


commands = [queries_command, query_command]
