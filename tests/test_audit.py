"""Checking published self-evaluations (``review/audit.py``, docs/audit.md): a self-evaluation
whose figures all agree gives no finding, and each figure planted wrong gives its one code at its
row. Every expected figure is worked out by hand from docs/scoring.md."""

from __future__ import annotations

import ast
import io
import re
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _forms import SELF_EVALUATION_ROWS
from _grids import to_html
from _office import TARGET_FORM, to_xlsx
from perfindicator import AuditFinding, audit, read
from perfindicator.export.command import main
from perfindicator.forms.column_form import read_grids
from perfindicator.model.document import Document
from perfindicator.model.errors import FormError
from perfindicator.model.location import CellRange
from perfindicator.sources.grid import Grid
from test_checks import run  # perfindicator check's status, standard output and error

# A self-evaluation whose figures agree, flattened (merged cells written on their first row).
# Weights: 10 (execution) + 20 + 20 + 10 + 10 + 10 + 10 + 10 = 100.
# Points: execution 10 × 89.97 / 90 = 9.9967, printed 10; ≥50个 met by 50: 20; 100% by 98%:
# 20 × 98 / 100 = 19.6; 2023年12月31日前 met by 2023年11月: 10; ≤90万元 met by 89.97万元: 10;
# 有效改善 repeated: achieved, 10; ≤5次 missed by 8: 10 × (2 × 5 - 8) / 5 = 4; ≥90% met by
# 95%: 10. Total 10 + 20 + 19.6 + 10 + 10 + 10 + 4 + 10 = 93.6.
#: The self-evaluation of tests/_forms.py (title, project, money block as there), with a grid
#: whose figures add up: 7 indicators of 90 weight and the money block's 10 make 100.
ROWS = [
    *SELF_EVALUATION_ROWS[:7],
    ["年度总体目标", "预期目标", "", "", "", "实际完成情况"],
    ["", "完成档案数字化5000卷", "", "", "", "完成5000卷"],
    [
        "绩效指标",
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "分值",
        "得分",
        "偏差原因分析及改进措施",
    ],
    ["", "产出指标", "数量指标", "委托业务项目数量", "≥50个", "50", "20", "20", ""],
    ["", "", "质量指标", "验收合格率", "100%", "98%", "20", "19.6", "个别卷宗返工"],
    ["", "", "时效指标", "完成时间", "2023年12月31日前", "2023年11月", "10", "10", ""],
    ["", "", "成本指标", "经费支出", "≤90万元", "89.97万元", "10", "10", ""],
    ["", "效益指标", "社会效益指标", "查阅便利程度", "有效改善", "有效改善", "10", "10", ""],
    ["", "", "", "群众投诉次数", "≤5次", "8", "10", "4", "整改中"],
    ["", "满意度指标", "服务对象满意度指标", "利用者满意度", "≥90%", "95%", "10", "10", ""],
    ["总分", "", "", "", "", "", "100", "93.6", ""],
]

#: Where each row of ROWS is read: its cells, A to I.
EXECUTION = "sheet 自评表, A6:I6"
TOTALS = "sheet 自评表, A6:I17"  # the rows added up: the execution row and every indicator


def row(number: int) -> str:
    return f"sheet 自评表, A{number}:I{number}"


def changed(changes: dict[tuple[int, int], str]) -> list[list[str]]:
    """ROWS with cells changed: (row, column), both 1-based, to the new text."""
    rows = [list(line) for line in ROWS]
    for (line, column), text in changes.items():
        rows[line - 1] += [""] * (column - len(rows[line - 1]))
        rows[line - 1][column - 1] = text
    return rows


def grid(rows: list[list[str]]) -> Grid:
    """The rows as a sheet's cells, each row as wide as the widest (the indicator grid's)."""
    width = max(map(len, rows))
    return Grid.from_rows("sheet", "自评表", [line + [""] * (width - len(line)) for line in rows])


