"""Validate a graph against the project's SHACL shapes and QC queries.

``validate(graph)`` checks the data together with the part of the ontology it
touches (so that ``sh:class`` and ``sh:targetClass`` follow ``rdfs:subClassOf``
and concept-scheme membership is visible): pySHACL (SHACL Core, no inference)
runs the shapes of ``shapes/`` that have focus nodes, reading data and shapes
through an indexed, read-mostly view (``_View``); then every
``queries/qc/*-violation.rq`` runs on a pyoxigraph store (any row is a
violation). The data graph is not changed. Shapes, ontology and queries are
loaded once per process.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SKOS
from rdflib.paths import Path

from kg import resources
from kg.namespaces import PREFIXES
from kg.rdfio import read_graph

SH = "http://www.w3.org/ns/shacl#"
SHAPES_NS = "https://w3id.org/safeguarding-kg/shapes#"
QC_NS = "https://w3id.org/safeguarding-kg/qc#"
_SHORT = {**{str(ns): p for p, ns in PREFIXES.items()}, SHAPES_NS: "sgsh", QC_NS: "qc"}


@dataclass(frozen=True)
class Violation:
    """One failed check, as plain strings (IRIs in full; ``""`` when absent)."""

    focus: str  # the node that fails (IRI or blank-node id)
    focus_label: str  # its rdfs:label / skos:prefLabel, or ""
    path: str  # the property path, compacted (e.g. "sg:chairs"), or ""
    shape: str  # IRI of the shape (sgsh:...) or of the QC check (qc:...)
    severity: str  # "Violation", "Warning" or "Info"
    message: str
    value: str  # the offending value, or ""

    def line(self) -> str:
        """One readable line: focus, path, message, value, shape."""
        focus = short(self.focus)
        who = f"{self.focus_label} ({focus})" if self.focus_label else focus
        parts = [who]
        if self.path:
            parts.append(self.path)
        msg = self.message
        if self.value and self.value != self.focus:
            msg += f" Value: {short(self.value)}."
        parts.append(f"{msg} [{short(self.shape)}]")
        return ": ".join(parts)


@dataclass(frozen=True)
class ValidationResult:
    conforms: bool
    violations: list[Violation]
    text: str
    triples: int = 0  # triples in the data graph (without the ontology)


def short(iri: str) -> str:
    """Compact an IRI with the project prefixes (``sgid:E09000026/sub-group/x``)."""
    best = ""
    for ns in _SHORT:
        if iri.startswith(ns) and len(ns) > len(best):
            best = ns
    if best and len(iri) > len(best):
        return f"{_SHORT[best]}:{iri[len(best) :]}"
    return iri


# ---------------------------------------------------------------------------
# Resources, loaded once
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class QcCheck:
    name: str  # file stem, e.g. "unevidenced-relation-violation"
    question: str
    query: str  # SPARQL text, run with pyoxigraph (rdflib's SPARQL engine is far too slow here)


@functools.lru_cache(maxsize=1)
def _ontology() -> tuple:
    g = Graph()
    for path in resources.ontology_files():
        g.parse(path, format="turtle")
    return tuple(g)


@functools.lru_cache(maxsize=1)
def _shapes() -> Graph:
    g = Graph()
    for path in resources.shape_files():
        g.parse(path, format="turtle")
    return g


@functools.lru_cache(maxsize=1)
def _parent_shapes() -> dict:
    """Map each property shape to the node shape holding it (to report a named shape)."""
    g = _shapes()
    return {ps: ns for ns, ps in g.subject_objects(URIRef(SH + "property"))}


def qc_checks() -> list[QcCheck]:
    return list(_qc_checks())


@functools.lru_cache(maxsize=1)
def _qc_checks() -> tuple[QcCheck, ...]:
    checks = []
    for path in sorted((resources.QUERIES_DIR / "qc").glob("*-violation.rq")):
        text = path.read_text(encoding="utf-8")
        m = re.search(r"^#\s*Question:\s*(.+)$", text, re.MULTILINE)
        question = m.group(1).strip() if m else path.stem
        checks.append(QcCheck(path.stem, question, text))
    return tuple(checks)


def _pyshacl():
    """pySHACL's Validator and DataGraph (imported late: pyshacl is slow to import)."""
    from pyshacl import Validator
    from pyshacl.graph_abstraction import DataGraph

    return Validator, DataGraph


# ---------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------


