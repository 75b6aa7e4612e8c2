"""Indicator blocks in the notation of docs/language.md: separators, wrapping, numbering,
projects."""

from __future__ import annotations

import pytest

from perfindicator import Code, Indicator, ParseError, Quantity, Range, Text, parse_indicators

ITEM = "1、1-产出指标；11-数量指标；报废小车数量；实施周期指标值:1；年度指标值:1。"
EXPECTED_ITEM = Indicator(
    1,
    Code("1", "产出指标"),
    Code("11", "数量指标"),
    "报废小车数量",
    Quantity.of("=", 1),
    Quantity.of("=", 1),
)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(ITEM, id="full-width ；"),
        pytest.param(ITEM.replace("；", ";"), id="half-width ;"),
        pytest.param(ITEM.replace(":", "："), id="full-width ："),
        pytest.param(ITEM.replace("-", "－"), id="full-width －"),
        pytest.param(ITEM.replace("；", " ； "), id="stray spaces"),
        pytest.param(ITEM[:-1], id="no final 。"),
        pytest.param(ITEM.replace("指标值", "目标值"), id="目标值 labels"),
        pytest.param("\n\n  " + ITEM + "\n\n", id="surrounding blank lines"),
        pytest.param(ITEM.translate(str.maketrans("1", "１")), id="full-width digits"),
    ],
)
def test_separator_forms(text: str) -> None:
    assert parse_indicators(text) == [EXPECTED_ITEM]


def test_missing_period_value() -> None:
    [item] = parse_indicators("1、1-产出指标；11-数量指标；报废小车数量；年度指标值:2辆。")
    assert item.period is None
    assert item.annual == Quantity.of("=", 2, "辆")
    assert item.to_dict()["period"] is None


def test_numbers_past_nine_and_several_projects() -> None:
    items = [
        f"{n}、1-产出指标；11-数量指标；指标{n}；实施周期指标值:{n}次；年度指标值:{n}次。"
        for n in range(1, 13)
    ]
    text = "".join(items) + "\n" + "".join(items[:3])
    parsed = parse_indicators(text)
    assert [i.number for i in parsed] == [*range(1, 13), 1, 2, 3]
    assert parsed[11].name == "指标12"
    assert parsed[11].annual == Quantity.of("=", 12, "次")


def test_empty_text_has_no_items() -> None:
    assert parse_indicators("") == []
    assert parse_indicators(" \n\n ") == []


@pytest.mark.parametrize("width", [1, 2, 3, 5, 7, 11, 13, 17, 29, 31])
def test_any_wrap_width(width: int) -> None:
    """A PDF wraps lines anywhere: inside words, labels, codes and numbers."""
    block = (
        "10、1-产出指标；11-数量指标；接待省市调研次数；实施周期指标值: 20-35次；年度指标值:"
        " 20-35次。11、3-满意度指标；31-服务对象满意度；12345热线满意度（%）；实施周期指标值:"
        "不低于97%；年度指标值:大于95。"
    )
    wrapped = "\n\n".join(block[i : i + width] for i in range(0, len(block), width))
    first, second = parse_indicators(wrapped)
    assert first.number == 10
    assert first.name == "接待省市调研次数"
    assert first.period == first.annual == Range.of(20, 35, "次")
    assert second.number == 11
    assert second.category == Code("31", "服务对象满意度")
    assert second.name == "12345热线满意度（%）"
    assert second.period == Quantity.of(">=", 97, "%")
    assert second.annual == Quantity.of(">", 95, "%")  # 大于95 with the name's （%）
    assert wrapped[first.span[0]] == "1"
    assert wrapped[first.span[1] - 1] == "。"
    assert wrapped[second.span[0] : second.span[1]].replace("\n", "").startswith("11、3-")
    assert second.span[1] == len(wrapped)


def test_line_breaks_with_stray_spaces() -> None:
    text = "1、1-产出指标；11-数量指标；报废小车 \n\n数量；实施周期指标值: \n\n1；年\n\n"
    text += "度指标值:1 \n。"
    [item] = parse_indicators(text)
    assert item.name == "报废小车数量"
    assert item == EXPECTED_ITEM


def test_names_keep_what_was_written() -> None:
    text = "1、2-效益指标；22-社会效益指标；受益人数（万人次）[含线上]；年度指标值:2.5。"
    [item] = parse_indicators(text)
    assert item.category == Code("22", "社会效益指标")
    assert item.name == "受益人数（万人次）[含线上]"
    assert item.annual == Quantity.of("=", 25000, "人次")  # the hint's 万 is folded too


