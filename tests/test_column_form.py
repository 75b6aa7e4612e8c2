"""The national column forms read from grids (``forms/column_form.py``): the target form and
the self-evaluation of the product description's examples, flattened (merged cells written
once, on their first row) and merged (one cell spanning its rows), with every expected value
worked out by hand from the forms' headings."""

from __future__ import annotations

import re
from decimal import Decimal

import attrs
import pytest

from _forms import SELF_EVALUATION_ROWS, TARGET_ROWS
from perfindicator.forms.column_form import read_grids
from perfindicator.model.document import Amounts
from perfindicator.model.errors import FormError
from perfindicator.model.location import CellRange
from perfindicator.model.values import Code, Quantity, Text
from perfindicator.sources.grid import Cell, Grid


def _grid(rows: list[list[str]]) -> Grid:
    return Grid.from_rows("text", "1", rows)


def _merged(rows: list[list[str]], column: int) -> Grid:
    """The grid with the empty cells under a text in ``column`` merged into it, as the
    printed form merges its level and category cells."""
    cells: list[Cell] = []
    for row_index, row in enumerate(rows, start=1):
        for column_index, text in enumerate(row, start=1):
            if column_index == column and text == "" and row_index > 1:
                continue  # covered by the cell above
            span = 1
            if column_index == column and text:
                while (
                    row_index + span <= len(rows)
                    and len(rows[row_index + span - 1]) >= column
                    and rows[row_index + span - 1][column - 1] == ""
                    and row_index + span - 1 > 6  # only inside the indicator grid
                ):
                    span += 1
            cells.append(Cell(text, row_index, column_index, rows=span))
    return Grid("html", "1", cells)


def test_the_target_form_header_block() -> None:
    document = read_grids([_grid(TARGET_ROWS)], file="form.txt", format="text")
    assert (document.form, document.title, document.year) == (
        "project-targets",
        "项目支出绩效目标申报表",
        2023,
    )
    assert (document.department, document.currency, document.path) == (
        "县交通运输局",
        "万元",
        "form.txt",
    )
    [project] = document.projects
    assert project.name == "农村公路养护"
    assert project.goal == "完成县乡道养护300公里，路况优良率不低于85%。"
    assert project.header is not None
    assert project.header.implementer == "县公路养护中心"
    assert [(funds.label, funds.budget) for funds in project.header.funds] == [
        ("年度资金总额", Decimal(120)),
        ("财政拨款", Decimal(120)),
        ("其他资金", None),
    ]


def test_the_target_form_grid_carries_levels_and_categories_down() -> None:
    [project] = read_grids([_grid(TARGET_ROWS)]).projects
    got = [
        (item.number, str(item.level), str(item.category), item.name, item.annual)
        for item in project.indicators
    ]
    assert got == [
        (1, "1-产出指标", "11-数量指标", "养护里程", Quantity(">=", 300, "公里", raw="≥300公里")),
        (2, "1-产出指标", "11-数量指标", "桥梁检查次数", Quantity("=", 4, "次/年", raw="4次/年")),
        (3, "1-产出指标", "12-质量指标", "路况优良率", Quantity(">=", 85, "%", raw="≥85%")),
        (4, "2-效益指标", "22-社会效益指标", "群众出行条件", Text("明显改善", raw="明显改善")),
        (
            5,
            "3-满意度指标",
            "31-服务对象满意度指标",
            "沿线群众满意度",
            Quantity(">=", 90, "%", raw="≥90%"),
        ),
    ]
    assert project.indicators[1].location == CellRange("text", "1", 8, 1, 8, 5)
    assert str(project.indicators[1].location) == "pasted table 1, row 8, columns 1–5"


def test_merged_level_cells_read_as_the_flattened_copy_does() -> None:
    flattened = read_grids([_grid(TARGET_ROWS)])
    merged = read_grids([_merged(TARGET_ROWS, 2)])
    assert merged.projects == flattened.projects


