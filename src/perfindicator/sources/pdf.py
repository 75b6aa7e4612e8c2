"""PDF pages as grids: each ruled table rebuilt from its ruling lines, its cells filled with the
characters whose boxes they hold, a table continued over page breaks read as one grid.

The text layer and the lines are read with PDFium (pypdfium2: ``pip install
'perfindicator[pdf]'``), imported when a PDF is read:

- **Lines.** Every path drawn on a page gives its straight segments (a stroked line, a stroked
  rectangle's sides) or, when it is a filled rectangle at most ``THIN`` points thick, the line
  it draws; filled shapes thicker than that are shading, not rules. Segments are snapped to a
  common position within ``SNAP`` points and joined where they touch. Segments that cross or
  touch make one table; its column edges are the positions of its vertical lines (and the ends
  of its horizontal ones, for a table without outer sides), its row edges likewise.
- **Cells.** The rectangles between adjacent edges are joined where the line between them is
  missing: a missing inner line is a merged cell (a rowspan or colspan). Joined rectangles that
  do not make a rectangle are an error, never a guess.
- **Text.** A character goes into the cell holding its box's centre, into the cell's lines by
  its baseline, left to right. A line that wraps inside a narrow column is joined to the next
  (without a space where either side is a Chinese character), since the next line's first word
  would not have fitted; a line ending short of the cell's side ends there (``\\n``).
- **Pages.** A table that is the first on its page continues the last table of the page before
  when its outer edges are the same and its column edges are among that table's (or that
  table's among its), and nothing but page furniture (a page number, 续表, a line printed on
  both pages) stands between them. Leading rows repeating rows of the table's first page (a
  repeated header) are dropped; a cell split over the page break stays a row of its own.
  The text printed above a table on its first page is its ``Grid.title``; text outside the
  tables (page numbers, running heads) is in no grid.
- **Provenance.** Every cell carries its box (``model.location.Box``: PDF points, origin at the
  page's top left, pages from 1), on its page as displayed (a rotated page's boxes are as shown).

A PDF is refused, never read into wrong text, when it is damaged or not a PDF, encrypted, has
no text layer (a scan: OCR it first), or holds in a table characters whose font has no Unicode
map (PDFium's flag, control characters, U+FFFD, private-use characters, ``(cid:N)``). Kangxi
radicals (U+2F00–U+2FD5), which a bad map gives for the ideographs they look like (⽬ for 目),
are folded to those ideographs, and nothing else is normalised. The work is bounded:
``MAX_PAGES`` pages, ``MAX_CHARS`` characters, ``MAX_SEGMENTS`` lines a page.
"""

from __future__ import annotations

import bisect
import ctypes
import itertools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

import attrs

from perfindicator.model.errors import FormError
from perfindicator.model.location import Box, PageBoxes
from perfindicator.sources.files import InputError
from perfindicator.sources.grid import MAX_CELLS, Cell, Grid, GridError, title_lines

__all__ = [
    "MAX_CHARS",
    "MAX_PAGES",
    "MAX_SEGMENTS",
    "is_page_furniture",
    "page_numbers",
    "read_pdf",
]

#: The most pages a PDF may have: a province's budget book has a few hundred.
MAX_PAGES = 5_000
#: The most characters all its pages may hold together.
MAX_CHARS = 10_000_000
#: The most straight segments a page may draw (a ruled form has a few hundred; a chart or map
#: drawn as paths has thousands and is no table).
MAX_SEGMENTS = 20_000

#: How deep form XObjects nested in form XObjects are followed.
_MAX_DEPTH = 15

#: Lines closer than this (points) are one line; a segment ending this near another touches it.
SNAP = 1.5
#: A filled rectangle at most this thick draws a line.
THIN = 2.0

#: Kangxi radicals, folded to the ideographs a font without a proper map meant by them.
_KANGXI = {code: unicodedata.normalize("NFKC", chr(code)) for code in range(0x2F00, 0x2FD6)}
#: What PDFium gives for a character that is none (a byte-order mark, a non-character).
_NOT_CHARACTERS = frozenset({0, 0xFEFF, 0xFFFE, 0xFFFF, 0x0A, 0x0D})
#: Characters PDFium may add between pieces of text, which are then no text of the page's.
_SPACES = frozenset({0x20, 0x09, 0x0A, 0x0D})
#: A character beyond the Basic Multilingual Plane (two UTF-16 units, one PDFium character).
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_CID = re.compile(r"\(cid:[0-9]+\)")
#: Lines of page furniture between a table and its continuation: a page number (3, - 3 -,
#: 第3页, 第3页 共9页), 续表, （续）.
_FURNITURE = re.compile(
    r"[-－—–\s]*[0-9]+[-－—–\s]*"
    r"|\s*(第\s*[0-9]+\s*页)?\s*([,，/／]?\s*共\s*[0-9]+\s*页)?\s*"
    r"|\s*[(（]?\s*续(表|上表)?\s*[0-9]*\s*[)）]?\s*[:：]?\s*"
)


