"""Pasted cells as grids: tables copied from Excel and browsers, Markdown tables, SPEC §9's
form between pipes, text that is not a table; and round trips of random grids through
``tests/_grids.py``'s ``to_tsv`` and ``to_markdown``."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _forms import TARGET_ROWS
from _grids import flattened, to_markdown, to_tsv
from perfindicator import read
from perfindicator.model.errors import FormError
from perfindicator.sources.grid import Cell, Grid
from perfindicator.sources.pasted import looks_pasted, read_pasted


def texts(grid: Grid) -> list[list[str]]:
    """The grid's texts row by row (a pasted grid's cells are one by one)."""
    assert all(cell.rows == cell.columns == 1 for cell in grid.cells)
    found: list[list[str]] = []
    for cell in grid.cells:
        if cell.column == 1:
            found.append([])
        assert (cell.row, cell.column) == (len(found), len(found[-1]) + 1)
        found[-1].append(cell.text)
    return found


#: SPEC §9's target form as it is written there: cells between " | ", the merged 绩效指标,
#: 一级指标 and 二级指标 cells flattened to empty cells, a trailing " |" for an empty last cell.
SPEC_FORM = """    项目支出绩效目标申报表
    （2023年度）
    项目名称 | 农村公路养护 | 主管部门 | 县交通运输局 | 实施单位 | 县公路养护中心
    项目资金（万元） | 年度资金总额 | 120 | 其中：财政拨款 | 120 | 其他资金 |
    年度目标 | 完成县乡道养护300公里，路况优良率不低于85%。
    绩效指标 | 一级指标 | 二级指标 | 三级指标 | 指标值
             | 产出指标 | 数量指标 | 养护里程 | ≥300公里
             |          |          | 桥梁检查次数 | 4次/年
             |          | 质量指标 | 路况优良率 | ≥85%
             | 效益指标 | 社会效益指标 | 群众出行条件 | 明显改善
             | 满意度指标 | 服务对象满意度指标 | 沿线群众满意度 | ≥90%
"""


def test_the_spec_form_between_pipes() -> None:
    grid = read_pasted(SPEC_FORM)
    assert grid.kind == "text"
    assert grid.name == "1"
    assert texts(grid) == TARGET_ROWS  # the same form, written out as cells
    assert looks_pasted(SPEC_FORM)


def test_a_copy_from_excel() -> None:
    # CRLF between rows, a cell with a line break and a quote quoted, an empty merged cell.
    copied = (
        "一级指标\t二级指标\t三级指标\t指标值\r\n"
        '产出指标\t数量指标\t"养护里程\n（县乡道）"\t≥300公里\r\n'
        '\t\t"桥梁""定期""检查"\t4次/年\r\n'
    )
    assert texts(read_pasted(copied)) == [
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "养护里程\n（县乡道）", "≥300公里"],
        ["", "", '桥梁"定期"检查', "4次/年"],
    ]
    assert looks_pasted(copied)


def test_a_copy_from_a_browser() -> None:
    # No quoting; padding spaces, a trailing tab for an empty last cell, a blank line.
    copied = "三级指标 \t 指标值\t\n\n路况优良率\t≥85%\t备注\n"
    assert texts(read_pasted(copied)) == [
        ["三级指标", "指标值", ""],
        ["路况优良率", "≥85%", "备注"],
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        pytest.param('"a\tb"\tc', ["a\tb", "c"], id="a tab inside quotes"),
        pytest.param(
            '"十四五"规划\tx', ['"十四五"规划', "x"], id="quotes that do not close the cell"
        ),
        pytest.param('"abc\tdef', ['"abc', "def"], id="a quote that never closes"),
        pytest.param('a"b"\tc', ['a"b"', "c"], id="quotes not at the start"),
        pytest.param('""\tc', ["", "c"], id="an empty quoted cell"),
        pytest.param('x\t"y"', ["x", "y"], id="a quoted last cell"),
    ],
)
def test_excel_quoting(line: str, expected: list[str]) -> None:
    assert texts(read_pasted(line)) == [expected]


def test_a_markdown_table() -> None:
    table = """
| 三级指标 | 指标值 | 说明 |
|:---|---:|:-:|
| 路况优良率 | ≥85% | a \\| b |
|  | 4次/年 | |
"""
    assert texts(read_pasted(table)) == [
        ["三级指标", "指标值", "说明"],
        ["路况优良率", "≥85%", "a | b"],
        ["", "4次/年", ""],
    ]


def test_a_markdown_table_without_spaces_or_outer_pipes() -> None:
    assert texts(read_pasted("|a|b|\n|-|-|\n|c|d|")) == [["a", "b"], ["c", "d"]]
    assert texts(read_pasted("a | b\n--- | ---\nc | d")) == [["a", "b"], ["c", "d"]]


def test_title_lines_above_a_markdown_table_lose_their_markdown_marks() -> None:
    table = """# 2024年度项目支出绩效目标表 #

**（2024年度）**

