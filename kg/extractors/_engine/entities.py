"""Entity rules: a family's phrases and acronyms compiled into a few fast
gazetteers, turned into mentions (see ``kg.extractors._engine`` for the format)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import repeat

from kg.extractors._engine.acronyms import acronym_expansions
from kg.extractors._engine.spans import blank_quotes, by_sentence, make_mention, tidy_label
from kg.model import Mention, Sentence
from kg.namespaces import normalise_label
from kg.text import Gazetteer, clean, negated, term_regex
from kg.text.match import folds, lower, word_starts
from kg.text.scan import finditer, finditer_at, literal_prefixes


@dataclass(frozen=True)
class EntityRule:
    """One compiled entity rule (``EntityRules`` builds them from the YAML mappings)."""

    id: str
    type: str
    label: str
    aliases: tuple[str, ...] = ()
    negatable: bool = True
    requires: re.Pattern | None = None
    not_after: re.Pattern | None = None
    acronyms: tuple[str, ...] = ()


def _lowered(text: str) -> str | None:
    """``text`` lower cased, when that keeps every offset (else None)."""
    low = lower(text)
    return low if len(low) == len(text) else None


_LITERAL_HEAD = re.compile(r"[A-Za-z0-9]+")


class FastGazetteer:
    """``kg.text.Gazetteer`` semantics (phrases, longest match, values by
    lookup) without trying the big alternation at every character: candidate
    positions are the word starts where a term's first word occurs (read from
    the report's shared word index, ``kg.text.match.word_starts``; ``str.find``
    in a short text), and only the terms that can start there are tried. Terms
    whose first word is not a literal (``re:(?:16|18)...``) go through a regex
    scan (``kg.text.scan.finditer``)."""

    def __init__(self, terms: Mapping[str, str], case: bool = False, plural: bool = True):
        self.case = case
        self.lookup_gaz = Gazetteer(terms, case=case, plural=plural)
        flags = 0 if case else re.IGNORECASE
        fast, slow = [], []
        starts: list[tuple[str, ...] | None] = []  # how each fast fragment's matches begin
        keys: set[str] = set()
        for term in sorted(terms, key=lambda t: (-len(t), t)):
            frag = term_regex(term, plural=plural)
            body = term.removeprefix("re:")
            head = _LITERAL_HEAD.match(body)
            literal = head is not None and (
                not term.startswith("re:") or len(body) == head.end() or body[head.end()] in "\\ ("
            )
            if literal and len(head.group(0)) >= 2:
                keys.add(head.group(0) if case else head.group(0).lower())
                fast.append(frag)
                starts.append(
                    literal_prefixes(re.compile(frag, flags))
                    if term.startswith("re:")
                    else (head.group(0).lower(),)
                )
            else:
                slow.append(frag)
        # a key that starts with another key adds no candidate positions
        self.keys = tuple(
            sorted(k for k in keys if not any(k != o and k.startswith(o) for o in keys))
        )
        self.fast = re.compile("(?:" + "|".join(fast) + r")(?![\w])", flags) if fast else None
        # The fast fragments that can match where a key starts, in alternation order: the
        # ones whose literal start agrees with the key (all, when it is not known). Tried
        # alone they give the first match the whole alternation gives there, for less work.
        self._flags = flags
        self._by_key: dict[str, list[str]] = {}
        for k in self.keys:
            kl = k.lower()
            self._by_key[k] = [
                f
                for f, ps in zip(fast, starts, strict=True)
                if ps is None or any(p.startswith(kl) or kl.startswith(p) for p in ps)
            ]
        self._key_regex: dict[str, re.Pattern] = {}
        self.slow = (
            re.compile(r"(?<![\w-])(?:" + "|".join(slow) + r")(?![\w])", flags) if slow else None
        )
        self._slow_words = _word_anchors(self.slow) if self.slow is not None and not case else None

    def finditer(self, text: str, source: str | None = None) -> Iterator[tuple[int, int, str, str]]:
        """``(start, end, matched text, value)`` of every term match in ``text``.

        ``source`` is the text ``text`` was made from by ``blank_quotes`` (same
        length, same letters and digits, same word starts): a long text's candidate
        positions then come from the word index of ``source`` that other rule
        engines share (``kg.text.match.word_starts``), not from a scan per key."""
        if self.fast is not None:
            hay = text if self.case else _lowered(text)
            if hay is None:  # lower casing moved offsets: scan the plain way
                for m in re.compile(r"(?<![\w-])" + self.fast.pattern, self.fast.flags).finditer(
                    text
                ):
                    value = self.lookup_gaz.lookup(m.group(0))
                    if value is not None:
                        yield m.start(), m.end(), m.group(0), value
            else:
                indexed = source if source is not None and len(source) == len(text) else text
                found = _key_positions(hay)
                hits: list[re.Match] = []
                for k in self.keys:
                    at = found.get(k)
                    if at is None:
                        at = found[k] = _key_starts(hay, k, indexed, not self.case)
                    if at:  # each key's alternation tried at all its word starts in one map
                        rx = self._key_regex.get(k) or self._regex_of(k)
                        hits += filter(None, map(rx.match, repeat(text, len(at)), at))
                # keys never start with one another: one match at most per offset
                hits.sort(key=_start)
                for m in hits:
                    value = self.lookup_gaz.lookup(m.group(0))
                    if value is not None:
                        yield m.start(), m.end(), m.group(0), value
        if self.slow is not None:
            for m in self._slow_matches(text, source):
                value = self.lookup_gaz.lookup(m.group(0))
                if value is not None:
                    yield m.start(), m.end(), m.group(0), value

    def _slow_matches(self, text: str, source: str | None) -> Iterator[re.Match]:
        """``finditer(self.slow, text)``. In a document, when every slow match starts
        with a known word (after quotation marks: ``_word_anchors``), the scan is tried
        only at that word's starts, read from the shared word index like the keys."""
        hay = _lowered(text) if self._slow_words is not None and len(text) >= 2000 else None
        indexed = source if source is not None and len(source) == len(text) else text
        if hay is None or folds(indexed):  # see kg.text.match._FOLDS
            yield from finditer(self.slow, text)
            return
        found = _key_positions(hay)
        starts: set[int] = set()
        for lead, k in self._slow_words:
            at = found.get(k)
            if at is None:
                at = found[k] = _key_starts(hay, k, indexed, True)
            starts.update(p - lead for p in at if p >= lead)
        yield from finditer_at(self.slow, text, sorted(starts))

    def _regex_of(self, key: str) -> re.Pattern:
        """``fast`` restricted to the fragments that can match where ``key`` starts."""
        rx = self._key_regex.get(key)
        if rx is None:
            rx = self._key_regex[key] = re.compile(
                "(?:" + "|".join(self._by_key[key]) + r")(?![\w])", self._flags
            )
        return rx


