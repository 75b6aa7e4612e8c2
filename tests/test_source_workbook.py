"""Workbooks as grids (sources/workbook.py): every sheet's cells as the sheet displays them,
merged ranges as one cell, and damaged or hostile files refused with a FormError naming the
file. Every workbook is made here from a grid (tests/_office.py)."""

from __future__ import annotations

import datetime
import io
import sys
import zipfile
from typing import Any

import pytest
from hypothesis import given, settings

from _office import TARGET_FORM, patched, random_grids, to_xls, to_xlsx, zip_bomb
from perfindicator.model.errors import FormError
from perfindicator.sources.files import InputError
from perfindicator.sources.grid import Cell, Grid, GridError
from perfindicator.sources.workbook import MAX_MERGES, read_workbook

#: How an OLE2 compound document (an .xls workbook) begins.
OLE2 = bytes.fromhex("d0cf11e0a1b11ae1")

WRITERS = [pytest.param(to_xlsx, id="xlsx"), pytest.param(to_xls, id="xls")]


@pytest.mark.parametrize("write", WRITERS)
def test_the_target_form_reads_back_with_its_merged_cells(write) -> None:
    (grid,) = read_workbook(write([TARGET_FORM]), name="form")
    assert grid == TARGET_FORM
    matrix = grid.matrix()
    # Row 5 (桥梁检查次数) is under 产出指标 and 数量指标: the merged cells, not empty ones.
    assert [cell.text if cell else None for cell in matrix[4]] == [
        "绩效指标",
        "产出指标",
        "数量指标",
        "桥梁检查次数",
        "4次/年",
    ]


@pytest.mark.parametrize("write", WRITERS)
def test_every_sheet_with_cells_is_a_grid_in_order(write) -> None:
    first = Grid("sheet", "一", [Cell("甲", 1, 1)])
    empty = Grid("sheet", "空", [])
    last = Grid("sheet", "三", [Cell("丙", 2, 3)])
    assert read_workbook(write([first, empty, last])) == [first, last]


def _without_empty_cells(grid: Grid) -> Grid:
    """What a sheet gives back: an empty cell that is not merged is no cell."""
    kept = [c for c in grid.cells if c.text or c.rows > 1 or c.columns > 1]
    return Grid(grid.kind, grid.name, kept)


@settings(max_examples=40, deadline=None)
@given(random_grids("sheet"))
def test_random_grids_read_back_from_xlsx(grid: Grid) -> None:
    expected = _without_empty_cells(grid)
    assert read_workbook(to_xlsx([grid])) == ([expected] if expected.cells else [])


@settings(max_examples=40, deadline=None)
@given(random_grids("sheet"))
def test_random_grids_read_back_from_xls(grid: Grid) -> None:
    expected = _without_empty_cells(grid)
    assert read_workbook(to_xls([grid])) == ([expected] if expected.cells else [])


#: Values with number formats and the text Excel displays for them, worked out by hand.
SHOWN = [
    (0.95, "0%", "95%"),
    (0.955, "0.0%", "95.5%"),
    (120, "0.00", "120.00"),
    (89.97, "0.0", "90.0"),
    (1234567.891, "#,##0.00", "1,234,567.89"),
    (1234567, "#,##0", "1,234,567"),
    (-1234.5, "#,##0.00;(#,##0.00)", "(1,234.50)"),
    (12, '"¥"#,##0.00', "¥12.00"),
    (300, '0"公里"', "300公里"),
    (95.0, "General", "95"),
    (0.1, "General", "0.1"),
    (datetime.datetime(2023, 6, 30), "yyyy-mm-dd", "2023-06-30"),
    (datetime.datetime(2023, 6, 30), 'yyyy"年"m"月"d"日"', "2023-06-30"),
]


@pytest.mark.parametrize("write", WRITERS)
def test_numbers_and_dates_read_as_displayed(write) -> None:
    cells = [Cell(shown, row, 1) for row, (_, _, shown) in enumerate(SHOWN, start=1)]
    values = {("数", row, 1): (value, form) for row, (value, form, _) in enumerate(SHOWN, 1)}
    expected = Grid("sheet", "数", cells)
    assert read_workbook(write([expected], values)) == [expected]


SHEET = "xl/worksheets/sheet1.xml"


def test_a_formula_shows_its_saved_value_and_nothing_without_one() -> None:
    grid = Grid("sheet", "S", [Cell("=SUM(1,2)", 1, 1), Cell("=SUM(2,2)", 2, 1)])
    data = to_xlsx([grid])
    # openpyxl saves formulas without values (<v></v>); Excel saves the value it calculated.
    data = patched(data, SHEET, lambda xml: xml.replace("<v></v>", "<v>3</v>", 1))
    assert read_workbook(data) == [Grid("sheet", "S", [Cell("3", 1, 1)])]


