"""``read(path)``: one published document, whatever form and file it comes in, detected by
its content (not only by its extension), returned as a ``Document``.

Read today: text files in the 项目支出绩效目标表 layout (``parse_table``), and the national column
forms as PDFs (their ruled tables: the ``pdf`` extra), web pages (every ``<table>``: the
``html`` extra), workbooks (.xlsx: ``excel``; .xls: ``xls``), Word files (.docx: ``word``) and
pasted cells (tab- or ``|``-separated, or one cell per line: ``forms/cell_lines.py``).
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

import attrs

from perfindicator.forms.cell_lines import glued_headings, looks_like_cell_lines, read_cell_lines
from perfindicator.forms.column_form import holds_headings, read_grids
from perfindicator.forms.detect import looks_like_table, parse_text
from perfindicator.forms.text_table import parse_table
from perfindicator.model.document import Document, TargetTable
from perfindicator.model.errors import FormError, NoFormError, ParseError
from perfindicator.notation.blocks import IndicatorList
from perfindicator.sources.files import (
    DEFAULT_LIMIT,
    FORMATS,
    InputError,
    decode,
    read_bytes,
    read_input_bytes,
)
from perfindicator.sources.grid import Grid
from perfindicator.sources.html import read_html
from perfindicator.sources.pasted import looks_pasted, read_pasted
from perfindicator.sources.pdf import is_page_furniture, read_pdf
from perfindicator.sources.word import read_docx
from perfindicator.sources.workbook import read_workbook

__all__ = [
    "ARCHIVE_LIMIT",
    "Content",
    "detect_format",
    "holds_cells",
    "read",
    "read_any",
    "read_content",
    "read_data",
    "read_input",
]

#: The largest PDF, .xlsx or .docx read unless told otherwise: a 部门决算 PDF with scanned
#: attachments or embedded fonts is often larger than a text, and the work reading one does is
#: bounded by the PDF's page and character limits and the archives' uncompressed size. Text
#: (and every other format) stays within ``DEFAULT_LIMIT``.
ARCHIVE_LIMIT = 512 * 1024 * 1024
#: The formats read up to ``ARCHIVE_LIMIT``.
_LARGE = frozenset({"pdf", "xlsx", "docx"})
#: What the first bytes of a file over ``DEFAULT_LIMIT`` may be for it to be read further: a
#: zip archive's first entry need not say whether it is a workbook or a Word file.
_MAYBE_LARGE = _LARGE | {"zip"}

#: What a file is, from its first bytes.
_MAGIC = (
    (b"%PDF-", "pdf"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"),  # .xls or .doc
    (b"PK\x03\x04", "zip"),  # .xlsx or .docx
)


def detect_format(data: bytes) -> str:
    """``pdf``, ``xlsx``, ``docx``, ``ole`` (an old .xls or .doc), ``zip`` (another archive),
    ``html`` or ``text``, from what the bytes hold."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            if kind == "zip":
                head = data[:65536]
                if b"xl/" in head:
                    return "xlsx"
                if b"word/" in head:
                    return "docx"
            return kind
    start = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith((b"<!doctype html", b"<html", b"<table", b"<meta", b"<head")) or (
        b"<table" in data[:65536].lower()
    ):
        return "html"
    return "text"


def read(
    path: str | Path,
    *,
    recover: bool = False,
    encoding: str | None = None,
    pages: Iterable[int] | None = None,
    max_bytes: int | None = None,
) -> Document:
    """The document in a file: a target table in the text layout (form ``target-table``), or a
    column form (``project-targets``, ``self-evaluation``, ``department-…``) as a PDF, a web
    page, a workbook, a Word file or pasted cells.

    ``pages`` reads only those pages of a PDF (1-based: a list, a ``range``); given for any
    other file it is an ``InputError``. A file is read up to ``max_bytes`` when given, else up to
    32 MiB (``DEFAULT_LIMIT``), or 512 MiB (``ARCHIVE_LIMIT``) for a PDF, .xlsx or .docx, as its
    first bytes tell.

    A file with no readable indicator is an error (``ParseError`` or ``FormError``), never an
    empty document; a file this release cannot read (a zip archive) is an ``InputError`` that
    says what it is.
    """
    name = str(path)
    try:
        data = read_input(name, None, max_bytes=max_bytes, stdin_too=False)
        return read_data(data, name=name, recover=recover, encoding=encoding, pages=pages)
    except InputError as error:
        raise InputError(f"{name}: {error}") from None


