"""Split a normalised report into titled sections and sentences (with offsets).

Sections are found from heading lines of the Ofsted report formats (SIF with
LSCB review, standalone LSCB review, ILACS, the 2013 looked-after-children and
safeguarding formats, visit letters). ``Section.kind`` uses the judgement-area ids
of docs/rdf-model.md where a section is about one area (``help-and-protection``,
``looked-after-and-permanence``, ``adoption``, ``care-leavers``,
``in-care-and-care-leavers``, ``in-care``, ``leadership``, ``lscb``) and
otherwise ``front``, ``summary``, ``recommendations``, ``information`` or
``other``. Sub-headings inside the LSCB part (its executive summary, findings)
stay ``lscb``; its recommendations are ``recommendations`` titled as the LSCB's.

Sentences never cross a line: every line of the normalised text is a paragraph,
heading or list item; bullets and paragraph numbers are not part of a sentence.

Example: ``python -c "from kg.load import load; from kg.normalise import normalise;
from kg.segment import sections; d = normalise(load('r.txt')); print(sections(d))"``
"""

from __future__ import annotations

import functools
import re

from kg.model import Document, Section, Sentence
from kg.normalise.asciifold import lower_ascii
from kg.vocabulary import AREA_SECTION_KINDS

_G = r"(?:outstanding|good|adequate|inadequate|requires? improvement(?: to be good)?|not judged)"

# (kind, pattern on the heading text with any trailing grade removed). First match wins.
HEADINGS: list[tuple[str, re.Pattern]] = [
    (k, re.compile(p, re.I))
    for k, p in [
        ("lscb", r"^(?:the )?local safeguarding children board(?: \(lscb\))?$"),
        (
            "lscb",
            r"^(?:review of )?the effectiveness of the (?:local safeguarding children board|lscb)"
            r"(?: \(lscb\))?$",
        ),
        ("lscb", r"^inspection findings\W+the (?:local safeguarding children board|lscb)$"),
        (
            "lscb",
            r"^section \d+:?\s+the effectiveness (?:of )?(?:the )?(?:local safeguarding children board"
            r"|lscb)\b(?!.*\s\d{1,3}$)",
        ),
        (
            "help-and-protection",
            r"^(?:(?:the )?experiences? and progress of )?children who need help and"
            r" protection$",
        ),
        (
            "looked-after-and-permanence",
            r"^(?:(?:the )?experiences? and progress of )?children looked after"
            r" and achieving permanence$",
        ),
        (
            "in-care-and-care-leavers",
            r"^(?:(?:the )?experiences? and progress of )?children in care and"
            r" care leavers$",
        ),
        ("in-care", r"^(?:(?:the )?experiences? and progress of )?children in care$"),
        ("care-leavers", r"^(?:(?:the )?experiences? and progress of )?care leavers$"),
        ("adoption", r"^the graded judgement (?:for|about) adoption performance is that it"),
        (
            "care-leavers",
            r"^the graded judgement (?:for|about) the experiences? and progress of care"
            r" leavers is that it",
        ),
        ("leadership", r"^leadership,? management and governance$"),
        ("leadership", r"^leadership and management$"),
        (
            "leadership",
            r"^the impact of leaders on social work practice with children and families$",
        ),
        ("lscb", r"^inspection judgements? about the (?:lscb|local safeguarding children board)$"),
        ("summary", r"^executive summary$"),
        ("summary", r"^summary of findings$"),
        ("summary", r"^the local authority'?s strengths$"),
        ("summary", r"^(?:the )?(?:local authority|lscb|board) has the following strengths:?$"),
        ("other", r"^progress since the last inspection$"),
        ("other", r"^inspection judgements? about the local authority$"),
        (
            "information",
            r"^what the inspection judge?ments mean(?:: the (?:local authority|lscb))?$",
        ),
        ("summary", r"^summary of key findings$"),
        ("information", r"^section \d+:?\s+the local authority$"),
        ("summary", r"^summary for children and young people$"),
        ("summary", r"^overall effectiveness(?: of (?:services|the)[\w ,]*)?$"),
        ("summary", r"^key findings(?: and action points)?$"),
        ("summary", r"^summary of (?:key )?findings$"),
        ("recommendations", r"^recommendations$"),
        ("recommendations", r"^what needs to improve(?: in this local authority)?\??$"),
        (
            "recommendations",
            r"^what does the (?:local authority|lscb|local safeguarding children board|"
            r"council) need to improve\??$",
        ),
        (
            "recommendations",
            r"^what the (?:local authority|lscb|local safeguarding children board|"
            r"council|partnership) (?:needs|should do) to improve\??$",
        ),
        ("recommendations", r"^areas? for (?:improvement|priority action|development)$"),
        ("recommendations", r"^areas? for improvement (?:and|for) .{0,40}$"),
        ("recommendations", r"^what needs to happen next$"),
        ("information", r"^information about this (?:inspection|local authority area|review)$"),
        ("information", r"^about this (?:inspection|review)$"),
        ("information", r"^service information$"),
        ("information", r"^the local authority$"),
        ("information", r"^the inspection judgements and what they mean$"),
        ("information", r"^record of main findings$"),
        ("other", r"^capacity to improve$"),
        ("other", r"^outcomes for (?:looked after )?children and young people$"),
        ("other", r"^quality of provision$"),
        ("other", r"^safeguarding services$"),
        ("other", r"^services for looked after children$"),
        ("other", r"^(?:main )?findings$"),
        ("other", r"^contents$"),
    ]
]

