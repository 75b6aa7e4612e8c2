"""The sample corpus, field by field: all 33 indicators and their 66 values.

``corpus/baiyun-office-targets.txt`` is a published 项目支出绩效目标表 as PDF text extraction
produced it. Each project's indicator block is cut out of it and parsed on its own; every field
below was read off the document by hand.
"""

from __future__ import annotations

import itertools
import re

import pytest

from _corpus import CORPUS, corpus_blocks
from perfindicator import (
    Code,
    Comparison,
    Indicator,
    Quantity,
    Range,
    Ratio,
    Text,
    Value,
    parse_indicators,
)

OUTPUT = Code("1", "产出指标")
EFFECT = Code("2", "效益指标")
SATISFACTION = Code("3", "满意度指标")
COUNT = Code("11", "数量指标")
QUALITY = Code("12", "质量指标")
TIMELINESS = Code("13", "时效指标")
COST = Code("14", "成本指标")
ECONOMIC = Code("21", "经济效益")
SOCIAL = Code("22", "社会效益")
SUSTAINABLE = Code("24", "可持续影响")
SERVED = Code("31", "服务对象满意度")


def q(op: str, value: str, unit: str | None = None) -> Quantity:
    return Quantity.of(op, value, unit)


def item(
    number: int, level: Code, category: Code, name: str, period: Value, annual: Value | None = None
) -> Indicator:
    """An expected indicator; the annual value defaults to the period value."""
    return Indicator(number, level, category, name, period, period if annual is None else annual)


PERCENT_100 = q("=", "100", "%")
UNDER_BUDGET = Comparison.of("总费用支出", "<", "年初预算")

EXPECTED: dict[str, list[Indicator]] = {
    "公务用车购置费": [
        item(1, OUTPUT, COUNT, "报废小车数量", q("=", "1")),
        item(2, OUTPUT, COUNT, "新购置小车数量", q("=", "1")),
        item(3, OUTPUT, QUALITY, "采购程序的规范性", Text.of("合法合规")),
        item(4, OUTPUT, QUALITY, "验收合格率（%）", PERCENT_100),
        item(5, OUTPUT, TIMELINESS, "支出及时率（%）", PERCENT_100),
        item(6, OUTPUT, COST, "降低成本", UNDER_BUDGET),
        item(7, EFFECT, SOCIAL, "安全保障", Text.of("保障公务用车安全可靠使用")),
    ],
    "政府雇员工资费用": [
        item(1, OUTPUT, COUNT, "政府雇员在编人数", q("=", "36", "人")),
        item(2, OUTPUT, QUALITY, "政府雇员聘用合规率", Text.of("合规")),
        item(3, OUTPUT, TIMELINESS, "政府雇员工资支付及时性", Text.of("及时")),
        item(4, EFFECT, SOCIAL, "受益政府雇员覆盖率", PERCENT_100),
    ],
    "对外联络、会议及调研专项经费": [
        item(1, OUTPUT, COUNT, "接待省市调研次数", Range.of("20", "35", "次")),
        item(2, OUTPUT, COUNT, "现场会议及接待次数", Range.of("60", "120", "次")),
        item(3, OUTPUT, COUNT, "视频会议次数", Range.of("200", "300", "次")),
        item(4, OUTPUT, TIMELINESS, "按时开展各类会议、调研工作率（%）", PERCENT_100),
        item(5, EFFECT, ECONOMIC, "促进白云经济社会发展", Text.of("满足促进发展要求")),
        item(6, EFFECT, SUSTAINABLE, "加强对外联络", Text.of("满足加强对外联络要求")),
        item(7, SATISFACTION, SERVED, "服务对象满意度", q(">=", "97", "%")),
    ],
    "政府雇员公用经费": [
        item(1, OUTPUT, COUNT, "购买办公用品次数", q("=", "25", "次")),
        item(2, OUTPUT, COST, "人均公用经费金额", q("=", "3000", "元/人")),
        item(3, EFFECT, SOCIAL, "受益政府雇员覆盖率", PERCENT_100),
    ],
    "文书档案规范化处理入馆项目": [
        item(
            1,
            OUTPUT,
            COUNT,
            "工作量完成率（%）",
            Ratio.of("实际完成的工作量", "计划完成的工作量"),
            PERCENT_100,
        ),
        item(
            2,
            OUTPUT,
            QUALITY,
            "验收合格率（%）",
            Ratio.of("质量验收为合格的项目数", "验收项目的总数"),
            PERCENT_100,
        ),
        item(
            3, OUTPUT, TIMELINESS, "完工及时率（%）", Ratio.of("实际工期", "计划工期"), PERCENT_100
        ),
        item(4, OUTPUT, COST, "降低成本", Comparison.of("总费用支出", "<=", "年初预算")),
        item(
            5,
            EFFECT,
            SUSTAINABLE,
            "程序规范性",
            Text.of("过程中各项流程手续符合相关规定"),
            Text.of("整理过程中各项流程手续符合相关规定"),
        ),
        item(
            6,
            SATISFACTION,
            SERVED,
            "目标群体满意率(%)",
            Ratio.of("接受调查时表示满意的人数", "项目覆盖范围内接受调查的总人数"),
            q(">", "95", "%"),
        ),
    ],
    "专班工作经费": [
        item(1, OUTPUT, COUNT, "工作动态数量", q("=", "25", "期")),
        item(2, OUTPUT, COUNT, "工作简报数量", q("=", "6", "期")),
        item(3, OUTPUT, COUNT, "汇报材料数量", q("=", "6", "篇")),
        item(4, OUTPUT, COUNT, "督导检查与调研数量", q("=", "20", "次")),
        item(5, EFFECT, SOCIAL, "义务植树完成率", PERCENT_100),
        item(6, EFFECT, SUSTAINABLE, "12345热线涉整改工单满意度", q(">=", "90", "%")),
    ],
}