def findings(rows: list[list[str]], **options: object) -> list[tuple[str, str, str, str]]:
    document = read_grids([grid(rows)])
    return [
        (found.code, found.severity, str(found.location), found.message)
        for found in audit(document, **options)  # type: ignore[arg-type]
    ]


@pytest.mark.parametrize(
    ("title", "form"),
    [
        ("项目支出绩效自评表", "self-evaluation"),
        ("部门整体支出绩效自评表", "department-self-evaluation"),
    ],
)
def test_a_self_evaluation_that_adds_up_has_no_finding(title: str, form: str) -> None:
    document = read_grids([grid(changed({(1, 1): title}))])
    assert document.form == form
    assert audit(document) == []


def _codes(text: str) -> list[str]:
    return re.findall(r"^\| (PA[0-9]{3}) \|", text, re.M)


def test_the_code_table_is_the_same_in_the_module_and_the_docs() -> None:
    from perfindicator.review import audit as module

    page = (Path(__file__).parents[1] / "docs" / "audit.md").read_text(encoding="utf-8")
    assert module.__doc__ is not None
    assert _codes(module.__doc__) == _codes(page)
    assert len(_codes(page)) == 13
    # Every code a case here expects is in the table.
    expected = {case.values[1][0] for case in CASES}  # type: ignore[index]
    assert expected <= set(_codes(page))


