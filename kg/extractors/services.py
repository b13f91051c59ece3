"""Services and teams: early help services, the CAF team, the duty team, CAMHS,
the virtual school, the leaving care service, named programmes ("Families
Together, Redbridge's troubled families service") and services or teams a
report defines with an acronym ("resilience around families team (RAFT)").

Relations: ``leads`` (the virtual head leads the virtual school; a post
named after its unit, "headteacher of the virtual school", leads it) and
``subOrganizationOf`` (a team within a service: "EIFSS provides ... a CAF
team").

This module also holds the small rule engine the operational families
(services, mash, commissioning, panels) share: entity rules and relation cue
rules read from ``kg/rules/<family>.yaml``.

Entity rule::

    {id, type, label, terms: [...], acronyms: [...], plural: true, sample, expect: [labels]}

``terms`` are phrases (``kg.text.term_regex``; ``re:`` for a raw regex, case
insensitive); ``acronyms`` are matched case sensitive (and ignored when the
report defines the acronym as something else). Each mention carries the text
it matched as an alias (never the rule's unmatched variants), so a canonical
label gathers its variants ("leaving care team" -> "leaving care service"). A label
``"{surface}"`` is the matched text as written; ``"{tidy}"`` the matched text
lower cased and singular (for rules that list distinct names of one kind).

Relation rule::

    {id, predicate, cue, subject, object, window, sample, expect: [[s, p, o]]}

``cue`` is a regex (case insensitive). ``subject``/``object`` is either a
fixed key (``council``) or ``{side: before|after, types: [...], pick:
nearest|all, coref: [Service, ...]}``: the entities mentioned on that side of
the cue in the same sentence (``side: any`` takes the nearest on either side,
for symmetric cues; ``coref``: a sentence opening "The service ..." falls
back to the last entity of those types in the previous sentence);
``unless_before`` (a regex searched in the 50 characters before the cue,
anchor it with ``$``) vetoes a cue: "the LSCB commissioned ..." is not the
council's commissioning.
Entity rules may carry ``requires`` (a regex the sentence must match, e.g. a
commissioning cue for a generic provider such as "a national charity").
Samples of relation rules may need entities of other families; ``given``
lists them as ``[type, label, surface?]`` for the tests.

Example: ``kg build ../shared/reports/redbridge-2016.txt -o /tmp/r.ttl``
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from kg.components import Component, Context, load_rules, register
from kg.model import Entity, Mention, Relation, Sentence
from kg.namespaces import normalise_label
from kg.text import Gazetteer, MentionIndex, clean, negated, term_regex

COUNCIL = "council"

# --------------------------------------------------------------------------- entity rules


@dataclass(frozen=True)
class EntityRule:
    id: str
    type: str
    label: str
    aliases: tuple[str, ...] = ()
    negatable: bool = True
    requires: re.Pattern | None = None
    not_after: re.Pattern | None = None
    acronyms: tuple[str, ...] = ()


@lru_cache(maxsize=8)
def _lowered(text: str) -> str | None:
    """``text`` lower cased, when that keeps every offset (else None)."""
    low = text.lower()
    return low if len(low) == len(text) else None


_LITERAL_HEAD = re.compile(r"[A-Za-z0-9]+")


class FastGazetteer:
    """``kg.text.Gazetteer`` semantics (phrases, longest match, values by
    lookup) without trying the big alternation at every character: candidate
    positions are the word starts where a term's first word occurs (found
    with ``str.find``); the alternation is tried only there. Terms whose first word is not a literal
    (``re:(?:16|18)...``) go through an ordinary regex scan."""

    def __init__(self, terms: Mapping[str, str], case: bool = False, plural: bool = True):
        self.case = case
        self.lookup_gaz = Gazetteer(terms, case=case, plural=plural)
        flags = 0 if case else re.IGNORECASE
        fast, slow = [], []
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
            else:
                slow.append(frag)
        # a key that starts with another key adds no candidate positions
        self.keys = tuple(
            sorted(k for k in keys if not any(k != o and k.startswith(o) for o in keys))
        )
        self.fast = re.compile("(?:" + "|".join(fast) + r")(?![\w])", flags) if fast else None
        self.slow = (
            re.compile(r"(?<![\w-])(?:" + "|".join(slow) + r")(?![\w])", flags) if slow else None
        )

    def finditer(self, text: str) -> Iterator[tuple[int, int, str, str]]:
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
                positions = set()
                for k in self.keys:
                    i = hay.find(k)
                    while i != -1:
                        if not i or not (hay[i - 1].isalnum() or hay[i - 1] in "-_"):
                            positions.add(i)
                        i = hay.find(k, i + 1)
                for pos in sorted(positions):
                    m = self.fast.match(text, pos)
                    if m:
                        value = self.lookup_gaz.lookup(m.group(0))
                        if value is not None:
                            yield m.start(), m.end(), m.group(0), value
        if self.slow is not None:
            for m in self.slow.finditer(text):
                value = self.lookup_gaz.lookup(m.group(0))
                if value is not None:
                    yield m.start(), m.end(), m.group(0), value


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
            for start, end, _, value in gaz.finditer(plain):
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
        for s, start, end, surface, rule in _by_sentence(sentences, text, self.matches):
            if rule.negatable and negated(s.text, start):
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


_QUOTE = re.compile(r"(?<![^\W\d_])['\u2019]|['\u2019](?![^\W\d_])|[\u2018\"\u201c\u201d]")


@lru_cache(maxsize=16)
def blank_quotes(text: str) -> str:
    """``text`` with quotation marks (not apostrophes inside words) turned into
    spaces: same length, so offsets hold. "the 'missing' panel" reads as
    "the  missing  panel"; "Redbridge's" is kept."""
    return _QUOTE.sub(" ", text)


def _foreign_acronyms_of(rules: EntityRules, text: str) -> frozenset[str]:
    out = set()
    for _, _, acronym, expansion in _acronym_definitions(text):
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


def _by_sentence(sentences: Sequence[Sentence], text: str | None, matcher) -> Iterator[tuple]:
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


# --------------------------------------------------------------------------- acronym-defined units

_ACRO_PAREN = re.compile(r"\(\s*(?:the\s+)?([A-Z][A-Za-z&@]{1,9})\s*\)")
_WORD = re.compile(r"[\w'\u2019+-]+")
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
                for part in re.split(r"[-\u2010\u2011]", w):
                    if part:
                        letters += part[0].lower()
            if letters == acr or (
                letters[:-1] == acr and tail[-1].lower().rstrip("s") in _HEAD_NOUNS
            ):
                return n
    return 0


_HEAD_NOUNS = {"team", "service", "panel", "hub", "unit"}


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


@dataclass(frozen=True)
class AcronymUnit:
    acronym: str
    label: str
    type: str


@lru_cache(maxsize=8)
def _acronym_definitions(text: str) -> tuple[tuple[int, int, str, str], ...]:
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
        for start, end, acronym, exp in _acronym_definitions(t):
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

    hits = list(_by_sentence(sentences, text, definitions))
    if not defined:
        return hits
    bare = re.compile(
        r"(?<![\w(-])("
        + "|".join(re.escape(a) for a in sorted(defined, key=lambda a: (-len(a), a)))
        + r")s?(?![\w-])"
    )

    def uses(t: str):
        for m in bare.finditer(t):
            yield m.start(), m.end(), defined[m.group(1)]

    hits.extend(_by_sentence(sentences, text, uses))
    return hits


# --------------------------------------------------------------------------- relation rules


@dataclass(frozen=True)
class Role:
    fixed: str | None = None
    side: str = "after"
    types: frozenset[str] = frozenset()
    pick: str = "nearest"
    coref: frozenset[str] = frozenset()


def _role(spec) -> Role:
    if isinstance(spec, str):
        return Role(fixed=spec)
    return Role(
        side=spec.get("side", "after"),
        types=frozenset(spec.get("types", ())),
        pick=spec.get("pick", "nearest"),
        coref=frozenset(spec.get("coref", ()) or ()),
    )


@dataclass(frozen=True)
class RelationRule:
    id: str
    predicate: str
    cue: re.Pattern
    subject: Role
    object: Role
    window: int = 200
    negatable: bool = True
    unless_before: re.Pattern | None = None


_COREF_OPEN = re.compile(
    r"^\s*(?:the|this|that|its|their|these)\s+(service|team|panel|hub|unit|provision|contract)s?\b",
    re.IGNORECASE,
)


class RelationRules:
    def __init__(self, rules: Iterable[Mapping]):
        self.rules = []
        for r in rules:
            if "predicate" not in r:
                continue
            cue = r["cue"]
            rx = cue[3:] if cue.startswith("re:") else term_regex(cue, plural=False)
            self.rules.append(
                RelationRule(
                    id=r["id"],
                    predicate=r["predicate"],
                    cue=re.compile(rx, re.IGNORECASE),
                    subject=_role(r["subject"]),
                    object=_role(r["object"]),
                    window=int(r.get("window", 200)),
                    negatable=r.get("negatable", True),
                    unless_before=re.compile(r["unless_before"], re.IGNORECASE)
                    if r.get("unless_before")
                    else None,
                )
            )

    def relations(self, ctx: Context, entities: Sequence[Entity]) -> list[Relation]:
        index = MentionIndex(entities)
        keys = set(index.entities)
        by_index = {s.index: s for s in ctx.sentences}
        order = [s.index for s in ctx.sentences]
        prev_of = {b: a for a, b in pairwise(order)}
        out: list[Relation] = []
        for s in ctx.sentences:
            spots = index.in_sentence(s.index)
            if not spots:
                continue  # every rule needs at least one end in the sentence itself
            present = {p.type for p in spots}
            for rule in self.rules:
                if not (present & (rule.subject.types | rule.object.types)):
                    continue
                for m in rule.cue.finditer(s.text):
                    if rule.negatable and _neg_near(s.text, m.start()):
                        continue
                    if rule.unless_before and rule.unless_before.search(
                        s.text[max(0, m.start() - 50) : m.start()]
                    ):
                        continue
                    cs, ce = s.start + m.start(), s.start + m.end()
                    subs = _fill(
                        rule.subject, rule.window, s, cs, ce, spots, index, by_index, prev_of
                    )
                    objs = _fill(
                        rule.object, rule.window, s, cs, ce, spots, index, by_index, prev_of
                    )
                    for a in subs:
                        for b in objs:
                            if (
                                a == b
                                or (a != COUNCIL and a not in keys)
                                or (b != COUNCIL and b not in keys)
                            ):
                                continue
                            out.append(Relation(a, rule.predicate, b, s.index, rule.id, cs, ce))
        return out


_NEG_CUE = re.compile(r"\b(?:not|no|never|nor|without)\b[^,;.]*$", re.IGNORECASE)


def _neg_near(text: str, start: int) -> bool:
    return bool(_NEG_CUE.search(text[max(0, start - 40) : start]))


def _fill(
    role: Role,
    window: int,
    s: Sentence,
    cs: int,
    ce: int,
    spots,
    index: MentionIndex,
    by_index,
    prev_of,
) -> list[str]:
    if role.fixed:
        return [role.fixed]
    if (
        role.side == "any"
    ):  # symmetric cues ("co-located with"): the nearest of the type on either side
        cands = [p for p in spots if p.type in role.types and (p.end <= cs or p.start >= ce)]
        cands.sort(key=lambda p: (min(abs(cs - p.end), abs(p.start - ce)), p.start))
        if role.pick == "nearest":
            cands = cands[:1]
    elif role.side == "before":
        cands = [
            p for p in spots if p.end <= cs and p.start >= cs - window and p.type in role.types
        ]
        cands.sort(key=lambda p: (p.start, p.end))
        if role.pick == "nearest":
            cands = cands[-1:]
        if (
            not cands
            and role.coref
            and _COREF_OPEN.match(s.text[: cs - s.start])
            and cs - s.start < 60
        ):
            i = prev_of.get(s.index)
            if i is not None:
                back = [p for p in index.in_sentence(i) if p.type in role.coref]
                cands = back[-1:]
    else:
        cands = [
            p for p in spots if p.start >= ce and p.start <= ce + window and p.type in role.types
        ]
        cands.sort(key=lambda p: (p.start, p.end))
        if role.pick == "nearest":
            cands = cands[:1]
    keys = []
    for p in cands:
        if p.key not in keys:
            keys.append(p.key)
    return keys


# --------------------------------------------------------------------------- named programmes

_NAME = r"[A-Z][\w'\u2019@&-]+(?:\s+(?:(?:for|and|of|the|in|on)\s+)?[A-Z][\w'\u2019@&-]+){0,4}"
_PROGRAMME_CUES = None
_NAME_BEFORE = re.compile(
    r"("
    + _NAME
    + r")\s*,\s+(?:the\s+)?(?:(?:[A-Z]\w+['\u2019]?s?|(?i:local\s+authority['\u2019]?s?|councils?['\u2019]?s?))\s+)?$"
)
_NAME_AFTER = re.compile(r"\s*\(\s*(?:the\s+)?(" + _NAME + r")\s*\)|\s*,\s+(" + _NAME + r")\s*,")
_NAME_THEN_TF = re.compile(
    r"("
    + _NAME
    + r")\s*\(\s*(?:the\s+)?(?:national\s+)?[Tt]roubled\s+[Ff]amilies(?:\s+(?:programme|service|team))?\s*\)"
)
_NAMED_STOP = {
    "the",
    "this",
    "a",
    "an",
    "and",
    "in",
    "of",
    "work",
    "however",
    "its",
    "their",
    "our",
}


def _programme_cues() -> FastGazetteer:
    global _PROGRAMME_CUES
    if _PROGRAMME_CUES is None:
        kinds = (
            "troubled families",
            "early help",
            "edge of care",
            "family support",
            "stronger families",
            "intensive family support",
        )
        heads = ("service", "programme", "team", "project")
        cues = {f"{k} {h}": f"{k} {h}" for k in kinds for h in heads}
        cues.update(
            {
                "regional adoption agency": "regional adoption agency",
                "regional adoption service": "regional adoption agency",
            }
        )
        _PROGRAMME_CUES = FastGazetteer(cues, plural=False)
    return _PROGRAMME_CUES


def named_programmes(
    sentences: Sequence[Sentence], text: str | None = None
) -> list[tuple[Sentence, int, int, str, str]]:
    """Named programmes and agencies: "Families Together, Redbridge's troubled
    families service", "the troubled families programme (Norfolk Family Focus
    Service)", "the regional adoption agency, Adoption Counts,":
    ``(sentence, start, end, name, description)`` for the naming and for every
    later use of the name (description "" there)."""
    names: dict[str, str] = {}
    described: list[tuple[Sentence, int, int, str, str]] = []

    def cues(t: str):
        for start, end, _, value in _programme_cues().finditer(t):
            yield start, end, value

    for s, start, end, description in _by_sentence(
        sentences, text, lambda t: cues(blank_quotes(t))
    ):
        found = []
        plain = blank_quotes(s.text)
        m = _NAME_BEFORE.search(plain, max(0, start - 80), start)
        if m:
            found.append((m.start(1), m.group(1)))
        m = _NAME_AFTER.match(plain, end)
        if m:
            g = 1 if m.group(1) else 2
            found.append((m.start(g), m.group(g)))
        for at, name in found:
            words = name.split()
            while words and words[0].lower() in _NAMED_STOP:
                words = words[1:]
            while words and words[-1] in ("RAA", "RAAs"):
                words = words[:-1]
            if not words or not all(
                w[0].isupper() or w in ("for", "and", "of", "the", "in", "on") for w in words
            ):
                continue
            name = " ".join(words)
            if len(name) >= 4 and not name.isupper():
                names.setdefault(normalise_label(name), name)
                span = re.compile(term_regex(name, plural=False)).search(s.text, at)
                if span:
                    described.append(
                        (s, span.start(), span.end(), names[normalise_label(name)], description)
                    )
    if text is None or "roubled" in text:
        for s in sentences:
            if "roubled" not in s.text:
                continue
            for m in _NAME_THEN_TF.finditer(s.text):
                name = clean(m.group(1))
                if name.split()[0].lower() not in _NAMED_STOP and not _not_a_proper_name(name):
                    names.setdefault(normalise_label(name), name)
                    described.append(
                        (s, m.start(1), m.end(1), names[normalise_label(name)], "troubled families")
                    )
    if not names:
        return []
    rx = re.compile(
        r"(?<![\w-])("
        + "|".join(
            term_regex(n, plural=False) for n in sorted(names.values(), key=lambda n: (-len(n), n))
        )
        + r")(?![\w-])"
    )

    def uses(t: str):
        for m in rx.finditer(t):
            yield m.start(), m.end(), names.get(normalise_label(m.group(1)), clean(m.group(1))), ""

    seen = {(d[0].index, d[1]) for d in described}
    return described + [
        u for u in _by_sentence(sentences, text, uses) if (u[0].index, u[1]) not in seen
    ]


# --------------------------------------------------------------------------- proper names of units

_QUOTED_UNIT = re.compile(
    r"(?<![\w\u2019'])[\u2018'\"\u201c]([A-Za-z][^\u2019'\"\u201d\n]{2,40}?)[\u2019'\"\u201d]\s+(team|service|hub|programme|project|pilot|initiative|scheme)s?\b"
)
_CAPS_TEAM = re.compile(r"(?<![\w(-])([A-Z][A-Z0-9]{2,7})\s+team\b")
_CAPS_NOT_TEAMS = {
    "MASH",
    "LSCB",
    "CAF",
    "CSE",
    "YOT",
    "IRO",
    "DCS",
    "HMI",
    "SCR",
    "LADO",
    "CCG",
    "NHS",
    "SEND",
    "SEN",
    "CDOP",
    "MARAC",
    "MAPPA",
    "EDT",
}
_TITLED_UNIT = re.compile(
    r"\b[Tt]he\s+([A-Z][\w'\u2019-]+(?:\s+(?:(?:for|and|of|the|in|on|to)\s+)?[A-Z][\w'\u2019-]+){0,4})"
    r"\s+([Tt]eam|[Ss]ervice|[Pp]roject|[Pp]rogramme|[Ii]nitiative|[Ss]cheme)s?\b"
)
#: first words that make a capitalised phrase something other than a local unit's proper name
_TITLED_STOP = {
    "lscb",
    "ofsted",
    "department",
    "government",
    "national",
    "council",
    "local",
    "county",
    "city",
    "borough",
    "director",
    "head",
    "senior",
    "chief",
    "assistant",
    "deputy",
    "cabinet",
    "lead",
    "inspection",
    "her",
    "his",
    "this",
    "these",
    "that",
    "their",
    "its",
    "our",
    "disclosure",
    "information",
    "independent",
    "step",
    "interim",
    "acting",
    "greater",
    "west",
    "east",
    "north",
    "south",
    "joint",
    "customer",
    "army",
    "step-up",
    "frontline",
    "practice",
    "tenancy",
    "house",
    "future",
    "brokerage",
    "consultancy",
    "think",
}
#: words of generic unit names: a title-case name made only of these is not a proper name ("the Early Help Service")
_GENERIC_WORDS = {
    "children's",
    "childrens",
    "children",
    "child",
    "young",
    "people",
    "family",
    "families",
    "early",
    "help",
    "support",
    "adoption",
    "fostering",
    "foster",
    "leaving",
    "care",
    "leavers",
    "leaver",
    "looked",
    "after",
    "in",
    "need",
    "and",
    "for",
    "of",
    "the",
    "to",
    "on",
    "health",
    "mental",
    "safeguarding",
    "multi-agency",
    "social",
    "work",
    "youth",
    "offending",
    "justice",
    "virtual",
    "school",
    "education",
    "quality",
    "assurance",
    "assessment",
    "intervention",
    "protection",
    "disability",
    "disabilities",
    "disabled",
    "targeted",
    "specialist",
    "integrated",
    "edge",
    "placements",
    "placement",
    "permanence",
    "duty",
    "referral",
    "advice",
    "contact",
    "first",
    "response",
    "initial",
    "missing",
    "exploitation",
    "services",
    "corporate",
    "parenting",
    "partnership",
    "regional",
    "agency",
    "prevention",
    "staying",
    "put",
    "signs",
    "safety",
    "front",
    "door",
    "visiting",
    "nursing",
    "welfare",
    "community",
    "participation",
    "connected",
    "persons",
    "parent",
    "alternative",
    "adolescent",
    "adolescents",
    "adult",
    "adults",
}
#: national bodies and partner agencies, not the council's units
_NOT_LOCAL = re.compile(
    r"\b(?:court|cafcass|ofsted|police|nhs|barring|probation|prison|government|department|clinical|university|college)\b",
    re.IGNORECASE,
)
_TITLED_HEADS = {
    "team": "Team",
    "service": "Service",
    "hub": "Service",
    "project": "Service",
    "programme": "Service",
    "initiative": "Service",
    "scheme": "Service",
    "pilot": "Service",
}


_DESCRIPTIONS = {
    "troubled families",
    "early help",
    "edge of care",
    "family support",
    "intensive family support",
}


def _not_a_proper_name(name: str, head: str = "") -> bool:
    """Is a quoted or title-case phrase a description ("'Front door' services",
    "the 'Troubled families' service") or a national body, not a unit's name?"""
    words = [w.lower().replace("\u2019", "'") for w in name.split()]
    if words[-1] in ("children's", "childrens", "children") and head.lower().startswith("service"):
        return (
            True  # "the Interim Director of Children's Services", "Doncaster Children's Services"
        )
    return (
        words[0] in _TITLED_STOP
        or all(w in _GENERIC_WORDS for w in words)
        or " ".join(words) in _DESCRIPTIONS
        or bool(_NOT_LOCAL.search(name))
        or bool(_GROUP_WORDS.search(name))
    )