def test_error_values_and_booleans_show_as_excel_shows_them() -> None:
    grid = Grid("sheet", "S", [Cell("x", 1, 1), Cell("y", 1, 2)])
    values = {("S", 1, 1): (True, "General")}
    data = to_xlsx([grid], values)
    data = patched(
        data, SHEET, lambda xml: xml.replace(
            '<c r="B1" t="inlineStr"><is><t>y</t></is></c>',
            '<c r="B1" t="e"><v>#DIV/0!</v></c>',
        )
    )  # fmt: skip
    assert read_workbook(data) == [Grid("sheet", "S", [Cell("TRUE", 1, 1), Cell("#DIV/0!", 1, 2)])]


def _workbook() -> tuple[Any, Any]:
    """A new openpyxl workbook and its one sheet, S."""
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "S"
    return workbook, sheet


def _saved(workbook: Any) -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_hidden_rows_and_columns_are_kept() -> None:
    workbook, sheet = _workbook()
    sheet["A1"], sheet["B2"], sheet["C3"] = "见", "藏行", "藏列"
    sheet.row_dimensions[2].hidden = True
    sheet.column_dimensions["C"].hidden = True
    out = _saved(workbook)
    expected = Grid("sheet", "S", [Cell("见", 1, 1), Cell("藏行", 2, 2), Cell("藏列", 3, 3)])
    assert read_workbook(out) == [expected]


def test_a_cell_under_a_merged_range_is_not_shown() -> None:
    workbook, sheet = _workbook()
    sheet["A1"], sheet["B1"] = "上", "盖住"
    out = _saved(workbook)
    merges = '<mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells>'
    data = patched(out, SHEET, lambda xml: xml.replace("</sheetData>", "</sheetData>" + merges))
    assert read_workbook(data) == [Grid("sheet", "S", [Cell("上", 1, 1, 1, 2)])]


@pytest.mark.parametrize("chunk", [1, 2, 5, 9, 10, 64, 1 << 16])
def test_merged_ranges_are_found_wherever_the_parse_is_cut(monkeypatch, chunk) -> None:
    # The ranges' parser calls its handler from the first bytes spelling mergeCell on: cut
    # into chunks of every size, a tag split across two of them is still seen, a prefixed
    # one too, and a cell whose text says mergeCell before them changes nothing.
    from perfindicator.sources import workbook as module

    xml = (
        b'<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>mergeCell</x:t>'
        b'</x:is></x:c></x:row></x:sheetData><x:mergeCells count="2"><x:mergeCell ref="A1:B2"/>'
        b'<x:mergeCell ref="C3:C4"/></x:mergeCells></x:worksheet>'
    )
    monkeypatch.setattr(module, "_CHUNK", chunk)
    assert module._xlsx_merges(io.BytesIO(xml), "S") == [(1, 1, 2, 2), (3, 3, 4, 3)]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_merged_ranges_are_found_in_a_sheet_saved_as_utf_16(encoding) -> None:
    # Its tag names are not the ASCII bytes of mergeCell, with a byte-order mark or without.
    data = to_xlsx([Grid("sheet", "S", [Cell("上", 1, 1, 1, 2), Cell("下", 2, 1)])])
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for member in source.infolist():
            content = source.read(member)
            if member.filename == SHEET:
                text = content.decode().split("?>", 1)[-1]
                content = ('<?xml version="1.0" encoding="UTF-16"?>' + text).encode(encoding)
            target.writestr(member, content)
    assert read_workbook(out.getvalue()) == [
        Grid("sheet", "S", [Cell("上", 1, 1, 1, 2), Cell("下", 2, 1)])
    ]


def test_a_stated_dimension_is_not_believed() -> None:
    data = to_xlsx([Grid("sheet", "S", [Cell("甲", 1, 1)])])
    data = patched(data, SHEET, lambda xml: xml.replace('ref="A1:A1"', 'ref="A1:XFD1048576"'))
    assert 'ref="A1:XFD1048576"' in zipfile.ZipFile(io.BytesIO(data)).read(SHEET).decode()
    assert read_workbook(data) == [Grid("sheet", "S", [Cell("甲", 1, 1)])]


def test_a_sheet_reaching_xfd1048576_is_refused() -> None:
    workbook, sheet = _workbook()
    sheet["A1"], sheet["XFD1048576"] = "甲", "乙"
    out = _saved(workbook)
    with pytest.raises(GridError) as caught:
        read_workbook(out, name="big.xlsx")
    assert str(caught.value) == (
        "big.xlsx, sheet S, A1:XFD1048576: the sheet has 1048576 rows and 16384 columns:"
        " more than the 2,000,000 cells a form may have"
    )


def test_a_million_merged_ranges_are_refused() -> None:
    ranges = "".join(f'<mergeCell ref="A{row}:B{row}"/>' for row in range(1, 1_000_001))
    data = to_xlsx([Grid("sheet", "S", [Cell("甲", 1, 1)])])
    data = patched(
        data, SHEET,
        lambda xml: xml.replace("</sheetData>", f"</sheetData><mergeCells>{ranges}</mergeCells>"),
    )  # fmt: skip
    with pytest.raises(FormError) as caught:
        read_workbook(data, name="many.xlsx")
    assert MAX_MERGES == 100_000
    assert str(caught.value) == "many.xlsx: sheet S has more than 100,000 merged ranges: not a form"