CASES = [
    pytest.param(
        {(12, 8): "18.6", (18, 8): "92.6"},
        ("PA101", "error", row(12)),
        "indicator 2 验收合格率: 得分 18.6 differs from the re-score 19.6 for the actual '98%'"
        " against the target '100%' (分值 20)",
        id="wrong points",
    ),
    pytest.param(
        # 10 × 5 / 8 = 6.25: scored as if more were better.
        {(16, 8): "6.25", (18, 8): "95.85"},
        ("PA101", "error", row(16)),
        "indicator 6 群众投诉次数: 得分 6.25 differs from the re-score 4 for the actual '8'"
        " against the target '≤5次' (分值 10)",
        id="a less-is-better indicator scored as more is better",
    ),
    pytest.param(
        {(11, 8): "25", (18, 8): "98.6"},
        ("PA102", "error", row(11)),
        "indicator 1 委托业务项目数量: 得分 25 is more than 分值 20",
        id="points above the weight",
    ),
    pytest.param(
        {(11, 8): "-2", (18, 8): "71.6"},
        ("PA103", "error", row(11)),
        "indicator 1 委托业务项目数量: 得分 -2 is negative",
        id="negative points",
    ),
    pytest.param(
        {(13, 7): "", (18, 7): "90"},
        ("PA104", "error", row(13)),
        "indicator 3 完成时间: 得分 10 is given, but no 分值",
        id="points without a weight",
    ),
    pytest.param(
        {(12, 8): "20", (18, 8): "94"},
        ("PA105", "error", row(12)),
        "indicator 2 验收合格率: full points (20), but the actual '98%' against the target"
        " '100%' is not met: the rules give 19.6",
        id="full points for a missed target",
    ),
    pytest.param(
        {(17, 6): "未达成年度指标且效果较差", (18, 8): "93.6"},
        ("PA105", "error", row(17)),
        "indicator 7 利用者满意度: full points (10) for '未达成年度指标且效果较差', which does"
        " not meet the target",
        id="full points for a verdict of not achieved",
    ),
    pytest.param(
        {(11, 8): "18", (18, 8): "91.6"},
        ("PA106", "warning", row(11)),
        "indicator 1 委托业务项目数量: the actual '50' against the target '≥50个' is met, yet"
        " 得分 18 is less than 分值 20",
        id="a met target short of full points",
    ),
    pytest.param(
        # 部分达成 earns 60–80 % of 10: 6 to 8.
        {(17, 6): "部分达成年度指标并具有一定效果", (17, 8): "9", (18, 8): "92.6"},
        ("PA101", "error", row(17)),
        "indicator 7 利用者满意度: 得分 9 is outside the 60–80 % of 分值 10 that"
        " '部分达成年度指标并具有一定效果' earns (6–8)",
        id="a verdict's points outside its band",
    ),
    pytest.param(
        # A verdict against a number: 未达成 earns 0–60 % of 15, 0 to 9, whatever the target.
        # Weights 100 - 10 + 15 = 105; points 93.6 - 10 + 14 = 97.6.
        {(17, 6): "未达成年度指标", (17, 7): "15", (17, 8): "14", (18, 7): "105", (18, 8): "97.6"},
        ("PA101", "error", row(17)),
        "indicator 7 利用者满意度: 得分 14 is outside the 0–60 % of 分值 15 that '未达成年度指标'"
        " earns (0–9)",
        id="a verdict against a number outside its band",
    ),
    pytest.param(
        # 部分达成 earns 60–80 % of 20: 12 to 16. Points 93.6 - 20 + 17 = 90.6.
        {(11, 6): "部分达成年度指标", (11, 8): "17", (18, 8): "90.6"},
        ("PA101", "error", row(11)),
        "indicator 1 委托业务项目数量: 得分 17 is outside the 60–80 % of 分值 20 that"
        " '部分达成年度指标' earns (12–16)",
        id="a verdict against a count outside its band",
    ),
    pytest.param(
        # 按期完成 is not a verdict: a date target needs a date.
        {(13, 6): "按期完成"},
        ("PA401", "warning", row(13)),
        "indicator 3 完成时间: 得分 10 cannot be checked: the target '2023年12月31日前' needs a"
        " date as its actual result, not text '按期完成'",
        id="a date target with wording that is not a verdict",
    ),
    pytest.param(
        {(6, 7): "98.00%"},
        ("PA201", "error", EXECUTION),
        # 89.97 / 90 = 99.96666…%, shown to two places more than the 98 printed.
        "年度资金总额: 执行率 98% is not 全年执行数 / 全年预算数 = 89.97 / 90 = 99.97%",
        id="wrong execution rate",
    ),
    pytest.param(
        {(6, 8): "8", (18, 8): "91.6"},
        ("PA202", "error", EXECUTION),
        "年度资金总额: 得分 8 is not 执行率 99.97% × 分值 10 = 10",
        id="wrong execution points",
    ),
    pytest.param(
        # 95 / 90 = 105.555…%: the rate as printed; the points at most 分值.
        {(6, 5): "95", (6, 7): "105.56%"},
        ("PA203", "warning", EXECUTION),
        "年度资金总额: 全年执行数 95 is more than 全年预算数 90",
        id="more executed than budgeted",
    ),
    pytest.param(
        {(18, 8): "95"},
        ("PA301", "error", TOTALS),
        "the points add up to 93.6 (indicators 83.6 + budget execution 10), not the published"
        " 总分 95",
        id="points not adding up to the total",
    ),
    pytest.param(
        {(18, 7): "90"},
        ("PA302", "error", TOTALS),
        "the weights add up to 100 (indicators 90 + budget execution 10), not the published"
        " total weight 90",
        id="weights not adding up to the total weight",
    ),
    pytest.param(
        {(15, 6): "基本完成"},
        ("PA401", "warning", row(15)),
        "indicator 5 查阅便利程度: 得分 10 cannot be checked: the qualitative target '有效改善'"
        " takes a verdict as its actual result (达成年度指标 / 部分达成年度指标并具有一定效果 /"
        " 未达成年度指标且效果较差), not text '基本完成'",
        id="an actual result that is neither the target's wording nor a verdict",
    ),
    pytest.param(
        # 95 against ≤90万元: 95 万元 misses the target, 95 元 meets it.
        {(14, 6): "95"},
        ("PA401", "warning", row(14)),
        "indicator 4 经费支出: 得分 10 cannot be checked: the actual result '95' has no unit,"
        " and the target '≤90万元' has a scale (万, 亿) that it may or may not be in",
        id="a bare number against a target in 万元",
    ),
    pytest.param(
        # 两万元 written in Chinese numerals: is 1.5 then 1.5 元 or 1.5 万元? Not known.
        {(14, 5): "≤两万元", (14, 6): "1.5"},
        ("PA401", "warning", row(14)),
        "indicator 4 经费支出: 得分 10 cannot be checked: the actual result '1.5' has no unit,"
        " and the target '≤两万元' has a scale (万, 亿) that it may or may not be in",
        id="a bare number against a target whose scale cannot be told",
    ),
    pytest.param(
        # 0.95 against ≥90%: as a fraction 95 % meets the target, as a percentage 0.95 % misses.
        {(17, 6): "0.95"},
        ("PA401", "warning", row(17)),
        "indicator 7 利用者满意度: 得分 10 cannot be checked: the actual result '0.95' has no"
        " unit, and against the target '≥90%' it may be a fraction (95%) or a percentage"
        " (0.95%), which score differently",
        id="a bare fraction against a target in percent",
    ),
    pytest.param(
        {(13, 6): "", (13, 9): "未报"},
        ("PA401", "warning", row(13)),
        "indicator 3 完成时间: 得分 10 cannot be checked: no actual result (实际完成值)",
        id="no actual result",
    ),
]