#: participation groups and governance bodies are other families' business
_GROUP_WORDS = re.compile(
    r"\b(?:voice|forum|council|ambassadors|group|board|committee|partnership)\b", re.I
)


def named_units(
    sentences: Sequence[Sentence], text: str | None = None
) -> list[tuple[Sentence, int, int, str, str, str]]:
    """Units known by a proper name: in quotes ("the 'family on track' team"),
    in capitals ("the STARLAC team") or in title case ("the Sunrise team",
    "the Mockingbird programme", "The Looked After Children Virtual Team"):
    ``(sentence, start, end, type, label, alias)``. A team keeps its head noun
    in the label; a programme, project or service is known by its bare name
    ("Mockingbird", alias "Mockingbird programme")."""
    first: dict[
        str, tuple[str, str]
    ] = {}  # one name, one unit: "'Options' team" = "'Options' service"

    def unit(name: str, head: str) -> tuple[str, str]:
        head = head.lower()
        default = (_TITLED_HEADS[head], f"{name} {head}" if head == "team" else name)
        return first.setdefault(name.lower(), default)

    def find(t: str):
        for m in _QUOTED_UNIT.finditer(t):
            name, head = m.group(1).strip(), m.group(2)
            if len(name.split()) > 6 or (
                not name[0].isupper() and (head != "team" or len(name.split()) < 2)
            ):
                continue  # "'good' service", "a 'virtual' team" are quotations, not names
            if _not_a_proper_name(name, head):
                continue
            yield (m.start(), m.end()) + unit(name, head) + (f"{name} {head}",)
        for m in _CAPS_TEAM.finditer(t):
            if m.group(1) not in _CAPS_NOT_TEAMS:
                yield m.start(), m.end(), "Team", f"{m.group(1)} team", ""
        for m in _TITLED_UNIT.finditer(t):
            name, head = clean(m.group(1)), m.group(2)
            if name.isupper() or _not_a_proper_name(name, head):
                continue
            yield (m.start(1), m.end()) + unit(name, head) + (f"{name} {head.lower()}",)

    return list(_by_sentence(sentences, text, find))


