"""The kind of report, recognised from the title block of its text (never its file name).

Concept ids (docs/rdf-model.md): sif-lscb, sif, lscb-review, ilacs, ilacs-2023,
focused-visit, monitoring-visit, joint-targeted-area-inspection, older.

Example: ``report_type("... Inspection of Cumberland local authority children's
services ...", "2024-10-07") == "ilacs-2023"``
"""

from __future__ import annotations

import re

TITLE_CHARS = 600  # title block: before the dates and the judgement table
ILACS_2023 = "2023-01-01"  # ILACS graded care leavers apart from this date

_SIF = re.compile(r"inspection of services for children in need of help and protection", re.I)
_LSCB = re.compile(
    r"(?:review|inspection) of the effectiveness of the (?:local safeguarding children board|lscb)",
    re.I,
)
_ILACS = re.compile(
    r"inspection of (?:[\w ,'&.-]{0,60}\s)?(?:local authority )?children'?s "
    r"(?:social care )?services",
    re.I,
)
_FOCUSED = re.compile(r"\bfocused visit\b", re.I)
_MONITORING = re.compile(r"\bmonitoring visit\b", re.I)
_JTAI = re.compile(r"\bjoint targeted area inspection\b", re.I)
_OLDER = re.compile(
    r"inspection of (?:safeguarding|looked after children|services for looked after)"
    r"|safeguarding and looked after children|children's services assessment"
    r"|inspection of local authority arrangements",
    re.I,
)


def _title(text: str) -> str:
    """The title block: text before the dates field (or the first 600 characters)."""
    head = text[:TITLE_CHARS]
    m = re.search(r"(?:inspection|visit)\s+dates?\s*:|dates? of (?:the )?visit", head, re.I)
    return " ".join((head[: m.start()] if m else head).split())


def report_type(
    text: str, start_date: str | None = None, areas: frozenset[str] | set[str] = frozenset()
) -> str:
    """The report-type concept id of a normalised report text."""
    title = _title(text)
    if _JTAI.search(title):
        return "joint-targeted-area-inspection"
    if _FOCUSED.search(title):
        return "focused-visit"
    if _MONITORING.search(title):
        return "monitoring-visit"
    if _SIF.search(title):
        return "sif-lscb" if _LSCB.search(title) else "sif"
    if _LSCB.search(title):
        return "lscb-review"
    if _OLDER.search(title):
        return "older"
    if _ILACS.search(title):
        if (start_date and start_date >= ILACS_2023) or {"in-care", "care-leavers"} <= set(areas):
            return "ilacs-2023"
        return "ilacs"
    return "older"
