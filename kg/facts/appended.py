"""A second report appended to the first in one file: a review of the Local
Safeguarding Children Board with its own title page, dates and judgement (Hull 2015:
the services inspection, then "Inspection of the effectiveness of the local
safeguarding children board" with its own grade and recommendations).

Such a file keeps the report type of its first report; the appended review adds the
``lscb`` judgement and its recommendations are addressed to the board.

Example: ``appended_lscb_review(text)`` -> ``(offset of the review's title, grade span)``
"""

from __future__ import annotations

import re

from kg.facts.judgements import GRADE, grade_id
from kg.model import Judgement
from kg.normalise.asciifold import lower_ascii

FIRST_REPORT_CHARS = 5000  # an appended review starts after the first report's opening pages
TITLE_BLOCK = 1500  # its dates and judgement statement follow its title within this

_TITLE = re.compile(
    r"^[^\n]{0,80}?\b(?:review|inspection) of the effectiveness of the "
    r"(?:local safeguarding children board|lscb)\b",
    re.I | re.M,
)
_DATES = re.compile(r"(?:inspection|review)\s+dates?\s*:", re.I)
_STATEMENT = re.compile(
    rf"^the\s+(?:local\s+safeguarding\s+children\s+board|lscb)(?:\s+\(lscb\))?\s+"
    rf"(?:(?:is|are)\s+)?({GRADE})\s*\.?\s*$",
    re.I | re.M,
)


def appended_lscb_review(text: str) -> tuple[int, Judgement | None]:
    """``(start, judgement)`` of an LSCB review appended after the first report: a second
    title page (title, then its own inspection dates, then "The Local Safeguarding Children
    Board requires improvement"); ``(-1, None)`` when the file holds one report."""
    for m in _titles(text, FIRST_REPORT_CHARS):
        block = text[m.start() : m.start() + TITLE_BLOCK]
        if not _DATES.search(block):
            continue
        st = _STATEMENT.search(text, m.start(), m.start() + TITLE_BLOCK)
        if not st:
            continue
        grade = grade_id(st.group(1))
        judged = (
            Judgement(area="lscb", grade=grade, start=st.start(), end=st.end()) if grade else None
        )
        return m.start(), judged
    return -1, None


def _titles(text: str, pos: int):
    """The matches of ``_TITLE.finditer(text, pos)``, found faster: a case-insensitive
    pattern that starts with a letter is tried at every offset, so ``_TITLE`` is tried
    only at the starts of lines with "effectiveness of the" (every match has it), found
    with bytes.find in the text's ``lower_ascii`` bytes (a text with a character that re.I
    matches to an ASCII letter is scanned)."""
    coded = lower_ascii(text)
    if coded is None:
        yield from _TITLE.finditer(text, pos)
        return
    tried = -1
    i = coded.find(b"effectiveness of the ", pos)
    while i >= 0:
        line = text.rfind("\n", 0, i) + 1
        if line >= pos and line != tried:
            tried = line
            m = _TITLE.match(text, line)
            if m:
                yield m
        i = coded.find(b"effectiveness of the ", i + 1)
