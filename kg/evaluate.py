"""Score a built graph against a gold annotation (spec/evaluation.md).

``evaluate(graph, gold)`` returns an ``Evaluation``: precision, recall and F1
for entities, relations, judgements and recommendations, the report facts,
and the misses and false positives by name. ``render_text`` formats it for a
developer; ``Evaluation.to_dict`` gives plain data for JSON.

Matching follows the spec's rules, numbered as there:

1. labels are compared after ``kg.namespaces.normalise_label``;
2. a node's labels are its rdfs:label, skos:prefLabel and skos:altLabel; its
   types are its rdf:type classes closed under rdfs:subClassOf (graph plus
   ontology);
3. a node matches a gold entity on a shared label and the gold type, or on
   the parent type alone (Board, Service) for gold types below those;
4. entity scores count nodes of the core classes (not Priority, Inspection,
   Judgement, Recommendation); LocalAuthority nodes other than the report's
   council are ignored; duplicates are false positives; nodes matching only
   optional entities count for nothing;
5. relations are read through owl:inverseOf and rdfs:subPropertyOf;
6. ``must_not`` hits are reported apart and count as false positives;
7. judgements are exact {area, grade} pairs; recommendations are counted
   with their addressed_to split;
8. report facts: the Inspection's dates and the council's GSS code.

Where the spec leaves a choice this module decides as follows. Required gold
entities are paired with nodes by a maximum bipartite matching (so a node
that could stand for two entities never hides one of them); a node left
unpaired is a duplicate (false positive) unless it also matches an optional
entity. Graph relations are counted once per distinct (subject node,
predicate, object node) after reading through inverses and subproperties.
"""

from __future__ import annotations

import datetime as _dt
import functools
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg.errors import InputError
from kg.namespaces import AREA, GRADE, PRIORITY, SG, normalise_label
from kg.rdfio import read_graph
from kg.resources import ontology_files
from kg.vocabulary import CORE_CLASSES as _CORE_CLASSES
from kg.vocabulary import CORE_RELATIONS as _CORE_RELATIONS

CORE_CLASSES = list(_CORE_CLASSES)
NOT_ENTITY_CLASSES = ("Priority", "Inspection", "Judgement", "Recommendation")
ENTITY_CLASSES = tuple(c for c in CORE_CLASSES if c not in NOT_ENTITY_CLASSES)
LENIENT_PARENTS = ("Board", "Service")
CORE_RELATIONS = list(_CORE_RELATIONS)
LABEL_PROPERTIES = (RDFS.label, SKOS.prefLabel, SKOS.altLabel)


# --------------------------------------------------------------------------- gold


@dataclass(frozen=True)
class GoldEntity:
    id: str
    type: str
    labels: tuple[str, ...]
    optional: bool = False


@dataclass(frozen=True)
class GoldRelation:
    subject: str
    predicate: str
    object: str
    optional: bool = False


@dataclass(frozen=True)
class Gold:
    report: dict[str, str | None]
    judgements: tuple[tuple[str, str], ...]
    recommendation_count: int | None
    addressed_to: dict[str, int]
    entities: tuple[GoldEntity, ...]
    must_not: tuple[GoldEntity, ...]
    relations: tuple[GoldRelation, ...]


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()[:10]
    return str(value)


def load_gold(path: str | Path) -> Gold:
    """Read a gold YAML file (format in spec/evaluation.md)."""
    path = Path(path)
    if not path.is_file():
        raise InputError("gold file not found", str(path))
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise InputError(
            f"not a readable YAML gold file ({type(exc).__name__})", str(path)
        ) from exc
    if not isinstance(data, dict):
        raise InputError("gold file is not a YAML mapping", str(path))
    try:
        return parse_gold(data)
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError(f"malformed gold file: {exc}", str(path)) from exc


def parse_gold(data: dict) -> Gold:
    """Turn the YAML mapping of a gold file into a ``Gold``."""
    report = {k: _text(v) for k, v in (data.get("report") or {}).items()}
    judgements = tuple((str(j["area"]), str(j["grade"])) for j in data.get("judgements") or ())
    recs = data.get("recommendations") or {}
    entities = tuple(
        GoldEntity(
            str(e["id"]),
            str(e["type"]),
            tuple(str(x) for x in e["labels"]),
            bool(e.get("optional", False)),
        )
        for e in data.get("entities") or ()
    )
    must_not = tuple(
        GoldEntity(f"must_not:{i}", str(e["type"]), tuple(str(x) for x in e["labels"]))
        for i, e in enumerate(data.get("must_not") or ())
    )
    relations = []
    for item in data.get("relations") or ():
        optional = False
        if isinstance(item, dict):
            optional = bool(item.get("optional", False))
            item = item["rel"]
        s, p, o = (str(x) for x in item)
        relations.append(GoldRelation(s, p, o, optional))
    ids = [e.id for e in entities]
    dupes = sorted(i for i, n in Counter(ids).items() if n > 1)
    if dupes:
        raise ValueError(f"duplicate entity ids {dupes}")
    return Gold(
        report=report,
        judgements=judgements,
        recommendation_count=recs.get("count"),
        addressed_to={str(k): int(v) for k, v in (recs.get("addressed_to") or {}).items()},
        entities=entities,
        must_not=must_not,
        relations=tuple(relations),
    )


