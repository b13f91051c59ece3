"""Small helpers every rule-based family shares: where a hit lies (``by_sentence``),
what a mention looks like (``make_mention``), quotation marks that must not stop a
match (``blank_quotes``) and canonical labels from surface text (``tidy_label``)."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache

from kg.model import Mention, Sentence
from kg.namespaces import normalise_label
from kg.text import clean

# a quotation mark (\u2018, \u201c, \u201d, a double quote) or an apostrophe (', \u2019) not
# between two letters. Written to start with the character it matches, so that re jumps from
# quote to quote instead of trying every offset; the plain form has the same matches:
# (?<![^\W\d_])['\u2019]|['\u2019](?![^\W\d_])|[\u2018"\u201c\u201d]
_QUOTE = re.compile(
    r"[\u2018\"\u201c\u201d'\u2019](?:(?<=[\u2018\"\u201c\u201d])|(?<![^\W\d_].)|(?![^\W\d_]))"
)


def blank_quotes(text: str) -> str:
    """``text`` with quotation marks (not apostrophes inside words) turned into
    spaces: same length, so offsets hold. "the 'missing' panel" reads as
    "the  missing  panel"; "Redbridge's" is kept."""
    if len(text) < 2000:  # a sentence or a surface: cheap, and would evict the documents
        return _QUOTE.sub(" ", text)
    return _blank_document(text)


@lru_cache(maxsize=4)
def _blank_document(text: str) -> str:
    """``blank_quotes`` of a whole document, computed once for every family."""
    return _QUOTE.sub(" ", text)


def by_sentence(sentences: Sequence[Sentence], text: str | None, matcher) -> Iterator[tuple]:
    """Run ``matcher`` over the whole text (or each sentence) and yield each
    hit as ``(sentence, start, end, *rest)`` with sentence-relative offsets;
    hits crossing a sentence end are dropped."""
    if not sentences:
        return
    if text and all(text[s.start : s.end] == s.text for s in (sentences[0], sentences[-1])):
        starts = [s.start for s in sentences]
        for hit in matcher(text):
            i = bisect.bisect_right(starts, hit[0]) - 1
            if i < 0:
                continue
            s = sentences[i]
            if hit[1] > s.end:
                continue
            yield (s, hit[0] - s.start, hit[1] - s.start) + tuple(hit[2:])
    else:
        for s in sentences:
            for hit in matcher(s.text):
                yield (s,) + tuple(hit)


def make_mention(
    s: Sentence,
    start: int,
    end: int,
    type_: str,
    label: str,
    rule: str,
    aliases: Iterable[str] = (),
) -> Mention:
    """A mention at sentence-relative ``[start, end)``; aliases equal to the label are dropped."""
    key = normalise_label(label)
    seen, al = set(), []
    for a in aliases:
        a = clean(a)
        na = normalise_label(a)
        if a and na != key and na not in seen:
            seen.add(na)
            al.append(a)
    return Mention(
        start=s.start + start,
        end=s.start + end,
        text=clean(s.text[start:end]),
        type=type_,
        label=label,
        sentence=s.index,
        rule=rule,
        aliases=tuple(al),
    )


_MULTI = re.compile(r"\bmulti\s*-?\s*agency\b", re.IGNORECASE)


def tidy_label(text: str, singular: bool = True) -> str:
    """A canonical label from surface text: one line, lower case except
    acronyms, "multiagency" spelt
    "multi-agency", a plural head made singular."""
    s = " ".join(w if (w.isupper() and len(w) > 1) else w.lower() for w in clean(text).split())
    s = _MULTI.sub("multi-agency", s)
    if singular:
        s = re.sub(
            r"(team|panel|service|unit|hub|conference|meeting|forum|programme|project)s$", r"\1", s
        )
    return s
