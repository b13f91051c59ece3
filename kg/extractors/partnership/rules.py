"""The partnership family's rules (kg/rules/partnership.yaml), compiled once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg.components import load_rules
from kg.text import term_regex

FAMILY = "partnership"
PARTNERSHIP = "SafeguardingPartnership"
GENERIC_LABEL = "safeguarding partnership"
#: generic names a named partnership also answers to
GENERIC_ALIASES = ("safeguarding partnership", "safeguarding children partnership")
COUNCIL_KEY = "council"  # kg.assemble.COUNCIL_KEY: the report's own council

#: words of council names too common to show that a name is a place
_NOT_PLACE = frozenset(
    "and of the upon on city county council borough london royal north south east west mid "
    "central greater new st saint isle isles le with".split()
)


@dataclass(frozen=True)
class PartnerRule:
    id: str
    label: str  # class local name, or LocalAuthority for the council
    canonical: str
    key: str  # "council" for the council, else ""
    named: re.Pattern | None  # a proper name ("Cleveland Police"): label as given
    terms: re.Pattern  # generic names


@dataclass(frozen=True)
class Rules:
    by_id: dict
    named_head: re.Pattern
    named_stop: frozenset
    named_exclude: re.Pattern
    mention_rules: tuple  # (rule, compiled pattern) for generic/arrangements
    anaphor: re.Pattern
    era_board: re.Pattern
    chair_before: re.Pattern
    scrutineer: re.Pattern
    scrutineer_chairs: re.Pattern
    partners: tuple  # PartnerRule
    partners_cue: re.Pattern
    list_cue: re.Pattern
    is_partner_gap: re.Pattern


@lru_cache(maxsize=1)
def places() -> frozenset[str]:
    """Lower-case words of council names: a capitalised word among them marks a proper name."""
    from kg import councils

    words: set[str] = set()
    for c in councils.councils().values():
        for name in (c.name, *c.also_known_as):
            for w in re.split(r"[\s,\-]+", name.lower()):
                if w and w not in _NOT_PLACE and len(w) > 2:
                    words.add(w.replace("\u2019", "'"))
    return frozenset(words)


@lru_cache(maxsize=1)
def compiled() -> Rules:
    rules = load_rules(FAMILY)
    by_id = {r["id"]: r for r in rules}
    named = by_id["partnership.named"]
    mention_rules = []
    for rid in ("partnership.generic", "partnership.arrangements"):
        r = by_id[rid]
        mention_rules.append((r, re.compile(r["pattern"], 0 if r.get("case") else re.I)))
    partners = []
    for r in rules:
        if r.get("terms") and r["id"].startswith("partnership.partner-"):
            plain, regexes = [], []
            for t in r["terms"]:
                if t.startswith("re:"):
                    regexes.append("(?-i:" + t[3:] + ")")
                else:
                    plain.append(term_regex(t, plural=False))
            alts = sorted(regexes) + sorted(plain, key=lambda s: (-len(s), s))
            partners.append(
                PartnerRule(
                    id=r["id"],
                    label=r["label"],
                    canonical=r.get("canonical", ""),
                    key=r.get("key", ""),
                    named=re.compile(r["named"]) if r.get("named") else None,
                    terms=re.compile(r"(?<![\w-])(?:" + "|".join(alts) + r")(?![\w-])", re.I),
                )
            )
    scrut = by_id["partnership.scrutineer"]
    return Rules(
        by_id=by_id,
        named_head=re.compile(named["head"], re.I),
        named_stop=frozenset(w.lower().replace("\u2019", "'") for w in named.get("stop", ())),
        named_exclude=re.compile(named["exclude"], re.I),
        mention_rules=tuple(mention_rules),
        anaphor=re.compile(by_id["partnership.anaphor"]["pattern"], re.I),
        era_board=re.compile(by_id["partnership.lscb-era"]["board"], re.I),
        chair_before=re.compile(by_id["partnership.chair"]["pattern"], re.I),
        scrutineer=re.compile(scrut["pattern"], re.I),
        scrutineer_chairs=re.compile(scrut["chairs_cue"], re.I),
        partners=tuple(partners),
        partners_cue=re.compile(by_id["partnership.partners-list"]["cue"], re.I),
        list_cue=re.compile(by_id["partnership.list-in-sentence"]["cue"], re.I),
        is_partner_gap=re.compile(by_id["partnership.is-partner"]["cue"], re.I),
    )