@pytest.mark.parametrize(("changes", "expected", "message"), CASES)
def test_a_planted_error_gives_its_code_at_its_row(
    changes: dict[tuple[int, int], str], expected: tuple[str, str, str], message: str
) -> None:
    assert findings(changed(changes)) == [(*expected, message)]


@pytest.mark.parametrize(
    ("actual", "points", "total"),
    [
        # 20 × 98 / 100 = 19.6, printed to whole points.
        ("98%", "20", "94"),  # rounds to the weight, but the target is missed: PA105 instead
        ("93%", "19", "93"),  # 18.6 printed 19: within half a point
        ("97.5%", "19.5", "93.5"),  # 19.5 exactly
        ("98.04%", "19.61", "93.61"),  # 19.608 printed 19.61: within half a hundredth
    ],
)
def test_a_figure_rounded_as_printed_agrees(actual: str, points: str, total: str) -> None:
    codes = [
        code for code, *_ in findings(changed({(12, 6): actual, (12, 8): points, (18, 8): total}))
    ]
    assert codes == (["PA105"] if points == "20" else [])


def test_beyond_half_a_unit_of_the_printed_place_and_a_wider_tolerance() -> None:
    # 20 × 93 / 100 = 18.6: 18 is 0.6 away, more than half a point.
    rows = changed({(12, 6): "93%", (12, 8): "18", (18, 8): "92"})
    assert [code for code, *_ in findings(rows)] == ["PA101"]
    assert findings(rows, tolerance="1") == []
    # 18.59 is 0.01 away: more than half a hundredth.
    rows = changed({(12, 6): "93%", (12, 8): "18.59", (18, 8): "92.59"})
    assert [code for code, *_ in findings(rows)] == ["PA101"]


def test_a_result_against_a_rate_target() -> None:
    # 已完成95% against ≥90% is the rate 95 %: met, full points (it was 95 % of the weight).
    assert findings(changed({(17, 6): "已完成95%"})) == []
    # 完成率85% against ≥90%: 10 × 85 / 90 = 9.444…, printed 9.44; 总分 93.6 - 10 + 9.44.
    assert findings(changed({(17, 6): "完成率85%", (17, 8): "9.44", (18, 8): "93.04"})) == []
    # Against a count it stays a share of the target: 20 × 0.95 = 19; 总分 93.6 - 20 + 19.
    assert findings(changed({(11, 6): "已完成95%", (11, 8): "19", (18, 8): "92.6"})) == []


