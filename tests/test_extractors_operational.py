"""The operational extractor families: services, mash, commissioning, panels.

Every rule's sample sentence must yield what the rule's ``expect`` says; the
seed report must yield the gold's services, MASH, providers and panels and
their relations; generic phrases and negated statements yield nothing.
"""

from __future__ import annotations

import re

import pytest
import yaml
from conftest import SEED_GOLD, SEED_TEXT, needs_shared

from kg.components import RULES_DIR, Component, components
from kg.model import Document, Mention, Sentence
from kg.namespaces import normalise_label
from kg.recognise import recognise
from kg.relate import relate

FAMILIES = ("services", "mash", "commissioning", "panels")
MINE = {"Service", "Team", "MultiAgencySafeguardingHub", "Provider", "Panel"}


def _doc(text: str) -> tuple[Document, tuple[Sentence, ...]]:
    doc = Document(path="t.txt", name="t.txt", kind="text", raw_text=text, text=text)
    sentences, pos = [], 0
    for piece in re.split(r"(?<=[.!?])\s+", text):
        start = text.index(piece, pos)
        sentences.append(
            Sentence(
                index=len(sentences),
                start=start,
                end=start + len(piece),
                text=piece,
                section="other",
            )
        )
        pos = start + len(piece)
    return doc, tuple(sentences)


class _Given(Component):
    """Entities another family would find (posts, partner agencies) for relation samples."""

    def __init__(self, given):
        self.given = [(g[0], g[1], g[2] if len(g) > 2 else g[1]) for g in given]

    def find_mentions(self, ctx):
        out = []
        for s in ctx.sentences:
            for type_, label, surface in self.given:
                for m in re.finditer(re.escape(surface), s.text, re.IGNORECASE):
                    out.append(
                        Mention(
                            s.start + m.start(),
                            s.start + m.end(),
                            m.group(0),
                            type_,
                            label,
                            s.index,
                            "given",
                        )
                    )
        return out


def _run(text: str, families=FAMILIES, given=()):
    doc, sentences = _doc(text)
    comps = components(list(families)) + ([_Given(given)] if given else [])
    entities = recognise(doc, (), sentences, components=comps)
    relations = relate(doc, (), sentences, entities, components=comps)
    labels = {normalise_label(e.label) for e in entities}
    triples = {(r.subject, r.predicate, r.object) for r in relations}
    return entities, labels, triples


def _rules():
    for family in FAMILIES:
        for rule in yaml.safe_load((RULES_DIR / f"{family}.yaml").read_text(encoding="utf-8")):
            yield pytest.param(family, rule, id=rule["id"])


@pytest.mark.parametrize("family,rule", list(_rules()))
def test_rule_sample_yields_its_expectation(family, rule):
    assert rule["id"].startswith(family + "."), "rule ids start with their family"
    assert rule.get("sample") and rule.get("expect"), "every rule has a sample and an expectation"
    entities, labels, triples = _run(rule["sample"], given=rule.get("given", ()))
    for want in rule["expect"]:
        if isinstance(want, list):
            s, p, o = want
            key = (s if s == "council" else normalise_label(s), p, normalise_label(o))
            assert key in triples, f"{key} not in {sorted(triples)}"
        else:
            assert normalise_label(want) in labels, f"{want!r} not in {sorted(labels)}"
    if "predicate" not in rule:
        assert any(m.rule == rule["id"] for e in entities for m in e.mentions), (
            "the rule itself fires"
        )


@pytest.mark.parametrize(
    "text",
    [
        "The local authority does not operate any children's homes.",
        "Childrens services in Redbridge are good and improving.",
        "Caseloads in the social work teams are manageable, and the team is stable.",
        "Early help services are well developed, well resourced and well managed.",
        "The senior leadership team and the inspection team met the front door services.",
        "Strategy meetings and initial child protection conferences are timely.",
        "The child death overview panel (CDOP) reviews every death.",
    ],
)
def test_generic_or_negated_phrase_yields_no_operational_entity(text):
    entities, _, _ = _run(text)
    assert [e.label for e in entities] == []


