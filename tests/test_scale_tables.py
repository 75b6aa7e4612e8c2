"""Long tables: the benchmark's generated table of many projects (benchmarks/scale.py) reads back
as it was described, and the page furniture looked up by position around a name, goal or block
gives what filtering the whole document's furniture gives."""

from __future__ import annotations

import sys
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from perfindicator import parse_table
from perfindicator.core.text import join_lines
from perfindicator.forms.furniture import strip_furniture
from perfindicator.forms.text_lines import split_lines
from perfindicator.forms.text_rows import _ANY_ROW, _Body
from test_table import expected

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.scale import LAYOUT, table_spec, table_text


def test_the_generated_table_reads_back_as_described() -> None:
    spec = table_spec(40)
    text = table_text(40)
    assert text.count("部门名称：某区人民政府") > 10  # the head repeated on every page
    table = parse_table(text)
    assert table == expected(spec)
    # units of 3, 8, 5, 1, 12 and 6 projects (35), then 3 and the 2 left of 8
    assert [len(unit.projects) for unit in table.units] == [3, 8, 5, 1, 12, 6, 3, 2]


def test_the_generated_tables_have_nothing_twice() -> None:
    tables = [table_spec(60), table_spec(60, first=60)]
    projects = [project for table in tables for unit in table.units for project in unit.projects]
    items = [item for project in projects for item in project.items]
    values = [value for item in items for value in (item.period, item.annual) if value]
    assert len(projects) == 120
    for seen in (
        [project.name for project in projects],
        [project.figures[0] for project in projects],
        [project.goal for project in projects],
        [unit.name for table in tables for unit in table.units],
        [item.name for item in items],
        values,
    ):
        assert len(set(seen)) == len(seen)


def test_the_first_projects_as_worked_out_by_hand() -> None:
    spec = table_spec(4)
    first, second = spec.units  # three projects, then the one left
    assert [project.name for project in first.projects] == [
        "公务用车购置费甲",
        "政府雇员工资费用乙",
        "专班工作经费丙",
    ]
    # 1000 + 137 n + n % 89 cents: 10.00, 11.38, 12.76; and 14.14 for the fourth.
    assert [project.figures for project in first.projects] == [
        ["10.00", "10.00"],
        ["11.38", "11.38"],
        ["12.76", "12.76"],
    ]
    assert first.figures == ["34.14", "34.14"]
    assert second.figures == ["14.14", "14.14"]
    assert spec.figures == ["48.28", "48.28"]
    assert [len(project.items) for project in spec.units[0].projects] == [7, 4, 6]
    item = first.projects[1].items[0]  # the eighth item: index 7, 辛; values 15 and 14
    assert (item.level, item.category) == (("1", "产出指标"), ("12", "质量指标"))
    assert (item.name, item.period, item.annual) == (
        "验收合格率辛",
        "二辆",
        "总费用支出低于乙年初预算",
    )
    assert LAYOUT.page_lines == 40


def _body(text: str) -> _Body:
    table = strip_furniture(text, split_lines(text), None)
    return _Body(text, table.body, table.dropped, ["total", "fiscal"], _ANY_ROW)


BODY_TEXT = table_text(12)
BODY = _body(BODY_TEXT)


@given(st.data())
def test_furniture_looked_up_by_position_is_the_furniture_in_range(data: st.DataObject) -> None:
    """Any run of body lines (a name, goal or block) joins as it does with every range of
    furniture of the document given to ``join_lines``."""
    lines = BODY.lines
    first = data.draw(st.integers(0, len(lines) - 1))
    last = data.draw(st.integers(first, min(len(lines) - 1, first + 60)))
    run = lines[first : last + 1]
    every = join_lines(BODY_TEXT, run[0].start, run[-1].end, BODY.dropped)
    assert BODY.join(run) == every
    assert BODY.joined_text(run) == every.text.strip()


def test_a_run_over_page_breaks_joins_without_their_furniture() -> None:
    """The property above meets furniture inside its runs: the body has pages, and a run over
    the first page break joins without the page number and the repeated head."""
    assert len(BODY.dropped) >= 2 * 4  # a page number and the three lines of the head, per page
    after = [line for line in BODY.lines if line.start > BODY.dropped[0][0]][:3]
    joined = BODY.join([BODY.lines[0], *after])
    assert "部门名称" not in joined.text
    assert "项目支出绩效目标表" not in joined.text
