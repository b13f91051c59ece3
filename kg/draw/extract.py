"""Select what to draw for one council: its bodies, their relations and the evidence.

The picture of a council holds

* the council node itself,
* every entity with ``sg:council`` the council,
* every priority concept one of those entities addresses (``sg:addressesPriority``),

and one edge per distinct relation triple (inverse properties read forward,
e.g. ``X sg:chairedBy Y`` as ``Y sg:chairs X``) whose two ends are both in the
picture. Each node carries the sentences it was derived from, each edge the
sentences of its reified statements, with the report they came from.
"""

from __future__ import annotations

import difflib
import re
import warnings
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

from kg.draw.style import INVERSES, KIND_BY_KEY, RELATION_BY_KEY, RELATIONS
from kg.errors import InputError
from kg.namespaces import SG, normalise_label
from kg.rdfio import ontology, read_graph


@dataclass(frozen=True)
class Evidence:
    text: str
    report: str  # source file name (dcterms:source of the report)
    report_label: str
    section: str
    start: int


@dataclass(frozen=True)
class Node:
    id: str  # IRI
    label: str
    kind: str  # a key of style.KIND_BY_KEY
    types: tuple[str, ...]  # class labels, most specific first
    alt_labels: tuple[str, ...]
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class Edge:
    source: str
    predicate: str  # forward property local name, a key of style.RELATION_BY_KEY
    target: str
    evidence: tuple[Evidence, ...]

    @property
    def id(self) -> str:
        return f"{self.source} {self.predicate} {self.target}"


@dataclass(frozen=True)
class Picture:
    council: str  # IRI
    council_label: str
    nodes: tuple[Node, ...]  # sorted by id
    edges: tuple[Edge, ...]  # sorted by (source, predicate, target)
    focus: str | None = None
    depth: int | None = None


# --------------------------------------------------------------------------- loading


def load_graphs(paths: Iterable[str]) -> Graph:
    """Parse RDF files (Turtle, N-Triples, N-Quads, TriG, JSON-LD) into one graph."""
    return read_graph(paths)


def _ontology() -> Graph:
    return ontology()


# --------------------------------------------------------------------------- helpers


def _local(iri: URIRef | str) -> str:
    return re.split(r"[#/]", str(iri))[-1]


def _key(text: str) -> str:
    """Case- and punctuation-insensitive key for matching names."""
    return re.sub(r"[^a-z0-9]+", " ", normalise_label(text)).strip()


def _label(ds: Dataset, node: URIRef) -> str:
    """rdfs:label, else skos:prefLabel (English or untagged), from the input, else the ontology
    (where the global concepts such as priorities are labelled)."""
    for g in (ds, _ontology()):
        for p in (RDFS.label, SKOS.prefLabel):
            labels = sorted(
                str(o)
                for o in set(g.objects(node, p))
                if isinstance(o, Literal) and o.language in (None, "en")
            )
            if labels:
                return labels[0]
    return _local(node)


def _alt_labels(ds: Dataset, node: URIRef) -> tuple[str, ...]:
    found = {str(o) for g in (ds, _ontology()) for o in g.objects(node, SKOS.altLabel)}
    return tuple(sorted(found))


def _types(ds: Dataset, node: URIRef) -> list[URIRef]:
    for g in (ds, _ontology()):
        types = sorted({t for t in g.objects(node, RDF.type) if isinstance(t, URIRef)})
        if types:
            return types
    return []


