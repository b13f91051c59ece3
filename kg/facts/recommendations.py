"""Recommendations: every item of the report's "Recommendations" / "What needs to
improve" / "Areas for improvement" lists, with its full text and who must act
(``la`` for the local authority, ``lscb`` for the Local Safeguarding Children Board).

Single-inspection-framework lists are imperative ("Ensure that ...", "Strengthen
..."); ILACS lists name what needs to improve ("The quality of plans."), so in those
every list item counts.

Example: ``len(recommendations(doc, sections(doc)))``
"""

from __future__ import annotations

import re

from kg.model import Document, Recommendation, Section

IMPERATIVES = frozenset("""
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
""".split())

_MARKER = re.compile(r"^(?:\u2022\s*|\d{1,3}[.)](?!\d)\s*|\(?[a-z]\)\s+|\(?[ivx]{1,4}\)\s+|-\s+)")


# "Leaders should urgently review ...", "The local authority should ..."
_SHOULD = re.compile(r"^(?:[\w'(),/-]+\s+){1,25}?(?:should|must|needs? to|(?:is|are) (?:needed|required)"
                     r")\s", re.I)
# "The BSCB to improve the degree to which ..."
_SUBJECT_TO = re.compile(r"^(?:[Tt]he\s+)?(?:[A-Z]{2,}[a-z]?|[Ll]ocal authority|[Cc]ouncil|[Bb]oard|"
                         r"[Pp]artnership|Local Safeguarding Children Board)\s+to\s+([a-z-]+)\b")


def _first_word(line: str) -> str:
    m = re.match(r"[A-Za-z-]+", line)
    return m.group(0).lower() if m else ""


# "When families disengage from services ..., ensure that ..."
_CONDITIONAL = re.compile(r"^(?:when|where|if|in|for|as|through|by|within|with|following|once|until|"
                          r"at|to|before|after)\b[^.]{0,200}?,\s*(?:and\s+)?([a-z]+)\b", re.I)


def _imperative(line: str) -> bool:
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
    if w.endswith("ly"):  # "Urgently review ...", "Rigorously monitor ..."
        rest = line[len(w):].split()
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


def _items(text: str, start: int, end: int, ilacs: bool) -> list[tuple[int, int]]:
    """Spans of the recommendation items between ``start`` and ``end``."""
    if ilacs:
        return _ilacs_items(text, start, end)
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
    return spans


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


def recommendations(doc: Document, sections: tuple[Section, ...],
                    report_type: str = "") -> tuple[Recommendation, ...]:
    """Every recommendation of the report, in text order. In a standalone review of the
    LSCB every recommendation is addressed to the board."""
    text = doc.text
    out: list[Recommendation] = []
    for k, sec in enumerate(sections):
        if sec.kind != "recommendations":
            continue
        title = sec.title.lower()
        ilacs = title.startswith("what needs to improve") or title.startswith("areas for priority")
        body_start = text.find("\n", sec.start, sec.end)
        body_start = sec.end if body_start < 0 else body_start + 1
        who = "lscb" if report_type == "lscb-review" else _addressee(sec.title)
        spans = _items(text, body_start, sec.end, ilacs)
        if not spans and who == "lscb":
            spans = _misplaced_lscb_items(text, sections, k)
        for s, e in spans:
            item = " ".join(text[s:e].split())
            out.append(Recommendation(text=item, addressed_to=who, start=s, end=e))
    return tuple(out)


def _misplaced_lscb_items(text: str, sections: tuple[Section, ...], k: int) -> list[tuple[int, int]]:
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
            body = text[ls + (m.end() if m else 0):le].strip()
            if m and _imperative(body):
                run.append((ls + m.end(), le))
            elif run and raw.strip():
                best = run
                run = []
        if run:
            best = run
    return best
