"""Lines: tidy each line, then join the wrapped lines of one paragraph; headings,
list items, grade lines and fields stay on lines of their own."""

from __future__ import annotations

import re

from kg.normalise.rules import BULLET, rules

# two spaces between non-spaces; "(?<=\S)  (?=\S)" written to start with its literal, as
# a pattern that starts with a lookbehind is tried at every offset
LOST_DASH = re.compile(r"  (?<=\S  )(?=\S)")


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
    out: list[str] = []  # separators, lines and the glue between lines, joined at the end
    tail = ""  # the last line
    before_tail = ""  # the character before it in its paragraph ("" if it starts one)
    blank = 0
    tail_alone = False  # the last line stands alone (see _alone)
    for line in lines:
        if not line:
            blank += 1
            continue
        alone = _alone(line)
        if out and not alone and not tail_alone and _continues(tail, line, blank, long_line):
            # a hyphen at a line break belongs to the word ("multi-" / "agency")
            second_last = tail[-2] if len(tail) >= 2 else before_tail
            glue = (
                "" if tail.endswith("-") and second_last.isalpha() and line[:1].islower() else " "
            )
            before_tail = glue or tail[-1]
            out.append(glue)
        else:
            before_tail = ""
            out.append("\n\n" if blank and out else ("\n" if out else ""))
        out.append(line)
        tail = line
        blank = 0
        tail_alone = alone
    return "".join(out)


_FIELD = re.compile(r"^[A-Z][A-Za-z ()'-]{2,40}:\s")


def _alone(line: str) -> bool:
    """A line that neither continues a paragraph nor is continued: a grade or a standalone
    line (computed once per line: each line is tested as ``line`` and then as ``tail``)."""
    if len(line) >= 60 and not line[0].isspace() and not line[-1].isspace():
        return False  # too long for a grade (32 characters at most) or a standalone line
    return _is_grade_line(line) or _standalone(line)


def _continues(tail: str, line: str, blank: int, long_line: int) -> bool:
    """Does ``line`` continue the paragraph whose last line is ``tail``? (Neither line is
    one that stands alone, see ``_alone``.)"""
    if _LIST_START.match(line) or _FIELD.match(line):
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
