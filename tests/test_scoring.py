"""Meeting targets and scoring actual results by the rules of docs/scoring.md, with expected points
worked out by hand."""

from __future__ import annotations

import datetime
import re
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from _corpus import corpus_blocks
from perfindicator import (
    Quantity,
    Range,
    ScoringRules,
    Value,
    evaluate,
    parse_indicators,
    parse_value,
    score,
)

ACHIEVED = "达成年度指标"
PARTLY = "部分达成年度指标并具有一定效果"
NOT_ACHIEVED = "未达成年度指标且效果较差"

MET = [
    # (target, actual, met?)
    ("不低于97%", "98.5%", True),
    ("不低于97%", "97%", True),
    ("不低于97%", "96.9%", False),
    ("不低于97%", 98, True),  # a bare number is in the target's unit
    ("不低于97%", Decimal("96"), False),
    ("不低于97%", 97.5, True),  # a float is read as written, not as a binary fraction
    (">97%", "97%", False),
    ("≤12个月", "1年", True),  # 年 and 月 convert
    ("≤12个月", "13个月", False),
    ("<12个月", "12个月", False),
    ("≥36人", "37人", True),
    ("36人", "36人", True),
    ("36人", "37人", False),
    ("≤2万元", "19800元", True),
    ("≤2万元", "2.01万元", False),
    ("≥50平方公里", "5000公顷", True),  # 50 km² is 5000 ha
    ("3000元/人", "0.3万元/人", True),  # compound units convert part by part
    ("约100人", "92人", True),  # 约: within 10 % by default
    ("约100人", "89人", False),
    ("20-35次", "20次", True),
    ("20-35次", "35次", True),
    ("20-35次", "36次", False),
    ("2024年12月31日前", "2024年11月20日", True),
    ("2024年12月31日前", "2025年1月3日", False),
    ("2024年12月31日前", datetime.date(2024, 12, 31), True),
    ("6月底前", "2024年6月30日", True),  # a date without a year takes the actual's
    ("6月底前", "2024年7月1日", False),
    ("2024年", "2024年3月", True),  # = on a year: any day of it
    ("2024年", "2025年1月", False),
    ("不早于2024年3月", "2024年3月1日", True),
    ("不早于2024年3月", "2024年2月29日", False),
    ("合法合规", ACHIEVED, True),
    ("合法合规", "达成", True),
    ("合法合规", PARTLY, False),
    ("合法合规", True, True),
    ("合法合规", False, False),
    ("总费用支出低于年初预算", ACHIEVED, True),
    ("总费用支出低于年初预算", "未达到预期目标", False),
]


@pytest.mark.parametrize(("target", "actual", "met"), MET)
def test_is_met_by(target: str, actual: object, met: bool) -> None:
    assert parse_value(target).is_met_by(actual) is met


INCOMPARABLE = [
    ("≥36人", "5万元", "cannot compare '元' (currency) with a target in '人' (count)"),
    ("≥36人", "36人次", "cannot compare '人次' (count) with a target in '人' (count)"),
    ("≤5天", "1月", "cannot compare '月' (time) with a target in '天' (time)"),
    ("≥36人", "合法合规", "needs a number as its actual result, not text '合法合规'"),
    ("≥36人", "2024年", "needs a number as its actual result, not date '2024年'"),
    ("2024年12月31日前", "36人", "needs a date as its actual result"),
    ("合法合规", "98%", "takes a verdict as its actual result"),
    ("实际工期/计划工期", "98%", "is a formula without a threshold"),
    # A scale folded into the target makes a bare number ambiguous: 1.5 元 or 1.5 万元?
    ("≥2万元", "1.5", "give the actual result with its unit"),
]