def test_overlapping_merged_ranges_are_refused() -> None:
    data = to_xlsx([Grid("sheet", "S", [Cell("甲", 1, 1)])])
    merges = '<mergeCells><mergeCell ref="A1:B2"/><mergeCell ref="B2:C3"/></mergeCells>'
    data = patched(data, SHEET, lambda xml: xml.replace("</sheetData>", "</sheetData>" + merges))
    with pytest.raises(GridError) as caught:
        read_workbook(data, name="o.xlsx")
    assert str(caught.value) == (
        "o.xlsx, sheet S, B2: two cells cover row 2, column 2: '甲' and ''"
    )


def test_a_truncated_workbook_is_refused() -> None:
    data = to_xlsx([TARGET_FORM])
    with pytest.raises(FormError) as caught:
        read_workbook(data[: len(data) // 2], name="cut.xlsx")
    assert str(caught.value) == (
        "cut.xlsx: a damaged or cut-short file: it starts as an .xlsx workbook (a zip archive)"
        " but is not a complete one (File is not a zip file); save or download it again"
    )


def test_a_zip_bomb_is_refused_before_it_is_unpacked() -> None:
    data, message = zip_bomb(to_xlsx([TARGET_FORM]), SHEET)
    with pytest.raises(FormError) as caught:
        read_workbook(data, name="bomb.xlsx")
    assert str(caught.value) == "bomb.xlsx: " + message


def test_a_workbook_over_the_size_limit_is_refused() -> None:
    data = to_xlsx([TARGET_FORM])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        total = sum(member.file_size for member in archive.infolist())
        parts = len(archive.infolist())
    with pytest.raises(FormError) as caught:
        read_workbook(data, name="a.xlsx", max_uncompressed=1000)
    assert str(caught.value) == (
        f"a.xlsx: the workbook unpacks to {total} bytes ({parts} parts, {total / 1024:.3g} KiB),"
        " more than the limit of 1000 (1000 bytes); pass max_uncompressed= to allow more"
    )


def test_a_damaged_sheet_part_is_named() -> None:
    # The sheet's XML ends before its rows are closed.
    cut = patched(to_xlsx([TARGET_FORM]), SHEET, lambda xml: xml[: xml.index("</sheetData>")])
    with pytest.raises(FormError) as caught:
        read_workbook(cut, name="d.xlsx")
    # expat's message, with the line and column where the part ends.
    message = "d.xlsx: damaged sheet 目标表: no element found: line 2, column "
    assert str(caught.value).startswith(message)


def test_a_text_file_renamed_xlsx_is_refused() -> None:
    with pytest.raises(FormError) as caught:
        read_workbook("项目名称,指标值\n".encode(), name="table.xlsx")
    assert str(caught.value) == (
        "table.xlsx: not a workbook: an .xlsx file is a zip archive and an .xls file an OLE2"
        " document, and this file begins like neither"
    )


def test_an_ole_document_without_a_workbook_is_refused() -> None:
    data = to_xls([TARGET_FORM])
    # The compound document's directory names the stream Workbook (in UTF-16): rename it.
    data = data.replace("Workbook".encode("utf-16-le"), "Document".encode("utf-16-le"))
    with pytest.raises(FormError) as caught:
        read_workbook(data, name="other.xls")
    assert str(caught.value) == (
        "other.xls: not a readable .xls workbook: an OLE2 document without a workbook in it"
        " (a Word .doc, or an .xlsx saved with a password, is one too)"
    )


@pytest.mark.parametrize("cut", [0.5, 0.9])
def test_a_truncated_xls_is_refused(cut: float) -> None:
    data = to_xls([TARGET_FORM])
    with pytest.raises(FormError) as caught:
        read_workbook(data[: int(len(data) * cut)], name="cut.xls")
    assert str(caught.value).startswith("cut.xls: not a readable .xls workbook: ")


def test_ole_garbage_is_refused() -> None:
    data = OLE2 + bytes(range(256)) * 8
    with pytest.raises(FormError) as caught:
        read_workbook(data, name="junk.xls")
    assert str(caught.value).startswith("junk.xls: not a readable .xls workbook: ")


@pytest.mark.parametrize(
    ("module", "data", "message"),
    [
        ("xlrd", OLE2, "reading .xls needs xlrd: pip install 'perfindicator[xls]'"),
        ("openpyxl", b"PK", "reading .xlsx needs openpyxl: pip install 'perfindicator[excel]'"),
    ],
    ids=["xls", "xlsx"],
)
def test_a_missing_library_names_its_extra(monkeypatch, module, data, message) -> None:
    monkeypatch.setitem(sys.modules, module, None)  # import raises ImportError
    with pytest.raises(InputError) as caught:
        read_workbook(data)
    assert str(caught.value) == message
