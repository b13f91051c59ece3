"""Mentions of the safeguarding partnership: its proper name, generic wordings, "the partnership"."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kg.components import Context
from kg.extractors.partnership.rules import (
    GENERIC_ALIASES,
    GENERIC_LABEL,
    PARTNERSHIP,
    Rules,
    compiled,
    places,
)
from kg.model import Mention, Sentence
from kg.text import clean, sentence_index, squash
from kg.text.match import lower

_TOKEN = re.compile(r"[A-Za-z&][\w'\u2019&]*(?:[-\u2010\u2011][\w'\u2019]+)*")
_CONNECTORS = frozenset({"and", "&", "upon", "on", "of"})
ACRO_AFTER = re.compile(r"\s*\(\s*(?:the\s+)?([A-Z][A-Za-z&]{1,7})\s*\)")


def _proper_name(
    text: str, sent: Sentence, head_start: int, rules: Rules
) -> tuple[int, str] | None:
    """The proper name just before a head ("Derby and Derbyshire"), as (start, name), or None."""
    lo = max(sent.start, head_start - 80)
    before = text[lo:head_start]
    toks = list(_TOKEN.finditer(before))
    keep: list[re.Match] = []
    for t in reversed(toks):
        nxt = keep[0].start() if keep else len(before)
        if re.search(r"[^\s]", before[t.end() : nxt]):  # punctuation between: the name ends here
            break
        w = t.group(0)
        parts = re.split(r"[-\u2010\u2011]", w)
        if w.lower() in _CONNECTORS or any(p[:1].isupper() for p in parts):
            keep.insert(0, t)
            continue
        break
    # a name starts with neither a connector nor a stop word ("The Local ...")
    while keep and (
        keep[0].group(0).lower() in _CONNECTORS
        or keep[0].group(0).lower().replace("\u2019", "'") in rules.named_stop
    ):
        keep.pop(0)
    while keep and keep[-1].group(0).lower() in _CONNECTORS:
        return None  # "... and safeguarding partnership": not a name
    if not keep:
        return None
    words = [k.group(0) for k in keep]
    start = lo + keep[0].start()
    place_words = places()
    is_place = any(
        w.lower().replace("\u2019", "'") in place_words
        or any(p.lower() in place_words for p in re.split(r"[-\u2010\u2011]", w))
        for w in words
    )
    is_acronym = any(re.fullmatch(r"[A-Z]{2,6}", w) for w in words)
    head = text[head_start : head_start + 60]
    title_head = bool(re.match(r"(?:Safeguarding|Children)", head))
    at_sentence_start = not text[sent.start : start].strip()
    if is_place or is_acronym or (title_head and not at_sentence_start):
        return start, clean(text[start:head_start])
    return None


@dataclass
class _Found:
    start: int
    end: int
    sentence: int
    rule: str
    label: str  # proper name or "" (generic)
    aliases: tuple[str, ...] = ()


def _alias(surface: str) -> str:
    """A surface form as an alternative label: no article, no "(ACRONYM)", a sentence-initial
    capital lowered ("Mature safeguarding partnership arrangements" -> "mature ...")."""
    s = re.sub(r"\s*\([^()]*\)$", "", clean(surface))
    s = re.sub(r"^(?:the|a|an|its|their|our|this)\s+", "", s, flags=re.I)
    if re.match(r"[A-Z][a-z]", s) and not re.search(r"\b(?:Safeguarding|Partnership)\b", s):
        s = s[0].lower() + s[1:]
    return s


def _windows(text: str, word: str, before: int = 100, after: int = 80) -> list[tuple[int, int]]:
    """Merged spans of text around each occurrence of ``word`` (any case): the only places
    the partnership patterns can match, so the regexes run over a small part of the report."""
    spans: list[list[int]] = []
    low = lower(text)
    if len(low) != len(text):  # a character whose lower case is longer: scan everything
        return [(0, len(text))]
    pos = low.find(word)
    while pos >= 0:
        a, b = max(0, pos - before), min(len(text), pos + len(word) + after)
        if spans and a <= spans[-1][1]:
            spans[-1][1] = b
        else:
            spans.append([a, b])
        pos = low.find(word, pos + 1)
    return [(a, b) for a, b in spans]


def _finditer(rx: re.Pattern, text: str, windows: Sequence[tuple[int, int]]) -> Iterable[re.Match]:
    for a, b in windows:
        yield from rx.finditer(text, a, b)


def partnership_mentions(ctx: Context) -> list[Mention]:
    rules = compiled()
    text = ctx.document.text or ctx.document.raw_text
    if any(s.kind == "lscb" for s in ctx.sections):
        return []  # a SIF report with an LSCB review: the board is the LSCB
    windows = _windows(text, "safeguarding")
    if not windows:
        return []
    index = sentence_index(ctx.sentences)
    found: list[_Found] = []

    def acronym_after(end: int) -> tuple[str, ...]:
        m = ACRO_AFTER.match(text, end)
        return (m.group(1),) if m and re.search(r"[A-Z].*[A-Z]", m.group(1)) else ()

    excluded: list[tuple[int, int]] = []
    # proper names
    for m in _finditer(rules.named_head, text, windows):
        sent = index.at(m.start())
        if sent is None or m.end() > sent.end:
            continue
        got = _proper_name(text, sent, m.start(), rules)
        if got is None:
            continue
        start, _ = got
        label = clean(text[start : m.end()])
        if rules.named_exclude.search(label):
            # "Adult Safeguarding Partnership", "Swindon Borough Council's safeguarding arrangements":
            # another body; no generic mention inside it either
            excluded.append((start, m.end()))
            continue
        # the mention covers the noun phrase: a leading article and a trailing "(ACRONYM)"
        art = re.search(
            r"\b(?:the|its|their|our)\s+$", text[max(sent.start, start - 8) : start], re.I
        )
        span_start = start - (len(art.group(0)) if art else 0)
        acro = ACRO_AFTER.match(text, m.end())
        span_end = acro.end() if acro and m.end() < sent.end else m.end()
        found.append(
            _Found(
                span_start, span_end, sent.index, "partnership.named", label, acronym_after(m.end())
            )
        )
    # generic wordings
    for rule, rx in rules.mention_rules:
        excl = re.compile(rule["exclude_before"]) if rule.get("exclude_before") else None
        require = re.compile(rule["require"], re.I) if rule.get("require") else None
        needs = re.compile(rule["needs"], re.I) if rule.get("needs") else None
        for m in _finditer(rx, text, windows):
            sent = index.at(m.start())
            if sent is None or m.end() > sent.end:
                continue
            np_s, np_e = m.span("np")
            if any(a <= np_s < b for a, b in excluded):
                continue
            if excl and excl.search(text[max(sent.start, np_s - 40) : np_s]):
                continue
            if require and not require.search(text[np_s:np_e]):
                continue
            if needs and not needs.search(sent.text):
                continue
            found.append(
                _Found(m.start(), m.end(), sent.index, rule["id"], "", acronym_after(m.end()))
            )
    # a generic match inside a proper name is the same mention
    named = [f for f in found if f.label]
    found = [
        f for f in found if f.label or not any(n.start <= f.end and f.start <= n.end for n in named)
    ]
    if not found:
        return []
    # "the partnership" in the sentence after (or the same sentence as) an explicit mention
    explicit = {f.sentence for f in found}
    spans = [(f.start, f.end) for f in found]
    near = sorted({i for i in explicit} | {i + 1 for i in explicit})
    by_index = {s.index: s for s in ctx.sentences}
    near_spans = [(by_index[i].start, by_index[i].end) for i in near if i in by_index]
    for m in _finditer(rules.anaphor, text, near_spans):
        sent = index.at(m.start())
        if sent is None:
            continue
        if any(s <= m.start() < e for s, e in spans):
            continue
        found.append(_Found(m.start(), m.end(), sent.index, "partnership.anaphor", ""))
    # a report of the LSCB era that mentions a "partnership" in passing
    era = rules.by_id["partnership.lscb-era"]
    lscb = len(re.findall(r"\bLSCBs?\b", text)) + sum(
        1 for _ in _finditer(rules.era_board, text, windows)
    )
    if lscb >= int(era["min"]) and lscb >= float(era["ratio"]) * len(found):
        return []
    # one partnership a report: its proper name when the report gives one
    counts: dict[str, list] = {}
    for f in named:
        counts.setdefault(squash(f.label), []).append(f)
    proper = ""
    if counts:
        best = sorted(counts.values(), key=lambda fs: (-len(fs), min(f.start for f in fs)))[0]
        proper = min(best, key=lambda f: f.start).label
    label = proper or GENERIC_LABEL
    out = []
    for f in sorted(found, key=lambda f: (f.start, f.end, f.rule)):
        aliases = {_alias(text[f.start : f.end]), *f.aliases}
        if f.label and squash(f.label) != squash(label):
            continue  # a second, other proper name: another body (e.g. a neighbour's partnership)
        if f.rule == "partnership.anaphor":
            aliases = set()
        if proper:
            aliases.update(GENERIC_ALIASES)
        aliases = {
            a for a in aliases if a and squash(a) != squash(label) and squash(a) != "partnership"
        }
        out.append(
            Mention(
                f.start,
                f.end,
                clean(text[f.start : f.end]),
                PARTNERSHIP,
                label,
                f.sentence,
                f.rule,
                tuple(sorted(aliases)),
            )
        )
    return out
