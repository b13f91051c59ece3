"""Governance documents (threshold document, business plan, annual report,
strategies on a priority theme, named protocols) and priorities.

Relations: ``partyTo`` (boards named with "between" after a protocol),
``publishes`` (the safeguarding board publishes its threshold document,
business plan and annual report), ``addressesPriority`` (a strategy or
sub-group named after a priority; a document followed by a list of priority
themes). Rules: ``kg/rules/documents.yaml`` and ``kg/rules/priorities.yaml``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from functools import cache, lru_cache

from kg.components import Component, Context, load_rules, register
from kg.extractors.boards import main_board
from kg.model import Entity, Mention, Relation
from kg.text import (
    BOARD_TYPES,
    DOCUMENT_TYPES,
    EntityRules,
    Gazetteer,
    MentionIndex,
    Spot,
    lowered,
    mention_index,
    sentence_index,
)
from kg.text.scan import may_match

FAMILY = "documents"
PUBLISHED = ("Plan", "Report", "ThresholdDocument")
#: rules whose names are kept only on a known topic (see ``_on_topic``)
_TOPIC_RULES = ("documents.strategy", "documents.framework")
#: a sub-group's own label (not a panel such as the CDOP)
_GROUP_LABEL = re.compile(r"\b(?:sub\s?group|group|sub\s?committee|committee)s?$")
#: cues of the relation loop (compiled once, not per sentence)
_NEAR_CUE = re.compile(r"\bwith\b|\blinking\b", re.I)
_PRIORITIES_WORD = re.compile(r"\bpriorit|\bkey\s+areas\b|\bthemes\b", re.I)
_PRIORITY_WORD = re.compile(r"\bpriorit|\bkey\s+areas\b", re.I)


@lru_cache(maxsize=1)
def _priority_gazetteers() -> tuple[Gazetteer, Gazetteer]:
    terms: dict[str, str] = {}
    case_terms: dict[str, str] = {}
    for r in load_rules("priorities"):
        concept = r.get("concept") or r["id"]
        target = case_terms if r.get("case") else terms
        for t in r.get("terms") or ():
            target.setdefault(t, concept)
        for a in r.get("acronyms") or ():
            case_terms.setdefault(a, concept)
    return Gazetteer(terms), Gazetteer(case_terms, case=True, plural=False)


def find_priorities(
    text: str, start: int = 0, end: int | None = None
) -> list[tuple[int, int, str]]:
    """Priority concepts named in ``text[start:end]``: ``(start, end, concept id)``, in order.

    >>> [c for _, _, c in find_priorities("including CSE, female genital mutilation and neglect")]
    ['child-sexual-exploitation', 'female-genital-mutilation', 'neglect']
    """
    found = []
    for g in _priority_gazetteers():
        for m in g.finditer(text, start, end):
            found.append((m.start, m.end, m.value))
    found.sort(key=lambda t: (t[0], -t[1]))
    out: list[tuple[int, int, str]] = []
    for s, e, c in found:
        if out and s < out[-1][1]:
            continue
        out.append((s, e, c))
    return out


def priorities_of_label(label: str) -> list[str]:
    """Priority concepts named by an entity's own label ("CSE sub-group" -> CSE)."""
    found = {c for _, _, c in find_priorities(label)}
    # "child sexual exploitation and missing sub-group": "missing" names the missing-children theme
    if re.search(r"\bmissing\b", label, re.I) and not re.search(
        r"\bmissing\s+(?:out|data|information)\b", label, re.I
    ):
        found.add("missing-children")
    return sorted(found)


@cache
def _topic_filters(rule_id: str) -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    r = next(r for r in load_rules(FAMILY) if r["id"] == rule_id)
    return (
        re.compile(r["topics"], re.I),
        re.compile(r"^(?:(?:" + r["drop_first"] + r")\s+)+", re.I),
        re.compile(r["reject_name"], re.I),
    )


