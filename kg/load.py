"""Load a report file (plain text or PDF) into a :class:`kg.model.Document`.

Text files must be UTF-8. PDFs are read with pypdfium2: the text of every page
(pages joined by ``"\\n\\f\\n"``) and, for the first pages, positioned text boxes
so that the judgement table can be read by position. Bad input raises
:class:`kg.errors.InputError` (one line naming the file); a file named ``.pdf``
that is a saved web page raises :class:`kg.errors.SkipReport` (reason
``not-a-pdf``).

Example: ``python -c "from kg.load import load; print(load('report.pdf').pages)"``
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from kg.errors import InputError, SkipReport
from kg.model import Document, TextBox

PAGE_BREAK = "\n\f\n"
MERGE_GAP = 6.0  # points between rectangles merged into one box
BOX_PAGES = 2  # positioned text is kept for this many leading pages
TEXT_SUFFIXES = {".txt", ".text", ".md"}


def load(path: str | os.PathLike) -> Document:
    """Read ``path`` (``.txt`` or ``.pdf``) and return a Document with ``raw_text`` filled.

    Example: ``load("../shared/reports/redbridge-2016.txt").kind == "text"``
    """
    shown = str(path)
    p = Path(path)
    if not p.exists():
        raise InputError("file not found", shown)
    if p.is_dir():
        raise InputError("is a directory, not a report file", shown)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read file ({exc.strerror or exc})", shown) from None
    if not data.strip():
        raise InputError("file is empty", shown)
    digest = hashlib.sha256(data).hexdigest()
    suffix = p.suffix.lower()
    if suffix == ".pdf" or (suffix not in TEXT_SUFFIXES and data[:5] == b"%PDF-"):
        return _load_pdf(data, shown, p.name, digest)
    return _load_text(data, shown, p.name, digest)


# --------------------------------------------------------------------- text


def _load_text(data: bytes, shown: str, name: str, digest: str) -> Document:
    if data[:5] == b"%PDF-":
        raise InputError("is a PDF file but is named as text; rename it to .pdf", shown)
    if b"\x00" in data[:65536]:
        raise InputError("is binary, not UTF-8 text", shown)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"is not valid UTF-8 text (bad byte at offset {exc.start})", shown
        ) from None
    controls = sum(1 for ch in text[:65536] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > max(8, len(text[:65536]) // 200):
        raise InputError("is binary, not text", shown)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return Document(
        path=shown,
        name=name,
        kind="text",
        raw_text=text,
        pages=max(1, text.count("\f") + 1),
        sha256=digest,
    )


# ---------------------------------------------------------------------- pdf


def _looks_like_html(data: bytes) -> bool:
    head = data[:2048].lstrip().lower()
    return (
        head.startswith((b"<!doctype html", b"<html", b"<?xml", b"<head", b"<!--"))
        or b"<html" in head
    )


def _load_pdf(data: bytes, shown: str, name: str, digest: str) -> Document:
    if not data.lstrip()[:5] == b"%PDF-":
        if _looks_like_html(data):
            raise SkipReport("not a PDF: a saved web page (HTML)", shown, reason="not-a-pdf")
        raise InputError("is not a PDF file (no %PDF header)", shown)
    if b"%%EOF" not in data[-2048:]:
        raise InputError("PDF is truncated (no %%EOF trailer)", shown)
    import pypdfium2 as pdfium  # imported here: text-only runs do not need it

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        msg = str(exc)
        if "password" in msg.lower() or "security" in msg.lower():
            raise InputError(
                "PDF is encrypted (password protected); cannot read it", shown
            ) from None
        raise InputError(f"PDF cannot be read ({msg.strip().rstrip('.')})", shown) from None
    try:
        n = len(pdf)
        if n == 0:
            raise InputError("PDF has no pages", shown)
        texts: list[str] = []
        boxes: list[TextBox] = []
        for i in range(n):
            page = pdf[i]
            try:
                tp = page.get_textpage()
                try:
                    texts.append(_clean_page_text(tp.get_text_range()))
                    if i < BOX_PAGES:
                        boxes.extend(_page_boxes(tp, i + 1))
                finally:
                    tp.close()
            finally:
                page.close()
    except pdfium.PdfiumError as exc:
        raise InputError(f"PDF cannot be read ({str(exc).strip().rstrip('.')})", shown) from None
    finally:
        pdf.close()
    raw = PAGE_BREAK.join(texts)
    if not raw.strip():
        raise InputError("PDF has no extractable text (scanned image?)", shown)
    return Document(
        path=shown, name=name, kind="pdf", raw_text=raw, pages=n, boxes=tuple(boxes), sha256=digest
    )


def _clean_page_text(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    return text.replace("\x00", "")


_BOUNDED_BUFFER = 4096  # characters: far more than one rectangle of text holds


def _bounded_text(textpage, left: float, bottom: float, right: float, top: float) -> str:
    """``textpage.get_text_bounded(...)`` in one pdfium call instead of two (the first
    only measures the length, and each call scans the whole page): the text goes
    into a buffer big enough for any rectangle; a longer one takes the usual path."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    buffer = (ctypes.c_ushort * _BOUNDED_BUFFER)()
    n = pdfium_c.FPDFText_GetBoundedText(
        textpage, left, top, right, bottom, buffer, _BOUNDED_BUFFER
    )
    if n <= 0:
        return ""
    if n >= _BOUNDED_BUFFER:  # maybe cut short
        return textpage.get_text_bounded(left, bottom, right, top)
    text = bytes(buffer)[: 2 * n].decode("utf-16-le", errors="ignore")
    return text[:-1] if text.endswith("\x00") else text  # pdfium counts the terminator


def _page_boxes(textpage, page_no: int) -> list[TextBox]:
    """Positioned runs of text: pdfium's rectangles, with neighbours on one line merged.

    pdfium starts a new rectangle at every font change (drop capitals, superscripts),
    so rectangles that follow each other on the same line with a gap of less than
    ``MERGE_GAP`` points are joined into one box.
    """
    rects: list[list] = []
    for j in range(textpage.count_rects()):
        left, bottom, right, top = textpage.get_rect(j)
        text = _bounded_text(textpage, left, bottom, right, top)
        text = text.replace("\ufffe", "-").replace("\r", " ").replace("\n", " ")
        if not text.strip():
            continue
        if rects:
            prev = rects[-1]
            overlap = min(prev[3], top) - max(prev[1], bottom)
            gap = left - prev[2]
            if -1.0 <= gap < MERGE_GAP and overlap > 0.5 * min(prev[3] - prev[1], top - bottom):
                prev[4] = prev[4] + text
                prev[0], prev[1] = min(prev[0], left), min(prev[1], bottom)
                prev[2], prev[3] = max(prev[2], right), max(prev[3], top)
                continue
        rects.append([left, bottom, right, top, text])
    return [
        TextBox(
            page=page_no,
            x0=round(r[0], 2),
            y0=round(r[1], 2),
            x1=round(r[2], 2),
            y1=round(r[3], 2),
            text=" ".join(r[4].split()),
        )
        for r in rects
    ]
