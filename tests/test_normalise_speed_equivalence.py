"""The fast ways of kg.normalise, kg.segment and kg.facts give exactly what the plain
ones gave.

Each rewritten function is compared with its previous version, kept here (``_old_*``),
and each rewritten pattern with the pattern it replaced, on real reports and on texts
made to be awkward: random soups of letters, digits, punctuation and line breaks,
shuffled report words, and the characters that break shortcuts: those re.I matches to
ASCII letters ("\u017f", "\u0131", "\u0130", the Kelvin sign), non-ASCII digits ("\u0661",
"\uff11"), non-ASCII letters, private-use glyphs and soft hyphens.
"""

from __future__ import annotations

import importlib
import random
import re
from collections import Counter

import pytest
from conftest import CORPUS, EXAMPLE_TEXT, needs_shared

from kg.model import Document, Judgement, Section, Sentence, TextBox
from kg.normalise import asciifold, normalise_text
from kg.normalise.rules import BULLET, SOFT_HYPHEN, rules

# by module path: kg.normalise and kg.facts export functions of the same names
C = importlib.import_module("kg.normalise.characters")
H = importlib.import_module("kg.normalise.hyphens")
L = importlib.import_module("kg.normalise.layout")
LN = importlib.import_module("kg.normalise.lines")
W = importlib.import_module("kg.normalise.words")
S = importlib.import_module("kg.segment")
A = importlib.import_module("kg.facts.appended")
CO = importlib.import_module("kg.facts.council")
D = importlib.import_module("kg.facts.dates")
J = importlib.import_module("kg.facts.judgements")

# ------------------------------------------------------------------- texts

EXTRAS = "\u017f\u0131\u0130\u212a"  # characters re.I matches to ASCII letters
ODD = "\u0661\uff11\u00e9\u00df\u2022\u00a3\ue001\u2019\u00ad" + SOFT_HYPHEN


def _soup(rng: random.Random, n: int, alphabet: str) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


def _texts() -> list[str]:
    """Report text, shuffled report words, random soups, and the awkward characters."""
    rng = random.Random(11)
    report = EXAMPLE_TEXT.read_text(encoding="utf-8")
    words = report[:30000].split(" ")
    out = [report, report[:3000], ""]
    for _ in range(3):
        rng.shuffle(words)
        out.append(" ".join(words[:3000]))
    plain = "abcdeiksxyzABKS019 .,;:')(\"\n-%?!"
    for _ in range(30):
        out.append(_soup(rng, 400, plain))
        out.append(_soup(rng, 400, plain + EXTRAS + ODD))
        out.append(_soup(rng, 200, "a1b2c.,\n ;:)0'"))
    words = (
        "childrens Childrens CHILDRENS peoples councils Boards boards lscbs dont multiagency "
        "multi-agency wellembedded embedded well-led crossborder Redbridge Redbridges redbridge "
        "Board1 board2 schools,3 (LSCB)4 201516 2015-16 cooperation nonsense agency the are "
        "services Children's \u017fchools c\u0131ty \u212aent \u0130slington re-referral "
        "rereferral \u0661 \uff11 caf\u00e9s 1 2 3 12 01 1,\n3 of whom,\n2 and"
    ).split(" ")
    for _ in range(30):
        out.append(" ".join(rng.choice(words) for _ in range(120)))
        out.append("\n".join(" ".join(rng.choice(words) for _ in range(8)) for _ in range(12)))
    for ch in EXTRAS + ODD:
        out.append(report[:4000].replace("s", ch, 5).replace("1", ch, 3))
    # more non-ASCII characters than the shortcuts look at one by one
    out.append(report[:20000].replace("e", "\u00e9").replace("2", "\u0662", 3))
    out.append(report[:20000].replace("e", "\u00e9"))
    return out


TEXTS = _texts()


def _corpus_raws() -> list[tuple[str, bool]]:
    """Raw texts of a spread of corpus reports (PDF and text exports) and Hull 2015."""
    if not CORPUS.is_dir():
        return []
    from kg.load import load

    out = []
    hull = CORPUS / "80477_kingston-upon-hull_2015-02-10.pdf"  # has an appended LSCB review
    for p in sorted(CORPUS.iterdir())[::40] + [hull]:
        try:
            d = load(str(p))
        except Exception:  # saved web pages in the corpus are not reports
            continue
        out.append((d.raw_text, d.kind == "pdf"))
    return out


@pytest.fixture(scope="module")
def corpus_raws() -> list[tuple[str, bool]]:
    return _corpus_raws()


# ------------------------------------------------------------------- normalise: old versions


def _old_characters(text: str) -> str:
    present = set(text)
    for code, repl in C._char_table().items():
        ch = chr(code)
        if ch in present:
            text = text.replace(ch, repl)
    if any("\ue000" <= ch <= "\uf8ff" for ch in present):
        text = C._PRIVATE_USE.sub(BULLET, text)
    return text


_OLD_MARKER = re.compile(r"\d{1,2}(?=[\s.,;:)]|$)")
_OLD_MARKER_AFTER = frozenset("abcdefghijklmnopqrstuvwxyz).,;:'")


