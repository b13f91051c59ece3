"""Every shape (and QC check) has a graph that conforms and a near-twin that trips it.

``tests/shapes/valid/*.ttl`` must conform; a ``# shapes: A B ...`` line lists the
shapes the file exercises (each must have focus nodes there).
``tests/shapes/invalid/*.ttl`` must not conform; a ``# violates: X`` line names
the one shape (or ``queries/qc`` check) that must be reported, and no other.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import RDF, RDFS

from kg import resources
from kg.validate import merged_graph, qc_checks, validate

HERE = Path(__file__).resolve().parent
VALID = sorted((HERE / "shapes" / "valid").glob("*.ttl"))
INVALID = sorted((HERE / "shapes" / "invalid").glob("*.ttl"))
SH = Namespace("http://www.w3.org/ns/shacl#")
TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)

# Parameters of SHACL Core constraint components, targets and shape annotations.
CORE = {
    "NodeShape",
    "PropertyShape",
    "path",
    "alternativePath",
    "inversePath",
    "zeroOrMorePath",
    "oneOrMorePath",
    "zeroOrOnePath",
    "targetClass",
    "targetNode",
    "targetSubjectsOf",
    "targetObjectsOf",
    "message",
    "severity",
    "deactivated",
    "name",
    "description",
    "order",
    "group",
    "class",
    "datatype",
    "nodeKind",
    "minCount",
    "maxCount",
    "minExclusive",
    "minInclusive",
    "maxExclusive",
    "maxInclusive",
    "minLength",
    "maxLength",
    "pattern",
    "flags",
    "languageIn",
    "uniqueLang",
    "equals",
    "disjoint",
    "lessThan",
    "lessThanOrEquals",
    "not",
    "and",
    "or",
    "xone",
    "node",
    "property",
    "qualifiedValueShape",
    "qualifiedMinCount",
    "qualifiedMaxCount",
    "qualifiedValueShapesDisjoint",
    "closed",
    "ignoredProperties",
    "hasValue",
    "in",
    "IRI",
    "Literal",
    "BlankNode",
    "BlankNodeOrIRI",
    "BlankNodeOrLiteral",
    "IRIOrLiteral",
    "Violation",
    "Warning",
    "Info",
}


def _shapes() -> Graph:
    g = Graph()
    for path in resources.shape_files():
        g.parse(path, format="turtle")
    return g


def _header(path: Path, key: str) -> list[str]:
    names = []
    for m in re.finditer(rf"^#\s*{key}:\s*(.+)$", path.read_text(encoding="utf-8"), re.MULTILINE):
        names.extend(m.group(1).split())
    return names


def _local(iri: str) -> str:
    return re.split(r"[#/]", iri)[-1]


def _targeted_shapes() -> set[str]:
    g = _shapes()
    return {_local(str(s)) for t in TARGETS for s in g.subjects(t, None) if isinstance(s, URIRef)}


def _focus_nodes(shape: str, data: Graph) -> set:
    g = _shapes()
    node = URIRef("https://w3id.org/safeguarding-kg/shapes#" + shape)
    found = set()
    for cls in g.objects(node, SH.targetClass):
        for sub in data.transitive_subjects(RDFS.subClassOf, cls):
            found.update(data.subjects(RDF.type, sub))
    for p in g.objects(node, SH.targetSubjectsOf):
        found.update(data.subjects(p, None))
    for p in g.objects(node, SH.targetObjectsOf):
        found.update(data.objects(None, p))
    found.update(g.objects(node, SH.targetNode))
    return found


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_valid_graph_conforms(path):
    result = validate(Graph().parse(path, format="turtle"))
    assert result.conforms, result.text


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_valid_graph_gives_every_listed_shape_focus_nodes(path):
    data = merged_graph(Graph().parse(path, format="turtle"))
    qc = {c.name for c in qc_checks()}
    listed = _header(path, "shapes")
    assert listed, f"{path.name} has no '# shapes:' line"
    idle = [s for s in listed if s not in qc and not _focus_nodes(s, data)]
    assert not idle, f"{path.name} lists shapes it never exercises: {idle}"


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_invalid_graph_trips_exactly_the_named_shape(path):
    expected = _header(path, "violates")
    assert len(expected) == 1, f"{path.name} must name one shape in '# violates:'"
    result = validate(Graph().parse(path, format="turtle"))
    assert {_local(v.shape) for v in result.violations} == set(expected), result.text
    # a shape of severity sh:Warning is reported but does not break conformance
    assert result.conforms == all(v.severity != "Violation" for v in result.violations)
    assert result.violations


def test_every_shape_and_qc_check_has_a_valid_and_an_invalid_example():
    checks = _targeted_shapes() | {c.name for c in qc_checks()}
    in_valid = {s for p in VALID for s in _header(p, "shapes")}
    in_invalid = {s for p in INVALID for s in _header(p, "violates")}
    assert sorted(checks - in_valid) == []
    assert sorted(checks - in_invalid) == []
    assert sorted((in_valid | in_invalid) - checks) == []  # no stale names


def test_every_reported_shape_has_a_message():
    g = _shapes()
    # Shapes whose results are reported: targeted shapes and the property shapes of node shapes.
    reported = {s for t in TARGETS for s in g.subjects(t, None)}
    reported |= set(g.objects(None, SH.property))
    missing = [str(s) for s in reported if g.value(s, SH.message) is None]
    assert missing == []


def test_shapes_use_only_shacl_core():
    g = _shapes()
    used = {_local(str(t)) for triple in g for t in triple if str(t).startswith(str(SH))}
    assert sorted(used - CORE) == []


def test_shape_files_parse_and_are_not_empty():
    files = resources.shape_files()
    assert files
    for path in files:
        assert len(Graph().parse(path, format="turtle")) > 0, path.name
