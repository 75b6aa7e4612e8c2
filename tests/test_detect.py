"""Telling a target table from an indicator block, the one detection every reader uses."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from perfindicator import TargetTable, check, parse_many, parse_table
from perfindicator.export.command import main
from perfindicator.forms.detect import looks_like_table, parse_text
from perfindicator.notation.blocks import IndicatorList

DATA = Path(__file__).parent / "data" / "tables"
TABLE = (DATA / "education-amounts-on-next-line.txt").read_text(encoding="utf-8")
#: The same table with its title line lost (cut off when copying it out of a PDF).
UNTITLED = TABLE.split("\n", 1)[1]
BLOCK = "1、1-产出指标；11-数量指标；报废小车数量；实施周期指标值:1；年度指标值:不低于97%。"

CASES = [
    pytest.param(TABLE, True, id="table"),
    pytest.param("第1页\n" + TABLE, True, id="page-number-above-the-title"),
    pytest.param(UNTITLED, True, id="table-without-its-title"),
    pytest.param("项目名称 总计 财政拨款\n合计 10 10\n", True, id="header-and-total-only"),
    pytest.param(BLOCK, False, id="block"),
    pytest.param("", False, id="empty"),
    pytest.param("部门名称：某局\n" + BLOCK, False, id="department-line-above-a-block"),
    pytest.param("说明表\n" + BLOCK, False, id="a-word-with-表-above-a-block"),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_looks_like_table(text: str, expected: bool) -> None:
    assert looks_like_table(text) is expected


def test_parse_text_reads_each_as_what_it_is() -> None:
    assert isinstance(parse_text(TABLE), TargetTable)
    assert isinstance(parse_text(BLOCK), IndicatorList)


def test_a_table_without_its_title_is_read_as_a_table_by_every_reader(tmp_path: Path) -> None:
    expected = parse_table(UNTITLED, recover=True)
    assert expected.projects
    read = parse_text(UNTITLED, recover=True)
    assert isinstance(read, TargetTable)
    assert read.projects == expected.projects
    [many] = parse_many([UNTITLED], recover=True)
    assert isinstance(many, TargetTable)
    assert many.projects == expected.projects

    # The command says the title is missing, not that an item number is (a block's error).
    path = tmp_path / "untitled.txt"
    path.write_text(UNTITLED, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    main([str(path)], out, err, None)
    assert "expected the title of a target table" in err.getvalue()
    assert "expected an item number such as '1、', found '部门名称" not in err.getvalue()
    out, err = io.StringIO(), io.StringIO()
    main(["--recover", str(path)], out, err, None)
    assert out.getvalue().rstrip().endswith(f"{len(expected.projects)} projects, 13 indicators")

    assert any(
        "expected the title of a target table" in finding.message for finding in check(UNTITLED)
    )