def test_acronym_defined_team_is_recognised_with_its_acronym():
    entities, _, _ = _run(
        "A small resilience around families team (RAFT) works with teenagers. RAFT is effective."
    )
    (e,) = entities
    assert (e.label, e.type, e.alt_labels) == ("resilience around families team", "Team", ("RAFT",))
    assert len(e.mentions) == 2


def test_acronym_defined_front_door_is_a_mash():
    entities, _, _ = _run(
        "The presence of early help workers in the integrated front door (IFD) brings added value."
    )
    assert [(e.label, e.type) for e in entities] == [
        ("integrated front door", "MultiAgencySafeguardingHub")
    ]


def test_named_programme_in_brackets_is_a_service():
    _, labels, _ = _run(
        "Managers have improved the troubled families programme (Norfolk Family Focus Service) this year."
    )
    assert "norfolk family focus service" in labels


def test_named_programme_before_its_description_is_found_again_later():
    entities, _, _ = _run(
        "The local authority excels in Families Together, Redbridges Troubled families service. "
        "Families Together works with families in profound need."
    )
    (e,) = [e for e in entities if e.label == "Families Together"]
    assert e.type == "Service" and len(e.mentions) == 2


def test_negated_commissioning_creates_no_relation():
    _, _, triples = _run("The local authority has not commissioned the advocacy service.")
    assert not any(p == "commissions" for _, p, _ in triples)


def test_board_commissioning_is_not_the_councils():
    _, _, triples = _run("The LSCB commissioned advocacy service training last year.")
    assert not any(s == "council" for s, _, _ in triples)


def test_commissioned_list_keeps_services_and_drops_other_items():
    _, labels, _ = _run(
        "This is shown through the commissioned services for adopter recruitment, domestic abuse services "
        "and well-embedded relationships with the voluntary sector."
    )
    assert labels == {"adopter recruitment", "domestic abuse services"}


def test_unnamed_panel_chair_becomes_a_post_that_chairs_the_panel():
    entities, _, triples = _run(
        "The adoption panel is chaired by a suitably experienced and independent chair."
    )
    assert ("adoption panel chair", "Post") in {(e.label, e.type) for e in entities}
    assert ("adoption panel chair", "chairs", "adoption panel") in triples


def test_service_variants_merge_into_one_entity():
    entities, _, _ = _run(
        "The local authority has commissioned out the leaving care service. "
        "The leaving care team has a full complement of staff. The care leavers service needs an overview."
    )
    (e,) = entities
    assert e.label == "leaving care service" and len(e.mentions) == 3


# --------------------------------------------------------------------------- the seed report


@pytest.fixture(scope="module")
def seed():
    from kg.load import load
    from kg.normalise import normalise
    from kg.segment import sections, segment

    doc = normalise(load(SEED_TEXT))
    secs = sections(doc)
    sents = segment(doc, secs)
    given = [
        ("Post", "virtual head"),
        ("Post", "deputy leader"),
        ("Post", "ante-natal specialist practitioner"),
        ("Post", "cabinet leads"),
        ("PartnerAgency", "police"),
    ]
    comps = components(list(FAMILIES)) + [_Given(given)]
    entities = recognise(doc, secs, sents, components=comps)
    relations = relate(doc, secs, sents, entities, components=comps)
    gold = yaml.safe_load(SEED_GOLD.read_text(encoding="utf-8"))
    return entities, relations, gold


def _matches(entity, gold_entity) -> bool:
    labels = {normalise_label(x) for x in gold_entity["labels"]}
    mine = {normalise_label(entity.label)} | {normalise_label(a) for a in entity.alt_labels}
    return bool(labels & mine)


@needs_shared()
def test_seed_yields_every_required_gold_service_mash_provider_and_panel(seed):
    entities, _, gold = seed
    required = [g for g in gold["entities"] if g["type"] in MINE and not g.get("optional")]
    missing = [g["id"] for g in required if not any(_matches(e, g) for e in entities)]
    assert missing == []


@needs_shared()
def test_seed_yields_no_operational_entity_outside_the_gold(seed):
    entities, _, gold = seed
    extra = [
        e.label
        for e in entities
        if e.type in MINE and not any(_matches(e, g) for g in gold["entities"])
    ]
    assert extra == []


@needs_shared()
def test_seed_yields_no_must_not_entity(seed):
    entities, _, gold = seed
    assert not [e.label for e in entities for g in gold["must_not"] if _matches(e, g)]