def read_pdf(
    data: bytes,
    *,
    name: str | None = None,
    max_pages: int = MAX_PAGES,
    max_chars: int = MAX_CHARS,
    pages: Iterable[int] | None = None,
) -> list[Grid]:
    """The ruled tables of a PDF as grids (kind ``"pdf"``, named by their 1-based number in the
    document), a table continued over pages as one grid, its cells' boxes on their pages.

    ``pages`` (1-based page numbers: a list, a ``range``, or ``page_numbers("3-7,9")``) reads
    only those pages, in the document's order; boxes keep the document's page numbers, and a
    table is joined over two read pages only when they are adjacent. A page that is not a whole
    number of at least 1, or beyond the document, or no page at all, is an ``InputError``.
    ``name`` names the file in errors. Raises ``InputError`` when pypdfium2 is missing, and
    ``FormError`` for a PDF that cannot be read: damaged, encrypted, over ``max_pages`` pages
    or ``max_chars`` characters, without a text layer, or with text whose font has no Unicode
    map in a table.
    """
    try:
        import pypdfium2  # type: ignore[import-untyped]
    except ImportError:
        raise InputError("reading PDFs needs pypdfium2: pip install 'perfindicator[pdf]'") from None
    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as error:
        raise FormError(_load_error(error), file=name) from None
    try:
        return _Reader(document, name, max_pages, max_chars).grids(pages)
    except pypdfium2.PdfiumError as error:
        raise FormError(f"cannot read the PDF: {_reason(error)}", file=name) from None
    except FormError as error:
        error.file = name
        raise
    finally:
        document.close()


def page_numbers(spec: str) -> tuple[int, ...]:
    """The pages a spec such as ``3-7,9`` names (1-based, in order, each once): numbers and
    ranges ``FIRST-LAST`` between commas. Raises ``ValueError`` saying what is wrong in it."""
    numbers: set[int] = set()
    for part in spec.split(","):
        found = re.fullmatch(r"\s*([0-9]{1,9})\s*(?:-\s*([0-9]{1,9})\s*)?", part)
        if found is None:
            raise ValueError(f"not a page or a range of pages such as 3-7: {part.strip()!r}")
        first = int(found.group(1))
        last = first if found.group(2) is None else int(found.group(2))
        if first < 1:
            raise ValueError(f"pages are counted from 1: {part.strip()!r}")
        if last < first:
            raise ValueError(
                f"a range of pages from a later page to an earlier one: {part.strip()!r}"
            )
        numbers.update(range(first, last + 1))
    return tuple(sorted(numbers))


def _selected(pages: Iterable[int], count: int) -> range | list[int]:
    """The page numbers to read, checked against the document's ``count`` pages."""
    numbers = set()
    for number in pages:
        if isinstance(number, bool) or not isinstance(number, int):
            raise InputError(f"a page is a whole number counted from 1, not {number!r}")
        if number < 1:
            raise InputError(f"pages are counted from 1: there is no page {number}")
        if number > count:
            raise InputError(
                f"there is no page {number}: the PDF has {count:,} page{'s' if count != 1 else ''}"
            )
        numbers.add(number)
    if not numbers:
        raise InputError("no page to read: the pages given are none")
    return sorted(numbers)


def page_count(data: bytes) -> int | None:
    """How many pages a PDF has; None when pypdfium2 is missing or cannot open it (its reader
    says why)."""
    try:
        import pypdfium2
    except ImportError:
        return None
    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError:
        return None
    try:
        return len(document)
    finally:
        document.close()


def _reason(error: Exception) -> str:
    found = re.search(r"\(PDFium: ([^)]*)\)", str(error))
    return found.group(1).rstrip(".").lower() if found else str(error).rstrip(".")


def _load_error(error: Exception) -> str:
    if getattr(error, "err_code", None) == 4:  # FPDF_ERR_PASSWORD
        return (
            "the PDF is encrypted with a password: open it with its password and save or "
            "print it as a PDF without one"
        )
    reason = _reason(error)
    # PDFium gives no reason ("success"), or a stale one, for a file whose page tree holds no
    # page.
    shown = "" if getattr(error, "err_code", None) == 0 or reason == "success" else f" ({reason})"
    return f"not a readable PDF{shown}: it is damaged, cut short, not a PDF or has no pages"


class _Char(NamedTuple):
    """A character and its box as its font draws it (PDFium's loose box: the font's ascent
    to descent, the character's advance wide), in points from the page's top left."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    #: The box's height: about the font's size.
    size: float
    #: Whether PDFium found no Unicode for the character in its font.
    unmapped: bool

    @property
    def wide(self) -> bool:
        return unicodedata.east_asian_width(self.text) in {"W", "F"}


@attrs.define
class _Segments:
    """A page's horizontal lines as ``(y, x0, x1)`` and vertical ones as ``(x, top, bottom)``."""

    across: list[tuple[float, float, float]] = attrs.Factory(list)
    down: list[tuple[float, float, float]] = attrs.Factory(list)

    def add(self, x0: float, y0: float, x1: float, y1: float) -> None:
        if abs(y1 - y0) <= SNAP / 2 and abs(x1 - x0) > SNAP:
            self.across.append(((y0 + y1) / 2, min(x0, x1), max(x0, x1)))
        elif abs(x1 - x0) <= SNAP / 2 and abs(y1 - y0) > SNAP:
            self.down.append(((x0 + x1) / 2, min(y0, y1), max(y0, y1)))

    def count(self) -> int:
        return len(self.across) + len(self.down)


