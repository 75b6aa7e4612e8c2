"""Forms pasted one cell per line (``forms/cell_lines.py``): the product description's target
form flattened the way Word and web pages flatten it (merged and empty cells gone, blank lines
between paragraphs), read into the same document as its cells; the lines that no rule places,
or that two readings place, refused with the line named."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from _forms import TARGET_ROWS
from perfindicator.forms.cell_lines import glued_headings, looks_like_cell_lines, read_cell_lines
from perfindicator.forms.column_form import read_grids
from perfindicator.forms.read import read
from perfindicator.model.errors import FormError
from perfindicator.model.values import Code, Quantity
from perfindicator.sources.grid import Grid
from perfindicator.sources.pasted import looks_pasted, read_lines


def _flattened(rows: list[list[str]], between: str = "\n") -> str:
    """The rows' cells one per line, the empty ones (merged or blank) left out."""
    return between.join(text for row in rows for text in row if text) + "\n"


@pytest.mark.parametrize(
    "between", ["\n", "\n\n", "\r\n \r\n"], ids=["lines", "paragraphs", "crlf"]
)
def test_the_target_form_one_cell_per_line_reads_as_its_cells(between: str) -> None:
    text = _flattened(TARGET_ROWS, between)
    assert looks_like_cell_lines(text)
    assert not looks_pasted(text)
    assert read_grids([read_cell_lines(text)]) == read_grids(
        [Grid.from_rows("text", "1", TARGET_ROWS)]
    )


def test_the_rebuilt_rows() -> None:
    grid = read_cell_lines(_flattened(TARGET_ROWS))
    rows: dict[int, list[str]] = {}
    for cell in grid.cells:
        rows.setdefault(cell.row, []).append(cell.text)
    assert list(rows.values()) == [
        ["项目支出绩效目标申报表"],
        ["（2023年度）"],
        ["项目名称", "农村公路养护"],
        ["主管部门", "县交通运输局"],
        ["实施单位", "县公路养护中心"],
        ["项目资金（万元）", "年度资金总额", "120", "其中：财政拨款", "120", "其他资金"],
        ["年度目标", "完成县乡道养护300公里，路况优良率不低于85%。"],
        ["绩效指标", "一级指标", "二级指标", "三级指标", "指标值"],
        ["", "产出指标", "数量指标", "养护里程", "≥300公里"],
        ["", "", "", "桥梁检查次数", "4次/年"],
        ["", "", "质量指标", "路况优良率", "≥85%"],
        ["", "效益指标", "社会效益指标", "群众出行条件", "明显改善"],
        ["", "满意度指标", "服务对象满意度指标", "沿线群众满意度", "≥90%"],
    ]


def test_a_line_with_its_own_label_is_a_row_of_its_own() -> None:
    # After 项目名称's value, 单位：万元 and 填报单位：… are not part of the project's name.
    text = "项目名称\n农村公路养护\n单位：万元\n填报单位：县交通运输局\n" + _flattened(
        TARGET_ROWS[5:]
    )
    document = read_grids([read_cell_lines(text)])
    assert (document.currency, document.projects[0].name) == ("万元", "农村公路养护")
    assert document.projects[0].header is not None
    assert document.projects[0].header.fields == (("填报单位", "县交通运输局"),)


def test_lines_keep_their_numbers() -> None:
    assert read_lines("项目名称\n\n\u3000农村公路养护 \r\n") == [
        (1, "项目名称"),
        (3, "农村公路养护"),
    ]


#: A self-evaluation pasted one cell per line: the 2021 levels with their points, 成本指标 as a
#: level, a category's own name as the indicator's name, empty notes written as / and 无.
SELF_EVALUATION = """项目支出绩效自评表
（2023年度）
单位：万元
项目名称
档案数字化
一级指标
二级指标
三级指标
年度指标值
实际完成值
分值
得分
偏差原因分析及改进措施
产出指标（50分）
数量指标
委托业务项目数量
≥50个
50
8
8
/
成本指标(0-20)分
经济成本指标
单位成本
≤3万元
2.9万元
20
20
无
满意度指标
服务对象满意度指标
服务对象满意度
≥90%
95%
10
9
个别意见未反馈
总分
38
37
"""


