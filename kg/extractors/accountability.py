"""Accountability between posts and bodies: ``chairs`` (active, passive and a
post named after its body: "LSCB chair"), ``holdsToAccount`` ("the chief
executive holds the DCS and the LSCB chair to account"; "is held to account
by"), a post's ``reportsTo``, ``leads`` (from posts.yaml) and ``memberOf``
("is a member of", "sits on"). Rules: ``kg/rules/accountability.yaml``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache

from kg.components import Component, Context, load_rules, register
from kg.model import Entity, Relation
from kg.text import BOARD_TYPES, SERVICE_TYPES, Spot, lowered, mention_index, squash
from kg.text.scan import may_match

FAMILY = "accountability"
CHAIRED = BOARD_TYPES | {"SubGroup", "ExecutiveGroup", "Panel"}
BODIES = CHAIRED | SERVICE_TYPES | {"PartnerAgency", "Provider", "ParticipationGroup"}
POST = {"Post"}


@lru_cache(maxsize=1)
def _compiled() -> tuple[dict[str, re.Pattern], list[dict]]:
    cues = {r["id"]: re.compile(r["cue"], re.I | re.S) for r in load_rules(FAMILY) if r.get("cue")}
    return cues, load_rules("posts")


def _between(sent, start: int, end: int) -> str:
    return sent.text[max(0, start - sent.start) : max(0, end - sent.start)]


def _parenthetical(sent, spot: Spot) -> bool:
    """A mention that only restates the one before it in brackets: "... Board (LSCB)"."""
    before = _between(sent, max(sent.start, spot.start - 2), spot.start)
    after = _between(sent, spot.end, min(sent.end, spot.end + 2))
    return before.endswith("(") and after.startswith(")")


_JOIN = re.compile(r"\s*(?:,|and|,\s*and|&)\s*(?:the\s+)?")


def _subjects(sent, actors: list[Spot], cue_start: int) -> list[Spot]:
    """Who does the verb at ``cue_start``: the nearest actor before it, unless a
    coordinated predicate ("X meets Y and clearly holds ...") points back to the
    sentence's subject; a coordinated subject ("the chief executive and lead
    member hold ...") gives every member."""
    before = [a for a in actors if a.end <= cue_start and not _parenthetical(sent, a)]
    if not before:
        return []
    run = (
        [before[0]]
        if len(re.findall(r"\w+", _between(sent, sent.start, before[0].start))) <= 5
        else []
    )
    for a in before[1:]:
        if run and _JOIN.fullmatch(_between(sent, run[-1].end, a.start)):
            run.append(a)
        elif run:
            break
    nearest = before[-1]
    if run and nearest in run:
        return run
    if run and re.search(r"\band\b", _between(sent, nearest.end, cue_start)):
        return run
    return [nearest]


def _by_label(entities: Sequence[Entity]) -> dict[str, Entity]:
    """Entities by every label they carry (squashed)."""
    out: dict[str, Entity] = {}
    for e in sorted(entities, key=lambda e: (-len(e.mentions), e.key)):
        for lab in (e.label, *e.alt_labels):
            out.setdefault(squash(lab), e)
    return out


