"""Cross-report links for a national build: what no single report can say.

Council nodes already merge across reports (their IRIs are stable), and so do
a council's boards: ``sgid:{GSS}/safeguarding-children-board/...`` names the
same LSCB in every report that mentions it. What needs several reports is
change over time. From 2019 the Local Safeguarding Children Boards gave way to
local safeguarding children partnerships; for each council whose reports
include an LSCB (the SIF era) and, in a report no older than that, a
safeguarding partnership, :func:`link_reports` writes one ``org:ChangeEvent``
from the council's last LSCB to its partnership, into one extra named graph,
``https://w3id.org/safeguarding-kg/id/links``::

    sgid:E09000026/change/lscb-to-partnership a org:ChangeEvent ;
        rdfs:label "Redbridge: Local Safeguarding Children Board replaced by Redbridge Safeguarding Children Partnership" ;
        rdfs:comment "..." ;                       # the two reports and their dates
        org:originalOrganization <…/safeguarding-children-board/local-safeguarding-children-board> ;
        org:resultingOrganization <…/safeguarding-partnership/redbridge-safeguarding-children-partnership> ;
        prov:wasDerivedFrom <…/inspection/2016-09-12/report>, <…/inspection/2024-06-10/report> .
    <…LSCB> org:changedBy sgid:E09000026/change/lscb-to-partnership .
    <…partnership> org:resultedFrom sgid:E09000026/change/lscb-to-partnership .

The day of the change is not in the reports (only that it fell between the two
inspections), so the event has no date; the comment names both reports.

Fast path: each ``kg.batch.ReportOutput`` carries ``entities`` (class, IRI and
label of its boards, from :func:`report_entities`, computed by the worker that
already holds the graph). Without it the report's Turtle is parsed (slow; fine
for a handful of reports). The inspection date comes from the report IRI
(``sgid:{GSS}/inspection/{date}/report``, docs/rdf-model.md).

Example::

    graph_iri, turtle = link_reports(batch_result.outputs)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rdflib import Literal, URIRef

from kg.namespaces import ID, SG

LINKS_GRAPH = str(ID) + "links"
LSCB = "SafeguardingChildrenBoard"
PARTNERSHIP = "SafeguardingPartnership"
LINKED_TYPES = (LSCB, PARTNERSHIP)

_ORG = "http://www.w3.org/ns/org#"
_PROV = "http://www.w3.org/ns/prov#"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_REPORT_IRI = re.compile(
    re.escape(str(ID)) + r"(?P<gss>[EWSN]\d{8}|[^/]+)/inspection/(?P<date>[^/]+)/report$"
)

Board = tuple[str, str, str]  # (class local name, IRI, label)


def report_entities(graph) -> tuple[Board, ...]:
    """The boards of one report graph that cross-report linking needs: ``(class, IRI, label)``
    of every LSCB and safeguarding partnership, sorted. Cheap: two ``rdf:type`` lookups.

    ``kg.batch.build_one`` stores this on ``ReportOutput.entities``.
    """
    from rdflib.namespace import RDF, RDFS

    out = set()
    for t in LINKED_TYPES:
        for s in graph.subjects(RDF.type, SG[t]):
            label = graph.value(s, RDFS.label)
            out.add((t, str(s), str(label) if label is not None else ""))
    return tuple(sorted(out))


@dataclass(frozen=True)
class _Report:
    iri: str
    gss: str
    date: str
    boards: tuple[Board, ...]


def _boards_of(output) -> tuple[Board, ...]:
    ents = getattr(output, "entities", None)
    if ents is not None:
        return tuple(sorted((str(t), str(i), str(lab)) for t, i, lab in ents if t in LINKED_TYPES))
    from rdflib import Graph

    g = Graph()
    g.parse(data=output.turtle, format="turtle")
    return report_entities(g)


def _report(output) -> _Report | None:
    m = _REPORT_IRI.match(output.graph_iri or "")
    if not m:
        return None
    date = str(getattr(output, "start_date", "") or m.group("date"))
    return _Report(output.graph_iri, m.group("gss"), date, _boards_of(output))


def _main(reports: Sequence[_Report], kind: str, chosen: _Report) -> Board:
    """The board of ``kind`` in ``chosen``: when it names several, the one named in most of
    the council's reports, then by IRI."""
    counts: dict[str, int] = {}
    for r in reports:
        for t, iri, _ in r.boards:
            if t == kind:
                counts[iri] = counts.get(iri, 0) + 1
    cands = [b for b in chosen.boards if b[0] == kind]
    return sorted(cands, key=lambda b: (-counts.get(b[1], 0), b[1]))[0]