@attrs.define
class _Page:
    """What a page holds: its characters, its ruling segments, and where PDFium could not
    read a piece of text."""

    number: int
    chars: list[_Char]
    segments: _Segments
    lost: list[tuple[float, float]]
    #: The boxes of the page's text objects (x0, top, x1, bottom, as shown): a string is
    #: drawn inside one cell, and one drawn over a ruling line ran over its cell.
    runs: list[tuple[float, float, float, float]] = attrs.Factory(list)


@attrs.define
class _Region:
    """A cell of a table on one page: its edges' indexes (rows and columns of the page's
    edges, half-open) and its characters."""

    row: int
    last_row: int
    left: float
    right: float
    top: float
    bottom: float
    chars: list[_Char] = attrs.Factory(list)


@attrs.define
class _Piece:
    """A ruled table on one page: its edges, cells, and the lines of text above it."""

    page: int
    xs: list[float]
    ys: list[float]
    regions: list[_Region]
    #: The cell at each position of the grid of its edges, row by row.
    at: list[_Region]
    above: list[str]
    below: list[str] = attrs.Factory(list)

    @property
    def top(self) -> float:
        return self.ys[0]

    @property
    def bottom(self) -> float:
        return self.ys[-1]


class _Reader:
    def __init__(self, document: Any, name: str | None, max_pages: int, max_chars: int) -> None:
        import pypdfium2.raw  # type: ignore[import-untyped]

        self.raw = pypdfium2.raw
        self.document = document
        self.name = name
        self.max_pages = max_pages
        self.chars_left = max_chars
        self.max_chars = max_chars

    def grids(self, selected: Iterable[int] | None = None) -> list[Grid]:
        pages = len(self.document)
        numbers = range(1, pages + 1) if selected is None else _selected(selected, pages)
        if len(numbers) > self.max_pages:
            raise FormError(
                f"the PDF has {pages:,} pages: more than the {self.max_pages:,} read at most"
            )
        # Indexed by page number - 1; a page not read holds nothing, so nothing continues over it.
        pieces: list[list[_Piece]] = [[] for _ in range(pages)]
        outside: list[set[str]] = [set() for _ in range(pages)]
        any_text = False
        for number in numbers:
            page = self.document[number - 1]
            try:
                read = self.page(page, number)
            finally:
                page.close()
            any_text = any_text or bool(read.chars)
            found, lines = _pieces(read)
            pieces[number - 1] = found
            outside[number - 1] = set(lines)
        if numbers and not any_text:
            raise FormError(
                "the PDF has no text layer (its pages are images, as a scan's are): "
                "OCR it first, or read the table from the file it was printed from"
            )
        return _join(pieces, outside)

    def page(self, page: Any, number: int) -> _Page:
        """A page's characters and ruling segments, in points from its top left as shown."""
        left, bottom, right, top = page.get_cropbox()
        rotation = page.get_rotation() % 360
        width, height = right - left, top - bottom

        def shown(x: float, y: float) -> tuple[float, float]:
            u, v = x - left, top - y
            if rotation == 90:
                return height - v, u
            if rotation == 180:
                return width - u, height - v
            if rotation == 270:
                return v, width - u
            return u, v

        segments = _Segments()
        lost: list[tuple[float, float]] = []
        runs: list[tuple[float, float, float, float]] = []
        textpage = page.get_textpage()
        try:
            self.objects(page.raw, None, _IDENTITY, 0, textpage.raw, shown, segments, (lost, runs))
            if segments.count() > MAX_SEGMENTS:
                raise FormError(
                    f"page {number} draws more than {MAX_SEGMENTS:,} lines: a drawing, not a table"
                )
            upright = (left, top) if rotation == 0 else None
            chars = self.chars(textpage, number, shown, upright)
        finally:
            textpage.close()
        return _Page(number, chars, segments, lost, runs)

    def objects(
        self,
        page: Any,
        form: Any,
        outer: _Matrix,
        depth: int,
        textpage: Any,
        shown: Any,
        segments: _Segments,
        text: tuple[list[tuple[float, float]], list[tuple[float, float, float, float]]],
    ) -> None:
        """The paths of a page, or of a form XObject on it (``form``, drawn with the matrix
        ``outer``), into ``segments``; where PDFium cannot read a text object, into the first
        list of ``text``, and every text object's box into the second."""
        lost, runs = text
        raw = self.raw
        if form is None:
            count, get = raw.FPDFPage_CountObjects(page), raw.FPDFPage_GetObject
            parent = page
        else:
            count, get = raw.FPDFFormObj_CountObjects(form), raw.FPDFFormObj_GetObject
            parent = form
        left, bottom, right, top = (ctypes.c_float() for _ in range(4))
        box = [ctypes.byref(value) for value in (left, bottom, right, top)]
        matrix = raw.FS_MATRIX()
        for index in range(count):
            handle = get(parent, index)
            kind = raw.FPDFPageObj_GetType(handle)
            if kind == raw.FPDF_PAGEOBJ_TEXT:
                raw.FPDFPageObj_GetBounds(handle, *box)
                if (left.value == right.value or bottom.value == top.value) and self.unread(
                    handle, textpage
                ):
                    lost.append(shown(*_apply(outer, left.value, bottom.value)))
                else:
                    corners = [
                        shown(*_apply(outer, x, y))
                        for x in (left.value, right.value)
                        for y in (bottom.value, top.value)
                    ]
                    xs, ys = [x for x, _ in corners], [y for _, y in corners]
                    runs.append((min(xs), min(ys), max(xs), max(ys)))
            elif kind in (raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_FORM):
                raw.FPDFPageObj_GetMatrix(handle, ctypes.byref(matrix))
                own = (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)
                if kind == raw.FPDF_PAGEOBJ_PATH:
                    self.path(handle, _times(own, outer), shown, segments)
                elif depth < _MAX_DEPTH:
                    self.objects(
                        page, handle, _times(own, outer), depth + 1, textpage, shown, segments,
                        text,
                    )  # fmt: skip
            if segments.count() > MAX_SEGMENTS:
                return

    def unread(self, handle: Any, textpage: Any) -> bool:
        """Whether PDFium gives no character for a text object without width or height: a
        string whose font gives PDFium no size for its glyphs, which it then leaves out of
        the page's text (as it does with a lone Chinese character of reportlab's non-embedded
        STSong-Light, or any of its text on a rotated page), or an empty string, which a
        table's cell does not hold."""
        buffer = (ctypes.c_ushort * 4)()
        written = self.raw.FPDFTextObj_GetText(handle, textpage, buffer, ctypes.sizeof(buffer))
        return bool(written <= 2)  # bytes, with the UTF-16 terminator

    def path(self, handle: Any, matrix: _Matrix, shown: Any, segments: _Segments) -> None:
        """A path's straight segments as lines when it is stroked; when it is only filled, the
        line it draws if it is thin (a filled shape thicker than ``THIN`` is shading)."""
        raw = self.raw
        fill, stroke = ctypes.c_int(), ctypes.c_int()
        raw.FPDFPath_GetDrawMode(handle, ctypes.byref(fill), ctypes.byref(stroke))
        if not (fill.value or stroke.value):
            return  # a clipping path or an invisible one
        x, y = ctypes.c_float(), ctypes.c_float()
        points: list[tuple[int, bool, tuple[float, float]]] = []
        for index in range(raw.FPDFPath_CountSegments(handle)):
            segment = raw.FPDFPath_GetPathSegment(handle, index)
            raw.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y))
            kind = raw.FPDFPathSegment_GetType(segment)
            closes = bool(raw.FPDFPathSegment_GetClose(segment))
            points.append((kind, closes, shown(*_apply(matrix, x.value, y.value))))
        if not stroke.value:
            across = [point[0] for _, _, point in points]
            down = [point[1] for _, _, point in points]
            if not points or any(kind == raw.FPDF_SEGMENT_BEZIERTO for kind, _, _ in points):
                return
            wide, tall = max(across) - min(across), max(down) - min(down)
            if min(wide, tall) <= THIN and max(wide, tall) > THIN:
                if wide > tall:
                    middle = (min(down) + max(down)) / 2
                    segments.add(min(across), middle, max(across), middle)
                else:
                    middle = (min(across) + max(across)) / 2
                    segments.add(middle, min(down), middle, max(down))
            return
        start: tuple[float, float] | None = None
        last: tuple[float, float] | None = None
        for kind, closes, point in points:
            if kind == raw.FPDF_SEGMENT_MOVETO:
                start = point
            elif kind == raw.FPDF_SEGMENT_LINETO and last is not None:
                segments.add(*last, *point)
            if closes and start is not None:
                segments.add(*point, *start)
            last = point

    def chars(
        self, textpage: Any, number: int, shown: Any, upright: tuple[float, float] | None
    ) -> list[_Char]:
        """The page's characters, without the spaces and line breaks PDFium adds; on a page
        not turned, ``upright`` is its crop box's top-left corner (one subtraction a
        coordinate, the common case)."""
        raw = self.raw
        count = textpage.count_chars()
        self.chars_left -= max(count, 0)
        if self.chars_left < 0:
            raise FormError(
                f"the PDF holds more than the {self.max_chars:,} characters read at most "
                f"(page {number} passes the limit)"
            )
        handle = textpage.raw
        unicode, generated = raw.FPDFText_GetUnicode, raw.FPDFText_IsGenerated
        loose, unmapped = raw.FPDFText_GetLooseCharBox, raw.FPDFText_HasUnicodeMapError
        rect = raw.FS_RECTF()
        where = ctypes.byref(rect)
        found: list[_Char] = []
        # The page's text in one call when it has one UTF-16 unit a character (no character
        # beyond the Basic Multilingual Plane), else each character's code point.
        text = textpage.get_text_range() if count > 0 else ""
        whole = len(text) == count and not _ASTRAL.search(text)
        for index in range(count):
            code = ord(text[index]) if whole else unicode(handle, index)
            if code in _NOT_CHARACTERS or code > 0x10FFFF:
                continue
            if code in _SPACES and generated(handle, index) == 1:
                continue  # a space or line break PDFium adds between pieces of text
            loose(handle, index, where)
            if upright is not None:
                (a0, b0), (a1, b1) = (
                    (rect.left - upright[0], upright[1] - rect.top),
                    (rect.right - upright[0], upright[1] - rect.bottom),
                )
            else:
                (a0, b0), (a1, b1) = shown(rect.left, rect.top), shown(rect.right, rect.bottom)
            top, bottom = (b0, b1) if b0 < b1 else (b1, b0)
            left, right = (a0, a1) if a0 < a1 else (a1, a0)
            found.append(
                _Char(
                    _KANGXI.get(code) or chr(code),
                    left,
                    top,
                    right,
                    bottom,
                    bottom - top or 1.0,
                    unmapped(handle, index) == 1,
                )
            )
        return found


