"""Assemble RDF from an Extraction: stable IRIs, labels and provenance.

The layout is documented in docs/rdf-model.md. Every entity, relation,
judgement and recommendation points at the sentence it came from; only
sentences used as evidence are written.
"""

from __future__ import annotations

import bisect

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from kg import councils
from kg.model import Entity, Extraction, Section
from kg.namespaces import (
    AREA,
    GRADE,
    PRIORITY,
    REPORT_TYPE,
    SG,
    bind_prefixes,
    council_iri,
    entity_iri,
    inspection_iri,
    judgement_iri,
    normalise_label,
    recommendation_iri,
    report_iri,
    section_iri,
    sentence_iri,
    statement_iri,
)

COUNCIL_KEY = "council"  # the reserved relation key for the report's own local authority
BOARD_TYPES = ("SafeguardingChildrenBoard", "SafeguardingPartnership")
REPORT_TYPE_LABELS = {
    "sif-lscb": "single inspection framework with LSCB review",
    "sif": "single inspection framework",
    "lscb-review": "review of the LSCB",
    "ilacs": "ILACS inspection",
    "ilacs-2023": "ILACS inspection",
    "focused-visit": "focused visit",
    "monitoring-visit": "monitoring visit",
    "joint-targeted-area-inspection": "joint targeted area inspection",
    "older": "inspection",
}


class _Triples:
    """The triples being assembled, in first-added order without repeats; written into
    an rdflib Graph once at the end (one store call per triple, no per-call checks).

    The graph lives in rdflib's SimpleMemory store: one report is one graph, so the
    default store's named-graph bookkeeping is not needed, and filling SimpleMemory
    takes well under half the time."""

    def __init__(self) -> None:
        self._seen: dict[tuple, None] = {}

    def add(self, triple: tuple) -> None:
        self._seen[triple] = None

    def graph(self) -> Graph:
        g = Graph(store="SimpleMemory", bind_namespaces="core")  # + ours, not all of rdflib's
        bind_prefixes(g)
        store = g.store
        for triple in self._seen:
            store.add(triple, g)
        return g


