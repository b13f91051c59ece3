"""kg.facts: council, dates, report type, judgements and recommendations of a report."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from conftest import CORPUS, SEED_PDF, SEED_TEXT, needs_shared

from kg.councils import councils
from kg.facts import extract_facts
from kg.facts.appended import appended_lscb_review
from kg.facts.council import match_council
from kg.facts.dates import inspection_dates, published_date
from kg.facts.judgements import grade_id, table_from_boxes
from kg.facts.reporttype import report_type
from kg.load import load
from kg.model import TextBox
from kg.normalise import normalise
from kg.segment import sections, segment

DATA = Path(__file__).parent / "data" / "facts"

SEED_JUDGEMENTS = {
    ("overall", "good"),
    ("help-and-protection", "good"),
    ("looked-after-and-permanence", "good"),
    ("adoption", "good"),
    ("care-leavers", "requires-improvement"),
    ("leadership", "good"),
    ("lscb", "good"),
}


def _facts(path):
    doc = normalise(load(path))
    secs = sections(doc)
    return doc, extract_facts(doc, secs, segment(doc, secs))


def _judged(facts) -> set[tuple[str, str]]:
    return {(j.area, j.grade) for j in facts.judgements}


# ------------------------------------------------------------------ the seed


@needs_shared()
@pytest.mark.parametrize("path", [SEED_TEXT, SEED_PDF], ids=["text", "pdf"])
def test_facts_of_seed_report_match_gold(path):
    doc, facts = _facts(path)
    assert (facts.council, facts.gss_code) == ("Redbridge", "E09000026")
    assert facts.report_type == "sif-lscb"
    assert (facts.start_date, facts.end_date, facts.published) == (
        "2016-09-12",
        "2016-10-06",
        "2016-11-25",
    )
    assert _judged(facts) == SEED_JUDGEMENTS
    assert len(facts.recommendations) == 12
    assert Counter(r.addressed_to for r in facts.recommendations) == {"la": 9, "lscb": 3}


@needs_shared()
@pytest.mark.parametrize("path", [SEED_TEXT, SEED_PDF], ids=["text", "pdf"])
def test_facts_evidence_spans_point_into_the_text(path):
    doc, facts = _facts(path)
    for j in facts.judgements:
        assert 0 <= j.start < j.end <= len(doc.text)
        assert grade_id(j.grade.replace("-", " ")) == j.grade
    for r in facts.recommendations:
        assert " ".join(doc.text[r.start : r.end].split()) == r.text
    lscb = [r for r in facts.recommendations if r.addressed_to == "lscb"]
    assert lscb[0].text.startswith("Extend the range of the performance data set")


@needs_shared()
def test_facts_report_type_comes_from_text_not_file_name(tmp_path):
    renamed = tmp_path / "ilacs-2023-focused-visit.txt"
    renamed.write_bytes(SEED_TEXT.read_bytes())
    assert _facts(renamed)[1].report_type == "sif-lscb"


@needs_shared()
def test_facts_are_deterministic():
    assert _facts(SEED_PDF)[1] == _facts(SEED_PDF)[1]


# ------------------------------------------------------------------ corpus, each type

CORPUS_CASES = {
    # ILACS 2018-22: grades wrapped over two lines in the table
    "80449_bradford_2018-10-29.pdf": (
        "ilacs",
        {
            ("overall", "inadequate"),
            ("help-and-protection", "inadequate"),
            ("in-care-and-care-leavers", "requires-improvement"),
            ("leadership", "requires-improvement"),
        },
    ),
    # ILACS 2023+: in care and care leavers apart; the predecessor's old grade is ignored
    "2733690_cumberland_2024-11-26.pdf": (
        "ilacs-2023",
        {
            ("overall", "good"),
            ("help-and-protection", "requires-improvement"),
            ("in-care", "good"),
            ("care-leavers", "good"),
            ("leadership", "good"),
        },
    ),
    # 2014 SIF with LSCB review, "The overall judgement is that children's services require ..."
    "80419_isle-of-wight_2014-11-19.pdf": (
        "sif-lscb",
        {
            (a, "requires-improvement")
            for a in (
                "overall",
                "help-and-protection",
                "looked-after-and-permanence",
                "adoption",
                "care-leavers",
                "leadership",
                "lscb",
            )
        },
    ),
    # SIF re-inspection without LSCB review; the text restates an old grade the table corrects
    "80549_sandwell_2018-01-29.pdf": (
        "sif",
        {
            ("overall", "inadequate"),
            ("help-and-protection", "inadequate"),
            ("looked-after-and-permanence", "inadequate"),
            ("adoption", "inadequate"),
            ("care-leavers", "requires-improvement"),
            ("leadership", "inadequate"),
        },
    ),
    # 2013 looked-after-children inspection on the four-point scale
    "80476_kent_2013-08-23.pdf": ("older", {("overall", "adequate"), ("leadership", "adequate")}),
    # areas "Not judged" get no judgement
    "80455_isles-of-scilly_2016-06-27.pdf": (
        "sif-lscb",
        {
            ("overall", "good"),
            ("help-and-protection", "good"),
            ("leadership", "good"),
            ("lscb", "requires-improvement"),
        },
    ),
}


@needs_shared()
@pytest.mark.parametrize("name", sorted(CORPUS_CASES))
def test_facts_of_corpus_report_types_and_judgements(name):
    rtype, judged = CORPUS_CASES[name]
    _, facts = _facts(CORPUS / name)
    assert facts.report_type == rtype
    assert _judged(facts) == judged
    assert facts.gss_code and facts.start_date


@needs_shared()
def test_facts_ilacs_recommendations_are_the_what_needs_to_improve_items():
    _, facts = _facts(CORPUS / "2733690_cumberland_2024-11-26.pdf")
    assert [r.text for r in facts.recommendations] == [
        "The effectiveness of the response to children who have experienced neglect.",
        "The response to children who are privately fostered.",
        "The support for 16- and 17-year-olds who present as homeless.",
        "The timeliness and quality of return home interviews.",
    ]
    assert facts.published is None


@needs_shared()
def test_facts_2014_sif_lists_split_between_council_and_board():
    _, facts = _facts(CORPUS / "80419_isle-of-wight_2014-11-19.pdf")
    assert Counter(r.addressed_to for r in facts.recommendations) == {"la": 21, "lscb": 12}


@needs_shared()
def test_facts_every_corpus_sample_has_council_dates_and_type():
    for path in sorted(CORPUS.glob("*.pdf"))[::40]:
        try:
            doc = normalise(load(path))
        except Exception:  # saved web pages are typed skips, tested in test_load
            continue
        secs = sections(doc)
        facts = extract_facts(doc, secs, segment(doc, secs))
        assert facts.gss_code and facts.start_date and facts.report_type, path.name


# ------------------------------------------------------------------ without ../shared


def test_facts_of_standalone_lscb_review():
    doc, facts = _facts(DATA / "lscb-review.txt")
    assert facts.report_type == "lscb-review"
    assert _judged(facts) == {("lscb", "requires-improvement")}
    assert [r.addressed_to for r in facts.recommendations] == ["lscb"] * 3
    assert (facts.start_date, facts.end_date, facts.published) == (
        "2015-03-03",
        "2015-03-24",
        "2015-05-12",
    )


def test_facts_of_ilacs_2023_text_ignore_restated_old_grade():
    _, facts = _facts(DATA / "ilacs-2023-front.txt")
    assert facts.report_type == "ilacs-2023"
    assert _judged(facts) == {
        ("overall", "good"),
        ("help-and-protection", "requires-improvement"),
        ("in-care", "good"),
        ("care-leavers", "outstanding"),
        ("leadership", "good"),
    }
    assert len(facts.recommendations) == 2 and facts.published is None


def test_grade_id_reads_grade_phrases():
    assert grade_id("Requires improvement to be good") == "requires-improvement"
    assert grade_id("Require Improvement") == "requires-improvement"
    assert grade_id("Grade 4 (inadequate)") == "inadequate"
    assert grade_id("Grade 3") == "adequate"
    assert grade_id("Not judged") is None
    assert grade_id("adequately") is None


def test_table_from_boxes_pairs_labels_and_grades_by_position():
    # two labels listed before their grades in reading order; a grade wrapped over three lines
    boxes = (
        TextBox(1, 72, 500, 330, 512, "Children who need help and protection"),
        TextBox(1, 72, 470, 330, 482, "Leadership, management and governance"),
        TextBox(1, 400, 500, 440, 512, "Good"),
        TextBox(1, 400, 482, 470, 494, "Requires"),
        TextBox(1, 400, 470, 490, 482, "improvement to be"),
        TextBox(1, 400, 458, 430, 470, "good"),
    )
    assert table_from_boxes(boxes) == [
        ("help-and-protection", "good", "Children who need help and protection"),
        ("leadership", "requires-improvement", "Leadership, management and governance"),
    ]


def test_inspection_dates_read_ranges_single_days_and_split_inspections():
    assert inspection_dates("Inspection date: 12/09/2016 to 06/10/2016")[:2] == (
        "2016-09-12",
        "2016-10-06",
    )
    assert inspection_dates("Inspection dates: 12 September to 6 October 2016")[:2] == (
        "2016-09-12",
        "2016-10-06",
    )
    assert inspection_dates("Inspection dates: 8 - 12 July 2013")[:2] == (
        "2013-07-08",
        "2013-07-12",
    )
    assert inspection_dates("Inspection dates: 3 October 2019")[:2] == ("2019-10-03", "2019-10-03")
    assert inspection_dates("Inspection dates: 2 to 6 March 2020 and 14 to 18 September 2020")[
        :2
    ] == ("2020-03-02", "2020-09-18")
    assert inspection_dates("No dates here")[:2] == (None, None)


def test_published_date_is_none_when_not_printed():
    assert published_date("Report published: 25/11/2016")[0] == "2016-11-25"
    assert published_date("Published: 16 August 2013")[0] == "2013-08-16"
    assert published_date("Inspection dates: 7 to 18 October 2024\nLead inspector: X")[0] is None


def test_match_council_reads_title_then_falls_back_to_most_frequent_name():
    assert match_council("London Borough of Redbridge Council\nInspection")[:2] == (
        "Redbridge",
        "E09000026",
    )
    title = "Inspection of Bournemouth,\nChristchurch and Poole local authority children's services"
    assert match_council(title)[1] == "E06000058"
    body = "x" * 800 + " Leeds children. Leeds is big. Bradford once."
    assert match_council(body)[1] == "E08000035"


def test_council_matching_uses_the_shared_council_table():
    rows = councils()
    assert len(rows) >= 150
    redbridge = rows["E09000026"]
    assert (redbridge.dfe_code, redbridge.ofsted_urn, redbridge.region) == (
        "317",
        "80512",
        "London",
    )
    assert len(redbridge.stat_neighbours) == 10
    for gss in ("E09000026", "E06000010", "E08000005"):
        assert match_council(rows[gss].name + " Council\nInspection")[1] == gss


def test_report_type_recognises_each_title():
    assert (
        report_type(
            "Anytown Council\nInspection of services for children in need of help and "
            "protection, children looked after and care leavers\nInspection date: x"
        )
        == "sif"
    )
    assert report_type("Focused visit to Anytown children's services\n") == "focused-visit"
    assert report_type("Monitoring visit to Anytown children's services\n") == "monitoring-visit"
    assert (
        report_type("Joint targeted area inspection of Anytown\n")
        == "joint-targeted-area-inspection"
    )
    assert (
        report_type("Inspection of Anytown local authority children's services\n", "2019-01-01")
        == "ilacs"
    )


def test_facts_area_not_judged_gets_no_judgement(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text(
        "Isles of Scilly\n"
        "Inspection of services for children in need of help and protection, children looked after "
        "and care leavers\nInspection date: 11 April 2016 - 28 April 2016\n"
        "Report published: 27 June 2016\n"
        "Children's services in the Isles of Scilly are good\n"
        "1. Children who need help and protection Good\n"
        "2. Children looked after and achieving permanence\nNot Judged\n"
        "2.1 Adoption performance Not Judged\n"
        "2.2 Experiences and progress of care leavers Not Judged\n"
        "3. Leadership, management and governance Good\n\n"
        "Executive summary\n"
        + "Services on the islands are good and improving steadily. " * 4
        + "\n"
    )
    _, facts = _facts(path)
    assert facts.report_type == "sif" and facts.gss_code == "E06000053"
    assert _judged(facts) == {
        ("overall", "good"),
        ("help-and-protection", "good"),
        ("leadership", "good"),
    }


# ------------------------------------------------------------------ SIF recommendation lists


def test_recommendations_of_numbered_sif_list_are_every_numbered_item_whatever_its_first_word():
    _, facts = _facts(DATA / "sif-with-lscb-review.txt")
    la = [r.text for r in facts.recommendations if r.addressed_to == "la"]
    assert [t.split()[0] for t in la] == ["Ensure", "Strengthen", "Cease", "Working", "A", "The"]


def test_recommendations_sub_headings_and_findings_paragraphs_are_not_counted():
    _, facts = _facts(DATA / "sif-with-lscb-review.txt")
    texts = [r.text for r in facts.recommendations]
    assert "Early help and thresholds" not in texts
    assert not any(t.startswith("Leaders have a clear understanding") for t in texts)


def test_recommendations_under_a_judgement_area_sub_heading_carry_that_area():
    _, facts = _facts(DATA / "sif-with-lscb-review.txt")
    assert [r.area for r in facts.recommendations if r.addressed_to == "la"] == [
        "",
        "leadership",
        "care-leavers",
        "care-leavers",
        "",
        "",
    ]


def test_recommendations_introduced_by_a_numbered_paragraph_are_its_bullets(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text(
        "Anytown Council\nInspection of safeguarding and looked after children services\n"
        "Inspection dates: 8 - 12 July 2013\n\nOverall effectiveness\n"
        + "Services are adequate. "
        * 6
        + "\n\nAreas for improvement\n"
        "15. In order to improve the quality of provision for looked after children, the local "
        "authority should take the following action.\nImmediately:\n"
        "\u2022 ensure all children have a care plan which sets out their individual needs\n"
        "\u2022 ensure all social workers receive regular, recorded supervision\n"
        "Within three months:\n\u2022 agree and implement an effective early help strategy\n\n"
        "Outcomes for looked after children and young people\n" + "Outcomes are adequate. " * 8
    )
    _, facts = _facts(path)
    assert [r.text.split()[0] for r in facts.recommendations] == ["ensure", "ensure", "agree"]


def test_appended_lscb_review_adds_board_judgement_and_its_recommendations_go_to_the_board():
    _, facts = _facts(DATA / "sif-with-lscb-review.txt")
    assert facts.report_type == "sif"  # the type of the file's first report
    assert ("lscb", "requires-improvement") in _judged(facts)
    assert Counter(r.addressed_to for r in facts.recommendations) == {"la": 6, "lscb": 2}


@needs_shared()
def test_appended_lscb_review_is_not_found_in_a_single_report():
    doc, _ = _facts(SEED_PDF)
    assert appended_lscb_review(doc.text) == (-1, None)


@needs_shared()
@pytest.mark.parametrize(
    "name,counts",
    [
        ("80542_rochdale_2014-12-05.pdf", {"la": 28, "lscb": 9}),  # sub-headed, numbered 1-28
        ("80477_kingston-upon-hull_2015-02-10.pdf", {"la": 20, "lscb": 7}),  # + appended review
        ("80570_telford-wrekin_2016-08-26.pdf", {"la": 11, "lscb": 5}),
    ],
)
def test_recommendation_counts_of_sif_golds(name, counts):
    _, facts = _facts(CORPUS / name)
    assert Counter(r.addressed_to for r in facts.recommendations) == counts


@needs_shared()
def test_hull_2015_file_is_a_sif_with_the_lscb_grade_of_its_appended_review():
    _, facts = _facts(CORPUS / "80477_kingston-upon-hull_2015-02-10.pdf")
    assert facts.report_type == "sif"
    assert ("lscb", "requires-improvement") in _judged(facts) and len(facts.judgements) == 7


def test_facts_focused_visit_letter_has_no_judgements_even_when_it_restates_grades(tmp_path):
    path = tmp_path / "fv.txt"
    path.write_text(
        "Focused visit to Anytown children's services\nInspection dates: 3 to 4 October 2019\n\n"
        "Dear Ms Smith\n"
        + "Children's services in Anytown were judged to be good in 2017. " * 3
        + "\n\nThe experiences and progress of children who need help and protection Good\n"
    )
    _, facts = _facts(path)
    assert facts.report_type == "focused-visit" and facts.judgements == ()


def test_recommendations_a_statement_starting_with_a_verb_like_noun_is_not_an_item(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text(
        "Anytown Council\nInspection of services for children in need of help and protection\n\n"
        "Summary of findings\n"
        + "Children's services in Anytown require improvement. "
        * 3
        + "\n\nRecommendations\n\u2022 Progress has been made recently to improve attendance.\n"
        "\u2022 Review the financial contributions made by partner agencies.\n"
        "\u2022 Support the further development of the children in care council.\n"
    )
    _, facts = _facts(path)
    assert [r.text.split()[0] for r in facts.recommendations] == ["Review", "Support"]