# --------------------------------------------------------------------------- graph


def load_graph(path: str | Path) -> Graph:
    """Parse an RDF file (format by extension; named graphs merged)."""
    return read_graph([path])


def load_ontology(paths: Iterable[str | Path] | None = None) -> Graph:
    graph = Graph()
    for p in ontology_files() if paths is None else paths:
        graph.parse(str(p), format="turtle")
    return graph


# --------------------------------------------------------------------------- results


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass(frozen=True)
class Item:
    """A named thing in a result list: a missed gold entity or a false-positive node."""

    label: str
    type: str
    ref: str  # gold id or node IRI
    note: str = ""


@dataclass(frozen=True)
class RelationItem:
    subject: str
    predicate: str
    object: str
    ref: str = ""  # gold ids or node IRIs, "s p o"
    note: str = ""


@dataclass
class Evaluation:
    entities: Score = field(default_factory=Score)
    relations: Score = field(default_factory=Score)
    judgements: Score = field(default_factory=Score)
    recommendations: Score = field(default_factory=Score)
    missed_entities: list[Item] = field(default_factory=list)
    false_entities: list[Item] = field(default_factory=list)
    must_not_hits: list[Item] = field(default_factory=list)
    missed_relations: list[RelationItem] = field(default_factory=list)
    false_relations: list[RelationItem] = field(default_factory=list)
    missed_judgements: list[tuple[str, str]] = field(default_factory=list)
    false_judgements: list[tuple[str, str]] = field(default_factory=list)
    recommendation_count: tuple[int | None, int] = (None, 0)  # (gold, graph)
    addressed_to: dict[str, tuple[int, int]] = field(default_factory=dict)  # key -> (gold, graph)
    facts: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)  # (gold, graph)

    @property
    def judgements_exact(self) -> bool:
        return not self.missed_judgements and not self.false_judgements

    @property
    def recommendations_exact(self) -> bool:
        gold, found = self.recommendation_count
        return gold == found and all(g == f for g, f in self.addressed_to.values())

    @property
    def facts_ok(self) -> bool:
        return all(g is None or g == f for g, f in self.facts.values())

    def to_dict(self) -> dict:
        return {
            "entities": self.entities.to_dict(),
            "relations": self.relations.to_dict(),
            "judgements": {**self.judgements.to_dict(), "exact": self.judgements_exact},
            "recommendations": {
                **self.recommendations.to_dict(),
                "exact": self.recommendations_exact,
                "count": {
                    "gold": self.recommendation_count[0],
                    "graph": self.recommendation_count[1],
                },
                "addressed_to": {
                    k: {"gold": g, "graph": f} for k, (g, f) in sorted(self.addressed_to.items())
                },
            },
            "report": {
                "ok": self.facts_ok,
                **{
                    k: {"gold": g, "graph": f, "ok": g is None or g == f}
                    for k, (g, f) in self.facts.items()
                },
            },
            "must_not_hits": [asdict(i) for i in self.must_not_hits],
            "missed_entities": [asdict(i) for i in self.missed_entities],
            "false_entities": [asdict(i) for i in self.false_entities],
            "missed_relations": [asdict(i) for i in self.missed_relations],
            "false_relations": [asdict(i) for i in self.false_relations],
            "missed_judgements": [{"area": a, "grade": g} for a, g in self.missed_judgements],
            "false_judgements": [{"area": a, "grade": g} for a, g in self.false_judgements],
        }


# --------------------------------------------------------------------------- reading the graph


def _local(iri) -> str:
    s = str(iri)
    for sep in ("#", "/"):
        if sep in s:
            s = s.rsplit(sep, 1)[1]
            break
    return s