@register(FAMILY)
class Accountability(Component):
    produces = ("chairs", "holdsToAccount", "reportsTo", "leads", "memberOf")

    @property
    def cues(self) -> dict[str, re.Pattern]:
        return _compiled()[0]

    @property
    def post_rules(self) -> list[dict]:
        return _compiled()[1]

    def find_relations(self, ctx: Context, entities: Sequence[Entity]) -> Iterable[Relation]:
        mi = mention_index(entities)
        labels = _by_label(entities)
        out: list[Relation] = []
        out.extend(self._post_of_body(entities, labels))
        for sent, low in zip(ctx.sentences, lowered(ctx.sentences), strict=True):
            spots = mi.by_sentence.get(sent.index, [])  # (read only)
            if len(spots) < 2:
                continue
            out.extend(self._chaired_by(sent, low, spots))
            out.extend(self._holds(sent, low, spots))
            out.extend(
                self._simple(
                    sent, low, spots, "accountability.is-chair-of", "chairs", POST, CHAIRED
                )
            )
            out.extend(
                self._simple(
                    sent,
                    low,
                    spots,
                    "accountability.reports-to",
                    "reportsTo",
                    POST | BODIES,
                    CHAIRED | POST | SERVICE_TYPES,
                )
            )
            out.extend(
                self._simple(
                    sent,
                    low,
                    spots,
                    "accountability.member-of",
                    "memberOf",
                    POST | {"PartnerAgency"} | BOARD_TYPES,
                    CHAIRED,
                )
            )
        return out

    # a post named after the body it chairs or leads
    def _post_of_body(
        self, entities: Sequence[Entity], labels: dict[str, Entity]
    ) -> list[Relation]:
        out = []
        rule_attrs = {r.get("canonical"): r for r in self.post_rules if r.get("canonical")}
        for e in entities:
            if e.type != "Post":
                continue
            m = e.mentions[0]
            attrs = rule_attrs.get(e.label, {})
            body = None
            if attrs.get("chairs"):
                body = labels.get(squash(attrs["chairs"]))
            elif re.search(
                r"(?<!vice )(?<!vice-)\bchair$", e.label
            ) and not e.label.lower().startswith(("vice", "child protection", "conference")):
                body = labels.get(squash(e.label[: -len("chair")]))
            if body is not None and body.type in CHAIRED:
                out.append(
                    Relation(
                        e.key,
                        "chairs",
                        body.key,
                        m.sentence,
                        "accountability.post-of-body",
                        m.start,
                        m.end,
                    )
                )
            if attrs.get("leads"):
                led = labels.get(squash(attrs["leads"]))
                if led is not None:
                    out.append(
                        Relation(
                            e.key,
                            "leads",
                            led.key,
                            m.sentence,
                            "accountability.leads",
                            m.start,
                            m.end,
                        )
                    )
        return out

    def _cue(self, rule_id: str, sent, low: str) -> Iterator[re.Match]:
        """The matches of a rule's cue in the sentence (``low``: its text lower cased);
        none, without a search, when the sentence lacks the cue's words."""
        rx = self.cues[rule_id]
        return rx.finditer(sent.text) if may_match(rx, sent.text, low) else iter(())

    def _chaired_by(self, sent, low: str, spots: list[Spot]) -> list[Relation]:
        out = []
        for c in self._cue("accountability.chaired-by", sent, low):
            cs, ce = sent.start + c.start(), sent.start + c.end()
            after = [s for s in spots if s.start >= ce and s.start - ce < 60 and s.type in POST]
            before = [s for s in spots if s.end <= cs and s.type in CHAIRED]
            if after and not before and re.fullmatch(r"[\W\d]*", _between(sent, sent.start, cs)):
                # fronted: "Chaired by the lead member, the corporate parenting board is ..."
                before = [
                    s
                    for s in spots
                    if s.start >= after[0].end
                    and s.start - after[0].end < 150
                    and s.type in CHAIRED
                ][:1]
            if after and before:
                out.append(
                    Relation(
                        after[0].key,
                        "chairs",
                        before[-1].key,
                        sent.index,
                        "accountability.chaired-by",
                        cs,
                        ce,
                    )
                )
        for c in self._cue("accountability.chairs", sent, low):
            cs, ce = sent.start + c.start(), sent.start + c.end()
            before = [s for s in spots if s.end <= cs and cs - s.end < 40 and s.type in POST]
            after = [s for s in spots if s.start >= ce and s.start - ce < 40 and s.type in CHAIRED]
            if before and after:
                out.append(
                    Relation(
                        before[-1].key,
                        "chairs",
                        after[0].key,
                        sent.index,
                        "accountability.chairs",
                        cs,
                        ce,
                    )
                )
        return out

    def _holds(self, sent, low: str, spots: list[Spot]) -> list[Relation]:
        out = []
        actors = POST | BODIES
        for c in self._cue("accountability.holds-to-account", sent, low):
            cs, ce = sent.start + c.start(), sent.start + c.end()
            os_, oe = sent.start + c.start("objects"), sent.start + c.end("objects")
            objs = [
                s
                for s in spots
                if s.start >= os_
                and s.end <= oe
                and s.type in actors
                and not _parenthetical(sent, s)
            ]
            subjects = _subjects(sent, [s for s in spots if s.type in actors], cs)
            if not objs and re.fullmatch(r"\s*(?:him|her|them)\s*", c.group("objects"), re.I):
                # "the independent chair meets the chief executive, who holds her to account"
                heads = [s for s in spots if s.type in actors and s.end <= cs]
                if heads and subjects and heads[0].key not in {x.key for x in subjects}:
                    objs = [heads[0]]
            for subj in subjects:
                for o in objs:
                    if o.key != subj.key:
                        out.append(
                            Relation(
                                subj.key,
                                "holdsToAccount",
                                o.key,
                                sent.index,
                                "accountability.holds-to-account",
                                cs,
                                ce,
                            )
                        )
        for c in self._cue("accountability.held-to-account-by", sent, low):
            cs, ce = sent.start + c.start(), sent.start + c.end()
            held = [s for s in spots if s.end <= cs and s.type in actors]
            holder = [s for s in spots if s.start >= ce and s.start - ce < 40 and s.type in actors]
            if held and holder and held[-1].key != holder[0].key:
                out.append(
                    Relation(
                        holder[0].key,
                        "holdsToAccount",
                        held[-1].key,
                        sent.index,
                        "accountability.held-to-account-by",
                        cs,
                        ce,
                    )
                )
        return out

    def _simple(
        self,
        sent,
        low: str,
        spots: list[Spot],
        rule_id: str,
        predicate: str,
        subj_types,
        obj_types,
    ) -> list[Relation]:
        """``<subject> ... <cue> <object>``: nearest subject before, first object after."""
        out = []
        for c in self._cue(rule_id, sent, low):
            cs, ce = sent.start + c.start(), sent.start + c.end()
            before = [s for s in spots if s.end <= cs and s.type in subj_types]
            after = [s for s in spots if s.start >= ce and s.type in obj_types]
            if not before or not after or after[0].start - ce >= 40:
                continue
            gap = _between(sent, before[-1].end, cs)
            # "LSCB members sit on ...", "the chair and the Board partners that are members of ...":
            # the subject is another noun
            if (
                re.match(
                    r"['\u2019]?s?\s*(?:members?|partners?|representatives?|staff|officers?)\b",
                    gap,
                    re.I,
                )
                or re.search(r"\b(?:that|which|who)\s*$", gap, re.I)
                and len(re.findall(r"\w+", gap)) > 2
            ):
                continue
            objects = [after[0]]
            for nxt in after[1:]:  # "a member of the CYPP and the Improvement Board"
                gap = sent.text[
                    max(0, objects[-1].end - sent.start) : max(0, nxt.start - sent.start)
                ]
                if not re.fullmatch(
                    r"\s*(?:,|and|,\s*and|as\s+well\s+as)\s*(?:of\s+)?(?:the\s+)?", gap
                ):
                    break
                objects.append(nxt)
            for o in objects:
                if before[-1].key != o.key:
                    out.append(
                        Relation(before[-1].key, predicate, o.key, sent.index, rule_id, cs, ce)
                    )
        return out