def test_the_self_evaluation_results() -> None:
    document = read_grids([_grid(SELF_EVALUATION_ROWS)])
    assert document.form == "self-evaluation"
    [project] = document.projects
    got = [
        (item.name, item.actual, item.weight, item.points, item.row and item.row.note)
        for item in project.indicators
    ]
    # A bare 50 against ≥50个 is 50 个; the target's wording and a verdict stay text.
    assert got == [
        ("委托业务项目数量", Quantity("=", 50, "个", raw="50"), 8, 8, None),
        ("验收合格率", Quantity("=", 98, "%", raw="98%"), 8, Decimal("7.84"), "个别卷宗返工"),
        ("查阅便利程度", Text("有效改善", raw="有效改善"), 30, 30, None),
        ("利用者满意度", Text("达成年度指标", raw="达成年度指标"), 10, 10, None),
    ]
    header = project.header
    assert header is not None
    assert (project.goal, header.outcome) == ("完成档案数字化50卷", "完成50卷")
    assert (header.total_weight, header.total_points) == (100, 96)
    total = header.funds[0]
    assert (total.label, total.initial, total.budget, total.executed) == (
        "年度资金总额",
        90,
        90,
        Decimal("89.97"),
    )
    assert (total.weight, total.rate, total.points) == (10, Decimal("99.97"), 10)
    assert [funds.label for funds in header.funds] == ["年度资金总额", "当年财政拨款", "其他资金"]
    assert header.funds[1].weight is None  # printed —


def test_interchange_form_of_a_self_evaluation_row() -> None:
    [project] = read_grids([_grid(SELF_EVALUATION_ROWS)]).projects
    item = project.indicators[1].to_dict()
    assert item["actual"] == {
        "kind": "quantity",
        "raw": "98%",
        "op": "=",
        "value": "98",
        "unit": "%",
    }
    assert (item["weight"], item["points"], item["note"]) == ("8", "7.84", "个别卷宗返工")
    assert item["location"] == {
        "kind": "text",
        "table": "1",
        "row": 13,
        "column": 1,
        "last_row": 13,
        "last_column": 9,
    }
    assert "span" not in item


def test_value_split_over_operator_value_and_unit_cells() -> None:
    rows = [
        ["项目名称", "河道保洁"],
        ["一级指标", "二级指标", "三级指标", "运算符号", "指标值", "度量单位", "权重"],
        ["产出指标", "数量指标", "保洁河道长度", "≥", "95", "公里", "20"],
        ["", "成本指标", "保洁经费", "≤", "3", "万元", "10"],
    ]
    [project] = read_grids([_grid(rows)]).projects
    first, second = project.indicators
    assert first.annual == Quantity(">=", 95, "公里", raw="≥95公里")
    assert first.weight == 20
    assert second.annual is not None
    assert second.annual.to_dict()["value"] == "30000"
    assert second.category == Code("14", "成本指标")


def test_level_points_are_kept_beside_the_level() -> None:
    rows = [
        ["项目名称", "河道保洁"],
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标（50分）", "数量指标", "保洁河道长度", "≥95公里"],
    ]
    [item] = read_grids([_grid(rows)]).indicators
    assert item.level == Code("1", "产出指标")
    assert item.row is not None
    assert item.row.texts == (("一级指标", "产出指标（50分）"),)


def test_a_sub_row_belongs_to_the_indicator_above() -> None:
    rows = [
        ["项目名称", "农村公路养护"],
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "养护里程", "≥300公里"],
        ["", "", "其中：县道", "≥100公里"],
    ]
    first, second = read_grids([_grid(rows)]).indicators
    assert first.row is not None
    assert first.row.parent is None
    assert second.row is not None
    assert second.row.parent == 1


def test_several_projects_in_one_grid() -> None:
    rows = [
        ["项目名称", "年度目标", "一级指标", "二级指标", "三级指标", "指标值"],
        ["甲项目", "目标甲", "产出指标", "数量指标", "数量甲", "5个"],
        ["", "", "", "", "数量乙", "6个"],
        ["乙项目", "目标乙", "产出指标", "数量指标", "数量丙", "7个"],
    ]
    document = read_grids([_grid(rows)])
    assert [(p.name, p.goal, [i.name for i in p.indicators]) for p in document.projects] == [
        ("甲项目", "目标甲", ["数量甲", "数量乙"]),
        ("乙项目", "目标乙", ["数量丙"]),
    ]


def test_a_header_table_followed_by_the_grid_table() -> None:
    header = Grid.from_rows("docx", "1", TARGET_ROWS[:5])
    grid = Grid.from_rows("docx", "2", TARGET_ROWS[5:])
    document = read_grids([header, grid])
    assert document.projects[0].name == "农村公路养护"
    assert len(document.indicators) == 5
    assert document.indicators[0].location == CellRange("docx", "2", 2, 1, 2, 5)


def test_layout_tables_are_passed_over() -> None:
    navigation = Grid.from_rows("html", "1", [["首页", "政务公开", "联系我们"]])
    document = read_grids([navigation, Grid.from_rows("html", "2", TARGET_ROWS)])
    assert len(document.indicators) == 5