#: quotation marks a slow term may open with ("'front door' safeguarding hub")
_QUOTES = "'\"`\u2018\u2019\u201c\u201d"


def _word_anchors(rx: re.Pattern) -> tuple[tuple[int, str], ...] | None:
    r"""How every match of ``rx`` (a gazetteer alternation, which starts with
    ``(?<![\w-])``) starts: ``(lead, word)``, ``lead`` quotation marks then the
    letters and digits ``word`` (lower case), which then start a word, so the word
    index finds them. None when a match may start otherwise (``literal_prefixes``)."""
    prefixes = literal_prefixes(rx)
    if prefixes is None:
        return None
    out = []
    for s in prefixes:
        lead = len(s) - len(s.lstrip(_QUOTES))
        word = _LITERAL_HEAD.match(s, lead)
        if word is None:
            return None
        out.append((lead, word.group(0)))
    return tuple(out)


def _start(m: re.Match) -> int:
    return m.start()


_KEY_CACHE: dict[int, tuple[str, dict[str, list[int]]]] = {}


def _key_positions(hay: str) -> dict[str, list[int]]:
    """Word-start offsets of each key already looked for in ``hay`` (shared by every
    gazetteer scanning the same text; kept for the last few texts)."""
    if len(hay) < 2000:  # a sentence or a surface: cheap, and would evict the documents
        return {}
    hit = _KEY_CACHE.get(id(hay))
    if hit is not None and hit[0] is hay:
        return hit[1]
    if len(_KEY_CACHE) > 8:
        _KEY_CACHE.clear()
    found: dict[str, list[int]] = {}
    _KEY_CACHE[id(hay)] = (hay, found)
    return found


def _key_starts(hay: str, key: str, indexed: str, low: bool) -> list[int]:
    """``_word_starts_of(hay, key)``; for a document, read from the word index of
    ``indexed`` (``hay`` itself, or the text ``hay`` was made from by blank_quotes
    and, when ``low``, lower casing): its offsets are those where ``key`` starts a
    word, case aside. A lower-cased ``hay`` reads the key (letters and digits) just
    where they do; else ``hay.startswith`` keeps the ones it reads ``key`` at."""
    if len(hay) >= 2000:
        at = word_starts(indexed, key.lower())
        if at is not None:
            return at if low else [p for p in at if hay.startswith(key, p)]
    return _word_starts_of(hay, key)


