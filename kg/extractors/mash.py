"""The MASH / front door (MultiAgencySafeguardingHub): "multi-agency safeguarding
hub (MASH)", a front door defined with an acronym ("integrated front door
(IFD)", "multi-agency referral unit (MARU)").

Relations: ``embeddedIn`` ("the ante-natal specialist practitioner embedded in
the MASH", "an early help worker based in the MASH") and, where the text says
so, the MASH passing work to a team (``reportsTo``).

Example: ``kg build ../shared/reports/redbridge-2016.txt -o /tmp/r.ttl``
"""

from __future__ import annotations

from collections.abc import Sequence

from kg.components import Component, Context, load_rules, register
from kg.extractors._engine import EntityRules, RelationRules, acronym_units, make_mention
from kg.extractors._names import known_as
from kg.model import Entity, Mention, Relation

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


@register("mash")
class Mash(Component):
    """Multi-agency safeguarding hubs and front doors, and who is embedded in them."""

    produces = ("MultiAgencySafeguardingHub", "embeddedIn", "reportsTo")

    def __init__(self) -> None:
        rules = load_rules("mash")
        self.entity_rules = EntityRules(rules)
        self.relation_rules = RelationRules(rules)

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
        return out + known_as(out, ctx.sentences, ctx.document.text, "mash.known-as")

    def find_relations(self, ctx: Context, entities: Sequence[Entity]) -> list[Relation]:
        return self.relation_rules.relations(ctx, entities)
