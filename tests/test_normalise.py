"""kg.normalise: repairs of extraction artefacts; the normalised text is deterministic."""

from __future__ import annotations

from conftest import SEED_PDF, SEED_TEXT, needs_shared

from kg.load import load
from kg.model import Document
from kg.normalise import normalise, normalise_text


def _text(raw: str, pdf: bool = False) -> str:
    return normalise_text(raw, pdf=pdf)


def test_normalise_fills_document_text_and_keeps_raw():
    doc = Document(path="x.txt", name="x.txt", kind="text", raw_text="The childrens services.\n")
    out = normalise(doc)
    assert out.raw_text == doc.raw_text
    assert out.text == "The children's services.\n"


def test_normalise_splits_compound_seen_hyphenated_elsewhere():
    raw = "Strong multi-agency work.\nA multiagency panel meets weekly.\n"
    assert "A multi-agency panel" in _text(raw)


def test_normalise_splits_safe_prefix_compound_when_remainder_is_a_document_word():
    raw = "Relationships are wellembedded. Practice is embedded across teams.\n"
    assert "well-embedded" in _text(raw)


def test_normalise_leaves_ordinary_words_alone():
    raw = (
        "Managers highlight the shortfall. The light is on. The fall was bad. Overall oversight.\n"
    )
    out = _text(raw)
    assert "highlight" in out and "shortfall" in out and "Overall oversight" in out


def test_normalise_restores_closed_list_of_dropped_apostrophes():
    out = _text("Childrens services and the local authoritys plans. Young peoples views.\n")
    assert out == "Children's services and the local authority's plans. Young people's views.\n"


def test_normalise_does_not_make_plural_verbs_possessive():
    assert "councils are" in _text("Other councils are similar.\n")


def test_normalise_restores_lost_year_dashes():
    out = _text("In 201516 the plan ran. In 2016 and 201 things.\n")
    assert "2015-16" in out and "In 2016 and" in out


def test_normalise_removes_footnote_markers_in_order():
    out = _text("The Board1\n\nInformation about this area2\n\nThere are 2 teams in Year 1.\n")
    assert out == "The Board\n\nInformation about this area\n\nThere are 2 teams in Year 1.\n"


def test_normalise_removes_footnote_marker_pushed_to_the_next_line_after_a_comma():
    out = _text(
        "The Board1\n\nInformation about this area2\n\n- three live in special schools,\n"
        "3 of whom all live outside the area\n- 3 live with parents\n",
        pdf=True,
    )
    assert "special schools, of whom all live outside the area\n" in out
    assert "- 3 live with parents" in out


@needs_shared()
def test_normalise_seed_pdf_has_no_footnote_marker_after_schools():
    text = normalise(load(SEED_PDF)).text
    assert "special schools, of whom all live outside" in text


def test_normalise_keeps_compound_hyphen_at_pdf_soft_break_and_drops_others():
    raw = "a timely, well\ufffeassessed view and a recom\ufffemendation.\n"
    out = _text(raw, pdf=True)
    assert "well-assessed" in out and "recommendation" in out


def test_normalise_joins_wrapped_lines_but_keeps_headings_and_bullets():
    raw = (
        "Executive summary\n"
        "Children's services in Redbridge are good and improving. Senior leaders and elected\n"
        "members demonstrate passion.\n"
        "\u2022 first item\n"
        "\u2022 second item\n"
    )
    out = _text(raw, pdf=True)
    assert out.split("\n")[:4] == [
        "Executive summary",
        "Children's services in Redbridge are good and improving. Senior leaders and elected "
        "members demonstrate passion.",
        "\u2022 first item",
        "\u2022 second item",
    ]


def test_normalise_removes_page_numbers_and_repeated_headers():
    words = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta"]
    pages = [
        f"Inspection of Anytown children's services\n{i}\nBody text about {w} goes here.\n"
        for i, w in enumerate(words, 1)
    ]
    out = _text("\f".join(pages), pdf=True)
    assert out.count("Inspection of Anytown") == 1  # kept as page 1's title only
    assert out.startswith("Inspection of Anytown")
    assert "\n3\n" not in out
    assert "Body text about gamma goes here." in out


def test_normalise_maps_typographic_quotes_dashes_and_bullets():
    out = _text("Children\u2019s \u2018front door\u2019 \u2013 strong.\n\uf0b7 item\n", pdf=True)
    assert out == "Children's 'front door' - strong.\n\u2022 item\n"


@needs_shared()
def test_normalise_seed_text_repairs_known_artefacts():
    text = normalise(load(SEED_TEXT)).text
    assert "wellassessed" not in text and "well-assessed" in text
    assert "well-embedded" in text
    assert "childrens" not in text.lower()
    assert "Children Board1" not in text


@needs_shared()
def test_normalise_seed_pdf_and_text_agree_on_words():
    t = normalise(load(SEED_TEXT)).text
    p = normalise(load(SEED_PDF)).text
    for phrase in (
        "well-embedded relationships",
        "multi-agency safeguarding hub (MASH)",
        "Children's services in Redbridge are good and improving.",
    ):
        assert phrase in t and phrase in p


@needs_shared()
def test_normalise_is_deterministic():
    doc = load(SEED_PDF)
    assert normalise(doc).text == normalise(doc).text


def test_normalise_restores_possessive_of_the_council_named_in_the_title():
    raw = (
        "London Borough of Redbridge Council\n\nRedbridge is diverse. Redbridge grows. "
        "Children in Redbridge are safe.\nFamilies Together, Redbridges Troubled families service.\n"
    )
    assert "Redbridge's Troubled families service" in _text(raw)