def _on_topic(m: Mention) -> Mention | None:
    """A strategy (framework) mention kept only when its topic is a priority, a known theme or
    a proper name; evaluative words at its start are cut ("a coherent workforce strategy")."""
    topics, drop, reject = _topic_filters(m.rule)
    head = m.label[m.label.rfind(" ") + 1 :] if " " in m.label else m.label
    topic = m.label[: -len(head)].strip()
    cut = drop.match(topic)
    if cut and cut.end() < len(topic):
        n = cut.end()
        topic = topic[n:]
        off = m.text.lower().find(topic.lower())
        start = m.start + off if off >= 0 else m.start
        m = replace(
            m, start=start, text=m.text[off:] if off >= 0 else m.text, label=f"{topic} {head}"
        )
    words = topic.split()
    if not words or len(words) > 7 or reject.search(topic):
        return None
    proper = len(words) >= 2 and all(
        w[:1].isupper() for w in words if w.lower() not in ("and", "of", "for")
    )
    if priorities_of_label(topic) or topics.search(topic) or proper:
        return m
    return None


@lru_cache(maxsize=1)
def _compiled() -> tuple[EntityRules, dict[str, re.Pattern]]:
    rules = load_rules(FAMILY)
    return EntityRules(rules), {r["id"]: re.compile(r["cue"], re.I) for r in rules if r.get("cue")}


