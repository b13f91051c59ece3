"""Load RDF files into one rdflib graph, with the ontology added."""

from __future__ import annotations

from collections.abc import Iterable
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
        known = " ".join(sorted(RDF_FORMATS))
        raise InputError(f"unknown RDF file extension (expected one of {known})", str(path))
    return fmt


def parse_into(graph: Graph, path: str | Path) -> None:
    """Add every triple of ``path`` (named graphs merged) to ``graph``."""
    p = Path(path)
    fmt = rdf_format(p)
    if not p.is_file():
        raise InputError("no such file", str(path))
    try:
        if fmt in QUAD_FORMATS:
            ds = Dataset()
            ds.parse(p, format=fmt)
            for s, pred, o, _ in ds.quads((None, None, None, None)):
                graph.add((s, pred, o))
        else:
            graph.parse(p, format=fmt)
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - rdflib raises many parser-specific types
        message = " ".join(str(exc).split())[:200] or type(exc).__name__
        raise InputError(f"cannot read as {fmt}: {message}", str(path)) from None


def load_graph(
    paths: Iterable[str | Path], include_ontology: bool = True, extra: Iterable[str | Path] = ()
) -> Graph:
    """Merge the files into one graph (the union of all their named graphs).

    The ontology (``ontology/*.ttl``) is added unless ``include_ontology`` is false,
    so class and property hierarchies are there for the queries' property paths.
    """
    graph = Graph()
    bind_prefixes(graph)
    files = list(paths) + list(extra)
    if include_ontology:
        files += ontology_files()
    for path in files:
        parse_into(graph, path)
    return graph