|三级指标|指标值|
|---|---|
|养护里程|≥300公里|
"""
    assert texts(read_pasted(table)) == [
        ["2024年度项目支出绩效目标表"],
        ["（2024年度）"],
        ["三级指标", "指标值"],  # the table's cells, its outer pipes and delimiter row gone
        ["养护里程", "≥300公里"],
    ]
    # Text that only looks like a mark is the document's: #2 is no heading, a lone ** no
    # emphasis, and a heading's mark inside the line is text.
    table = "#2 号 ** 表\n## 表 # 2 **甲**乙\n|a|b|\n|-|-|\n|c|d|\n"
    assert texts(read_pasted(table)) == [
        ["#2 号 ** 表"], ["表 # 2 甲乙"], ["a", "b"], ["c", "d"],
    ]  # fmt: skip


def test_title_lines_above_pipes_that_are_no_markdown_table_stay_as_written() -> None:
    # No delimiter row under the first line of pipes: not a Markdown table, no marks removed.
    assert texts(read_pasted("# 标题\n| a | b\nc | d\n")) == [
        ["# 标题"],
        ["", "a", "b"],
        ["c", "d"],
    ]


def test_a_markdown_title_line_is_the_documents_title(tmp_path: Path) -> None:
    path = tmp_path / "targets.md"
    width = max(map(len, TARGET_ROWS[2:]))
    cells = ["| " + " | ".join(row + [""] * (width - len(row))) + " |" for row in TARGET_ROWS[2:]]
    cells.insert(1, "|" + "---|" * width)
    path.write_text("# 2024年度项目支出绩效目标表\n\n" + "\n".join(cells) + "\n", "utf-8")
    document = read(path)
    assert (document.title, document.year, document.form) == (
        "2024年度项目支出绩效目标表", 2024, "project-targets",
    )  # fmt: skip
    assert [item.name for item in document.indicators] == [
        "养护里程", "桥梁检查次数", "路况优良率", "群众出行条件", "沿线群众满意度",
    ]  # fmt: skip


def test_dashes_are_cells_but_under_the_heading_row() -> None:
    assert texts(read_pasted("a | b\nc | d\n- | -")) == [["a", "b"], ["c", "d"], ["-", "-"]]
    # One dash on the second line of a text that is not a Markdown table is a cell.
    assert texts(read_pasted("a | b\n-\nc | d")) == [["a", "b"], ["-"], ["c", "d"]]


def test_a_pipe_inside_a_cell_without_spaces_is_kept() -> None:
    assert texts(read_pasted("指标值 | ≥90%|优\n满意度 | 高")) == [
        ["指标值", "≥90%|优"],
        ["满意度", "高"],
    ]


def test_the_separator_splitting_more_lines_wins() -> None:
    pasted = "a\tb | c\nd\te\nf | g"
    assert texts(read_pasted(pasted)) == [["a", "b | c"], ["d", "e"], ["f | g"]]
    # On a tie, tabs.
    assert texts(read_pasted("a\tb\nc | d")) == [["a", "b"], ["c | d"]]
    assert texts(read_pasted("a | b\nc | d\ne\tf")) == [["a", "b"], ["c", "d"], ["e\tf"]]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("", id="empty"),
        pytest.param("安装坡面水标尺10≥266米≥266米10", id="glued cells"),
        pytest.param("1、产出指标-数量指标；养护里程；年度指标值:≥300公里。\n", id="the notation"),
        pytest.param("a|b\nc|d", id="pipes without spaces and no leading pipe"),
    ],
)
def test_text_without_separators_is_not_a_pasted_table(text: str) -> None:
    with pytest.raises(FormError) as caught:
        read_pasted(text)
    assert str(caught.value) == "no tab or | between cells in any line: not a pasted table"
    assert not looks_pasted(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("a\tb", True, id="one line"),
        pytest.param("a\tb\nc\td\n说明", True, id="two of three lines"),
        pytest.param("title\na\tb\nc\n", False, id="one of three lines"),
        pytest.param("a\tb\nc\td\ne\nf\ng", False, id="two of five lines"),
        pytest.param("| a |\n| b |", True, id="a one-column Markdown table"),
    ],
)
def test_looks_pasted(text: str, expected: bool) -> None:
    assert looks_pasted(text) is expected


# Random flattened grids, at least two columns wide (a one-column tab-separated row with an
# empty cell is a blank line, which is not a row).

_TEXT = "产出指标≥％%<>&\"'=;/ab01 \n\t|\\"


@st.composite
def grids(draw: st.DrawFn, alphabet: str) -> Grid:
    height = draw(st.integers(1, 5))
    width = draw(st.integers(2, 5))
    words = st.text(alphabet=alphabet, max_size=6).map(str.strip)
    rows = [[draw(words) for _ in range(width)] for _ in range(height)]
    # A row of empty cells and a line of tabs alone: kept, as Excel copies an empty row.
    return Grid.from_rows("text", "1", rows)


@settings(max_examples=300, deadline=None)
@given(grids(_TEXT))
def test_random_grids_round_trip_as_tab_separated_text(grid: Grid) -> None:
    assert read_pasted(to_tsv(grid)) == Grid.from_rows("text", "1", flattened(grid))


@settings(max_examples=300, deadline=None)
@given(grids(_TEXT.replace("\n", "").replace("\t", "")))
def test_random_grids_round_trip_as_markdown(grid: Grid) -> None:
    assert read_pasted(to_markdown(grid)) == grid


def test_merged_cells_are_flattened_in_text() -> None:
    merged = Grid("html", "1", [Cell("绩效指标", 1, 1, 2, 1), Cell("a", 1, 2), Cell("b", 2, 2)])
    assert texts(read_pasted(to_tsv(merged))) == [["绩效指标", "a"], ["", "b"]]
    assert texts(read_pasted(to_markdown(merged))) == [["绩效指标", "a"], ["", "b"]]
