"""kg.load: text and PDF input, and one-line errors for bad input."""

from __future__ import annotations

import pytest
from conftest import CORPUS, SEED_PDF, SEED_TEXT, needs_shared

from kg.errors import InputError, SkipReport
from kg.load import load


@needs_shared()
def test_load_reads_seed_text_as_text_document():
    doc = load(SEED_TEXT)
    assert doc.kind == "text"
    assert doc.name == "redbridge-2016.txt"
    assert doc.raw_text.startswith("London Borough of Redbridge Council")
    assert len(doc.sha256) == 64


@needs_shared()
def test_load_reads_seed_pdf_pages_with_page_breaks():
    doc = load(SEED_PDF)
    assert doc.kind == "pdf"
    assert doc.pages == 44
    assert doc.raw_text.count("\f") == 43
    assert "Report published: 25/11/2016" in doc.raw_text


@needs_shared()
def test_load_keeps_positioned_boxes_of_first_pages():
    doc = load(SEED_PDF)
    assert doc.boxes and {b.page for b in doc.boxes} == {1, 2}
    texts = [b.text for b in doc.boxes if b.page == 1]
    assert "Requires improvement" in texts
    assert "London Borough of Redbridge Council" in texts
    good = [b for b in doc.boxes if b.text == "Good"]
    assert all(b.x0 > 300 for b in good)


@needs_shared()
def test_load_hash_is_sha256_of_file_bytes():
    import hashlib

    assert load(SEED_PDF).sha256 == hashlib.sha256(SEED_PDF.read_bytes()).hexdigest()


def test_load_missing_file_raises_input_error_naming_it(tmp_path):
    path = tmp_path / "nope.txt"
    with pytest.raises(InputError, match="nope.txt: file not found"):
        load(path)


def test_load_empty_file_raises_input_error(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_text("")
    with pytest.raises(InputError, match="empty"):
        load(path)


def test_load_empty_pdf_raises_input_error(tmp_path):
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    with pytest.raises(InputError, match="empty.pdf: file is empty"):
        load(path)


def test_load_binary_junk_raises_input_error(tmp_path):
    path = tmp_path / "junk.txt"
    path.write_bytes(bytes(range(256)) * 40)
    with pytest.raises(InputError, match="junk.txt"):
        load(path)


def test_load_undecodable_text_raises_input_error(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Children\u2019s services are good. caf\u00e9".encode("cp1252"))
    with pytest.raises(InputError, match="not valid UTF-8"):
        load(path)


def test_load_error_message_is_one_line(tmp_path):
    path = tmp_path / "junk.pdf"
    path.write_bytes(b"\x00\x01 not a pdf at all")
    with pytest.raises(InputError) as err:
        load(path)
    assert "\n" not in str(err.value)
    assert "junk.pdf" in str(err.value)


@needs_shared()
def test_load_truncated_pdf_raises_input_error(tmp_path):
    data = SEED_PDF.read_bytes()
    path = tmp_path / "truncated.pdf"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(InputError, match="truncated.pdf: PDF is truncated"):
        load(path)


@needs_shared()
def test_load_pdf_cut_inside_its_body_is_an_input_error_even_with_eof_marker(tmp_path):
    data = SEED_PDF.read_bytes()
    path = tmp_path / "damaged.pdf"
    path.write_bytes(data[:2000] + b"\n%%EOF\n")
    with pytest.raises(InputError, match="damaged.pdf"):
        load(path)


ENCRYPTED_PDF = b"""%PDF-1.4
1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj
3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >> endobj
4 0 obj << /Filter /Standard /V 1 /R 2 /O (0123456789abcdef0123456789abcdef)
/U (0123456789abcdef0123456789abcdef) /P -44 >> endobj
trailer << /Size 5 /Root 1 0 R /Encrypt 4 0 R /ID [<0123456789abcdef> <0123456789abcdef>] >>
%%EOF
"""


def test_load_encrypted_pdf_raises_input_error(tmp_path):
    path = tmp_path / "locked.pdf"
    path.write_bytes(ENCRYPTED_PDF)
    with pytest.raises(InputError, match="locked.pdf: PDF is encrypted"):
        load(path)


def test_load_saved_web_page_named_pdf_is_a_typed_skip(tmp_path):
    path = tmp_path / "page.pdf"
    path.write_text("<!DOCTYPE html>\n<html><head><title>Ofsted</title></head></html>")
    with pytest.raises(SkipReport) as err:
        load(path)
    assert err.value.reason == "not-a-pdf"


def test_load_directory_raises_input_error(tmp_path):
    with pytest.raises(InputError, match="directory"):
        load(tmp_path)


def test_load_text_file_normalises_line_endings(tmp_path):
    path = tmp_path / "r.txt"
    path.write_bytes(b"Line one\r\nLine two\r\n")
    assert load(path).raw_text == "Line one\nLine two\n"


@needs_shared()
def test_load_corpus_web_page_saved_as_pdf_is_a_typed_skip():
    with pytest.raises(SkipReport) as err:
        load(CORPUS / "80429_birmingham_2012-10-19.pdf")
    assert err.value.reason == "not-a-pdf"
    assert "80429_birmingham_2012-10-19.pdf" in str(err.value)
