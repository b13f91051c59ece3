"""Proper names of local units, shared by the operational families:

- ``named_programmes``: "Families Together, Redbridge's troubled families
  service", "the regional adoption agency, Adoption Counts,";
- ``named_units``: "the 'family on track' team", "the STARLAC team", "the
  Mockingbird programme";
- ``known_as``: "The MASH, known as Family Connect, ..." makes every "Family
  Connect" a mention of the MASH (``known_as_names`` lists such names).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from kg.extractors._engine import FastGazetteer, blank_quotes, by_sentence, make_mention
from kg.model import Mention, Sentence
from kg.namespaces import normalise_label
from kg.text import clean, term_regex
from kg.text.scan import finditer

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
_NAMED_STOP = frozenset("the this a an and in of work however its their our".split())


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
        for start, end, _, value in _programme_cues().finditer(blank_quotes(t), t):
            yield start, end, value

    for s, start, end, description in by_sentence(sentences, text, cues):
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
        for m in finditer(rx, t):
            yield m.start(), m.end(), names.get(normalise_label(m.group(1)), clean(m.group(1))), ""

    seen = {(d[0].index, d[1]) for d in described}
    return described + [
        u for u in by_sentence(sentences, text, uses) if (u[0].index, u[1]) not in seen
    ]


# --------------------------------------------------------------------------- proper names of units

# The three unit patterns below start with the character they match first and check the
# character before it with a lookbehind placed after it ("[Tt](?<!\w[Tt])he" is "\b[Tt]he"):
# same matches, but re then skips to the candidate characters instead of trying every offset.
_QUOTED_UNIT = re.compile(
    r"[\u2018'\"\u201c](?<![\w\u2019'][\u2018'\"\u201c])([A-Za-z][^\u2019'\"\u201d\n]{2,40}?)[\u2019'\"\u201d]\s+(team|service|hub|programme|project|pilot|initiative|scheme)s?\b"
)
_CAPS_TEAM = re.compile(r"([A-Z](?<![\w(-][A-Z])[A-Z0-9]{2,7})\s+team\b")
_CAPS_NOT_TEAMS = frozenset(
    "MASH LSCB CAF CSE YOT IRO DCS HMI SCR LADO CCG NHS SEND SEN CDOP MARAC MAPPA EDT".split()
)
_TITLED_UNIT = re.compile(
    r"[Tt](?<!\w[Tt])he\s+([A-Z][\w'\u2019-]+(?:\s+(?:(?:for|and|of|the|in|on|to)\s+)?[A-Z][\w'\u2019-]+){0,4})"
    r"\s+([Tt]eam|[Ss]ervice|[Pp]roject|[Pp]rogramme|[Ii]nitiative|[Ss]cheme)s?\b"
)
#: first words that make a capitalised phrase something other than a local unit's proper name
_TITLED_STOP = frozenset(
    (
        "lscb ofsted department government national council local county city borough "
        "director head senior chief assistant deputy cabinet lead inspection her his this "
        "these that their its our disclosure information independent step interim acting "
        "greater west east north south joint customer army step-up frontline practice tenancy "
        "house future brokerage consultancy think"
    ).split()
)
#: words of generic unit names: a title-case name made only of these is not a proper name ("the Early Help Service")
_GENERIC_WORDS = frozenset(
    (
        "children's childrens children child young people family families early help support "
        "adoption fostering foster leaving care leavers leaver looked after in need and for "
        "of the to on health mental safeguarding multi-agency social work youth offending "
        "justice virtual school education quality assurance assessment intervention "
        "protection disability disabilities disabled targeted specialist integrated edge "
        "placements placement permanence duty referral advice contact first response initial "
        "missing exploitation services corporate parenting partnership regional agency "
        "prevention staying put signs safety front door visiting nursing welfare community "
        "participation connected persons parent alternative adolescent adolescents adult "
        "adults"
    ).split()
)
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
        for m in finditer(_QUOTED_UNIT, t):
            name, head = m.group(1).strip(), m.group(2)
            if len(name.split()) > 6 or (
                not name[0].isupper() and (head != "team" or len(name.split()) < 2)
            ):
                continue  # "'good' service", "a 'virtual' team" are quotations, not names
            if _not_a_proper_name(name, head):
                continue
            yield (m.start(), m.end()) + unit(name, head) + (f"{name} {head}",)
        for m in finditer(_CAPS_TEAM, t):
            if m.group(1) not in _CAPS_NOT_TEAMS:
                yield m.start(), m.end(), "Team", f"{m.group(1)} team", ""
        for m in _TITLED_UNIT.finditer(t):
            name, head = clean(m.group(1)), m.group(2)
            if name.isupper() or _not_a_proper_name(name, head):
                continue
            yield (m.start(1), m.end()) + unit(name, head) + (f"{name} {head.lower()}",)

    return list(by_sentence(sentences, text, find))


# --------------------------------------------------------------------------- "known as"

_KNOWN_AS = re.compile(
    r"\s*[,(]?\s*(?:which\s+is\s+|also\s+|locally\s+)?(?:known|referred\s+to|called|branded)\s+(?:locally\s+)?as\s+(?:the\s+)?[\u2018'\"\u201c]?("
    + _NAME
    + r")"
)


_KNOWN_AS_NAME = re.compile(
    r"(?:known|referred\s+to|called|branded)\s+(?:locally\s+)?as\s+(?:the\s+)?[\u2018'\"\u201c]?("
    + _NAME
    + ")"
)


@lru_cache(maxsize=8)
def known_as_names(text: str) -> frozenset[str]:
    """Every proper name introduced by "known as" in ``text``."""
    if "as" not in text:
        return frozenset()
    return frozenset(clean(m.group(1)) for m in finditer(_KNOWN_AS_NAME, text))


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
        for m in finditer(rx, t):
            yield m.start(), m.end(), clean(m.group(1))

    out = []
    for s, start, end, name in by_sentence(sentences, text, uses):
        unit = names.get(name) or next(iter(names.values()))
        out.append(make_mention(s, start, end, unit.type, unit.label, rule, (name,)))
    return out
