"""The word lists of kg/rules/normalise.yaml and the marks normalisation uses."""

from __future__ import annotations

import functools

import yaml

from kg.resources import RULES_DIR

BULLET = "\u2022"
SOFT_HYPHEN = "\ufffe"  # pdfium's mark for a hyphen inserted at a line break


@functools.lru_cache(maxsize=1)
def rules() -> dict:
    """The lists of kg/rules/normalise.yaml (loaded once)."""
    with open(RULES_DIR / "normalise.yaml", encoding="utf-8") as fh:
        lists = yaml.safe_load(fh)
    lists["compound_prefixes"] = sorted(set(lists["compound_prefixes"]), key=lambda p: (-len(p), p))
    lists["safe_prefixes"] = frozenset(lists["safe_prefixes"])
    lists["not_compounds"] = frozenset(lists["not_compounds"])
    lists["not_after_possessive"] = frozenset(lists["not_after_possessive"])
    lists["standalone_lines"] = frozenset(lists["standalone_lines"])
    return lists
