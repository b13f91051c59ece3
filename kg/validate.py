"""Validate a graph against the project's SHACL shapes and QC queries.

``validate(graph)`` merges the ontology into a copy of the data (so that
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


def validate(data_graph: Graph) -> ValidationResult:
    """Check ``data_graph`` against the project's shapes and QC queries (it is not modified)."""
    g = data_copy(data_graph)
    triples = len(g)
    store = _oxigraph_store(g)  # the QC queries run on the data plus the ontology
    g.addN((s, p, o, g) for s, p, o in _ontology())
    violations = sorted(set(_run_shacl(g) + _run_qc(store, g)), key=_sort_key)
    conforms = not violations
    return ValidationResult(conforms, violations, _text(conforms, violations, triples), triples)


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
    sh = lambda name: URIRef(SH + name)
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


def _oxigraph_store(data: Graph):
    """An in-memory pyoxigraph store of the data plus the (cached, pre-converted) ontology."""
    import pyoxigraph as ox

    cache: dict = {}
    store = ox.Store()
    store.extend(_ontology_quads())
    store.extend(ox.Quad(_to_ox(s, cache), _to_ox(p, cache), _to_ox(o, cache)) for s, p, o in data)
    return store


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
    if conforms:
        return f"Conforms ({triples} triples checked).\n"
    n = len(violations)
    head = f"Does not conform: {n} violation{'s' if n != 1 else ''} ({triples} triples checked).\n"
    return head + "".join(v.line() + "\n" for v in violations)


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
