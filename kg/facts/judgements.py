"""Graded judgements: from the judgement table (by position, for PDFs), the table's
lines in the text, headings that carry a grade, and statements such as
"Children's services in X are good" or "The Local Safeguarding Children Board is good".

Grades of previous inspections restated in the text ("was judged inadequate",
"were judged to be good") are not read: statements must be in the present tense.
"Not judged" areas get no judgement; "adequately" is not "adequate".

Example: ``grade_id("Requires improvement to be good") == "requires-improvement"``
"""

from __future__ import annotations

import re

from kg.model import Document, Judgement, Section, TextBox
from kg.normalise.asciifold import has_ignorecase_extras
from kg.vocabulary import AREA_SECTION_KINDS

GRADE = (
    r"(?:outstanding|good|inadequate|(?:requires?|required) improvement(?:\s+to\s+be\s+good)?"
    r"|adequate(?!ly)|not\s+judged|grade\s+[1-4](?:\s+\((?:outstanding|good|adequate|inadequate)\))?)"
)
_GRADE_RE = re.compile(GRADE, re.I)
_GRADE_ONLY = re.compile(rf"^\s*{GRADE}\s*\.?\s*$", re.I)
_GRADE_AT_END = re.compile(rf"[\s:,-]({GRADE})\s*\.?\s*$", re.I)
_GRADE_NUMBERS = {"1": "outstanding", "2": "good", "3": "adequate", "4": "inadequate"}

# area label patterns (order matters: the most specific first)
AREA_LABELS: list[tuple[str, re.Pattern]] = [
    (a, re.compile(p, re.I))
    for a, p in [
        ("overall", r"\boverall effectiveness\b"),
        ("in-care-and-care-leavers", r"\bchildren in care and care leavers\b"),
        ("adoption", r"\badoption performance\b"),
        ("care-leavers", r"\b(?:experiences? and progress of )?care leavers\b"),
        ("in-care", r"\bchildren in care\b"),
        (
            "looked-after-and-permanence",
            r"\bchildren looked \w+ and achieving\b|\bachieving permanence\b",
        ),
        ("help-and-protection", r"\bchildren who need help and protection\b"),
        (
            "leadership",
            r"\bleadership,? management and governance\b|\bimpact of leaders\b|^leadership and management\b",
        ),
        ("lscb", r"\blocal safeguarding children board\b|\blscb\b"),
    ]
]
AREA_SECTIONS = AREA_SECTION_KINDS


def grade_id(text: str) -> str | None:
    """The grade concept id of a grade phrase; None for "not judged" or no grade."""
    t = " ".join(text.lower().split()).rstrip(".")
    if t.startswith("grade"):
        m = re.match(r"grade ([1-4])(?: \((\w+)\))?", t)
        return (m.group(2) or _GRADE_NUMBERS[m.group(1)]) if m else None
    if "not judged" in t:
        return None
    if "improvement" in t:
        return "requires-improvement"
    for g in ("outstanding", "inadequate", "good", "adequate"):
        if t.startswith(g) and not t[len(g) : len(g) + 1].isalpha():
            return g
    return None


def area_of(label: str) -> str | None:
    # a pattern is tried (at every offset of the label) only when the label has one of its
    # words; unless the label has a character that re.I matches to an ASCII letter ("ſ"
    # to "s", ...), which could spell them otherwise
    low = label.lower()
    exact = not has_ignorecase_extras(label)
    worded = {area for word, area in _AREA_WORDS if word in low}
    for area, pat in AREA_LABELS:
        if exact and area not in worded:
            continue
        if pat.search(label):
            return area
    return None


# (word, area): every match of the area's AREA_LABELS pattern has one of its words
_AREA_WORDS = (
    ("overall effectiveness", "overall"),
    ("children in care and care leavers", "in-care-and-care-leavers"),
    ("adoption performance", "adoption"),
    ("care leavers", "care-leavers"),
    ("children in care", "in-care"),
    ("children looked ", "looked-after-and-permanence"),
    ("achieving permanence", "looked-after-and-permanence"),
    ("children who need help and protection", "help-and-protection"),
    ("leadership", "leadership"),
    ("impact of leaders", "leadership"),
    ("local safeguarding children board", "lscb"),
    ("lscb", "lscb"),
)