@pytest.mark.parametrize(
    "grids",
    [
        pytest.param([], id="no table"),
        pytest.param([Grid.from_rows("html", "1", [["首页", "政务公开"]])], id="no form"),
        pytest.param([Grid.from_rows("html", "1", TARGET_ROWS[:6])], id="headings only"),
    ],
)
def test_nothing_readable_is_an_error(grids: list[Grid]) -> None:
    with pytest.raises(FormError) as caught:
        read_grids(grids, file="page.html")
    assert str(caught.value).startswith("page.html")


def test_a_weight_that_is_not_a_number_says_where() -> None:
    rows = [
        ["项目名称", "河道保洁"],
        ["一级指标", "二级指标", "三级指标", "指标值", "分值"],
        ["产出指标", "数量指标", "保洁河道长度", "≥95公里", "二十"],
    ]
    with pytest.raises(
        FormError,
        match=r"row 3, columns 1–5: indicator 保洁河道长度: expected a number, found '二十'",
    ):
        read_grids([_grid(rows)])


def test_recovery_reads_on_without_the_figure_and_keeps_its_text() -> None:
    rows = [
        ["项目名称", "河道保洁"],
        ["一级指标", "二级指标", "三级指标", "指标值", "分值"],
        ["产出指标", "数量指标", "保洁河道长度", "≥95公里", "二十"],
        ["", "质量指标", "河面清洁率", "≥90%", "10"],
        ["", "", "", "≥80%", ""],  # a value with no indicator name: skipped, reported
    ]
    document = read_grids([_grid(rows)], recover=True)
    first, second = document.indicators
    assert first.row is not None
    assert (first.name, first.row.weight, first.row.texts) == (
        "保洁河道长度",
        None,
        (("分值", "二十"),),
    )
    assert second.row is not None
    assert (second.name, second.row.weight) == ("河面清洁率", Decimal(10))
    assert [str(error) for error in document.errors] == [
        (
            "pasted table 1, row 3, columns 1–5: indicator 保洁河道长度: expected a number,"
            " found '二十'"
        ),
        "pasted table 1, row 5, columns 1–5: a row with a value but no indicator name",
    ]


def test_a_department_form_with_its_main_tasks() -> None:
    rows = [
        ["部门整体支出绩效目标表"],
        ["部门名称", "县农业农村局"],
        ["年度主要任务", "任务名称", "主要内容", "预算金额"],
        ["", "高标准农田建设", "新建高标准农田1万亩", "1,200.50"],
        ["", "动物防疫", "完成春秋两季集中免疫", "85"],
        ["年度总体目标", "完成高标准农田建设和动物防疫任务。"],
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "新建高标准农田面积", "≥1万亩"],
    ]
    document = read_grids([_grid(rows)])
    assert document.form == "department-targets"
    [project] = document.projects
    assert project.name == "县农业农村局"
    assert project.goal == "完成高标准农田建设和动物防疫任务。"
    assert project.header is not None
    assert [(task.name, task.content, task.amount) for task in project.header.tasks] == [
        ("高标准农田建设", "新建高标准农田1万亩", Decimal("1200.50")),
        ("动物防疫", "完成春秋两季集中免疫", Decimal(85)),
    ]
    assert [item.name for item in project.indicators] == ["新建高标准农田面积"]
    # No 主管部门 printed: the department is the one the form is about.
    assert document.department == "县农业农村局"
    # The header block is the rows above the grid's headings, the title included.
    assert project.header.location == CellRange("text", "1", 1, 1, 6, 4)


def test_a_figure_printed_with_another_currency_is_converted_to_the_forms() -> None:
    rows = [list(row) for row in TARGET_ROWS]
    assert rows[3][:3] == ["项目资金（万元）", "年度资金总额", "120"]
    rows[3][2] = "1,200,000元"  # 120 万元, printed in 元
    rows[3][4] = "1.2亿元"  # ≠ the total: the figures are as printed, converted, not checked
    [project] = read_grids([_grid(rows)]).projects
    assert project.header is not None
    assert [(funds.label, funds.budget) for funds in project.header.funds[:2]] == [
        ("年度资金总额", Decimal(120)),
        ("财政拨款", Decimal(12000)),
    ]


