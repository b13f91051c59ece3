"""Negated clauses and names taken from the words before a head noun."""

from __future__ import annotations

import re

from kg.text.match import clean, folds

_NEG_BEFORE = re.compile(
    r"\b(?:not|no|never|nor|without|lacks?|lacking|absence\s+of|lack\s+of|neither|none\s+of|"
    r"does\s+not|do\s+not|did\s+not|has\s+not|have\s+not|is\s+not|are\s+not|"
    r"doesnt|dont|didnt|hasnt|havent|isnt|arent|cannot|yet\s+to)\b[^,;:.()]*$",
    re.I,
)


#: the mention is the object of a preposition ("a lack of capacity within the contact
#: team"): the unit is presupposed to exist, whatever is negated is something else
_PREP_BEFORE = re.compile(
    r"\b(?:within|in|into|at|across|from|by|to|for|between|with|of)\s+"
    r"(?:the|its|their|this|that|our)\s+(?:[\w'\u2019-]+\s+){0,2}$",
    re.IGNORECASE,
)

#: one of these is in every match of _NEG_BEFORE, case aside ("not", "never", "isnt",
#: "without", "lack", "absence", "yet to")
_NEG_NEEDLES = ("no", "ne", "nt", "without", "lack", "absence", "yet")


def _may_negate(before: str) -> bool:
    """False only when ``_NEG_BEFORE`` cannot match ``before`` (a cheap test first)."""
    if folds(before):  # see kg.text.match._FOLDS
        return True
    low = before.lower()
    for n in _NEG_NEEDLES:
        if n in low:
            return True
    return False


_CUE_OF = re.compile(r"\b(?:lack|absence|none)\s+$", re.IGNORECASE)
_NOT_ONLY = re.compile(
    r"\b(not\s+(only|just|yet|always|consistently|sufficiently|fully|well|as|all)|no\s+longer)\b"
)
_WORDS = re.compile(r"\w+")
# strip_name's tokens and tests
_TOKEN = re.compile(r"[\w'\u2019]+(?:-[\w'\u2019]+)*")
_BREAK = re.compile(r"[,;:().!?\"\u201c\u201d]")
_NUMBER = re.compile(r"\d+")
_BOARD_ACRONYM = re.compile(r"[A-Z]{1,4}SC[BP]s?(?:'s)?")
_MODIFIER = re.compile(r"[a-z]+ly|[a-z]+ed|well-[a-z-]+|[a-z]+-(?:led|based|wide)")
_STRAY_APOSTROPHE = re.compile(r"(?<![A-Za-z])'|'(?![a-z])")
_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.I)


def negated(text: str, start: int, window: int = 60) -> bool:
    """True when the mention starting at ``start`` in ``text`` sits in a negated clause.

    Looks back at most ``window`` characters, not past a comma, semicolon,
    colon or bracket: "The board does not have a SCR sub-group" negates "SCR
    sub-group"; "not only ..." and "no longer" are not treated specially
    (callers should avoid creating entities from such clauses anyway). A
    mention that is the object of a preposition ("a lack of capacity within
    the contact team", "not referred to the MASH") is not negated.
    """
    lo = max(0, start - window)
    before = text[lo:start]
    cut = max(
        before.rfind(","),
        before.rfind(";"),
        before.rfind(":"),
        before.rfind("("),
        before.rfind(")"),
        before.rfind("."),
    )
    if cut >= 0:
        before = before[cut + 1 :]
    if not _may_negate(before):
        return False
    m = _NEG_BEFORE.search(before)
    if not m:
        return False
    # "not only", "not just", "no longer", "not yet fully" still assert the thing
    tail = before[m.start() :].lower()
    if _NOT_ONLY.search(tail):
        return False
    # only a short distance between the cue and the mention: "does not have a X"
    words = _WORDS.findall(before[m.end() :])
    if len(words) > 5:
        return False
    prep = _PREP_BEFORE.search(text, max(0, start - 60), start)
    # "lack of the X", "none of the X": the "of" belongs to the cue
    return prep is None or bool(_CUE_OF.search(text, max(0, prep.start() - 20), prep.start()))