# ---------------------------------------------------------------- table by position


def _merge_column(boxes: list[TextBox], complete, still=lambda t: True) -> list[TextBox]:
    """Merge boxes stacked in one column (a wrapped label or grade) while ``complete``
    says the text so far is unfinished."""
    boxes = sorted(boxes, key=lambda b: (-b.y1, b.x0))
    out: list[TextBox] = []
    used = [False] * len(boxes)
    lower = [j for j, c in enumerate(boxes) if c.text[:1].islower()]  # may continue a box
    for i, b in enumerate(boxes):
        if used[i]:
            continue
        cur = b
        used[i] = True
        while not complete(cur.text):
            nxt = None
            height = max(cur.y1 - cur.y0, 6.0) / max(1, cur.text.count("\n") + 1)
            for j in lower:
                if j <= i or used[j]:
                    continue
                c = boxes[j]
                # the position first: ``still`` joins the texts
                if (
                    abs(c.x0 - cur.x0) < 25
                    and 0 <= cur.y0 - c.y1 < 1.2 * height + 4
                    and still(cur.text + " " + c.text)
                ):
                    nxt = j
                    break
            if nxt is None:
                break
            c = boxes[nxt]
            used[nxt] = True
            cur = TextBox(
                page=cur.page,
                x0=min(cur.x0, c.x0),
                y0=c.y0,
                x1=max(cur.x1, c.x1),
                y1=cur.y1,
                text=cur.text + "\n" + c.text,
            )
        out.append(cur)
    return out


def _grade_complete(text: str) -> bool:
    t = " ".join(text.lower().split())
    if t.startswith("require"):
        return t.endswith("good")
    return True


def _is_grade_fragment(text: str) -> bool:
    """A grade, or a piece of "Requires improvement to be good" wrapped over lines."""
    t = " ".join(text.lower().split()).rstrip(".")
    if _GRADE_ONLY.match(t):
        return True
    for target in ("requires improvement to be good", "require improvement to be good"):
        if f" {t} " in f" {target} ":
            return True
    return False


def _may_end_with_grade(text: str) -> bool:
    """Can ``_GRADE_AT_END`` match ``text``? Its grade ends in one of "gdet" (no other
    character matches those under re.I), a digit 1-4 or ")", then maybe spaces and a full
    stop. (The search is tried at every space; most boxes end otherwise.)"""
    t = text.rstrip()
    if t.endswith("."):
        t = t[:-1].rstrip()
    return t[-1:] in _GRADE_LAST


_GRADE_LAST = frozenset("gdetGDET1234)")

_VERBAL = re.compile(
    r"\b(?:is|are|was|were|be|been|not|of|judged)\s*$|\b(?:is|are|was|were)\b", re.I
)


