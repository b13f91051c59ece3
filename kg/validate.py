"""Validate a graph against the project's SHACL shapes and QC queries.

``validate(graph)`` adds the ontology (the part the data touches) to the data (so that
``sh:class`` and ``sh:targetClass`` follow ``rdfs:subClassOf`` and concept-scheme
membership is visible), runs pySHACL (SHACL Core, no inference) with the
shapes of ``shapes/``, then runs every ``queries/qc/*-violation.rq`` (any row
is a violation). Shapes, ontology and queries are loaded once per process.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SKOS

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
    ontology at a fraction of the cost. A plain (not context-aware) graph is
    checked in place: the ontology triples it lacked are added for the run and
    removed again, so it comes back unchanged. ``nt``, the graph's N-Triples when
    the caller already has them, lets the QC store parse them natively.
    """
    if data_graph.context_aware or not isinstance(data_graph, Graph):
        g, own = data_copy(data_graph), True
    else:
        g, own = data_graph, False
    triples = len(g)
    extra = _ontology_subset(g)
    added = extra if own else [t for t in extra if t not in g]
    g.addN((s, p, o, g) for s, p, o in added)
    try:
        store = _oxigraph_store(g, extra, nt if not own else None)
        violations = sorted(set(_run_shacl(g) + _run_qc(store, g)), key=_sort_key)
    finally:
        if not own:
            for t in added:
                g.remove(t)
    conforms = not any(v.severity == "Violation" for v in violations)  # warnings do not fail
    return ValidationResult(conforms, violations, _text(conforms, violations, triples), triples)


@functools.lru_cache(maxsize=1)
def _ontology_index() -> tuple[dict, tuple]:
    """The ontology's triples by subject, and all its rdfs:subClassOf triples."""
    by_subject: dict = {}
    for t in _ontology():
        by_subject.setdefault(t[0], []).append(t)
    subclass = tuple(t for t in _ontology() if t[1] == RDFS.subClassOf)
    return by_subject, subclass


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


def _ontology_subset(g: Graph) -> list:
    """The ontology triples the checks on ``g`` can see."""
    by_subject, subclass = _ontology_index()
    terms = set()
    for s, p, o in g:
        terms.add(s)
        terms.add(p)
        terms.add(o)
    found = set(subclass)
    for term in terms.intersection(by_subject):
        found |= _closure(term)
    return list(found)


@functools.lru_cache(maxsize=1)
def _shapes_graph():
    """pySHACL's parsed shapes, built once: harvesting the shapes is a third of a run."""
    from pyshacl.shapes_graph import ShapesGraph

    return ShapesGraph(_shapes())


def _run_shacl(g: Graph) -> list[Violation]:
    Validator, DataGraph = _pyshacl()
    validator = Validator(
        DataGraph.from_rdflib(g),
        shacl_graph=_shapes(),
        options={"inference": "none", "advanced": False, "inplace": True, "allow_warnings": False},
    )
    validator.shacl_graph = _shapes_graph()  # reuse the harvested shapes across calls
    _conforms, report, _text = validator.run()

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


def _run_qc(store, g: Graph) -> list[Violation]:
    """Run every QC query on ``store``; ``g`` (the merged graph) supplies labels and paths."""
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