@needs_shared()
def test_seed_yields_the_operational_gold_relations(seed):
    _, relations, _ = seed
    triples = {(r.subject, r.predicate, r.object) for r in relations}
    for want in [
        ("council", "commissions", "leaving care service"),
        ("leaving care service", "providedBy", "national charity"),
        ("ante natal specialist practitioner", "embeddedIn", "multi agency safeguarding hub"),
        ("caf team", "subOrganizationOf", "early intervention and family support service"),
        ("virtual head", "leads", "virtual school"),
        ("adoption panel chair", "chairs", "adoption panel"),
        ("deputy leader", "chairs", "corporate parenting advisory panel"),
    ]:
        assert want in triples, want


def test_quoted_capitalised_and_titled_unit_names_are_found():
    entities, _, _ = _run(
        "Young people get help from the 'family on track' team. The STARLAC team is effective. Carers are helped by the Mockingbird programme."
    )
    assert sorted((e.label, e.type) for e in entities) == [
        ("Mockingbird", "Service"),
        ("STARLAC team", "Team"),
        ("family on track team", "Team"),
    ]


def test_acronym_may_leave_out_the_head_noun_and_skip_commas():
    entities, _, _ = _run(
        "Referrals to the children's advice, support and prevention team (CASP) are prompt. The CASP team is stable."
    )
    (e,) = entities
    assert e.alt_labels == ("CASP",) and e.type == "Team" and len(e.mentions) == 2


def test_panel_chaired_by_two_unnamed_chairs_gets_one_chair_post():
    _, _, triples = _run(
        "The fostering panel is well chaired by two experienced, independent chairs, with a central list."
    )
    assert ("fostering panel chair", "chairs", "fostering panel") in triples


def test_named_regional_adoption_agency_is_one_entity_with_its_description():
    entities, _, _ = _run(
        "Adopters are trained by the regional adoption agency, Adoption Counts, which went live in 2017. "
        "Adoption Counts recruits well."
    )
    (e,) = entities
    assert e.type == "Service" and {e.label, *e.alt_labels} == {
        "Adoption Counts",
        "regional adoption agency",
    }


def test_organisation_named_after_a_provision_cue_is_a_provider():
    _, labels, _ = _run(
        "Adopted adults receive a commissioned service from Caritas. Support is provided by the Council."
    )
    assert labels == {"caritas"}


def test_unit_co_located_with_the_mash_is_embedded_in_it():
    _, _, triples = _run(
        "The co-location of the Sunrise team with the MASH supports the early identification of risk."
    )
    assert ("sunrise team", "embeddedIn", "multi agency safeguarding hub") in triples


def test_chair_of_the_panel_in_the_next_sentence_chairs_that_panel():
    _, _, triples = _run(
        "The adoption panel is properly constituted. The chair of the panel is experienced and independent."
    )
    assert ("adoption panel chair", "chairs", "adoption panel") in triples


def test_title_case_name_made_of_generic_words_is_not_a_proper_name():
    _, labels, _ = _run(
        "Families are supported by the Early Help Service and the Early Breaks project."
    )
    assert "early breaks" in labels and "early help" not in labels


def test_post_named_after_its_service_leads_it():
    given = [["Post", "headteacher of the virtual school"]]
    text = "The headteacher of the virtual school has a clear vision. The virtual school tracks progress."
    _, _, triples = _run(text, given=given)
    assert ("headteacher of the virtual school", "leads", "virtual school") in triples


def test_local_name_of_the_mash_is_the_mash():
    entities, _, _ = _run(
        "The MASH, known as Family Connect, provides a swift response. Family Connect reviews all contacts. "
        "The development of the Family Connect service into a MASH has created an effective front door."
    )
    (e,) = entities
    assert e.type == "MultiAgencySafeguardingHub" and "Family Connect" in e.alt_labels


def test_acronym_the_report_defines_otherwise_is_not_the_rules_unit():
    _, labels, _ = _run(
        "Multi-agency child enquiry (MACE) reports are used to request information. MACE information is limited."
    )
    assert labels == set()


def test_police_team_is_not_the_councils_team():
    _, labels, _ = _run("The team works closely with a police child sexual exploitation team.")
    assert labels == set()