def table_from_boxes(boxes: tuple[TextBox, ...]) -> list[tuple[str, str | None, str]]:
    """``(area, grade, label text)`` rows of the judgement table on pages 1-2; the grade
    is None for an area "not judged"."""
    rows: list[tuple[str, str | None, str]] = []
    seen: set[str] = set()
    pages: dict[int, list[TextBox]] = {1: [], 2: []}
    for b in boxes:
        if b.page in pages:
            pages[b.page].append(b)
    for bs in pages.values():
        if not bs:
            continue
        is_frag = [b.x0 > 200 and _is_grade_fragment(b.text) for b in bs]
        frags = [b for b, frag in zip(bs, is_frag, strict=True) if frag]
        direct = []
        others = []
        for b, frag in zip(bs, is_frag, strict=True):
            if frag or len(b.text) > 110:
                continue
            m = _GRADE_AT_END.search(b.text) if _may_end_with_grade(b.text) else None
            area = area_of(b.text[: m.start()]) if m else None
            if area and not _VERBAL.search(b.text[: m.start()]):
                direct.append((b, area, m.group(1)))
            else:
                others.append(b)
        grades = _merge_column(frags, _grade_complete, _is_grade_fragment)
        grades = [
            g
            for g in grades
            if grade_id(g.text)
            or "not judged" in g.text.lower()
            and _GRADE_ONLY.match(" ".join(g.text.split()))
        ]
        if not grades and not direct:
            continue
        left = min((g.x0 for g in grades), default=600)
        # labels: left of the grades, and not a grade themselves
        labels = [b for b in others if b.x1 <= left + 5 and not _GRADE_RE.fullmatch(b.text.strip())]
        merged = _merge_column(labels, lambda t: False)
        cands = [(lb, area_of(lb.text.replace("\n", " "))) for lb in merged]
        cands = [(lb, a) for lb, a in cands if a]
        pairs = []
        for g in grades:
            gc = (g.y0 + g.y1) / 2
            gtop = g.y1
            best = None
            for lb, a in cands:
                if lb.y0 - 8 <= gc <= lb.y1 + 8 or lb.y0 - 8 <= gtop - 5 <= lb.y1 + 8:
                    d = min(abs(gc - (lb.y0 + lb.y1) / 2), abs(gtop - lb.y1))
                    if best is None or d < best[0]:
                        best = (d, lb, a)
            if best:
                pairs.append((best[0], best[2], g, best[1]))
        for _, a, g, lb in sorted(pairs, key=lambda p: (-p[3].y1, p[0])):
            gid = grade_id(" ".join(g.text.split()))
            if a in seen:
                continue
            seen.add(a)
            rows.append((a, gid, " ".join(lb.text.split())))
        for b, a, gtext in direct:
            if a not in seen:
                seen.add(a)
                rows.append((a, grade_id(gtext), " ".join(b.text.split())))
    return rows


# ---------------------------------------------------------------- table as text lines


_GRADE_BROKEN = re.compile(r"(?:^|\s)(?:requires?|requires? improvement(?: to)?(?: be)?)\s*$", re.I)
_GRADE_CONTINUED = re.compile(r"^\s*(?:improvement|to be good|be good|good)\b", re.I)


def table_from_text(text: str, end: int) -> list[tuple[str, str | None, int, int]]:
    """``(area, grade, start, end)`` rows of the judgement table as extracted text lines:
    "2.1 Adoption performance Good", or a label line followed by its grade line(s)."""
    rows: list[tuple[str, str | None, int, int]] = []
    seen: set[str] = set()
    lines: list[tuple[int, str]] = []
    pos = 0
    for line in text[:end].split("\n"):
        # "... Requires" / "Improvement" / "to be good": one grade over several lines
        if lines and _GRADE_CONTINUED.match(line) and _GRADE_BROKEN.search(lines[-1][1]):
            lines[-1] = (lines[-1][0], lines[-1][1] + "\n" + line)
        else:
            lines.append((pos, line))
        pos += len(line) + 1
    lines = [(ls, line.replace("\n", " ")) for ls, line in lines]
    pending: tuple[str, int] | None = None
    i = 0
    while i < len(lines):
        ls, line = lines[i]
        i += 1
        if not line.strip() or len(line) > 160:
            pending = None if len(line) > 160 else pending
            continue
        m = _GRADE_AT_END.search(line) if _may_end_with_grade(line) else None
        label = line[: m.start()] if m else line
        area = area_of(label) if len(label) < 110 else None
        if area and _VERBAL.search(label):
            area = None
        if area and m:
            grade_text, gend = m.group(1), ls + len(line)
            # "Requires improvement" / "to be good" on the next line
            if (
                grade_text.lower().startswith("require")
                and i < len(lines)
                and lines[i][1].strip().lower() in ("to be good", "to be good.")
            ):
                gend = lines[i][0] + len(lines[i][1])
                i += 1
            if area not in seen:
                seen.add(area)
                rows.append((area, grade_id(grade_text), ls, gend))
            pending = None
        elif area:
            pending = (area, ls)
        elif pending and _GRADE_ONLY.match(line):
            grade_text, gend = line.strip(), ls + len(line)
            if (
                grade_text.lower().startswith("require")
                and "good" not in grade_text.lower()
                and i < len(lines)
                and lines[i][1].strip().lower().startswith("to be good")
            ):
                gend = lines[i][0] + len(lines[i][1])
                i += 1
            area, start = pending
            if area not in seen:
                seen.add(area)
                rows.append((area, grade_id(grade_text), start, gend))
            pending = None
        elif pending and line[:1].islower():
            # a wrapped label ("The experiences and progress of children in care and" / "care
            # leavers")
            full = text[pending[1] : ls + len(line)]
            pending = (area_of(" ".join(full.split())) or pending[0], pending[1])
        else:
            pending = None
    return rows


