"""Report facts: council, dates, report type, graded judgements and recommendations.

A file that appends a review of the LSCB to a services inspection (kg.facts.appended)
keeps the first report's type; the review adds the ``lscb`` judgement and its
recommendations are addressed to the board.

Example: ``extract_facts(doc, secs, sents).report_type == "sif-lscb"``
"""

from __future__ import annotations

from kg.facts.appended import appended_lscb_review
from kg.facts.council import match_council
from kg.facts.dates import inspection_dates, published_date
from kg.facts.judgements import judgements
from kg.facts.recommendations import recommendations
from kg.facts.reporttype import report_type
from kg.model import Document, ReportFacts, Section, Sentence

__all__ = ["extract_facts"]


def extract_facts(
    doc: Document, sections: tuple[Section, ...], sentences: tuple[Sentence, ...]
) -> ReportFacts:
    """The report-level facts of a normalised, segmented document."""
    text = doc.text
    name, gss, _, _ = match_council(text)
    start, end, _, _ = inspection_dates(text)
    published, _, _ = published_date(text)
    rtype = report_type(text, start)
    judged = judgements(doc, sections, rtype)
    if rtype == "ilacs" and {"in-care", "care-leavers"} <= {j.area for j in judged}:
        rtype = report_type(text, start, {j.area for j in judged})
    review_start, review_judged = (-1, None)
    if rtype in ("sif", "sif-lscb", "ilacs", "ilacs-2023", "older"):
        review_start, review_judged = appended_lscb_review(text)
    if review_judged and "lscb" not in {j.area for j in judged}:
        judged = judged + (review_judged,)
    recs = recommendations(doc, sections, rtype, lscb_from=review_start)
    return ReportFacts(
        council=name,
        gss_code=gss,
        report_type=rtype,
        start_date=start,
        end_date=end,
        published=published,
        judgements=judged,
        recommendations=recs,
    )
