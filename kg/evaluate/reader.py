"""Reading the built graph the way the matching rules see it (rules 2 and 5).

``load_graph`` and ``load_ontology`` parse the files; ``Reader`` holds the
graph with the ontology's (and the graph's own) rdfs:subClassOf,
rdfs:subPropertyOf and owl:inverseOf, and answers a node's core types and
labels and the core relations the graph states. ``local_name`` and
``concept_id`` shorten IRIs for display.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg.namespaces import SG
from kg.rdfio import read_graph
from kg.resources import ontology_files
from kg.vocabulary import CORE_CLASSES as _CORE_CLASSES
from kg.vocabulary import CORE_RELATIONS as _CORE_RELATIONS

CORE_CLASSES = list(_CORE_CLASSES)
CORE_RELATIONS = list(_CORE_RELATIONS)
LABEL_PROPERTIES = (RDFS.label, SKOS.prefLabel, SKOS.altLabel)


def load_graph(path: str | Path) -> Graph:
    """Parse an RDF file (format by extension; named graphs merged)."""
    return read_graph([path])


def load_ontology(paths: Iterable[str | Path] | None = None) -> Graph:
    graph = Graph()
    for p in ontology_files() if paths is None else paths:
        graph.parse(str(p), format="turtle")
    return graph


def local_name(iri) -> str:
    s = str(iri)
    for sep in ("#", "/"):
        if sep in s:
            s = s.rsplit(sep, 1)[1]
            break
    return s


def concept_id(node, namespace) -> str | None:
    s = str(node)
    return s[len(str(namespace)) :] if s.startswith(str(namespace)) else None


class Reader:
    """The graph plus ontology, with the closures the rules need."""

    def __init__(self, graph: Graph, ontology: Graph):
        self.graph = graph
        schema = Graph()
        for t in ontology:
            schema.add(t)
        for p in (RDFS.subClassOf, RDFS.subPropertyOf, OWL.inverseOf):
            for t in graph.triples((None, p, None)):
                schema.add(t)
        self._super: dict = {}
        for s, o in schema.subject_objects(RDFS.subClassOf):
            self._super.setdefault(s, set()).add(o)
        self._superprop: dict = {}
        for s, o in schema.subject_objects(RDFS.subPropertyOf):
            self._superprop.setdefault(s, set()).add(o)
        self._inverse: dict = {}
        for s, o in schema.subject_objects(OWL.inverseOf):
            self._inverse.setdefault(s, set()).add(o)
            self._inverse.setdefault(o, set()).add(s)
        self._prop_cache: dict = {}

    def superclasses(self, cls) -> set:
        seen = {cls}
        todo = [cls]
        while todo:
            for sup in self._super.get(todo.pop(), ()):
                if sup not in seen:
                    seen.add(sup)
                    todo.append(sup)
        return seen

    def types(self, node) -> set[str]:
        """Core class local names of a node, closed under rdfs:subClassOf."""
        out: set[str] = set()
        for t in self.graph.objects(node, RDF.type):
            for c in self.superclasses(t):
                if isinstance(c, URIRef) and str(c).startswith(str(SG)):
                    name = str(c)[len(str(SG)) :]
                    if name in CORE_CLASSES:
                        out.add(name)
        return out

    def labels(self, node) -> list[str]:
        out = []
        for p in LABEL_PROPERTIES:
            out.extend(str(o) for o in self.graph.objects(node, p) if isinstance(o, Literal))
        return out

    def readings(self, prop) -> set[tuple[str, bool]]:
        """Core predicates a property stands for: (local name, inverted)."""
        if prop in self._prop_cache:
            return self._prop_cache[prop]
        seen = {(prop, False)}
        todo = [(prop, False)]
        while todo:
            p, inv = todo.pop()
            nexts = [(q, inv) for q in self._superprop.get(p, ())]
            nexts += [(q, not inv) for q in self._inverse.get(p, ())]
            for n in nexts:
                if n not in seen:
                    seen.add(n)
                    todo.append(n)
        out = set()
        for p, inv in seen:
            if isinstance(p, URIRef) and str(p).startswith(str(SG)):
                name = str(p)[len(str(SG)) :]
                if name in CORE_RELATIONS:
                    out.add((name, inv))
        self._prop_cache[prop] = out
        return out

    def relations(self) -> set[tuple[str, str, str]]:
        """Every (subject IRI, core predicate, object IRI) the graph states (rule 5).

        Each triple between two IRIs is read through ``readings``, so one
        stated through an inverse or a subproperty counts as the core one;
        each distinct reading counts once.
        """
        found: set[tuple[str, str, str]] = set()
        for s, p, o in self.graph:
            if not isinstance(s, URIRef) or not isinstance(o, URIRef):
                continue
            for name, inverted in self.readings(p):
                a, b = (o, s) if inverted else (s, o)
                found.add((str(a), name, str(b)))
        return found

    def core_subclass_of(self, child: str, parent: str) -> bool:
        return child != parent and SG[parent] in self.superclasses(SG[child])

    def main_type(self, types: set[str]) -> str:
        """The most specific of a node's core types, for display ("A, B" if several)."""
        specific = [t for t in types if not any(self.core_subclass_of(u, t) for u in types)]
        return ", ".join(sorted(specific))