def data_copy(data_graph: Graph) -> Graph:
    """A new plain graph holding every triple of the data (all named graphs of a dataset)."""
    g = Graph()
    if data_graph.context_aware:
        g.addN((s, p, o, g) for s, p, o, _ in data_graph.quads((None, None, None, None)))
    else:
        g.addN((s, p, o, g) for s, p, o in data_graph)
    return g


def merged_graph(data_graph: Graph) -> Graph:
    """A new graph holding the data plus the ontology (what the shapes are checked on)."""
    g = data_copy(data_graph)
    g.addN((s, p, o, g) for s, p, o in _ontology())
    return g


def validate(data_graph: Graph, nt: str | bytes | None = None) -> ValidationResult:
    """Check ``data_graph`` against the project's shapes and QC queries.

    The checks see the data plus the part of the ontology it touches (every
    ``rdfs:subClassOf`` triple and, for each term of the data, the ontology
    triples reachable from it), which gives the same answers as merging the whole
    ontology at a fraction of the cost. pySHACL reads that union through a
    ``_View``; the data graph itself is never changed. ``nt``, the graph's
    N-Triples when the caller already has them, lets the QC store parse them
    natively.
    """
    if data_graph.context_aware or not isinstance(data_graph, Graph):
        g, own = data_copy(data_graph), True
    else:
        g, own = data_graph, False
    index = _index(g)
    # counted from the index: some stores (SimpleMemory) count by walking every triple
    triples = sum(len(objects) for by_p in index.values() for objects in by_p.values())
    missing = _ontology_subset(index)
    view = _View(g, index, _ontology_graph(), missing, size=triples)
    store = _oxigraph_store(g, missing, nt if not own else None)
    violations = sorted(set(_run_shacl(view) + _run_qc(store, view)), key=_sort_key)
    conforms = not any(v.severity == "Violation" for v in violations)  # warnings do not fail
    return ValidationResult(conforms, violations, _text(conforms, violations, triples), triples)


# --- What pySHACL reads: a view that answers its many lookups cheaply


def _index(g: Graph) -> dict:
    """``g``'s triples as ``{subject: {predicate: [object, ...]}}``, in one pass."""
    index: dict = {}
    for s, p, o in g:
        index.setdefault(s, {}).setdefault(p, []).append(o)
    return index


def _plain(predicate) -> bool:
    """Whether ``predicate`` is an IRI or None, not an rdflib path (an exact type test:
    isinstance against rdflib's abstract classes is slow)."""
    return predicate is None or type(predicate) is URIRef


class _View(Graph):
    """``base`` plus the triples of ``extra`` listed in ``keep``, as one graph to read.

    pySHACL reads its graphs through rdflib lookups, and many of them: per run, each
    shape's targets and parameters, each path for every focus node, the types and
    superclasses of every value. On rdflib's Memory store each lookup costs several
    microseconds of context bookkeeping and generator layers. The view answers a
    lookup from a subject (most of them) straight from ``index`` (``base`` by
    subject, see ``_index``), and any other pattern once, remembering the answer.

    ``base`` and ``extra`` must not change while the view is in use; ``keep`` must
    hold no triple of ``base`` (so no triple is reported twice). Adding a triple
    writes it through to ``base`` (pySHACL adds two system triples to the shapes
    graph on every run; with our options it never writes into the data).
    """

    def __init__(
        self,
        base: Graph,
        index=None,
        extra: Graph | None = None,
        keep=frozenset(),
        size: int | None = None,  # len(base), when the caller has counted it
    ):
        super().__init__(bind_namespaces="none")  # prefixes only matter for pySHACL's text
        self._base, self._extra, self._keep = base, extra, keep
        self._index = _index(base) if index is None else index
        # most lookups start from a data node: ``extra`` is not asked when no kept triple can match
        self._keep_subjects = {t[0] for t in keep}
        self._keep_objects = {t[2] for t in keep}
        self._answers: dict = {}
        # counted once: some stores (SimpleMemory) count by walking every triple
        self._size = (len(base) if size is None else size) + len(keep)

    def triples(self, triple):
        s, p, o = triple
        if not _plain(p) and isinstance(p, Path):
            yield from super().triples(triple)  # rdflib evaluates it with plain lookups here
            return
        yield from self._lookup(s, p, o)

    # rdflib's objects and subjects go through ``triples``; these answer directly (same
    # results, same order), as pySHACL asks mostly for objects and subjects.
    def objects(self, subject=None, predicate=None, unique=False):
        if unique or not _plain(predicate):
            return super().objects(subject, predicate, unique)
        if subject is not None and predicate is not None and subject not in self._keep_subjects:
            return iter(self._index.get(subject, {}).get(predicate, ()))
        return iter([t[2] for t in self._lookup(subject, predicate, None)])

    def subjects(self, predicate=None, object=None, unique=False):  # noqa: A002 (rdflib's name)
        if unique or not _plain(predicate):
            return super().subjects(predicate, object, unique)
        return iter([t[0] for t in self._lookup(None, predicate, object)])

    def _lookup(self, s, p, o) -> tuple:
        key = (s, p, o)
        found = self._answers.get(key)
        if found is None:
            if s is None:
                found = tuple(self._base.triples(key))
            else:
                by_predicate = self._index.get(s, {})
                pairs = by_predicate.items() if p is None else [(p, by_predicate.get(p, ()))]
                found = tuple(
                    (s, p2, o2) for p2, objects in pairs for o2 in objects if o is None or o2 == o
                )
            if (
                self._keep
                and (s is None or s in self._keep_subjects)
                and (o is None or o in self._keep_objects)
            ):
                found += tuple(t for t in self._extra.triples(key) if t in self._keep)
            self._answers[key] = found
        return found

    def __len__(self) -> int:
        return self._size

    def add(self, triple):
        if triple not in self:
            s, p, o = triple
            self._base.add(triple)
            self._index.setdefault(s, {}).setdefault(p, []).append(o)
            self._answers.clear()
            self._size += 1
        return self

    def addN(self, quads):  # noqa: N802 (rdflib's name)
        for s, p, o, _ in quads:
            self.add((s, p, o))
        return self

    def remove(self, triple):
        raise TypeError("a validation view does not remove triples")