@dataclass(frozen=True)
class Change:
    """One LSCB -> partnership change of one council."""

    gss: str
    lscb: Board
    partnership: Board
    lscb_report: _Report
    partnership_report: _Report

    @property
    def iri(self) -> str:
        return f"{ID}{self.gss}/change/lscb-to-partnership"


def find_changes(outputs: Iterable) -> list[Change]:
    """For each council with an LSCB and a partnership no older than its last LSCB, the change."""
    by_council: dict[str, list[_Report]] = {}
    for out in outputs:
        r = _report(out)
        if r is not None and r.boards:
            by_council.setdefault(r.gss, []).append(r)
    changes = []
    for gss in sorted(by_council):
        reports = sorted(by_council[gss], key=lambda r: (r.date, r.iri))
        with_lscb = [r for r in reports if any(t == LSCB for t, _, _ in r.boards)]
        if not with_lscb:
            continue
        last = with_lscb[-1]
        later = [
            r
            for r in reports
            if (r.date, r.iri) >= (last.date, last.iri)
            and any(t == PARTNERSHIP for t, _, _ in r.boards)
        ]
        # the earliest: the last LSCB report itself when it names the partnership too
        # ("new multi-agency safeguarding arrangements, replacing the former LSCB")
        later.sort(key=lambda r: (r.date, r.iri))
        if not later:
            continue
        first = later[0]
        changes.append(
            Change(gss, _main(reports, LSCB, last), _main(reports, PARTNERSHIP, first), last, first)
        )
    return changes


def _council_name(gss: str) -> str:
    from kg import councils

    info = councils.lookup(gss)
    return info.name if info else gss


def _n3(term) -> str:
    return term.n3()


def changes_turtle(changes: Sequence[Change]) -> str:
    """Turtle for the changes: prefixes, then one block per event, in IRI order (deterministic)."""
    if not changes:
        return ""
    lines = [
        "@prefix org: <http://www.w3.org/ns/org#> .",
        "@prefix prov: <http://www.w3.org/ns/prov#> .",
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
        "",
    ]
    for c in sorted(changes, key=lambda c: c.iri):
        ev = _n3(URIRef(c.iri))
        lscb, part = _n3(URIRef(c.lscb[1])), _n3(URIRef(c.partnership[1]))
        name = _council_name(c.gss)
        lscb_label = c.lscb[2] or "LSCB"
        part_label = c.partnership[2] or "safeguarding partnership"
        label = f"{name}: {lscb_label} replaced by {part_label}"
        if c.lscb_report.iri == c.partnership_report.iri:
            comment = (
                f"The report of {c.lscb_report.date} ({c.lscb_report.iri}) names both the LSCB and the "
                "safeguarding partnership that replaces it; the day of the change is not in the reports."
            )
        else:
            comment = (
                f"The LSCB is last named in the report of the inspection of {c.lscb_report.date} "
                f"({c.lscb_report.iri}); the safeguarding partnership is first named in the report of "
                f"{c.partnership_report.date} ({c.partnership_report.iri}). The change fell between the two; "
                "its day is not in the reports."
            )
        sources = ", ".join(
            _n3(URIRef(i)) for i in sorted({c.lscb_report.iri, c.partnership_report.iri})
        )
        lines += [
            f"{ev} a org:ChangeEvent ;",
            f"    rdfs:label {_n3(Literal(label))} ;",
            f"    rdfs:comment {_n3(Literal(comment))} ;",
            f"    org:originalOrganization {lscb} ;",
            f"    org:resultingOrganization {part} ;",
            f"    prov:wasDerivedFrom {sources} .",
            "",
            f"{lscb} org:changedBy {ev} .",
            "",
            f"{part} org:resultedFrom {ev} .",
            "",
        ]
    return "\n".join(lines)


def link_reports(outputs: Iterable) -> tuple[str, str]:
    """Cross-report links of a batch: ``(graph IRI, Turtle)``; the Turtle is ``""`` when there is
    nothing to link. ``outputs`` are ``kg.batch.ReportOutput`` objects (``graph_iri``, ``turtle``,
    and, for speed, ``entities`` from :func:`report_entities`)."""
    return LINKS_GRAPH, changes_turtle(find_changes(outputs))


__all__ = ["LINKS_GRAPH", "Change", "find_changes", "link_reports", "report_entities"]