def test_target_columns_per_county_and_per_year_under_their_headings() -> None:
    cells = [
        Cell("项目名称", 1, 1),
        Cell("职业技能培训", 1, 2, columns=6),
        *(
            Cell(text, 2, column, rows=2)
            for column, text in enumerate(["一级指标", "二级指标", "三级指标", "指标方向"], start=1)
        ),
        Cell("区域目标值", 2, 5, columns=2),
        Cell("2024年", 2, 7, rows=2),
        Cell("天河区", 3, 5),
        Cell("白云区", 3, 6),
        *(
            Cell(text, 4, column)
            for column, text in enumerate(
                ["产出指标", "数量指标", "培训人数", "正向", "100人", "80人", "200人"], start=1
            )
        ),
    ]
    [item] = read_grids([Grid("html", "1", cells)]).indicators
    assert (item.name, item.annual, item.period) == ("培训人数", None, None)
    assert item.row is not None
    assert item.row.direction == "正向"
    # 正向 says more is better: a bare target is a floor, as the spreadsheet rows read it.
    assert item.row.targets == (
        ("区域目标值/天河区", Quantity(">=", 100, "人", raw="≥100人")),
        ("区域目标值/白云区", Quantity(">=", 80, "人", raw="≥80人")),
        ("2024年", Quantity(">=", 200, "人", raw="≥200人")),
    )
    assert item.location == CellRange("html", "1", 4, 1, 4, 7)


# --- Amounts from the money rows -------------------------------------------------------------


def test_the_target_forms_amounts_are_its_money_rows() -> None:
    [project] = read_grids([_grid(TARGET_ROWS)]).projects
    # 年度资金总额 120, 其中：财政拨款 120, 其他资金 printed empty (万元, as the header says).
    assert project.amounts == Amounts(total=120, fiscal=120, fiscal_special=None, other=None)


def test_a_self_evaluations_amounts_are_the_years_budget() -> None:
    rows = [list(row) for row in SELF_EVALUATION_ROWS]
    # 年初预算数 90, 全年预算数 95 (raised during the year), 全年执行数 89.97.
    rows[5][3] = "95"
    rows[6][3] = "80"
    rows[7][2:5] = ["", "15", "10"]
    [project] = read_grids([_grid(rows)]).projects
    assert project.amounts == Amounts(total=95, fiscal=80, other=15)


def test_carried_over_funds_have_no_field_and_a_field_named_twice_stays_empty() -> None:
    rows = [list(row) for row in TARGET_ROWS]
    rows[3] = [
        "项目资金（万元）",
        "年度资金总额",
        "150",
        "其中：财政拨款",
        "100",
        "上年结转资金",
        "50",
    ]
    assert read_grids([_grid(rows)]).projects[0].amounts == Amounts(total=150, fiscal=100)
    rows[3] = ["项目资金（万元）", "年度资金总额", "150", "财政拨款", "100", "当年财政拨款", "120"]
    assert read_grids([_grid(rows)]).projects[0].amounts == Amounts(total=150)


def test_each_project_of_a_grid_has_its_budget_as_its_total() -> None:
    rows = [
        ["项目名称", "预算数", "一级指标", "二级指标", "三级指标", "指标值"],
        ["甲项目", "30.5", "产出指标", "数量指标", "数量甲", "5个"],
        ["乙项目", "12", "产出指标", "数量指标", "数量丙", "7个"],
    ]
    first, second = read_grids([_grid(rows)]).projects
    assert (first.amounts, second.amounts) == (
        Amounts(total=Decimal("30.5")),
        Amounts(total=12),
    )


@pytest.mark.parametrize(
    ("target", "actual", "expected"),
    [
        pytest.param("≥50个", "50", Quantity("=", Decimal(50), "个"), id="no scale"),
        # Other numbers in the target's text are not a scale: 3年内 and 5G say nothing of it.
        pytest.param("3年内≥6次", "4", Quantity("=", Decimal(4), "次"), id="a number before"),
        pytest.param("5G基站≥100个", "100", Quantity("=", Decimal(100), "个"), id="5G"),
        # ≤90万元 is held as 900000 元: is 95 then 95 万元 or 95 元? Forms print both, so the
        # number stays bare, never given a unit by guess.
        pytest.param("≤90万元", "95", Quantity("=", Decimal(95), None), id="万元 folded"),
        pytest.param("≤1.2亿元", "1.25", Quantity("=", Decimal("1.25"), None), id="亿元"),
        pytest.param("≤两万元", "1.5", Quantity("=", Decimal("1.5"), None), id="scale not told"),
        # With its own unit, an actual result is what it says.
        pytest.param("≤90万元", "95万元", Quantity("=", Decimal(950000), "元"), id="its own unit"),
    ],
)
def test_a_bare_actual_takes_the_targets_unit_only_where_it_is_certain(
    target: str, actual: str, expected: Quantity
) -> None:
    rows = [list(row) for row in SELF_EVALUATION_ROWS]
    rows[11][4], rows[11][5] = target, actual  # 委托业务项目数量's target and actual result
    found = read_grids([_grid(rows)]).indicators[0].row
    assert found is not None
    assert found.actual == expected
    assert found.actual.raw == actual  # as printed


