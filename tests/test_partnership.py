"""The safeguarding partnership component (kg/extractors/partnership.py).

Sample sentences are taken from (or closely follow) ILACS reports 2019-2025 of
the corpus; each test runs the real components over a one-section document.
"""

from __future__ import annotations

import re

from conftest import CORPUS, needs_shared

from kg.components import Context
from kg.extractors.partnership import Partnership
from kg.model import Document, Section, Sentence
from kg.recognise import recognise
from kg.relate import relate


def _doc(text: str, section: str = "leadership"):
    doc = Document(path="sample.txt", name="sample.txt", kind="text", raw_text=text, text=text)
    sections = (Section(section, section, 0, len(text)),)
    sentences, pos = [], 0
    for m in list(re.finditer(r"(?<=[.!?])\s+(?=[A-Z'\u2018])", text)) + [None]:
        end = m.start() if m else len(text)
        sentences.append(Sentence(len(sentences), pos, end, text[pos:end], section))
        pos = m.end() if m else len(text)
    return doc, sections, tuple(sentences)


def run(text: str, section: str = "leadership", only_partnership: bool = False):
    """Entities and relations of ``text`` (all components, or the partnership one alone)."""
    doc, sections, sentences = _doc(text, section)
    comps = [Partnership()] if only_partnership else None
    entities = recognise(doc, sections, sentences, components=comps)
    relations = relate(doc, sections, sentences, entities, components=comps)
    return entities, relations


def labels(entities, type_: str) -> set[str]:
    return {e.label for e in entities if e.type == type_}


def triples(relations) -> set[tuple[str, str, str]]:
    return {(r.subject, r.predicate, r.object) for r in relations}


def test_partnership_named_keeps_the_reports_proper_name():
    ents, rels = run(
        "Regular safeguarding assurance meetings take place between the DCS, the lead member "
        "and the independent chair of the Derby and Derbyshire Safeguarding Children Partnership."
    )
    assert labels(ents, "SafeguardingPartnership") == {
        "Derby and Derbyshire Safeguarding Children Partnership"
    }
    assert (
        "safeguarding partnership chair",
        "chairs",
        "derby and derbyshire safeguarding children partnership",
    ) in triples(rels)


def test_partnership_generic_wording_is_labelled_safeguarding_partnership():
    ents, _ = run(
        "The safeguarding partnership recognises the key areas for practice development and "
        "provides an effective challenge to improve services for children and families.",
        only_partnership=True,
    )
    assert labels(ents, "SafeguardingPartnership") == {"safeguarding partnership"}


def test_partnership_generic_mentions_take_the_proper_name_and_acronym():
    ents, _ = run(
        "Clear, shared priorities across the local authority, the Islington safeguarding children "
        "partnership (ISCP) and other agencies have resulted in joined-up commissioning. "
        "The safeguarding partnership provides robust challenge.",
        only_partnership=True,
    )
    [p] = [e for e in ents if e.type == "SafeguardingPartnership"]
    assert p.label == "Islington safeguarding children partnership"
    assert "ISCP" in p.alt_labels and "safeguarding partnership" in p.alt_labels
    assert len(p.mentions) == 2


def test_partnership_new_arrangements_replacing_the_lscb_are_the_partnership():
    ents, _ = run(
        "New multi-agency safeguarding arrangements, replacing the former local safeguarding "
        "children board, have been in place since the start of the year."
    )
    assert labels(ents, "SafeguardingPartnership") == {"safeguarding partnership"}


def test_partnership_partners_listed_are_members():
    text = (
        "The three safeguarding partners (the council, the integrated care board and the police) "
        "share the funding of the safeguarding partnership."
    )
    ents, rels = run(text)
    assert {"police", "integrated care board"} <= labels(ents, "PartnerAgency")
    got = triples(rels)
    assert ("police", "memberOf", "safeguarding partnership") in got
    assert ("integrated care board", "memberOf", "safeguarding partnership") in got
    # the council as a partner: the reserved key, straight from the component
    doc, sections, sentences = _doc(text)
    comp = Partnership()
    entities = recognise(doc, sections, sentences, components=[comp])
    ctx = Context(doc, sections, sentences)
    assert ("council", "memberOf", "safeguarding partnership") in triples(
        comp.find_relations(ctx, entities)
    )