# ---------------------------------------------------------------- text statements

_OVERALL = [
    re.compile(rf"^overall effectiveness[^\n]{{0,80}}?\s*:?\s*\n?({GRADE})\s*\.?$", re.I | re.M),
    re.compile(
        rf"children'?s services in (?:(?!\b(?:was|were|been|judged|previous|last|no longer|not)\b)[^.]){{1,90}}?"
        rf"\s(?:(?:are|is)\s+)?({GRADE})",
        re.I,
    ),
    re.compile(
        rf"the overall judgement is (?:that children'?s services (?:are |is )?)?({GRADE})", re.I
    ),
]
_LSCB = [
    re.compile(
        rf"the\s+(?:local\s+safeguarding\s+children\s+board|lscb)(?:\s+\(lscb\))?\s+"
        rf"(?:(?:is|are)\s+)?({GRADE})",
        re.I,
    ),
]
_REVIEW_OVERALL = re.compile(
    rf"the overall judgement is (?:that the [^.\n]{{0,80}}? (?:is|are|requires?) )?({GRADE})", re.I
)


def _heading_region(text: str, sec: Section) -> tuple[int, int]:
    """The heading lines of a section (up to the first line of prose, at most 4 lines)."""
    pos, end, lines = sec.start, sec.start, 0
    while pos < sec.end and lines < 4:
        nl = text.find("\n", pos, sec.end)
        nl = sec.end if nl < 0 else nl
        line = text[pos:nl]
        if len(line) > 100 and lines:
            break
        end = nl
        lines += 1
        if len(line) > 100:
            break
        pos = nl + 1
    return sec.start, end


_JUDGED_PHRASE = re.compile(rf"is that it (?:is )?({GRADE})", re.I)


def _heading_grade(text: str, sec: Section) -> tuple[str, int, int] | None:
    """(grade text, grade start, heading end) when the section's heading carries a grade:
    on the heading line itself, or on a line of its own among the heading lines."""
    hs, he = _heading_region(text, sec)
    pos = hs
    for line in text[hs:he].split("\n"):
        ls = pos
        pos += len(line) + 1
        m = _GRADE_ONLY.match(line)
        if m:
            g = _GRADE_RE.search(line)
            return g.group(0), ls + g.start(), ls + len(line)
        m = _JUDGED_PHRASE.search(line) or (_GRADE_AT_END.search(line) if len(line) < 160 else None)
        if m and (area_of(line[: m.start()]) or _JUDGED_PHRASE.search(line)):
            return m.group(1), ls + m.start(1), ls + len(line)
    return None


def _add(found: dict, area: str, grade: str | None, start: int, end: int) -> None:
    if area not in found:
        found[area] = (grade, start, end)