def test_a_self_evaluation_one_cell_per_line(tmp_path: Path) -> None:
    path = tmp_path / "self.txt"
    path.write_text(SELF_EVALUATION, "utf-8")
    document = read(path)
    assert (document.form, document.title, document.year, document.currency) == (
        "self-evaluation",
        "项目支出绩效自评表",
        2023,
        "万元",
    )
    [project] = document.projects
    assert project.name == "档案数字化"
    rows = [
        (
            item.level,
            item.category,
            item.name,
            item.annual,
            item.row.actual if item.row else None,
            item.row.weight if item.row else None,
            item.row.points if item.row else None,
            item.row.note if item.row else None,
        )
        for item in project.indicators
    ]
    assert rows == [
        (
            Code("1", "产出指标"),
            Code("11", "数量指标"),
            "委托业务项目数量",
            Quantity.of(">=", "50", "个"),
            Quantity.of("=", "50", "个"),
            Decimal(8),
            Decimal(8),
            None,
        ),
        (
            Code(None, "成本指标"),
            Code(None, "经济成本指标"),
            "单位成本",
            Quantity.of("<=", "30000", "元"),
            Quantity.of("=", "29000", "元"),
            Decimal(20),
            Decimal(20),
            None,
        ),
        (
            Code("3", "满意度指标"),
            Code("31", "服务对象满意度指标"),
            "服务对象满意度",
            Quantity.of(">=", "90", "%"),
            Quantity.of("=", "95", "%"),
            Decimal(10),
            Decimal(9),
            "个别意见未反馈",
        ),
    ]
    assert project.header is not None
    assert (project.header.total_weight, project.header.total_points) == (Decimal(38), Decimal(37))


def _error(text: str) -> str:
    with pytest.raises(FormError) as raised:
        read_cell_lines(text, name="form.txt")
    return str(raised.value)


def test_a_dropped_empty_cell_is_refused_where_the_row_begins() -> None:
    # The first row's note is empty and gone: its place is not the next row's 成本指标.
    text = SELF_EVALUATION.replace("8\n8\n/\n", "8\n8\n")
    assert _error(text) == (
        "form.txt: line 21 ('成本指标(0-20)分') cannot be placed in the row that begins at line "
        "14 ('产出指标（50分）'): expected its 偏差原因分析及改进措施 cell; a row's empty cell, "
        "dropped when the form was flattened, cannot be placed: write it (/) or paste the form "
        "with tabs or | between its cells"
    )


def test_lines_that_end_inside_a_row() -> None:
    text = "三级指标\n年度指标值\n分值\n养护里程\n≥300公里\n10\n路况优良率\n≥85%\n"
    assert _error(text) == (
        "form.txt: the lines end in the row that begins at line 7 ('路况优良率'): expected its "
        "分值 cell; a row's empty cell, dropped when the form was flattened, cannot be placed: "
        "write it (/) or paste the form with tabs or | between its cells"
    )


def test_a_weight_that_is_not_a_number_is_not_placed_in_its_column() -> None:
    text = "三级指标\n年度指标值\n分值\n养护里程\n≥300公里\n十分\n"
    assert _error(text) == (
        "form.txt: line 6 ('十分') cannot be placed in the row that begins at line 4 ('养护里程'): "
        "expected a number for its 分值; a row's empty cell, dropped when the form was flattened, "
        "cannot be placed: write it (/) or paste the form with tabs or | between its cells"
    )


def test_two_readings_are_refused_not_chosen() -> None:
    # 成本指标 is a level (财预〔2021〕101号) and a category of 产出指标 (2015): both rows fit.
    text = "一级指标\n二级指标\n三级指标\n指标值\n成本指标\n单位成本\n≤3万元\n"
    assert _error(text) == (
        "form.txt: line 5 ('成本指标') may be the 二级指标 or the 一级指标 of its row: the lines "
        "can be rebuilt into rows in more than one way; paste the form with tabs or | between "
        "its cells"
    )


