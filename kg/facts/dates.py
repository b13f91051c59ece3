"""Inspection dates and publication date from a report's first page.

Formats seen: "Inspection date(s): 12/09/2016 to 06/10/2016", "7 to 18 October 2024",
"12 September to 6 October 2016", "8 - 12 July 2013", single days, and two ranges
for split inspections ("... and ..."): the inspection then runs from the first
day of the first range to the last day of the last one.

Example: ``inspection_dates("Inspection dates: 7 to 18 October 2024")[:2] ==
("2024-10-07", "2024-10-18")``
"""

from __future__ import annotations

import datetime as dt
import re

MONTHS = {
    m: i
    for i, m in enumerate(
        "january february march april may june july august september october november december".split(),
        1,
    )
}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9

HEAD_CHARS = 4000
_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_ITEM = re.compile(
    rf"(?P<d1>\d{{1,2}})/(?P<m1>\d{{1,2}})/(?P<y1>\d{{4}})"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?:\s+(?P<m2>{_MONTH})\.?)?(?:,?\s+(?P<y2>(?:19|20)\d\d))?(?![\d/])",
    re.I,
)
_INSPECTION = re.compile(r"(?:inspection|visit|review)\s+dates?\s*(?:\(s\))?\s*:?\s*", re.I)
_PUBLISHED = re.compile(
    r"(?:report\s+published|publication\s+date|date\s+published|published)\s*:?\s*", re.I
)


def _parse_items(value: str) -> list[tuple[int, int | None, int | None, int, int]]:
    """Dates in ``value``: (day, month, year, start, end); month/year may be None."""
    out = []
    for m in _ITEM.finditer(value):
        if m.group("d1"):
            out.append(
                (int(m.group("d1")), int(m.group("m1")), int(m.group("y1")), m.start(), m.end())
            )
        else:
            month = MONTHS.get(m.group("m2").lower().rstrip(".")) if m.group("m2") else None
            year = int(m.group("y2")) if m.group("y2") else None
            day = int(m.group("d2"))
            if 1 <= day <= 31:
                out.append((day, month, year, m.start(), m.end()))
    # fill missing months and years from the right ("7 to 18 October 2024")
    filled = []
    month = year = None
    for d, mo, y, s, e in reversed(out):
        month = mo or month
        year = y or year
        filled.append((d, mo or month, y or year, s, e))
    return list(reversed(filled))


def _iso(d: int, m: int | None, y: int | None) -> str | None:
    if not m or not y:
        return None
    try:
        return dt.date(y, m, d).isoformat()
    except ValueError:
        return None


def _value_after(regex: re.Pattern, text: str) -> tuple[str, int] | None:
    m = regex.search(text)
    if not m:
        return None
    line_end = text.find("\n", m.end())
    line_end = len(text) if line_end < 0 else line_end
    value = text[m.end() : line_end]
    # stop at the next field on a joined line ("... Report published: ...")
    cut = re.search(
        r"\s(?:report published|published|lead inspector|reporting inspector|"
        r"age group|judgement|the overall)\b",
        value,
        re.I,
    )
    if cut:
        value = value[: cut.start()]
    return value, m.end()


def inspection_dates(text: str) -> tuple[str | None, str | None, int, int]:
    """``(start, end, span start, span end)`` from the "Inspection date(s)" field."""
    found = _value_after(_INSPECTION, text[:HEAD_CHARS])
    if not found:
        return None, None, -1, -1
    value, offset = found
    items = [i for i in _parse_items(value) if i[1] and i[2]]
    if not items:
        return None, None, -1, -1
    start = _iso(*items[0][:3])
    end = _iso(*items[-1][:3])
    if start and end and end < start:
        start, end = end, start
    return start, end, offset + items[0][3], offset + items[-1][4]


def published_date(text: str) -> tuple[str | None, int, int]:
    """``(date, span start, span end)`` of the printed publication date, if any."""
    head = text[:HEAD_CHARS]
    if "publ" not in head.lower():
        # every match has "publ", which only P, U, B and L in either case spell under re.I;
        # without it, skip the scan (the pattern starts with a letter: tried at every offset)
        return None, -1, -1
    for m in _PUBLISHED.finditer(head):
        found = _value_after(re.compile(re.escape(m.group(0))), head[m.start() :])
        if not found:
            continue
        value, rel = found
        items = [i for i in _parse_items(value[:40]) if i[1] and i[2]]
        if items:
            s = m.start() + rel
            return _iso(*items[0][:3]), s + items[0][3], s + items[0][4]
    return None, -1, -1