@register(FAMILY)
class Documents(Component):
    produces = (
        "ThresholdDocument",
        "Plan",
        "Report",
        "Strategy",
        "Protocol",
        "Document",
        "partyTo",
        "publishes",
        "addressesPriority",
    )

    @property
    def entity_rules(self) -> EntityRules:
        return _compiled()[0]

    def cue(self, rule_id: str) -> re.Pattern:
        return _compiled()[1][rule_id]

    def _board_strategies(self, ctx: Context, mi: MentionIndex, board: Entity) -> list[Relation]:
        """A strategy the board develops, produces or launches (in the board's section)."""
        cue = self.cue("documents.publishes-strategy")
        out = []
        for sent in ctx.sentences:
            if sent.section != "lscb":
                continue
            spots = mi.in_sentence(sent.index)
            strategies = [s for s in spots if s.type == "Strategy"]
            boards = [s for s in spots if s.key == board.key]
            if not strategies or not boards:
                continue
            c = cue.search(sent.text)
            owned = self.cue("documents.board-owned")
            for st in strategies:
                gap = sent.text[max(0, boards[0].end - sent.start) : max(0, st.start - sent.start)]
                if boards[0].start < st.start and (c is not None or owned.fullmatch(gap)):
                    out.append(
                        Relation(
                            board.key,
                            "publishes",
                            st.key,
                            sent.index,
                            "documents.publishes-strategy",
                            st.start,
                            st.end,
                        )
                    )
        return out

    def find_mentions(self, ctx: Context) -> Iterable[Mention]:
        text = ctx.document.text or ctx.document.raw_text
        out = []
        for m in self.entity_rules.find(text, sentence_index(ctx.sentences)):
            if m.rule in _TOPIC_RULES:
                m = _on_topic(m)
                if m is None:
                    continue
            out.append(m)
        return out

    def find_relations(self, ctx: Context, entities: Sequence[Entity]) -> Iterable[Relation]:
        mi = mention_index(entities)
        out: list[Relation] = []
        board = main_board(entities)
        # publishes: the safeguarding board's own documents
        if board is not None:
            for e in entities:
                if e.type in PUBLISHED and (
                    e.type == "ThresholdDocument" or e.label.startswith(("LSCB", "board"))
                ):
                    m = e.mentions[0]
                    out.append(
                        Relation(
                            board.key,
                            "publishes",
                            e.key,
                            m.sentence,
                            "documents.publishes",
                            m.start,
                            m.end,
                        )
                    )
        # addressesPriority from the entity's own name
        for e in entities:
            if e.type in ("SubGroup", "Strategy"):
                m = e.mentions[0]
                for c in priorities_of_label(e.label):
                    out.append(
                        Relation(
                            e.key,
                            "addressesPriority",
                            c,
                            m.sentence,
                            "documents.named-priority",
                            m.start,
                            m.end,
                        )
                    )
        if board is not None:
            out.extend(self._board_strategies(ctx, mi, board))
        party_cue = self.cue("documents.party-to")
        prio_cue = self.cue("documents.priority-list")
        remit_cue = self.cue("documents.sub-group-remit")
        text = ctx.document.text or ctx.document.raw_text
        last_doc: tuple[int, str] | None = (
            None  # (sentence index, key) of a document announcing priorities
        )
        for sent, low in zip(ctx.sentences, lowered(ctx.sentences), strict=True):
            spots = mi.by_sentence.get(sent.index, [])  # (read only)
            docs = [s for s in spots if s.type in DOCUMENT_TYPES]
            # partyTo: boards named after "between" following a protocol
            for p in (s for s in docs if s.type == "Protocol"):
                c = party_cue.search(sent.text, p.end - sent.start)
                while (
                    c is not None
                    and _NEAR_CUE.fullmatch(c.group(0))
                    and c.start() - (p.end - sent.start) > 60
                ):
                    c = party_cue.search(sent.text, c.end())
                if c is None:
                    continue
                cs = sent.start + c.start()
                parties = [b for b in spots if b.start >= cs and b.type in BOARD_TYPES]
                if c.group(0).lower() == "with":
                    # "The LSCB has drafted a protocol with the HWB": the subject is a party too
                    first = [b for b in spots if b.end <= p.start and b.type in BOARD_TYPES]
                    if first:
                        parties.append(first[0])
                    elif (
                        board is not None
                        and sent.section == "lscb"
                        and re.match(r"\s*(?:It|The\s+board|This)\b", sent.text, re.I)
                    ):
                        parties.append(
                            Spot(sent.start, sent.start, board.key, board.type, board.mentions[0])
                        )
                for b in parties:
                    if b.type in BOARD_TYPES:
                        out.append(
                            Relation(
                                b.key,
                                "partyTo",
                                p.key,
                                sent.index,
                                "documents.party-to",
                                cs,
                                sent.start + c.end(),
                            )
                        )
            # addressesPriority: a document and a list of priority themes. A sentence
            # without a document or a sub-group, right after no sentence announcing
            # priorities, can have no target: skip its cues (it ends any announcement)
            if (
                not docs
                and (last_doc is None or last_doc[0] != sent.index - 1)
                and not any(s.type == "SubGroup" for s in spots)
            ):
                last_doc = None
                continue
            # (the cheap may_match test first: most sentences hold no word of either cue)
            c = prio_cue.search(sent.text) if may_match(prio_cue, sent.text, low) else None
            if c is None and not (
                may_match(remit_cue, sent.text, low) and remit_cue.search(sent.text)
            ):
                last_doc = None
                continue
            cs = sent.start + c.start() if c is not None else sent.end
            found = [t for t in find_priorities(text, cs, sent.end)]
            found = [t for t in found if not any(s.start <= t[0] < s.end for s in spots)]
            target = None
            cand = [s for s in docs if s.start < cs and s.type in ("Plan", "Protocol", "Strategy")]
            if cand:
                target = cand[-1].key
            elif (
                not docs
                and last_doc is not None
                and last_doc[0] == sent.index - 1
                and _PRIORITIES_WORD.search(sent.text)
            ):
                target = last_doc[1]
            if target is None and not docs:
                # "CSE, FGM and HBV fall within the remit of the child exploitation sub-group"
                groups = [s for s in spots if s.type == "SubGroup" and _GROUP_LABEL.search(s.key)]
                if len({g.key for g in groups}) == 1 and remit_cue.search(sent.text):
                    target = groups[0].key
                    found = [t for t in find_priorities(text, sent.start, sent.end)]
                    found = [t for t in found if not any(s.start <= t[0] < s.end for s in spots)]
            if target is not None and len({t[2] for t in found}) >= 2:
                for s, e, concept in found:
                    out.append(
                        Relation(
                            target,
                            "addressesPriority",
                            concept,
                            sent.index,
                            "documents.priority-list",
                            s,
                            e,
                        )
                    )
            # a document announcing its priorities ("The business plan ... is focused on key
            # priorities") hands them to a following list without a document of its own
            pc = _PRIORITY_WORD.search(sent.text)
            plans = [
                s
                for s in docs
                if s.type in ("Plan", "Protocol", "Strategy")
                and pc
                and s.start < sent.start + pc.start()
            ]
            last_doc = (sent.index, plans[-1].key) if plans else None
        return out