def test_a_value_merged_as_wide_as_its_heading_is_a_value_not_a_second_heading() -> None:
    # 指标值 spans two columns (a value and an empty note column in the export), and so does
    # the first row's value under it: that row is an indicator, not a row of headings.
    cells = [
        Cell("项目名称", 1, 1),
        Cell("职业技能培训", 1, 2, columns=4),
        Cell("一级指标", 2, 1),
        Cell("二级指标", 2, 2),
        Cell("三级指标", 2, 3),
        Cell("指标值", 2, 4, columns=2),
        Cell("产出指标", 3, 1, rows=2),
        Cell("数量指标", 3, 2, rows=2),
        Cell("培训人数", 3, 3),
        Cell("≥100人", 3, 4, columns=2),
        Cell("培训场次", 4, 3),
        Cell("≥5场", 4, 4, columns=2),
    ]
    items = read_grids([Grid("html", "1", cells)]).indicators
    assert [(item.name, item.annual) for item in items] == [
        ("培训人数", Quantity(">=", 100, "人")),
        ("培训场次", Quantity(">=", 5, "场")),
    ]
    assert [item.row.targets for item in items if item.row is not None] == [(), ()]


def test_money_rows_whose_labels_span_the_label_column_too() -> None:
    # Some workbooks merge 项目资金（万元） and each money row's label over the first two columns,
    # so no row below the block's label starts with an empty cell.
    cells = [
        Cell("项目名称", 1, 1),
        Cell("社区养老服务", 1, 2, columns=7),
        Cell("项目资金（万元）", 2, 1, columns=2),
        *(
            Cell(text, 2, column)
            for column, text in enumerate(
                ["年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"], start=3
            )
        ),
        Cell("年度资金总额", 3, 1, columns=2),
        *(
            Cell(text, 3, column)
            for column, text in enumerate(["360", "360", "342.36", "10", "95.1%", "9.51"], start=3)
        ),
        Cell("其中：当年财政拨款", 4, 1, columns=2),
        *(Cell(text, 4, column) for column, text in enumerate(["360", "360", "342.36"], start=3)),
        *(
            Cell(text, 5, column)
            for column, text in enumerate(
                ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
                start=1,
            )
        ),
        *(
            Cell(text, 6, column)
            for column, text in enumerate(
                ["产出指标", "数量指标", "运营中心数量", "≥12个", "12", "20", "20"], start=1
            )
        ),
    ]
    [project] = read_grids([Grid("sheet", "自评", cells)]).projects
    assert project.header is not None
    assert [
        (funds.label, funds.initial, funds.budget, funds.executed, funds.rate, funds.points)
        for funds in project.header.funds
    ] == [
        (
            "年度资金总额",
            Decimal(360),
            Decimal(360),
            Decimal("342.36"),
            Decimal("95.1"),
            Decimal("9.51"),
        ),
        ("当年财政拨款", Decimal(360), Decimal(360), Decimal("342.36"), None, None),
    ]


def test_a_column_whose_heading_names_no_field_is_a_target_column() -> None:
    rows = [
        ["项目名称", "职业技能培训"],
        ["一级指标", "二级指标", "三级指标", "年度指标值", "郑州市", "开封市"],
        ["产出指标", "数量指标", "培训人数", "≥800人", "≥500人", "≥300人"],
    ]
    [item] = read_grids([_grid(rows)]).indicators
    assert item.row is not None
    assert item.annual == Quantity(">=", 800, "人")
    assert item.row.targets == (
        ("郑州市", Quantity(">=", 500, "人")),
        ("开封市", Quantity(">=", 300, "人")),
    )


def test_several_columns_naming_the_years_target_are_each_kept_none_taken_for_it() -> None:
    rows = [
        ["项目名称", "职业技能培训"],
        ["一级指标", "二级指标", "三级指标", "郑州市区域目标值", "开封市区域目标值"],
        ["产出指标", "数量指标", "培训人数", "≥500人", "≥300人"],
    ]
    [item] = read_grids([_grid(rows)]).indicators
    assert item.row is not None
    assert item.annual is None
    assert item.row.targets == (
        ("郑州市区域目标值", Quantity(">=", 500, "人")),
        ("开封市区域目标值", Quantity(">=", 300, "人")),
    )


