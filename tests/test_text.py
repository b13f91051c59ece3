"""kg.text: the helpers every extractor family shares."""

from __future__ import annotations

from kg.model import Sentence
from kg.text import (
    EntityRules,
    Gazetteer,
    SentenceIndex,
    negated,
    split_coordination,
    squash,
    strip_name,
    term_regex,
)


def test_squash_ignores_case_hyphens_apostrophes_and_spaces():
    assert squash("Multi-agency  Safeguarding Hub") == squash("multiagency safeguarding hub")
    assert squash("children's") == squash("childrens")


def test_term_regex_tolerates_pdf_artefacts():
    import re

    rx = re.compile(term_regex("multi-agency children's sub-group"), re.I)
    for text in (
        "multiagency childrens subgroup",
        "Multi-agency children\u2019s sub group",
        "multi-agency\nchildren's sub-groups",
    ):
        assert rx.fullmatch(text)


def test_gazetteer_prefers_the_longest_term_and_returns_its_value():
    g = Gazetteer({"safeguarding children board": "b", "local safeguarding children board": "lscb"})
    text = "The Local Safeguarding Children Board met. " * 200  # long text: prefiltered path
    found = list(g.finditer(text))
    assert len(found) == 200 and {m.value for m in found} == {"lscb"}


def test_split_coordination_reads_only_the_last_and_of_a_comma_list():
    items = [
        t
        for _, _, t in split_coordination("training, learning and improvement, CSE and CDOP (x, y)")
    ]
    assert items == ["training", "learning and improvement", "CSE", "CDOP (x, y)"]


def test_split_coordination_keeps_offsets():
    text = "the HWB, the LSCB and the CSP"
    for s, e, t in split_coordination(text, 100):
        assert text[s - 100 : e - 100] == t


def test_strip_name_keeps_content_words_before_a_head():
    assert (
        strip_name("the board operates a learning and improvement ")[1]
        == "learning and improvement"
    )
    assert strip_name("the effective ")[1] == ""
    assert strip_name("the clearly defined early help ")[1] == "early help"
    assert strip_name("the inter board governance ")[1] == "inter board governance"
    assert strip_name("the BSCB quality assurance ")[1] == "quality assurance"


def test_negated_reads_the_clause_before_a_mention():
    t = "The board does not have a SCR sub-group."
    assert negated(t, t.index("SCR"))
    t = "The board has an SCR sub-group, but does not use it."
    assert not negated(t, t.index("SCR"))
    t = "The chair is not only visible but also the SCR sub-group is strong."
    assert not negated(t, t.index("SCR"))


def test_sentence_index_finds_the_sentence_of_an_offset():
    sents = (Sentence(0, 0, 10, "a" * 10, "x"), Sentence(1, 11, 20, "b" * 9, "x"))
    idx = SentenceIndex(sents)
    assert idx.at(5).index == 0 and idx.at(15).index == 1 and idx.at(10) is None


def test_entity_rules_head_rule_builds_a_name_and_keeps_the_acronym():
    rules = EntityRules(
        [
            {
                "id": "t.sg",
                "label": "SubGroup",
                "head": "sub-?groups?",
                "canonical": "{name} sub-group",
            }
        ]
    )
    text = "The awareness raising and engaging communities (AREC) sub-group meets."
    ms = rules.find(text, SentenceIndex((Sentence(0, 0, len(text), text, "lscb"),)))
    assert [m.label for m in ms] == ["awareness raising and engaging communities sub-group"]
    assert "AREC sub-group" in ms[0].aliases


def test_negated_ignores_a_unit_that_is_the_object_of_a_preposition():
    text = "There is a lack of capacity within the contact team"
    assert not negated(text, text.index("contact team"))
    text = "Children were not referred to the MASH"
    assert not negated(text, text.index("MASH"))


def test_negated_still_reads_a_negated_object_and_a_lack_of_the_unit():
    for text, mention in [
        ("The board does not have a SCR sub-group", "SCR sub-group"),
        ("The local authority does not operate any children's homes", "children's homes"),
        ("There is a lack of the SCR sub-group", "SCR sub-group"),
    ]:
        assert negated(text, text.index(mention)), text


def test_strip_name_keeps_looked_after_children_whole():
    assert strip_name("through the looked after children and health ")[1] == (
        "looked after children and health"
    )


def test_gazetteer_finds_the_same_matches_in_long_text_with_non_ascii_letters():
    """Long texts take the cached word-index path; case folding that changes lengths
    (dotted I, final sigma, the Kelvin sign) must fall back without losing matches."""
    from kg.text import Gazetteer

    g = Gazetteer({"child death overview panel": "cdop", "multi-agency safeguarding hub": "mash"})
    filler = "The İstanbul ΣΟΦΙΑ \u212a team met. " * 120
    text = filler + "The Child Death Overview Panel met the multiagency safeguarding hub’s staff."
    found = [(m.text, m.value) for m in g.finditer(text)]
    short = [(m.text, m.value) for m in g.finditer(text[len(filler) :])]
    assert (
        found
        == short
        == [
            ("Child Death Overview Panel", "cdop"),
            ("multiagency safeguarding hub", "mash"),
        ]
    )
