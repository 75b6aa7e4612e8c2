"""Office files built in the tests from grids: .xlsx (openpyxl), .xls (xlwt) and .docx
(python-docx), each cell written with its merge, so that a reader's result can be compared
with the grid the file was made from. Nothing here is a binary fixture: every file is made
when a test runs."""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from perfindicator.sources.grid import Cell, Grid, Kind

#: SPEC §9's target form as its cells, every position covered (as a Word table needs): the
#: title over five columns, 绩效指标 over the six rows of the indicator grid, 产出指标 over
#: three rows, 数量指标 over two, 县交通运输局 over two columns.
TARGET_FORM = Grid(
    "sheet",
    "目标表",
    [
        Cell("项目支出绩效目标申报表\n（2023年度）", 1, 1, 1, 5),
        Cell("项目名称", 2, 1),
        Cell("农村公路养护", 2, 2),
        Cell("主管部门", 2, 3),
        Cell("县交通运输局", 2, 4, 1, 2),
        Cell("绩效指标", 3, 1, 6, 1),
        Cell("一级指标", 3, 2),
        Cell("二级指标", 3, 3),
        Cell("三级指标", 3, 4),
        Cell("指标值", 3, 5),
        Cell("产出指标", 4, 2, 3, 1),
        Cell("数量指标", 4, 3, 2, 1),
        Cell("养护里程", 4, 4),
        Cell("≥300公里", 4, 5),
        Cell("桥梁检查次数", 5, 4),
        Cell("4次/年", 5, 5),
        Cell("质量指标", 6, 3),
        Cell("路况优良率", 6, 4),
        Cell("≥85%", 6, 5),
        Cell("效益指标", 7, 2),
        Cell("社会效益指标", 7, 3),
        Cell("群众出行条件", 7, 4),
        Cell("明显改善", 7, 5),
        Cell("满意度指标", 8, 2),
        Cell("服务对象满意度指标", 8, 3),
        Cell("沿线群众满意度", 8, 4),
        Cell("≥90%", 8, 5),
    ],
)

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


def zip_bomb(data: bytes, part: str) -> tuple[bytes, str]:
    """An archive whose part unpacks to 50 MB more spaces than it had, and the message that
    refuses it (its sizes read from the archive's directory)."""
    import zipfile

    bomb = patched(data, part, lambda text: text + " " * 50_000_000)
    member = zipfile.ZipFile(io.BytesIO(bomb)).getinfo(part)
    ratio = member.file_size / member.compress_size
    assert ratio > 100
    return bomb, (
        f"the part {part} unpacks from {member.compress_size} to"
        f" {member.file_size} bytes, {ratio:.0f} times, more than the limit of 100 times for"
        " a part over 1 MiB; pass max_ratio= to allow more"
    )


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
    cell's text a paragraph, the grid's title paragraphs above its table."""
    import docx

    document = docx.Document()
    for grid in grids:
        for line in grid.title:
            document.add_paragraph(line)
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


def random_grids(kind: Kind) -> Any:
    """Hypothesis: tiled grids of this kind (``_grids.tiled_grids``) whose texts are CJK
    characters, digits, signs and line breaks (never a leading =, which a workbook would take
    for a formula)."""
    from hypothesis import strategies as st

    from _grids import tiled_grids

    alphabet = st.sampled_from("绩效指标产出数量质量满意度≥≤%万元公里年度一二三0123456789.（）")
    texts = st.lists(st.text(alphabet, max_size=6), min_size=1, max_size=3).map("\n".join)
    return tiled_grids(kind, "表1" if kind == "sheet" else "1", texts)