# Headings that are also sub-headings of summaries and recommendation lists ("Leadership
# and management", "Care leavers"): they start a section only when a grade goes with them.
_WEAK = re.compile(
    r"^(?:leadership and management|care leavers|children in care|"
    r"children who need help and protection)$",
    re.I,
)

_GRADE_WORDS = (
    "requires improvement to be good",
    "require improvement to be good",
    "requires improvement",
    "require improvement",
    "outstanding",
    "inadequate",
    "adequate",
    "not judged",
    "good",
)
_GRADE_TAIL = re.compile(r"(?:\s+(?:is|are))?\s*[:\-]?\s*(?:(?:is|are)\s+)?(?:grade \d \()?$", re.I)


def _strip_grade(t: str) -> str:
    """``t`` without a trailing grade ("... protection: good", "... is Grade 4 (inadequate)")."""
    low = t.lower().rstrip(" .)")
    for g in _GRADE_WORDS:
        if low.endswith(g) and (len(low) == len(g) or not low[-len(g) - 1].isalpha()):
            head = t[: len(low) - len(g)]
            tail = _GRADE_TAIL.search(head[-20:])
            return head[: len(head) - (len(tail.group(0)) if tail else 0)]
    return t


_GRADE_LINE = re.compile(rf"^(?:grade \d \()?{_G}\)?\.?$", re.I)
_GRADE_NEAR = re.compile(rf"(?:^|\s|:){_G}\b|\bgrade \d", re.I)
_MAX_HEADING = 140
_PROSE = 100  # a line at least this long is body text


_KEYWORDS = re.compile(
    r"children|leader|summary|recommend|improve|information|about|effective|"
    r"safeguarding|lscb|findings|contents|capacity|outcomes|quality|services|"
    r"graded|local authority|key|care leavers|strengths|progress|judgement",
    re.I,
)


@functools.lru_cache(maxsize=4096)
def _heading_kind(text: str) -> str | None:
    if not _KEYWORDS.search(text):
        return None
    t = " ".join(text.split()).rstrip(":")
    t = re.sub(r"\s+summary$", "", t, flags=re.I) if len(t) > 30 else t
    t = re.sub(r"\s+(?:is|are)$", "", t, flags=re.I)
    t = re.sub(r"\s*\(\s*(?:lscb|the lscb)\s*\)", " (lscb)", t, flags=re.I)
    if len(t) > _MAX_HEADING:
        return None
    for cand in (t, _strip_grade(t).rstrip(":- ")):
        for kind, pat in HEADINGS:
            if pat.search(cand):
                return kind
    return None


def _candidates(lines: list[str]) -> list[tuple[int, int, str, str]]:
    """Heading candidates: (start, end, kind, title) among the ``lines`` of the text. A
    heading may be split by a grade line ("The experiences and progress of" / "Good" /
    "children who need help and protection")."""
    out = []
    skip_to = -1
    e = -1
    for i, raw in enumerate(lines):
        s, e = e + 1, e + 1 + len(raw)  # the line's offsets in the text
        if i <= skip_to:
            continue
        line = raw.strip()
        if not line or len(line) > _MAX_HEADING or line.startswith("\u2022"):
            continue
        kind = _heading_kind(line)
        if kind:
            out.append((s, e, kind, line))
            continue
        # a heading broken over two or three lines (possibly with the grade in between)
        if len(line) < 80 and not line.endswith((".", ";")):
            j, parts, grade_seen = i + 1, [line], False
            je = e  # the end of line j - 1
            while j < len(lines) and j <= i + 3:
                je += 1 + len(lines[j])
                nxt = lines[j].strip()
                if not nxt:
                    j += 1
                    continue
                if _GRADE_LINE.match(nxt) and not grade_seen:
                    grade_seen = True
                    j += 1
                    continue
                parts.append(nxt)
                kind = _heading_kind(" ".join(parts))
                if kind:
                    out.append((s, je, kind, " ".join(parts)))
                    skip_to = j
                break
    return out


