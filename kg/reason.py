"""Entailments of a graph, written apart from the asserted facts.

Two rule sets:

- ``targeted`` (the default): what the named queries and users need and what
  scales: inverse properties, symmetric and transitive properties,
  sub-properties, and types closed under sub-classes (including equivalent
  classes and properties), applied to a fixpoint with plain rdflib loops.
- ``full``: the complete OWL 2 RL closure computed by owlrl. It also applies
  domains and ranges and every other OWL RL rule, and it is slow (seconds
  for a few thousand triples, minutes for tens of thousands).

Either way only new triples about the data are returned: the closure minus
the asserted triples, minus the ontology's own triples, and minus the trivial
ones every node gets (``owl:sameAs`` itself, ``rdf:type owl:Thing``,
statements about the vocabulary).
"""

from __future__ import annotations

from collections import defaultdict

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

MODES = ("targeted", "full")
_VOCAB_NS = (str(RDF), str(RDFS), str(OWL), str(XSD))
_TRIVIAL_TYPES = {
    OWL.Thing,
    RDFS.Resource,
    OWL.NamedIndividual,
    RDFS.Class,
    OWL.Class,
    RDF.Property,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    RDFS.Datatype,
    RDFS.Literal,
    OWL.AnnotationProperty,
}
_SCHEMA_PREDICATES = {
    RDFS.subClassOf,
    RDFS.subPropertyOf,
    OWL.equivalentClass,
    OWL.equivalentProperty,
    RDFS.domain,
    RDFS.range,
    OWL.inverseOf,
    OWL.disjointWith,
    OWL.propertyDisjointWith,
}


def _closure(pairs: dict) -> dict:
    """Reflexive-transitive closure of a relation given as node -> set of nodes."""
    out = {}
    for start in list(pairs):
        seen, stack = {start}, [start]
        while stack:
            for nxt in pairs.get(stack.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
        out[start] = seen
    return out


def _links(ontology: Graph, one_way=None, both_ways=None) -> defaultdict:
    """``x -> {y}`` for every ``x one_way y``, and both directions of ``x both_ways y``."""
    links = defaultdict(set)
    if one_way is not None:
        for x, y in ontology.subject_objects(one_way):
            links[x].add(y)
    for x, y in ontology.subject_objects(both_ways):
        links[x].add(y)
        links[y].add(x)
    return links


def _schema(ontology: Graph):
    sub_class = _links(ontology, RDFS.subClassOf, OWL.equivalentClass)
    sub_prop = _links(ontology, RDFS.subPropertyOf, OWL.equivalentProperty)
    inverse = _links(ontology, both_ways=OWL.inverseOf)
    symmetric = set(ontology.subjects(RDF.type, OWL.SymmetricProperty))
    transitive = set(ontology.subjects(RDF.type, OWL.TransitiveProperty))
    return _closure(sub_class), _closure(sub_prop), inverse, symmetric, transitive


def targeted_closure(data: Graph, ontology: Graph) -> Graph:
    """The asserted data plus the targeted entailments, as a graph."""
    g = Graph()
    for triple in _targeted(data, ontology):
        g.add(triple)
    return g


def _targeted(data: Graph, ontology: Graph) -> set:
    """The asserted data plus the targeted entailments, to a fixpoint.

    A work list of triples (semi-naive: each triple fires its rules once),
    with subject and object indexes for the transitive properties.
    """
    super_classes, super_props, inverse, symmetric, transitive = _schema(ontology)
    known: set = set(data)
    forward: dict = defaultdict(set)  # (p, s) -> objects, transitive p only
    backward: dict = defaultdict(set)  # (p, o) -> subjects, transitive p only
    queue = list(known)

    def derive(s, p, o):
        if p == RDF.type:
            for c in super_classes.get(o, ()):
                yield s, RDF.type, c
            return
        if isinstance(o, Literal):
            for q in super_props.get(p, ()):
                yield s, q, o
            return
        for q in super_props.get(p, ()):
            yield s, q, o
        for r in inverse.get(p, ()):
            yield o, r, s
        if p in symmetric:
            yield o, p, s
        if p in transitive:
            for x in backward[(p, s)]:
                yield x, p, o
            for y in forward[(p, o)]:
                yield s, p, y

    while queue:
        s, p, o = queue.pop()
        if p in transitive:
            forward[(p, s)].add(o)
            backward[(p, o)].add(s)
        for triple in list(derive(s, p, o)):
            if triple not in known:
                known.add(triple)
                queue.append(triple)
    return known


def full_closure(data: Graph, ontology: Graph) -> Graph:
    """The asserted data plus its complete OWL 2 RL closure (owlrl)."""
    import owlrl

    g = Graph()
    for t in data:
        g.add(t)
    for t in ontology:
        g.add(t)
    owlrl.DeductiveClosure(
        owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False
    ).expand(g)
    return g


def _is_trivial(s, p, o, vocabulary: set) -> bool:
    if isinstance(s, Literal) or s in vocabulary or str(s).startswith(_VOCAB_NS):
        return True
    if p == OWL.sameAs:
        return s == o
    if p == RDF.type:
        return o in _TRIVIAL_TYPES or str(o).startswith(_VOCAB_NS[:2] + (str(XSD),))
    return p in _SCHEMA_PREDICATES or str(p).startswith(str(OWL))


def entailments(data: Graph, ontology: Graph, mode: str = "targeted") -> Graph:
    """Only the new triples the chosen rule set derives from ``data`` with ``ontology``."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}")
    closed = set(full_closure(data, ontology)) if mode == "full" else _targeted(data, ontology)
    closed -= set(data)
    closed -= set(ontology)
    vocabulary = {s for s in ontology.subjects() if isinstance(s, URIRef)}
    out = Graph()
    for s, p, o in sorted(closed):
        if not _is_trivial(s, p, o, vocabulary):
            out.add((s, p, o))
    return out
