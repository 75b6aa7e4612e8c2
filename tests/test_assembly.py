"""Project assembly (``forms/assembly.py``) driven by rows built by hand, as a reader of cells
would give them: no text is read."""

from __future__ import annotations

from decimal import Decimal

from perfindicator.forms.assembly import Row, assemble
from perfindicator.model.document import Amounts, FundingUnit, Project
from perfindicator.model.errors import ParseError
from perfindicator.model.values import Code, Indicator, Quantity

AREA = Indicator(
    number=1,
    level=Code("1", "产出指标"),
    category=Code("11", "数量指标"),
    name="校舍面积",
    period=None,
    annual=Quantity.of("=", 300, "平方米"),
)
REPAIRS = Amounts(total="120.00", fiscal="100.00", other="20.00")


def test_rows_become_units_and_projects() -> None:
    """A project before any unit row goes to a unit without a name; each unit takes the
    projects after it, its span runs to its last project's end; the total is the first."""
    reported = ParseError("expected the amounts", "合计 x", 3, 4)
    rows = [
        Row("total", "合计", Amounts(total="310.00", fiscal="300.00"), (0, 20)),
        Row("project", "前期工作", Amounts(total="10.00"), (21, 40), "完成前期工作。"),
        Row("unit", "某县第一中学", REPAIRS, (41, 60)),
        Row("project", "校舍维修", REPAIRS, (61, 120), "完成校舍维修。", (AREA,)),
        Row("unit", "某县第二中学", Amounts(total="180.00"), (121, 140)),
        Row("total", "总计", Amounts(total="999.00"), (141, 150)),
    ]
    table = assemble(
        rows,
        title="项目支出绩效目标表",
        department="某县教育局",
        currency="万元",
        errors=[reported],
    )
    assert (table.title, table.department, table.currency) == (
        "项目支出绩效目标表",
        "某县教育局",
        "万元",
    )
    assert table.total == Amounts(total=Decimal("310.00"), fiscal=Decimal("300.00"))
    assert table.units == (
        FundingUnit(
            None, Amounts(), (Project("前期工作", Amounts(total="10"), "完成前期工作。", ()),)
        ),
        FundingUnit(
            "某县第一中学", REPAIRS, (Project("校舍维修", REPAIRS, "完成校舍维修。", (AREA,)),)
        ),
        FundingUnit("某县第二中学", Amounts(total="180"), ()),
    )
    assert [unit.span for unit in table.units] == [(21, 40), (41, 120), (121, 140)]
    assert [project.span for project in table.projects] == [(21, 40), (61, 120)]
    assert table.indicators == (AREA,)
    assert table.errors == (reported,)


def test_a_total_without_amounts_gives_way_to_one_printed_last() -> None:
    rows = [
        Row("total", "合计", Amounts(), (0, 2)),
        Row("project", "校舍维修", REPAIRS, (3, 30), "完成校舍维修。"),
        Row("total", "合计", Amounts(total="120.00"), (31, 40)),
    ]
    table = assemble(rows, title=None, department=None, currency=None)
    assert table.total == Amounts(total=Decimal("120"))
    assert [unit.name for unit in table.units] == [None]
    assert table.units[0].span == (3, 30)
    assert table.errors == ()