@pytest.mark.parametrize(("target", "actual", "message"), INCOMPARABLE)
def test_incomparable_results_are_refused(target: str, actual: str, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        parse_value(target).is_met_by(actual)


def test_a_bare_number_under_a_scaled_hint_is_refused_too() -> None:
    target = parse_value("100", name="项目资金（万元）")  # held as 1000000 元
    with pytest.raises(ValueError, match="give the actual result with its unit"):
        target.is_met_by("90")
    assert target.is_met_by("100万元")


SCORES = [
    # (target, actual, weight, points): docs/scoring.md, worked out by hand.
    ("≥100人", "100人", 10, "10"),  # met: the whole weight
    ("≥100人", "80人", 10, "8"),  # positive: 10 × 80 / 100
    ("不低于95%", "76%", 20, "16"),  # 20 × 76 / 95
    ("100辆", "50辆", 10, "5"),  # = is scored like a positive target
    ("约100人", "85人", 10, "8.5"),  # outside 约's 10 %: 10 × 85 / 100
    ("≤100万元", "100万元", 10, "10"),
    ("≤100万元", "150万元", 10, "5"),  # negative: 10 × (200 - 150) / 100
    ("≤100万元", "200万元", 10, "0"),  # zero at twice the target
    ("≤100万元", "250万元", 10, "0"),  # and no lower
    ("<10天", "12天", 10, "8"),  # 10 × (20 - 12) / 10
    ("20-35次", "10次", 10, "5"),  # below the range: 10 × 10 / 20
    ("20-35次", "42次", 10, "8"),  # above it: 10 × (70 - 42) / 35
    ("2024年12月31日前", "2025年1月3日", 10, "0"),  # a date: all or nothing
    ("合法合规", ACHIEVED, 10, "10"),  # qualitative: the top of each band by default
    ("合法合规", PARTLY, 10, "8"),
    ("合法合规", NOT_ACHIEVED, 10, "6"),
]


@pytest.mark.parametrize(("target", "actual", "weight", "points"), SCORES)
def test_score(target: str, actual: str, weight: int, points: str) -> None:
    assert score(parse_value(target), actual, weight) == Decimal(points)


def test_province_rules_are_parameters() -> None:
    rules = ScoringRules(
        approximate=Decimal("0.05"),
        verdict_share={ACHIEVED: Decimal("0.9"), PARTLY: Decimal("0.7"), NOT_ACHIEVED: Decimal(0)},
    )
    assert not parse_value("约100人").is_met_by("92人", rules)
    assert score(parse_value("合法合规"), ACHIEVED, 10, rules) == Decimal(9)
    assert score(parse_value("合法合规"), PARTLY, 10, rules) == Decimal(7)
    assert score(parse_value("合法合规"), NOT_ACHIEVED, 10, rules) == Decimal(0)
    with pytest.raises(ValueError, match=re.escape("must be within 0.6–0.8")):
        ScoringRules(verdict_share={PARTLY: Decimal("0.9")})


def test_a_project_self_evaluation() -> None:
    """The sample corpus's first project, 公务用车购置费: seven indicators, equal weights."""
    _, block = corpus_blocks()[0]
    indicators = parse_indicators(block)
    assert [item.annual.raw for item in indicators if item.annual] == [
        "1", "1", "合法合规", "100", "100", "总费用支出低于年初预算", "保障公务用车安全可靠使用",
    ]  # fmt: skip
    actuals = {
        1: "1辆",  # 报废小车数量 1: met
        2: "1辆",  # 新购置小车数量 1: met
        "采购程序的规范性": ACHIEVED,
        4: "95%",  # 验收合格率（%） 100: 95 / 100 of the weight
        5: 100,  # 支出及时率（%） 100: met
        6: PARTLY,  # 降低成本: 80 % of the weight
        7: ACHIEVED,
    }
    result = evaluate(indicators, actuals, execution_rate="96%")
    # Weights and points are shown rounded to two places (90 / 7 = 12.857…): 12.86 when met,
    # 12.21 (× 0.95), 10.29 (× 0.8). Sums are of the exact points, rounded once:
    # 90 / 7 × (5 + 0.95 + 0.8) = 86.7857… and 96.3857… with the execution rate's 9.6.
    assert [s.weight for s in result.scores] == [Decimal("12.86")] * 7
    assert [s.points for s in result.scores] == [
        Decimal(p) for p in ["12.86", "12.86", "12.86", "12.21", "12.86", "10.29", "12.86"]
    ]
    assert result.indicator_points == Decimal("86.79")
    assert result.execution_points == Decimal("9.6")
    assert result.total == Decimal("96.39")
    assert result.grade == "优"
    assert [s.met for s in result.scores] == [True, True, True, False, True, False, True]
    assert result.scores[3].deviation == Decimal(-5)
    assert result.scores[2].deviation is None


@pytest.mark.parametrize(
    ("points", "grade"),
    [("80", "优"), ("79.9", "良"), ("70", "良"), ("69", "中"), ("60", "中"), ("59.99", "差")],
)
def test_grades(points: str, grade: str) -> None:
    [item] = parse_indicators("1、1-产出指标；11-数量指标；数量；年度指标值:≥100人。")
    # 90 indicator points × share + 10 × execution rate 1 = points.
    share = (Decimal(points) - 10) / 90
    result = evaluate([item], [f"{share * 100}人"], execution_rate=1)
    assert result.total == Decimal(points)
    assert result.grade == grade


def test_weights_scale_to_the_indicator_points() -> None:
    items = parse_indicators(
        "1、1-产出指标；11-数量指标；甲；年度指标值:≥10人。"
        "2、1-产出指标；11-数量指标；乙；年度指标值:≥10人。"
    )
    result = evaluate(items, ["10人", "5人"], weights=[2, 1], execution_rate="100%")
    assert [s.weight for s in result.scores] == [Decimal(60), Decimal(30)]
    assert [s.points for s in result.scores] == [Decimal(60), Decimal(15)]
    assert result.total == Decimal(85)


def test_missing_actual_results_are_named() -> None:
    items = parse_indicators("1、1-产出指标；11-数量指标；甲；年度指标值:≥10人。")
    with pytest.raises(ValueError, match=r"missing for indicator 1 \(甲\)"):
        evaluate(items, {}, execution_rate=1)
    with pytest.raises(ValueError, match=re.escape("must be a share (0.95) or a percentage")):
        evaluate(items, ["10人"], execution_rate="很高")
    for ambiguous in (95, "95"):  # 95 %, or 9500 %? Refused, not guessed
        with pytest.raises(ValueError, match="is not a share: write '95%'"):
            evaluate(items, ["10人"], execution_rate=ambiguous)
    with pytest.raises(ValueError, match="must be a share"):
        evaluate(items, ["10人"], execution_rate=True)


def test_full_marks_make_a_hundred() -> None:
    """Seven or eleven indicators met in full: 90 points, not 90.02 or 89.98."""
    for count in (7, 11):
        items = parse_indicators(
            "".join(
                f"{n}、1-产出指标；11-数量指标；指标{n}；年度指标值:≥1人。" for n in range(1, 12)
            )
        )[:count]
        result = evaluate(items, ["1人"] * count, execution_rate=1)
        assert (result.indicator_points, result.total) == (Decimal(90), Decimal(100))


def test_numbers_from_numpy_and_pandas() -> None:
    numpy = pytest.importorskip("numpy")
    pandas = pytest.importorskip("pandas")
    target = parse_value("≥95%")
    assert target.is_met_by(numpy.float64(96.0))
    assert target.is_met_by(numpy.int64(96))
    assert target.is_met_by(numpy.float32(95.5))
    assert not target.is_met_by(numpy.float64(94.9))
    assert score(target, numpy.float64(76), numpy.int64(20)) == Decimal(16)
    items = parse_indicators(
        "1、1-产出指标；11-数量指标；甲；年度指标值:≥10人。"
        "2、1-产出指标；11-数量指标；乙；年度指标值:≥10人。"
    )
    keyed = pandas.Series({2: "5人", 1: "10人"})  # keyed by indicator number, not position
    result = evaluate(items, keyed, execution_rate=numpy.float64(0.9))
    assert [s.points for s in result.scores] == [Decimal(45), Decimal("22.5")]
    assert result.execution_points == Decimal(9)


def test_a_scale_in_the_name_or_in_numerals() -> None:
    hinted = parse_value("≤100", name="项目资金（万元）")  # held as ≤ 1000000 元
    with pytest.raises(ValueError, match="give the actual result with its unit"):
        hinted.is_met_by(90)
    assert hinted.is_met_by("90万元")
    assert parse_value("一百人").is_met_by(100)  # 百 is a numeral here, not a scale
    assert parse_value("≥三千人").is_met_by(3000)
    assert parse_value("≥100千克").is_met_by(120)
    with pytest.raises(ValueError, match="give the actual result with its unit"):
        parse_value("两万元").is_met_by(2)


def test_days_hours_and_weeks_convert() -> None:
    assert parse_value("≤24小时").is_met_by("1天")
    assert not parse_value("≤1周").is_met_by("8天")
    with pytest.raises(ValueError, match="do not convert"):
        parse_value("≤30天").is_met_by("1个月")


def test_rules_from_plain_numbers_and_partial_shares() -> None:
    rules = ScoringRules(
        approximate=0.05,
        verdict_share={ACHIEVED: 0.9},  # the others keep their defaults
        execution_points="20",
        indicator_points=80.0,
        grades=[("差", 0), ("良", 70), ("优", 85), ("中", 60)],  # any order
    )
    assert rules.approximate == Decimal("0.05")
    assert score(parse_value("合法合规"), ACHIEVED, 10, rules) == Decimal(9)
    assert score(parse_value("合法合规"), PARTLY, 10, rules) == Decimal(8)
    [item] = parse_indicators("1、1-产出指标；11-数量指标；甲；年度指标值:≥10人。")
    result = evaluate([item], ["10人"], execution_rate=1, rules=rules)
    assert (result.total, result.grade) == (Decimal(100), "优")


def test_a_target_given_as_text_is_read_in_the_notation() -> None:
    assert score("≥100人", "80人", 10) == Decimal(8)
    with pytest.raises(ValueError, match="needs a number"):
        score("≥100人", "合法合规", 10)  # wording, not a verdict
    with pytest.raises(TypeError, match="a target must be a value"):
        score(100, "80人", 10)  # type: ignore[arg-type]


# --- score and is_met_by agree (docs/scoring.md) ------------------------------------------

RATE_TARGETS = [
    # (target, actual, met?, points of 10)
    ("95%", "100%", True, "10"),  # = on a rate is met at or above it
    ("95%", "95%", True, "10"),
    ("95%", "90%", False, "9.47"),
    ("100辆", "120辆", False, "8"),  # = on a count names a point: above it, as below a ceiling
    ("约100人", "200人", False, "0"),
    (">95%", "95%", False, "9.99"),  # the boundary of >: missed, so below the weight
    ("≥100人", "99.999人", False, "9.99"),  # would round up to the weight
]


@pytest.mark.parametrize(
    ("target", "actual", "met", "points"),
    RATE_TARGETS,
    ids=[f"{t} {a}" for t, a, *_ in RATE_TARGETS],
)
def test_full_points_exactly_when_met(target: str, actual: str, met: bool, points: str) -> None:
    assert parse_value(target).is_met_by(actual) is met
    assert score(target, actual, 10) == Decimal(points)


_NUMBERS = st.decimals(min_value=-50, max_value=500, places=3, allow_nan=False)
_UNITS = st.sampled_from([None, "%", "人", "元", "百分点"])


@st.composite
def _targets(draw: st.DrawFn) -> Value:
    unit = draw(_UNITS)
    if draw(st.booleans()):
        low, high = sorted([draw(_NUMBERS), draw(_NUMBERS)])
        return Range.of(low, high, unit)
    return Quantity.of(
        draw(st.sampled_from(["=", ">", ">=", "<", "<=", "~"])), draw(_NUMBERS), unit
    )


@given(
    target=_targets(),
    actual=_NUMBERS,
    weight=st.decimals(min_value="0.01", max_value=100, places=2),
    places=st.sampled_from([2, 0, None]),
)
def test_score_is_full_exactly_when_the_target_is_met(
    target: Value, actual: Decimal, weight: Decimal, places: int | None
) -> None:
    rules = ScoringRules(places=places)
    full = weight.quantize(Decimal(1), rounding=ROUND_HALF_UP) if places == 0 else weight
    assume(full > 0)
    points = score(target, actual, weight, rules)
    assert (points == full) is target.is_met_by(actual, rules), (points, full)


@given(
    target=st.sampled_from(["2024年12月31日前", "2024年", "合法合规", "不低于上年"]),
    actual=st.sampled_from(
        ["2024年6月1日", "2025年1月3日", ACHIEVED, PARTLY, NOT_ACHIEVED, "达成"]
    ),
)
def test_dates_and_verdicts_score_full_exactly_when_met(target: str, actual: str) -> None:
    value = parse_value(target)
    try:
        met = value.is_met_by(actual)
    except ValueError:
        return  # a date against a verdict: refused by both
    assert (score(value, actual, 10) == 10) is met


def test_scoring_numbers_out_of_range_are_refused_with_a_reason() -> None:
    with pytest.raises(ValueError, match=r"a weight is out of range: '1e1000000' has more"):
        score("≥95%", "100%", "1e1000000")
    with pytest.raises(ValueError, match="a weight must be a finite number, not 'sNaN'"):
        score("≥95%", "100%", "sNaN")
    with pytest.raises(ValueError, match="an actual result is out of range"):
        score("≥95%", Decimal("1e1000000"), 10)
    with pytest.raises(ValueError, match="a rule's number must be a finite number"):
        ScoringRules(approximate="sNaN")
    with pytest.raises(ValueError, match="places must be None or a whole number"):
        ScoringRules(places=10**9)
    assert score("≥95%", "100%", "1e30") == Decimal("1e30")  # large, but exact to the cent


@pytest.mark.parametrize(
    ("target", "actual", "points", "met"),
    [
        pytest.param("≥50个", "已完成100%", Decimal(10), True, id="done against a count"),
        pytest.param("≥50个", "完成90%", Decimal(9), False, id="90 % of a count"),
        pytest.param("有效改善", "已完成100%", Decimal(10), True, id="done against wording"),
        # Less is better, but the share is of the plan: 完成 100 % of ≤3万元 is within it.
        pytest.param("≤3万元", "完成率100%", Decimal(10), True, id="done against a ceiling"),
        pytest.param("≥50个", "已完成95%", Decimal("9.5"), False, id="95 % of a count"),
        # Against a rate, a completion is the rate itself, scored as any percentage.
        pytest.param("≥95%", "完成了99.5%", Decimal(10), True, id="a rate above the target"),
        pytest.param("≥95%", "已完成120%", Decimal(10), True, id="more than planned"),
        pytest.param("≥90%", "已完成95%", Decimal(10), True, id="95 % against ≥90 %"),
        # 10 × 85 / 90 = 9.444…
        pytest.param("≥90%", "完成率85%", Decimal("9.44"), False, id="a rate below the target"),
        # = on a rate: 10 × 98 / 100.
        pytest.param("100%", "完成率98%", Decimal("9.8"), False, id="98 % against 100 %"),
        # Less is better: 10 × (2 × 5 - 8) / 5 = 4, not 8 % of the weight.
        pytest.param("≤5%", "完成率8%", Decimal(4), False, id="a rate above a ceiling"),
        pytest.param("90%-100%", "完成率95%", Decimal(10), True, id="a rate within a range"),
        # A verdict earns the top of its band (docs/scoring.md), whatever the target.
        pytest.param("≥90%", "未达成年度指标", Decimal(6), False, id="not achieved, a rate"),
        pytest.param("≥90%", "达成年度指标", Decimal(10), True, id="achieved, a rate"),
        pytest.param("≥50个", "部分达成年度指标", Decimal(8), False, id="partly, a count"),
        pytest.param("≤3万元", NOT_ACHIEVED, Decimal(6), False, id="not achieved, a ceiling"),
        pytest.param("2024年12月31日前", "达成", Decimal(10), True, id="achieved, a date"),
    ],
)
def test_a_result_written_as_completion_or_a_verdict_scores_its_share(
    target: str, actual: str, points: Decimal, met: bool
) -> None:
    assert score(target, actual, 10) == points
    assert parse_value(target).is_met_by(actual) is met


def test_a_completion_against_a_rate_deviates_by_the_rate() -> None:
    [item] = parse_indicators("1、1-产出指标；12-质量指标；验收合格率；年度指标值:≥90%。")
    [line] = evaluate([item], ["已完成95%"], execution_rate=1).scores
    assert (line.points, line.met, line.deviation) == (Decimal(90), True, Decimal(5))


def test_a_verdict_against_a_number_earns_the_share_the_rules_give() -> None:
    rules = ScoringRules(verdict_share={"未达成年度指标且效果较差": Decimal("0.3")})
    assert score("≥90%", "未达成年度指标", 15, rules) == Decimal("4.5")  # 15 × 0.3


def test_a_date_target_with_wording_that_is_not_a_verdict_is_refused() -> None:
    with pytest.raises(ValueError, match="needs a date as its actual result, not text '按期完成'"):
        score("2024年12月31日前", "按期完成", 10)
    with pytest.raises(ValueError, match="needs a date as its actual result"):
        parse_value("2024年12月31日前").is_met_by("按期完成")