def test_a_bare_fraction_that_scores_alike_either_way_and_a_rate_as_a_fraction() -> None:
    # 0.98 against ≥0.5%: 0.98 % and 98 % both meet it, full points either way: checked.
    assert findings(changed({(17, 5): "≥0.5%", (17, 6): "0.98"})) == []
    # Printed with its %, 0.98% is a percentage: 20 × 0.98 / 100 = 0.196, not 19.6.
    assert [code for code, *_ in findings(changed({(12, 6): "0.98%"}))] == ["PA101"]
    # 执行率 0.9997 is 89.97 / 90 = 99.967 % printed as a fraction; 0.5 is neither.
    assert findings(changed({(6, 7): "0.9997"})) == []
    assert [code for code, *_ in findings(changed({(6, 7): "0.5"}))] == ["PA201"]


def test_a_verdict_against_a_number_within_its_band() -> None:
    # 达成年度指标 at 15 of 15 against ≥90%; weights 105, points 93.6 - 10 + 15 = 98.6.
    changes = {(17, 6): "达成年度指标", (17, 7): "15", (17, 8): "15", (18, 7): "105"}
    assert findings(changed({**changes, (18, 8): "98.6"})) == []
    # 未达成 at 9 of 15 is the top of its band (0–60 %): points 93.6 - 10 + 9 = 92.6.
    changes = {(17, 6): "未达成年度指标", (17, 7): "15", (17, 8): "9", (18, 7): "105"}
    assert findings(changed({**changes, (18, 8): "92.6"})) == []


def test_a_verdict_earns_any_points_within_its_band() -> None:
    # 部分达成 earns 6 to 8 of 10: 7 agrees; 总分 93.6 - 10 + 7 = 90.6.
    rows = changed({(17, 6): "部分达成年度指标并具有一定效果", (17, 8): "7", (18, 8): "90.6"})
    assert findings(rows) == []
    # 达成 earns 8 to 10: 8.5 for the target's own wording repeated.
    rows = changed({(15, 8): "8.5", (18, 8): "92.1"})
    assert findings(rows) == []


def test_a_sub_row_counts_where_its_indicator_prints_no_figure() -> None:
    # 群众投诉次数 as a 其中 row of 查阅便利程度 (10 of 10): the 总分 row counts it (93.6, 100).
    assert findings(changed({(16, 4): "其中：群众投诉次数"})) == []
    # Or it does not: 93.6 - 4 = 89.6 and 100 - 10 = 90.
    assert findings(changed({(16, 4): "其中：群众投诉次数", (18, 7): "90", (18, 8): "89.6"})) == []
    # Neither: the message says both sums.
    rows = changed({(16, 4): "其中：群众投诉次数", (18, 7): "95", (18, 8): "95"})
    assert [(code, message) for code, _, _, message in findings(rows)] == [
        (
            "PA301",
            (
                "the points add up to 89.6 (indicators 79.6 + budget execution 10; 93.6 with the"
                " 其中 rows), not the published 总分 95"
            ),
        ),
        (
            "PA302",
            (
                "the weights add up to 90 (indicators 80 + budget execution 10; 100 with the"
                " 其中 rows), not the published total weight 95"
            ),
        ),
    ]
    # 查阅便利程度 without figures of its own: its sub-row's count, 93.6 - 10 and 100 - 10.
    rows = changed(
        {(16, 4): "其中：群众投诉次数", (15, 7): "", (15, 8): "", (18, 7): "90", (18, 8): "83.6"}
    )
    assert findings(rows) == []


def directed(directions: dict[int, str], changes: dict[tuple[int, int], str]) -> list[list[str]]:
    """ROWS changed, with a 指标方向 column after the note: the direction of the rows given."""
    rows = changed(changes)
    rows[9].append("指标方向")
    for number, direction in directions.items():
        rows[number - 1].append(direction)
    return rows


