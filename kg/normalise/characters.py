"""Characters: typographic quotes and dashes to ASCII, bullet glyphs to one bullet,
ligatures, non-breaking and zero-width spaces."""

from __future__ import annotations

import functools
import re

from kg.normalise.rules import BULLET, SOFT_HYPHEN, rules

_CHAR_MAP = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\u00b4": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u2033": '"',
    "\u2013": "-",
    "\u2014": "-",
    "\u2012": "-",
    "\u2015": "-",
    "\u2212": "-",
    "\u2010": "-",
    "\u2011": "-",
    "\u00ad": SOFT_HYPHEN,
    "\u00a0": " ",
    "\u2002": " ",
    "\u2003": " ",
    "\u2009": " ",
    "\u202f": " ",
    "\t": " ",
    "\u200b": "",
    "\u200c": "",
    "\u200d": "",
    "\ufeff": "",
    "\x00": "",
    "\r": "",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb00": "ff",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\u2026": "...",
}


@functools.lru_cache(maxsize=1)
def _char_table() -> dict:
    table = {ord(k): v for k, v in _CHAR_MAP.items()}
    for b in rules()["bullets"]:
        table[ord(b)] = BULLET
    return table


_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")


def characters(text: str) -> str:
    present = _present(text)
    for code, repl in _char_table().items():
        ch = chr(code)
        if ch in present:
            text = text.replace(ch, repl)
    if any("\ue000" <= ch <= "\uf8ff" for ch in present):
        # other private-use glyphs (symbol fonts) are bullets or decoration
        text = _PRIVATE_USE.sub(BULLET, text)
    return text


def _present(text: str) -> set[str]:
    """The characters of ``text`` that :func:`characters` looks at: its non-ASCII characters
    and the ASCII keys of the table. ``set(text)`` makes a string of every character; the
    non-ASCII ones (a few hundred in a report) are found as the "?" of an ASCII encoding
    (one byte per character)."""
    if text.isascii():
        return {ch for ch in _ascii_keys() if ch in text}
    coded = text.encode("ascii", "replace")
    if coded.count(b"?") > _MANY:
        return set(text)
    present = {ch for ch in _ascii_keys() if ch in text}
    i = coded.find(b"?")
    while i >= 0:
        present.add(text[i])
        i = coded.find(b"?", i + 1)
    return present


_MANY = 2000  # non-ASCII characters beyond which set(text) is the faster way


@functools.lru_cache(maxsize=1)
def _ascii_keys() -> tuple[str, ...]:
    return tuple(chr(code) for code in _char_table() if code < 128)