def test_the_corpus_has_six_blocks() -> None:
    assert len(corpus_blocks()) == len(EXPECTED) == 6


@pytest.mark.parametrize(
    ("project", "block"),
    [pytest.param(p, b, id=p) for p, (_, b) in zip(EXPECTED, corpus_blocks(), strict=True)],
)
def test_block_field_by_field(project: str, block: str) -> None:
    items = parse_indicators(block)
    expected = EXPECTED[project]
    assert len(items) == len(expected)
    for got, want in zip(items, expected, strict=True):
        assert got.number == want.number
        assert got.level == want.level
        assert got.category == want.category
        assert got.name == want.name
        assert got.period == want.period
        assert got.annual == want.annual


def test_all_33_indicators_and_66_values() -> None:
    items = [i for _, block in corpus_blocks() for i in parse_indicators(block)]
    assert items == [i for block in EXPECTED.values() for i in block]
    assert len(items) == 33
    values = [v for i in items for v in (i.period, i.annual)]
    assert len(values) == 66
    assert all(v is not None for v in values)
    kinds = sorted({v.kind for v in values if v is not None})
    assert kinds == ["comparison", "quantity", "range", "ratio", "text"]


def test_spans_point_into_the_caller_text() -> None:
    for _, block in corpus_blocks():
        items = parse_indicators(block)
        assert items[0].span[0] == 0
        assert items[-1].span[1] == len(block)
        for previous, following in itertools.pairwise(items):
            # Items follow each other with at most a line break between them.
            assert block[previous.span[1] : following.span[0]].strip() == ""
        for indicator in items:
            start, end = indicator.span
            covered = re.sub(r"\s+", "", block[start:end])
            assert covered.startswith(f"{indicator.number}、")
            assert covered.endswith("。")
            assert indicator.name.replace(" ", "") in covered


def test_raw_values_are_joined_across_line_breaks() -> None:
    _, block = corpus_blocks()[2]
    [first, _, third, *_] = parse_indicators(block)
    assert first.period is not None
    assert first.period.raw == "20-35次"  # written "实施周期指标值: \n\n20-35次"
    assert third.period is not None
    assert third.period.raw == "200-300次"  # written "200-\n\n300次"


def test_spans_in_the_whole_file() -> None:
    text = CORPUS.read_text(encoding="utf-8")
    offset, block = corpus_blocks()[1]
    items = parse_indicators(block)
    start, end = items[0].span
    assert text[offset + start : offset + end].startswith(
        "1、1-产出指标；11-数量指标；政府雇员在编人数"
    )
