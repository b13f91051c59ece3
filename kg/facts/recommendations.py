"""Recommendations: every item of the report's "Recommendations" / "What needs to
improve" / "Areas for improvement" lists, with its full text and who must act
(``la`` for the local authority, ``lscb`` for the Local Safeguarding Children Board).

Single-inspection-framework (SIF) lists numbered with the report's paragraph numbers
take every numbered item in sequence, whatever its first word ("Cease ...", "A review
of ... is needed"), under sub-headings that are not counted; the list ends at the
first numbered paragraph of findings. Under a judgement-area sub-heading ("Leadership,
management and governance", "Care leavers") an item gets that ``area``. Unnumbered SIF
lists are imperative ("Ensure that ...", "Strengthen ..."); ILACS lists name what needs
to improve ("The quality of plans."), so in those every list item counts.

Example: ``len(recommendations(doc, sections(doc)))``
"""

from __future__ import annotations

import re

from kg.facts.judgements import area_of
from kg.model import Document, Recommendation, Section

IMPERATIVES = frozenset(
    """
address agree align analyse apply assess audit build capture challenge check clarify collate
commission complete confirm consider consolidate continue coordinate co-ordinate create deliver
demonstrate develop embed enable engage enhance ensure establish evaluate evidence expand
extend focus gather identify implement improve increase introduce involve make maintain
measure monitor obtain prioritise produce promote provide publish put raise record recruit
reduce refine reinforce report respond review revise scrutinise secure seek set share
simplify strengthen streamline support sustain tackle take track undertake update use work
understand act accelerate appoint achieve adopt allocate arrange attend bring collect
communicate conduct devise draw encourage give help hold instil learn listen manage offer
plan prepare progress reconsider reflect remove resolve restructure see specify test train
urgently further swiftly sharpen receive consult renew broaden widen formalise finalise
explore determine examine investigate redesign reshape rationalise stabilise resource inform
oversee lead re-establish reestablish relaunch re-launch reinvigorate recognise ascertain
address assure quality-assure prioritize emphasise robustly strengthen
""".split()
)

_MARKER = re.compile(r"^(?:\u2022\s*|\d{1,3}[.)](?!\d)\s*|\(?[a-z]\)\s+|\(?[ivx]{1,4}\)\s+|-\s+)")


# "Leaders should urgently review ...", "The local authority should ..."
_SHOULD = re.compile(
    r"^(?:[\w'(),/-]+\s+){1,25}?(?:should|must|needs? to|(?:is|are) (?:needed|required)"
    r")\s",
    re.I,
)
# "The BSCB to improve the degree to which ..."
_SUBJECT_TO = re.compile(
    r"^(?:[Tt]he\s+)?(?:[A-Z]{2,}[a-z]?|[Ll]ocal authority|[Cc]ouncil|[Bb]oard|"
    r"[Pp]artnership|Local Safeguarding Children Board)\s+to\s+([a-z-]+)\b"
)


def _first_word(line: str) -> str:
    m = re.match(r"[A-Za-z-]+", line)
    return m.group(0).lower() if m else ""


# "When families disengage from services ..., ensure that ..."
_CONDITIONAL = re.compile(
    r"^(?:when|where|if|in|for|as|through|by|within|with|following|once|until|"
    r"at|to|before|after)\b[^.]{0,200}?,\s*(?:and\s+)?([a-z]+)\b",
    re.I,
)


_NOT_ADVERBS = frozenset(
    "early family only likely elderly friendly daily weekly monthly yearly "
    "july italy assembly supply".split()
)


_STATEMENT = re.compile(r"^[A-Za-z-]+\s+(?:has|have|had|is|are|was|were)\b")


def _imperative(line: str) -> bool:
    if _STATEMENT.match(line):  # "Progress has been made ...", "Support is ..."
        return False
    w = _first_word(line)
    if w in IMPERATIVES:
        return True
    m = _SUBJECT_TO.match(line)
    if m and m.group(1) in IMPERATIVES and not re.match(r"^(?:in order|so as)\b", line, re.I):
        return True
    if w == "to":  # "To undertake a comprehensive evaluation of the training ..."
        rest = line.split()[1:2]
        return bool(rest) and rest[0].lower() in IMPERATIVES
    m = _CONDITIONAL.match(line)
    if m and m.group(1).lower() in IMPERATIVES:
        return True
    if (
        w.endswith("ly") and w not in _NOT_ADVERBS
    ):  # "Urgently review ...", "Rigorously monitor ..."
        rest = line[len(w) :].split()
        return bool(rest) and rest[0].lower() in IMPERATIVES
    return False


def _addressee(title: str) -> str:
    t = title.lower()
    if "lscb" in t or "safeguarding children board" in t or "the board" in t:
        return "lscb"
    if "partnership" in t:
        return "partnership"
    return "la"


def _lines(text: str, start: int, end: int):
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        nl = end if nl < 0 else nl
        yield pos, nl
        pos = nl + 1


