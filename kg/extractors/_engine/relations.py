"""Relation cue rules: a cue phrase in a sentence relates the entities mentioned
before and after it (see ``kg.extractors._engine`` for the format)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from kg.components import Context
from kg.model import Entity, Relation, Sentence
from kg.text import MentionIndex, Spot, lowered, mention_index, term_regex
from kg.text.scan import may_match

COUNCIL = "council"  # the fixed key of the report's council as a relation end


@dataclass(frozen=True)
class Role:
    fixed: str | None = None
    side: str = "after"
    types: frozenset[str] = frozenset()
    pick: str = "nearest"
    coref: frozenset[str] = frozenset()


def _role(spec) -> Role:
    if isinstance(spec, str):
        return Role(fixed=spec)
    return Role(
        side=spec.get("side", "after"),
        types=frozenset(spec.get("types", ())),
        pick=spec.get("pick", "nearest"),
        coref=frozenset(spec.get("coref", ()) or ()),
    )


@dataclass(frozen=True)
class RelationRule:
    id: str
    predicate: str
    cue: re.Pattern
    subject: Role
    object: Role
    window: int = 200
    negatable: bool = True
    unless_before: re.Pattern | None = None


_COREF_OPEN = re.compile(
    r"^\s*(?:the|this|that|its|their|these)\s+(service|team|panel|hub|unit|provision|contract)s?\b",
    re.IGNORECASE,
)


class RelationRules:
    """The relation rules of one family; ``relations`` applies them to a report's entities."""

    def __init__(self, rules: Iterable[Mapping]):
        self.rules = []
        for r in rules:
            if "predicate" not in r:
                continue
            cue = r["cue"]
            rx = cue[3:] if cue.startswith("re:") else term_regex(cue, plural=False)
            self.rules.append(
                RelationRule(
                    id=r["id"],
                    predicate=r["predicate"],
                    cue=re.compile(rx, re.IGNORECASE),
                    subject=_role(r["subject"]),
                    object=_role(r["object"]),
                    window=int(r.get("window", 200)),
                    negatable=r.get("negatable", True),
                    unless_before=re.compile(r["unless_before"], re.IGNORECASE)
                    if r.get("unless_before")
                    else None,
                )
            )

    def relations(self, ctx: Context, entities: Sequence[Entity]) -> list[Relation]:
        index = mention_index(entities)
        keys = index.entities
        out: list[Relation] = []
        ends = [(rule, rule.subject.types | rule.object.types) for rule in self.rules]
        sentences = ctx.sentences
        lows = lowered(sentences)
        for i, s in enumerate(sentences):
            spots = index.by_sentence.get(s.index)
            if not spots:
                continue  # every rule needs at least one end in the sentence itself
            present = {p.type for p in spots}
            for rule, types in ends:
                if types.isdisjoint(present) or not may_match(rule.cue, s.text, lows[i]):
                    continue
                for m in rule.cue.finditer(s.text):
                    if rule.negatable and _neg_near(s.text, m.start()):
                        continue
                    if rule.unless_before and rule.unless_before.search(
                        s.text[max(0, m.start() - 50) : m.start()]
                    ):
                        continue
                    cs, ce = s.start + m.start(), s.start + m.end()
                    prev = sentences[i - 1].index if i else None
                    subs = _fill(rule.subject, rule.window, s, cs, ce, spots, index, prev)
                    objs = _fill(rule.object, rule.window, s, cs, ce, spots, index, prev)
                    for a in subs:
                        for b in objs:
                            if (
                                a == b
                                or (a != COUNCIL and a not in keys)
                                or (b != COUNCIL and b not in keys)
                            ):
                                continue
                            out.append(Relation(a, rule.predicate, b, s.index, rule.id, cs, ce))
        return out


_NEG_CUE = re.compile(r"\b(?:not|no|never|nor|without)\b[^,;.]*$", re.IGNORECASE)


def _neg_near(text: str, start: int) -> bool:
    return bool(_NEG_CUE.search(text[max(0, start - 40) : start]))


def _fill(
    role: Role,
    window: int,
    s: Sentence,
    cs: int,
    ce: int,
    spots: Sequence[Spot],
    index: MentionIndex,
    prev: int | None,
) -> list[str]:
    """The keys that fill ``role`` for the cue at ``[cs, ce)`` of sentence ``s``, whose
    entities are ``spots``; ``prev`` is the index of the sentence before (coreference)."""
    if role.fixed:
        return [role.fixed]
    if (
        role.side == "any"
    ):  # symmetric cues ("co-located with"): the nearest of the type on either side
        cands = [
            p
            for p in spots
            if p.type in role.types
            and (
                (p.end <= cs and p.start >= cs - window)
                or (p.start >= ce and p.start <= ce + window)
            )
        ]
        cands.sort(key=lambda p: (min(abs(cs - p.end), abs(p.start - ce)), p.start))
        if role.pick == "nearest":
            cands = cands[:1]
    elif role.side == "before":
        cands = [
            p for p in spots if p.end <= cs and p.start >= cs - window and p.type in role.types
        ]
        cands.sort(key=lambda p: (p.start, p.end))
        if role.pick == "nearest":
            cands = cands[-1:]
        if (
            not cands
            and role.coref
            and _COREF_OPEN.match(s.text[: cs - s.start])
            and cs - s.start < 60
        ):
            if prev is not None:
                back = [p for p in index.in_sentence(prev) if p.type in role.coref]
                cands = back[-1:]
    else:
        cands = [
            p for p in spots if p.start >= ce and p.start <= ce + window and p.type in role.types
        ]
        cands.sort(key=lambda p: (p.start, p.end))
        if role.pick == "nearest":
            cands = cands[:1]
    keys = []
    for p in cands:
        if p.key not in keys:
            keys.append(p.key)
    return keys
