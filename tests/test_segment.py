"""kg.segment: sections by heading, sentences with offsets into the normalised text."""

from __future__ import annotations

from conftest import CORPUS, SEED_PDF, SEED_TEXT, needs_shared

from kg.load import load
from kg.model import Document
from kg.normalise import normalise
from kg.segment import sections, segment


def _doc(text: str) -> Document:
    return Document(path="t.txt", name="t.txt", kind="text", raw_text=text, text=text)


def _kinds(path) -> list[str]:
    return [s.kind for s in sections(normalise(load(path)))]


@needs_shared()
def test_sections_of_seed_text_cover_each_area_in_order():
    kinds = _kinds(SEED_TEXT)
    for kind in (
        "front",
        "summary",
        "recommendations",
        "help-and-protection",
        "looked-after-and-permanence",
        "adoption",
        "care-leavers",
        "leadership",
        "lscb",
        "information",
    ):
        assert kind in kinds
    assert kinds[0] == "front" and kinds[-1] == "information"
    assert kinds.index("help-and-protection") < kinds.index("leadership") < kinds.index("lscb")


@needs_shared()
def test_sections_of_seed_text_and_pdf_agree():
    assert _kinds(SEED_TEXT) == _kinds(SEED_PDF) or set(_kinds(SEED_TEXT)) == set(_kinds(SEED_PDF))


@needs_shared()
def test_sections_tile_the_whole_text():
    doc = normalise(load(SEED_TEXT))
    secs = sections(doc)
    assert secs[0].start == 0 and secs[-1].end == len(doc.text)
    assert all(a.end == b.start for a, b in zip(secs, secs[1:], strict=False))


@needs_shared()
def test_sections_skip_contents_page_entries():
    secs = sections(normalise(load(SEED_TEXT)))
    help_sections = [s for s in secs if s.kind == "help-and-protection"]
    assert len(help_sections) == 1
    assert help_sections[0].end - help_sections[0].start > 10000


@needs_shared()
def test_sections_mark_lscb_recommendations_as_the_boards():
    secs = sections(normalise(load(SEED_TEXT)))
    recs = [s for s in secs if s.kind == "recommendations"]
    assert len(recs) == 2 and "LSCB" in recs[1].title and "LSCB" not in recs[0].title


@needs_shared()
def test_sections_of_ilacs_2023_report_use_in_care_and_care_leavers():
    kinds = _kinds(CORPUS / "2733690_cumberland_2024-11-26.pdf")
    assert kinds[:3] == ["front", "summary", "recommendations"]
    assert {"help-and-protection", "in-care", "care-leavers", "leadership"} <= set(kinds)


def test_sections_heading_split_by_grade_line_is_recognised():
    text = (
        "Title\n\nExecutive summary\n"
        + "Prose sentence number one is here and long. " * 4
        + "\nThe experiences and progress of\nGood\nchildren who need help and protection\n"
        + "More prose. " * 12
        + "\n"
    )
    secs = sections(_doc(text))
    assert [s.kind for s in secs] == ["front", "summary", "help-and-protection"]
    assert secs[2].title == "The experiences and progress of children who need help and protection"


def test_segment_splits_sentences_with_offsets_into_text():
    text = "Executive summary\nThe board meets, e.g. monthly. Dr Smith chairs it. It is good.\n"
    doc = _doc(text)
    sents = segment(doc, sections(doc))
    assert [s.text for s in sents] == [
        "Executive summary",
        "The board meets, e.g. monthly.",
        "Dr Smith chairs it.",
        "It is good.",
    ]
    assert all(text[s.start : s.end] == s.text for s in sents)
    assert [s.index for s in sents] == list(range(len(sents)))


def test_segment_treats_bullets_and_numbered_paragraphs_as_sentences_without_markers():
    text = "Recommendations\n\u2022 Ensure plans are clear\n12. Improve the data. Then report.\n"
    doc = _doc(text)
    sents = [s.text for s in segment(doc, sections(doc))]
    assert sents == [
        "Recommendations",
        "Ensure plans are clear",
        "Improve the data.",
        "Then report.",
    ]


def test_segment_does_not_split_on_no_or_initials():
    doc = _doc("See No. 5 in the plan. J. Smith is the chair. It works.\n")
    assert [s.text for s in segment(doc, sections(doc))] == [
        "See No. 5 in the plan.",
        "J. Smith is the chair.",
        "It works.",
    ]


@needs_shared()
def test_segment_labels_sentences_with_their_section_kind():
    doc = normalise(load(SEED_TEXT))
    sents = segment(doc, sections(doc))
    chair = [s for s in sents if s.text.startswith("The LSCB chair provides strong")]
    assert chair and chair[0].section == "lscb"
    assert len(sents) > 500


def test_sections_area_heading_inside_a_recommendations_list_is_a_sub_heading():
    text = (
        "Anytown\nInspection of services for children in need of help and protection\n\n"
        "Summary of findings\n"
        + "Children's services in Anytown require improvement. "
        * 3
        + "\n\nWhat does the local authority need to improve?\nPriority and immediate action\n"
        "1. Ensure that joint visits are undertaken swiftly so that risk is investigated.\n"
        "Leadership, management and governance\n"
        "2. Strengthen management oversight so that delays are escalated.\n\n"
        "Leadership, management and governance\nRequires improvement\n"
        + "Leaders know their services well and act on what they find. " * 4
        + "\n"
    )
    doc = Document(path="x", name="x", kind="text", raw_text=text, text=text)
    kinds = [s.kind for s in sections(doc)]
    assert kinds == ["front", "summary", "recommendations", "leadership"]