# --------------------------------------------------------------------------- "known as"

_KNOWN_AS = re.compile(
    r"\s*[,(]?\s*(?:which\s+is\s+|also\s+|locally\s+)?(?:known|referred\s+to|called|branded)\s+(?:locally\s+)?as\s+(?:the\s+)?[\u2018'\"\u201c]?("
    + _NAME
    + r")"
)


@lru_cache(maxsize=8)
def _known_as_names(text: str) -> frozenset[str]:
    """Every proper name introduced by "known as" in ``text``."""
    if "as" not in text:
        return frozenset()
    return frozenset(
        clean(m.group(1))
        for m in re.finditer(
            r"(?:known|referred\s+to|called|branded)\s+(?:locally\s+)?as\s+(?:the\s+)?[\u2018'\"\u201c]?("
            + _NAME
            + ")",
            text,
        )
    )


def known_as(
    mentions: Sequence[Mention], sentences: Sequence[Sentence], text: str | None, rule: str
) -> list[Mention]:
    """A unit's local name: "The MASH, known as Family Connect, provides ..." makes
    every use of "Family Connect" a mention of the MASH."""
    by_index = {s.index: s for s in sentences}
    names: dict[str, Mention] = {}
    for m in mentions:
        s = by_index.get(m.sentence)
        if s is None:
            continue
        hit = _KNOWN_AS.match(s.text, m.end - s.start)
        if hit:
            names.setdefault(clean(hit.group(1)), m)
    if not names:
        return []
    rx = re.compile(
        r"(?<![\w-])("
        + "|".join(term_regex(n, plural=False) for n in sorted(names, key=lambda n: (-len(n), n)))
        + r")(?![\w-])"
    )

    def uses(t: str):
        for m in rx.finditer(t):
            yield m.start(), m.end(), clean(m.group(1))

    out = []
    for s, start, end, name in _by_sentence(sentences, text, uses):
        unit = names.get(name) or next(iter(names.values()))
        out.append(make_mention(s, start, end, unit.type, unit.label, rule, (name,)))
    return out


