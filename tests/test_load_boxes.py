"""kg.textboxes (positioned text of PDF pages): the texts read off the page text must give the same
boxes as asking pdfium for the bounded text of every rectangle."""

from __future__ import annotations

import random

import pypdfium2 as pdfium
import pytest
from conftest import CORPUS, SEED_PDF, needs_shared

from kg.textboxes import (
    _merged_boxes,
    _overlapping,
    _pdfium_box_text,
    _rectangle_texts,
    _rectangles,
    page_boxes,
)


def _boxes_from_pdfium(textpage, page_no):
    rects = _rectangles(textpage)
    return _merged_boxes(page_no, rects, [_pdfium_box_text(textpage, r) for r in rects])


def _pdf(content: bytes) -> bytes:
    """A one-page PDF drawing ``content`` with Helvetica (/F1) and Helvetica-Bold (/F2)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


# One text object per Tj: separate objects on one line, spaces too flat for a
# rectangle (9 pt), a line starting with spaces, a run of nothing but spaces,
# overlapping rectangles (kerned apostrophe), a word split across two objects, and a
# hyphen pdfium marks at a line end.
TRICKY_PAGE = b"""
BT /F1 9 Tf 72 700 Td (Inspection of ) Tj ET BT /F1 9 Tf 125 700 Td (Dorset ) Tj ET
BT /F1 9 Tf 160 700 Td (local) Tj ET
BT /F1 9 Tf 72 688 Td (   leading spaces) Tj ET
BT /F2 12 Tf 72 670 Td (Bold) Tj ET BT /F1 12 Tf 100 670 Td (   ) Tj ET
BT /F1 12 Tf 117 670 Td (text) Tj ET
BT /F1 12 Tf 72 630 Td (Good) Tj ET BT /F1 12 Tf 300 630 Td (Requires improvement) Tj ET
BT /F1 12 Tf 72 610 Td (well-) Tj ET BT /F1 12 Tf 72 596 Td (being) Tj ET
BT /F1 12 Tf 72 570 Td (children) Tj ET BT /F1 12 Tf 112.5 570 Td (\\222s plans) Tj ET
BT /F1 12 Tf 72 530 Td (Insp) Tj ET BT /F1 12 Tf 95.34 530 Td (ection) Tj ET
"""


def test_tricky_page_boxes_match_pdfium_bounded_texts():
    pdf = pdfium.PdfDocument(_pdf(TRICKY_PAGE))
    textpage = pdf[0].get_textpage()
    text = textpage.get_text_range()
    rects = _rectangles(textpage)
    assert _rectangle_texts(textpage, text, rects) is not None  # the shortcut is taken
    assert _overlapping(rects)  # and has overlapping rectangles to hand to pdfium
    boxes = page_boxes(textpage, 1, text)
    assert boxes == _boxes_from_pdfium(textpage, 1)
    texts = [b.text for b in boxes]
    assert "Inspection of Dorset" in texts
    assert "Bold" in texts and "text" in texts
    assert "Inspection" in texts


@pytest.mark.parametrize("content", [b"(a\\tb c)", b"(a\\rb c)"])
def test_page_outside_the_shortcut_asks_pdfium_for_every_rectangle(content):
    pdf = pdfium.PdfDocument(_pdf(b"BT /F1 9 Tf 72 700 Td " + content + b" Tj ET"))
    textpage = pdf[0].get_textpage()
    text = textpage.get_text_range()
    assert _rectangle_texts(textpage, text, _rectangles(textpage)) is None
    assert page_boxes(textpage, 1) == _boxes_from_pdfium(textpage, 1)


def test_page_without_text_has_no_boxes():
    pdf = pdfium.PdfDocument(_pdf(b""))
    assert page_boxes(pdf[0].get_textpage(), 1) == []


def test_overlapping_agrees_with_checking_every_pair():
    rng = random.Random(7)
    rects = []
    for _ in range(300):
        left, bottom = rng.uniform(0, 500), rng.uniform(0, 700)
        rects.append((left, bottom, left + rng.uniform(0.01, 60), bottom + rng.uniform(0.01, 12)))
    rects += [(10.0, 10.0, 20.0, 20.0), (20.0, 10.0, 30.0, 20.0)]  # touching: no overlap

    def overlap(a, b):
        return max(a[0], b[0]) < min(a[2], b[2]) and max(a[1], b[1]) < min(a[3], b[3])

    expected = {
        i for i, a in enumerate(rects) for j, b in enumerate(rects) if i != j and overlap(a, b)
    }
    assert _overlapping(rects) == expected


@needs_shared()
@pytest.mark.parametrize(
    "name",
    [
        SEED_PDF.name,
        "2532283_dorset_2021-11-19.pdf",
        "80537_peterborough_2018-08-06.pdf",
        "80578_west-sussex_2023-05-11.pdf",
        "80426_barnsley_2014-08-08.pdf",
    ],
)
def test_corpus_boxes_match_pdfium_bounded_texts(name):
    pdf = pdfium.PdfDocument(str(CORPUS / name))
    for i in range(2):
        textpage = pdf[i].get_textpage()
        assert page_boxes(textpage, i + 1) == _boxes_from_pdfium(textpage, i + 1)