class _Classes:
    """Kind and readable type names from rdfs:subClassOf* (ontology plus input)."""

    def __init__(self, ds: Dataset):
        self.graphs = (_ontology(), ds)
        self.parents: dict[URIRef, set[URIRef]] = {}
        for g in self.graphs:
            for c, sup in g.subject_objects(RDFS.subClassOf):
                if isinstance(c, URIRef) and isinstance(sup, URIRef):
                    self.parents.setdefault(c, set()).add(sup)

    def distance_to_kind(self, cls: URIRef) -> tuple[int, int, str]:
        """(hops, legend position, kind) of the nearest styled class above ``cls``."""
        order = {k: i for i, k in enumerate(KIND_BY_KEY)}
        seen = {cls}
        queue = deque([(cls, 0)])
        best: tuple[int, int, str] | None = None
        while queue:
            c, d = queue.popleft()
            if best is not None and d > best[0]:
                break
            if str(c).startswith(str(SG)) and _local(c) in KIND_BY_KEY:
                cand = (d, order[_local(c)], _local(c))
                best = cand if best is None or cand < best else best
            for sup in sorted(self.parents.get(c, ())):
                if sup not in seen:
                    seen.add(sup)
                    queue.append((sup, d + 1))
        return best or (10**6, order["Other"], "Other")

    def label(self, cls: URIRef) -> str:
        for g in self.graphs:
            for o in sorted(g.objects(cls, RDFS.label)):
                if isinstance(o, Literal) and o.language in (None, "en"):
                    return str(o)
        return _local(cls)

    def describe(self, types: list[URIRef]) -> tuple[str, tuple[str, ...]]:
        """The node's kind and its type labels, most specific (nearest a kind) first."""
        if not types:
            return "Other", ()
        ranked = sorted((self.distance_to_kind(t), str(t)) for t in types)
        kind = ranked[0][0][2]
        return kind, tuple(self.label(URIRef(t)) for _, t in ranked)


def _evidence(ds: Dataset, sentences: Iterable[URIRef]) -> tuple[Evidence, ...]:
    out = set()
    for s in set(sentences):
        text = ds.value(s, RDF.value)
        if text is None:
            continue
        report = ds.value(s, DCTERMS.isPartOf)
        source = ds.value(report, DCTERMS.source) if report is not None else None
        rlabel = ds.value(report, RDFS.label) if report is not None else None
        section = ds.value(s, SG.inSection)
        slabel = ds.value(section, RDFS.label) if section is not None else None
        start = ds.value(s, SG.startOffset)
        try:
            start_i = int(start) if start is not None else -1
        except (TypeError, ValueError):
            start_i = -1
        out.add(
            Evidence(
                str(text),
                str(source or (report or "")),
                str(rlabel or ""),
                str(slabel or ""),
                start_i,
            )
        )
    return tuple(sorted(out, key=lambda e: (e.report, e.start, e.text)))


# --------------------------------------------------------------------------- councils


def councils(ds: Dataset) -> dict[URIRef, set[str]]:
    """Every council the graph knows, with the keys it can be named by."""
    found: dict[URIRef, set[str]] = {}
    nodes = set(ds.subjects(RDF.type, SG.LocalAuthority)) | set(ds.objects(None, SG.council))
    for c in nodes:
        if not isinstance(c, URIRef):
            continue
        keys = {str(c), _local(c).lower()}
        for p in (RDFS.label, SKOS.altLabel, SG.gssCode):
            keys |= {_key(str(o)) for o in ds.objects(c, p)}
        found[c] = {k for k in keys if k}
    return found


def find_council(ds: Dataset, name: str) -> URIRef:
    """The council named by label, alternative label, GSS code or IRI."""
    known = councils(ds)
    if not known:
        raise InputError("the graph holds no council (no sg:LocalAuthority, no sg:council)")
    wanted = {name.strip(), name.strip().lower(), _key(name)}
    hits = sorted(c for c, keys in known.items() if keys & wanted)
    if not hits and _key(name):  # "Redbridge" for "London Borough of Redbridge"
        words = f" {_key(name)} "
        hits = sorted(c for c, keys in known.items() if any(words in f" {k} " for k in keys))
    if len(hits) == 1:
        return hits[0]
    names = {_label(ds, c): c for c in known}
    if len(hits) > 1:
        listed = ", ".join(sorted(_label(ds, c) for c in hits))
        raise InputError(f"council {name!r} is ambiguous: {listed}")
    near = difflib.get_close_matches(_key(name), [_key(n) for n in names], n=3, cutoff=0.5)
    near_labels = sorted(n for n in names if _key(n) in near) or sorted(names)[:5]
    raise InputError(f"unknown council {name!r}; did you mean: {', '.join(near_labels)}?")


# --------------------------------------------------------------------------- selection


def _relation_index(ds: Dataset) -> dict[tuple[URIRef, str, URIRef], set[URIRef]]:
    """(subject, forward predicate, object) -> sentences, from reified statements."""
    index: dict[tuple[URIRef, str, URIRef], set[URIRef]] = {}
    for st, p in ds.subject_objects(RDF.predicate):
        name = _local(p)
        if not str(p).startswith(str(SG)):
            continue
        s, o = ds.value(st, RDF.subject), ds.value(st, RDF.object)
        if name in INVERSES:
            name, s, o = INVERSES[name], o, s
        if name not in RELATION_BY_KEY or s is None or o is None:
            continue
        index.setdefault((s, name, o), set()).update(ds.objects(st, PROV.wasDerivedFrom))
    return index