@pytest.mark.parametrize(
    ("above", "row", "label", "total", "fiscal", "currency"),
    [
        # 百万元 is not 万元.
        pytest.param([], [], "项目资金（百万元）", "1.2", "1.2", "百万元", id="百万元"),
        # 元 in a place's name is no currency: 元氏县's form is in 万元, as its label says.
        pytest.param(
            [],
            ["填报单位：元氏县交通运输局"],
            "项目资金（万元）",
            "120",
            "120",
            "万元",
            id="元氏县",
        ),
        # Stated only above the table, the currency is known before the money rows are read.
        pytest.param(["单位：万元"], [], "项目资金", "1.2", "120", "万元", id="above the table"),
        # Stated nowhere: the first amount printed with one says it.
        pytest.param([], [], "项目资金", "1.2", "120", "万元", id="from the first amount"),
    ],
)
def test_the_currency_of_the_money_rows(
    above: list[str], row: list[str], label: str, total: str, fiscal: str, currency: str
) -> None:
    rows = [list(row) for row in TARGET_ROWS]
    rows[3][0] = label
    if label.startswith("项目资金（"):
        rows[3][2], rows[3][4] = total, fiscal
    else:
        rows[3][2], rows[3][4] = "1.2万元", "1,200,000元"
    if row:
        rows.insert(2, row)  # a line of the table above the money rows
    document = read_grids([attrs.evolve(_grid(rows), title=tuple(above))])
    [project] = document.projects
    assert project.header is not None
    assert document.currency == currency
    assert [(funds.label, funds.budget) for funds in project.header.funds[:2]] == [
        ("年度资金总额", Decimal(total)),
        ("财政拨款", Decimal(fiscal)),
    ]
    if row:
        assert project.header.fields == (("填报单位", "元氏县交通运输局"),)


def _spanned(second: list[str], rows: list[list[str]]) -> Grid:
    """A grid whose 指标值 heading spans two columns over ``second`` (its second heading row,
    or the first indicator row), then ``rows``."""
    cells = [
        Cell("项目名称", 1, 1),
        Cell("农村公路养护", 1, 2, columns=4),
        *(Cell(text, 2, column) for column, text in enumerate(["一级指标", "二级指标"], 1)),
        Cell("三级指标", 2, 3),
        Cell("指标值", 2, 4, columns=2),
        *(Cell(text, 3, column) for column, text in enumerate(second, 1) if text),
        *(
            Cell(text, number, column)
            for number, row in enumerate(rows, 4)
            for column, text in enumerate(row, 1)
            if text
        ),
    ]
    return Grid("html", "1", cells)


def test_a_value_and_its_unit_under_a_spanning_heading_are_the_first_row() -> None:
    grid = _spanned(
        ["产出指标", "数量指标", "养护里程", "≥300", "公里"], [["", "", "桥梁检查", "4", "次"]]
    )
    items = read_grids([grid]).indicators
    # 指标值 over two cells of each row: the figure, then its unit; no indicator is lost.
    assert [(item.name, item.annual) for item in items] == [
        ("养护里程", Quantity(">=", 300, "公里")),
        ("桥梁检查", Quantity("=", 4, "次")),
    ]


def test_a_unit_sub_heading_names_the_unit_column() -> None:
    grid = _spanned(
        ["", "", "", "指标值", "计量单位"], [["产出指标", "数量指标", "养护里程", "≥300", "公里"]]
    )
    [item] = read_grids([grid]).indicators
    assert item.annual == Quantity(">=", 300, "公里")
    assert item.row is not None
    assert item.row.targets == ()


def test_an_indicator_named_after_a_total_is_an_indicator() -> None:
    rows = [list(row) for row in SELF_EVALUATION_ROWS]
    rows[12][2:4] = ["", "合计培训人次"]  # the row's first words, naming an indicator
    document = read_grids([_grid(rows)])
    assert [item.name for item in document.indicators][:2] == ["委托业务项目数量", "合计培训人次"]
    [project] = document.projects
    assert project.header is not None
    assert (project.header.total_weight, project.header.total_points) == (Decimal(100), Decimal(96))


def test_a_target_forms_total_row_is_no_total_of_points() -> None:
    rows = [
        ["项目名称", "单位名称", "预算数", "一级指标", "二级指标", "三级指标", "指标值"],
        ["河道保洁", "县水利局", "1000", "产出指标", "数量指标", "保洁河道长度", "≥95公里"],
        ["合计", "", "1500", "", "", "", ""],
    ]
    [project] = read_grids([_grid(rows)]).projects
    assert project.header is not None
    assert (project.header.total_weight, project.header.total_points) == (None, None)