_NUMBERED = re.compile(r"^(\d{1,3})\.\s*(?=[A-Za-z(])")
_SUB_ITEM = re.compile(r"^(?:\u2022\s*|\(?[a-z]\)\s+|[a-z]\.\s+|\(?[ivx]{1,4}\)\s+|-\s+)")
# "Working through, and reporting to the board, ensure that ..."
_CLAUSE_THEN_VERB = re.compile(
    r",\s*(?:and\s+)?([a-z]+)\s+(?:that|the|a|an|all|their|its|with|to|and)\b"
)


_MODAL = re.compile(r"\b(?:should|must|needs? to|(?:is|are) (?:needed|required))\b", re.I)
_DESCRIPTIVE_START = frozenset(
    """
the a an this these those there it its their in since at during when while although overall
all most some many each every both no not our his her they we inspectors inspection
""".split()
)
_FINITE = re.compile(
    r"^\S+(?:\s+\S+){0,5}?\s+(?:has|have|had|is|are|was|were|does|do|did|can|will)\b"
)


def _acts(body: str) -> bool:
    """Does the item plainly ask for action: an imperative, a modal in its first sentence
    ("The annual report should ...", "A review ... is needed") or a leading clause then an
    imperative ("In partnership with the board, launch the ...")?"""
    first = body.split(". ")[0]
    if _MODAL.search(first) or _imperative(body):
        return True
    return any(w in IMPERATIVES for w in _CLAUSE_THEN_VERB.findall(first[:250]))


def _finding(body: str) -> bool:
    """A numbered paragraph of findings ("145. The LSCB has not ...", "Barnsley has a clear
    protocol ..."), not an item to act on. Items need not start with a known imperative
    ("Cease the use of ...", "Working with the LSCB to ensure ...", "A review of ... is
    needed", "The annual report should ...")."""
    first = body.split(". ")[0]
    if _acts(body):
        return False
    return _first_word(body) in _DESCRIPTIVE_START or bool(_FINITE.match(first))