class _Builder:
    def __init__(self, ex: Extraction):
        self.ex = ex
        self.g = _Triples()
        facts = ex.facts
        self.gss = facts.gss_code
        self.council = council_iri(self.gss)
        date = facts.start_date or facts.published or "undated"
        self.inspection = inspection_iri(self.gss, date)
        self.report = report_iri(self.inspection)
        self._sentence_starts = [s.start for s in ex.sentences]
        self._section_starts = [s.start for s in ex.sections]
        self._written_sentences: set[URIRef] = set()
        self._written_sections: set[URIRef] = set()
        self._span_start: dict[URIRef, int] = {}
        self.entity_iris: dict[str, URIRef] = {}

    # --- provenance -------------------------------------------------------------
    def _section_for(self, offset: int) -> Section | None:
        i = bisect.bisect_right(self._section_starts, offset) - 1
        if i >= 0 and self.ex.sections[i].start <= offset < self.ex.sections[i].end:
            return self.ex.sections[i]
        return None

    def span_node(self, start: int, end: int) -> URIRef:
        """The sentence node for a span of the normalised text (written once)."""
        text = self.ex.document.text
        node = sentence_iri(self.report, start, end)
        if node in self._written_sentences:
            return node
        self._written_sentences.add(node)
        self._span_start[node] = start
        g = self.g
        g.add((node, RDF.type, SG.Sentence))
        g.add((node, RDF.value, Literal(" ".join(text[start:end].split()))))
        g.add((node, SG.startOffset, Literal(start)))
        g.add((node, SG.endOffset, Literal(end)))
        g.add((node, DCTERMS.isPartOf, self.report))
        section = self._section_for(start)
        if section is not None:
            snode = section_iri(self.report, section.kind, section.start)
            g.add((node, SG.inSection, snode))
            if snode not in self._written_sections:
                self._written_sections.add(snode)
                g.add((snode, RDF.type, SG.Section))
                g.add((snode, RDFS.label, Literal(section.title or section.kind)))
                g.add((snode, SG.sectionKind, Literal(section.kind)))
                g.add((snode, SG.startOffset, Literal(section.start)))
                g.add((snode, SG.endOffset, Literal(section.end)))
                g.add((snode, DCTERMS.isPartOf, self.report))
        return node

    def sentence_node(self, index: int) -> URIRef:
        s = self.ex.sentences[index]
        return self.span_node(s.start, s.end)

    def evidence_for_span(self, start: int, end: int) -> URIRef:
        """The sentence containing ``start`` (or the bare span when none does)."""
        i = bisect.bisect_right(self._sentence_starts, start) - 1
        if i >= 0 and self.ex.sentences[i].start <= start < self.ex.sentences[i].end:
            return self.sentence_node(i)
        return self.span_node(start, max(end, start + 1))

    def assert_with_evidence(self, s: URIRef, p: URIRef, o: URIRef, evidence: URIRef, rule: str):
        g = self.g
        g.add((s, p, o))
        stmt = statement_iri(self.report, s, p, o, self._span_start[evidence])
        g.add((stmt, RDF.type, RDF.Statement))
        g.add((stmt, RDF.subject, s))
        g.add((stmt, RDF.predicate, p))
        g.add((stmt, RDF.object, o))
        g.add((stmt, PROV.wasDerivedFrom, evidence))
        if rule:
            g.add((stmt, SG.extractedBy, Literal(rule)))

    # --- parts ------------------------------------------------------------------
    def add_council(self) -> None:
        g, facts = self.g, self.ex.facts
        g.add((self.council, RDF.type, SG.LocalAuthority))
        info = councils.lookup(self.gss)
        # the full name from the councils table is the label; the report's wording an alternative
        label = councils.display_name(info) if info else (facts.council or self.gss)
        g.add((self.council, RDFS.label, Literal(label)))
        g.add((self.council, SG.gssCode, Literal(self.gss)))
        if info is None:
            return
        alts = {info.name, *info.also_known_as, *([facts.council] if facts.council else [])} - {
            label
        }
        for alt in sorted(alts):
            g.add((self.council, SKOS.altLabel, Literal(alt)))
        if info.dfe_code:
            g.add((self.council, SG.dfeCode, Literal(info.dfe_code)))
        if info.ofsted_urn:
            g.add((self.council, SG.ofstedUrn, Literal(info.ofsted_urn)))
        if info.region:
            g.add((self.council, SG.region, Literal(info.region)))
        for gss in info.stat_neighbours:
            other = councils.lookup(gss)
            node = council_iri(gss)
            g.add((self.council, SG.statisticalNeighbour, node))
            g.add((node, RDF.type, SG.LocalAuthority))
            # the same label the neighbour's own reports give it, so labels agree across reports
            g.add((node, RDFS.label, Literal(councils.display_name(other) if other else gss)))
            g.add((node, SG.gssCode, Literal(gss)))

    def add_report(self) -> None:
        g, doc, facts = self.g, self.ex.document, self.ex.facts
        g.add((self.report, RDF.type, SG.InspectionReport))
        when = facts.published or facts.start_date or "undated"
        g.add((self.report, RDFS.label, Literal(f"Ofsted report: {facts.council}, {when}")))
        g.add((self.report, DCTERMS.source, Literal(doc.name)))
        if doc.sha256:
            g.add((self.report, SG.sha256, Literal(doc.sha256)))
        g.add((self.report, PROV.wasGeneratedBy, self.inspection))

        i = self.inspection
        g.add((i, RDF.type, SG.Inspection))
        kind = REPORT_TYPE_LABELS.get(facts.report_type, "inspection")
        span = ""
        if facts.start_date:
            span = facts.start_date
            if facts.end_date and facts.end_date != facts.start_date:
                span += f" to {facts.end_date}"
        label = f"{kind[0].upper()}{kind[1:]} of {facts.council}" + (f", {span}" if span else "")
        g.add((i, RDFS.label, Literal(label)))
        g.add((i, SG.inspected, self.council))
        g.add((i, SG.reportType, REPORT_TYPE[facts.report_type]))
        if facts.start_date:
            g.add((i, SG.startDate, Literal(facts.start_date, datatype=XSD.date)))
        if facts.end_date:
            g.add((i, SG.endDate, Literal(facts.end_date, datatype=XSD.date)))
        if facts.published:
            g.add((i, SG.published, Literal(facts.published, datatype=XSD.date)))

    def board_iri(self) -> URIRef | None:
        """The report's safeguarding board (LSCB or partnership), if it has one."""
        for wanted in BOARD_TYPES:
            for e in self.ex.entities:
                if e.type == wanted:
                    return self.entity_iris[e.key]
        return None

    def ensure_board(self, evidence: URIRef) -> URIRef:
        """The LSCB node, created from the report facts when no sentence named it."""
        board = self.board_iri()
        if board is not None:
            return board
        label = "Local Safeguarding Children Board"
        node = entity_iri(self.gss, "SafeguardingChildrenBoard", label)
        g = self.g
        g.add((node, RDF.type, SG.SafeguardingChildrenBoard))
        g.add((node, RDFS.label, Literal(label)))
        g.add((node, SKOS.altLabel, Literal("LSCB")))
        g.add((node, SG.council, self.council))
        g.add((node, PROV.wasDerivedFrom, evidence))
        self.entity_iris[normalise_label(label)] = node
        return node

    def add_entity(self, e: Entity) -> None:
        g = self.g
        node = entity_iri(self.gss, e.type, e.label)
        self.entity_iris[e.key] = node
        g.add((node, RDF.type, SG[e.type]))
        g.add((node, RDFS.label, Literal(e.label)))
        for alt in e.alt_labels:
            if alt != e.label:
                g.add((node, SKOS.altLabel, Literal(alt)))
        g.add((node, SG.council, self.council))
        for m in e.mentions:
            g.add((node, PROV.wasDerivedFrom, self.sentence_node(m.sentence)))

    def node_for_key(self, key: str) -> URIRef | None:
        if key == COUNCIL_KEY:
            return self.council
        return self.entity_iris.get(key)

    def add_relations(self) -> None:
        for r in self.ex.relations:
            s = self.node_for_key(r.subject)
            if r.predicate == "addressesPriority":
                o = PRIORITY[r.object]
            else:
                o = self.node_for_key(r.object)
            if s is None or o is None or s == o:
                continue
            evidence = self.sentence_node(r.sentence)
            self.assert_with_evidence(s, SG[r.predicate], o, evidence, r.rule)
            if r.since and r.predicate in ("commissions", "providedBy"):
                service = o if r.predicate == "commissions" else s
                kind = XSD.gYear if len(r.since) == 4 else XSD.gYearMonth
                self.assert_with_evidence(
                    service, SG.since, Literal(r.since, datatype=kind), evidence, r.rule
                )

    def add_judgements(self) -> None:
        g, facts = self.g, self.ex.facts
        for j in facts.judgements:
            node = judgement_iri(self.inspection, j.area)
            g.add((self.inspection, SG.hasJudgement, node))
            g.add((node, RDF.type, SG.Judgement))
            g.add((node, RDFS.label, Literal(f"{j.area}: {j.grade}")))
            g.add((node, SG.area, AREA[j.area]))
            g.add((node, SG.grade, GRADE[j.grade]))
            evidence = self.evidence_for_span(j.start, j.end) if j.start >= 0 else None
            if evidence is not None:
                g.add((node, PROV.wasDerivedFrom, evidence))
            if j.area == "lscb":
                subject = self.ensure_board(evidence or self.span_node(0, 1))
                g.add((self.inspection, SG.inspected, subject))
            else:
                subject = self.council
            g.add((node, SG.subject, subject))

    def add_recommendations(self) -> None:
        g, facts = self.g, self.ex.facts
        for rec in facts.recommendations:
            node = recommendation_iri(self.inspection, rec.start)
            evidence = self.span_node(rec.start, rec.end)
            g.add((self.inspection, SG.hasRecommendation, node))
            g.add((node, RDF.type, SG.Recommendation))
            text = " ".join(rec.text.split())
            short = text if len(text) <= 80 else text[:77].rsplit(" ", 1)[0] + "..."
            g.add((node, RDFS.label, Literal(short)))
            g.add((node, RDF.value, Literal(text)))
            g.add((node, PROV.wasDerivedFrom, evidence))
            if rec.area:
                g.add((node, SG.area, AREA[rec.area]))
            if rec.addressed_to == "la":
                target = self.council
            else:
                target = self.ensure_board(evidence)
            g.add((node, SG.addressedTo, target))

    def build(self) -> Graph:
        self.add_council()
        self.add_report()
        for e in sorted(self.ex.entities, key=lambda e: (e.type, e.key)):
            if e.type != "LocalAuthority":
                self.add_entity(e)
        if self.ex.facts.report_type in ("sif-lscb", "lscb-review") and self.board_iri():
            self.g.add((self.inspection, SG.inspected, self.board_iri()))
        self.add_relations()
        self.add_judgements()
        self.add_recommendations()
        return self.g.graph()


def assemble(extraction: Extraction) -> Graph:
    """Turn one report's extraction into an RDF graph (docs/rdf-model.md)."""
    return _Builder(extraction).build()


__all__ = ["assemble", "COUNCIL_KEY"]
