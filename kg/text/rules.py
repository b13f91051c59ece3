"""The entity rule engine every family can use (rules as data: kg/rules/*.yaml)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from kg.model import Mention, Sentence
from kg.text.index import SentenceIndex
from kg.text.match import Gazetteer, clean, squash
from kg.text.names import strip_article, strip_name
from kg.text.scan import anchored, finditer

# the head rules' tests on the words before a head noun (compiled once)
_ACRO_BEFORE = re.compile(r"\(\s*([A-Z][A-Za-z&]{1,9})\s*\)\s*$")
_ACRO_INSIDE = re.compile(r"\(\s*([A-Z][A-Za-z&]{1,9})\s*\)((?:\s+[a-z][\w-]*){1,2}\s*)$")
_POSSESSIVE = re.compile(r"[A-Z][a-z]+(?:[ -][A-Z][a-z]+)?['\u2019]s\s+")
_PEOPLE = re.compile(r"(?:Children|People|Young|Women|Men)")
_AND = re.compile(r"\s+and\s+")


class EntityRules:
    """Entity rules of one family (``kg/rules/<family>.yaml``) compiled once.

    A rule is a mapping with ``id``, ``label`` (class local name) and either

    - ``terms`` (phrases, see ``term_regex``) and/or ``acronyms`` (case
      sensitive), with an optional ``canonical`` label (default: the term
      as written in the rule); all terms of a family are matched in one pass;
    - or ``head``: a regex for a head noun ("sub-?groups?"); the name is the
      content words just before it (``strip_name``, at most ``max_words``),
      and ``canonical`` a template over ``{name}`` and ``{head}``; no name,
      no mention. Much faster than a pattern that captures the words before;
    - or ``pattern``: a regex (matched case-insensitively unless ``case:
      true``) with named groups, and ``canonical``: a template such as
      ``"{name} sub-group"``. With ``strip: name`` the group ``name`` is cut
      to its content words (``strip_name``); an empty name drops the match.
      ``span: name`` makes the mention cover only that group.

    Optional keys: ``anchors`` (lower-case literals one of which every match
    contains: the pattern then runs only around them, much faster),
    ``sections`` (only in these section kinds),
    ``not_sections``, ``aliases`` (extra labels of the canonical entity),
    ``needs`` (a lower-case word the sentence must contain), ``exclude``
    (regex; a match whose text matches it is dropped).
    """

    def __init__(self, rules: Sequence[Mapping[str, Any]]):
        self.rules = [
            r
            for r in rules
            if r.get("label")
            and (r.get("terms") or r.get("acronyms") or r.get("pattern") or r.get("head"))
        ]
        terms: dict[str, list] = {}
        acros: dict[str, list] = {}
        self.patterns: list[tuple[Mapping[str, Any], re.Pattern]] = []
        self.heads: list[tuple[Mapping[str, Any], re.Pattern]] = []
        for r in self.rules:
            if r.get("head"):
                self.heads.append(
                    (r, re.compile(r"(?<![\w-])(?:" + r["head"] + r")(?![\w-])", re.I))
                )
            for t in r.get("terms") or ():
                terms.setdefault(t, []).append((r, r.get("canonical") or t))
            for a in r.get("acronyms") or ():
                acros.setdefault(a, []).append((r, r.get("canonical") or a))
            if r.get("pattern"):
                self.patterns.append((r, re.compile(r["pattern"], 0 if r.get("case") else re.I)))
        self.terms = Gazetteer(terms)
        self.acronyms = Gazetteer(acros, case=True)

    def _ok(self, rule: Mapping[str, Any], sent: Sentence, text: str) -> bool:
        secs = rule.get("sections")
        if secs and sent.section not in secs:
            return False
        if sent.section in (rule.get("not_sections") or ()):
            return False
        needs = rule.get("needs")
        if needs and not re.search(needs, sent.text, re.I):
            return False
        exc = rule.get("exclude")
        if exc and re.search(exc, text, re.I):
            return False
        return True

    @staticmethod
    def _scan(
        rx: re.Pattern, rule: Mapping[str, Any], text: str, sentences: SentenceIndex
    ) -> Iterator[re.Match]:
        """Run ``rx`` over the text, or only over the sections the rule is limited to."""
        secs = rule.get("sections")
        anchors = rule.get("anchors")
        if anchors and not secs:
            yield from anchored(rx, text, anchors)
            return
        if not secs:
            yield from finditer(rx, text)
            return
        spans: list[list[int]] = []
        for s in sentences.sentences:
            if s.section in secs:
                if spans and s.start - spans[-1][1] < 5:
                    spans[-1][1] = s.end
                else:
                    spans.append([s.start, s.end])
        for a, b in spans:
            yield from finditer(rx, text, a, b)

    def find(self, text: str, sentences: SentenceIndex) -> list[Mention]:
        out: list[Mention] = []
        for gaz in (self.terms, self.acronyms):
            for m in gaz.finditer(text):
                sent = sentences.at(m.start)
                if sent is None or m.end > sent.end:
                    continue
                # several rules may share a term: the first whose conditions hold
                chosen = next(
                    (v for v in m.value if self._ok(v[0], sent, text[m.start : m.end + 40])), None
                )
                if chosen is None:
                    continue
                rule, canonical = chosen
                surface = strip_article(m.text)
                aliases = [
                    a
                    for a in {surface, *(rule.get("aliases") or ())}
                    if squash(a) != squash(canonical)
                ]
                if gaz is self.acronyms:
                    aliases = sorted(
                        set(aliases)
                        | {
                            m.text.rstrip("s")
                            if m.text.endswith("s") and m.text[:-1].isupper()
                            else m.text
                        }
                    )
                    aliases = [a for a in aliases if squash(a) != squash(canonical)]
                out.append(
                    Mention(
                        m.start,
                        m.end,
                        clean(m.text),
                        rule["label"],
                        canonical,
                        sent.index,
                        rule["id"],
                        tuple(sorted(aliases)),
                    )
                )
        for rule, rx in self.heads:
            secs = rule.get("sections")
            for m in finditer(rx, text):
                sent = sentences.at(m.start())
                if sent is None or m.end() > sent.end:
                    continue
                if secs and sent.section not in secs:
                    continue
                lo = max(sent.start, m.start() - 80)
                before = text[lo : m.start()]
                acro = _ACRO_BEFORE.search(before)
                inner = None
                if acro:  # "awareness raising and engaging communities (AREC) sub-group"
                    before = before[: acro.start()] + " "
                else:  # "child exploitation (CE) thematic sub-group"
                    inner = _ACRO_INSIDE.search(before)
                    if inner:
                        before = (
                            before[: inner.start()]
                            + " " * (inner.end(1) + 1 - inner.start())
                            + before[inner.end(1) + 1 :]
                        )
                off, name = strip_name(before, int(rule.get("max_words", 6)))
                drop = rule.get("drop_last")
                if name and drop:  # "domestic abuse thematic" -> "domestic abuse"
                    name = re.sub(r"(?:\s+(?:" + drop + r"))+$", "", name, flags=re.I)
                # "Rochdale's early help strategy": the council's possessive is no part of the name
                pm = _POSSESSIVE.match(name)
                if pm and not _PEOPLE.match(name):
                    name = name[pm.end() :]
                if not name or (rule.get("reject") and re.search(rule["reject"], name, re.I)):
                    continue
                start = lo + off
                surface = text[start : m.end()]
                if not self._ok(rule, sent, surface):
                    continue
                parts = _AND.split(name)
                if (
                    rule.get("split_plural")
                    and len(parts) == 2
                    and re.search(r"(?:s|ies)$", m.group(0), re.I)
                ):
                    # "the Neglect and Children Harming Children strategies": two documents
                    head = re.sub(r"ies$", "y", clean(m.group(0)), flags=re.I)
                    head = re.sub(r"(?<=[^s])s$", "", head)
                    cut = text.find(parts[1], start, m.end())
                    for (a, b), part in (
                        ((start, start + len(parts[0])), parts[0]),
                        ((max(cut, start), m.end()), parts[1]),
                    ):
                        label = clean(rule.get("canonical", "{name}").format(name=part, head=head))
                        out.append(
                            Mention(
                                a,
                                b,
                                clean(text[a:b]),
                                rule["label"],
                                label,
                                sent.index,
                                rule["id"],
                                (),
                            )
                        )
                    continue
                canonical = clean(
                    rule.get("canonical", "{name}").format(name=name, head=clean(m.group(0)))
                )
                alias_set = {strip_article(surface)}
                if acro:
                    alias_set.add(
                        clean(
                            rule.get("canonical", "{name}").format(
                                name=acro.group(1), head=clean(m.group(0))
                            )
                        )
                    )
                if inner:
                    alias_set.add(
                        clean(
                            rule.get("canonical", "{name}").format(
                                name=inner.group(1) + inner.group(2), head=clean(m.group(0))
                            )
                        )
                    )
                aliases = sorted({a for a in alias_set if squash(a) != squash(canonical)})
                out.append(
                    Mention(
                        start,
                        m.end(),
                        clean(surface),
                        rule["label"],
                        canonical,
                        sent.index,
                        rule["id"],
                        tuple(aliases),
                    )
                )
        for rule, rx in self.patterns:
            for m in self._scan(rx, rule, text, sentences):
                sent = sentences.at(m.start())
                if sent is None or m.end() > sent.end or not self._ok(rule, sent, m.group(0)):
                    continue
                groups = {k: (v or "") for k, v in m.groupdict().items()}
                start, end = m.start(), m.end()
                g = rule.get("strip")
                if g and g in groups:
                    off, name = strip_name(groups[g])
                    if not name:
                        continue
                    groups[g] = name
                    if m.start(g) >= 0 and m.start(g) == m.start():
                        start = m.start(g) + off  # the mention starts at the name
                span = rule.get("span")
                if span and span in groups and m.start(span) >= 0:
                    start, end = m.start(span), m.end(span)
                elif span == "name":  # the first named group that matched
                    g0 = next((k for k in sorted(groups) if groups[k] and m.start(k) >= 0), None)
                    if g0:
                        start, end = m.start(g0), m.end(g0)
                for k in list(groups):
                    groups[k] = clean(groups[k])
                canonical = clean(rule.get("canonical", "{0}").format(m.group(0), **groups))
                canonical = strip_article(canonical).strip("'\u2018\u2019\"\u201c\u201d ,")
                surface = strip_article(text[start:end])
                aliases = [a.format(**groups) for a in (rule.get("aliases") or ())]
                aliases = sorted({a for a in [surface, *aliases] if squash(a) != squash(canonical)})
                out.append(
                    Mention(
                        start,
                        end,
                        clean(text[start:end]),
                        rule["label"],
                        canonical,
                        sent.index,
                        rule["id"],
                        tuple(aliases),
                    )
                )
        return out
