"""The MASH / front door (MultiAgencySafeguardingHub): "multi-agency safeguarding
hub (MASH)", a front door defined with an acronym ("integrated front door
(IFD)", "multi-agency referral unit (MARU)").

Relations: ``embeddedIn`` ("the ante-natal specialist practitioner embedded in
the MASH", "an early help worker based in the MASH") and, where the text says
so, the MASH passing work to a team (``reportsTo``). A worker named by role
right before "based in / co-located in / sits in" a hub ("a headteacher based in
the MASH", "Police officers are co-located in the MASH") becomes a ``Post``,
so the relation has its subject even when no post rule knows the role.

Example: ``kg build ../shared/reports/redbridge-2016.txt -o /tmp/r.ttl``
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from kg.components import Component, Context, load_rules, register
from kg.extractors._engine import (
    EntityRules,
    RelationRules,
    acronym_units,
    make_mention,
    tidy_label,
)
from kg.extractors._names import known_as
from kg.model import Entity, Mention, Relation
from kg.text import mention_index

_HEADS = {"hub": "MultiAgencySafeguardingHub", "door": "MultiAgencySafeguardingHub"}
_EXCLUDE = (
    r"complex",
    r"^early help hub",
    r"youth hub",
    r"family hub",
    r"fostering",
    r"adoption",
    r"exploit",
)

# a worker placed in the hub, named by role right before the cue: "an early help worker,
# based in the MASH", "a headteacher based in the MASH", "a police officer is co-located in
# the MASH", "the IDVA who sits in the MASH" (group "role"; the cue must end at the hub)
_ROLE_HEAD = (
    r"worker|officer|practitioner|nurse|adviser|advisor|advocate|headteacher|head\s+teacher|"
    r"health\s+visitor|coordinator|co-ordinator|specialist|social\s+worker|midwife|consultant|"
    r"IDVA|navigator|analyst|lead"
)
_SKIP_WORDS = frozenset(
    "a an the one two three four several some dedicated experienced new frontline full-time "
    "part-time additional also now recently their its".split()
)
_CUT_WORDS = frozenset(
    "of and or to for by with from in on at as is are was were has have been who which that "
    "this these those addition including include includes such".split()
)
_EMBEDDED_ROLE = re.compile(
    r"(?P<role>(?:\b[A-Za-z][\w'\u2019-]*\s+){0,3}?(?:" + _ROLE_HEAD + r")s?)"
    r"(?:\s*,)?\s+(?:(?:who|which)\s+(?:is|are)\s+|(?:is|are|has\s+been|have\s+been)\s+)?"
    r"(?:(?:now|also|physically|permanently|fully)\s+)?"
    r"(?:based|co-?\s?located|embedded|seconded|located|situated|sits?|working|works?)\s+(?:with)?in\s+(?:the\s+)?$"
)


@register("mash")
class Mash(Component):
    """Multi-agency safeguarding hubs and front doors, and who is embedded in them."""

    produces = ("MultiAgencySafeguardingHub", "Post", "embeddedIn", "reportsTo")

    def __init__(self) -> None:
        rules = load_rules("mash")
        self.entity_rules = EntityRules(rules)
        self.relation_rules = RelationRules(r for r in rules if r.get("id") != _IN_HUB_RULE)
        self.in_hub = next((r for r in rules if r.get("id") == _IN_HUB_RULE), None)

    def find_mentions(self, ctx: Context) -> list[Mention]:
        out = self.entity_rules.mentions(ctx.sentences, ctx.document.text)
        for s, start, end, unit in acronym_units(
            ctx.sentences, _HEADS, _EXCLUDE, ctx.document.text
        ):
            if unit.acronym in self.entity_rules.acronyms or unit.acronym.startswith("MASH"):
                continue  # a rule names it
            out.append(
                make_mention(
                    s, start, end, unit.type, unit.label, "mash.acronym-front-door", (unit.acronym,)
                )
            )
        out += known_as(out, ctx.sentences, ctx.document.text, "mash.known-as")
        return out + _embedded_roles(out, ctx)

    def find_relations(self, ctx: Context, entities: Sequence[Entity]) -> list[Relation]:
        return self.relation_rules.relations(ctx, entities) + _in_hub(self.in_hub, ctx, entities)


# a post, team or service named right before "in / within / integrated into" a hub:
# "independent domestic violence advisers in the MASH", "the early help hub within the MASH".
# The rule's cue (mash.yaml) must match the whole text between the two names.
_IN_HUB_SUBJECTS = frozenset({"Post", "Team", "Service"})
_IN_HUB_RULE = "mash.in-hub"


def _in_hub(rule: dict | None, ctx: Context, entities: Sequence[Entity]) -> list[Relation]:
    """``embeddedIn`` for a post, team or service named right before "in the MASH"."""
    if rule is None:
        return []
    gap = re.compile(rule["cue"].removeprefix("re:"), re.IGNORECASE)
    index = mention_index(entities)
    hubs = {
        m.sentence for e in entities if e.type == "MultiAgencySafeguardingHub" for m in e.mentions
    }
    out = []
    for s in ctx.sentences:
        if s.index not in hubs:
            continue  # no hub to be in
        spots = index.by_sentence.get(s.index, ())
        for a, b in zip(spots, spots[1:], strict=False):
            if (
                b.type == "MultiAgencySafeguardingHub"
                and a.type in _IN_HUB_SUBJECTS
                and a.key != b.key
                and gap.fullmatch(s.text[a.end - s.start : b.start - s.start])
            ):
                out.append(
                    Relation(a.key, rule["predicate"], b.key, s.index, _IN_HUB_RULE, a.end, b.start)
                )
    return out


def _embedded_roles(hubs: list[Mention], ctx: Context) -> list[Mention]:
    """Posts named by role right before "based in / co-located in / sits in" a hub."""
    by_index = {s.index: s for s in ctx.sentences}
    out = []
    for m in hubs:
        s = by_index.get(m.sentence)
        if s is None:
            continue
        lo = max(0, m.start - s.start - 120)
        hit = _EMBEDDED_ROLE.search(s.text[lo : m.start - s.start])
        if not hit:
            continue
        words = hit.group("role").split()
        start = lo + hit.start("role")
        cut = max((i for i, w in enumerate(words) if w.lower() in _CUT_WORDS), default=-1)
        for w in words[: cut + 1]:
            start = s.text.index(w, start) + len(w)
        words = words[cut + 1 :]
        start += len(s.text[start:]) - len(s.text[start:].lstrip())
        while words and words[0].lower() in _SKIP_WORDS:
            start = s.text.index(words[0], start) + len(words[0])
            start += len(s.text[start:]) - len(s.text[start:].lstrip())
            words = words[1:]
        if not words:
            continue
        surface = " ".join(words)
        label = tidy_label(surface)
        if label.endswith("s") and not label.endswith(("ss", "IDVAs")):
            label = label[:-1]
        out.append(
            make_mention(
                s, start, lo + hit.end("role"), "Post", label, "mash.embedded-role", (surface,)
            )
        )
    return out