def _first_prose(lines: list[str], default: int) -> int:
    """The offset of the first line of prose (at least ``_PROSE`` characters), else
    ``default``."""
    pos = 0
    for line in lines:
        if len(line) >= _PROSE:
            return pos
        pos += len(line) + 1
    return default


def sections(doc: Document) -> tuple[Section, ...]:
    """The document's sections in order, covering ``doc.text`` from 0 to its end.

    Example: ``[s.kind for s in sections(doc)][:3] == ["front", "summary", "information"]``
    """
    text = doc.text
    n = len(text)
    lines = text.split("\n")
    cands = _candidates(lines)
    # front matter ends at the first paragraph of prose; headings before it are titles
    first_prose = _first_prose(lines, n)
    first_heading = next(
        (
            c[0]
            for c in cands
            if c[2] in ("summary", "other") or (c[0] > first_prose and c[2] != "lscb")
        ),
        n,
    )
    front_end = min(first_heading, n)
    cands = [c for c in cands if c[0] >= front_end]
    # weak headings without a grade are sub-headings, not sections
    strong = []
    for k, c in enumerate(cands):
        nxt = cands[k + 1][0] if k + 1 < len(cands) else n
        if _WEAK.match(
            _strip_grade(" ".join(c[3].split())).rstrip(": ")
        ) and not _GRADE_NEAR.search(text[c[0] : min(c[1] + 60, nxt)]):
            continue
        strong.append(c)
    cands = _drop_list_subheadings(text, strong)
    # drop contents-page entries: a heading whose title comes again later as a heading
    # and which has no prose before the next heading
    kept = []
    for k, c in enumerate(cands):
        nxt = cands[k + 1][0] if k + 1 < len(cands) else n
        again = any(_same(c[3], d[3]) for d in cands[k + 1 :])
        if (again or c[2] == "other" and c[3].lower() == "contents") and not any(
            len(ln) >= _PROSE for ln in text[c[1] : nxt].split("\n")
        ):
            continue

        kept.append(c)
    out: list[Section] = []
    if not kept or kept[0][0] > 0:
        out.append(
            Section(kind="front", title="Front matter", start=0, end=kept[0][0] if kept else n)
        )
    # a standalone review of the LSCB: everything after the front matter is about the board
    head = text[: front_end if front_end < n else 600]
    in_lscb = _has_lscb_title(head) and not _SIF_TITLE.search(head)
    for k, (s, _e, kind, title) in enumerate(kept):
        end = kept[k + 1][0] if k + 1 < len(kept) else n
        if kind == "lscb":
            in_lscb = True
        elif kind in ("information",) or kind not in ("summary", "recommendations", "other"):
            in_lscb = False
        elif in_lscb and kind in ("summary", "other"):
            kind = "lscb"
        if in_lscb and kind == "recommendations" and "lscb" not in title.lower():
            title = f"{title} (LSCB)"
        out.append(Section(kind=kind, title=" ".join(title.split()), start=s, end=end))
    return tuple(out)


_AREA_KINDS = AREA_SECTION_KINDS
_ITEM_LINE = re.compile(r"^(?:\d{1,3}[.)]\s|\u2022)")


def _drop_list_subheadings(text: str, cands: list) -> list:
    """Judgement-area headings that group the items of a recommendations list ("Leadership,
    management and governance" / "5. Strengthen ...") are sub-headings, not sections: after
    a recommendations heading, an area heading with no grade whose next line is a list item."""
    out = []
    in_recs = False
    for k, c in enumerate(cands):
        nxt = cands[k + 1][0] if k + 1 < len(cands) else len(text)
        if in_recs and c[2] in _AREA_KINDS:
            after = text[c[1] : nxt].lstrip("\n")
            if _ITEM_LINE.match(after) and not _GRADE_NEAR.search(text[c[0] : min(c[1] + 60, nxt)]):
                continue
        in_recs = c[2] == "recommendations"
        out.append(c)
    return out


_LSCB_TITLE = re.compile(
    r"(?:review|inspection) of the effectiveness of the (?:local safeguarding children board|lscb)",
    re.I,
)
_SIF_TITLE = re.compile(r"inspection of services for children in need of help and protection", re.I)


def _has_lscb_title(head: str) -> bool:
    """``bool(_LSCB_TITLE.search(head))``, found faster: a case-insensitive pattern that
    starts with a letter is tried at every offset, so it is tried only where "review of
    the " or "inspection of the " would end at an "effectiveness of the " (every match
    has one), found with bytes.find in the ``lower_ascii`` bytes of ``head``."""
    coded = lower_ascii(head)
    if coded is None:
        return bool(_LSCB_TITLE.search(head))
    i = coded.find(b"effectiveness of the ")
    while i >= 0:
        for start in (i - len("review of the "), i - len("inspection of the ")):
            if start >= 0 and _LSCB_TITLE.match(head, start):
                return True
        i = coded.find(b"effectiveness of the ", i + 1)
    return False