class _Reader:
    """The graph plus ontology, with the closures the rules need."""

    def __init__(self, graph: Graph, ontology: Graph):
        self.graph = graph
        schema = Graph()
        for t in ontology:
            schema.add(t)
        for p in (RDFS.subClassOf, RDFS.subPropertyOf, OWL.inverseOf):
            for t in graph.triples((None, p, None)):
                schema.add(t)
        self._super: dict = {}
        for s, o in schema.subject_objects(RDFS.subClassOf):
            self._super.setdefault(s, set()).add(o)
        self._superprop: dict = {}
        for s, o in schema.subject_objects(RDFS.subPropertyOf):
            self._superprop.setdefault(s, set()).add(o)
        self._inverse: dict = {}
        for s, o in schema.subject_objects(OWL.inverseOf):
            self._inverse.setdefault(s, set()).add(o)
            self._inverse.setdefault(o, set()).add(s)
        self._prop_cache: dict = {}

    def superclasses(self, cls) -> set:
        seen = {cls}
        todo = [cls]
        while todo:
            for sup in self._super.get(todo.pop(), ()):
                if sup not in seen:
                    seen.add(sup)
                    todo.append(sup)
        return seen

    def types(self, node) -> set[str]:
        """Core class local names of a node, closed under rdfs:subClassOf."""
        out: set[str] = set()
        for t in self.graph.objects(node, RDF.type):
            for c in self.superclasses(t):
                if isinstance(c, URIRef) and str(c).startswith(str(SG)):
                    name = str(c)[len(str(SG)) :]
                    if name in CORE_CLASSES:
                        out.add(name)
        return out

    def labels(self, node) -> list[str]:
        out = []
        for p in LABEL_PROPERTIES:
            out.extend(str(o) for o in self.graph.objects(node, p) if isinstance(o, Literal))
        return out

    def readings(self, prop) -> set[tuple[str, bool]]:
        """Core predicates a property stands for: (local name, inverted)."""
        if prop in self._prop_cache:
            return self._prop_cache[prop]
        seen = {(prop, False)}
        todo = [(prop, False)]
        while todo:
            p, inv = todo.pop()
            nexts = [(q, inv) for q in self._superprop.get(p, ())]
            nexts += [(q, not inv) for q in self._inverse.get(p, ())]
            for n in nexts:
                if n not in seen:
                    seen.add(n)
                    todo.append(n)
        out = set()
        for p, inv in seen:
            if isinstance(p, URIRef) and str(p).startswith(str(SG)):
                name = str(p)[len(str(SG)) :]
                if name in CORE_RELATIONS:
                    out.add((name, inv))
        self._prop_cache[prop] = out
        return out

    def core_subclass_of(self, child: str, parent: str) -> bool:
        return child != parent and SG[parent] in self.superclasses(SG[child])


# --------------------------------------------------------------------------- matching


def _node_matches(reader: _Reader, labels: set[str], types: set[str], gold: GoldEntity) -> bool:
    """Rule 3: a shared normalised label and the gold type (or the coarse parent)."""
    if not labels & _normalised(gold.labels):
        return False
    if gold.type in types:
        return True
    # the node's own type is only the parent: no core type of it lies below the parent
    return any(
        parent in types
        and reader.core_subclass_of(gold.type, parent)
        and not any(reader.core_subclass_of(t, parent) for t in types)
        for parent in LENIENT_PARENTS
    )


@functools.lru_cache(maxsize=4096)
def _normalised(labels: tuple[str, ...]) -> frozenset[str]:
    return frozenset(normalise_label(x) for x in labels)


def _max_matching(edges: dict[str, list[str]]) -> dict[str, str]:
    """Maximum bipartite matching node -> gold id (Kuhn's algorithm, deterministic order)."""
    owner: dict[str, str] = {}

    def attempt(node: str, seen: set[str]) -> bool:
        for gid in edges[node]:
            if gid in seen:
                continue
            seen.add(gid)
            if gid not in owner or attempt(owner[gid], seen):
                owner[gid] = node
                return True
        return False

    for node in sorted(edges):
        attempt(node, set())
    return {node: gid for gid, node in owner.items()}


def _concept_id(node, namespace) -> str | None:
    s = str(node)
    return s[len(str(namespace)) :] if s.startswith(str(namespace)) else None


def _f(value) -> str | None:
    return None if value is None else str(value)[:10]


