"""The benchmark's corpus of items no two alike (benchmarks/run.py): distinct in names and in
values, of every kind of value in turn, and read by the library as the values it was made of."""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

import pytest

from _values import c, d, q, r, t
from perfindicator import Ratio, Value, parse_indicators, parse_value

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.run import FIELDS, chinese, distinct_text, mixed_value, naive_script


@pytest.mark.parametrize(
    ("number", "written"),
    [
        (1, "一"),
        (10, "十"),
        (12, "十二"),
        (20, "二十"),
        (105, "一百零五"),
        (1005, "一千零五"),
        (1010, "一千零一十"),
        (15000, "一万五千"),
        (10005, "一万零五"),
        (120000, "十二万"),
    ],
)
def test_chinese_numerals_are_written_as_forms_write_them(number: int, written: str) -> None:
    assert chinese(number) == written
    assert parse_value(written + "辆") == q("=", str(number), "辆")


def test_values_of_each_kind_in_turn() -> None:
    """The 19th to 27th values (k = 2, n = 3): each kind once, worked out by hand."""
    expected: list[Value] = [
        q("=", "3000", "元"),  # 0.3万元
        r("3", "18", "次"),
        q(">=", "92.0", "%"),
        d("<=", 2002, 1, 1),  # 2002年1月1日前: SPEC §3, 前 is <=
        Ratio.of("实际完成丙项数", "计划完成丙项数"),
        c("总费用支出", "<", "丙年初预算"),
        q("=", "3", "辆"),  # 三辆
        t("丙项工作全部合规"),
        q(">=", "3", "人"),  # 3人以上
    ]
    written = [mixed_value(index) for index in range(18, 27)]
    assert written[0] == "0.3万元"
    assert written[6] == "三辆"
    assert [parse_value(value) for value in written] == expected


def test_no_two_values_or_names_alike() -> None:
    items = parse_indicators(distinct_text(3000))
    assert len(items) == 3000
    assert len({item.name for item in items}) == 3000
    raws = [v.raw for item in items for v in (item.period, item.annual) if v is not None]
    assert len(raws) == 4500 == len(set(raws))
    assert {type(v).__name__ for item in items for v in (item.annual,)} == {
        "Quantity", "Range", "Date", "Ratio", "Comparison", "Text"
    }  # fmt: skip


def test_the_baselines_split_the_same_items() -> None:
    text = distinct_text(4)
    assert FIELDS.findall(text)[1] == (
        "2", "1", "产出指标", "12", "质量指标", "培训人次乙", "2000年1月1日前", "不低于90.0%"
    )  # fmt: skip
    assert naive_script(text)[1][6:] == (
        ("date", 2000, 1, 1, "前"),
        ("quantity", "不低于", Decimal("90.0"), "%"),
    )


@pytest.mark.parametrize("kind", ["html", "xlsx", "docx"])
def test_the_forms_rows_read_back_as_they_were_written(kind: str, tmp_path: Path) -> None:
    """The forms benchmark's table (benchmarks/forms.py) in each format gives one indicator
    per generated row, with its name and its value as written, under its level and category."""
    from benchmarks.forms import CODES, _loaders, form_rows

    from perfindicator import read

    loaders = _loaders()
    if kind not in loaders:
        pytest.skip(f"writing .{kind} needs openpyxl and python-docx (the test extra)")
    rows = form_rows(30)
    path = tmp_path / f"form.{kind}"
    path.write_bytes(loaders[kind][0](rows))
    document = read(path)
    written = [(row[1], row[2], row[3], row[4]) for row in rows[len(rows) - 30 :]]
    assert [
        (i.level.name, i.category.name, i.name, i.annual.raw if i.annual else None)
        for i in document.indicators
    ] == written
    assert len({name for _, _, name, _ in written}) == len({v for *_, v in written}) == 30
    assert {(level, category) for level, category, _, _ in written} == set(CODES)


def test_no_value_of_the_mix_reaches_the_parser() -> None:
    """What docs/scaling.md says of the mix: every value is read by the fast path or known
    refused without the parser, so lark-cython does not change its figures."""
    from perfindicator.core.vocabulary import fold
    from perfindicator.notation.values import _FAST_VALUES

    scanner = _FAST_VALUES.get()
    left = [
        value
        for value in map(mixed_value, range(900))
        if scanner.read(fold(value)) is None and not scanner.refused(fold(value))
    ]
    assert left == []
