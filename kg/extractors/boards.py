"""Boards and their structure: safeguarding boards and partnerships, other
strategic boards, sub-groups (listed or named), executive groups,
participation groups and partner agencies that sit on boards.

Relations: ``subOrganizationOf`` (sub-group -> its board), ``reportsTo``
("the sub-groups feed in to an executive group") and ``memberOf`` (lay
members, partner agencies on the board). Rules: ``kg/rules/boards.yaml``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from kg.components import Component, Context, load_rules, register
from kg.model import Entity, Mention, Relation
from kg.text import (
    BOARD_TYPES,
    EntityRules,
    MentionIndex,
    clean,
    lowered,
    mention_index,
    sentence_index,
    split_coordination,
    squash,
)
from kg.text.scan import finditer

FAMILY = "boards"

#: list items that are compound names ("learning and improvement")
COMPOUNDS = (
    "learning and improvement",
    "learning and development",
    "training and development",
    "policy and procedures",
    "policies and procedures",
    "performance and quality assurance",
    "quality assurance and performance",
    "quality and performance",
    "performance and quality",
    "monitoring and evaluation",
    "audit and performance",
    "health and wellbeing",
    "missing and exploitation",
    "exploitation and missing",
    "serious case review and learning",
    "child sexual exploitation and missing",
    "missing and child sexual exploitation",
    "quality and effectiveness",
    "learning and review",
    "case review and learning",
    "practice and learning",
)
_KEEP_HEAD = re.compile(
    r"\b(?:panel|group|sub-?\s?group|committee|sub-?\s?committee|forum|board|meeting|network|work\s?stream)s?$",
    re.I,
)
#: words that show a list item is a clause, not a name ("are now jointly organised")
_NOT_A_NAME = re.compile(
    r"\b(?:is|are|was|were|been|be|has|have|had|now|such|between|which|that|who|whose|they|it|its|their|"
    r"this|these|those|there|across|different|various|other|all|each)\b|['\u2019]s\b",
    re.I,
)
_ACRO_PAREN = re.compile(r"\s*\(\s*([A-Z][A-Za-z&]{1,9})s?\s*\)\s*$")


# who "feeds into" / "reports to" whom (kg.vocabulary names the board types)
_REPORTS_TO_SOURCES = frozenset(
    {
        "SubGroup",
        "ExecutiveGroup",
        "Panel",
        "Service",
        "Team",
        "MultiAgencySafeguardingHub",
        "Post",
        "ParticipationGroup",
    }
)
_REPORTS_TO_TARGETS = frozenset({"SubGroup", "ExecutiveGroup", "Panel", "Post"}) | BOARD_TYPES
# "the sub-groups", "each of the sub-groups", "four sub-groups": the sub-groups a sentence listed
_SUBGROUPS_ANAPHOR = re.compile(
    r"\b(?:the|all|these|each\s+of\s+the|all\s+of\s+the|its|four|three|five|six|seven)\s+(?:\w+\s+)?sub-?\s?groups\b|\beach\s+sub-?\s?group\b",
    re.I,
)


@lru_cache(maxsize=1)
def _compiled() -> tuple[
    list[dict], EntityRules, list[tuple[dict, re.Pattern]], dict[str, re.Pattern]
]:
    rules = load_rules(FAMILY)
    return (
        rules,
        EntityRules([r for r in rules if not r.get("list")]),
        [(r, re.compile(r["pattern"], re.I)) for r in rules if r.get("list")],
        {r["id"]: re.compile(r["cue"], re.I) for r in rules if r.get("cue")},
    )


def main_board(entities: Sequence[Entity]) -> Entity | None:
    """The report's safeguarding board: the LSCB, else the safeguarding partnership."""
    for t in ("SafeguardingChildrenBoard", "SafeguardingPartnership"):
        cands = [e for e in entities if e.type == t]
        if cands:
            return max(cands, key=lambda e: (len(e.mentions), e.key))
    return None


def rule(family: str, rule_id: str) -> dict:
    for r in load_rules(family):
        if r.get("id") == rule_id:
            return r
    raise KeyError(rule_id)


