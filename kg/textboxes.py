"""Positioned text of a PDF page: pdfium's text rectangles as boxes with their text.

kg/facts/judgements.py reads the judgement table on the first pages by position from
these boxes (kg.load keeps them for the first ``BOX_PAGES`` pages). ``page_boxes`` is
the entry point; the rest reads each rectangle's text off the page text rather than
asking pdfium once per rectangle (which scans the whole page each time), and falls
back to asking pdfium wherever that shortcut's assumptions do not hold.
"""

from __future__ import annotations

from kg.model import TextBox

MERGE_GAP = 6.0  # points between rectangles merged into one box
#
# pdfium's text page lists the page's characters in reading order, and
# ``get_text_range()`` returns them one for one, with the line breaks ("\r\n") and
# some spaces that pdfium generates itself. ``count_rects()`` groups them into
# rectangles: a rectangle is the union of the boxes of a run of consecutive
# characters drawn by one text object, leaving out characters whose box is under
# 0.01 point wide or tall (generated characters have empty boxes; a space's box is
# usually one font unit tall, so a space set below 10 points belongs to no rectangle).
#
# A box's text is pdfium's bounded text of its rectangle: the characters whose box
# overlaps the rectangle, in page order, with a space after a taken character when a
# space follows it and a line break where the taken characters change line. Asking
# pdfium costs a scan of every character of the page per rectangle, so the text is
# read off the page text instead: a rectangle that overlaps no other rectangle takes
# the characters of its own run (plus, at most, spaces too flat for any rectangle,
# which only add whitespace), so its text is the page text from its first character
# up to the next rectangle's first character or the line end, plus a space when a
# space follows. ``_rectangle_texts`` says where pdfium is still asked, and which
# pages it leaves to pdfium entirely.

_BOUNDED_BUFFER = 4096  # characters: far more than one rectangle of text holds
_NO_RECT = (0.0, 0.0, 0.0, 0.0)  # what pdfium reports for a range without rectangle
_MIN_SIDE = 0.01  # points: pdfium leaves smaller characters out of rectangles


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


def _pdfium_box_text(textpage, rect: tuple[float, float, float, float]) -> str:
    """pdfium's bounded text of ``rect`` as box text: line breaks become spaces."""
    text = _bounded_text(textpage, *rect)
    return text.replace("\ufffe", "-").replace("\r", " ").replace("\n", " ")


def page_boxes(textpage, page_no: int, text: str | None = None) -> list[TextBox]:
    """Positioned runs of text: pdfium's rectangles, with neighbours on one line merged.

    ``text`` is the page's ``textpage.get_text_range()`` if the caller has it.
    pdfium starts a new rectangle at every font change (drop capitals, superscripts),
    so rectangles that follow each other on the same line with a gap of less than
    ``MERGE_GAP`` points are joined into one box.
    """
    rects = _rectangles(textpage)
    if rects == [_NO_RECT]:  # no character is in any rectangle
        return []
    if text is None:
        text = textpage.get_text_range()
    texts = _rectangle_texts(textpage, text, rects)
    if texts is None:  # a page outside what the shortcut handles: ask pdfium for each
        texts = [_pdfium_box_text(textpage, rect) for rect in rects]
    return _merged_boxes(page_no, rects, texts)


