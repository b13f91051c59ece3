"""Read RDF files given on the command line: one reader for every command.

The format comes from the file extension. Named graphs (TriG, N-Quads,
JSON-LD) are merged into one graph, since the commands that read here ask
questions across reports; ``kg export`` keeps graphs apart with its own reader.
Every failure is an ``InputError`` naming the file: missing, empty, unknown
extension or unparseable.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from rdflib import Dataset, Graph

from kg.errors import InputError
from kg.namespaces import bind_prefixes
from kg.resources import ontology_files

RDF_FORMATS = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".nq": "nquads",
    ".trig": "trig",
    ".jsonld": "json-ld",
    ".json": "json-ld",
}
QUAD_FORMATS = {"nquads", "trig", "json-ld"}


def rdf_format(path: str | Path) -> str:
    """The rdflib parser name for a file, chosen by its extension."""
    fmt = RDF_FORMATS.get(Path(path).suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(RDF_FORMATS))
        raise InputError(f"unknown RDF file extension (use {known})", str(path))
    return fmt


def parse_into(graph: Graph, path: str | Path) -> None:
    """Add every triple of ``path`` (named graphs merged) to ``graph``."""
    p = Path(path)
    fmt = rdf_format(p)
    if not p.is_file():
        raise InputError("no such file", str(path))
    if p.stat().st_size == 0:
        raise InputError("empty file", str(path))
    try:
        with warnings.catch_warnings():  # rdflib's quad parsers use deprecated APIs
            warnings.simplefilter("ignore", DeprecationWarning)
            if fmt in QUAD_FORMATS:
                ds = Dataset()
                ds.parse(p, format=fmt)
                graph.addN((s, pr, o, graph) for s, pr, o, _ in ds.quads((None, None, None, None)))
            else:
                graph.parse(p, format=fmt)
    except Exception as exc:  # noqa: BLE001 - rdflib raises many parser-specific types
        message = " ".join(str(exc).split())[:200] or type(exc).__name__
        raise InputError(f"cannot parse as {fmt}: {message}", str(path)) from None


def read_graph(paths: Iterable[str | Path], include_ontology: bool = False) -> Graph:
    """Merge the files into one graph (the union of all their named graphs).

    With ``include_ontology`` the project ontology (``ontology/*.ttl``) is added,
    so class and property hierarchies are there for property paths.
    """
    graph = Graph()
    bind_prefixes(graph)
    for path in paths:
        parse_into(graph, path)
    if include_ontology:
        graph += ontology()
    return graph


@lru_cache(maxsize=1)
def ontology() -> Graph:
    """The project ontology, parsed once per process (treat as read-only)."""
    graph = Graph()
    for path in ontology_files():
        graph.parse(str(path), format="turtle")
    return graph