def test_a_category_name_is_a_name_only_under_its_category() -> None:
    heading = "一级指标\n二级指标\n三级指标\n指标值\n"
    lines = heading + "满意度指标\n服务对象满意度\n服务对象满意度\n≥90%\n"
    rows = read_grids([read_cell_lines("项目名称\n甲\n" + lines)]).projects[0].indicators
    assert [(item.category.name, item.name) for item in rows] == [
        ("服务对象满意度", "服务对象满意度")
    ]
    # Alone after the level, it is the category, and the row lacks its name.
    assert _error(heading + "满意度指标\n服务对象满意度\n≥90%\n") == (
        "form.txt: the lines end in the row that begins at line 5 ('满意度指标'): expected its "
        "指标值 cell; a row's empty cell, dropped when the form was flattened, cannot be placed: "
        "write it (/) or paste the form with tabs or | between its cells"
    )


def test_a_money_table_in_the_header_is_refused() -> None:
    money = "项目资金（万元）\n年初预算数\n全年预算数\n全年执行数\n年度资金总额\n90\n90\n89.97\n"
    text = (
        "项目名称\n档案数字化\n"
        + money
        + "三级指标\n年度指标值\n实际完成值\n验收合格率\n100%\n98%\n"
    )
    assert _error(text) == (
        "form.txt: line 3 ('项目资金（万元）'): a table inside the header (its columns under one "
        "label) cannot be rebuilt from one cell per line, as the empty cells are gone; paste the "
        "form with tabs or | between its cells"
    )


@pytest.mark.parametrize(
    ("goals", "label"),
    [
        ("年度总体目标\n预期目标\n完成50卷\n实际完成情况\n完成50卷\n", "年度总体目标"),
        ("总体目标\n实施期目标\n三年完成\n年度目标\n完成50卷\n", "总体目标"),
    ],
    ids=["self-evaluation", "period-and-year"],
)
def test_a_goal_table_in_the_header_is_refused(goals: str, label: str) -> None:
    text = (
        "项目名称\n档案数字化\n"
        + goals
        + "三级指标\n年度指标值\n实际完成值\n验收合格率\n100%\n98%\n"
    )
    assert _error(text) == (
        f"form.txt: line 3 ('{label}'): a table inside the header (its columns under one "
        "label) cannot be rebuilt from one cell per line, as the empty cells are gone; paste the "
        "form with tabs or | between its cells"
    )


def test_a_goal_with_its_text_is_read() -> None:
    header = "项目名称\n档案数字化\n年度目标\n完成50卷\n"
    text = header + "一级指标\n三级指标\n指标值\n产出指标\n合格率\n100%\n"
    [project] = read_grids([read_cell_lines(text)]).projects
    assert (project.name, project.goal) == ("档案数字化", "完成50卷")


def test_a_column_before_the_name_that_cannot_be_placed() -> None:
    text = "项目名称\n一级指标\n三级指标\n指标值\n甲项目\n产出指标\n养护里程\n≥300公里\n"
    assert _error(text) == (
        "form.txt: line 1 ('项目名称'): a column before 三级指标 other than 序号, 一级指标 and "
        "二级指标 cannot be placed when its merged cells are dropped; paste the form with tabs "
        "or | between its cells"
    )


GLUED = "三级指标年度指标值实际完成值分值\n安装坡面水标尺10≥266米≥266米10\n"


def test_glued_cells_are_refused_naming_the_line() -> None:
    assert not looks_like_cell_lines(GLUED)
    error = glued_headings("项目名称\n档案数字化\n" + GLUED, name="form.txt")
    assert error is not None
    assert str(error) == (
        "form.txt: line 3 ('三级指标年度指标值实际完成值分值') holds the headings of several "
        "columns with nothing between them: cells glued together cannot be told apart; copy the "
        "table again with tabs or | between its cells, or one cell per line"
    )
    assert _error(GLUED).startswith("form.txt: line 1 ('三级指标年度指标值实际完成值分值') holds")
    # A heading alone on its line is not glued.
    assert glued_headings("未完成原因及拟采取的改进措施\n实际完成值(B)\n") is None


def test_text_without_heading_lines_is_not_this_form() -> None:
    text = "项目名称\n档案数字化\n三级指标\n验收合格率\n"
    assert not looks_like_cell_lines(text)
    assert _error(text) == (
        "form.txt: no run of heading lines (三级指标, 指标值 …, one cell per line): not a form "
        "pasted one cell per line"
    )