def test_a_level_written_on_every_row_keeps_its_category_carried_down() -> None:
    rows = [
        ["项目名称", "农村公路养护"],
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "养护里程", "≥300公里"],
        ["产出指标", "", "桥梁检查次数", "4次/年"],
        ["效益指标", "", "群众出行条件", "明显改善"],  # a new level: no category carried over
    ]
    items = read_grids([_grid(rows)]).indicators
    assert [(item.level.name, item.category.name) for item in items] == [
        ("产出指标", "数量指标"),
        ("产出指标", "数量指标"),
        ("效益指标", ""),
    ]


@pytest.mark.parametrize(
    ("text", "said"),
    [
        pytest.param("1,2", "expected a number, found '1,2'", id="a comma not grouping thousands"),
        pytest.param("8,5", "expected a number, found '8,5'", id="a decimal comma"),
        pytest.param("1" * 31, "a figure of more than 15 digits", id="31 digits"),
    ],
)
def test_a_figure_is_read_only_as_printed(text: str, said: str) -> None:
    rows = [
        ["项目名称", "河道保洁"],
        ["一级指标", "二级指标", "三级指标", "指标值", "分值"],
        ["产出指标", "数量指标", "保洁河道长度", "≥95公里", text],
    ]
    with pytest.raises(FormError, match=re.escape(said)):
        read_grids([_grid(rows)])


@pytest.mark.parametrize("name", ["资金监管平台建设", "电话线路租赁费", "项目单位运转经费"])
def test_a_project_named_with_a_label_word_is_its_name(name: str) -> None:
    rows = [
        ["项目名称", name, "主管部门", "县财政局"],
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "上线功能模块", "≥5个"],
    ]
    document = read_grids([_grid(rows)])
    assert [project.name for project in document.projects] == [name]
    assert document.department == "县财政局"


def test_a_special_transfer_form_names_its_project_in_its_own_words() -> None:
    rows = [
        ["专项名称", "农村饮水安全巩固提升"],
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "受益人口", "≥5万人"],
    ]
    assert [project.name for project in read_grids([_grid(rows)]).projects] == [
        "农村饮水安全巩固提升"
    ]


def test_a_cell_that_wrapped_is_one_line_but_a_goal_keeps_its_lines() -> None:
    rows = [
        ["项目名称", "城乡低保\n资金"],
        ["年度目标", "1.保障低保对象。\n2.按时发放。"],
        [
            "一级指标",
            "二级指标",
            "三级指标",
            "年度指标值",
            "实际完成值",
            "分值",
            "得分",
            "偏差原因",
        ],
        [
            "产出指标",
            "数量指标",
            "城乡低保\n保障人数",
            "≥1200\n人",
            "1180",
            "10",
            "9.83",
            "部分乡镇\n服务站未建成",
        ],
    ]
    [project] = read_grids([_grid(rows)]).projects
    assert (project.name, project.goal) == ("城乡低保资金", "1.保障低保对象。\n2.按时发放。")
    [item] = project.indicators
    assert item.row is not None
    assert (item.name, item.annual, item.row.note) == (
        "城乡低保保障人数",
        Quantity(">=", 1200, "人"),
        "部分乡镇服务站未建成",
    )


@pytest.mark.parametrize("merged", [False, True], ids=["flattened", "merged"])
def test_a_goal_over_several_rows_keeps_every_line_and_gives_no_year(merged: bool) -> None:
    rows = [
        ["项目名称", "桥梁养护"],
        ["年度目标", "1.完成桥梁养护30座。"],
        ["", "2.完成2021年结转的桥梁检测20座。"],
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "桥梁养护数量", "≥30座"],
    ]
    grid = _grid(rows)
    if merged:  # 年度目标 merged over its two rows
        label = Cell("年度目标", 2, 1, rows=2)
        cells = [cell for cell in grid.cells if (cell.row, cell.column) not in {(2, 1), (3, 1)}]
        grid = Grid("html", "1", [*cells, label])
    document = read_grids([grid])
    [project] = document.projects
    assert project.goal == "1.完成桥梁养护30座。\n2.完成2021年结转的桥梁检测20座。"
    assert document.year is None  # 2021 is a year the goal mentions, not the form's