def _same(a: str, b: str) -> bool:
    return _norm_title(a) == _norm_title(b)


@functools.lru_cache(maxsize=4096)
def _norm_title(t: str) -> str:
    return re.sub(r"[^a-z]+", " ", _strip_grade(t.lower())).strip()


# ----------------------------------------------------------------- sentences

ABBREVIATIONS = frozenset(
    """
e.g i.e etc dr mr mrs ms no nos st vs approx para paras cf prof fig figs incl esp ref
dept govt inc ltd co jan feb mar apr jun jul aug sep sept oct nov dec hmi cllr rev sr jr
""".split()
)

_LONGEST_ABBREVIATION = max(len(a) for a in ABBREVIATIONS)
_MARKER = re.compile(r"^(?:\u2022\s*|\d{1,3}\.(?!\d)\s+|\(?[a-z]\)\s+|\(?[ivx]{1,4}\)\s+|-\s+)")
_LAST_WORD = re.compile(r"([A-Za-z.]+)$")
# a sentence end: punctuation, closing quotes, spaces, then a capital, digit or bullet (and
# its quote); within a line, so that one scan of the text finds the ends of every line.
# "[.!?]+" is written "[.!?][.!?]*": a pattern that starts with a repeat is tried at every
# offset, one that starts with a class is searched for its first character
_SPLIT = re.compile(r"([.!?][.!?]*[\"')\]]*)[^\S\n]+(?=[\"'(\[]?[A-Z0-9\u2022])")


def segment(doc: Document, secs: tuple[Section, ...]) -> tuple[Sentence, ...]:
    """Sentences with offsets into ``doc.text``, each labelled with its section's kind.

    Example: ``segment(doc, sections(doc))[0].text``
    """
    text = doc.text
    out: list[Sentence] = []
    bounds = [(s.start, s.end, s.kind) for s in secs]
    si = 0
    kind = bounds[0][2] if bounds else "other"
    for ls, s, e in _sentence_spans(text):
        while si + 1 < len(bounds) and bounds[si][1] <= ls:
            si += 1
            kind = bounds[si][2]
        # positional (index, start, end, text, section): a third faster than keywords
        out.append(Sentence(len(out), s, e, text[s:e], kind))
    return tuple(out)


def _sentence_spans(text: str):
    """``(line start, start, end)`` of each sentence: every line that is not blank, after
    its list marker, cut after each sentence end that does not end an abbreviation
    ("e.g.", "Mr.", an initial), without surrounding spaces. The ends are found by one
    scan of the whole text (a match never spans lines; one in a list marker, "12. ",
    ends where the marker does)."""
    ends = _SPLIT.finditer(text)
    m = next(ends, None)
    le = -1
    for line in text.split("\n"):
        ls, le = le + 1, le + 1 + len(line)
        if not line.strip():
            continue  # a blank line has no sentence end either
        marker = _MARKER.match(line)
        start = ls + (marker.end() if marker else 0)
        pos = start
        while m is not None and m.start() < le:
            stop = m.start()
            if stop >= start and not _abbreviation(text, pos, stop):
                span = _stripped(ls, text, pos, m.end(1))  # with its punctuation and quotes
                if span:
                    yield span
                pos = m.end()
            m = next(ends, None)
        span = _stripped(ls, text, pos, le)
        if span:
            yield span


def _abbreviation(text: str, pos: int, stop: int) -> bool:
    """Does the sentence end at ``stop`` (after ``pos``) end an abbreviation or initial?"""
    n = _LONGEST_ABBREVIATION + 1
    last = text[stop - n : stop] if stop - n >= pos else ""
    if last.isascii() and last.isalpha():
        return False  # the last word has more letters than any abbreviation
    word = _LAST_WORD.search(text, max(pos, stop - 12), stop)
    if not word:
        return False
    w = word.group(1).lower().strip(".")
    return w in ABBREVIATIONS or (len(w) == 1 and w.isalpha() and text[stop] == ".")


def _stripped(ls: int, text: str, s: int, e: int) -> tuple[int, int, int] | None:
    """``(ls, start, end)`` of ``s:e`` without surrounding whitespace; None if that is all
    it has."""
    if e > s and not text[s].isspace() and not text[e - 1].isspace():
        return ls, s, e  # the usual case: nothing to strip
    piece = text[s:e]
    lead = len(piece) - len(piece.lstrip())
    rs = len(piece.rstrip())
    return (ls, s + lead, s + rs) if rs > lead else None