#: words that cannot start a name taken from the words before a head noun
#: ("the effective sub-group" has no name; "its CSE sub-group" is "CSE sub-group")
NAME_STOP = frozenset(
    """a an the this that these those its their his her our your each every all any both either neither
    some several many most other others another such same various further new newly existing current
    recent recently former previous interim acting substantive permanent temporary established
    well effective effectively strong robust good clear dedicated relevant appropriate specific separate
    own key main local one two three four five six seven eight nine ten first second third single
    of to in into by with from for through at on as and or but nor not no which who whose where when
    is are was were be been being has have had do does did will would should could can may might must
    board boards lscb lscbs partners partner council councils authority
    authoritys authorities agency agencies multi-agency multiagency its it there here also only
    including include includes included led chaired overarching comprehensive refreshed revised
    updated detailed well-established wide wider broad whole full range number
    formal informal useful regional improved individual required strategic operational robust
    while whilst although though because since whereas if unless until so than then after before
    during within across between under over about against among via per such what whether
    operates operate operating runs run oversees oversee established establish attends attend
    chairs chair reports report via
    """.split()
)


_PREFIX_WORDS = frozenset({"inter", "multi", "cross", "pan", "intra"})


def strip_name(
    words_text: str, max_words: int = 6, stop: frozenset[str] = NAME_STOP
) -> tuple[int, str]:
    """The name part of the words before a head noun: the longest suffix of content words.

    Returns ``(offset into words_text, name)``; the name is empty when the word
    just before the head is a stop word. "and" is allowed inside a name
    ("learning and improvement") but not at its start.

    >>> strip_name("the board operates a learning and improvement ")
    (21, 'learning and improvement')
    """
    toks = list(_TOKEN.finditer(words_text))
    keep = len(toks)
    i = len(toks) - 1
    while i >= 0 and len(toks) - i <= max_words:
        if i < len(toks) - 1 and _BREAK.search(words_text, toks[i].end(), toks[i + 1].start()):
            break
        w = toks[i].group(0).lower().replace("\u2019", "'")
        if w in ("and", "&") and i > 0 and i < len(toks) - 1:
            prev = toks[i - 1].group(0).lower()
            if prev in stop:
                break
            i -= 1
            continue
        if w == "after" and i > 0 and toks[i - 1].group(0).lower() == "looked":
            keep = i - 1  # "looked after children": a term, not a participle and a preposition
            i -= 2
            continue
        if (
            i > 0
            and toks[i - 1].group(0).lower() in _PREFIX_WORDS
            and (w in stop or w.rstrip("s") in stop)
        ):
            keep = (
                i - 1
            )  # "inter board", "multi agency", "cross border": a prefixed word is content
            i -= 2
            continue
        if (
            w in stop
            or w.rstrip("s").rstrip("'") in stop
            or _NUMBER.fullmatch(w)
            or w.endswith("'s")
            and w[:-2] in stop
        ):
            break
        if _BOARD_ACRONYM.fullmatch(toks[i].group(0)):  # "BSCB sub-group": the board's acronym
            break
        keep = i
        i -= 1
    if keep >= len(toks):
        return len(words_text), ""
    # a name never starts with "and"
    while keep < len(toks) and toks[keep].group(0).lower() in ("and", "&"):
        keep += 1
    if keep >= len(toks):
        return len(words_text), ""
    # leading adverbs and participles in running text: "clearly defined early help", "well-chaired training"
    while (
        keep < len(toks) - 1
        and _MODIFIER.fullmatch(toks[keep].group(0))
        and toks[keep].group(0)
        not in ("early", "family", "elderly", "assembly", "need", "bed", "seed")
        and not (toks[keep].group(0) == "looked" and toks[keep + 1].group(0).lower() == "after")
    ):
        keep += 1
    while keep < len(toks) - 1 and toks[keep].group(0).lower() in ("and", "&"):
        keep += 1
    s = toks[keep].start()
    e = toks[-1].end()
    q = "'\u2018\u2019\"\u201c\u201d"
    while s < e and words_text[s] in q:  # 'Prevent' strategy -> Prevent strategy
        s += 1
    while e > s and words_text[e - 1] in q:
        e -= 1
    name = clean(words_text[s:e].replace("\u2018", "").replace("\u201c", "").replace("\u201d", ""))
    name = _STRAY_APOSTROPHE.sub("", name)
    return s, name


def strip_article(text: str) -> str:
    return _ARTICLE.sub("", clean(text))
