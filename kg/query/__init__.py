"""Named governance questions: load graphs, bind parameters, run, format.

Example::

    from kg.query import graph_backend, load_graph, render, run_query
    backend = graph_backend(load_graph(["redbridge.ttl"]))
    variables, rows = run_query("board-structure", backend, {"board": "LSCB"})
    print(render(variables, rows, "table"))
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping

from kg.errors import InputError
from kg.query.backend import (
    Result,
    Select,
    endpoint_backend,
    graph_backend,
    open_backend,
    select,
    store_backend,
)
from kg.query.catalogue import NamedQuery, Parameter, find_query, list_queries, parse_query
from kg.query.graphs import load_graph, rdf_format
from kg.query.output import render
from kg.query.params import LabelIndex, as_iri, bind_params, label_key, parse_params
from kg.query.walk import walk

__all__ = [
    "LabelIndex",
    "NamedQuery",
    "Parameter",
    "Result",
    "Select",
    "as_iri",
    "bind_params",
    "endpoint_backend",
    "find_query",
    "graph_backend",
    "label_key",
    "list_queries",
    "load_graph",
    "open_backend",
    "parse_params",
    "parse_query",
    "rdf_format",
    "render",
    "run_bound",
    "run_query",
    "select",
    "store_backend",
    "walk",
]

MAX_COMBINATIONS = 200


def run_bound(query: NamedQuery, backend: Select, bound: Mapping[str, list]) -> Result:
    """Run with every combination of the candidate terms; rows merged without repeats."""
    names = sorted(bound)
    combos = list(itertools.islice(itertools.product(*(bound[n] for n in names)), MAX_COMBINATIONS))
    variables: list[str] = []
    rows: list[tuple] = []
    seen: set[tuple] = set()
    for combo in combos or [()]:
        bindings = dict(zip(names, combo, strict=True))
        if query.walk:
            start = bindings.get(query.walk[0])
            if start is None:
                raise InputError(f"query '{query.name}' needs --param {query.walk[0]}=VALUE")
            variables, part = walk(query, backend, start)
        else:
            variables, part = backend(query.text, bindings)
        for row in part:
            if row not in seen:
                seen.add(row)
                rows.append(row)
    if not variables:
        variables = list(query.returns)
    return variables, rows


def run_query(
    name_or_path: str | NamedQuery, backend: Select, params: Mapping[str, str] | None = None
) -> Result:
    """Run a named query (or any .rq file) with ``params`` given as strings (IRIs or labels)."""
    query = name_or_path if isinstance(name_or_path, NamedQuery) else find_query(name_or_path)
    bound = bind_params(query, params or {}, backend)
    return run_bound(query, backend, bound)
