"""Panels: standing multi-agency panels, meetings and conferences (MARAC, MAPPA,
adoption panel, fostering panel, permanence tracking panels, the early
intervention panel, the child sexual exploitation and missing panels, the
corporate parenting advisory panel, ...) and panels a report defines with an
acronym ("multi-agency child exploitation panel (MACE)").

Not panels here: the child death overview panel (a sub-group of the board,
found by the boards family), child protection conferences and strategy
meetings (events, not standing bodies).

Relations: ``chairs`` ("the corporate parenting advisory panel (CPAP), which
is chaired by the deputy leader"; "The adoption panel is chaired by a suitably
experienced and independent chair", "is led by an experienced chair", "has an
independent chair", "benefits from an experienced, knowledgeable chair", "the
independent chair of the fostering panel" and "The chair of the panel is
experienced" also yield the post "adoption panel chair", which chairs the
panel its name says) and ``memberOf`` ("MARACs are well attended by the police", "CPAP ...
includes the cabinet leads").

Example: ``kg build ../shared/reports/redbridge-2016.txt -o /tmp/r.ttl``
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

from kg.components import Component, Context, load_rules, register
from kg.extractors._engine import EntityRules, RelationRules, acronym_units, make_mention
from kg.model import Entity, Mention, Relation
from kg.text import lowered

_HEADS = {"panel": "Panel", "conference": "Panel", "meeting": "Panel"}
_EXCLUDE = (
    r"child death",
    r"child protection",
    r"case conference",
    r"family group",
    r"strategy",
    r"review",
    r"planning meeting",
    r"professionals",
    r"core group",
    r"corporate parenting",  # the corporate parenting board, whatever its name (boards family)
    r"^(?!.*(?:multi-?\s?agency|panel)).*(?:conference|meeting)s?$",  # conferences/meetings only when multi-agency
)
_CHAIR_OF_THE_PANEL = re.compile(
    r"\b(?:the\s+)?(?:chair\s+of\s+the\s+panel|panel['\u2019]?s\s+chair|panel\s+chair)\b",
    re.IGNORECASE,
)
# the panel's own chair, unnamed, right after the panel: "The adoption panel is chaired by a
# suitably experienced and independent chair", "is independently chaired by an experienced
# person", "is led by an experienced chair", "has an independent chair", "benefits from an
# experienced, knowledgeable chair" (group 1 is the chair's span)
_CHAIRED_BY_A_CHAIR = re.compile(
    r"\s*(?:[\w'\u2019-]+\s+){0,2}?(?:,\s*which\s+)?(?:[^.;:]{0,100}?(?:,\s*|\band\s+))?(?:is|are|was|were|has\s+been)\s+(?:(?!by\b)[\w-]+\s+){0,3}?"
    r"(?:chaired|led)\s+by\s+((?:a|an|one|two|three)\s+(?:[\w-]+,?\s+(?:and\s+)?){0,5}?"
    r"(?:chair|chairperson|chairman|chairwoman|person|professional|individual|member|manager|practitioner)s?)\b"
    r"|\s*(?:[\w'\u2019-]+\s+){0,2}?(?:[^.;:]{0,60}?\s)?(?:has|have|benefits\s+from|benefit\s+from|with)\s+"
    r"((?:a|an)\s+(?:[\w-]+,?\s+(?:and\s+)?){0,4}?(?:chair|chairperson))\b(?!\s+of\b)",
    re.IGNORECASE,
)
# "the independent chair of the fostering panel": the chair named before its panel
_CHAIR_OF = re.compile(r"\bchair(?:person)?\s+of\s+(?:the\s+)?$", re.IGNORECASE)


@register("panels")
class Panels(Component):
    """Standing panels, their chairs and members."""

    produces = ("Panel", "Post", "chairs", "memberOf", "addressesPriority")

    def __init__(self) -> None:
        rules = load_rules("panels")
        self.entity_rules = EntityRules(rules)
        self.relation_rules = RelationRules(rules)

    def find_mentions(self, ctx: Context) -> list[Mention]:
        out = self.entity_rules.mentions(ctx.sentences, ctx.document.text)
        for s, start, end, unit in acronym_units(
            ctx.sentences, _HEADS, _EXCLUDE, ctx.document.text
        ):
            if unit.acronym in self.entity_rules.acronyms:
                continue
            out.append(
                make_mention(
                    s, start, end, unit.type, unit.label, "panels.acronym-panel", (unit.acronym,)
                )
            )
        by_sentence = {s.index: s for s in ctx.sentences}
        chairs = []
        for m in out:
            if m.type != "Panel":
                continue
            s = by_sentence[m.sentence]
            hit = _CHAIRED_BY_A_CHAIR.match(s.text, m.end - s.start)
            lo = max(0, m.start - s.start - 30)
            before = s.text[lo : m.start - s.start]
            chair_of = _CHAIR_OF.search(before)
            if hit or chair_of:
                label = f"{m.label} chair"
                if hit:
                    g = 1 if hit.group(1) else 2
                    span = (hit.start(g), hit.end(g))
                else:
                    span = (lo + chair_of.start(), m.start - s.start)
                chairs.append(
                    make_mention(
                        s,
                        span[0],
                        span[1],
                        "Post",
                        label,
                        "panels.unnamed-chair",
                        (f"chair of the {m.label}",),
                    )
                )
        # "The adoption panel is properly constituted. The chair of the panel is experienced."
        last_panel: dict[int, Mention] = {}
        for m in out:
            if m.type == "Panel":
                last_panel[m.sentence] = (
                    m
                    if m.sentence not in last_panel or m.start > last_panel[m.sentence].start
                    else last_panel[m.sentence]
                )
        order = [s.index for s in ctx.sentences]
        prev = {b: a for a, b in pairwise(order)}
        for s, low in zip(ctx.sentences, lowered(ctx.sentences), strict=True):
            if "panel" not in low:
                continue
            for hit in _CHAIR_OF_THE_PANEL.finditer(s.text):
                panel, i = last_panel.get(s.index), s.index
                if panel is not None and panel.start > s.start + hit.start():
                    panel = None
                for _ in range(3):  # the panel named in the last few sentences
                    if panel is not None:
                        break
                    i = prev.get(i, -1)
                    panel = last_panel.get(i)
                if panel is not None:
                    chairs.append(
                        make_mention(
                            s,
                            hit.start(),
                            hit.end(),
                            "Post",
                            f"{panel.label} chair",
                            "panels.chair-of-the-panel",
                            (f"chair of the {panel.label}",),
                        )
                    )
        return out + chairs

    def find_relations(self, ctx: Context, entities: Sequence[Entity]) -> list[Relation]:
        out = self.relation_rules.relations(ctx, entities)
        # a panel whose very name is a priority: the Channel panel (Prevent) addresses radicalisation
        for e in entities:
            if e.type == "Panel" and e.key == "channel panel":
                m = e.mentions[0]
                out.append(
                    Relation(
                        e.key,
                        "addressesPriority",
                        "radicalisation",
                        m.sentence,
                        "panels.channel-priority",
                        m.start,
                        m.end,
                    )
                )
        # a post named after its panel chairs it: "adoption panel chair" chairs "adoption panel"
        panels = {e.key for e in entities if e.type == "Panel"}
        for e in entities:
            if e.type == "Post" and e.key.endswith(" chair") and e.key[: -len(" chair")] in panels:
                m = e.mentions[0]
                out.append(
                    Relation(
                        e.key,
                        "chairs",
                        e.key[: -len(" chair")],
                        m.sentence,
                        "panels.named-chair",
                        m.start,
                        m.end,
                    )
                )
        return out
