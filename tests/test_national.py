"""Cross-report links of a national build (kg/national.py)."""

from __future__ import annotations

from types import SimpleNamespace

from rdflib import Graph, URIRef
from rdflib.namespace import ORG, PROV, RDF, RDFS

from kg.batch import ReportOutput
from kg.national import LINKS_GRAPH, link_reports, report_entities

ID = "https://w3id.org/safeguarding-kg/id/"
GSS = "E09000026"
LSCB = f"{ID}{GSS}/safeguarding-children-board/local-safeguarding-children-board"
PARTNERSHIP = f"{ID}{GSS}/safeguarding-partnership/redbridge-safeguarding-children-partnership"
R2016 = f"{ID}{GSS}/inspection/2016-09-12/report"
R2019 = f"{ID}{GSS}/inspection/2019-03-04/report"
R2024 = f"{ID}{GSS}/inspection/2024-06-10/report"

PREFIXES = """@prefix sg: <https://w3id.org/safeguarding-kg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""


def _output(report: str, boards: list[tuple[str, str, str]]) -> ReportOutput:
    body = [f"<{report}> a sg:InspectionReport ."]
    for cls, iri, label in boards:
        body.append(f'<{iri}> a sg:{cls} ; rdfs:label "{label}" ; sg:council <{ID}{GSS}> .')
    return ReportOutput(
        path=report.rsplit("/", 2)[-2] + ".pdf",
        graph_iri=report,
        turtle=PREFIXES + "\n".join(body) + "\n",
        triples=len(body),
        council=f"{ID}{GSS}",
        report_type="x",
    )


def _sif() -> ReportOutput:
    return _output(
        R2016, [("SafeguardingChildrenBoard", LSCB, "Local Safeguarding Children Board")]
    )


def _ilacs() -> ReportOutput:
    return _output(
        R2024,
        [("SafeguardingPartnership", PARTNERSHIP, "Redbridge Safeguarding Children Partnership")],
    )


def _graph(turtle: str) -> Graph:
    g = Graph()
    g.parse(data=turtle, format="turtle")
    return g


def test_link_reports_lscb_then_partnership_gives_one_change_event():
    iri, turtle = link_reports([_sif(), _ilacs()])
    assert iri == LINKS_GRAPH == "https://w3id.org/safeguarding-kg/id/links"
    g = _graph(turtle)
    events = list(g.subjects(RDF.type, ORG.ChangeEvent))
    assert events == [URIRef(f"{ID}{GSS}/change/lscb-to-partnership")]
    ev = events[0]
    assert g.value(ev, ORG.originalOrganization) == URIRef(LSCB)
    assert g.value(ev, ORG.resultingOrganization) == URIRef(PARTNERSHIP)
    assert set(g.objects(ev, PROV.wasDerivedFrom)) == {URIRef(R2016), URIRef(R2024)}
    assert "Redbridge Safeguarding Children Partnership" in str(g.value(ev, RDFS.label))
    assert "2016-09-12" in str(g.value(ev, RDFS.comment)) and "2024-06-10" in str(
        g.value(ev, RDFS.comment)
    )
    assert (URIRef(LSCB), ORG.changedBy, ev) in g and (
        URIRef(PARTNERSHIP),
        ORG.resultedFrom,
        ev,
    ) in g


def test_link_reports_is_deterministic_whatever_the_order():
    a = link_reports([_sif(), _ilacs()])
    b = link_reports([_ilacs(), _sif()])
    assert a == b


def test_link_reports_uses_the_last_lscb_and_the_first_partnership_after_it():
    older_lscb = f"{ID}{GSS}/safeguarding-children-board/redbridge-safeguarding-children-board"
    r2013 = f"{ID}{GSS}/inspection/2013-05-01/report"
    r2022 = f"{ID}{GSS}/inspection/2022-01-10/report"
    other = f"{ID}{GSS}/safeguarding-partnership/safeguarding-partnership"
    outs = [
        _output(
            r2013,
            [("SafeguardingChildrenBoard", older_lscb, "Redbridge Safeguarding Children Board")],
        ),
        _sif(),
        _output(r2022, [("SafeguardingPartnership", other, "safeguarding partnership")]),
        _ilacs(),
    ]
    g = _graph(link_reports(outs)[1])
    [ev] = list(g.subjects(RDF.type, ORG.ChangeEvent))
    assert g.value(ev, ORG.originalOrganization) == URIRef(LSCB)
    assert g.value(ev, ORG.resultingOrganization) == URIRef(other)
    assert set(g.objects(ev, PROV.wasDerivedFrom)) == {URIRef(R2016), URIRef(r2022)}


def test_link_reports_nothing_without_both_or_when_the_partnership_is_older():
    assert link_reports([_sif()]) == (LINKS_GRAPH, "")
    assert link_reports([_ilacs()]) == (LINKS_GRAPH, "")
    # a partnership named only before the last LSCB report is no successor
    late_lscb = _output(
        f"{ID}{GSS}/inspection/2025-01-01/report", [("SafeguardingChildrenBoard", LSCB, "LSCB")]
    )
    assert link_reports([_ilacs(), late_lscb]) == (LINKS_GRAPH, "")


def test_link_reports_one_report_naming_both_links_within_it():
    both = _output(
        R2019,
        [
            ("SafeguardingChildrenBoard", LSCB, "LSCB"),
            ("SafeguardingPartnership", PARTNERSHIP, "LSCP"),
        ],
    )
    g = _graph(link_reports([both])[1])
    [ev] = list(g.subjects(RDF.type, ORG.ChangeEvent))
    assert set(g.objects(ev, PROV.wasDerivedFrom)) == {URIRef(R2019)}


def test_link_reports_fast_path_matches_parsing_the_turtle():
    outs = [_sif(), _ilacs()]
    fast = [
        SimpleNamespace(
            graph_iri=o.graph_iri, turtle="not parsed", entities=report_entities(_graph(o.turtle))
        )
        for o in outs
    ]
    assert link_reports(fast) == link_reports(outs)


def test_link_reports_councils_are_kept_apart():
    other = "E08000005"  # Rochdale
    lscb = f"{ID}{other}/safeguarding-children-board/local-safeguarding-children-board"
    rochdale_sif = SimpleNamespace(
        graph_iri=f"{ID}{other}/inspection/2014-01-01/report",
        turtle="",
        entities=(("SafeguardingChildrenBoard", lscb, "LSCB"),),
    )
    g = _graph(link_reports([rochdale_sif, _ilacs()])[1] or "")
    assert len(g) == 0