def _rectangles(textpage) -> list[tuple[float, float, float, float]]:
    """pdfium's rectangles of the whole page as (left, bottom, right, top)."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    n_rects = textpage.count_rects()  # also selects these rectangles for get_rect
    get_rect = pdfium_c.FPDFText_GetRect
    left, bottom, right, top = (ctypes.c_double() for _ in range(4))
    out = (ctypes.byref(left), ctypes.byref(top), ctypes.byref(right), ctypes.byref(bottom))
    rects = []
    for j in range(n_rects):
        get_rect(textpage, j, *out)
        rects.append((left.value, bottom.value, right.value, top.value))
    return rects


def _rectangle_texts(textpage, text: str, rects: list) -> list[str] | None:
    """pdfium's bounded text of every rectangle (see the comment above), or None when
    the page breaks an assumption of this shortcut and every text must come from pdfium.

    The assumptions, checked here: the page text has one character per pdfium
    character, no rectangle spans a line break, and every character but the space
    sits in a rectangle (checked for the unprintable ones: no-break spaces, symbols,
    pdfium's hyphen marks; a printable one with an empty glyph set below 10 points
    would break it unnoticed, and no corpus report has one).

    ``count_rects(first, count)`` over a line gives how many rectangles it holds, and
    ``_rectangle_starts`` finds where each begins. pdfium is still asked for the
    rectangles that overlap another one (each takes some of the other's characters)
    and for the two either side of spaces that start a line and lie outside every
    rectangle: such a flat space may overlap either, and whether a space separates
    their texts matters if the two end up merged into one box.
    """
    import pypdfium2.raw as pdfium_c

    raw = textpage.raw
    count = pdfium_c.FPDFText_CountRects
    if pdfium_c.FPDFText_CountChars(raw) != len(text):  # e.g. characters beyond U+FFFF
        return None
    starts: list[int] = []  # first character of each rectangle, in pdfium's order
    ends: list[int] = []  # where its text stops: the next rectangle's start or the line end
    ask_pdfium = _overlapping(rects)
    after_gap = False  # spaces outside every rectangle since the last rectangle
    start = 0
    for line in text.split("\r\n"):
        end = start + len(line)
        if not line.isprintable() and not _unusual_characters_in_rectangles(textpage, line, start):
            return None
        first = end - len(line.lstrip(" "))
        if first > start:  # leading spaces: usually generated or too flat for a rectangle
            first = _first_in_rectangle(textpage, start, first)
            if first > start:
                if starts:
                    ask_pdfium.add(len(starts) - 1)
                after_gap = True
        if first < end:
            if after_gap:
                ask_pdfium.add(len(starts))
                after_gap = False
            n_line = count(raw, first, end - first)
            line_rects = rects[len(starts) : len(starts) + n_line]
            if len(line_rects) < n_line:
                return None
            line_starts = [first]
            if n_line > 1:
                line_starts = _rectangle_starts(raw, line, first, end, line_rects)
            starts.extend(line_starts)
            ends.extend(line_starts[1:])
            ends.append(end)
        start = end + 2
    if len(starts) != len(rects):  # a rectangle spans a line break
        return None
    chars = text.replace("\ufffe", "\x02")  # a hyphen pdfium marked: U+0002 in bounded text
    n = len(text)
    texts = []
    for j, (first, end) in enumerate(zip(starts, ends, strict=True)):
        if j in ask_pdfium:
            texts.append(_pdfium_box_text(textpage, rects[j]))
        elif end < n and text[end] == " ":
            texts.append(chars[first:end] + " ")
        else:
            texts.append(chars[first:end])
    return texts


def _overlapping(rects: list) -> set[int]:
    """Indices of the rectangles that overlap another one (by pdfium's test: a
    non-empty intersection), found by a sweep over the rectangles sorted by bottom."""
    order = sorted(range(len(rects)), key=lambda j: rects[j][1])
    found = set()
    for i, j in enumerate(order):
        left, _, right, top = rects[j]
        for k in range(i + 1, len(order)):
            left2, bottom2, right2, _ = rects[order[k]]
            if bottom2 >= top:  # this one and all later ones lie above rectangle j
                break
            if left2 < right and left < right2:
                found.add(j)
                found.add(order[k])
    return found


def _first_in_rectangle(textpage, start: int, stop: int) -> int:
    """The first character in start..stop-1 that belongs to a rectangle, or stop."""

    def any_in_rectangle(k: int) -> bool:  # does start..k hold such a character?
        textpage.count_rects(start, k + 1 - start)
        return textpage.get_rect(0) != _NO_RECT

    if not any_in_rectangle(stop - 1):
        return stop
    lo, hi = start, stop - 1
    while lo < hi:
        mid = (lo + hi) // 2
        if any_in_rectangle(mid):
            hi = mid
        else:
            lo = mid + 1
    return lo


def _rectangle_starts(raw, line: str, first: int, end: int, rects: list) -> list[int]:
    """Where each of the line's rectangles ``rects`` begins; the line is the page text
    ``line``, characters ``first..end-1`` (``first``: its first character in a rectangle).

    ``count_rects(first, k - first)`` is the number of rectangles beginning before
    character ``k``, so two such counts confirm a start. The search for each start
    begins where the rectangle's left edge suggests (the line's characters spread
    evenly over its width, moved onto a word's first letter if one is within two
    characters), steps away doubling the step until the start is bracketed, then
    halves the bracket: about 2.5 counts per rectangle.
    """
    import pypdfium2.raw as pdfium_c

    count = pdfium_c.FPDFText_CountRects
    offset = end - len(line)  # page index of line[0]
    per_point = (end - first) / max(rects[-1][2] - rects[0][0], 1.0)
    starts = [first]
    for m in range(1, len(rects)):
        prev = starts[-1]
        shift = (rects[m][0] - rects[m - 1][0]) * per_point
        guess = prev + (round(shift) if abs(shift) < end else 0)  # also for inf or nan
        for k in (guess, guess - 1, guess + 1, guess - 2, guess + 2):
            if prev < k < end and line[k - 1 - offset] == " " and line[k - offset] != " ":
                guess = k
                break
        guess = min(max(guess, prev + 1), end - 1)
        # find the start s of rectangle m: count(.., lo) <= m < count(.., hi) puts it in lo..hi-1
        if count(raw, first, guess - first) <= m:
            lo, hi, step = guess, end, 1
            while lo + step < hi:
                if count(raw, first, lo + step - first) <= m:
                    lo += step
                    step *= 2
                else:
                    hi = lo + step
                    break
        else:
            lo, hi, step = prev + 1, guess, 1
            while hi - step > lo:
                if count(raw, first, hi - step - first) > m:
                    hi -= step
                    step *= 2
                else:
                    lo = hi - step
                    break
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if count(raw, first, mid - first) <= m:
                lo = mid
            else:
                hi = mid
        starts.append(lo)
    return starts


def _unusual_characters_in_rectangles(textpage, line: str, start: int) -> bool:
    """Do the line's unprintable characters (pdfium's hyphen marks, private-use symbols,
    no-break spaces...) each sit in a rectangle and give bounded text the character
    the page text has? The shortcut assumes so of every character but the space; a
    lone line break in the page text is not handled."""
    import pypdfium2.raw as pdfium_c

    for offset, ch in enumerate(line):
        if ch == " " or ch.isprintable():
            continue
        if ch in "\r\n":
            return False
        k = start + offset
        left, bottom, right, top = textpage.get_charbox(k)
        if right - left < _MIN_SIDE or top - bottom < _MIN_SIDE:
            return False
        if pdfium_c.FPDFText_GetUnicode(textpage, k) != (2 if ch == "\ufffe" else ord(ch)):
            return False
    return True


def _merged_boxes(page_no: int, rects: list, texts: list[str]) -> list[TextBox]:
    """Boxes from the rectangles and their texts (without line breaks), skipping blank ones."""
    boxes: list[tuple] = []
    for (left, bottom, right, top), text in zip(rects, texts, strict=True):
        if not text.strip():
            continue
        if boxes:
            b_left, b_bottom, b_right, b_top, b_text = boxes[-1]
            if -1.0 <= left - b_right < MERGE_GAP:
                overlap = min(b_top, top) - max(b_bottom, bottom)
                if overlap > 0.5 * min(b_top - b_bottom, top - bottom):
                    boxes[-1] = (
                        min(b_left, left),
                        min(b_bottom, bottom),
                        max(b_right, right),
                        max(b_top, top),
                        b_text + text,
                    )
                    continue
        boxes.append((left, bottom, right, top, text))
    return [
        TextBox(
            page=page_no,
            x0=round(r[0], 2),
            y0=round(r[1], 2),
            x1=round(r[2], 2),
            y1=round(r[3], 2),
            text=" ".join(r[4].split()),
        )
        for r in boxes
    ]
