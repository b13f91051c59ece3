"""Load RDF files into one rdflib graph, with the ontology added."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rdflib import Graph

from kg.rdfio import RDF_FORMATS, parse_into, rdf_format, read_graph


def load_graph(
    paths: Iterable[str | Path], include_ontology: bool = True, extra: Iterable[str | Path] = ()
) -> Graph:
    """Merge the files into one graph (the union of all their named graphs).

    The ontology (``ontology/*.ttl``) is added unless ``include_ontology`` is false,
    so class and property hierarchies are there for the queries' property paths.
    """
    return read_graph([*paths, *extra], include_ontology=include_ontology)


__all__ = ["RDF_FORMATS", "load_graph", "parse_into", "rdf_format"]