# --- The part of the ontology the checks see


@functools.lru_cache(maxsize=1)
def _ontology_index() -> tuple[dict, tuple]:
    """The ontology's triples by subject, and all its rdfs:subClassOf triples."""
    by_subject: dict = {}
    for t in _ontology():
        by_subject.setdefault(t[0], []).append(t)
    subclass = tuple(t for t in _ontology() if t[1] == RDFS.subClassOf)
    return by_subject, subclass


@functools.lru_cache(maxsize=1)
def _ontology_graph() -> Graph:
    g = Graph()
    g.addN((s, p, o, g) for s, p, o in _ontology())
    return g


@functools.lru_cache(maxsize=4096)
def _closure(node) -> frozenset:
    """The ontology triples reachable from ``node`` (its triples, their objects' triples...)."""
    by_subject, _ = _ontology_index()
    out, todo, seen = set(), [node], {node}
    while todo:
        for t in by_subject.get(todo.pop(), ()):
            out.add(t)
            if t[2] not in seen and t[2] in by_subject:
                seen.add(t[2])
                todo.append(t[2])
    return frozenset(out)


def _ontology_subset(index: dict) -> frozenset:
    """The ontology triples the checks on a graph (given as its ``_index``) can see,
    less those the graph holds itself."""
    by_subject, subclass = _ontology_index()
    terms = set(index)
    for by_predicate in index.values():
        terms.update(by_predicate)
        for objects in by_predicate.values():
            terms.update(objects)
    found = set(subclass)
    for term in terms.intersection(by_subject):
        found |= _closure(term)
    # only a triple about an ontology term can be an ontology triple
    restated = {
        (s, p, o)
        for s in by_subject.keys() & index.keys()
        for p, os in index[s].items()
        for o in os
    }
    return frozenset(found - restated)


# --- SHACL


@functools.lru_cache(maxsize=1)
def _shapes_view() -> _View:
    """The shapes as pySHACL reads them (see ``_View``)."""
    return _View(_shapes())


@functools.lru_cache(maxsize=1)
def _shapes_graph():
    """pySHACL's parsed shapes, built once: harvesting the shapes is a third of a run."""
    from pyshacl.shapes_graph import ShapesGraph

    shapes = ShapesGraph(_shapes_view())
    list(shapes.shapes)  # harvest them all now (a first run given use_shapes would not)
    return shapes


@functools.lru_cache(maxsize=1)
def _shape_targets() -> dict | None:
    """Each targeted shape with its targets, ``{shape: [(kind, value), ...]}``; None when
    some shape is targeted in a way ``_active_shapes`` does not follow."""
    g = _shapes_graph().graph  # the shapes plus pySHACL's system triples
    classes = {RDFS.Class, *g.transitive_subjects(RDFS.subClassOf, RDFS.Class)}
    if any(t in classes for t in g.objects(None, RDF.type)):
        return None  # a shape that is also a class targets its instances implicitly
    targets: dict = {}
    for kind in ("targetClass", "targetSubjectsOf", "targetObjectsOf", "targetNode"):
        for shape, value in g.subject_objects(URIRef(SH + kind)):
            if isinstance(shape, BNode) or not str(shape).startswith(("http:", "https:")):
                return None  # pySHACL's use_shapes option takes shapes by such IRIs
            targets.setdefault(shape, []).append((kind, value))
    return targets