def test_a_direction_column_sets_how_a_bare_target_is_scored() -> None:
    # 反向 makes 5次 a ceiling (≤5次): 8 earns 10 × (2 × 5 - 8) / 5 = 4, not 10 × 5 / 8.
    rows = directed({16: "反向"}, {(16, 5): "5次"})
    assert findings(rows) == []
    rows = directed({16: "反向"}, {(16, 5): "5次", (16, 8): "6.25", (18, 8): "95.85"})
    assert findings(rows) == [
        (
            "PA101",
            "error",
            "sheet 自评表, A16:J16",
            (
                "indicator 6 群众投诉次数: 得分 6.25 differs from the re-score 4 for the actual"
                " '8' against the target '≤5次' (分值 10)"
            ),
        )
    ]


def test_a_direction_that_contradicts_the_target() -> None:
    rows = directed({11: "反向", 16: "正向"}, {})
    assert findings(rows) == [
        (
            "PA107",
            "warning",
            "sheet 自评表, A11:J11",
            (
                "indicator 1 委托业务项目数量: the direction is 反向, but the target '≥50个'"
                " is scored as more is better"
            ),
        ),
        (
            "PA107",
            "warning",
            "sheet 自评表, A16:J16",
            (
                "indicator 6 群众投诉次数: the direction is 正向, but the target '≤5次' is"
                " scored as less is better"
            ),
        ),
    ]


#: What the cells of the actual result, weight and points columns may hold in the property test.
_CELLS = st.sampled_from(
    [
        "",
        "0",
        "8",
        "-3",
        "19.6",
        "100",
        "98%",
        "≥50个",
        "有效改善",
        "达成年度指标",
        "部分达成",
        "基本完成",
        "2023年11月",
        "实际/计划",
        "1e5",
        "—",
        "10分",
        "99.97%",
        "1" + "0" * 30,
        "未达成年度指标",
        "完成率85%",
    ]
)


@given(st.dictionaries(st.tuples(st.integers(6, 18), st.integers(5, 8)), _CELLS, max_size=8))
@settings(max_examples=200, deadline=None)
def test_any_figures_give_findings_and_nothing_else(changes: dict[tuple[int, int], str]) -> None:
    """Whatever the figures, the audit returns findings of its table (or the reader refuses
    the form with a FormError): never another exception."""
    try:
        document = read_grids([grid(changed(changes))])
    except FormError:
        return
    for found in audit(document):
        assert found.code in _codes(audit_module_doc())
        assert found.severity in {"error", "warning"}


def audit_module_doc() -> str:
    from perfindicator.review import audit as module

    return module.__doc__ or ""


def test_findings_name_the_project_and_the_indicator() -> None:
    document = read_grids([grid(changed({(12, 8): "18.6", (18, 8): "92.6"}))])
    [found] = audit(document)
    assert (found.project, found.indicator, found.number) == ("档案数字化", "验收合格率", 2)
    assert found.location == CellRange("sheet", "自评表", 12, 1, 12, 9)
    assert found.to_dict() == {
        "code": "PA101",
        "severity": "error",
        "message": found.message,
        "project": "档案数字化",
        "indicator": "验收合格率",
        "number": 2,
        "location": {
            "kind": "sheet",
            "table": "自评表",
            "row": 12,
            "column": 1,
            "last_row": 12,
            "last_column": 9,
        },
    }
    assert str(found) == f"{row(12)}: PA101 {found.message}"


def test_a_target_form_is_not_audited() -> None:
    document = read_grids([TARGET_FORM])
    with pytest.raises(ValueError, match=r"^the document is a project-targets form: audit checks"):
        audit(document)


def test_a_negative_tolerance_is_refused() -> None:
    with pytest.raises(ValueError, match=r"^the tolerance cannot be negative: -1$"):
        audit(read_grids([grid(ROWS)]), tolerance=-1)