def read_input(
    name: str,
    stdin: io.BufferedIOBase | None = None,
    *,
    max_bytes: int | None = None,
    limit: int = DEFAULT_LIMIT,
    large_limit: int = ARCHIVE_LIMIT,
    stdin_too: bool = True,
) -> bytes:
    """The bytes of a file, or of standard input for ``-``: at most ``max_bytes`` when given;
    else at most ``limit``, or ``large_limit`` when the first bytes are a PDF's, an .xlsx's or a
    .docx's. A larger file is an ``InputError`` saying which limit it is over."""
    if max_bytes is not None:
        if name == "-" and not stdin_too:
            return read_input_bytes("./-", None, max_bytes)
        return read_input_bytes(name, stdin, max_bytes)
    if name == "-" and stdin_too:
        data = _read_stdin(stdin, limit + 1)
        if len(data) > limit and detect_format(data) in _MAYBE_LARGE:
            data += _read_stdin(stdin, large_limit - len(data) + 1)
    else:
        data = read_bytes(name, limit, stdin_too=stdin_too)
        if len(data) > limit and detect_format(data) in _MAYBE_LARGE:
            data = read_bytes(name, large_limit, stdin_too=stdin_too)
    if len(data) > limit:
        kind = detect_format(data)
        if kind in _LARGE:
            limit = large_limit
        if len(data) > limit:
            what = f" for a {'PDF' if kind == 'pdf' else '.' + kind}" if kind in _LARGE else ""
            raise InputError(
                f"larger than the limit of {limit:,} bytes{what}; pass --max-bytes (max_bytes) "
                "to read bigger files"
            )
    return data


def _read_stdin(stdin: io.BufferedIOBase | None, size: int) -> bytes:
    if stdin is None:
        raise InputError("no standard input (it is closed)")
    try:
        return stdin.read(size)
    except (OSError, ValueError) as error:  # ValueError: the stream is closed
        raise InputError(f"cannot read standard input: {error}") from None


def holds_cells(text: str) -> bool:
    """Whether a text is a form's cells, pasted with tabs or ``|`` between them or one cell per
    line, which ``read_data`` reads as a column form, rather than the notation."""
    return looks_pasted(text) or looks_like_cell_lines(text)


def read_data(
    data: bytes,
    *,
    name: str = "<data>",
    recover: bool = False,
    encoding: str | None = None,
    pages: Iterable[int] | None = None,
) -> Document:
    """``read()`` on the bytes of a file already in memory (``name`` is how errors and the
    document name it). An ``InputError`` here does not repeat the name."""
    kind = detect_format(data)
    _pages_of(kind, pages)
    if kind == "pdf":
        selected = None if pages is None else list(pages)
        grids = read_pdf(data, name=name, pages=selected)
        if not grids:
            raise NoFormError(
                "no ruled table in the "
                + ("PDF" if selected is None else "pages read")
                + ": a table is read from the lines printed around its cells, and one printed "
                "without them is not read",
                file=name,
            )
        skipped: list[FormError] = []
        if selected is not None:
            grids = _whole_tables(grids, set(selected), name, skipped if recover else None)
            if not grids:
                raise skipped[0]  # the only table's columns cannot be told
        try:
            document = read_grids(grids, file=name, format="pdf", recover=recover)
        except NoFormError as error:
            if selected is None or min(selected) == 1:
                raise
            # The pages may hold the rest of a form whose headings are on a page not read.
            raise NoFormError(
                f"{error.msg}; the pages read may continue a table that starts on an earlier "
                "page, whose headings were not read: read from the page where it starts",
                file=name,
            ) from None
        if skipped:
            document = attrs.evolve(document, errors=(*skipped, *document.errors))
        return document
    if kind == "html":
        return read_grids(read_html(data, name=name), file=name, format="html", recover=recover)
    if kind in {"xlsx", "ole"}:
        # An OLE file is an old .xls or a .doc: read_workbook tells which, and refuses a .doc.
        grids = read_workbook(data, name=name)
        fmt = "xlsx" if kind == "xlsx" else "xls"
        return read_grids(grids, file=name, format=fmt, recover=recover)
    if kind == "docx":
        return read_grids(read_docx(data, name=name), file=name, format="docx", recover=recover)
    if kind == "zip" and not _complete_zip(data):
        raise InputError(
            "a damaged or cut-short zip archive (an .xlsx workbook or a .docx document cut"
            " short looks like this): the directory at its end is missing; save or download"
            " it again"
        )
    if kind != "text":
        raise InputError(f"{_shown(kind)}: this release reads {FORMATS}")
    text = decode(data, encoding)
    if looks_pasted(text):
        return read_grids([read_pasted(text, name=name)], file=name, format="text", recover=recover)
    if looks_like_cell_lines(text):
        return read_grids(
            [read_cell_lines(text, name=name)], file=name, format="text", recover=recover
        )
    if looks_like_table(text):
        table = parse_table(text, recover=recover)
        return Document.of_table(table, path=name, format="text", errors=table.errors)
    instead = not_notation(text, name=name)
    if instead is not None:
        raise instead
    raise InputError(
        "neither a target table nor cells of a form (no tabs or | between cells, no "
        "heading lines one cell per line); "
        "a block of indicators is read with parse_indicators"
    )