def _triples(ds: Dataset) -> set[tuple[URIRef, str, URIRef]]:
    out = set()
    names = [r.key for r in RELATIONS] + sorted(INVERSES)
    for name in names:
        for s, o in ds.subject_objects(SG[name]):
            if not (isinstance(s, URIRef) and isinstance(o, URIRef)):
                continue
            if name in INVERSES:
                out.add((o, INVERSES[name], s))
            else:
                out.add((s, name, o))
    return out


def _find_node(ds: Dataset, nodes: set[URIRef], name: str) -> URIRef:
    by_key: dict[str, set[URIRef]] = {}
    for n in nodes:
        keys = {str(n), _key(_label(ds, n))} | {_key(a) for a in _alt_labels(ds, n)}
        for k in keys:
            by_key.setdefault(k, set()).add(n)
    hits = by_key.get(name.strip()) or by_key.get(_key(name)) or set()
    if len(hits) == 1:
        return next(iter(hits))
    if len(hits) > 1:
        listed = ", ".join(sorted(str(h) for h in hits))
        raise InputError(f"--focus {name!r} names several bodies: {listed}")
    labels = sorted({_label(ds, n) for n in nodes})
    near = difflib.get_close_matches(_key(name), [_key(x) for x in labels], n=3, cutoff=0.4)
    shown = [x for x in labels if _key(x) in near]
    hint = f"; did you mean: {', '.join(shown)}?" if shown else ""
    raise InputError(f"--focus {name!r} is not a body of this council{hint}")


def select(
    ds: Dataset, council: str, focus: str | None = None, depth: int | None = None
) -> Picture:
    """The picture of ``council`` (optionally within ``depth`` hops of ``focus``)."""
    with warnings.catch_warnings():  # rdflib 7 warns about its own Dataset internals
        warnings.simplefilter("ignore", DeprecationWarning)
        return _select(ds, council, focus, depth)


def _select(ds: Dataset, council: str, focus: str | None, depth: int | None) -> Picture:
    if depth is not None and depth < 0:
        raise InputError("--depth must be 0 or more")
    if depth is not None and focus is None:
        raise InputError("--depth needs --focus BODY")
    c = find_council(ds, council)
    members = {c} | {s for s in ds.subjects(SG.council, c) if isinstance(s, URIRef)}
    members |= {
        o
        for s in list(members)
        for o in ds.objects(s, SG.addressesPriority)
        if isinstance(o, URIRef)
    }
    triples = sorted(t for t in _triples(ds) if t[0] in members and t[2] in members)

    focus_iri = None
    if focus is not None:
        focus_iri = _find_node(ds, members, focus)
        limit = 2 if depth is None else depth
        depth = limit
        adj: dict[URIRef, set[URIRef]] = {}
        for s, _, o in triples:
            adj.setdefault(s, set()).add(o)
            adj.setdefault(o, set()).add(s)
        keep, frontier = {focus_iri}, {focus_iri}
        for _ in range(limit):
            frontier = {m for n in frontier for m in adj.get(n, ())} - keep
            keep |= frontier
        members = keep
        triples = [t for t in triples if t[0] in members and t[2] in members]

    classes = _Classes(ds)
    nodes = []
    for n in sorted(members):
        types = _types(ds, n)
        kind, type_labels = classes.describe(types)
        if kind == "Other" and n != c and SKOS.Concept in types:
            kind = "Priority"
        nodes.append(
            Node(
                str(n),
                _label(ds, n),
                kind,
                type_labels,
                _alt_labels(ds, n),
                _evidence(ds, ds.objects(n, PROV.wasDerivedFrom)),
            )
        )
    index = _relation_index(ds)
    edges = tuple(
        Edge(str(s), p, str(o), _evidence(ds, index.get((s, p, o), ()))) for s, p, o in triples
    )
    return Picture(
        str(c), _label(ds, c), tuple(nodes), edges, str(focus_iri) if focus_iri else None, depth
    )