def test_a_name_with_comparator_words_is_still_a_name() -> None:
    text = "1、3-满意度指标；31-服务对象满意度；满意度不低于；年度指标值:满意度不低于97%。"
    [item] = parse_indicators(text)
    assert item.name == "满意度不低于"
    assert item.annual == Quantity.of(">=", 97, "%")


def test_values_that_are_not_understood_stay_text() -> None:
    text = "1、2-效益指标；21-经济效益；分红；年度指标值:第一年按总投资额返本20%,分红按8%分红。"
    [item] = parse_indicators(text)
    assert item.annual == Text.of("第一年按总投资额返本20%,分红按8%分红")


def test_to_dict_is_the_interchange_form() -> None:
    [item] = parse_indicators(ITEM)
    assert item.to_dict() == {
        "number": 1,
        "level": {"code": "1", "name": "产出指标"},
        "category": {"code": "11", "name": "数量指标"},
        "name": "报废小车数量",
        "period": {"kind": "quantity", "raw": "1", "op": "=", "value": "1", "unit": None},
        "annual": {"kind": "quantity", "raw": "1", "op": "=", "value": "1", "unit": None},
        "span": [0, 42],
    }


def test_str_is_the_notation() -> None:
    [item] = parse_indicators(ITEM)
    assert str(item) == ITEM
    assert parse_indicators(str(item)) == [item]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("\ufeff" + ITEM, id="byte-order mark"),
        pytest.param(ITEM.replace("年度", "年\x0c度"), id="form feed page break"),
        pytest.param(ITEM.replace("年度", "年\n\x0c\n度"), id="page break between lines"),
        pytest.param(ITEM.replace("报废小车", "报废\u200b小车"), id="zero-width space"),
        pytest.param(ITEM.replace("；", "\xa0；\xa0"), id="no-break spaces"),
        pytest.param(ITEM.replace("；年度", "；\u3000年度"), id="ideographic space"),
    ],
)
def test_extraction_leftovers(text: str) -> None:
    assert parse_indicators(text) == [EXPECTED_ITEM]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param(
            "1、1-产出指标；11-数量指标；实施周期指标值:1；年度指标值:1。",
            "expected the indicator name after the category, found '实施周期指标值:1'",
            id="name missing",
        ),
        pytest.param(
            "1、1-产出指标；11-数量指标；报废小车数量实施周期指标值:1；年度指标值:1。",
            "expected '；实施周期指标值:' or '；年度指标值:' after the indicator name,"
            " found '实施周期指标值:1'",
            id="； missing before a label",
        ),
        pytest.param(
            "1、1-产出指标；11-数量指标；A；年度指标值:1年度指标值:2。",
            "expected '。' after the value, found '年度指标值:2'",
            id="a label inside a value",
        ),
        pytest.param(
            "1、1-产出指标11-数量指标；报废小车数量；年度指标值:1。",
            "expected '；' and a category such as '11-数量指标' after the level,"
            " found '；报废小车数量'; is a '；' missing before '11-'?",
            id="； missing before a category",
        ),
        pytest.param(
            "1、11-数量指标；报废小车数量；年度指标值:1。",
            "expected '；' and a category such as '11-数量指标' after the level,"
            " found '；报废小车数量'; '11' looks like a category code: is the level missing?",
            id="level missing",
        ),
        pytest.param(
            "1、1-产出指标；11-数量指标；A；\xa0年度指标:1。",
            "expected '；实施周期指标值:' or '；年度指标值:' after the indicator name,"
            " found '；\\xa0年度指标:1'",
            id="quotes show no invisible characters",
        ),
    ],
)
def test_garbled_items_are_errors_not_data(text: str, message: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse_indicators(text)
    assert caught.value.msg == message


def test_a_name_holding_the_end_of_a_label_is_an_error() -> None:
    """期指标值:1 in a name is what is left of a line that extraction doubled (…采购程序 /
    期指标值:1；年度指标值:1。3、…采购程序 twice): not a name, but the rest of a label."""
    with pytest.raises(ParseError) as caught:
        parse_indicators("3、1-产出指标；12-质量指标；采购程序期指标值:1；年度指标值:1。")
    assert str(caught.value) == (
        "expected '；实施周期指标值:' or '；年度指标值:' after the indicator name,"
        " found '标值:1' (line 1, column 24)\n"
        "    3、1-产出指标；12-质量指标；采购程序期指标值:1；年度指标值:1。\n"
        "                                            ^~~~~~"
    )
    # 目标值 without a colon is an ordinary name.
    [item] = parse_indicators("1、1-产出指标；11-数量指标；目标值达成率；年度指标值:100%。")
    assert item.name == "目标值达成率"
