"""kg.relate: relations from every component, checked against the vocabulary's
"from -> to" classes, deduplicated and sorted."""

from __future__ import annotations

from test_recognise import build

from kg.components import Component
from kg.model import Entity, Mention, Relation
from kg.recognise import recognise
from kg.relate import relate, sound


def triples(text: str, section: str = "body"):
    doc, secs, sents = build(text, section)
    ents = recognise(doc, secs, sents)
    return {(r.subject, r.predicate, r.object) for r in relate(doc, secs, sents, ents)}


def _ent(key, type_):
    return Entity(key, type_, key, (), (Mention(0, 1, key, type_, key, 0, "t"),))


def test_sound_accepts_the_classes_of_the_vocabulary():
    types = {"lscb chair": "Post", "lscb": "SafeguardingChildrenBoard", "plan": "Plan"}
    assert sound(Relation("lscb chair", "chairs", "lscb", 0, "r"), types)
    assert not sound(Relation("lscb", "chairs", "lscb chair", 0, "r"), types)
    assert sound(Relation("plan", "addressesPriority", "neglect", 0, "r"), types)
    assert not sound(Relation("plan", "addressesPriority", "lscb", 0, "r"), types)
    assert not sound(Relation("lscb", "chairs", "lscb", 0, "r"), types)
    assert sound(Relation("council", "commissions", "svc", 0, "r"), {"svc": "Service"})


def test_relate_drops_unknown_ends_and_duplicates():
    class Noisy(Component):
        def find_relations(self, ctx, entities):
            yield Relation("a", "chairs", "b", 0, "x.2")
            yield Relation("a", "chairs", "b", 0, "x.1")
            yield Relation("a", "chairs", "nowhere", 0, "x.1")

    doc, secs, sents = build("A sentence.")
    rels = relate(doc, secs, sents, [_ent("a", "Post"), _ent("b", "Panel")], components=[Noisy()])
    assert rels == (Relation("a", "chairs", "b", 0, "x.1"),)


def test_relate_reads_holding_to_account_with_two_objects():
    t = triples(
        "The chief executive is effective in holding both the DCS and the chair of the LSCB to account."
    )
    assert ("chief executive", "holdsToAccount", "director of childrens services") in t
    assert ("chief executive", "holdsToAccount", "lscb chair") in t


def test_relate_reads_passive_chairing():
    t = triples(
        "The corporate parenting board, which is chaired by the deputy leader, meets monthly."
    )
    assert ("deputy leader", "chairs", "corporate parenting board") in t


def test_relate_reads_active_chairing():
    assert ("lead member for childrens services", "chairs", "corporate parenting board") in triples(
        "The lead member chairs the corporate parenting board effectively."
    )


def test_relate_gives_sub_groups_to_the_board_and_to_the_executive_group():
    t = triples(
        "The board operates three sub-groups (training, learning and improvement and child death overview panel (CDOP)). "
        "The sub-groups feed in to an executive group that brings them together.",
        "lscb",
    )
    for sg in (
        "training sub group",
        "learning and improvement sub group",
        "child death overview panel",
    ):
        assert (sg, "subOrganizationOf", "local safeguarding children board") in t
        assert (sg, "reportsTo", "executive group") in t
    assert ("executive group", "subOrganizationOf", "local safeguarding children board") in t
    assert ("executive group", "reportsTo", "executive group") not in t


def test_relate_finds_parties_to_a_protocol():
    t = triples(
        "The inter board governance protocol (2014) provides clear lines of accountability between the "
        "Health and Wellbeing Board (HWB), LSCB, Adult Safeguarding Board and the community safety partnership (CSP)."
    )
    for board in (
        "health and wellbeing board",
        "local safeguarding children board",
        "adult safeguarding board",
        "community safety partnership",
    ):
        assert (board, "partyTo", "inter board governance protocol") in t


def test_relate_reads_priorities_of_a_plan_from_the_next_sentence():
    t = triples(
        "The business plan for 2016 to 2017 is clear and focused on key priorities of the board. "
        "The action plan for the key areas - child sexual exploitation, neglect and mental health - is outcomes-based.",
        "lscb",
    )
    assert {
        ("lscb business plan", "addressesPriority", c)
        for c in ("child-sexual-exploitation", "neglect", "mental-health")
    } <= t
    assert ("local safeguarding children board", "publishes", "lscb business plan") in t


def test_relate_is_empty_without_entities():
    doc, secs, sents = build("Nothing to see here.")
    assert relate(doc, secs, sents, ()) == ()


def test_sound_admits_the_council_as_a_member_of_a_partnership():
    types = {"partnership": "SafeguardingPartnership", "plan": "Plan"}
    assert sound(Relation("council", "memberOf", "partnership", 0, "r"), types)
    assert not sound(Relation("council", "memberOf", "plan", 0, "r"), types)
