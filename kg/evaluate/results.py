"""What ``evaluate()`` returns: scores and the named misses and false positives.

``Score`` is one part's TP/FP/FN with precision, recall and F1; ``Item`` and
``RelationItem`` name a missed gold entity or relation or a false-positive
node or edge; ``Evaluation`` gathers them all with the recommendation counts
and report facts, and ``Evaluation.to_dict`` gives plain data for JSON.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


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