# --------------------------------------------------------------------------- component

_UNIT_HEADS = {"team": "Team", "service": "Service", "unit": "Service"}
_UNIT_EXCLUDE = (
    r"family court advisory",
    r"director",
    r"children['\u2019]?s services$",
    r"^integrated children",
    r"disclosure and barring",
    r"leadership team",
    r"management team",
    r"safeguarding hub",
    r"front door",
    r"mental health service",
    r"^cafcass$",
    r"^(DCS|ICS|EDCS|CSC|LA|NHS|DBS)$",
    r"police|crime|investigation|prison|probation",
    r"^multi-agency team$",
)


@register("services")
class Services(Component):
    """Services and teams (Service, Team) and the relations inside them."""

    produces = ("Service", "Team", "leads", "subOrganizationOf")

    def __init__(self) -> None:
        rules = load_rules("services")
        self.entity_rules = EntityRules(rules)
        self.relation_rules = RelationRules(rules)

    def find_mentions(self, ctx: Context) -> list[Mention]:
        out = self.entity_rules.mentions(ctx.sentences, ctx.document.text)
        for s, start, end, unit in acronym_units(
            ctx.sentences, _UNIT_HEADS, _UNIT_EXCLUDE, ctx.document.text
        ):
            if unit.acronym in self.entity_rules.acronyms:
                continue
            type_ = unit.type
            if "safeguarding" in unit.label and (
                "multi-agency" in unit.label or "hub" in unit.label
            ):
                type_ = "MultiAgencySafeguardingHub"  # "Multi-Agency Safeguarding Service (MASS)"
            out.append(
                make_mention(
                    s, start, end, type_, unit.label, "services.acronym-unit", (unit.acronym,)
                )
            )
        local_names = _known_as_names(ctx.document.text) if ctx.document.text else frozenset()
        for s, start, end, name, description in named_programmes(ctx.sentences, ctx.document.text):
            if name in local_names:
                continue  # another unit's local name: known_as() names it
            aliases = {
                "regional adoption agency": ("regional adoption agency",),
                "troubled families": ("Troubled Families",),
            }.get(description, ())
            out.append(
                make_mention(s, start, end, "Service", name, "services.named-programme", aliases)
            )
        defined = {a for m in out for a in m.aliases}
        for s, start, end, type_, label, alias in named_units(ctx.sentences, ctx.document.text):
            if label.split()[0] in defined or self.entity_rules.matches(s.text[start:end]):
                continue  # an acronym the report defines, or a unit a rule names
            if any(label.startswith(n) for n in local_names):
                continue  # another unit's local name: known_as() names it
            out.append(make_mention(s, start, end, type_, label, "services.named-unit", (alias,)))
        return out + known_as(out, ctx.sentences, ctx.document.text, "services.known-as")

    def find_relations(self, ctx: Context, entities: Sequence[Entity]) -> list[Relation]:
        out = self.relation_rules.relations(ctx, entities)
        # a post named after its unit leads it: "headteacher of the virtual school", "CAF team manager"
        units = {
            e.key for e in entities if e.type in ("Service", "Team", "MultiAgencySafeguardingHub")
        }
        for e in entities:
            if e.type != "Post":
                continue
            unit = _led_unit(e.key, units)
            if unit:
                m = e.mentions[0]
                out.append(
                    Relation(
                        e.key, "leads", unit, m.sentence, "services.named-lead", m.start, m.end
                    )
                )
        return out


_LEAD_BEFORE = re.compile(
    r"^(?:head|headteacher|head teacher|manager|lead|leader|service manager|team manager)\s+of\s+(?:the\s+)?(.+)$"
)
_LEAD_AFTER = re.compile(
    r"^(.+?)\s+(?:head|headteacher|head teacher|manager|team manager|service manager|lead|leader)$"
)
_VIRTUAL_HEAD = re.compile(r"^virtual\s+(?:school\s+)?head(?:\s?teacher)?$")


def _led_unit(post_key: str, units: set[str]) -> str | None:
    """The unit a post's own name says it leads, if that unit is known."""
    if _VIRTUAL_HEAD.match(post_key):
        return "virtual school" if "virtual school" in units else None
    for rx in (_LEAD_BEFORE, _LEAD_AFTER):
        m = rx.match(post_key)
        if m and m.group(1) in units:
            return m.group(1)
    return None
