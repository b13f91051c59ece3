"""Units a report defines with an acronym: "resilience around families team (RAFT)"
makes RAFT a team, and every later bare "RAFT" a mention of it."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from kg.extractors._engine.spans import by_sentence, tidy_label
from kg.model import Sentence
from kg.text import clean
from kg.text.scan import finditer

_ACRO_PAREN = re.compile(r"\(\s*(?:the\s+)?([A-Z][A-Za-z&@]{1,9})\s*\)")
_WORD = re.compile(r"[\w'\u2019+-]+")
_HYPHEN = re.compile(r"[-\u2010\u2011]")
_STOP = {"and", "of", "for", "the", "to", "in", "with", "on", "&", "at"}


def _expansion_length(words: Sequence[str], acronym: str) -> int:
    """How many of the last ``words`` an acronym abbreviates: their initials
    spell it ("resilience around families team" = RAFT), stop words may be
    skipped, a plural acronym ("MARACs") or an unabbreviated head noun
    ("advice, support and prevention team (CASP)") is allowed; 0 if none."""
    acr = acronym.lower()
    if acr.endswith("s") and len(acr) > 2 and not acronym[-1].isupper():
        acr = acr[:-1]
    acr = acr.replace("&", "")
    for n in range(1, min(len(words), 10) + 1):
        tail = words[-n:]
        if tail[0].lower() in _STOP:
            continue
        for skip_stop in (True, False):
            letters = ""
            for w in tail:
                if skip_stop and w.lower() in _STOP:
                    continue
                for part in _HYPHEN.split(w):
                    if part:
                        letters += part[0].lower()
            if letters == acr or (
                letters[:-1] == acr and tail[-1].lower().rstrip("s") in _HEAD_NOUNS
            ):
                return n
    return 0


_HEAD_NOUNS = {"team", "service", "panel", "hub", "unit"}


@dataclass(frozen=True)
class AcronymUnit:
    """A unit defined by an acronym: ``AcronymUnit("RAFT", "resilience around families team", "Team")``."""

    acronym: str
    label: str
    type: str


@lru_cache(maxsize=8)
def acronym_expansions(text: str) -> tuple[tuple[int, int, str, str], ...]:
    """Every "expansion (ACR)" of ``text`` whose expansion's initials spell the
    acronym: ``(start, end, acronym, expansion)``, offsets into ``text``."""
    out = []
    for m in _ACRO_PAREN.finditer(text):
        acronym = m.group(1)
        lo = max(0, m.start() - 120)
        spans = [w.span() for w in _WORD.finditer(text, lo, m.start())][-10:]
        if not spans or text[spans[-1][1] : m.start()].strip():
            continue
        first = len(spans) - 1
        while first > 0 and text[spans[first - 1][1] : spans[first][0]].strip() in ("", ","):
            first -= 1
        words = [text[x:y] for x, y in spans[first:]]
        n = _expansion_length(words, acronym)
        if not n:
            continue
        start = spans[len(spans) - n][0]
        out.append((start, m.end(), acronym, clean(text[start : spans[-1][1]])))
    return tuple(out)


def acronym_units(
    sentences: Sequence[Sentence],
    heads: Mapping[str, str],
    exclude: Iterable[str] = (),
    text: str | None = None,
) -> list[tuple[Sentence, int, int, AcronymUnit]]:
    """Units a report defines with an acronym whose head noun is in ``heads``
    (``{"team": "Team", ...}``): ``(sentence, start, end, unit)`` for the
    definition and for every later use of the bare acronym. ``text`` is the
    document text the sentences are slices of (scanned once when given)."""
    excl_rx = [re.compile(x, re.IGNORECASE) for x in exclude]
    defined: dict[str, AcronymUnit] = {}

    def definitions(t: str):
        for start, end, acronym, exp in acronym_expansions(t):
            head = heads.get(exp.split()[-1].lower().rstrip("s"))
            if head is None:
                continue
            low = exp.lower()
            if any(rx.search(low) for rx in excl_rx) or any(
                rx.fullmatch(acronym) for rx in excl_rx
            ):
                continue
            unit = defined.setdefault(acronym, AcronymUnit(acronym, tidy_label(exp), head))
            yield start, end, unit

    hits = list(by_sentence(sentences, text, definitions))
    if not defined:
        return hits
    bare = re.compile(
        r"(?<![\w(-])("
        + "|".join(re.escape(a) for a in sorted(defined, key=lambda a: (-len(a), a)))
        + r")s?(?![\w-])"
    )

    def uses(t: str):
        for m in finditer(bare, t):
            yield m.start(), m.end(), defined[m.group(1)]

    hits.extend(by_sentence(sentences, text, uses))
    return hits