def _old_strip_page_furniture(pages: list[str]) -> list[str]:
    split = [p.split("\n") for p in pages]
    edge = 3
    counts: Counter = Counter()
    for lines in split:
        body = [ln for ln in lines if ln.strip()]
        seen = {L._furniture_key(ln) for ln in body[:edge] + body[-edge:]}
        counts.update(seen)
    threshold = max(3, len(pages) // 3)
    repeated = {k for k, c in counts.items() if c >= threshold and len(k) > 1 or k == "#"}
    out = []
    for page_no, lines in enumerate(split):
        idx = [i for i, ln in enumerate(lines) if ln.strip()]
        drop = set()
        for i in idx[:edge] + idx[-edge:]:
            line = lines[i]
            top_of_first = page_no == 0 and i in idx[:edge]
            if L._PAGE_NO.match(line) or (L._furniture_key(line) in repeated and not top_of_first):
                drop.add(i)
        out.append("\n".join(ln for i, ln in enumerate(lines) if i not in drop))
    return _old_strip_footnotes(out)


def _old_strip_footnotes(pages: list[str]) -> list[str]:
    out = []
    for page in pages:
        lines = page.split("\n")
        markers = {
            m.group(0)
            for m in _OLD_MARKER.finditer(page)
            if m.start() and page[m.start() - 1] in _OLD_MARKER_AFTER
        }
        cut = None
        for i in range(len(lines) - 1, max(-1, len(lines) - 25), -1):
            m = L._FOOTNOTE_LINE.match(lines[i])
            if m and m.group(1) in markers:
                cut = i
            elif cut is not None and i < cut - 12:
                break
        if cut is not None and cut > len(lines) // 3:
            lines = lines[:cut]
        out.append("\n".join(lines))
    return out


def _old_footnote_markers(text: str) -> str:
    n, cuts = 1, []
    for m in L._DIGITS.finditer(text):
        s = m.start()
        if s == 0 or int(m.group(0)) != n:
            continue
        before = text[s - 1]
        if (
            before.islower()
            and before.isalpha()
            or (before in ").,;:'\"" and s >= 2 and text[s - 2].isalpha())
        ):
            cuts.append((s, m.end()))
            n += 1
        elif (
            before == "\n"
            and s >= 3
            and text[s - 2] in ",;"
            and text[s - 3].isalpha()
            and L._LOWER_WORD_NEXT.match(text, m.end())
        ):
            cuts.append((s - 1, m.end()))
            n += 1
    if not cuts:
        return text
    out, pos = [], 0
    for s, e in cuts:
        out.append(text[pos:s])
        pos = e
    out.append(text[pos:])
    return "".join(out)


def _old_join_wrapped(lines: list[str]) -> str:
    widths = sorted(len(ln) for ln in lines if ln)
    full = widths[int(len(widths) * 0.8)] if widths else 80
    long_line = max(40, int(full * 0.75))
    parts: list[list] = []
    blank = 0
    for line in lines:
        if not line:
            blank += 1
            continue
        if parts and _old_continues(parts[-1][2], line, blank, long_line):
            prev = parts[-1][1]
            glue = (
                "" if prev.endswith("-") and prev[-2:-1].isalpha() and line[:1].islower() else " "
            )
            parts[-1][1] = prev + glue + line
            parts[-1][2] = line
        else:
            parts.append(["\n\n" if blank and parts else ("\n" if parts else ""), line, line])
        blank = 0
    return "".join(sep + text for sep, text, _ in parts)


def _old_continues(tail: str, line: str, blank: int, long_line: int) -> bool:
    if (
        LN._LIST_START.match(line)
        or LN._is_grade_line(line)
        or LN._is_grade_line(tail)
        or LN._FIELD.match(line)
        or LN._standalone(line)
        or LN._standalone(tail)
    ):
        return False
    last = tail[-1:]
    first = line[:1]
    if blank:
        return last not in LN._END_PUNCT and first.islower() and len(tail) >= long_line
    if last in LN._END_PUNCT:
        return False
    if len(line) < 50 and line.endswith("?"):
        return False
    if first.isupper() and LN._ENDS_WITH_GRADE.search(tail):
        return False
    if first.islower() or first in "(,":
        return True
    return len(tail) >= long_line


def _old_repair_words(text: str) -> str:
    lists = rules()
    vocab = Counter(W._WORD.findall(text.lower()))
    fix = H.compound_fixes(vocab, text)
    poss = lists["possessives"]
    ctx = lists["contextual_possessives"]
    stop = lists["not_after_possessive"]
    todo: dict[str, object] = {}
    for low, k in fix.items():
        todo[low] = ("compound", k)
    for w in poss:
        if w.lower() in vocab:
            todo.setdefault(w.lower(), ("poss", None))
    for w in ctx:
        if w.lower() in vocab:
            todo.setdefault(w.lower(), ("ctx", None))
    title_words = {w for w in W._WORD.findall(text[:300]) if len(w) >= 4 and w[0].isupper()}
    proper = [
        w for w in sorted(title_words) if (w + "s").lower() in vocab and vocab[w.lower()] >= 3
    ]
    if proper:
        lowercase = set(re.findall(r"\b[a-z]+\b", text))
        for w in proper:
            if w.lower() not in lowercase and w.upper() != w:
                poss = {**poss, w + "s": w + "'s"}
                todo.setdefault((w + "s").lower(), ("poss", None))
    for low in sorted(todo):
        how, k = todo[low]
        pat = re.compile(re.escape(low) + "(?![A-Za-z])", re.I)
        out, pos = [], 0
        for m in pat.finditer(text):
            s, e = m.start(), m.end()
            if s and text[s - 1].isalpha():
                continue
            w = m.group(0)
            if how == "compound":
                rep = w[:k] + "-" + w[k:]
            elif how == "poss":
                if w not in poss:
                    continue
                rep = poss[w]
            else:
                if w not in ctx or text[e : e + 1] != " ":
                    continue
                nxt = H.LEAD_WORD.match(text, e + 1)
                if (
                    not nxt
                    or not nxt.group(0)[:1].islower()
                    or nxt.group(0) in stop
                    or len(nxt.group(0)) < 2
                ):
                    continue
                rep = ctx[w]
            out.append(text[pos:s])
            out.append(rep)
            pos = e
        if out:
            out.append(text[pos:])
            text = "".join(out)
    if W._YEAR_SPAN.search(text):
        text = W._YEAR_SPAN.sub(
            lambda m: (
                f"{m.group(1)}-{m.group(2)}"
                if int(m.group(2)) == (int(m.group(1)) + 1) % 100
                and not (m.start() and m.string[m.start() - 1].isalnum())
                else m.group(0)
            ),
            text,
        )
    return _old_footnote_markers(text)


# ------------------------------------------------------------------- normalise: tests


def test_characters_as_before(corpus_raws):
    rng = random.Random(3)
    keys = "".join(chr(k) for k in C._char_table()) + "\ue000\uf8ff\ue123?"
    texts = TEXTS + [raw for raw, _ in corpus_raws]
    texts += [_soup(rng, 300, keys + "ab ?\n") for _ in range(50)]
    for text in texts:
        assert C.characters(text) == _old_characters(text)


def _pages(rng: random.Random) -> list[list[str]]:
    """Pages with running headers, page numbers and footnotes ("Board1" / "1 Ofsted ...")."""
    out = []
    for _ in range(40):
        pages = []
        for p in range(rng.randint(1, 8)):
            lines = [rng.choice(["", "  ", "Redbridge inspection report", f"Page {p} of 9"])]
            lines += [
                rng.choice(["text about the Board1 here", "more text", "", "x" * 20, "end,2"])
                for _ in range(rng.randint(0, 30))
            ]
            lines += [rng.choice(["1 Ofsted note", "2 The note", " 3 (see)", "4 lower", ""])]
            lines += [rng.choice(["Redbridge inspection report", str(p), "", "  "])]
            pages.append("\n".join(lines))
        out.append(pages)
    return out


def test_strip_page_furniture_as_before(corpus_raws):
    rng = random.Random(5)
    page_lists = _pages(rng) + [t.split("\n\n") for t in TEXTS]
    page_lists += [_old_characters(raw).split("\f") for raw, pdf in corpus_raws if pdf]
    for pages in page_lists:
        assert L.strip_page_furniture(pages) == _old_strip_page_furniture(pages)


def test_footnote_markers_as_before():
    rng = random.Random(9)
    texts = TEXTS + [_soup(rng, 300, "ab1234567890,;.)'\n \u0661\u00e9?") for _ in range(300)]
    texts += [
        "Board1 and schools,2 (LSCB)3 then\u00e94 x,\n5 of y",
        "a\u0661 b\u0662",
        "?1 \u00e91",
    ]
    for text in texts:
        assert L.footnote_markers(text) == _old_footnote_markers(text)


def test_join_wrapped_as_before():
    rng = random.Random(13)
    choices = [
        "",
        "Good",
        "requires improvement to be good.",
        "Contents",
        "Summary:",
        "• a bullet item",
        "1. A numbered item",
        "Lead inspector: Jane",
        "the line continues here",
        "What needs to improve?",
        "A long line of prose that goes on for quite a while before it ends",
        "word-",
        "-",
        "x",
        "Children who need help and protection Good",
    ]
    lists = [[rng.choice(choices) for _ in range(rng.randint(0, 40))] for _ in range(300)]
    lists += [t.split("\n") for t in TEXTS]
    for lines in lists:
        assert LN.join_wrapped(lines) == _old_join_wrapped(lines)


def test_occurrences_find_what_the_case_insensitive_pattern_finds():
    rng = random.Random(17)
    words = ["childrens", "peoples", "ks", "aa", "s", "boards", "multiagency", "is"]
    texts = TEXTS + [_soup(rng, 200, "aAsSkKiI \n" + EXTRAS) for _ in range(200)]
    for text in texts:
        coded = asciifold.lower_ascii(text)
        assert (coded is None) == asciifold.has_ignorecase_extras(text)
        for w in words:
            pat = re.compile(re.escape(w) + "(?![A-Za-z])", re.I)
            want = [m.span() for m in pat.finditer(text)]
            assert W._occurrences(w, text, coded) == want


def test_vocabulary_and_lowercase_words_as_before():
    for text in TEXTS:
        coded = asciifold.lower_ascii(text)
        assert W._vocabulary(text, coded) == Counter(W._WORD.findall(text.lower()))
        lowercase = set(re.findall(r"\b[a-z]+\b", text))
        for w in set(W._WORD.findall(text.lower())[:300]) | {"redbridge", "board", "x"}:
            assert W._lowercase_word_in(w, text) == (w in lowercase)


def _old_hyphenated_forms(text: str) -> frozenset[str]:
    out = set()
    pieces = text.split("-")
    for a, b in zip(pieces, pieces[1:], strict=False):
        lm = H._TAIL_WORD.search(a[-30:])
        rm = H.LEAD_WORD.match(b)
        if lm and rm:
            out.add(f"{lm.group(1)}-{rm.group(0)}".lower())
    return frozenset(out)


def test_hyphenated_forms_as_before():
    rng = random.Random(47)
    texts = TEXTS + [_soup(rng, 300, "ab9-\n -" + "x" * 10) for _ in range(200)]
    texts += ["-", "a-", "-a", "a" * 40 + "-b", "a\n-b", "1-\nb", "multi-agency--x-y-"]
    for text in texts:
        assert H.hyphenated_forms(text) == _old_hyphenated_forms(text)


def test_repair_words_as_before():
    for text in TEXTS:
        assert W.repair_words(text) == _old_repair_words(text)


REWRITTEN_PATTERNS = [
    (r"(?<=[A-Za-z])-\n(?=[a-z])", H._HARD_BREAK),
    (r"(?<=\S)  (?=\S)", LN.LOST_DASH),
    (r"\n{3,}", importlib.import_module("kg.normalise")._BLANK_LINES),
]


@pytest.mark.parametrize("old, new", REWRITTEN_PATTERNS)
def test_rewritten_patterns_match_as_before(old, new):
    rng = random.Random(19)
    old = re.compile(old)
    texts = TEXTS + [_soup(rng, 300, "aZ-\n\n\n  .!?\"')]([A1\u2022\t") for _ in range(300)]
    for text in texts:
        assert [m.span() for m in new.finditer(text)] == [m.span() for m in old.finditer(text)]
        assert new.sub("#", text) == old.sub("#", text)


def test_footnote_marker_pattern_finds_the_markers_found_before():
    rng = random.Random(23)
    texts = TEXTS + [_soup(rng, 300, "ab12345,;.)'\n :\u0661\u00e9") for _ in range(300)]
    for page in texts:
        old = {
            m.group(0)
            for m in _OLD_MARKER.finditer(page)
            if m.start() and page[m.start() - 1] in _OLD_MARKER_AFTER
        }
        assert set(L._MARKER.findall(page)) == old


@needs_shared()
def test_normalise_text_as_before_on_corpus_reports(corpus_raws):
    """The whole normalisation, with every old step, on a spread of corpus reports."""
    assert corpus_raws
    for raw, pdf in corpus_raws:
        assert normalise_text(raw, pdf=pdf) == _old_normalise_text(raw, pdf)


def _old_normalise_text(raw: str, pdf: bool) -> str:
    text = _old_characters(raw)
    pages = text.split("\f")
    if len(pages) > 1:
        pages = _old_strip_page_furniture(pages)
    else:
        pages = [L.strip_unpaged_furniture(text)]
    text = "\n\n".join(p.strip("\n") for p in pages)
    text = _old_soft_hyphens(text)  # with hyphenated_forms as it is now (tested above)
    if not pdf:
        text = re.sub(r"(?<=\S)  (?=\S)", " - ", text)
    lines = [LN.tidy_line(ln) for ln in text.split("\n")]
    text = _old_join_wrapped(lines)
    text = _old_repair_words(text)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def _old_soft_hyphens(text: str) -> str:
    if SOFT_HYPHEN in text:
        hyphenated = H.hyphenated_forms(text)
        prefixes = frozenset(rules()["compound_prefixes"])
        pieces = text.split(SOFT_HYPHEN)
        out = [pieces[0]]
        for piece in pieces[1:]:
            prev = out[-1]
            lm = H._TAIL_WORD.search(prev[-40:])
            rm = H._HEAD_WORD.match(piece)
            if not lm or not rm:
                out.append("-" + piece)
                continue
            left, right = lm.group(1), rm.group(2)
            keep = (
                left.lower() in prefixes
                or f"{left}-{right}".lower() in hyphenated
                or left[-1].isdigit()
                or right[0].isupper()
            )
            out.append(("-" if keep else "") + piece[rm.start(2) :])
        text = "".join(out)
    if "-\n" in text:
        text = re.sub(r"(?<=[A-Za-z])-\n(?=[a-z])", "-", text)
    return text


def test_normalise_text_as_before_on_awkward_texts():
    for text in TEXTS[:40]:
        for pdf in (True, False):
            assert normalise_text(text, pdf=pdf) == _old_normalise_text(text, pdf)


# ------------------------------------------------------------------- segment


def _old_lines(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _old_split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    split = re.compile(r"[.!?]+[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9\u2022])")
    chunk = text[start:end]
    spans, pos = [], 0
    for m in split.finditer(chunk):
        word = S._LAST_WORD.search(chunk, max(pos, m.start() - 12), m.start())
        if word:
            w = word.group(1).lower().strip(".")
            if w in S.ABBREVIATIONS or (len(w) == 1 and w.isalpha() and chunk[m.start()] == "."):
                continue
        cut = m.start() + len(m.group(0).rstrip())
        spans.append((pos, cut))
        pos = m.end()
    spans.append((pos, len(chunk)))
    out = []
    for s, e in spans:
        piece = chunk[s:e]
        ls = len(piece) - len(piece.lstrip())
        rs = len(piece.rstrip())
        if rs > ls:
            out.append((start + s + ls, start + s + rs))
    return out


def _old_segment(doc: Document, secs: tuple[Section, ...]) -> tuple[Sentence, ...]:
    text = doc.text
    out: list[Sentence] = []
    bounds = [(s.start, s.end, s.kind) for s in secs]
    si = 0
    for ls, le in _old_lines(text):
        line = text[ls:le]
        if not line.strip():
            continue
        m = S._MARKER.match(line)
        start = ls + (m.end() if m else 0)
        while si + 1 < len(bounds) and bounds[si][1] <= ls:
            si += 1
        kind = bounds[si][2] if bounds else "other"
        for s, e in _old_split_sentences(text, start, le):
            out.append(Sentence(index=len(out), start=s, end=e, text=text[s:e], section=kind))
    return tuple(out)


def _old_candidates(text: str) -> list[tuple[int, int, str, str]]:
    lines = _old_lines(text)
    out = []
    skip_to = -1
    for i, (s, e) in enumerate(lines):
        if i <= skip_to:
            continue
        line = text[s:e].strip()
        if not line or len(line) > S._MAX_HEADING or line.startswith("\u2022"):
            continue
        kind = S._heading_kind(line)
        if kind:
            out.append((s, e, kind, line))
            continue
        if len(line) < 80 and not line.endswith((".", ";")):
            j, parts, grade_seen = i + 1, [line], False
            while j < len(lines) and j <= i + 3:
                nxt = text[lines[j][0] : lines[j][1]].strip()
                if not nxt:
                    j += 1
                    continue
                if S._GRADE_LINE.match(nxt) and not grade_seen:
                    grade_seen = True
                    j += 1
                    continue
                parts.append(nxt)
                kind = S._heading_kind(" ".join(parts))
                if kind:
                    out.append((s, lines[j][1], kind, " ".join(parts)))
                    skip_to = j
                break
    return out


def _old_sections(doc: Document) -> tuple[Section, ...]:
    text = doc.text
    n = len(text)
    cands = _old_candidates(text)
    first_prose = next((s for s, e in _old_lines(text) if e - s >= S._PROSE), n)
    first_heading = next(
        (
            c[0]
            for c in cands
            if c[2] in ("summary", "other") or (c[0] > first_prose and c[2] != "lscb")
        ),
        n,
    )
    front_end = min(first_heading, n)
    cands = [c for c in cands if c[0] >= front_end]
    strong = []
    for k, c in enumerate(cands):
        nxt = cands[k + 1][0] if k + 1 < len(cands) else n
        if S._WEAK.match(
            S._strip_grade(" ".join(c[3].split())).rstrip(": ")
        ) and not S._GRADE_NEAR.search(text[c[0] : min(c[1] + 60, nxt)]):
            continue
        strong.append(c)
    cands = S._drop_list_subheadings(text, strong)
    kept = []
    for k, c in enumerate(cands):
        nxt = cands[k + 1][0] if k + 1 < len(cands) else n
        body = text[c[1] : nxt]
        has_prose = any(len(ln) >= S._PROSE for ln in body.split("\n"))
        again = any(S._same(c[3], d[3]) for d in cands[k + 1 :])
        if not has_prose and (again or c[2] == "other" and c[3].lower() == "contents"):
            continue
        kept.append(c)
    out: list[Section] = []
    if not kept or kept[0][0] > 0:
        out.append(
            Section(kind="front", title="Front matter", start=0, end=kept[0][0] if kept else n)
        )
    head = text[: front_end if front_end < n else 600]
    in_lscb = bool(S._LSCB_TITLE.search(head)) and not S._SIF_TITLE.search(head)
    for k, (s, _e, kind, title) in enumerate(kept):
        end = kept[k + 1][0] if k + 1 < len(kept) else n
        if kind == "lscb":
            in_lscb = True
        elif kind in ("information",) or kind not in ("summary", "recommendations", "other"):
            in_lscb = False
        elif in_lscb and kind in ("summary", "other"):
            kind = "lscb"
        if in_lscb and kind == "recommendations" and "lscb" not in title.lower():
            title = f"{title} (LSCB)"
        out.append(Section(kind=kind, title=" ".join(title.split()), start=s, end=end))
    return tuple(out)


def _segment_texts() -> list[str]:
    """TEXTS, and lines with list markers, abbreviations, quotes and odd spaces."""
    rng = random.Random(29)
    pieces = [
        "12. ",
        "1.",
        "\u2022 ",
        "\u2022",
        "(a) ",
        "b) ",
        "(iv) ",
        "- ",
        "e.g. A",
        "Mr. Smith",
        "i.e. The",
        "J. Bloggs",
        "end. Next",
        "end.\tNext",
        "end.\x0bNext",
        'said." The',
        "why? (Yes",
        "no!  \u2022 1",
        "etc. 2016",
        "approx. The",
        "see paras. 4",
        "xapprox. Y",
        "abcdefg. Next",
        " ",
        "  ",
        "x",
        ".",
        "\n",
        "\n\n",
        "Leadership and management",
        "Good",
        "Recommendations",
    ]
    headings = [
        "Contents",
        "Executive summary",
        "Recommendations",
        "Summary of findings",
        "Capacity to improve",
        "Findings",
        "Leadership and management: good",
        "Information about this inspection",
        "Review of the effectiveness of the LSCB",
        "The experiences and progress of children who need help and protection",
        "Children who need help and protection",
        "Good",
        "1. Make sure that plans are clear.",
        "A paragraph of prose long enough to count as prose in the sections logic, "
        "running well past one hundred characters.",
    ]
    out = list(TEXTS)
    for _ in range(300):
        out.append("".join(rng.choice(pieces) for _ in range(rng.randint(1, 40))))
    for _ in range(300):
        out.append("\n".join(rng.choice(headings + pieces) for _ in range(rng.randint(1, 30))))
    out += [_soup(rng, 200, "ab. e.g. A1 Mr. i.e. \t?!\"')(\u2022\n") for _ in range(300)]
    return out


def test_segment_as_before():
    for text in _segment_texts():
        doc = Document(path="r", name="r", kind="text", raw_text=text, text=text)
        secs = S.sections(doc)
        assert secs == _old_sections(doc)
        assert S.segment(doc, secs) == _old_segment(doc, secs)
        assert S.segment(doc, ()) == _old_segment(doc, ())


def test_sentence_end_group_ends_where_the_stripped_match_ended():
    for text in TEXTS:
        for m in S._SPLIT.finditer(text):
            assert m.end(1) == m.start() + len(m.group(0).rstrip())


def test_lscb_title_found_as_before():
    title = "Review of the effectiveness of the Local Safeguarding Children Board"
    heads = TEXTS + [
        title,
        "x " + title.upper(),
        "inspection of the effectiveness of the LSCB",
        "Inspection of the effectiveness of the l\u017fcb",
        "effectiveness of the lscb",
        "review  of the effectiveness of the lscb",
        "\u0130nspection of the effectiveness of the lscb",
    ]
    for head in heads:
        assert S._has_lscb_title(head) == bool(S._LSCB_TITLE.search(head))


# ------------------------------------------------------------------- facts: old versions


_OLD_TITLE_SCAN = A._TITLE  # unchanged pattern; the old way scanned it over the text


def _old_appended_lscb_review(text: str) -> tuple[int, Judgement | None]:
    for m in _OLD_TITLE_SCAN.finditer(text, A.FIRST_REPORT_CHARS):
        block = text[m.start() : m.start() + A.TITLE_BLOCK]
        if not A._DATES.search(block):
            continue
        st = A._STATEMENT.search(text, m.start(), m.start() + A.TITLE_BLOCK)
        if not st:
            continue
        grade = A.grade_id(st.group(1))
        judged = (
            Judgement(area="lscb", grade=grade, start=st.start(), end=st.end()) if grade else None
        )
        return m.start(), judged
    return -1, None


def _old_lookup(surface: str) -> tuple[str, str] | None:
    _, names = CO._matcher()
    key = " ".join(surface.replace("&", "and").split()).lower().replace(".", "")
    for name, hit in names.items():
        if " ".join(name.replace("&", "and").replace(".", "").split()) == key:
            return hit
    norm = re.sub(r"[^a-z]", "", key)
    for name, hit in names.items():
        if re.sub(r"[^a-z]", "", name.replace("&", "and")) == norm:
            return hit
    return None


def _old_match_council(text: str) -> tuple[str, str, int, int]:
    pat, _ = CO._matcher()
    head = text[: CO.TITLE_CHARS]
    hits = []
    for m in pat.finditer(head):
        hit = _old_lookup(m.group(0))
        if hit:
            hits.append((m.start(), -(m.end() - m.start()), hit, m.end()))
    if hits:
        start, neg_len, hit, end = min(hits)
        return hit[0], hit[1], start, end
    counts: Counter = Counter()
    first: dict[tuple[str, str], tuple[int, int]] = {}
    for m in pat.finditer(text):
        hit = _old_lookup(m.group(0))
        if hit:
            counts[hit] += 1
            first.setdefault(hit, (m.start(), m.end()))
    if not counts:
        return "", "", -1, -1
    best = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    return best[0], best[1], first[best][0], first[best][1]


def _old_area_of(label: str) -> str | None:
    for area, pat in J.AREA_LABELS:
        if pat.search(label):
            return area
    return None


def _old_merge_column(boxes: list[TextBox], complete, still=lambda t: True) -> list[TextBox]:
    boxes = sorted(boxes, key=lambda b: (-b.y1, b.x0))
    out: list[TextBox] = []
    used = [False] * len(boxes)
    for i, b in enumerate(boxes):
        if used[i]:
            continue
        cur = b
        used[i] = True
        while not complete(cur.text):
            nxt = None
            for j in range(i + 1, len(boxes)):
                c = boxes[j]
                if used[j] or not c.text[:1].islower() or not still(cur.text + " " + c.text):
                    continue
                height = max(cur.y1 - cur.y0, 6.0) / max(1, cur.text.count("\n") + 1)
                if abs(c.x0 - cur.x0) < 25 and 0 <= cur.y0 - c.y1 < 1.2 * height + 4:
                    nxt = j
                    break
            if nxt is None:
                break
            c = boxes[nxt]
            used[nxt] = True
            cur = TextBox(
                page=cur.page,
                x0=min(cur.x0, c.x0),
                y0=c.y0,
                x1=max(cur.x1, c.x1),
                y1=cur.y1,
                text=cur.text + "\n" + c.text,
            )
        out.append(cur)
    return out


def _old_table_from_boxes(boxes: tuple[TextBox, ...]) -> list[tuple[str, str | None, str]]:
    rows: list[tuple[str, str | None, str]] = []
    seen: set[str] = set()
    for page in (1, 2):
        bs = [b for b in boxes if b.page == page]
        if not bs:
            continue
        frags = [b for b in bs if J._is_grade_fragment(b.text) and b.x0 > 200]
        direct = []
        labels = []
        for b in bs:
            if b in frags or len(b.text) > 110:
                continue
            m = J._GRADE_AT_END.search(b.text)
            if (
                m
                and _old_area_of(b.text[: m.start()])
                and not J._VERBAL.search(b.text[: m.start()])
            ):
                direct.append((b, _old_area_of(b.text[: m.start()]), m.group(1)))
            elif not J._GRADE_RE.fullmatch(b.text.strip()):
                labels.append(b)
        grades = _old_merge_column(frags, J._grade_complete, J._is_grade_fragment)
        grades = [
            g
            for g in grades
            if J.grade_id(g.text)
            or "not judged" in g.text.lower()
            and J._GRADE_ONLY.match(" ".join(g.text.split()))
        ]
        if not grades and not direct:
            continue
        left = min((g.x0 for g in grades), default=600)
        labels = [b for b in labels if b.x1 <= left + 5]
        merged = _old_merge_column(labels, lambda t: False)
        cands = [(lb, _old_area_of(lb.text.replace("\n", " "))) for lb in merged]
        cands = [(lb, a) for lb, a in cands if a]
        pairs = []
        for g in grades:
            gc = (g.y0 + g.y1) / 2
            gtop = g.y1
            best = None
            for lb, a in cands:
                if lb.y0 - 8 <= gc <= lb.y1 + 8 or lb.y0 - 8 <= gtop - 5 <= lb.y1 + 8:
                    d = min(abs(gc - (lb.y0 + lb.y1) / 2), abs(gtop - lb.y1))
                    if best is None or d < best[0]:
                        best = (d, lb, a)
            if best:
                pairs.append((best[0], best[2], g, best[1]))
        for _, a, g, lb in sorted(pairs, key=lambda p: (-p[3].y1, p[0])):
            gid = J.grade_id(" ".join(g.text.split()))
            if a in seen:
                continue
            seen.add(a)
            rows.append((a, gid, " ".join(lb.text.split())))
        for b, a, gtext in direct:
            if a not in seen:
                seen.add(a)
                rows.append((a, J.grade_id(gtext), " ".join(b.text.split())))
    return rows


def _old_published_date(text: str) -> tuple[str | None, int, int]:
    head = text[: D.HEAD_CHARS]
    for m in D._PUBLISHED.finditer(head):
        found = D._value_after(re.compile(re.escape(m.group(0))), head[m.start() :])
        if not found:
            continue
        value, rel = found
        items = [i for i in D._parse_items(value[:40]) if i[1] and i[2]]
        if items:
            s = m.start() + rel
            return D._iso(*items[0][:3]), s + items[0][3], s + items[0][4]
    return None, -1, -1


# ------------------------------------------------------------------- facts: tests


def _fact_texts() -> list[str]:
    """TEXTS, and texts with a second report's title page, council names and labels."""
    rng = random.Random(31)
    title = (
        "Review of the effectiveness of the Local Safeguarding Children Board\n"
        "Inspection dates: 1 to 5 June 2015\n"
        "The Local Safeguarding Children Board requires improvement\n"
    )
    filler = EXAMPLE_TEXT.read_text(encoding="utf-8")[:6000]
    out = list(TEXTS)
    out += [filler + title, filler + "x " * 30 + title, filler + "y" * 90 + " " + title]
    out += [filler + title.replace("s", "\u017f", 2), filler + title.upper()]
    names = [
        "Redbridge",
        "London Borough of Redbridge",
        "St Helens",
        "Bath and North East",
        "Kent",
        "\u212aent",
        "City of London",
        "Brighton & Hove",
        "Stoke-on-Trent",
        "x",
        "Kingston upon Hull",  # names with a name inside
        "North East Lincolnshire",
        "Bath and North East Somerset",
    ]
    for _ in range(60):
        out.append(" ".join(rng.choice(names + ["the", "report", "\n"]) for _ in range(40)))
    # a title line that starts before the appended review may (FIRST_REPORT_CHARS)
    out.append("a" * 4960 + "\n" + "x" * 30 + " " + title)
    out.append("the report " * 100 + "Published: 3 May 2016 Report published: 4 May 2016")
    out.append("PUBLISHED 3 May 2016\n")
    return out


FACT_TEXTS = _fact_texts()


def test_appended_review_as_before():
    for text in FACT_TEXTS:
        assert A.appended_lscb_review(text) == _old_appended_lscb_review(text)
        for pos in (0, 5, len(text) // 2, A.FIRST_REPORT_CHARS):  # title lines from any offset
            assert [m.span() for m in A._titles(text, pos)] == [
                m.span() for m in A._TITLE.finditer(text, pos)
            ]


def test_match_council_as_before():
    for text in FACT_TEXTS:
        assert CO.match_council(text) == _old_match_council(text)
        pat, _ = CO._matcher()
        assert [m.span() for m in CO._council_names(text)] == [m.span() for m in pat.finditer(text)]


def test_area_of_as_before():
    rng = random.Random(37)
    labels = [ln for t in FACT_TEXTS for ln in t.split("\n")][:3000]
    words = "children in care and leavers looked after achieving permanence local lscb LSCB"
    words += " overall effectiveness adoption performance leadership impact of leaders who need"
    words += " help protection safeguarding board \u017f \u0131 \u212a management governance"
    vocab = words.split(" ")
    labels += [" ".join(rng.choice(vocab) for _ in range(8)) for _ in range(2000)]
    labels += [
        "Children In Care",
        "CHILDREN LOOKED AFTER AND ACHIEVING",
        "l\u017fcb",
        "the L\u017fCB",
    ]
    for label in labels:
        assert J.area_of(label) == _old_area_of(label)


def test_grade_at_end_is_only_skipped_where_it_cannot_match():
    rng = random.Random(41)
    grades = [
        "good",
        "Good.",
        "inadequate ",
        "requires improvement to be good",
        "not judged",
        "grade 2",
        "grade 1 (outstanding)",
        "adequate",
        "Outstanding  .  ",
        "goods",
    ]
    texts = [ln for t in FACT_TEXTS for ln in t.split("\n")][:3000]
    texts += [
        f"{rng.choice(['Adoption', 'x', ''])}{rng.choice(' :-,')}{rng.choice(grades)}"
        for _ in range(500)
    ]
    for text in texts:
        if J._GRADE_AT_END.search(text):
            assert J._may_end_with_grade(text)


def _boxes(rng: random.Random) -> tuple[TextBox, ...]:
    texts = [
        "Overall effectiveness",
        "Requires improvement",
        "to be good",
        "Good",
        "Inadequate",
        "Children who need help and",
        "protection",
        "Adoption performance Good",
        "leadership, management and governance",
        "Not judged",
        "the text",
        "care leavers",
    ]
    out = []
    for _ in range(rng.randint(0, 25)):
        x0 = rng.choice([50.0, 60.0, 300.0, 310.0, 400.0])
        y1 = rng.choice([700.0, 690.0, 680.0, 670.0, 660.0, 650.0])
        out.append(
            TextBox(
                page=rng.choice([1, 2, 3]),
                x0=x0,
                y0=y1 - rng.choice([8.0, 12.0, 20.0]),
                x1=x0 + 150.0,
                y1=y1,
                text=rng.choice(texts),
            )
        )
    return tuple(out)


def test_table_from_boxes_as_before():
    rng = random.Random(43)
    box_sets = [_boxes(rng) for _ in range(400)]
    if CORPUS.is_dir():
        from kg.load import load

        box_sets += [
            load(str(p)).boxes
            for p in sorted(CORPUS.glob("*.pdf"))[::60]
            if p.read_bytes()[:5] == b"%PDF-"
        ]
    for boxes in box_sets:
        assert J.table_from_boxes(boxes) == _old_table_from_boxes(boxes)
        for still in (lambda t: True, J._is_grade_fragment):
            for complete in (lambda t: False, J._grade_complete):
                bs = list(boxes)
                assert J._merge_column(bs, complete, still) == _old_merge_column(
                    bs, complete, still
                )


def test_table_from_text_and_published_date_as_before():
    broken = re.compile(r"(?:^|\s)(?:requires?|requires? improvement(?: to)?(?: be)?)\s*$", re.I)
    continued = re.compile(r"^\s*(?:improvement|to be good|be good|good)\b", re.I)
    assert J._GRADE_BROKEN.pattern == broken.pattern and J._GRADE_BROKEN.flags == broken.flags
    assert J._GRADE_CONTINUED.pattern == continued.pattern
    for text in FACT_TEXTS:
        assert D.published_date(text) == _old_published_date(text)


@needs_shared()
def test_facts_as_before_on_corpus_reports(corpus_raws):
    """Council, appended review and publication date of a spread of corpus reports."""
    assert corpus_raws
    for raw, pdf in corpus_raws:
        text = normalise_text(raw, pdf=pdf)
        assert CO.match_council(text) == _old_match_council(text)
        assert A.appended_lscb_review(text) == _old_appended_lscb_review(text)
        assert D.published_date(text) == _old_published_date(text)
