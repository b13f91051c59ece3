"""One small interface over the three places a query can run.

``select(query, bindings) -> (variables, rows)``: rows are tuples of rdflib
terms, ``None`` where a variable is unbound. Parameters are bound through the
engine (rdflib ``initBindings``), never spliced into the query text.

- an in-memory rdflib graph: :func:`select` below;
- an on-disk pyoxigraph store: ``kg.store.select(store_dir, query, bindings)``;
- a remote SPARQL endpoint: ``kg.endpoint.select(url, query, bindings, timeout)``.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable, Mapping, Sequence

from rdflib import Graph
from rdflib.term import Identifier

from kg.errors import InputError

Rows = list[tuple[Identifier | None, ...]]
Result = tuple[list[str], Rows]
Select = Callable[[str, Mapping[str, Identifier]], Result]


def select(graph: Graph, query: str, bindings: Mapping[str, Identifier] | None = None) -> Result:
    """Run a SELECT query on an rdflib graph with ``bindings`` as pre-bound variables."""
    try:
        result = graph.query(query, initBindings=dict(bindings or {}))
    except Exception as exc:  # noqa: BLE001 - any parse error in a user's .rq file
        message = " ".join(str(exc).split())[:200]
        raise InputError(f"cannot run query: {message}") from None
    if result.type != "SELECT":
        raise InputError("only SELECT queries are supported")
    variables = [str(v) for v in result.vars]
    rows = [tuple(row) for row in result]
    return variables, rows


def graph_backend(graph: Graph) -> Select:
    return functools.partial(select, graph)


def _module(name: str, what: str):
    try:
        return importlib.import_module(name)
    except ImportError:
        raise InputError(f"{what} backend is not available ({name} is missing)") from None


def store_backend(store_dir: str) -> Select:
    """Queries on an on-disk pyoxigraph store (kg.store)."""
    module = _module("kg.store", "--store")
    if not hasattr(module, "select"):
        raise InputError("--store backend is not available (kg.store.select is missing)")
    return functools.partial(module.select, store_dir)


def endpoint_backend(url: str, timeout: float = 30) -> Select:
    """Queries on a remote SPARQL endpoint (kg.endpoint)."""
    module = _module("kg.endpoint", "--endpoint")
    if not hasattr(module, "select"):
        raise InputError("--endpoint backend is not available (kg.endpoint.select is missing)")

    def run(query: str, bindings: Mapping[str, Identifier]) -> Result:
        return module.select(url, query, bindings, timeout=timeout)

    return run


def open_backend(
    graphs: Sequence[str] = (), store: str | None = None, endpoint: str | None = None
) -> Select:
    """The backend the command line asked for: graph files, ``--store`` or ``--endpoint``."""
    chosen = sum(bool(x) for x in (graphs, store, endpoint))
    if chosen != 1:
        raise InputError("give graph files, or --store DIR, or --endpoint URL (exactly one)")
    if store:
        return store_backend(store)
    if endpoint:
        return endpoint_backend(endpoint)
    from kg.query.graphs import load_graph

    return graph_backend(load_graph(graphs))