@register(FAMILY)
class Boards(Component):
    produces = (
        *sorted(BOARD_TYPES),
        "SubGroup",
        "ExecutiveGroup",
        "ParticipationGroup",
        "PartnerAgency",
        "subOrganizationOf",
        "reportsTo",
        "memberOf",
    )

    @property
    def rules(self) -> list[dict]:
        return _compiled()[0]

    @property
    def entity_rules(self) -> EntityRules:
        return _compiled()[1]

    @property
    def list_rules(self) -> list[tuple[dict, re.Pattern]]:
        return _compiled()[2]

    def cue(self, rule_id: str) -> re.Pattern:
        return _compiled()[3][rule_id]

    # ------------------------------------------------------------------ mentions

    def find_mentions(self, ctx: Context) -> Iterable[Mention]:
        text = ctx.document.text or ctx.document.raw_text
        index = sentence_index(ctx.sentences)
        out = self.entity_rules.find(text, index)
        for r, rx in self.list_rules:
            for m in finditer(rx, text):
                sent = index.at(m.start())
                if sent is None or m.end() > sent.end + 1:
                    continue
                lead = text[sent.start : m.start()]
                if re.search(
                    r"children\s+in\s+care\s+council|\bCiCC?\b|young\s+people|care\s+leavers",
                    lead,
                    re.I,
                ):
                    continue  # groups of children, not of a board
                for s, e, item in split_coordination(m.group("list"), m.start("list"), COMPOUNDS):
                    item_c = clean(item)
                    acro = _ACRO_PAREN.search(item_c)
                    name = _ACRO_PAREN.sub("", item_c) if acro else item_c
                    if (
                        not name
                        or len(name.split()) > 6
                        or re.search(r"\d|[()]", name)
                        or _NOT_A_NAME.search(name)
                    ):
                        continue
                    if re.fullmatch(
                        r"(?:(?:adults?|childrens?|partner|other)?\s*boards?|young\s+people|children|families|partners|agencies|others?)",
                        name,
                        re.I,
                    ):
                        continue
                    if re.match(r"(?:the|its|their|a|an)\b", name, re.I):
                        continue
                    label = name if _KEEP_HEAD.search(name) else f"{name} sub-group"
                    aliases = [acro.group(1)] if acro else []
                    if label != name:
                        aliases.append(name)
                    out.append(
                        Mention(
                            s,
                            e,
                            item_c,
                            r["label"],
                            label,
                            sent.index,
                            r["id"],
                            tuple(sorted(aliases)),
                        )
                    )
        return out

    # ------------------------------------------------------------------ relations

    def find_relations(self, ctx: Context, entities: Sequence[Entity]) -> Iterable[Relation]:
        rels: list[Relation] = []
        board = main_board(entities)
        mi = mention_index(entities)
        subgroups = [e for e in entities if e.type in ("SubGroup", "ExecutiveGroup")]
        reports = self._reports_to(ctx, mi, subgroups)
        by_key = {e.key: e for e in entities}
        # a group that reports to a sub-group is part of that sub-group ("a training group
        # that reports to the partnership development sub-group")
        under = {
            r.subject: by_key[r.object]
            for r in sorted(reports, key=lambda r: (r.sentence, r.subject, r.object))
            if r.object in by_key
            and by_key[r.object].type == "SubGroup"
            and by_key.get(r.subject) is not None
            and by_key[r.subject].type == "SubGroup"
            and not re.search(r"sub-?\s?group|sub-?\s?committee", by_key[r.subject].label)
        }
        # subOrganizationOf: every sub-group belongs to the safeguarding board; without one
        # (an ILACS), only to a parent that is stated: a group it reports to, or a board
        # named in its label ("corporate parenting sub-group" of the corporate parenting board)
        for e in subgroups:
            parent = under.get(e.key) or self._explicit_parent(e, entities, ctx) or board
            if parent is not None:
                m = e.mentions[0]
                rels.append(
                    Relation(
                        e.key,
                        "subOrganizationOf",
                        parent.key,
                        m.sentence,
                        "boards.sub-group-of",
                        m.start,
                        m.end,
                    )
                )
        if board is not None:
            for e in entities:
                if e.type == "ParticipationGroup" and re.match(
                    r"(?:lscb|board|partnership)\b", e.key
                ):
                    m = e.mentions[0]
                    rels.append(
                        Relation(
                            e.key,
                            "subOrganizationOf",
                            board.key,
                            m.sentence,
                            "boards.sub-group-of",
                            m.start,
                            m.end,
                        )
                    )
        rels.extend(reports)
        rels.extend(self._member_of(ctx, mi, entities, board))
        return rels

    def _explicit_parent(
        self, e: Entity, entities: Sequence[Entity], ctx: Context
    ) -> Entity | None:
        """A board named in the sub-group's own label ("adult safeguarding board sub-group")."""
        for b in entities:
            if b.type in BOARD_TYPES and b.type not in (
                "SafeguardingChildrenBoard",
                "SafeguardingPartnership",
            ):
                for lab in (b.label, *b.alt_labels):
                    stem = re.sub(r"\s+(?:board|partnership|committee|group)$", "", lab, flags=re.I)
                    if len(stem) > 3 and squash(e.label).startswith(squash(stem)):
                        return b
        return None

    def _reports_to(
        self, ctx: Context, mi: MentionIndex, subgroups: Sequence[Entity]
    ) -> list[Relation]:
        cue = self.cue("boards.feed-into")
        out = []
        for sent, low in zip(ctx.sentences, lowered(ctx.sentences), strict=True):
            if sent.index not in mi.by_sentence:
                continue  # no entity to report to
            if not (
                "fed" in low
                or "feed" in low
                or "report" in low
                or "overseen" in low
                or "ordinated" in low
            ):
                continue  # cheap filter: every cue has one of these
            for c in cue.finditer(sent.text):
                cs, ce = sent.start + c.start(), sent.start + c.end()
                objs = [
                    s
                    for s in mi.in_sentence(sent.index, _REPORTS_TO_TARGETS)
                    if s.start >= ce and s.start - ce < 40
                ]
                if not objs:
                    continue
                obj = objs[0]
                left = sent.text[: c.start()]
                # clause start: do not look past a semicolon or "which"/"that" clause boundary
                ana = list(_SUBGROUPS_ANAPHOR.finditer(left))
                if ana and c.start() - ana[-1].end() < 40:
                    subjects = [
                        e.key for e in subgroups if e.key != obj.key and e.type == "SubGroup"
                    ]
                else:
                    srcs = [
                        s for s in mi.in_sentence(sent.index, _REPORTS_TO_SOURCES) if s.end <= cs
                    ]
                    subjects = [srcs[-1].key] if srcs else []
                for k in subjects:
                    if k != obj.key:
                        out.append(
                            Relation(
                                k, "reportsTo", obj.key, sent.index, "boards.feed-into", cs, ce
                            )
                        )
        return out

    def _member_of(
        self, ctx: Context, mi: MentionIndex, entities: Sequence[Entity], board: Entity | None
    ) -> list[Relation]:
        out = []
        if board is None:
            return out
        # lay members are members of the safeguarding board by definition
        for e in entities:
            if e.type == "Post" and e.key in ("lay member", "lay members"):
                m = e.mentions[0]
                out.append(
                    Relation(
                        e.key, "memberOf", board.key, m.sentence, "boards.member-of", m.start, m.end
                    )
                )
        cue = self.cue("boards.member-of")
        for sent in ctx.sentences:
            if sent.section != "lscb" or not cue.search(sent.text):
                continue
            spots = mi.in_sentence(sent.index)
            boards_here = [s for s in spots if s.type in BOARD_TYPES]
            target = board.key
            if boards_here and all(s.key != board.key for s in boards_here):
                continue  # another board is the subject of this sentence
            for s in spots:
                # a sector named on the board ("the police", "the voluntary sector") is a partner,
                # but the reports rarely make it a member: only named agencies are
                if s.type == "PartnerAgency" and s.mention.rule != "boards.partner-on-board":
                    out.append(
                        Relation(
                            s.key,
                            "memberOf",
                            target,
                            sent.index,
                            "boards.member-of",
                            s.start,
                            s.end,
                        )
                    )
        return out