def _active_shapes(g: Graph) -> list[str] | None:
    """The shapes with a focus node in ``g``, to run only those (None: run them all).

    pySHACL looks for the focus nodes of every shape on every run, and a shape
    without any still costs it a good part of one with some. This makes the lookups
    pySHACL's own target search makes, so on a ``_View`` they are answered once.
    """
    targets = _shape_targets()
    if targets is None:
        return None
    known: dict = {}

    def has_instances(cls) -> bool:  # instances of ``cls`` or of a subclass of it
        if cls not in known:
            known[cls] = any(
                (None, RDF.type, sub) in g for sub in g.transitive_subjects(RDFS.subClassOf, cls)
            )
        return known[cls]

    def has_focus(kind: str, value) -> bool:
        if kind == "targetClass":
            return has_instances(value)
        if kind == "targetNode":
            return True  # a target node is a focus node even when the data lacks it
        return (None, value, None) in g  # targetSubjectsOf, targetObjectsOf

    return sorted(str(s) for s, ts in targets.items() if any(has_focus(k, v) for k, v in ts))


def _run_shacl(g: Graph) -> list[Violation]:
    shapes = _active_shapes(g)
    if shapes == []:
        return []  # no shape has a focus node: nothing can fail
    options = {"inference": "none", "advanced": False, "inplace": True, "allow_warnings": False}
    if shapes is not None:
        options["use_shapes"] = shapes
    Validator, DataGraph = _pyshacl()
    validator = Validator(DataGraph.from_rdflib(g), shacl_graph=_shapes_view(), options=options)
    validator.shacl_graph = _shapes_graph()  # reuse the harvested shapes across calls
    _conforms, report, _text = validator.run()
    return _shacl_violations(report, g)


def _shacl_violations(report: Graph, g: Graph) -> list[Violation]:
    """The results of a pySHACL ``report`` on ``g`` as violations."""

    def sh(name: str) -> URIRef:
        return URIRef(SH + name)

    parents = _parent_shapes()
    out = []
    # top-level results only (sh:node failures carry their nested results as sh:detail)
    for result in report.objects(None, sh("result")):
        focus = report.value(result, sh("focusNode"))
        path = report.value(result, sh("resultPath"))
        shape = report.value(result, sh("sourceShape"))
        while isinstance(shape, BNode) and shape in parents:
            shape = parents[shape]
        severity = report.value(result, sh("resultSeverity"))
        messages = sorted(str(m) for m in report.objects(result, sh("resultMessage")))
        value = report.value(result, sh("value"))
        out.append(
            Violation(
                focus=_node_str(focus),
                focus_label=label_of(g, focus),
                path=_path_str(report, path),
                shape=_node_str(shape),
                severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
                message=" ".join(messages),
                value=_node_str(value),
            )
        )
    return out


# --- QC queries


def _run_qc(store, g: Graph) -> list[Violation]:
    """Run every QC query on ``store``; ``g`` (the data and its ontology part) supplies labels
    and paths."""
    out = []
    for check in _qc_checks():
        for row in store.query(check.query):
            focus = _from_ox(_get(row, "focus"))
            path = _from_ox(_get(row, "path"))
            message = _get(row, "message")
            out.append(
                Violation(
                    focus=_node_str(focus),
                    focus_label=label_of(g, focus),
                    path=_path_str(g, path),
                    shape=QC_NS + check.name,
                    severity="Violation",
                    message=message.value if message is not None else check.question,
                    value=_node_str(_from_ox(_get(row, "value"))),
                )
            )
    return out


def _get(row, name: str):
    try:
        return row[name]
    except (KeyError, IndexError):
        return None


def _oxigraph_store(data: Graph, ontology=None, nt: str | bytes | None = None):
    """An in-memory pyoxigraph store of the data plus ontology triples (default: all of
    them). ``data`` may already hold ``ontology``; ``nt`` (the data as N-Triples) is
    parsed natively instead of converting ``data`` term by term."""
    import pyoxigraph as ox

    store = ox.Store()
    if ontology is None:
        store.extend(_ontology_quads())
        ontology = ()
    else:
        quads = _ontology_quad_map()
        store.extend(quads[t] for t in ontology)
    if nt is not None:
        store.load(nt, format=ox.RdfFormat.N_TRIPLES)
    else:
        cache: dict = {}  # (the store is a set: ontology triples in ``data`` are harmless)
        store.extend(
            ox.Quad(_to_ox(s, cache), _to_ox(p, cache), _to_ox(o, cache)) for s, p, o in data
        )
    return store