#: An affine matrix ``(a, b, c, d, e, f)`` as PDF writes them: ``x' = a x + c y + e``,
#: ``y' = b x + d y + f``.
_Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: _Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _apply(matrix: _Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = matrix
    return a * x + c * y + e, b * x + d * y + f


def _times(inner: _Matrix, outer: _Matrix) -> _Matrix:
    """The matrix applying ``inner``, then ``outer``."""
    a, b, c, d, e, f = inner
    p, q, r, s, t, u = outer
    return (a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s, e * p + f * r + t,
            e * q + f * s + u)  # fmt: skip


# --- Lines into tables ----------------------------------------------------------------------


def _snapped(
    lines: list[tuple[float, float, float]],
) -> list[tuple[float, float, float]]:
    """Segments at one position (within ``SNAP``) at their mean position, joined where they
    overlap or touch."""
    lines = sorted(lines)
    groups: list[list[tuple[float, float, float]]] = []
    for line in lines:
        if groups and line[0] - groups[-1][-1][0] <= SNAP:
            groups[-1].append(line)
        else:
            groups.append([line])
    joined: list[tuple[float, float, float]] = []
    for group in groups:
        at = sum(line[0] for line in group) / len(group)
        spans = sorted((start, end) for _, start, end in group)
        start, end = spans[0]
        for next_start, next_end in spans[1:]:
            if next_start <= end + SNAP:
                end = max(end, next_end)
            else:
                joined.append((at, start, end))
                start, end = next_start, next_end
        joined.append((at, start, end))
    return joined


def _edges(values: Iterable[float]) -> list[float]:
    """Positions within ``SNAP`` of each other as one (their mean), in order."""
    groups: list[list[float]] = []
    for value in sorted(values):
        if groups and value - groups[-1][-1] <= SNAP:
            groups[-1].append(value)
        else:
            groups.append([value])
    return [sum(group) / len(group) for group in groups]


def _spans_at(
    lines: Sequence[tuple[float, float, float]], edges: Sequence[float]
) -> list[list[tuple[float, float]]]:
    """For each edge, the spans the lines at it cover."""
    spans: list[list[tuple[float, float]]] = [[] for _ in edges]
    for at, start, end in lines:
        spans[_column(edges, at)].append((start - SNAP, end + SNAP))
    return spans


def _covered(spans: Sequence[tuple[float, float]], middle: float) -> bool:
    return any(start <= middle <= end for start, end in spans)


def _root(parent: list[int], index: int) -> int:
    """The representative of a position's group, in a union-find over ``parent``."""
    while parent[index] != index:
        parent[index] = parent[parent[index]]
        index = parent[index]
    return index


def _tables(
    segments: _Segments,
) -> list[tuple[list[tuple[float, float, float]], list[tuple[float, float, float]]]]:
    """The page's segments in groups that cross or touch: each group's horizontal and
    vertical lines."""
    across, down = _snapped(segments.across), _snapped(segments.down)
    parent = list(range(len(across) + len(down)))

    positions = [at for at, _, _ in down]  # in order: _snapped sorts them
    for i, (y, x0, x1) in enumerate(across):
        first = bisect.bisect_left(positions, x0 - SNAP)
        for j in range(first, bisect.bisect_right(positions, x1 + SNAP, first)):
            if down[j][1] - SNAP <= y <= down[j][2] + SNAP:
                parent[_root(parent, i)] = _root(parent, len(across) + j)
    groups: dict[int, tuple[list[tuple[float, float, float]], list[tuple[float, float, float]]]]
    groups = {}
    for i, line in enumerate(across):
        groups.setdefault(_root(parent, i), ([], []))[0].append(line)
    for j, line in enumerate(down):
        groups.setdefault(_root(parent, len(across) + j), ([], []))[1].append(line)
    return [group for group in groups.values() if group[0] and group[1]]


def _regions(
    across: list[tuple[float, float, float]], down: list[tuple[float, float, float]], page: int
) -> tuple[list[float], list[float], list[_Region], list[_Region]] | None:
    """A table's edges, its cells and the cell at each position (row by row), or None when
    its lines make fewer than two cells (a box around a title is no table)."""
    xs = _edges(
        [at for at, _, _ in down] + [min(s for _, s, _ in across), max(e for *_, e in across)]
    )
    ys = _edges(
        [at for at, _, _ in across] + [min(s for _, s, _ in down), max(e for *_, e in down)]
    )
    rows, columns = len(ys) - 1, len(xs) - 1
    if rows < 1 or columns < 1 or rows * columns < 2:
        return None
    if rows * columns > MAX_CELLS:
        raise GridError(f"a table on page {page} has more than {MAX_CELLS:,} cells")
    parent = list(range(rows * columns))

    verticals, horizontals = _spans_at(down, xs), _spans_at(across, ys)
    for row in range(rows):
        middle = (ys[row] + ys[row + 1]) / 2
        for column in range(columns - 1):
            if not _covered(verticals[column + 1], middle):
                parent[_root(parent, row * columns + column + 1)] = _root(
                    parent, row * columns + column
                )
    for column in range(columns):
        middle = (xs[column] + xs[column + 1]) / 2
        for row in range(rows - 1):
            if not _covered(horizontals[row + 1], middle):
                parent[_root(parent, (row + 1) * columns + column)] = _root(
                    parent, row * columns + column
                )
    spans: dict[int, list[int]] = {}
    for index in range(rows * columns):
        spans.setdefault(_root(parent, index), []).append(index)
    regions = []
    at: list[_Region | None] = [None] * (rows * columns)  # the cell at each position
    for members in spans.values():
        row0, row1 = members[0] // columns, members[-1] // columns + 1
        column0 = min(index % columns for index in members)
        column1 = max(index % columns for index in members) + 1
        if (row1 - row0) * (column1 - column0) != len(members):
            raise FormError(
                f"the ruling lines of a table on page {page} leave a cell that is not a "
                "rectangle: its cells cannot be told",
                location=PageBoxes([Box(page, xs[column0], ys[row0], xs[column1], ys[row1])]),
            )
        region = _Region(row0, row1, xs[column0], xs[column1], ys[row0], ys[row1])
        regions.append(region)
        for index in members:
            at[index] = region
    regions.sort(key=lambda region: (region.row, region.left))
    return xs, ys, regions, [region for region in at if region is not None]


def _pieces(read: _Page) -> tuple[list[_Piece], list[str]]:
    """The ruled tables of a page, top to bottom, and the lines of text outside them."""
    page, chars = read.number, read.chars
    found = []
    for across, down in _tables(read.segments):
        made = _regions(across, down, page)
        if made is not None:
            found.append(_Piece(page, *made, []))
    found.sort(key=lambda piece: (piece.top, piece.xs[0]))
    outside: list[_Char] = []
    for char in chars:
        x, y = (char.x0 + char.x1) / 2, (char.top + char.bottom) / 2
        for piece in found:
            if piece.xs[0] <= x <= piece.xs[-1] and piece.top <= y <= piece.bottom:
                # The position between the edges either side (on the last edge: the last).
                column = bisect.bisect_right(piece.xs, x, 1, len(piece.xs) - 1) - 1
                row = bisect.bisect_right(piece.ys, y, 1, len(piece.ys) - 1) - 1
                piece.at[row * (len(piece.xs) - 1) + column].chars.append(char)
                break
        else:
            outside.append(char)
    for x, y in read.lost:
        for piece in found:
            if piece.xs[0] <= x <= piece.xs[-1] and piece.top <= y <= piece.bottom:
                raise FormError(
                    "PDFium cannot read a piece of text in a table (its font does not say "
                    "which characters it draws), so the table's text would be incomplete; "
                    "print the PDF again with its fonts embedded, or read the table from the "
                    "file it was printed from",
                    location=PageBoxes([Box(page, x, y, x, y)]),
                )
    for run in read.runs:
        _check_run(run, found, page)
    lines = [(_line_text(line, gap=1.0), line[0].bottom) for line in _lines(outside)]
    for index, piece in enumerate(found):
        ceiling = found[index - 1].bottom if index else float("-inf")
        floor = found[index + 1].top if index + 1 < len(found) else float("inf")
        piece.above = [text for text, baseline in lines if ceiling < baseline < piece.top]
        piece.below = [text for text, baseline in lines if piece.bottom < baseline < floor]
    return found, [text for text, _ in lines]


# --- Characters into text -------------------------------------------------------------------


def _lines(chars: list[_Char]) -> list[list[_Char]]:
    """Characters in lines by the foot of their boxes (their baseline, less the font's descent),
    top to bottom, each left to right."""
    lines: list[list[_Char]] = []
    for char in sorted(chars, key=lambda char: (char.bottom, char.x0)):
        if lines and char.bottom - lines[-1][0].bottom <= 0.5 * char.size:
            lines[-1].append(char)
        else:
            lines.append([char])
    for line in lines:
        line.sort(key=lambda char: char.x0)
    return lines


def _line_text(line: list[_Char], *, gap: float = 0.3) -> str:
    """A line's characters as text: a space where the PDF has one, or where characters not
    both Chinese stand more than ``gap`` font sizes apart."""
    pieces: list[str] = []
    previous: _Char | None = None
    for char in line:
        if char.text.isspace():
            if pieces and pieces[-1] != " ":
                pieces.append(" ")
            previous = None
            continue
        if (
            previous is not None
            and pieces[-1] != " "
            and char.x0 - previous.x1 > gap * char.size
            and (gap >= 1.0 or not (char.wide and previous.wide))
        ):
            pieces.append(" ")
        pieces.append(char.text)
        previous = char
    return "".join(pieces).strip()


def _first_word_width(line: list[_Char]) -> float:
    """How wide the line's first word is: its first character when that is Chinese, else the
    characters up to a space or a Chinese character."""
    if not line or line[0].wide:
        return line[0].x1 - line[0].x0 if line else 0.0
    end = line[0].x1
    for char in line:
        if char.text.isspace() or char.wide:
            break
        end = char.x1
    return end - line[0].x0


def _cell_text(region: _Region) -> str:
    """A cell's lines, joined where the text wrapped (the next line's first word would not
    have fitted on the line) and kept apart with ``\\n`` where a line ended short."""
    lines = [line for line in _lines(region.chars) if _line_text(line)]
    if not lines:
        return ""
    padding = max(min(line[0].x0 for line in lines) - region.left, 0.5)
    limit = region.right - padding
    text = _line_text(lines[0])
    for previous, line in itertools.pairwise(lines):
        following = _line_text(line)
        if previous[-1].x1 + _first_word_width(line) <= limit - SNAP:
            text += "\n" + following
        elif _ascii_letter(previous[-1].text) and _ascii_letter(line[0].text):
            text += " " + following  # words of Latin letters wrap at their spaces
        else:
            # Chinese, a figure or a symbol wrapped anywhere: ≥98.5 / % is ≥98.5%.
            text += following
    return text


def _ascii_letter(char: str) -> bool:
    return char.isascii() and char.isalpha()


def _check(text: str, region: _Region, page: int) -> None:
    """Refuse the text of a cell whose font has no Unicode map: PDFium's flag, control or
    private-use characters, U+FFFD, or ``(cid:N)`` written out."""
    bad = next(
        (
            char
            for char in region.chars
            if char.unmapped
            or char.text == "\ufffd"
            or (unicodedata.category(char.text) in {"Cc", "Co", "Cs"} and char.text != "\t")
        ),
        None,
    )
    if bad is None and not _CID.search(text):
        return
    raise FormError(
        "the text of this table's cells is not text: its font has no Unicode map "
        f"(found {text[:20]!r}), so the characters cannot be known; OCR the page, or read "
        "the table from the file it was printed from",
        location=PageBoxes([Box(page, region.left, region.top, region.right, region.bottom)]),
    )


#: How far a string may stand over its cell's side (points) before it runs over into the next
#: cell: a glyph's box is its advance, a little wider than what it draws.
_OVERRUN = 1.0


def _check_run(run: tuple[float, float, float, float], pieces: list[_Piece], page: int) -> None:
    """Refuse a table with a string drawn over a ruling line between its cells (a generator
    that does not wrap): the characters of the cells either side are mixed there
    (``财政专户拨`` / ``款其他资金``), and which cell each belongs to cannot be known."""
    x0, top, x1, bottom = run
    middle = (top + bottom) / 2
    for piece in pieces:
        if not (piece.top <= middle <= piece.bottom and x0 < piece.xs[-1] and x1 > piece.xs[0]):
            continue
        for region in piece.regions:
            if not region.top <= middle <= region.bottom:
                continue
            inside = region.left - _OVERRUN <= x0 and x1 <= region.right + _OVERRUN
            if region.left < (x0 + x1) / 2 < region.right and not inside:
                raise FormError(
                    "text runs over the ruling line beside its cell, so the characters of the "
                    "cells either side are mixed and cannot be told apart; read the table from "
                    "the file it was printed from",
                    location=PageBoxes([Box(page, x0, top, x1, bottom)]),
                )


# --- Pieces into grids ----------------------------------------------------------------------


def is_page_furniture(line: str) -> bool:
    """Whether a line printed beside a table is page furniture: a page number, 续表, （续）."""
    return bool(_FURNITURE.fullmatch(line))


def _furniture(line: str, pages: Sequence[set[str]]) -> bool:
    return bool(_FURNITURE.fullmatch(line)) or any(line in lines for lines in pages)


def _continues(chain: list[_Piece], piece: _Piece, outside: list[set[str]]) -> bool:
    """Whether a table at the top of a page continues the chain ending on the page before."""
    last = chain[-1]
    if piece.page != last.page + 1:
        return False
    xs = chain[0].xs
    if abs(xs[0] - piece.xs[0]) > SNAP or abs(xs[-1] - piece.xs[-1]) > SNAP:
        return False
    edges = _union([piece.xs for piece in chain])
    if not (_within(piece.xs, edges) or _within(edges, piece.xs)):
        return False
    before, after = outside[last.page - 1], outside[piece.page - 1]
    if any(not _furniture(line, [after]) for line in last.below):
        return False
    first_above = set(chain[0].above)
    return all(line in first_above or _furniture(line, [before]) for line in piece.above)


def _within(edges: Sequence[float], others: Sequence[float]) -> bool:
    return all(any(abs(edge - other) <= SNAP for other in others) for edge in edges)


def _union(edges: Iterable[Sequence[float]]) -> list[float]:
    return _edges(edge for group in edges for edge in group)


def _join(pages: list[list[_Piece]], outside: list[set[str]]) -> list[Grid]:
    chains: list[list[_Piece]] = []
    for found in pages:
        for index, piece in enumerate(found):
            if index == 0 and chains and _continues(chains[-1], piece, outside):
                chains[-1].append(piece)
            else:
                chains.append([piece])
    return [_grid(chain, str(number)) for number, chain in enumerate(chains, start=1)]


#: A cell of a grid being put together: rows (half-open, of the whole grid), columns
#: (half-open, of the grid's edges), text and box.
_Placed = tuple[int, int, int, int, str, Box]


def _grid(chain: list[_Piece], name: str) -> Grid:
    edges = _union([piece.xs for piece in chain])
    placed: list[_Placed] = []
    first: list[_Placed] = []
    offset = 0
    for number, piece in enumerate(chain):
        cells = []
        for region in piece.regions:
            text = _cell_text(region)
            _check(text, region, piece.page)
            cells.append(
                (
                    region.row,
                    region.last_row,
                    _column(edges, region.left),
                    _column(edges, region.right),
                    text,
                    Box(piece.page, region.left, region.top, region.right, region.bottom),
                )
            )
        rows = len(piece.ys) - 1
        skip = _repeated(first, cells, len(edges) - 1) if number else 0
        if number == 0:
            first = cells
        for row, last_row, column, last_column, text, box in cells:
            if row >= skip:
                placed.append(
                    (row - skip + offset, last_row - skip + offset, column, last_column, text, box)
                )
        offset += rows - skip
    return Grid(
        "pdf",
        name,
        [
            Cell(text, row + 1, column + 1, last_row - row, last_column - column, (box,))
            for row, last_row, column, last_column, text, box in placed
        ],
        title=title_lines(chain[0].above),
    )


def _column(edges: Sequence[float], x: float) -> int:
    """The index of the edge nearest ``x``."""
    index = bisect.bisect_left(edges, x)
    if index == len(edges) or (index and x - edges[index - 1] < edges[index] - x):
        return index - 1
    return index


#: The most rows a header repeated on a continued page may have.
MAX_HEADER_ROWS = 6


def _by_row(cells: list[_Placed]) -> dict[int, list[_Placed]]:
    rows: dict[int, list[_Placed]] = {}
    for cell in cells:
        rows.setdefault(cell[0], []).append(cell)
    return rows


def _block(
    rows: dict[int, list[_Placed]], start: int, end: int, width: int
) -> list[tuple[Any, ...]] | None:
    """The cells of rows ``start`` to ``end`` (half-open) relative to ``start``, when they cover
    those rows whole and reach no further, and hold some text."""
    inside = [cell for row in range(start, end) for cell in rows.get(row, ())]
    if any(cell[1] > end for cell in inside):
        return None
    area = sum((cell[1] - cell[0]) * (cell[3] - cell[2]) for cell in inside)
    if area != (end - start) * width or not any(cell[4] for cell in inside):
        return None
    return sorted((cell[0] - start, cell[1] - start, cell[2], cell[3], cell[4]) for cell in inside)


def _repeated(first: list[_Placed], cells: list[_Placed], width: int) -> int:
    """How many leading rows of a continued page repeat rows of the table's first page (its
    header printed again, at most ``MAX_HEADER_ROWS``): the most such rows, 0 when none."""
    rows, first_rows = _by_row(cells), _by_row(first)
    height = max((cell[1] for cell in cells), default=0)
    first_height = max((cell[1] for cell in first), default=0)
    lead = _row_key(rows, 0)
    starts = [row for row in range(first_height) if _row_key(first_rows, row) == lead]
    for count in range(min(height - 1, first_height, MAX_HEADER_ROWS), 0, -1):
        block = _block(rows, 0, count, width)
        if block is None:
            continue
        if any(_block(first_rows, start, start + count, width) == block for start in starts):
            return count
    return 0


def _row_key(rows: dict[int, list[_Placed]], row: int) -> list[tuple[int, int, str]]:
    return sorted((cell[2], cell[3], cell[4]) for cell in rows.get(row, ()))