def evaluate(graph: Graph, gold: Gold, ontology: Graph | None = None) -> Evaluation:
    """Score ``graph`` against ``gold``; ``ontology`` defaults to the project's ontology/."""
    reader = _Reader(graph, load_ontology() if ontology is None else ontology)
    result = Evaluation()
    gold_by_id = {e.id: e for e in gold.entities}
    gss = gold.report.get("gss_code")

    # --- which LocalAuthority node is the report's council
    la_gold = [e for e in gold.entities if e.type == "LocalAuthority"]
    council_labels = {normalise_label(x) for e in la_gold for x in e.labels}
    if gold.report.get("local_authority"):
        council_labels.add(normalise_label(gold.report["local_authority"]))

    def is_council(node, labels: set[str]) -> bool:
        codes = {str(o) for o in graph.objects(node, SG.gssCode)}
        if gss and codes:
            return gss in codes
        if gss and str(node).endswith("/" + gss):
            return True
        return bool(labels & council_labels)

    # --- entity nodes (rule 4)
    nodes: dict[str, tuple[set[str], set[str], str]] = {}  # iri -> (labels, types, display label)
    subjects = {s for s in graph.subjects(RDF.type, None) if isinstance(s, URIRef)}
    for node in sorted(subjects, key=str):
        types = reader.types(node)
        if not types & set(ENTITY_CLASSES):
            continue
        raw = reader.labels(node)
        labels = {normalise_label(x) for x in raw}
        if "LocalAuthority" in types and not is_council(node, labels):
            continue  # other councils (statistical neighbours) are context
        main_labels = sorted(str(o) for o in graph.objects(node, RDFS.label))
        display = (main_labels or sorted(raw) or [_local(node)])[0]
        nodes[str(node)] = (labels, types, display)

    def main_type(types: set[str]) -> str:
        specific = [t for t in types if not any(reader.core_subclass_of(u, t) for u in types)]
        return ", ".join(sorted(specific))

    matches: dict[str, list[str]] = {}  # node -> gold ids it matches
    must_not_of: dict[str, GoldEntity] = {}
    for iri, (labels, types, _d) in nodes.items():
        for bad in gold.must_not:
            if _node_matches(reader, labels, types, bad):
                must_not_of[iri] = bad
                break
        matches[iri] = [e.id for e in gold.entities if _node_matches(reader, labels, types, e)]

    required_edges = {
        iri: [g for g in gids if not gold_by_id[g].optional]
        for iri, gids in matches.items()
        if iri not in must_not_of
    }
    paired = _max_matching({k: v for k, v in required_edges.items() if v})
    matched_required = set(paired.values())

    for iri, (_labels, types, display) in nodes.items():
        if iri in must_not_of:
            item = Item(
                display, main_type(types), iri, "must_not: " + ", ".join(must_not_of[iri].labels)
            )
            result.must_not_hits.append(item)
            result.false_entities.append(item)
            continue
        gids = matches[iri]
        if iri in paired:
            continue
        if not gids:
            result.false_entities.append(Item(display, main_type(types), iri))
        elif any(gold_by_id[g].optional for g in gids):
            continue  # stands for an optional entity: counts for nothing
        else:
            result.false_entities.append(
                Item(display, main_type(types), iri, "duplicate of " + ", ".join(gids))
            )
    for e in gold.entities:
        if not e.optional and e.id not in matched_required:
            result.missed_entities.append(Item(e.labels[0], e.type, e.id))
    n_required = sum(1 for e in gold.entities if not e.optional)
    result.entities = Score(
        len(matched_required), len(result.false_entities), n_required - len(matched_required)
    )

    # --- relations (rule 5)
    def ends(node) -> set[str]:
        return set(matches.get(str(node), ()))

    def display(node) -> str:
        if str(node) in nodes:
            return nodes[str(node)][2]
        pid = _concept_id(node, PRIORITY)
        if pid is not None:
            return pid
        raw = reader.labels(node)
        return min(raw) if raw else _local(node)

    found: set[tuple[str, str, str]] = set()
    for s, p, o in graph:
        if not isinstance(s, URIRef) or not isinstance(o, URIRef):
            continue
        for name, inverted in reader.readings(p):
            a, b = (o, s) if inverted else (s, o)
            found.add((str(a), name, str(b)))

    gold_rels = {(r.subject, r.predicate, r.object): r for r in gold.relations}
    hit: set[tuple[str, str, str]] = set()
    for a, name, b in sorted(found):
        a_ids = ends(a)
        if name == "addressesPriority" and _concept_id(b, PRIORITY) is not None:
            b_ids = {_concept_id(b, PRIORITY)}
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

            def name_of(gid: str) -> str:
                e = gold_by_id.get(gid)
                return e.labels[0] if e else gid

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

    # --- the inspection (rule 8)
    inspections = sorted(graph.subjects(RDF.type, SG.Inspection), key=str)
    inspection = None
    if inspections:
        start = gold.report.get("inspection_start")
        by_start = [
            i for i in inspections if _f(next(graph.objects(i, SG.startDate), None)) == start
        ]
        inspection = (by_start or inspections)[0]

    # --- judgements (rule 7)
    judgement_nodes = (
        list(graph.objects(inspection, SG.hasJudgement)) if inspection is not None else []
    )
    if not judgement_nodes:
        judgement_nodes = list(graph.subjects(RDF.type, SG.Judgement))
    pairs = []
    for j in sorted(set(judgement_nodes), key=str):
        area = next((_concept_id(a, AREA) or _local(a) for a in graph.objects(j, SG.area)), "?")
        grade = next((_concept_id(g, GRADE) or _local(g) for g in graph.objects(j, SG.grade)), "?")
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

    # --- recommendations (rule 7)
    rec_nodes = (
        list(graph.objects(inspection, SG.hasRecommendation)) if inspection is not None else []
    )
    if not rec_nodes:
        rec_nodes = list(graph.subjects(RDF.type, SG.Recommendation))
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

    # --- report facts (rule 8)
    def date_of(prop) -> str | None:
        if inspection is None:
            return None
        return _f(next(iter(sorted(graph.objects(inspection, prop))), None))

    result.facts = {
        "start_date": (gold.report.get("inspection_start"), date_of(SG.startDate)),
        "end_date": (gold.report.get("inspection_end"), date_of(SG.endDate)),
        "published": (gold.report.get("published"), date_of(SG.published)),
    }
    codes = sorted(
        {
            str(c)
            for n in graph.subjects(RDF.type, SG.LocalAuthority)
            for c in graph.objects(n, SG.gssCode)
        }
    )
    result.facts["gss_code"] = (gss, gss if gss in codes else (codes[0] if codes else None))
    result.false_entities.sort(key=lambda i: (i.type, normalise_label(i.label), i.ref))
    result.false_relations.sort(
        key=lambda r: (r.predicate, r.subject.lower(), r.object.lower(), r.ref)
    )
    return result


