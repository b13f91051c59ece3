"""Report facts: council, dates, report type, graded judgements and recommendations.

Example: ``extract_facts(doc, secs, sents).report_type == "sif-lscb"``
"""

from __future__ import annotations

from kg.facts.council import match_council
from kg.facts.dates import inspection_dates, published_date
from kg.facts.judgements import judgements
from kg.facts.recommendations import recommendations
from kg.facts.reporttype import report_type
from kg.model import Document, ReportFacts, Section, Sentence

__all__ = ["extract_facts"]


def extract_facts(doc: Document, sections: tuple[Section, ...],
                  sentences: tuple[Sentence, ...]) -> ReportFacts:
    """The report-level facts of a normalised, segmented document."""
    text = doc.text
    name, gss, _, _ = match_council(text)
    start, end, _, _ = inspection_dates(text)
    published, _, _ = published_date(text)
    rtype = report_type(text, start)
    judged = judgements(doc, sections, rtype)
    if rtype == "ilacs" and {"in-care", "care-leavers"} <= {j.area for j in judged}:
        rtype = report_type(text, start, {j.area for j in judged})
    recs = recommendations(doc, sections, rtype)
    return ReportFacts(council=name, gss_code=gss, report_type=rtype, start_date=start,
                       end_date=end, published=published, judgements=judged,
                       recommendations=recs)
