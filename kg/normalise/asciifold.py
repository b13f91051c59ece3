"""Exact, fast stand-ins for case-insensitive regex scans over ASCII words.

Python's ``re`` gives a pattern compiled with ``re.I`` that starts with a letter no
prefix search: it is tried at every offset of the text, which is slow on a whole
report. Under ``re.I`` an ASCII letter matches only itself in either case and four
non-ASCII characters (``IGNORECASE_EXTRAS``: "İ" and "ı" match "i", "ſ" matches "s",
the KELVIN SIGN matches "k"). So in a text without those four, a case-insensitive match
of ASCII letters is, character for character, the same letters in the text's
ASCII-lower-cased bytes (``lower_ascii``), where ``bytes.find`` searches fast; callers
use that to find where a pattern can match, and keep the pattern for texts with them.

Example: ``lower_ascii("Board’s LSCB") == b"board?s lscb"``
"""

from __future__ import annotations

IGNORECASE_EXTRAS = ("\u0130", "\u0131", "\u017f", "\u212a")


def has_ignorecase_extras(text: str) -> bool:
    """Does ``text`` have a non-ASCII character that re.I matches to an ASCII letter?"""
    return not text.isascii() and any(ch in text for ch in IGNORECASE_EXTRAS)


def lower_ascii(text: str) -> bytes | None:
    """``text`` as bytes, one per character ("?" for a non-ASCII one, so offsets are the
    text's), with ASCII letters lower-cased; None when the text has one of
    ``IGNORECASE_EXTRAS``."""
    if has_ignorecase_extras(text):
        return None
    return text.encode("ascii", "replace").lower()