def not_notation(text: str, *, name: str | None) -> FormError | InputError | None:
    """What a text that reads as no form and that the notation refuses is instead, where that
    can be told, as the error to report: a form whose cells were glued together (the error
    names the line), or JSON data (perfindicator's own ``--format json`` output, say), rather
    than the notation's complaint about its first characters."""
    glued = glued_headings(text, name=name)
    if glued is not None:
        return glued
    if not text.lstrip("\ufeff \t\r\n").startswith(("{", "[")):
        return None
    import json  # only here: a first parse does not need it

    try:
        json.loads(text)
    except (ValueError, RecursionError):
        return None
    return InputError(f"JSON data, not a document: this release reads {FORMATS}")


def _complete_zip(data: bytes) -> bool:
    import zipfile  # only here: a first parse does not need it

    return zipfile.is_zipfile(io.BytesIO(data))


def _pages_of(kind: str, pages: Iterable[int] | None) -> None:
    """Pages are chosen in a PDF: given for another file, they are an error."""
    if pages is not None and kind != "pdf":
        raise InputError(f"pages (--pages) are chosen in a PDF only, and this is {_shown(kind)}")


def _shown(kind: str) -> str:
    """A format in words: ``a web page``."""
    shown = {
        "ole": "an old Excel or Word file (.xls, .doc)",
        "zip": "a zip archive",
        "html": "a web page",
        "xlsx": "a workbook (.xlsx)",
        "docx": "a Word file (.docx)",
        "text": "text",
    }
    return shown.get(kind, f"a {kind} file")


def _whole_tables(
    grids: list[Grid], read: set[int], name: str, skipped: list[FormError] | None
) -> list[Grid]:
    """The grids of the pages read, less a table that may continue one on a page not read:
    the first table on a read page after one not read, with nothing above it but page
    furniture and no indicator headings of its own, whose columns cannot be told. It is an
    error (with ``recover``, left out and the error kept in ``skipped``), never a guess."""
    kept = []
    seen: set[int] = set()
    for grid in grids:
        page = min((box.page for cell in grid.cells for box in cell.boxes), default=0)
        first, seen = page not in seen, seen | {page}
        if (
            first
            and page > 1
            and page - 1 not in read
            and all(is_page_furniture(line) for line in grid.title)
            and not holds_headings(grid)
        ):
            error = FormError(
                f"the table at the top of page {page} may continue a table on page {page - 1}, "
                "which was not read: it has no headings of its own (三级指标 and 指标值, or "
                "项目名称 and 绩效指标), so its "
                f"columns cannot be told; read from the page where the table starts",
                file=name,
                location=grid.location(grid.cells[:1]),
            )
            if skipped is None:
                raise error
            skipped.append(error)
            continue
        kept.append(grid)
    return kept


class Content(NamedTuple):
    """What a file holds: a column form, or text in the notation (and, for cells that held no
    form, why they are not one, should the notation not read them either)."""

    document: Document | None
    text: str | None
    no_form: NoFormError | None = None


def read_content(
    data: bytes,
    *,
    name: str = "<data>",
    recover: bool = False,
    encoding: str | None = None,
    pages: Iterable[int] | None = None,
) -> Content:
    """A file's column form (``read_data``: a web page, a workbook, a Word file, a PDF, cells
    with a form's headings) or its text in the notation (a target table, an indicator block, or
    cells without a form's headings: notation with a tab or ``|`` in it). The command, ``check``
    and ``parse_many`` all decide here."""
    text = None
    kind = detect_format(data)
    _pages_of(kind, pages)
    if kind == "text":
        text = decode(data, encoding)
        if not holds_cells(text):
            return Content(None, text)
    try:
        return Content(
            read_data(data, name=name, recover=recover, encoding=encoding, pages=pages), None
        )
    except NoFormError as no_form:
        if text is None:
            raise
        return Content(None, text, no_form)


def read_any(
    data: bytes,
    *,
    name: str = "<data>",
    recover: bool = False,
    encoding: str | None = None,
    pages: Iterable[int] | None = None,
) -> tuple[Document | TargetTable | IndicatorList, str | None]:
    """What a file holds, and its text when it is text: a column form in any file ``read()``
    reads, or a target table or an indicator block in the notation (``parse_text``). Text that
    is neither raises the error that says why: cells without a form (``NoFormError``), a form
    whose cells were glued together (``FormError``), else the notation's ``ParseError``."""
    content = read_content(data, name=name, recover=recover, encoding=encoding, pages=pages)
    if content.document is not None:
        return content.document, None
    assert content.text is not None
    try:
        return parse_text(content.text, recover=recover), content.text
    except ParseError:
        if content.no_form is not None:
            raise content.no_form from None  # cells, but neither a form nor notation
        # Not notation: a form whose cells were glued together, or JSON, says so.
        instead = not_notation(content.text, name=name)
        if instead is not None:
            raise instead from None
        raise
