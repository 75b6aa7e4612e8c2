"""Every heading variant of SPEC §9, one form each: a project's name, a heading row with the
variant and one indicator's row, and the field the variant names, read exactly.

Each case is (id, heading row, indicator row, field, expected); the field is read from the one
indicator the form holds. Two-row headings (a heading spanning the columns under it) are built
cell by cell at the end."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from perfindicator.forms.column_form import read_grids
from perfindicator.model.values import Code, Date, Indicator, Quantity, Text
from perfindicator.sources.grid import Cell, Grid


def _field(item: Indicator, field: str) -> Any:
    if field in {"level", "category", "name", "period", "annual"}:
        return getattr(item, field)
    assert item.row is not None
    return getattr(item.row, field)


def _one(rows: list[list[str]]) -> Indicator:
    [item] = read_grids([Grid.from_rows("text", "1", [["项目名称", "甲项目"], *rows])]).indicators
    return item


_NAME = ["一级指标", "二级指标", "三级指标"]
_LEVELS = ["产出指标", "数量指标"]

#: The value split over cells: the comparator, the number, the unit.
SPLIT = [
    (f"{heading}-{symbol}", [*_NAME, heading, "指标值", unit_heading], symbol, op)
    for heading, unit_heading in (("运算符号", "度量单位"), ("指标性质", "计量单位"))
    for symbol, op in (("≥", ">="), ("≧", ">="), ("=", "="), ("═", "="), ("﹦", "="), ("≤", "<="))
]


@pytest.mark.parametrize(
    ("heading", "symbol", "op"),
    [pytest.param(heading, symbol, op, id=name) for name, heading, symbol, op in SPLIT],
)
def test_a_value_split_over_comparator_number_and_unit(
    heading: list[str], symbol: str, op: str
) -> None:
    item = _one([heading, [*_LEVELS, "验收合格率", symbol, "95", "%"]])
    assert item.annual == Quantity(op, 95, "%")


CASES: list[tuple[str, list[str], list[str], str, Any]] = [
    # Units in their own column, the scale folded in.
    ("度量单位-万元", [*_NAME, "指标值", "度量单位"], [*_LEVELS, "资金", "3", "万元"], "annual",
     Quantity("=", 30000, "元")),
    ("计量单位-公里", [*_NAME, "指标值", "计量单位"], [*_LEVELS, "里程", "300", "公里"], "annual",
     Quantity("=", 300, "公里")),
    # A unit in the heading's brackets, for cells without one (fixed: it was dropped).
    ("指标值（%）", [*_NAME, "指标值（%）"], [*_LEVELS, "验收合格率", "95"], "annual",
     Quantity("=", 95, "%")),
    ("年度指标值(万元)", [*_NAME, "年度指标值(万元)"], [*_LEVELS, "资金", "≤3"], "annual",
     Quantity("<=", 30000, "元")),
    ("2024年(公里)", [*_NAME, "2024年(公里)"], [*_LEVELS, "里程", "300"], "targets",
     (("2024年(公里)", Quantity("=", 300, "公里")),)),
    ("实际完成值（%）", [*_NAME, "年度指标值", "实际完成值（%）"],
     [*_LEVELS, "满意度", "达标", "96"], "actual", Quantity("=", 96, "%")),
    # 指标性质 as the direction: 正向 makes a bare target a floor.
    ("指标性质-正向", [*_NAME, "指标性质", "指标值", "度量单位"],
     [*_LEVELS, "合格率", "正向", "95", "%"], "annual", Quantity(">=", 95, "%")),
    # The label cell down the grid's left side, however it is worded: never a column of values.
    ("年度绩效指标-section", ["年度绩效指标", *_NAME, "指标值"],
     ["", *_LEVELS, "里程", "≥300公里"], "annual", Quantity(">=", 300, "公里")),
    ("部门整体绩效指标-section", ["部门整体绩效指标", *_NAME, "指标值"],
     ["", *_LEVELS, "里程", "≥300公里"], "annual", Quantity(">=", 300, "公里")),
    # Direction and the kind of value.
    ("指标方向", [*_NAME, "指标方向", "指标值"], [*_LEVELS, "里程", "正向", "300公里"],
     "direction", "正向"),
    ("指标方向性", [*_NAME, "指标方向性", "指标值"], [*_LEVELS, "里程", "反向", "300公里"],
     "direction", "反向"),
    ("指标方向-正向-floor", [*_NAME, "指标方向", "指标值"], [*_LEVELS, "里程", "正向", "300公里"],
     "annual", Quantity(">=", 300, "公里")),
    ("指标值类型", [*_NAME, "指标值类型", "指标值"], [*_LEVELS, "里程", "定量", "300公里"],
     "texts", (("指标值类型", "定量"),)),
    # Weight.
    ("权重", [*_NAME, "指标值", "权重"], [*_LEVELS, "里程", "300公里", "20"], "weight",
     Decimal(20)),
    ("分值", [*_NAME, "指标值", "分值"], [*_LEVELS, "里程", "300公里", "10分"], "weight",
     Decimal(10)),
    # Text columns, kept under their headings.
    ("指标解释", [*_NAME, "指标值", "指标解释"], [*_LEVELS, "里程", "300公里", "年内养护里程"],
     "texts", (("指标解释", "年内养护里程"),)),
    ("评分标准", [*_NAME, "指标值", "评分标准"], [*_LEVELS, "里程", "300公里", "完成得满分"],
     "texts", (("评分标准", "完成得满分"),)),
    ("绩效标准", [*_NAME, "指标值", "绩效标准"], [*_LEVELS, "里程", "300公里", "计划标准"],
     "texts", (("绩效标准", "计划标准"),)),
    # Period and annual targets side by side.
    ("实施周期-年度", [*_NAME, "实施周期指标值", "年度指标值"],
     [*_LEVELS, "里程", "900公里", "300公里"], "period", Quantity("=", 900, "公里")),
    ("中长期-年度", [*_NAME, "中长期指标值", "年度指标值"],
     [*_LEVELS, "里程", "900公里", "300公里"], "period", Quantity("=", 900, "公里")),
    ("长期-年度", [*_NAME, "长期目标值", "年度目标值"], [*_LEVELS, "里程", "900公里", "300公里"],
     "period", Quantity("=", 900, "公里")),
    ("年度-beside-period", [*_NAME, "中长期指标值", "年度指标值"],
     [*_LEVELS, "里程", "900公里", "300公里"], "annual", Quantity("=", 300, "公里")),
    # A target column per year.
    ("per-year", [*_NAME, "2024年", "2025年度"], [*_LEVELS, "里程", "300公里", "350公里"],
     "targets", (("2024年", Quantity("=", 300, "公里")), ("2025年度", Quantity("=", 350, "公里")))),
    # Self-evaluation results.
    ("全年实际值", [*_NAME, "年度指标值", "全年实际值"], [*_LEVELS, "里程", "≥300公里", "310"],
     "actual", Quantity("=", 310, "公里")),
    ("实际完成值(B)", [*_NAME, "年初目标值(A)", "实际完成值(B)"],
     [*_LEVELS, "里程", "≥300公里", "310"], "actual", Quantity("=", 310, "公里")),
    ("年初目标值(A)", [*_NAME, "年初目标值(A)", "实际完成值(B)"],
     [*_LEVELS, "里程", "≥300公里", "310"], "annual", Quantity(">=", 300, "公里")),
    ("未完成原因及拟采取的改进措施",
     [*_NAME, "年度指标值", "实际完成值", "未完成原因及拟采取的改进措施"],
     [*_LEVELS, "里程", "≥300公里", "290", "雨季停工"], "note", "雨季停工"),
    ("偏差原因分析及改进措施", [*_NAME, "年度指标值", "实际完成值", "偏差原因分析及改进措施"],
     [*_LEVELS, "里程", "≥300公里", "290", "雨季停工"], "note", "雨季停工"),
    ("得分", [*_NAME, "年度指标值", "实际完成值", "分值", "得分"],
     [*_LEVELS, "里程", "≥300公里", "290", "10", "9.67"], "points", Decimal("9.67")),
    # Columns in another order: 分值 before 年度指标值.
    ("分值-before-年度指标值-weight", [*_NAME, "分值", "年度指标值", "实际完成值"],
     [*_LEVELS, "里程", "10", "≥300公里", "300"], "weight", Decimal(10)),
    ("分值-before-年度指标值-annual", [*_NAME, "分值", "年度指标值", "实际完成值"],
     [*_LEVELS, "里程", "10", "≥300公里", "300"], "annual", Quantity(">=", 300, "公里")),
    # The 2021 generation's levels: 成本指标 a level of its own.
    ("2021-成本指标-level", [*_NAME, "指标值"], ["成本指标", "经济成本指标", "单位成本", "≤3万元"],
     "level", Code(None, "成本指标")),
    ("2021-经济成本指标", [*_NAME, "指标值"], ["成本指标", "经济成本指标", "单位成本", "≤3万元"],
     "category", Code(None, "经济成本指标")),
    ("2021-社会成本指标", [*_NAME, "指标值"], ["成本指标", "社会成本指标", "社会影响", "无"],
     "category", Code(None, "社会成本指标")),
    ("2021-生态环境成本指标", [*_NAME, "指标值"],
     ["成本指标", "生态环境成本指标", "碳排放", "≤10吨"], "category",
     Code(None, "生态环境成本指标")),
    # Level headings with their points.
    ("产出指标（50分）", [*_NAME, "指标值"], ["产出指标（50分）", "数量指标", "里程", "300公里"],
     "level", Code("1", "产出指标")),
    ("成本指标(0-20)分", [*_NAME, "指标值"],
     ["成本指标(0-20)分", "经济成本指标", "单位成本", "≤3万元"], "level", Code(None, "成本指标")),
    ("成本指标(0-20)分-kept", [*_NAME, "指标值"],
     ["成本指标(0-20)分", "经济成本指标", "单位成本", "≤3万元"], "texts",
     (("一级指标", "成本指标(0-20)分"),)),
    # Dates and text values read as the notation reads them.
    ("时效-date", [*_NAME, "年度指标值"], [*_LEVELS, "完成时间", "2024年12月31日前"], "annual",
     Date("<=", 2024, 12, 31)),
    ("text-value", [*_NAME, "年度指标值"], [*_LEVELS, "群众出行条件", "明显改善"], "annual",
     Text("明显改善")),
]  # fmt: skip


@pytest.mark.parametrize(
    ("heading", "row", "field", "expected"),
    [
        pytest.param(heading, row, field, expected, id=name)
        for name, heading, row, field, expected in CASES
    ],
)
def test_a_heading_variant(heading: list[str], row: list[str], field: str, expected: Any) -> None:
    assert _field(_one([heading, row]), field) == expected


def _two_row_heading(over: str, under: list[str], values: list[str]) -> Indicator:
    """The grid with ``over`` spanning the columns ``under`` it, after 一级 | 二级 | 三级指标
    (each over two rows), and one indicator's row."""
    width = 3 + len(under)
    cells = [
        Cell("项目名称", 1, 1),
        Cell("甲项目", 1, 2, columns=width - 1),
        *(Cell(text, 2, column, rows=2) for column, text in enumerate(_NAME, start=1)),
        Cell(over, 2, 4, columns=len(under)),
        *(Cell(text, 3, column) for column, text in enumerate(under, start=4)),
        *(Cell(text, 4, column) for column, text in enumerate([*_LEVELS, *values], start=1)),
    ]
    [item] = read_grids([Grid("html", "1", cells)]).indicators
    return item


def test_period_and_annual_under_one_heading() -> None:
    item = _two_row_heading("指标值", ["实施周期", "年度"], ["里程", "900公里", "300公里"])
    assert (item.period, item.annual) == (Quantity("=", 900, "公里"), Quantity("=", 300, "公里"))


def test_a_target_per_county_under_one_heading() -> None:
    item = _two_row_heading("区域目标值", ["天河区", "越秀区"], ["里程", "100公里", "80公里"])
    assert item.row is not None
    assert item.row.targets == (
        ("区域目标值/天河区", Quantity("=", 100, "公里")),
        ("区域目标值/越秀区", Quantity("=", 80, "公里")),
    )
