"""Services and teams: early help services, the CAF team, the duty team, CAMHS,
the virtual school, the leaving care service, descriptive units ("locality
assessment teams", "sexual health services", "the court team"), national
programmes (Operation Encompass, FDAC, MST), named programmes ("Families
Together, Redbridge's troubled families service") and services or teams a
report defines with an acronym ("resilience around families team (RAFT)").

Relations: ``leads`` (the virtual head leads the virtual school; a post
named after its unit, "headteacher of the virtual school", leads it) and
``subOrganizationOf`` (a team within a service: "EIFSS provides ... a CAF
team").

The rules (``kg/rules/services.yaml``) run on the rule engine the operational
families share (``kg.extractors._engine``, which documents the rule format);
proper names of units come from ``kg.extractors._names``.

Example: ``kg build ../shared/reports/redbridge-2016.txt -o /tmp/r.ttl``
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from kg.components import Component, Context, load_rules, register
from kg.extractors._engine import EntityRules, RelationRules, acronym_units, make_mention
from kg.extractors._names import known_as, known_as_names, named_programmes, named_units
from kg.model import Entity, Mention, Relation
from kg.namespaces import normalise_label

_UNIT_HEADS = {"team": "Team", "service": "Service", "unit": "Service"}
_UNIT_EXCLUDE = (
    r"family court advisory",
    r"director",
    r"children['\u2019]?s services$",
    r"^integrated children",
    r"disclosure and barring",
    r"leadership team",
    r"management team",
    r"safeguarding hub",
    r"front door",
    r"mental health service",
    r"^cafcass$",
    r"^(DCS|ICS|EDCS|CSC|LA|NHS|DBS)$",
    r"police|crime|investigation|prison|probation",
    r"^multi-agency team$",
)


@register("services")
class Services(Component):
    """Services and teams (Service, Team) and the relations inside them."""

    produces = ("Service", "Team", "Provider", "leads", "subOrganizationOf")

    def __init__(self) -> None:
        rules = load_rules("services")
        self.entity_rules = EntityRules(rules)
        self.relation_rules = RelationRules(rules)
        # named charities ("National Youth Advocacy Service (NYAS)") are providers, not services
        self.providers = frozenset(
            normalise_label(t)
            for r in load_rules("commissioning")
            if r.get("id") == "commissioning.named-charity"
            for t in r.get("terms", ())
        )

    def find_mentions(self, ctx: Context) -> list[Mention]:
        out = self.entity_rules.mentions(ctx.sentences, ctx.document.text)
        for s, start, end, unit in acronym_units(
            ctx.sentences, _UNIT_HEADS, _UNIT_EXCLUDE, ctx.document.text
        ):
            if unit.acronym in self.entity_rules.acronyms:
                continue
            type_ = unit.type
            if normalise_label(unit.label) in self.providers:
                type_ = "Provider"
            elif "safeguarding" in unit.label and (
                "multi-agency" in unit.label or "hub" in unit.label
            ):
                type_ = "MultiAgencySafeguardingHub"  # "Multi-Agency Safeguarding Service (MASS)"
            out.append(
                make_mention(
                    s, start, end, type_, unit.label, "services.acronym-unit", (unit.acronym,)
                )
            )
        local_names = known_as_names(ctx.document.text) if ctx.document.text else frozenset()
        for s, start, end, name, description in named_programmes(ctx.sentences, ctx.document.text):
            if name in local_names:
                continue  # another unit's local name: known_as() names it
            aliases = {
                "regional adoption agency": ("regional adoption agency",),
                "troubled families": ("Troubled Families",),
            }.get(description, ())
            out.append(
                make_mention(s, start, end, "Service", name, "services.named-programme", aliases)
            )
        defined = {a for m in out for a in m.aliases}
        for s, start, end, type_, label, alias in named_units(ctx.sentences, ctx.document.text):
            if label.split()[0] in defined or self.entity_rules.matches(s.text[start:end]):
                continue  # an acronym the report defines, or a unit a rule names
            if any(label.startswith(n) for n in local_names):
                continue  # another unit's local name: known_as() names it
            if normalise_label(label) in self.providers:
                type_ = "Provider"
            out.append(make_mention(s, start, end, type_, label, "services.named-unit", (alias,)))
        return out + known_as(out, ctx.sentences, ctx.document.text, "services.known-as")

    def find_relations(self, ctx: Context, entities: Sequence[Entity]) -> list[Relation]:
        out = self.relation_rules.relations(ctx, entities)
        # a post named after its unit leads it: "headteacher of the virtual school", "CAF team manager"
        units = {
            e.key for e in entities if e.type in ("Service", "Team", "MultiAgencySafeguardingHub")
        }
        for e in entities:
            if e.type != "Post":
                continue
            unit = _led_unit(e.key, units)
            if unit:
                m = e.mentions[0]
                out.append(
                    Relation(
                        e.key, "leads", unit, m.sentence, "services.named-lead", m.start, m.end
                    )
                )
        return out


_LEAD_BEFORE = re.compile(
    r"^(?:head|headteacher|head teacher|manager|lead|leader|service manager|team manager)\s+of\s+(?:the\s+)?(.+)$"
)
_LEAD_AFTER = re.compile(
    r"^(.+?)\s+(?:head|headteacher|head teacher|manager|team manager|service manager|lead|leader)$"
)
_VIRTUAL_HEAD = re.compile(r"^virtual\s+(?:school\s+)?head(?:\s?teacher)?$")


def _led_unit(post_key: str, units: set[str]) -> str | None:
    """The unit a post's own name says it leads, if that unit is known."""
    if _VIRTUAL_HEAD.match(post_key):
        return "virtual school" if "virtual school" in units else None
    for rx in (_LEAD_BEFORE, _LEAD_AFTER):
        m = rx.match(post_key)
        if m and m.group(1) in units:
            return m.group(1)
    return None