@functools.lru_cache(maxsize=1)
def _ontology_quad_map() -> dict:
    return dict(zip(_ontology(), _ontology_quads(), strict=True))


@functools.lru_cache(maxsize=1)
def _ontology_quads() -> tuple:
    import pyoxigraph as ox

    cache: dict = {}
    return tuple(
        ox.Quad(_to_ox(s, cache), _to_ox(p, cache), _to_ox(o, cache)) for s, p, o in _ontology()
    )


def _to_ox(term, cache: dict):
    import pyoxigraph as ox

    node = cache.get(term)
    if node is None:
        if isinstance(term, URIRef):
            node = ox.NamedNode(str(term))
        elif isinstance(term, BNode):
            node = ox.BlankNode(str(term))
        elif term.language:
            node = ox.Literal(str(term), language=term.language)
        elif term.datatype is not None:
            node = ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        else:
            node = ox.Literal(str(term))
        cache[term] = node
    return node


def _from_ox(node):
    """A pyoxigraph term as an rdflib term (None stays None)."""
    if node is None:
        return None
    import pyoxigraph as ox

    if isinstance(node, ox.NamedNode):
        return URIRef(node.value)
    if isinstance(node, ox.BlankNode):
        return BNode(node.value)
    if node.language:
        return Literal(node.value, lang=node.language)
    return Literal(node.value, datatype=URIRef(node.datatype.value))


def label_of(g: Graph, node) -> str:
    if node is None or isinstance(node, Literal):
        return ""
    for p in (RDFS.label, SKOS.prefLabel):
        labels = sorted(str(o) for o in g.objects(node, p))
        if labels:
            return labels[0]
    return ""


def _node_str(node) -> str:
    if node is None:
        return ""
    if isinstance(node, BNode):
        return f"_:{node}"
    return str(node)


def _path_str(g: Graph, path) -> str:
    """A SHACL property path in SPARQL syntax with compact IRIs."""
    if path is None:
        return ""
    if isinstance(path, URIRef):
        return short(str(path))
    if not isinstance(path, BNode):
        return str(path)
    for key, fmt in (
        ("inversePath", "^{}"),
        ("oneOrMorePath", "({})+"),
        ("zeroOrMorePath", "({})*"),
        ("zeroOrOnePath", "({})?"),
    ):
        inner = g.value(path, URIRef(SH + key))
        if inner is not None:
            return fmt.format(_path_str(g, inner))
    alt = g.value(path, URIRef(SH + "alternativePath"))
    if alt is not None:
        return "|".join(_path_str(g, p) for p in Collection(g, alt))
    if g.value(path, RDF.first) is not None:
        return "/".join(_path_str(g, p) for p in Collection(g, path))
    return f"_:{path}"


def _sort_key(v: Violation):
    return (v.focus, v.path, v.shape, v.message, v.value)


def _text(conforms: bool, violations: list[Violation], triples: int) -> str:
    errors = [v for v in violations if v.severity == "Violation"]
    others = [v for v in violations if v.severity != "Violation"]
    tail = "".join(f"{v.severity}: {v.line()}\n" for v in others)
    if conforms:
        return f"Conforms ({triples} triples checked).\n" + tail
    n = len(errors)
    head = f"Does not conform: {n} violation{'s' if n != 1 else ''} ({triples} triples checked).\n"
    return head + "".join(v.line() + "\n" for v in errors) + tail


# ---------------------------------------------------------------------------
# Reading graph files (for the CLI)
# ---------------------------------------------------------------------------


def read_graphs(paths) -> Graph:
    """Merge RDF files (format by extension; named graphs flattened) into one graph."""
    return read_graph(paths)


def result_json(result: ValidationResult) -> dict:
    """The result as plain JSON-ready data (sorted, stable)."""
    return {
        "conforms": result.conforms,
        "triples": result.triples,
        "violations": [
            {
                "focus": v.focus,
                "focus_label": v.focus_label,
                "path": v.path,
                "shape": v.shape,
                "severity": v.severity,
                "message": v.message,
                "value": v.value,
            }
            for v in result.violations
        ],
    }