def judgements(
    doc: Document, sections: tuple[Section, ...], report_type: str
) -> tuple[Judgement, ...]:
    """Every graded judgement of the report, one per area."""
    if report_type in ("focused-visit", "monitoring-visit", "joint-targeted-area-inspection"):
        return ()
    text = doc.text
    found: dict[str, tuple[str | None, int, int]] = {}
    front_end = sections[1].start if len(sections) > 1 else min(len(text), 4000)
    head_end = max(front_end, min(len(text), 3000))
    # 1. statements and headings in the text
    for pat in _OVERALL:
        m = pat.search(text, 0, head_end)
        if m and report_type != "lscb-review":
            _add(found, "overall", grade_id(m.group(1)), m.start(), m.end())
            break
    if report_type == "lscb-review":
        m = _REVIEW_OVERALL.search(text, 0, head_end)
        if m:
            _add(found, "lscb", grade_id(m.group(1)), m.start(), m.end())
    for sec in sections:
        if sec.kind in AREA_SECTIONS:
            hit = _heading_grade(text, sec)
            if hit:
                area = sec.kind
                label_area = area_of(text[sec.start : hit[1]])
                if label_area and label_area != area and label_area != "overall":
                    area = label_area
                _add(found, area, grade_id(hit[0]), sec.start, hit[2])
        if sec.kind == "summary" and sec.title.lower().startswith("overall effectiveness"):
            hs, he = _heading_region(text, sec)
            m = _GRADE_RE.search(text, hs, he)
            if m and "overall" not in found:
                _add(found, "overall", grade_id(m.group(0)), hs, he)
    if report_type in ("sif-lscb", "lscb-review"):
        lscb_secs = [s for s in sections if s.kind == "lscb"] + [
            s for s in sections if s.kind == "front"
        ]
        if report_type == "lscb-review" or not lscb_secs:
            lscb_secs = list(sections)
        for sec in lscb_secs:
            for pat in _LSCB:
                m = pat.search(text, sec.start, sec.end)
                if m:
                    _add(found, "lscb", grade_id(m.group(1)), m.start(), m.end())
                    break
            if "lscb" in found:
                break
    # 2. the table on page 1 as text lines overrides statements and headings
    for area, grade, s, e in table_from_text(text, min(len(text), max(front_end, 600) + 200)):
        if area == "lscb" and report_type not in ("sif-lscb", "lscb-review"):
            continue
        found[area] = (grade, s, e)
    # 3. the table on page 1 by position (PDFs) overrides what the text said
    if doc.boxes:
        for area, grade, label in table_from_boxes(doc.boxes):
            if area == "lscb" and report_type not in ("sif-lscb", "lscb-review"):
                continue
            old = found.get(area)
            if old and old[0] == grade:
                continue
            s, e = _locate(text, label, front_end if front_end > 0 else 4000)
            if old and s < 0:
                s, e = old[1], old[2]
            found[area] = (grade, s, e)
    # ILACS before 2023 has no separate care-leaver or in-care judgements
    if report_type == "ilacs" and not {"in-care", "care-leavers"} <= set(found):
        found.pop("in-care", None)
        found.pop("care-leavers", None)
    if report_type in ("sif", "ilacs", "ilacs-2023"):
        found.pop("lscb", None)
    if report_type == "ilacs-2023":
        found.pop("looked-after-and-permanence", None)
        if {"in-care", "care-leavers"} <= set(found):
            found.pop("in-care-and-care-leavers", None)
    out = []
    for area, (grade, s, e) in sorted(found.items(), key=lambda kv: kv[1][1]):
        if grade:
            out.append(Judgement(area=area, grade=grade, start=s, end=e))
    return tuple(sorted(out, key=lambda j: (_AREA_ORDER.get(j.area, 99), j.area)))


_AREA_ORDER = {
    a: i
    for i, a in enumerate(
        [
            "overall",
            "help-and-protection",
            "looked-after-and-permanence",
            "adoption",
            "care-leavers",
            "in-care-and-care-leavers",
            "in-care",
            "leadership",
            "lscb",
        ]
    )
}


def _locate(text: str, label: str, limit: int) -> tuple[int, int]:
    """Span of a table label in the text's front matter (spaces and line breaks flexible)."""
    words = re.findall(r"[A-Za-z']+", label)
    if not words:
        return -1, -1
    pat = re.compile(r"[^A-Za-z']{1,6}".join(re.escape(w) for w in words), re.I)
    m = pat.search(text, 0, max(limit, 4000))
    if not m:
        return -1, -1
    line_end = text.find("\n", m.end())
    return m.start(), (line_end if 0 <= line_end - m.end() < 60 else m.end())
