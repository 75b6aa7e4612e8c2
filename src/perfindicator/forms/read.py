"""``read(path)``: one published document, whatever form and file it comes in, detected by
its content (not only by its extension), returned as a ``Document``.

Read today: text files in the 项目支出绩效目标表 layout (``parse_table``), and the national column
forms as PDFs (their ruled tables: the ``pdf`` extra), web pages (every ``<table>``: the
``html`` extra), workbooks (.xlsx: ``excel``; .xls: ``xls``), Word files (.docx: ``word``) and
pasted cells (tab- or ``|``-separated, or one cell per line: ``forms/cell_lines.py``).
"""

from __future__ import annotations

from pathlib import Path

from perfindicator.forms.cell_lines import glued_headings, looks_like_cell_lines, read_cell_lines
from perfindicator.forms.column_form import read_grids
from perfindicator.forms.detect import looks_like_table
from perfindicator.forms.text_table import parse_table
from perfindicator.model.document import Document
from perfindicator.model.errors import NoFormError
from perfindicator.sources.files import DEFAULT_LIMIT, FORMATS, InputError, decode, read_bytes
from perfindicator.sources.html import read_html
from perfindicator.sources.pasted import looks_pasted, read_pasted
from perfindicator.sources.pdf import read_pdf
from perfindicator.sources.word import read_docx
from perfindicator.sources.workbook import read_workbook

__all__ = ["detect_format", "holds_cells", "read", "read_data"]

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


def read(path: str | Path, *, recover: bool = False, encoding: str | None = None) -> Document:
    """The document in a file: a target table in the text layout (form ``target-table``), or a
    column form (``project-targets``, ``self-evaluation``, ``department-…``) as a PDF, a web
    page, a workbook, a Word file or pasted cells.

    A file with no readable indicator is an error (``ParseError`` or ``FormError``), never an
    empty document; a file this release cannot read (a zip archive) is an ``InputError`` that
    says what it is.
    """
    name = str(path)
    try:
        data = read_bytes(path, DEFAULT_LIMIT, stdin_too=False)
        if len(data) > DEFAULT_LIMIT:
            raise InputError(f"larger than the limit of {DEFAULT_LIMIT:,} bytes")
        return read_data(data, name=name, recover=recover, encoding=encoding)
    except InputError as error:
        raise InputError(f"{name}: {error}") from None


def holds_cells(text: str) -> bool:
    """Whether a text is a form's cells, pasted with tabs or ``|`` between them or one cell per
    line, which ``read_data`` reads as a column form, rather than the notation."""
    return looks_pasted(text) or looks_like_cell_lines(text)


def read_data(
    data: bytes, *, name: str = "<data>", recover: bool = False, encoding: str | None = None
) -> Document:
    """``read()`` on the bytes of a file already in memory (``name`` is how errors and the
    document name it). An ``InputError`` here does not repeat the name."""
    kind = detect_format(data)
    if kind == "pdf":
        grids = read_pdf(data, name=name)
        if not grids:
            raise NoFormError(
                "no ruled table in the PDF: a table is read from the lines printed around its "
                "cells, and one printed without them is not read",
                file=name,
            )
        return read_grids(grids, file=name, format="pdf", recover=recover)
    if kind == "html":
        return read_grids(read_html(data, name=name), file=name, format="html", recover=recover)
    if kind in {"xlsx", "ole"}:
        # An OLE file is an old .xls or a .doc: read_workbook tells which, and refuses a .doc.
        grids = read_workbook(data, name=name)
        fmt = "xlsx" if kind == "xlsx" else "xls"
        return read_grids(grids, file=name, format=fmt, recover=recover)
    if kind == "docx":
        return read_grids(read_docx(data, name=name), file=name, format="docx", recover=recover)
    if kind != "text":
        shown = {"ole": "an old Excel or Word file (.xls, .doc)", "zip": "a zip archive"}
        raise InputError(f"{shown.get(kind, 'a ' + kind + ' file')}: this release reads {FORMATS}")
    text = decode(data, encoding)
    if looks_pasted(text):
        return read_grids([read_pasted(text, name=name)], file=name, format="text", recover=recover)
    if looks_like_cell_lines(text):
        return read_grids(
            [read_cell_lines(text, name=name)], file=name, format="text", recover=recover
        )
    if looks_like_table(text):
        table = parse_table(text, recover=recover)
        return Document(
            "target-table",
            table.projects,
            title=table.title,
            department=table.department,
            currency=table.currency,
            path=name,
            format="text",
            table=table,
            errors=table.errors,
        )
    glued = glued_headings(text, name=name)
    if glued is not None:
        raise glued
    raise InputError(
        "neither a target table nor cells of a form (no tabs or | between cells, no "
        "heading lines one cell per line); "
        "a block of indicators is read with parse_indicators"
    )