def test_acronym_defined_in_other_words_for_the_same_unit_is_kept():
    _, labels, _ = _run(
        "Children and adolescent mental health services (CAMHS) are responsive. CAMHS staff attend."
    )
    assert labels == {"child and adolescent mental health service"}


def test_quoted_description_is_not_a_unit_but_the_quoted_programme_is():
    entities, _, _ = _run(
        "The council excels in work undertaken in 'Families Together', Redbridge's 'Troubled families' service. "
        "'Front door' services are strong. Families receive support from Stronger Families (Troubled Families)."
    )
    assert sorted(e.label for e in entities) == ["Families Together", "Stronger Families"]


def test_channel_panel_addresses_radicalisation():
    _, _, triples = _run(
        "A senior officer chairs the 'Channel' panel, which is well attended by partner agencies."
    )
    assert ("channel panel", "addressesPriority", "radicalisation") in triples


@pytest.mark.parametrize(
    "text,panel",
    [
        (
            "The adoption panel is chaired by an experienced person with relevant experience.",
            "adoption panel",
        ),
        ("The adoption panel is led by an experienced and knowledgeable chair.", "adoption panel"),
        ("The fostering panel meets monthly and has an experienced chair.", "fostering panel"),
        ("The adoption panel benefits from an experienced, knowledgeable chair.", "adoption panel"),
        (
            "The adoption panel is effective, has good access to legal advice, and is "
            "independently chaired by a suitably experienced person.",
            "adoption panel",
        ),
    ],
)
def test_unnamed_panel_chair_in_other_wordings_chairs_the_panel(text, panel):
    _, labels, triples = _run(text)
    assert (f"{panel} chair", "chairs", panel) in triples


def test_panel_with_a_chair_of_something_else_gets_no_panel_chair():
    _, labels, _ = _run("The adoption panel has a chair of the board among its members.")
    assert "adoption panel chair" not in labels


@pytest.mark.parametrize(
    "text,post",
    [
        (
            "An early help worker, based in the MASH for part of each day, offers advice.",
            "early help worker",
        ),
        (
            "Thresholds are better understood since the addition of a headteacher based in the MASH.",
            "headteacher",
        ),
        (
            "Police officers are co-located in the multi-agency safeguarding hub (MASH).",
            "police officer",
        ),
    ],
)
def test_worker_based_in_the_mash_is_a_post_embedded_in_it(text, post):
    _, _, triples = _run(text)
    assert (post, "embeddedIn", "multi agency safeguarding hub") in triples


def test_partners_co_located_in_the_mash_are_not_a_post():
    entities, _, triples = _run("Children benefit from partners co-located in the MASH.")
    assert [e.type for e in entities] == ["MultiAgencySafeguardingHub"] and not triples


def test_named_charity_called_a_service_is_a_provider_of_the_service():
    text = (
        "Children in care have access to independent visitor services provided through "
        "the National Youth Advocacy Service (NYAS)."
    )
    entities, _, triples = _run(text)
    assert {e.key: e.type for e in entities}["national youth advocacy service"] == "Provider"
    assert (
        "independent visitor service",
        "providedBy",
        "national youth advocacy service",
    ) in triples


def test_provider_named_after_commissions_a_service_from_is_found():
    _, labels, _ = _run(
        "The local authority commissions a service from After Adoption Yorkshire to support birth parents."
    )
    assert "after adoption yorkshire" in labels


def test_descriptive_team_names_are_teams():
    entities, _, _ = _run(
        "Locality assessment teams carry out investigations, and the family support team and "
        "the court team help too."
    )
    assert {e.key for e in entities if e.type == "Team"} == {
        "locality assessment team",
        "family support team",
        "court team",
    }


def test_a_commissioned_service_named_later_is_not_the_previous_service():
    _, _, triples = _run(
        "Key agencies include the youth offending service, police, health and a commissioned "
        "service that provides advice."
    )
    assert ("council", "commissions", "youth offending service") not in triples


def test_service_commissioned_by_a_partner_is_not_commissioned_by_the_council():
    _, _, triples = _run(
        "The mentoring scheme and the advocacy service are commissioned by the police."
    )
    assert not {t for t in triples if t[1] == "commissions"}
