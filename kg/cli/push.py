"""``kg push``: send graphs to a triplestore over the SPARQL 1.1 Graph Store Protocol."""

from __future__ import annotations

import sys
import time

import click

from kg.cli._options import graphs_argument
from kg.endpoint import check_url, push
from kg.export import merge_into, ontology_graph_set, read_files
from kg.resources import ontology_files


@click.command("push")
@graphs_argument
@click.option("--endpoint", required=True, metavar="URL", help="Graph Store Protocol URL.")
@click.option("--per-report", is_flag=True, help="One named graph per report (named by its IRI).")
@click.option("--graph", "graph", metavar="IRI", default=None, help="Put everything in this graph.")
@click.option(
    "--replace", is_flag=True, help="Replace the target graph(s) (PUT); default adds (POST)."
)
@click.option(
    "--with-ontology/--without-ontology",
    default=True,
    show_default=True,
    help="Send the ontology too (its own graph with --per-report); the named queries need it.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=30.0,
    show_default=True,
    help="Seconds to wait for an answer.",
)
@click.option(
    "--retries",
    type=click.IntRange(0, 10),
    default=3,
    show_default=True,
    help="Retries on 5xx and refused connections.",
)
def push_command(graphs, endpoint, per_report, graph, replace, with_ontology, timeout, retries):
    """Send GRAPH files to a triplestore (SPARQL 1.1 Graph Store Protocol).

    Without --per-report or --graph everything goes, merged, into the default
    graph; the ontology is sent too unless --without-ontology. --replace uses PUT (the graph is replaced); otherwise POST (added to).
    Credentials come only from the environment: KG_ENDPOINT_USER and
    KG_ENDPOINT_PASSWORD (HTTP basic) or KG_ENDPOINT_TOKEN (bearer). Exit code 0
    when every graph was accepted, 1 when any was not (one line per failure and
    a summary of what was accepted), 2 for a usage error.

    \b
    Example: kg push redbridge-2016.ttl --endpoint http://localhost:7878/store --per-report --replace
    """
    check_url(endpoint)
    gs = read_files(graphs)
    if with_ontology and ontology_files():
        merge_into(gs, ontology_graph_set())
    started = time.monotonic()
    result = push(
        endpoint,
        gs,
        per_report=per_report,
        graph=graph,
        replace=replace,
        timeout=timeout,
        retries=retries,
    )
    seconds = time.monotonic() - started
    method = "PUT" if replace else "POST"
    n = len(result.accepted)
    if result.ok:
        click.echo(
            f"pushed {n} graph(s), {result.triples} triples, to {endpoint} ({method}) in {seconds:.2f} s"
        )
        return
    for _, line in result.failed:
        click.echo(f"kg: error: {line}", err=True)
    total = n + len(result.failed) + len(result.skipped)
    summary = f"kg: accepted {n} of {total} graph(s) ({result.triples} triples)"
    if result.accepted:
        summary += ": " + ", ".join(label for label, _ in result.accepted)
    if result.skipped:
        summary += f"; not attempted: {len(result.skipped)}"
    click.echo(summary, err=True)
    sys.exit(1)


commands = [push_command]