def test_the_published_example_does_not_add_up() -> None:
    """The self-evaluation of the product description (tests/_forms.py) shows a few of its
    indicators only: its 总分 is more than the rows it prints."""
    from _forms import SELF_EVALUATION_ROWS

    rows = findings(SELF_EVALUATION_ROWS)
    assert [(code, where) for code, _, where, _ in rows] == [
        ("PA301", "sheet 自评表, A6:I15"),
        ("PA302", "sheet 自评表, A6:I15"),
    ]
    # 8 + 7.84 + 30 + 10 = 55.84 and 8 + 8 + 30 + 10 = 56, each with the execution row's 10.
    assert rows[0][3] == (
        "the points add up to 65.84 (indicators 55.84 + budget execution 10), not the"
        " published 总分 96"
    )


def test_read_then_audit(tmp_path: Path) -> None:
    book = tmp_path / "form.xlsx"
    book.write_bytes(to_xlsx([grid(ROWS)]))
    document = read(book)
    assert document.format == "xlsx"
    assert audit(document) == []
    [found] = audit(read_grids([grid(changed({(18, 8): "90"}))]))
    assert isinstance(found, AuditFinding)


# --- the command --------------------------------------------------------------------------


def test_the_command_audits_a_workbook(tmp_path: Path) -> None:
    good = tmp_path / "good.xlsx"
    good.write_bytes(to_xlsx([grid(ROWS)]))
    assert run(str(good)) == (0, "", "")
    wrong = tmp_path / "wrong.xlsx"
    wrong.write_bytes(to_xlsx([grid(changed({(12, 8): "18.6", (18, 8): "92.6"}))]))
    status, out, err = run(str(wrong))
    # A workbook keeps only the cells written: row 12's first is C (质量指标), its last I (the
    # note).
    assert (status, err) == (1, "")
    assert out == (
        f"{wrong}:sheet 自评表, C12:I12: PA101 indicator 2 验收合格率: 得分 18.6 differs from the"
        " re-score 19.6 for the actual '98%' against the target '100%' (分值 20)\n"
    )


def test_the_command_exits_0_on_warnings_only(tmp_path: Path) -> None:
    page = tmp_path / "form.html"
    rows = changed({(11, 8): "18", (18, 8): "91.6"})
    page.write_text(to_html(grid(rows)), encoding="utf-8")
    status, out, err = run(str(page))
    assert (status, err) == (0, "")
    assert out == (
        f"{page}:table 1, row 11, columns 1–9: PA106 indicator 1 委托业务项目数量: the actual '50'"
        " against the target '≥50个' is met, yet 得分 18 is less than 分值 20\n"
    )


def test_the_command_says_a_target_form_is_not_audited(tmp_path: Path) -> None:
    book = tmp_path / "targets.xlsx"
    book.write_bytes(to_xlsx([TARGET_FORM]))
    status, out, err = run(str(book))
    assert (status, out) == (1, "")
    assert err == (
        f"{book}: a project-targets form: check audits self-evaluations"
        " (项目支出绩效自评表) in this format, and reviews targets in the text layout\n"
    )


def test_the_command_reports_a_form_it_cannot_read(tmp_path: Path) -> None:
    page = tmp_path / "empty.html"
    page.write_text("<table><tr><td>x</td></tr></table>", encoding="utf-8")
    status, out, err = run(str(page))
    assert (status, out) == (1, "")
    assert err == (
        f"{page}: no target or self-evaluation form found (1 table: none has a heading row"
        " with 三级指标 / 指标名称 and 指标值)\n"
    )