def _word_starts_of(hay: str, key: str) -> list[int]:
    """Offsets where ``key`` occurs in ``hay`` not preceded by a letter, digit, "-" or "_"."""
    out = []
    i = hay.find(key)
    while i != -1:
        if not i or not (hay[i - 1].isalnum() or hay[i - 1] in "-_"):
            out.append(i)
        i = hay.find(key, i + 1)
    return out


class EntityRules:
    """The entity rules of one family, compiled into a few gazetteers."""

    def __init__(self, rules: Iterable[Mapping]):
        self.rules: dict[str, EntityRule] = {}
        self.acronyms: set[str] = set()  # acronyms the rules name (acronym-defined units skip them)
        plural: dict[str, str] = {}
        singular: dict[str, str] = {}
        acronyms: dict[str, str] = {}
        for r in rules:
            if "type" not in r or not (r.get("terms") or r.get("acronyms")):
                continue
            rule = EntityRule(
                id=r["id"],
                type=r["type"],
                label=r["label"],
                aliases=tuple(r.get("aliases", ()) or ()),
                negatable=r.get("negatable", True),
                requires=re.compile(r["requires"], re.IGNORECASE) if r.get("requires") else None,
                not_after=re.compile(r["not_after"] + r"\s*$", re.IGNORECASE)
                if r.get("not_after")
                else None,
                acronyms=tuple(r.get("acronyms", ()) or ()),
            )
            self.rules[rule.id] = rule
            target = plural if r.get("plural", True) else singular
            for t in r.get("terms", ()) or ():
                target.setdefault(t, rule.id)
            for a in r.get("acronyms", ()) or ():
                acronyms.setdefault(a, rule.id)
                self.acronyms.add(a)
        self._gaz = [
            g
            for g in (
                FastGazetteer(plural) if plural else None,
                FastGazetteer(singular, plural=False) if singular else None,
                FastGazetteer(acronyms, case=True) if acronyms else None,
            )
            if g is not None
        ]

    def _foreign_acronyms(self, text: str) -> frozenset[str]:
        """The rules' acronyms that ``text`` defines as something else
        ("Multi-agency child enquiry (MACE) reports" is not the MACE panel)."""
        return _foreign_acronyms_of(self, text)

    def matches(self, text: str) -> list[tuple[int, int, str, EntityRule]]:
        """``(start, end, surface, rule)`` for every rule match in ``text``,
        the longest where matches overlap, in text order. Quotation marks
        do not stop a match ("the 'missing' panel")."""
        found = []
        plain = blank_quotes(text)
        for gaz in self._gaz:
            for start, end, _, value in gaz.finditer(plain, text):
                found.append((start, end, text[start:end], self.rules[value]))
        found.sort(key=lambda f: (f[0], -(f[1] - f[0]), f[3].id))
        out, last_end = [], -1
        for f in found:
            if f[0] < last_end:
                continue
            last_end = f[1]
            out.append(f)
        return out

    def mentions(self, sentences: Sequence[Sentence], text: str | None = None) -> list[Mention]:
        """Mentions in ``sentences``; with ``text`` (the document text the
        sentences are slices of) the text is scanned once."""
        out = []
        foreign = self._foreign_acronyms(text) if text else frozenset()
        for s, start, end, surface, rule in by_sentence(sentences, text, self.matches):
            if rule.negatable and _negated(s.text, start):
                continue
            if rule.requires and not rule.requires.search(s.text):
                continue
            if rule.not_after and rule.not_after.search(s.text, max(0, start - 40), start):
                continue
            if surface.rstrip("s") in foreign or surface in foreign:
                continue
            surface = clean(blank_quotes(surface))
            label = rule.label
            if label == "{surface}":
                label = surface
            elif label == "{tidy}":
                label = tidy_label(surface)
            out.append(
                make_mention(s, start, end, rule.type, label, rule.id, rule.aliases + (surface,))
            )
        return out


def _negated(text: str, start: int) -> bool:
    """``kg.text.negated`` (which already treats a unit named after "in/within/to/by the"
    as presupposed to exist: "a lack of capacity within the contact team")."""
    return negated(text, start)


def _foreign_acronyms_of(rules: EntityRules, text: str) -> frozenset[str]:
    out = set()
    for _, _, acronym, expansion in acronym_expansions(text):
        base = acronym[:-1] if acronym.endswith("s") and acronym[:-1] in rules.acronyms else acronym
        if base not in rules.acronyms or rules.matches(expansion):
            continue
        # same thing in other words ("children and adolescent mental health services (CAMHS)")?
        words = set(normalise_label(tidy_label(expansion)).split())
        labels = [r.label for r in rules.rules.values() if base in r.acronyms]
        if not any(
            len(words & set(normalise_label(lab).split()))
            >= 0.7 * len(normalise_label(lab).split())
            for lab in labels
        ):
            out.add(base)
    return frozenset(out)
