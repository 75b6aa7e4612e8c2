"""Office files built in the tests from grids: .xlsx (openpyxl), .xls (xlwt) and .docx
(python-docx), each cell written with its merge, so that a reader's result can be compared
with the grid the file was made from. Nothing here is a binary fixture: every file is made
when a test runs."""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from perfindicator.sources.grid import Grid

#: A cell written as a value with a number format instead of its text: (sheet, row, column)
#: → (value, format).
Values = Mapping[tuple[str, int, int], tuple[Any, str]]


def patched(data: bytes, part: str, change: Callable[[str], str]) -> bytes:
    """A copy of an archive (.xlsx, .docx) with one part's text changed: damage, or what
    the writing library cannot write (a formula's saved value, a hostile attribute)."""
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for member in source.infolist():
            content = source.read(member)
            if member.filename == part:
                content = change(content.decode()).encode()
            target.writestr(member, content)
    return out.getvalue()


def to_xlsx(grids: Sequence[Grid], values: Values | None = None) -> bytes:
    """An .xlsx workbook with one sheet per grid, each merged cell a merged range."""
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for grid in grids:
        sheet = workbook.create_sheet(grid.name)
        for cell in grid.cells:
            target = sheet.cell(cell.row, cell.column)
            written = (values or {}).get((grid.name, cell.row, cell.column))
            if written is not None:
                target.value, target.number_format = written
            elif cell.text:
                target.value = cell.text
            if cell.rows > 1 or cell.columns > 1:
                sheet.merge_cells(
                    start_row=cell.row,
                    start_column=cell.column,
                    end_row=cell.row + cell.rows - 1,
                    end_column=cell.column + cell.columns - 1,
                )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def to_xls(grids: Sequence[Grid], values: Values | None = None) -> bytes:
    """An .xls (BIFF8) workbook with one sheet per grid, merged cells by write_merge."""
    import xlwt

    workbook = xlwt.Workbook(encoding="utf-8")
    for grid in grids:
        sheet = workbook.add_sheet(grid.name)
        for cell in grid.cells:
            written = (values or {}).get((grid.name, cell.row, cell.column))
            value: Any = cell.text
            style = xlwt.Style.default_style
            if written is not None:
                value, number_format = written
                style = xlwt.easyxf(num_format_str=number_format)
            if cell.rows > 1 or cell.columns > 1:
                sheet.write_merge(
                    cell.row - 1,
                    cell.row + cell.rows - 2,
                    cell.column - 1,
                    cell.column + cell.columns - 2,
                    value,
                    style,
                )
            elif value != "":
                sheet.write(cell.row - 1, cell.column - 1, value, style)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def to_docx(grids: Sequence[Grid]) -> bytes:
    """A .docx document with one table per grid (every position of a grid must be covered
    by a cell: a Word table has a cell everywhere), merged by ``cell.merge``, each line of a
    cell's text a paragraph."""
    import docx

    document = docx.Document()
    for grid in grids:
        table = document.add_table(rows=grid.height, cols=grid.width)
        for cell in grid.cells:
            target = table.cell(cell.row - 1, cell.column - 1)
            if cell.rows > 1 or cell.columns > 1:
                corner = table.cell(cell.row + cell.rows - 2, cell.column + cell.columns - 2)
                target = target.merge(corner)
            first, *others = cell.text.split("\n")
            target.paragraphs[0].text = first
            for line in others:
                target.add_paragraph(line)
        document.add_paragraph("")  # two tables in a row would be one table to Word
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _random_grids() -> Any:
    """Hypothesis: grids up to 6 by 6 whose every position is covered by one cell, merged
    cells placed at random without overlapping, texts of CJK characters, digits, signs and
    line breaks (never a leading =, which a workbook would take for a formula)."""
    from hypothesis import strategies as st

    from perfindicator.sources.grid import Cell

    alphabet = st.sampled_from("绩效指标产出数量质量满意度≥≤%万元公里年度一二三0123456789.（）")
    line = st.text(alphabet, max_size=6)
    texts = st.lists(line, min_size=1, max_size=3).map("\n".join)

    @st.composite
    def build(draw: Any, kind: str) -> Grid:
        height = draw(st.integers(1, 6))
        width = draw(st.integers(1, 6))
        covered = [[False] * width for _ in range(height)]
        cells = []
        for row in range(height):
            for column in range(width):
                if covered[row][column]:
                    continue
                free = 1
                while column + free < width and not covered[row][column + free]:
                    free += 1
                columns = draw(st.integers(1, free))
                rows = draw(st.integers(1, height - row))
                for down in range(row, row + rows):
                    for across in range(column, column + columns):
                        covered[down][across] = True
                cells.append(Cell(draw(texts), row + 1, column + 1, rows, columns))
        return Grid(kind, "表1" if kind == "sheet" else "1", cells)

    return build


def random_grids(kind: str) -> Any:
    """A strategy of grids of this kind (see _random_grids)."""
    return _random_grids()(kind)