def test_header_labels_the_rules_do_not_know_are_labels_not_part_of_a_name() -> None:
    rows = [
        ["2025年度项目支出绩效目标批复表"],
        ["批复单位：合肥市财政局", "", "", "批复日期：", "2025-02-18"],
        ["项目名称", "城区排水管网改造工程", "项目属性", "延续项目"],
        ["主管部门", "合肥市城乡建设局", "项目实施单位", "合肥市排水管理办公室"],
        ["项目资金（万元）", "", "实施期资金总额", "年度资金总额"],
        ["", "资金总额", "9000", "3000"],
        ["", "其中：财政拨款", "8000", "2500"],
        ["一级指标", "二级指标", "三级指标", "指标值", "指标值设定依据"],
        ["产出指标", "数量指标", "管网改造长度", "≥40公里", "计划标准"],
    ]
    [project] = read_grids([_grid(rows)]).projects
    assert project.name == "城区排水管网改造工程"
    assert project.header is not None
    assert (project.header.department, project.header.implementer) == (
        "合肥市城乡建设局",
        "合肥市排水管理办公室",
    )
    assert project.header.fields == (
        ("批复单位", "合肥市财政局"),
        ("批复日期", "2025-02-18"),
        ("项目属性", "延续项目"),
    )
    # The year's amount beside the whole period's.
    assert [(funds.label, funds.budget, funds.period) for funds in project.header.funds] == [
        ("资金总额", Decimal(3000), Decimal(9000)),
        ("财政拨款", Decimal(2500), Decimal(8000)),
    ]
    [item] = project.indicators
    assert item.row is not None
    # 指标值设定依据 is the target's basis, a text column, not a second target.
    assert (item.annual, item.row.texts) == (
        Quantity(">=", 40, "公里"),
        (("指标值设定依据", "计划标准"),),
    )


@pytest.mark.parametrize("label", ["项目资金（万元）", "年度预算资金（万元）", "预算资金（万元）"])
def test_the_money_block_under_its_labels(label: str) -> None:
    rows = [list(row) for row in TARGET_ROWS]
    rows[3][0] = label
    [project] = read_grids([_grid(rows)]).projects
    assert project.header is not None
    assert [(funds.label, funds.budget) for funds in project.header.funds[:2]] == [
        ("年度资金总额", Decimal(120)),
        ("财政拨款", Decimal(120)),
    ]


def test_a_header_block_table_is_the_next_tables_only() -> None:
    """A form's header printed as a table of its own names the grid right after it; with
    another table between them, the grid names no project (a FormError), never the header of
    a form further up."""
    header, grid = TARGET_ROWS[2:5], TARGET_ROWS[5:]
    document = read_grids([_grid(header), _grid(grid)])
    assert [(p.name, p.amounts.total) for p in document.projects] == [
        ("农村公路养护", Decimal(120))
    ]
    totals = [["收入", "金额"], ["一般公共预算拨款", "300.00"]]
    with pytest.raises(FormError, match="the form names no project"):
        read_grids([_grid(header), _grid(totals), _grid(grid)])


def test_two_forms_in_one_sheet_are_two_projects() -> None:
    """A sheet (or a PDF table joined over pages) holding one form after another: a 项目名称
    row with its value below the first form's indicators starts the next form."""
    second = [
        [cell.replace("农村公路养护", "桥梁维修").replace("120", "80") for cell in row]
        for row in TARGET_ROWS[2:]
    ]
    document = read_grids([_grid([*TARGET_ROWS, *second])])
    assert [(p.name, p.amounts.total, len(p.indicators)) for p in document.projects] == [
        ("农村公路养护", Decimal(120), 5),
        ("桥梁维修", Decimal(80), 5),
    ]
    assert document.title == "项目支出绩效目标申报表"


def test_a_forms_header_printed_again_over_a_page_break_is_the_same_project() -> None:
    """A printer repeats the header block and headings at the top of the next page: the rows
    below them are the same project's indicators (its money counted once), the level and
    category carried down across the repeated rows."""
    repeated = [*TARGET_ROWS[:8], *TARGET_ROWS[2:6], *TARGET_ROWS[8:]]
    document = read_grids([_grid(repeated)])
    (project,) = document.projects
    assert project.name == "农村公路养护"
    assert project.amounts.total == Decimal(120)
    assert [(i.name, i.level.name, i.category.name) for i in project.indicators] == [
        ("养护里程", "产出指标", "数量指标"),
        ("桥梁检查次数", "产出指标", "数量指标"),
        ("路况优良率", "产出指标", "质量指标"),
        ("群众出行条件", "效益指标", "社会效益指标"),
        ("沿线群众满意度", "满意度指标", "服务对象满意度指标"),
    ]
