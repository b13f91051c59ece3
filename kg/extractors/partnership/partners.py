"""The safeguarding partners a report names: after "safeguarding partners (...)", in a list in a
sentence about the partnership, or "X is a (statutory) partner in the partnership"."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.components import Context
from kg.extractors.partnership.mentions import ACRO_AFTER
from kg.extractors.partnership.rules import PartnerRule, Rules, compiled
from kg.text import clean, negated, squash, strip_article

NEG_GAP = re.compile(r"\b(?:not|no|never|nor|neither|cannot)\b|n['\u2019]?t\b", re.I)


@dataclass(frozen=True)
class PartnerSpot:
    sentence: int
    start: int
    end: int
    rule: PartnerRule
    label: str
    cue_rule: str
    negated: bool
    aliases: tuple[str, ...] = ()


def _match_partners(
    text: str, lo: int, hi: int, rules: Rules
) -> list[tuple[int, int, PartnerRule, str, tuple[str, ...]]]:
    """Partner names that are whole list items inside ``text[lo:hi]``."""
    cands = []
    for pr in rules.partners:
        for m in pr.terms.finditer(text, lo, hi):
            cands.append((m.start(), m.end(), pr))
    cands.sort(key=lambda c: (-(c[1] - c[0]), c[0], c[2].id))
    taken: list[tuple[int, int]] = []
    out = []
    for s, e, pr in cands:
        if any(s < b and a < e for a, b in taken):
            continue
        before = text[lo:s]
        after = text[e:hi]
        if not re.search(
            r"(?:^|[,;(:\u2013\u2014]|\band|\bor|\bthe|\bits|\btheir|\bboth|\bincluding|\bwith|\bbetween|\bof)\s*$",
            before,
            re.I,
        ):
            continue
        if not re.match(
            r"\s*(?:$|[,;).:]|\band\b|\bor\b|\(|\bhave\b|\bhas\b|\bare\b|\bis\b)", after, re.I
        ):
            continue
        taken.append((s, e))
        surface = clean(text[s:e])
        if pr.named is not None and pr.named.fullmatch(surface):
            label = surface
        else:
            label = pr.canonical or strip_article(surface)
        aliases = []
        acro = ACRO_AFTER.match(text, e)
        if acro and acro.end() <= hi + 12:
            aliases.append(acro.group(1))
        if squash(strip_article(surface)) != squash(label):
            aliases.append(strip_article(surface))
        out.append((s, e, pr, label, tuple(sorted(set(aliases)))))
    return sorted(out, key=lambda x: x[0])


def _list_end(text: str, start: int, hi: int, paren: bool) -> int:
    """Where a list that starts at ``start`` ends: the closing bracket, or ``;`` / the sentence end."""
    if paren:
        depth = 1
        for i in range(start, hi):
            if text[i] == "(":
                depth += 1
            elif text[i] == ")":
                depth -= 1
                if depth == 0:
                    return i
        return hi
    m = re.compile(r";|\.(?:\s|$)").search(text, start, hi)
    return m.start() if m else hi


def partner_spots(ctx: Context, partnership_sentences: set[int]) -> list[PartnerSpot]:
    """Partners named in a partner context: after "safeguarding partners (...)", in a list in a
    sentence about the partnership, or "X is a partner in the partnership"."""
    rules = compiled()
    text = ctx.document.text or ctx.document.raw_text
    out: list[PartnerSpot] = []
    for sent in ctx.sentences:
        s_text = sent.text
        if (
            "artner" not in s_text
            and "etween" not in s_text
            and "member" not in s_text
            and "ogether" not in s_text
        ):
            continue
        hi = sent.start + len(s_text)
        lists: list[tuple[int, int, str]] = []
        for m in rules.partners_cue.finditer(s_text):
            a = sent.start + m.end()
            lists.append(
                (
                    a,
                    _list_end(text, a, hi, m.group(0).rstrip().endswith("(")),
                    "partnership.partners-list",
                )
            )
        if sent.index in partnership_sentences:
            for m in rules.list_cue.finditer(s_text):
                a = sent.start + m.end()
                lists.append((a, _list_end(text, a, hi, False), "partnership.list-in-sentence"))
        for a, b, cue_rule in lists:
            for s, e, pr, label, aliases in _match_partners(text, a, b, rules):
                neg = negated(s_text, s - sent.start, window=80) or negated(
                    s_text, a - sent.start, window=80
                )
                out.append(PartnerSpot(sent.index, s, e, pr, label, cue_rule, neg, aliases))
    return out


def is_partner_spots(
    ctx: Context, partnership_spans: dict[int, list[tuple[int, int]]]
) -> list[PartnerSpot]:
    """ "Durham Constabulary is a statutory partner in the safeguarding partnership"."""
    rules = compiled()
    text = ctx.document.text or ctx.document.raw_text
    sentences = {s.index: s for s in ctx.sentences}
    out = []
    for idx, spans in sorted(partnership_spans.items()):
        sent = sentences.get(idx)
        if sent is None:
            continue
        for ps, _ in spans:
            for s, e, pr, label, aliases in _match_partners(text, sent.start, ps, rules):
                gap = text[e:ps]
                if not rules.is_partner_gap.fullmatch(gap):
                    continue
                neg = negated(sent.text, s - sent.start) or bool(NEG_GAP.search(gap))
                out.append(
                    PartnerSpot(idx, s, e, pr, label, "partnership.is-partner", neg, aliases)
                )
    return out
