"""The forms pasted as text: tab-separated and ``|``-separated cells read into the same grid,
and on to the same document, as the cells themselves."""

from __future__ import annotations

import re

import pytest

from _forms import SELF_EVALUATION_ROWS, TARGET_ROWS
from perfindicator.forms.column_form import read_grids
from perfindicator.model.errors import FormError
from perfindicator.sources.grid import Grid
from perfindicator.sources.pasted import looks_pasted, read_pasted


def _tsv(rows: list[list[str]]) -> str:
    return "".join("\t".join(row) + "\n" for row in rows)


def _markdown(rows: list[list[str]]) -> str:
    width = max(map(len, rows))
    lines = ["| " + " | ".join(row + [""] * (width - len(row))) + " |" for row in rows]
    return "\n".join([lines[0], "|" + "---|" * width, *lines[1:]]) + "\n"


@pytest.mark.parametrize("rows", [TARGET_ROWS, SELF_EVALUATION_ROWS], ids=["target", "self"])
def test_tab_separated_text_reads_as_its_cells(rows: list[list[str]]) -> None:
    text = _tsv(rows)
    assert looks_pasted(text)
    assert read_pasted(text) == Grid.from_rows("text", "1", rows)
    assert read_grids([read_pasted(text)]) == read_grids([Grid.from_rows("text", "1", rows)])


def test_markdown_reads_as_the_same_document() -> None:
    from_markdown = read_grids([read_pasted(_markdown(SELF_EVALUATION_ROWS))])
    from_cells = read_grids([Grid.from_rows("text", "1", SELF_EVALUATION_ROWS)])
    assert from_markdown.projects == from_cells.projects


def test_excel_quotes_a_cell_with_a_line_break() -> None:
    grid = read_pasted(
        '年度目标\t"完成养护300公里；\n路况优良率不低于85%"\n项目名称\t农村公路养护\n'
    )
    assert [cell.text for cell in grid.cells] == [
        "年度目标",
        "完成养护300公里；\n路况优良率不低于85%",
        "项目名称",
        "农村公路养护",
    ]
    assert [(cell.row, cell.column) for cell in grid.cells] == [(1, 1), (1, 2), (2, 1), (2, 2)]


def test_an_escaped_pipe_stays_in_its_cell() -> None:
    grid = read_pasted("| 三级指标 | 指标值 |\n|---|---|\n| 甲\\|乙 | 5个 |\n")
    assert [cell.text for cell in grid.cells] == ["三级指标", "指标值", "甲|乙", "5个"]


def test_glued_cells_are_refused_not_split() -> None:
    text = "三级指标年度指标值实际完成值分值\n安装坡面水标尺10≥266米≥266米10\n"
    assert not looks_pasted(text)
    with pytest.raises(FormError, match=re.escape("no tab or | between cells in any line")):
        read_pasted(text)