def evaluate_files(
    graph_path: str | Path, gold_path: str | Path, ontology: Graph | None = None
) -> Evaluation:
    """Load a graph file and a gold file and score one against the other."""
    gold = load_gold(gold_path)
    return evaluate(load_graph(graph_path), gold, ontology)


# --------------------------------------------------------------------------- rendering


def _score_line(name: str, s: Score, extra: str = "") -> str:
    return (
        f"{name:<16} P {s.precision:.3f}  R {s.recall:.3f}  F1 {s.f1:.3f}"
        f"  (TP {s.tp}, FP {s.fp}, FN {s.fn}){extra}"
    )


def render_text(ev: Evaluation) -> str:
    """P/R/F1 per part, report facts, then misses and false positives by name."""
    lines = [
        _score_line("entities", ev.entities),
        _score_line("relations", ev.relations),
        _score_line(
            "judgements", ev.judgements, "  exact" if ev.judgements_exact else "  NOT exact"
        ),
        _score_line(
            "recommendations",
            ev.recommendations,
            "  exact" if ev.recommendations_exact else "  NOT exact",
        ),
    ]
    gold_n, found_n = ev.recommendation_count
    split = ", ".join(f"{k} {g}/{f}" for k, (g, f) in ev.addressed_to.items())
    lines.append(f"  recommendations gold/graph: {gold_n}/{found_n} ({split})")
    facts = "; ".join(
        f"{k} {f or '-'}" + ("" if g is None or g == f else f" (gold {g})")
        for k, (g, f) in ev.facts.items()
    )
    lines.append(f"report facts     {'ok' if ev.facts_ok else 'WRONG'}: {facts}")

    def section(title: str, rows: list[str]) -> None:
        if rows:
            lines.append("")
            lines.append(f"{title} ({len(rows)}):")
            lines.extend(f"  {r}" for r in rows)

    section("must_not hits", [f"{i.label} ({i.type})  {i.ref}" for i in ev.must_not_hits])
    section("missed entities", [f"{i.label} ({i.type})  [{i.ref}]" for i in ev.missed_entities])
    section(
        "false positive entities",
        [f"{i.label} ({i.type})" + (f"  [{i.note}]" if i.note else "") for i in ev.false_entities],
    )
    section(
        "missed relations", [f"{r.subject} {r.predicate} {r.object}" for r in ev.missed_relations]
    )
    section(
        "false positive relations",
        [f"{r.subject} {r.predicate} {r.object}" for r in ev.false_relations],
    )
    section("missed judgements", [f"{a}: {g}" for a, g in ev.missed_judgements])
    section("false judgements", [f"{a}: {g}" for a, g in ev.false_judgements])
    return "\n".join(lines) + "\n"
