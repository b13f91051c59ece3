"""Repair text-extraction artefacts and fill ``Document.text``.

The normalised text is the coordinate system of every later stage: offsets in
sections, sentences, judgements and provenance refer to it. Normalisation is a
pure function of ``Document.raw_text`` (deterministic).

Repairs, in order:

1. characters: typographic quotes and dashes to ASCII, bullet glyphs to "•",
   ligatures, non-breaking and zero-width spaces;
2. pages (PDF): page numbers, headers and footers repeated across pages,
   footnote texts at the bottom of a page;
3. line-break hyphens: a soft hyphen between the halves of a word is kept only
   for compounds ("well-embedded"), dropped otherwise ("recom-mendation");
4. wrapped lines of one paragraph are joined with a space; headings, list
   items and paragraphs stay on lines of their own;
5. words: joined compounds ("multiagency" -> "multi-agency", validated against
   the document's own words), dropped apostrophes from a closed list
   ("childrens" -> "children's"), lost dashes ("201516" -> "2015-16"),
   footnote markers ("Board1" -> "Board").

The word lists live in ``kg/rules/normalise.yaml``. Modules: ``characters`` (1),
``layout`` (2 and footnote markers), ``hyphens`` (3 and compounds), ``lines`` (4),
``words`` (5); ``asciifold`` finds ASCII words fast where a case-insensitive regex
would be tried at every offset (also used by kg.segment and kg.facts).

Example: ``python -c "from kg.load import load; from kg.normalise import normalise;
print(normalise(load('report.txt')).text[:200])"``
"""

from __future__ import annotations

import re
from dataclasses import replace

from kg.model import Document
from kg.normalise.characters import characters
from kg.normalise.hyphens import soft_hyphens
from kg.normalise.layout import strip_page_furniture, strip_unpaged_furniture
from kg.normalise.lines import LOST_DASH, join_wrapped, tidy_line
from kg.normalise.rules import BULLET, SOFT_HYPHEN
from kg.normalise.words import repair_words

__all__ = ["BULLET", "SOFT_HYPHEN", "normalise", "normalise_text"]


# "\n{3,}", written to start with a literal so that the regex engine searches for it fast
# (a pattern that starts with a repeat is tried at every offset)
_BLANK_LINES = re.compile(r"\n\n\n+")


def normalise(doc: Document) -> Document:
    """Return ``doc`` with ``text`` set to the repaired, normalised text.

    Example: ``normalise(load("redbridge-2016.txt")).text.startswith("London Borough")``
    """
    return replace(doc, text=normalise_text(doc.raw_text, pdf=doc.kind == "pdf"))


def normalise_text(raw: str, pdf: bool = False) -> str:
    """The normalisation of one raw text (see the module docstring)."""
    text = characters(raw)
    pages = text.split("\f")
    if len(pages) > 1:
        pages = strip_page_furniture(pages)
    else:
        pages = [strip_unpaged_furniture(text)]
    text = "\n\n".join(p.strip("\n") for p in pages)
    text = soft_hyphens(text)
    if not pdf:
        # plain-text exports lose dashes as a double space ("findings  the Board")
        text = LOST_DASH.sub(" - ", text)
    lines = [tidy_line(ln) for ln in text.split("\n")]
    text = join_wrapped(lines)
    text = repair_words(text)
    text = _BLANK_LINES.sub("\n\n", text).strip() + "\n"
    return text