def _numbered_items(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """SIF lists numbered with the report's paragraph numbers ("14. Establish ..."): the
    numbered items in sequence, with their lettered or bulleted sub-items; short
    unnumbered lines between them are sub-headings (``(start, end, sub-heading)``).
    The list ends at the first numbered paragraph of findings (the section ran
    on into findings: "145. The LSCB has not ...") or that breaks the numbering."""
    lines = [(ls, le) for ls, le in _lines(text, start, end) if text[ls:le].strip()]
    numbered = [(i, _NUMBERED.match(text[ls:le].strip())) for i, (ls, le) in enumerate(lines)]
    numbered = [(i, m) for i, m in numbered if m]
    spans: list[tuple[int, int, str]] = []
    heading = ""
    last_no = None
    expand = False  # inside the bullets of an introduction
    k = 0  # index into ``numbered``
    for ls, le in lines:
        raw = text[ls:le].strip()
        m = _NUMBERED.match(raw)
        if m:
            no = int(m.group(1))
            body = raw[m.end() :]
            nxt = numbered[k + 1] if k + 1 < len(numbered) else None
            k += 1
            if last_no is not None and no != last_no + 1:
                break
            if _intro(body):  # "... the local authority should take the following action:"
                last_no, expand = no, True
                continue
            expand = False
            if _finding(body):
                # a finding-like item is kept only when the list plainly goes on after it
                if (
                    not nxt
                    or int(nxt[1].group(1)) != no + 1
                    or not _acts(text[lines[nxt[0]][0] : lines[nxt[0]][1]].strip()[nxt[1].end() :])
                ):
                    break
            last_no = no
            s = ls + (len(text[ls:le]) - len(text[ls:le].lstrip())) + m.end()
            spans.append((s, le, heading))
        elif expand and _SUB_ITEM.match(raw):
            body = raw[_SUB_ITEM.match(raw).end() :]
            if spans and body[:1].islower() and not _imperative(body) and spans[-1][1] == ls - 1:
                spans[-1] = (spans[-1][0], le, spans[-1][2])  # a bullet broken in two
            elif len(body) >= 15 and not body.endswith(":"):
                spans.append(
                    (
                        ls
                        + len(text[ls:le])
                        - len(text[ls:le].lstrip())
                        + _SUB_ITEM.match(raw).end(),
                        le,
                        heading,
                    )
                )
        elif spans and _SUB_ITEM.match(raw) and spans[-1][1] == ls - 1:
            spans[-1] = (spans[-1][0], le, spans[-1][2])  # "a) ..." parts of the item above
        elif spans and raw[:1].islower() and spans[-1][1] == ls - 1:
            spans[-1] = (spans[-1][0], le, spans[-1][2])  # the item's last words
        elif spans and len(raw) >= 15 and raw.endswith(".") and _imperative(raw):
            spans.append((ls + len(text[ls:le]) - len(text[ls:le].lstrip()), le, heading))
        elif len(raw) < 90 and not raw.endswith((".", ":", ";")):
            heading = raw
    return spans


_INTRO_END = re.compile(r"(?::|\bfollowing (?:actions?|areas?|recommendations?)\.?)$", re.I)


def _intro(body: str) -> bool:
    """An introduction to a bulleted list, not an item: "In order to improve ..., the
    local authority should take the following action." (an imperative "Implement the
    following areas for improvement:" is one item with its parts)."""
    return bool(_INTRO_END.search(body)) and not _imperative(body)


def _numbered_list(text: str, start: int, end: int) -> bool:
    """Is the section's list numbered: its first list item is numbered and an instruction in
    itself (not an introduction "... should take the following action:" to bullets)?"""
    for ls, le in _lines(text, start, end):
        raw = text[ls:le].strip()
        m = _NUMBERED.match(raw)
        if m:
            body = raw[m.end() :]
            return _intro(body) or not body.endswith(":") and not _finding(body)
        if _MARKER.match(raw):
            return False
    return False


def _area(heading: str) -> str:
    """The judgement area a sub-heading of a recommendations list names ("Leadership,
    management and governance"), else ""."""
    area = area_of(heading) if heading else None
    return area if area and area not in ("overall", "lscb") else ""


def _items(text: str, start: int, end: int, ilacs: bool) -> list[tuple[int, int, str]]:
    """Spans of the recommendation items between ``start`` and ``end``, with the
    judgement area of the sub-heading they sit under."""
    if ilacs:
        return [(s, e, "") for s, e in _ilacs_items(text, start, end)]
    if _numbered_list(text, start, end):
        return [(s, e, _area(h)) for s, e, h in _numbered_items(text, start, end)]
    spans: list[tuple[int, int]] = []
    collecting = False  # inside an "Ensure that:" item whose parts are bullets below it
    for ls, le in _lines(text, start, end):
        raw = text[ls:le]
        if not raw.strip():
            continue
        m = _MARKER.match(raw)
        is_item = bool(m)
        s = ls + (m.end() if m else 0)
        body = text[s:le].strip()
        if not body:
            continue
        if collecting and is_item and not _imperative(body):
            spans[-1] = (spans[-1][0], le)
            continue
        collecting = False
        if body.endswith(":"):
            if _imperative(body):
                spans.append((s, le))
                collecting = True
            continue
        if len(body) < 15:
            continue
        if _imperative(body) or (is_item and _SHOULD.match(body)):
            spans.append((s, le))
    return [(s, e, "") for s, e in spans]


def _ilacs_items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """ILACS "What needs to improve" lists: the bulleted items (or, with no bullets,
    the lines) up to the first line of prose after them."""
    lines = [(ls, le) for ls, le in _lines(text, start, end) if text[ls:le].strip()]
    bulleted = any(text[ls:le].lstrip().startswith("\u2022") for ls, le in lines)
    spans: list[tuple[int, int]] = []
    for ls, le in lines:
        raw = text[ls:le]
        if bulleted:
            if raw.lstrip().startswith("\u2022"):
                m = _MARKER.match(raw.lstrip())
                s = ls + (len(raw) - len(raw.lstrip())) + (m.end() if m else 1)
                if text[s:le].strip():
                    spans.append((s, le))
            elif spans:
                break
        else:
            if re.match(r"^\d{1,3}\.\s", raw) or (spans and len(raw) > 300):
                break
            body = raw.strip()
            if len(body) >= 15 and not body.endswith(":"):
                spans.append((ls, le))
    return spans


def recommendations(
    doc: Document, sections: tuple[Section, ...], report_type: str = "", lscb_from: int = -1
) -> tuple[Recommendation, ...]:
    """Every recommendation of the report, in text order. In a standalone review of the
    LSCB, and after ``lscb_from`` (where a review of the LSCB is appended to the file),
    every recommendation is addressed to the board."""
    text = doc.text
    out: list[Recommendation] = []
    for k, sec in enumerate(sections):
        if sec.kind != "recommendations":
            continue
        title = sec.title.lower()
        ilacs = title.startswith("what needs to improve") or title.startswith("areas for priority")
        body_start = text.find("\n", sec.start, sec.end)
        body_start = sec.end if body_start < 0 else body_start + 1
        in_review = report_type == "lscb-review" or 0 <= lscb_from <= sec.start
        who = "lscb" if in_review else _addressee(sec.title)
        spans = _items(text, body_start, sec.end, ilacs)
        if not spans and who == "lscb":
            spans = [(s, e, "") for s, e in _misplaced_lscb_items(text, sections, k)]
        for s, e, area in spans:
            item = " ".join(text[s:e].split())
            out.append(Recommendation(text=item, addressed_to=who, start=s, end=e, area=area))
    return tuple(out)


def _misplaced_lscb_items(
    text: str, sections: tuple[Section, ...], k: int
) -> list[tuple[int, int]]:
    """The LSCB's list when PDF reading order moved its heading away: the last run of
    imperative list items in the LSCB part before the heading."""
    best: list[tuple[int, int]] = []
    for sec in sections[:k]:
        if sec.kind != "lscb":
            continue
        run: list[tuple[int, int]] = []
        for ls, le in _lines(text, sec.start, sec.end):
            raw = text[ls:le]
            m = _MARKER.match(raw)
            body = text[ls + (m.end() if m else 0) : le].strip()
            if m and _imperative(body):
                run.append((ls + m.end(), le))
            elif run and raw.strip():
                best = run
                run = []
        if run:
            best = run
    return best
