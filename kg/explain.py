"""Why the graph says what it says about one entity.

``explain(graph, name)`` finds the node(s) called ``name`` (a label, compared
as spec/evaluation.md normalises labels, or an IRI) and gathers the sentences
behind each node and behind each of its relations, in both directions.
Evidence follows docs/rdf-model.md: an entity's ``prov:wasDerivedFrom``
sentences; a relation's reified ``rdf:Statement`` with its own
``prov:wasDerivedFrom``; a sentence's text, offsets, section and report file.
``render_explanation`` formats the result as text.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

from kg.errors import InputError
from kg.namespaces import PREFIXES, SG, normalise_label
from kg.rdfio import read_graph

LABELS = (RDFS.label, SKOS.prefLabel, SKOS.altLabel)
# bookkeeping links that are not relations worth explaining
HIDDEN = {
    RDF.type,
    PROV.wasDerivedFrom,
    SG.council,
    RDF.subject,
    RDF.object,
    RDF.predicate,
    SG.inSection,
    DCTERMS.isPartOf,
}
NOT_ENTITIES = {SG.Sentence, SG.Section, RDF.Statement}


@dataclass(frozen=True)
class Evidence:
    """One sentence of a report."""

    source: str  # report file name
    section: str  # section kind (or title)
    start: int | None
    end: int | None
    text: str
    iri: str


@dataclass(frozen=True)
class RelationEvidence:
    direction: str  # "out" (entity is the subject) or "in" (entity is the object)
    predicate: str  # prefixed name, "sg:" dropped
    other: str  # label of the other end
    other_iri: str
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class Explanation:
    iri: str
    label: str
    alt_labels: tuple[str, ...]
    types: tuple[str, ...]
    evidence: tuple[Evidence, ...]
    relations: tuple[RelationEvidence, ...]


def _short(iri) -> str:
    """``sg:`` terms by local name, other known namespaces as prefix:name."""
    s = str(iri)
    if s.startswith(str(SG)):
        return s[len(str(SG)) :]
    matches = [
        (len(str(ns)), prefix, str(ns)) for prefix, ns in PREFIXES.items() if s.startswith(str(ns))
    ]
    if matches:
        _n, prefix, ns = max(matches)
        return f"{prefix}:{s[len(ns) :]}"
    return s


def _labels(graph: Graph, node) -> list[str]:
    return [str(o) for p in LABELS for o in graph.objects(node, p) if isinstance(o, Literal)]


def _main_label(graph: Graph, node) -> str:
    for p in LABELS:
        values = sorted(str(o) for o in graph.objects(node, p) if isinstance(o, Literal))
        if values:
            return values[0]
    return _short(node)


def _candidates(graph: Graph) -> dict[URIRef, list[str]]:
    out: dict[URIRef, list[str]] = {}
    for p in LABELS:
        for node in graph.subjects(p, None):
            if not isinstance(node, URIRef) or any(
                (node, RDF.type, c) in graph for c in NOT_ENTITIES
            ):
                continue
            out.setdefault(node, [])
    for node in out:
        out[node] = _labels(graph, node)
    return out


def resolve(graph: Graph, name: str, path: str | None = None) -> list[URIRef]:
    """The nodes a user means by ``name``: an IRI in the graph, or every node with that label."""
    name = name.strip()
    if "://" in name or name.startswith("urn:"):
        node = URIRef(name)
        if (node, None, None) in graph or (None, None, node) in graph:
            return [node]
        raise InputError(f"no node {name} in the graph", path)
    wanted = normalise_label(name)
    wanted_loose = _loose(wanted)
    candidates = _candidates(graph)
    found = sorted(
        (
            n
            for n, labels in candidates.items()
            if any(normalise_label(x) == wanted for x in labels)
        ),
        key=str,
    )
    if not found:
        found = sorted(
            (
                n
                for n, labels in candidates.items()
                if any(_loose(normalise_label(x)) == wanted_loose for x in labels)
            ),
            key=str,
        )
    if found:
        return found
    by_norm: dict[str, str] = {}
    for labels in candidates.values():
        for x in sorted(labels):
            by_norm.setdefault(normalise_label(x), x)
    near = difflib.get_close_matches(wanted, sorted(by_norm), n=5, cutoff=0.6)
    hint = "; near matches: " + ", ".join(by_norm[n] for n in near) if near else ""
    raise InputError(f"no entity named {name!r}{hint}", path)


def _loose(text: str) -> str:
    """Punctuation-insensitive form: only letters and digits, single spaces."""
    return " ".join("".join(c if c.isalnum() else " " for c in text).split())


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _evidence(graph: Graph, sentence) -> Evidence:
    text = next((str(o) for o in graph.objects(sentence, RDF.value)), "")
    section = next(iter(sorted(graph.objects(sentence, SG.inSection))), None)
    kind = ""
    if section is not None:
        kind = next((str(o) for o in graph.objects(section, SG.sectionKind)), "") or _main_label(
            graph, section
        )
    report = next(iter(sorted(graph.objects(sentence, DCTERMS.isPartOf))), None)
    if report is None and section is not None:
        report = next(iter(sorted(graph.objects(section, DCTERMS.isPartOf))), None)
    source = ""
    if report is not None:
        source = next((str(o) for o in graph.objects(report, DCTERMS.source)), "") or _short(report)
    return Evidence(
        source=source,
        section=kind,
        start=_int(next(graph.objects(sentence, SG.startOffset), None)),
        end=_int(next(graph.objects(sentence, SG.endOffset), None)),
        text=" ".join(text.split()),
        iri=str(sentence),
    )


def _sorted_evidence(items) -> tuple[Evidence, ...]:
    unique = {e.iri: e for e in items}
    return tuple(
        sorted(
            unique.values(), key=lambda e: (e.source, e.start if e.start is not None else -1, e.iri)
        )
    )


def _statement_evidence(graph: Graph, s, p, o) -> tuple[Evidence, ...]:
    out = []
    for st in graph.subjects(RDF.subject, s):
        if (st, RDF.predicate, p) in graph and (st, RDF.object, o) in graph:
            out.extend(_evidence(graph, sent) for sent in graph.objects(st, PROV.wasDerivedFrom))
    return _sorted_evidence(out)


def explain_node(graph: Graph, node: URIRef) -> Explanation:
    """The label, types, evidence and relations (with their evidence) of one node."""
    labels = _labels(graph, node)
    main = _main_label(graph, node)
    types = tuple(sorted(_short(t) for t in graph.objects(node, RDF.type)))
    evidence = _sorted_evidence(
        _evidence(graph, s) for s in graph.objects(node, PROV.wasDerivedFrom)
    )
    relations = []
    for p, o in graph.predicate_objects(node):
        if p in HIDDEN or not isinstance(o, URIRef):
            continue
        relations.append(
            RelationEvidence(
                "out",
                _short(p),
                _main_label(graph, o),
                str(o),
                _statement_evidence(graph, node, p, o),
            )
        )
    for s, p in graph.subject_predicates(node):
        if p in HIDDEN or not isinstance(s, URIRef) or (s, RDF.type, RDF.Statement) in graph:
            continue
        relations.append(
            RelationEvidence(
                "in",
                _short(p),
                _main_label(graph, s),
                str(s),
                _statement_evidence(graph, s, p, node),
            )
        )
    relations.sort(key=lambda r: (r.direction != "out", r.predicate, r.other.lower(), r.other_iri))
    alt = tuple(sorted({x for x in labels if x != main}))
    return Explanation(str(node), main, alt, types, evidence, tuple(relations))


def explain(graph: Graph, name: str, path: str | None = None) -> list[Explanation]:
    """Explain every node that ``name`` resolves to (see ``resolve``)."""
    return [explain_node(graph, node) for node in resolve(graph, name, path)]


def load_graph(path: str | Path) -> Graph:
    """Parse an RDF file (format by extension; named graphs merged)."""
    return read_graph([path])


def _evidence_line(e: Evidence) -> str:
    where = ", ".join(x for x in (e.source, e.section) if x)
    span = f"{e.start}-{e.end}" if e.start is not None else "?"
    return f'{where} [{span}]: "{e.text}"'


def render_explanation(explanations: list[Explanation]) -> str:
    lines: list[str] = []
    for n, ex in enumerate(explanations):
        if n:
            lines.append("")
        lines.append(ex.label)
        lines.append(f"  IRI:   {ex.iri}")
        lines.append(f"  types: {', '.join(ex.types) or '-'}")
        if ex.alt_labels:
            lines.append(f"  also:  {'; '.join(ex.alt_labels)}")
        lines.append(f"  sentences ({len(ex.evidence)}):")
        lines.extend(f"    {_evidence_line(e)}" for e in ex.evidence)
        lines.append(f"  relations ({len(ex.relations)}):")
        for r in ex.relations:
            arrow = (
                f"{r.predicate} -> {r.other}"
                if r.direction == "out"
                else f"<- {r.predicate} {r.other}"
            )
            lines.append(f"    {arrow}")
            if r.evidence:
                lines.extend(f"      {_evidence_line(e)}" for e in r.evidence)
            else:
                lines.append("      (no sentence recorded)")
    return "\n".join(lines) + "\n"