def test_the_documented_example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """docs/audit.md's command and its output, on the rows of its example."""
    text = (Path(__file__).parents[1] / "docs" / "audit.md").read_text(encoding="utf-8")
    example = re.search(r"^>>> rows = (\[.*?^\.\.\. \])$", text, re.S | re.M)
    block = re.search(r"```console\n\$ perfindicator check (\S+)\n(.*?)```", text, re.S)
    assert example is not None
    assert block is not None
    rows = ast.literal_eval(re.sub(r"^\.\.\. ", "", example.group(1), flags=re.M))
    name, output = block.groups()
    (tmp_path / name).write_text("\n".join("\t".join(row) for row in rows), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert run(name) == (1, output, "")


#: ROWS with 委托业务项目数量 (≥100次, actual 50) weighing 10^30, pasted as text.
HUGE_CELLS = {(11, 5): "≥100次", (11, 6): "50", (11, 7): "1" + "0" * 30, (11, 8): "1"}
HUGE = changed(HUGE_CELLS)
#: What HUGE gives: 10^30 × 50 / 100 = 5 × 10^29; points 93.6 - 20 + 1 = 74.6; weights
#: 10^30 + 70 of the other indicators + 10 of the execution row.
HUGE_FINDINGS = [
    (
        "pasted table 1, row 11, columns 1–9",
        "PA101 indicator 1 委托业务项目数量: 得分 1 differs from the re-score 5"
        + "0" * 29
        + " for the actual '50' against the target '≥100次' (分值 1"
        + "0" * 30
        + ")",
    ),
    (
        "pasted table 1, rows 6–17, columns 1–9",
        (
            "PA301 the points add up to 74.6 (indicators 64.6 + budget execution 10), not the"
            " published 总分 93.6"
        ),
    ),
    (
        "pasted table 1, rows 6–17, columns 1–9",
        "PA302 the weights add up to 1" + "0" * 28 + "80 (indicators 1" + "0" * 28 + "70"
        " + budget execution 10), not the published total weight 100",
    ),
]


def _huge() -> Document:
    """HUGE as a document built by a program (the readers refuse a figure of 31 digits): its
    first indicator's weight 10^30."""
    document = read_grids([Grid.from_rows("text", "1", changed({**HUGE_CELLS, (11, 7): "20"}))])
    [project] = document.projects
    first, *others = project.indicators
    assert first.row is not None
    huge = attrs.evolve(first, row=attrs.evolve(first.row, weight=Decimal(10) ** 30))
    return attrs.evolve(document, projects=(attrs.evolve(project, indicators=(huge, *others)),))


def test_figures_of_more_digits_than_decimal_arithmetic_holds() -> None:
    assert [
        (str(found.location), f"{found.code} {found.message}") for found in audit(_huge())
    ] == HUGE_FINDINGS


def test_the_command_refuses_a_figure_of_many_digits(tmp_path: Path) -> None:
    path = tmp_path / "自评表.txt"
    path.write_text("\n".join("\t".join(line) for line in HUGE), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    status = main(["check", str(path)], out, err)
    assert (status, out.getvalue()) == (1, "")
    assert err.getvalue() == (
        f"{path}, pasted table 1, row 11, columns 1–9: indicator 委托业务项目数量: a figure of"
        f" more than 15 digits: '1{'0' * 30}'\n"
    )


def test_a_total_that_may_hold_an_unprinted_execution_row_is_not_checkable() -> None:
    # ROWS without its money block: the indicators add up to 83.6 of 90 weight, and the 总分
    # 93.6 of 100 may hold the budget execution row's 10 (of at most 10), which is not printed.
    rows = [line for number, line in enumerate(ROWS, start=1) if number not in {5, 6, 7}]
    assert [(code, severity, message) for code, severity, _, message in findings(rows)] == [
        (
            "PA401",
            "warning",
            (
                "the points add up to 83.6, 10 short of the published 总分 93.6: the form prints no"
                " budget execution row, whose share the total may hold, so it cannot be checked"
            ),
        ),
        (
            "PA401",
            "warning",
            (
                "the weights add up to 90, 10 short of the published total weight 100: the form"
                " prints no budget execution row, whose share the total may hold, so it cannot be"
                " checked"
            ),
        ),
    ]
    # Short by more than the row's share: an error, as with the row printed.
    rows[-1] = ["总分", "", "", "", "", "", "100", "99.6", ""]
    assert [code for code, *_ in findings(rows)] == ["PA301", "PA401"]
