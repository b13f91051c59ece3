"""``evaluate()``: score a graph against a gold annotation, one part at a time.

Each part below fills its own fields of the ``Evaluation``: entities (rules
3, 4 and 6), relations (rule 5), judgements and recommendations (rule 7)
and the report facts (rule 8). The entity part's node-to-gold matches feed
the relation part; the last three read the Inspection node that
``_inspection`` picks.
"""

from __future__ import annotations

from collections import Counter

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from kg.evaluate.gold import Gold
from kg.evaluate.match import (
    EntityNode,
    IsCouncil,
    council_test,
    entity_nodes,
    match_nodes,
    max_matching,
)
from kg.evaluate.reader import Reader, concept_id, load_ontology, local_name
from kg.evaluate.results import Evaluation, Item, RelationItem, Score
from kg.namespaces import AREA, GRADE, PRIORITY, SG, normalise_label


def evaluate(graph: Graph, gold: Gold, ontology: Graph | None = None) -> Evaluation:
    """Score ``graph`` against ``gold``; ``ontology`` defaults to the project's ontology/."""
    reader = Reader(graph, load_ontology() if ontology is None else ontology)
    is_council = council_test(graph, gold)
    result = Evaluation()
    nodes = entity_nodes(reader, is_council)
    matches = _score_entities(reader, gold, nodes, result)
    _score_relations(reader, gold, nodes, matches, result)
    inspection = _inspection(graph, gold)
    _score_judgements(graph, gold, inspection, result)
    _score_recommendations(reader, gold, inspection, is_council, result)
    result.facts = _report_facts(graph, gold, inspection)
    return result


def _score_entities(
    reader: Reader, gold: Gold, nodes: dict[str, EntityNode], result: Evaluation
) -> dict[str, list[str]]:
    """Fill the entity score, misses, false positives and must_not hits.

    Required gold entities are paired with nodes by maximum matching; an
    unpaired node is a false positive (a duplicate if it matches some gold
    entity) unless it matches an optional entity, and a must_not hit always
    is one. Returns node IRI -> the gold ids it matches, for the relations.
    """
    gold_by_id = {e.id: e for e in gold.entities}
    matches, must_not_of = match_nodes(reader, nodes, gold)
    required_edges = {
        iri: [g for g in gids if not gold_by_id[g].optional]
        for iri, gids in matches.items()
        if iri not in must_not_of
    }
    paired = max_matching({k: v for k, v in required_edges.items() if v})
    matched_required = set(paired.values())

    for iri, (_labels, types, display) in nodes.items():
        main_type = reader.main_type(types)
        if iri in must_not_of:
            item = Item(display, main_type, iri, "must_not: " + ", ".join(must_not_of[iri].labels))
            result.must_not_hits.append(item)
            result.false_entities.append(item)
            continue
        gids = matches[iri]
        if iri in paired:
            continue
        if not gids:
            result.false_entities.append(Item(display, main_type, iri))
        elif any(gold_by_id[g].optional for g in gids):
            continue  # stands for an optional entity: counts for nothing
        else:
            result.false_entities.append(
                Item(display, main_type, iri, "duplicate of " + ", ".join(gids))
            )
    for e in gold.entities:
        if not e.optional and e.id not in matched_required:
            result.missed_entities.append(Item(e.labels[0], e.type, e.id))
    n_required = sum(1 for e in gold.entities if not e.optional)
    result.entities = Score(
        len(matched_required), len(result.false_entities), n_required - len(matched_required)
    )
    result.false_entities.sort(key=lambda i: (i.type, normalise_label(i.label), i.ref))
    return matches


def _score_relations(
    reader: Reader,
    gold: Gold,
    nodes: dict[str, EntityNode],
    matches: dict[str, list[str]],
    result: Evaluation,
) -> None:
    """Fill the relation score, misses and false positives.

    A graph relation hits a gold relation when its ends match the gold ends
    (a Priority concept stands for itself); one that hits none is a false
    positive. Optional gold relations are never missed.
    """
    gold_by_id = {e.id: e for e in gold.entities}

    def ends(node) -> set[str]:
        return set(matches.get(str(node), ()))

    def display(node) -> str:
        if str(node) in nodes:
            return nodes[str(node)].display
        pid = concept_id(node, PRIORITY)
        if pid is not None:
            return pid
        raw = reader.labels(node)
        return min(raw) if raw else local_name(node)

    def name_of(gid: str) -> str:
        e = gold_by_id.get(gid)
        return e.labels[0] if e else gid

    gold_rels = {(r.subject, r.predicate, r.object): r for r in gold.relations}
    hit: set[tuple[str, str, str]] = set()
    for a, name, b in sorted(reader.relations()):
        a_ids = ends(a)
        if name == "addressesPriority" and concept_id(b, PRIORITY) is not None:
            b_ids = {concept_id(b, PRIORITY)}
        else:
            b_ids = ends(b)
        keys = {(x, name, y) for x in a_ids for y in b_ids} & gold_rels.keys()
        if keys:
            hit |= keys
            continue
        result.false_relations.append(
            RelationItem(display(URIRef(a)), name, display(URIRef(b)), f"{a} {name} {b}")
        )
    required = [r for r in gold.relations if not r.optional]
    for r in required:
        if (r.subject, r.predicate, r.object) not in hit:
            result.missed_relations.append(
                RelationItem(
                    name_of(r.subject),
                    r.predicate,
                    name_of(r.object),
                    f"{r.subject} {r.predicate} {r.object}",
                )
            )
    tp = sum(1 for r in required if (r.subject, r.predicate, r.object) in hit)
    result.relations = Score(tp, len(result.false_relations), len(required) - tp)
    result.false_relations.sort(
        key=lambda r: (r.predicate, r.subject.lower(), r.object.lower(), r.ref)
    )


