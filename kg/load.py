"""Load a report file (plain text or PDF) into a :class:`kg.model.Document`.

Text files must be UTF-8. PDFs are read with pypdfium2: the text of every page
(pages joined by ``"\\n\\f\\n"``) and, for the first pages, positioned text boxes
so that the judgement table can be read by position (kg.textboxes). Bad input raises
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
from kg.textboxes import page_boxes

PAGE_BREAK = "\n\f\n"
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
                    text = tp.get_text_range()
                    texts.append(_clean_page_text(text))
                    if i < BOX_PAGES:
                        boxes.extend(page_boxes(tp, i + 1, text))
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
