"""Relate entities: run every component's ``find_relations`` and keep the sound ones.

A relation joins two entity keys (``Entity.key``), or an entity and a priority
concept id (``addressesPriority``), or an entity and the reserved key
``"council"`` (the report's own local authority; kg.assemble maps it to the
council node). This stage drops relations whose ends are unknown, reflexive,
or of the wrong classes for the predicate (vocabulary.md "from -> to"), and
removes duplicates; the result is sorted, so the output is deterministic.

Example::

    relations = relate(document, sections, sentences, entities)
"""

from __future__ import annotations

from collections.abc import Sequence

from kg.components import Component, Context
from kg.components import components as all_components
from kg.model import Document, Entity, Relation, Section, Sentence
from kg.recognise import board_context, find_acronyms
from kg.vocabulary import BOARD_TYPES

COUNCIL = "council"  # reserved key: the report's own local authority

BOARDS = BOARD_TYPES
SERVICES = frozenset({"Service", "Team", "MultiAgencySafeguardingHub"})
SUBGROUPS = frozenset({"SubGroup", "ExecutiveGroup"})
UNITS = SUBGROUPS | {"Panel"} | SERVICES
ORGS = frozenset({"Provider", "PartnerAgency", "ParticipationGroup"})
DOCUMENTS = frozenset({"Document", "Protocol", "Strategy", "Plan", "Report", "ThresholdDocument"})
LA = frozenset({"LocalAuthority"})
ANY_BODY = BOARDS | UNITS | ORGS | LA

#: predicate -> (allowed subject classes, allowed object classes); None object = a priority id
SIGNATURES: dict[str, tuple[frozenset[str], frozenset[str] | None]] = {
    "subOrganizationOf": (UNITS | ORGS | BOARDS, BOARDS | UNITS | ORGS | LA),
    "reportsTo": (UNITS | {"Post"} | ORGS | BOARDS, UNITS | {"Post"} | BOARDS | LA),
    "chairs": (
        frozenset({"Post"}) | ORGS,
        BOARDS | frozenset({"SubGroup", "ExecutiveGroup", "Panel"}),
    ),
    "leads": (frozenset({"Post"}), SERVICES),
    "holdsToAccount": (frozenset({"Post"}) | ANY_BODY, frozenset({"Post"}) | ANY_BODY),
    "commissions": (LA | BOARDS, SERVICES),
    "providedBy": (SERVICES, frozenset({"Provider"}) | ORGS),
    "embeddedIn": (frozenset({"Post"}) | SERVICES, SERVICES),
    "memberOf": (
        frozenset({"Post", "PartnerAgency"}) | BOARDS | ORGS | LA,
        BOARDS | frozenset({"Panel", "SubGroup", "ExecutiveGroup"}),
    ),
    "partyTo": (BOARDS, frozenset({"Protocol"})),
    "publishes": (BOARDS | SUBGROUPS, DOCUMENTS),
    "addressesPriority": (BOARDS | SUBGROUPS | {"Panel"} | DOCUMENTS, None),
}


def _type_of(key: str, types: dict[str, str]) -> str | None:
    if key == COUNCIL:
        return "LocalAuthority"
    return types.get(key)


def sound(rel: Relation, types: dict[str, str]) -> bool:
    """Does the relation join known ends of the right classes?"""
    sig = SIGNATURES.get(rel.predicate)
    if sig is None or rel.subject == rel.object:
        return False
    st = _type_of(rel.subject, types)
    if st is None or st not in sig[0]:
        return False
    if sig[1] is None:
        return bool(rel.object) and rel.object not in types
    ot = _type_of(rel.object, types)
    return ot is not None and ot in sig[1]


def relate(
    document: Document,
    sections: Sequence[Section],
    sentences: Sequence[Sentence],
    entities: Sequence[Entity],
    components: Sequence[Component] | None = None,
) -> tuple[Relation, ...]:
    """All relations between the report's entities, deduplicated and sorted."""
    comps = all_components() if components is None else list(components)
    sentences = board_context(sections, sentences)
    ctx = Context(
        document=document,
        sections=tuple(sections),
        sentences=tuple(sentences),
        acronyms=find_acronyms(document),
    )
    types = {e.key: e.type for e in entities}
    seen: dict[tuple[str, str, str, int], Relation] = {}
    for comp in comps:
        for rel in comp.find_relations(ctx, entities):
            if not sound(rel, types):
                continue
            k = (rel.subject, rel.predicate, rel.object, rel.sentence)
            if k not in seen or rel.rule < seen[k].rule:
                seen[k] = rel
    return tuple(
        sorted(seen.values(), key=lambda r: (r.subject, r.predicate, r.object, r.sentence, r.rule))
    )