def test_partnership_named_force_and_ccg_keep_their_names():
    ents, rels = run(
        "The safeguarding partnership, made up of the council, Cleveland Police and the Tees Valley "
        "Clinical Commissioning Group, has agreed three priorities."
    )
    assert {"Cleveland Police", "Tees Valley Clinical Commissioning Group"} <= labels(
        ents, "PartnerAgency"
    )
    assert ("cleveland police", "memberOf", "safeguarding partnership") in triples(rels)


def test_partnership_partners_in_a_sentence_about_the_partnership():
    # rochdale 2023
    _, rels = run(
        "The local authority has strengthened some of the governance arrangements for the safeguarding "
        "partnership, with clearer lines of accountability between children's social care, police, "
        "health partners and adult services."
    )
    assert ("police", "memberOf", "safeguarding partnership") in triples(rels)


def test_partnership_negated_membership_gives_no_relation():
    _, rels = run("Durham Constabulary is not a statutory partner in the safeguarding partnership.")
    assert not [r for r in rels if r.predicate == "memberOf"]
    _, rels = run("Durham Constabulary is a statutory partner in the safeguarding partnership.")
    assert ("durham constabulary", "memberOf", "safeguarding partnership") in triples(rels)


def test_partnership_negated_partnership_is_not_created():
    ents, _ = run("The council does not have a safeguarding partnership.", only_partnership=True)
    assert not labels(ents, "SafeguardingPartnership")


def test_partnership_scrutineer_holds_to_account_and_chairs_only_when_said():
    _, rels = run(
        "A well-organised, well-led safeguarding partnership, with an impressive independent "
        "scrutineer, recognises key areas of need in practice."
    )
    assert ("independent scrutineer", "holdsToAccount", "safeguarding partnership") in triples(rels)
    _, rels = run("The safeguarding partnership is chaired by an independent scrutineer.")
    assert ("independent scrutineer", "chairs", "safeguarding partnership") in triples(rels)


def test_partnership_nothing_for_an_lscb_era_sentence():
    ents, rels = run(
        "The Local Safeguarding Children Board (LSCB) monitors the effectiveness of local "
        "safeguarding arrangements and multi-agency safeguarding arrangements.",
        only_partnership=True,
    )
    assert ents == () and rels == ()


def test_partnership_silent_in_a_report_with_an_lscb_review_section():
    ents, _ = run(
        "The safeguarding partnership with other boroughs is effective.",
        section="lscb",
        only_partnership=True,
    )
    assert ents == ()


def test_partnership_adults_and_possessive_arrangements_are_not_the_partnership():
    ents, _ = run(
        "The Nottingham City Adult Safeguarding Partnership meets monthly. Inspectors reviewed "
        "Swindon Borough Council's safeguarding arrangements.",
        only_partnership=True,
    )
    assert ents == ()


def test_partnership_other_bodies_called_safeguarding_partnership_are_skipped():
    # stockton 2023: the MACE group is not the local safeguarding children partnership
    ents, _ = run(
        "Children receive a well-coordinated response from across the multi-agency child "
        "exploitation (MACE) safeguarding partnership.",
        only_partnership=True,
    )
    assert ents == ()


@needs_shared()
def test_partnership_found_in_real_ilacs_reports():
    from kg.load import load
    from kg.normalise import normalise
    from kg.segment import sections as find_sections
    from kg.segment import segment

    def partnerships(name: str) -> set[str]:
        doc = normalise(load(str(CORPUS / name)))
        parts = find_sections(doc)
        sents = segment(doc, parts)
        ents = recognise(doc, parts, sents, components=[Partnership()])
        return labels(ents, "SafeguardingPartnership")

    assert partnerships("80459_derby_2022-05-11.pdf") == {
        "Derby and Derbyshire Safeguarding Children Partnership"
    }
    assert partnerships("80542_rochdale_2023-03-17.pdf") == {"safeguarding partnership"}
    # a SIF report with an LSCB review: the LSCB, no partnership
    assert partnerships("80512_redbridge_2016-11-25.pdf") == set()
