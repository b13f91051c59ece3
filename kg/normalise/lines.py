"""Lines: tidy each line, then join the wrapped lines of one paragraph; headings,
list items, grade lines and fields stay on lines of their own."""

from __future__ import annotations

import re

from kg.normalise.rules import BULLET, rules

LOST_DASH = re.compile(r"(?<=\S)  (?=\S)")


def tidy_line(line: str) -> str:
    stripped = line.strip()
    if not stripped:
        return ""
    if "  " in stripped:
        stripped = " ".join(stripped.split())
    # bullets: "• text", and a plain-text export's single leading space for a bullet
    if stripped[0] == BULLET:
        return BULLET + " " + stripped.lstrip(BULLET + " ")
    if line[0] == " " and line[1:2] != " " and stripped[0].isalnum():
        return BULLET + " " + stripped
    return stripped


_LIST_START = re.compile(rf"^(?:{BULLET}|-\s|\d{{1,3}}[.)]\s|[a-z][.)]\s|\(\w{{1,3}}\)\s)")
_END_PUNCT = ".:;?!"


def join_wrapped(lines: list[str]) -> str:
    """Join the lines of one paragraph; keep headings, list items and breaks."""
    widths = sorted(len(ln) for ln in lines if ln)
    full = widths[int(len(widths) * 0.8)] if widths else 80  # a typical full line
    long_line = max(40, int(full * 0.75))
    parts: list[list] = []  # [separator before, paragraph text, last line]
    blank = 0
    for line in lines:
        if not line:
            blank += 1
            continue
        if parts and _continues(parts[-1][2], line, blank, long_line):
            prev = parts[-1][1]
            glue = (
                "" if prev.endswith("-") and prev[-2:-1].isalpha() and line[:1].islower() else " "
            )
            parts[-1][1] = prev + glue + line
            parts[-1][2] = line
        else:
            parts.append(["\n\n" if blank and parts else ("\n" if parts else ""), line, line])
        blank = 0
    return "".join(sep + text for sep, text, _ in parts)


_FIELD = re.compile(r"^[A-Z][A-Za-z ()'-]{2,40}:\s")


def _continues(tail: str, line: str, blank: int, long_line: int) -> bool:
    """Does ``line`` continue the paragraph whose last line is ``tail``?"""
    if (
        _LIST_START.match(line)
        or _is_grade_line(line)
        or _is_grade_line(tail)
        or _FIELD.match(line)
        or _standalone(line)
        or _standalone(tail)
    ):
        return False
    last = tail[-1:]
    first = line[:1]
    if blank:
        # across a page break or blank lines only a sentence cut in the middle continues
        return last not in _END_PUNCT and first.islower() and len(tail) >= long_line
    if last in _END_PUNCT:
        return False
    if len(line) < 50 and line.endswith("?"):
        return False  # a heading ("What needs to improve?")
    if first.isupper() and _ENDS_WITH_GRADE.search(tail):
        return False  # a judgement-table row ("... protection Requires improvement to be good")
    if first.islower() or first in "(,":
        return True
    return len(tail) >= long_line


_GRADE_LINE = re.compile(
    r"^(outstanding|good|requires? improvement( to be good)?|inadequate|adequate"
    r"|not judged)\.?$",
    re.I,
)


_ENDS_WITH_GRADE = re.compile(
    r"(?:outstanding|good|inadequate|adequate|improvement|not judged)$", re.I
)


def _standalone(line: str) -> bool:
    return len(line) < 60 and line.strip().lower().rstrip(":") in rules()["standalone_lines"]


def _is_grade_line(line: str) -> bool:
    return bool(_GRADE_LINE.match(line.strip()))