def _date(value) -> str | None:
    return None if value is None else str(value)[:10]


def _inspection(graph: Graph, gold: Gold):
    """The Inspection node starting on the gold start date, else the first; None if none."""
    inspections = sorted(graph.subjects(RDF.type, SG.Inspection), key=str)
    if not inspections:
        return None
    start = gold.report.get("inspection_start")
    by_start = [
        i for i in inspections if _date(next(graph.objects(i, SG.startDate), None)) == start
    ]
    return (by_start or inspections)[0]


def _inspection_parts(graph: Graph, inspection, prop, cls) -> list:
    """The inspection's ``prop`` values; failing those, every node of class ``cls``."""
    parts = list(graph.objects(inspection, prop)) if inspection is not None else []
    return parts or list(graph.subjects(RDF.type, cls))


def _score_judgements(graph: Graph, gold: Gold, inspection, result: Evaluation) -> None:
    """Fill the judgement score: exact {area, grade} pairs, each gold pair used once."""
    judgement_nodes = _inspection_parts(graph, inspection, SG.hasJudgement, SG.Judgement)
    pairs = []
    for j in sorted(set(judgement_nodes), key=str):
        area = next((concept_id(a, AREA) or local_name(a) for a in graph.objects(j, SG.area)), "?")
        grade = next(
            (concept_id(g, GRADE) or local_name(g) for g in graph.objects(j, SG.grade)), "?"
        )
        pairs.append((area, grade))
    remaining = Counter(gold.judgements)
    for pair in sorted(pairs):
        if remaining[pair] > 0:
            remaining[pair] -= 1
        else:
            result.false_judgements.append(pair)
    result.missed_judgements = sorted(remaining.elements())
    jt = len(gold.judgements) - len(result.missed_judgements)
    result.judgements = Score(jt, len(result.false_judgements), len(result.missed_judgements))


def _score_recommendations(
    reader: Reader, gold: Gold, inspection, is_council: IsCouncil, result: Evaluation
) -> None:
    """Fill the recommendation count, its split by addressee (la, lscb, other) and score."""
    graph = reader.graph
    rec_nodes = _inspection_parts(graph, inspection, SG.hasRecommendation, SG.Recommendation)
    split: Counter = Counter()
    for r in set(rec_nodes):
        key = "other"
        for target in graph.objects(r, SG.addressedTo):
            types = reader.types(target)
            labels = {normalise_label(x) for x in reader.labels(target)}
            if "LocalAuthority" in types and is_council(target, labels):
                key = "la"
            elif "Board" in types:
                key = "lscb"
        split[key] += 1
    gold_split = dict(gold.addressed_to)
    result.recommendation_count = (gold.recommendation_count, len(set(rec_nodes)))
    result.addressed_to = {
        k: (gold_split.get(k, 0), split.get(k, 0)) for k in sorted(set(gold_split) | set(split))
    }
    rtp = sum(min(g, f) for g, f in result.addressed_to.values())
    gold_total = (
        gold.recommendation_count
        if gold.recommendation_count is not None
        else sum(gold_split.values())
    )
    result.recommendations = Score(rtp, len(set(rec_nodes)) - rtp, max(gold_total - rtp, 0))


def _report_facts(graph: Graph, gold: Gold, inspection) -> dict[str, tuple[str | None, str | None]]:
    """The Inspection's dates and the council's GSS code, each as (gold, graph)."""

    def date_of(prop) -> str | None:
        if inspection is None:
            return None
        return _date(next(iter(sorted(graph.objects(inspection, prop))), None))

    gss = gold.report.get("gss_code")
    codes = sorted(
        {
            str(c)
            for n in graph.subjects(RDF.type, SG.LocalAuthority)
            for c in graph.objects(n, SG.gssCode)
        }
    )
    return {
        "start_date": (gold.report.get("inspection_start"), date_of(SG.startDate)),
        "end_date": (gold.report.get("inspection_end"), date_of(SG.endDate)),
        "published": (gold.report.get("published"), date_of(SG.published)),
        "gss_code": (gss, gss if gss in codes else (codes[0] if codes else None)),
    }
