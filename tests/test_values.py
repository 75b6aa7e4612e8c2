"""Value strings and what they mean, by where they came from: the documented examples,
published tables, new forms.

Each expected value was worked out by hand from the notation (docs/language.md). Expected
objects are compared with ``==``, which ignores ``raw``; ``raw`` is checked separately.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest

from _values import assert_reads, cases, d, q, r, t
from perfindicator import (
    Comparison,
    Date,
    DateRange,
    ParseError,
    Quantity,
    Range,
    Ratio,
    Value,
    parse_value,
)

CORPUS = Path(__file__).parent / "corpus"


# --- docs/language.md and docs/interchange.md examples --------------------------------------

SPEC_EXAMPLES: dict[str, Value] = {
    "36人": q("=", "36", "人"),
    "100": q("=", "100"),
    "不低于97%": q(">=", "97", "%"),
    "≥2.5万人次": q(">=", "25000", "人次"),
    "约5000人次": q("~", "5000", "人次"),
    "两辆": q("=", "2", "辆"),
    "十余次": q(">", "10", "次"),
    "3000元/人": q("=", "3000", "元/人"),
    "20-35次": r("20", "35", "次"),
    "90%-95%": r("90", "95", "%"),
    "20～35次": r("20", "35", "次"),
    "200至300次": r("200", "300", "次"),
    "1-3个工作日": r("1", "3", "工作日"),
    "实际完成的工作量/计划完成的工作量": Ratio.of("实际完成的工作量", "计划完成的工作量"),
    "实际工期/计划工期": Ratio.of("实际工期", "计划工期"),
    "总费用支出低于年初预算": Comparison.of("总费用支出", "<", "年初预算"),
    "≤预算数": Comparison.of(None, "<=", "预算数"),
    "不低于上年": Comparison.of(None, ">=", "上年"),
    "2024年12月31日前": d("<=", 2024, 12, 31),
    "2024年底前": d("<=", 2024, 12, 31),
    "2024年12月": d("=", 2024, 12),
    "合法合规": t("合法合规"),
    "及时": t("及时"),
    "逐步提高": t("逐步提高"),
    "达成年度指标": t("达成年度指标"),
    "2.5万人次": q("=", "25000", "人次"),
    "500万元": q("=", "5000000", "元"),
    "250万": q("=", "2500000"),
    "3,000": q("=", "3000"),
    "两": t("两"),  # a Chinese numeral without a known unit is text
    "三次": q("=", "3", "次"),
    "二十": t("二十"),
    "一百二十人": q("=", "120", "人"),
    "十次以上": q(">=", "10", "次"),
    "零增长": t("零增长"),
    "一般": t("一般"),
    "(≥**株)>=17600株": q(">=", "17600", "株"),
    "满意度不低于90%": q(">=", "90", "%"),
    "第一年按总投资额返本20%,分红按8%分红": t("第一年按总投资额返本20%,分红按8%分红"),
    "％": t("％"),
}


@pytest.mark.parametrize(("text", "expected"), cases(SPEC_EXAMPLES))
def test_spec_examples(text: str, expected: Value) -> None:
    assert_reads(text, expected)


# --- Every row of the comparator table (docs/language.md), before or after a number as written

COMPARATORS: dict[str, Value] = {
    # >=
    "≥90%": q(">=", "90", "%"),
    "≧90%": q(">=", "90", "%"),
    ">=90%": q(">=", "90", "%"),
    "＞＝90%": q(">=", "90", "%"),
    "不低于90%": q(">=", "90", "%"),
    "不少于90人": q(">=", "90", "人"),
    "不小于90%": q(">=", "90", "%"),
    "大于等于90%": q(">=", "90", "%"),
    "达到90%": q(">=", "90", "%"),
    "至少90人": q(">=", "90", "人"),
    "90%以上": q(">=", "90", "%"),
    "90人及以上": q(">=", "90", "人"),
    "90%（含）以上": q(">=", "90", "%"),
    # <=
    "≤5%": q("<=", "5", "%"),
    "≦5%": q("<=", "5", "%"),
    "<=5%": q("<=", "5", "%"),
    "不高于5%": q("<=", "5", "%"),
    "不超过5%": q("<=", "5", "%"),
    "不超5%": q("<=", "5", "%"),
    "不大于5%": q("<=", "5", "%"),
    "不多于5次": q("<=", "5", "次"),
    "小于等于5%": q("<=", "5", "%"),
    "最多5次": q("<=", "5", "次"),
    "至多5次": q("<=", "5", "次"),
    "控制在5%以内": q("<=", "5", "%"),
    "5%以内": q("<=", "5", "%"),
    "5%以下": q("<=", "5", "%"),
    "3个工作日内": q("<=", "3", "工作日"),
    # >
    ">95%": q(">", "95", "%"),
    "＞95%": q(">", "95", "%"),
    "大于95%": q(">", "95", "%"),
    "高于95%": q(">", "95", "%"),
    "多于95人": q(">", "95", "人"),
    "超过95%": q(">", "95", "%"),
    "20余人": q(">", "20", "人"),
    "100多人": q(">", "100", "人"),
    # <
    "<3%": q("<", "3", "%"),
    "＜3%": q("<", "3", "%"),
    "小于3%": q("<", "3", "%"),
    "低于3%": q("<", "3", "%"),
    "少于3次": q("<", "3", "次"),
    "不足3次": q("<", "3", "次"),
    "不满3次": q("<", "3", "次"),
    # =
    "=10个": q("=", "10", "个"),
    "＝10个": q("=", "10", "个"),
    "═10个": q("=", "10", "个"),
    "等于10个": q("=", "10", "个"),
    # ~
    "约5000人次": q("~", "5000", "人次"),
    "大约5000人次": q("~", "5000", "人次"),
    "5000人次左右": q("~", "5000", "人次"),
    "约为5000人次": q("~", "5000", "人次"),
}


@pytest.mark.parametrize(("text", "expected"), cases(COMPARATORS))
def test_comparator_table(text: str, expected: Value) -> None:
    assert parse_value(text) == expected


# --- Value strings from published tables: every row of corpus/real-values.tsv ----------------

#: Extraction damage (glued cells such as 88100, OCR's 292% for ≥92%) cannot be seen in the
#: string alone: those values are read as written, which is what the table says.
PUBLISHED: dict[str, Value] = {
    "200-300次": r("200", "300", "次"),
    "满足加强对外联络要求": t("满足加强对外联络要求"),
    "25次": q("=", "25", "次"),
    "过程中各项流程手续符合相关规定 ": t("过程中各项流程手续符合相关规定"),
    "整理过程中各项流程手续符合相关规定": t("整理过程中各项流程手续符合相关规定"),
    "6期": q("=", "6", "期"),
    "20次": q("=", "20", "次"),
    "≤5%": q("<=", "5", "%"),
    ">=28次": q(">=", "28", "次"),
    ">=500人": q(">=", "500", "人"),
    ">=95%": q(">=", "95", "%"),
    ">=100%": q(">=", "100", "%"),
    "0個": q("=", "0", "个"),
    "40次": q("=", "40", "次"),
    "1700人": q("=", "1700", "人"),
    "98%": q("=", "98", "%"),
    "0%": q("=", "0", "%"),
    "143%": q("=", "143", "%"),
    "340%": q("=", "340", "%"),
    "103%": q("=", "103", "%"),
    "≥100百分比": q(">=", "100", "%"),
    "严格执行相关制度规定": t("严格执行相关制度规定"),
    "在项目计划完成时间内完成": t("在项目计划完成时间内完成"),
    "符合相关规定": t("符合相关规定"),
    "效果明显": t("效果明显"),
    "达成预期指标": t("达成预期指标"),
    "50": q("=", "50"),
    "90": q("=", "90"),
    "2280次": q("=", "2280", "次"),
    "200次": q("=", "200", "次"),
    "292%": q("=", "292", "%"),
    "95%": q("=", "95", "%"),
    "28.8萬元": q("=", "288000", "元"),
    "按月安排": t("按月安排"),
    "應保盡保": t("應保盡保"),
    "88100": q("=", "88100"),
    "68100": q("=", "68100"),
    "20100": q("=", "20100"),
    "**人": t("**人"),
    "≥**人次": t("≥**人次"),
    "≥**%": t("≥**%"),
    "≤**%": t("≤**%"),
    "**元/人·月": t("**元/人·月"),
    "**元/人": t("**元/人"),
    "≥**万元": t("≥**万元"),
    "(**月**日前)": t("(**月**日前)"),
    "(台/件/辆/套)": t("(台/件/辆/套)"),
    "(元/台、件、輛、套)": t("(元/台、件、輛、套)"),
    "2": q("=", "2"),
    "参照政府采购成本控制": t("参照政府采购成本控制"),
    "巩固提高": t("巩固提高"),
    "持续改善": t("持续改善"),
    "≥90%": q(">=", "90", "%"),
    "7": q("=", "7"),
    "不断提升": t("不断提升"),
    "≥500人": q(">=", "500", "人"),
    "≥1000人": q(">=", "1000", "人"),
    "≥500亩": q(">=", "500", "亩"),
    "≥200亩": q(">=", "200", "亩"),
    "≥20年": q(">=", "20", "年"),
    ">=85": q(">=", "85"),
    "(≥**%)>=100%": q(">=", "100", "%"),
    "≤28.40/株": q("<=", "28.4", "/株"),  # the 元 was dropped in the table; kept as written
    "(≥**万元)≥80万元": q(">=", "800000", "元"),
    "≥10户": q(">=", "10", "户"),
    "生态修复功能提高": t("生态修复功能提高"),
    "持续发展": t("持续发展"),
    "(≥**%)≥95%": q(">=", "95", "%"),
    ">=4个": q(">=", "4", "个"),
    ">=60亩": q(">=", "60", "亩"),
    "<=2875元/个": q("<=", "2875", "元/个"),
    "<=3000元/平方米": q("<=", "3000", "元/平方米"),
    ">=6万元": q(">=", "60000", "元"),
    ">=60000人": q(">=", "60000", "人"),
    ">=29人": q(">=", "29", "人"),
    ">=90%": q(">=", "90", "%"),
    ">=1102人": q(">=", "1102", "人"),
    "=10个": q("=", "10", "个"),
    "=5年": q("=", "5", "年"),
    ">=8%": q(">=", "8", "%"),
    "25人次": q("=", "25", "人次"),
    "6次": q("=", "6", "次"),
    "70%": q("=", "70", "%"),
    "220": q("=", "220"),
    "10辆": q("=", "10", "辆"),
    "≥80M": q(">=", "80", "M"),  # a short word after a number is its unit, as written
    "优良": t("优良"),
    "2023.07-2024.01": DateRange.of(Date.of("=", 2023, 7), Date.of("=", 2024, 1)),
    "≥85%": q(">=", "85", "%"),
    "6亩": q("=", "6", "亩"),
    "1亩": q("=", "1", "亩"),
    "4.5亩": q("=", "4.5", "亩"),
    "4.7亩": q("=", "4.7", "亩"),
    "3头": q("=", "3", "头"),
    "500只": q("=", "500", "只"),
    "283只": q("=", "283", "只"),
    "≥1个": q(">=", "1", "个"),
    "2021年9月": d("=", 2021, 9),
    "50000元": q("=", "50000", "元"),
    "300元/米": q("=", "300", "元/米"),
    "550元/平米": q("=", "550", "元/平方米"),
    "≥1050元": q(">=", "1050", "元"),
    "≧": t("≧"),
    "═": t("═"),
    "735": q("=", "735"),
    "95": q("=", "95"),
    "有效": t("有效"),
    "优": t("优"),
    "≥266米": q(">=", "266", "米"),
    "20万元": q("=", "200000", "元"),
    "显著提升": t("显著提升"),
    "公里": t("公里"),
    "万亩": t("万亩"),
    "万人": t("万人"),
    "≧ %": t("≧ %"),
    "2100": q("=", "2100"),
    "=": t("="),
    "/": t("/"),
    "0": q("=", "0"),
    "高": t("高"),
    "290%": q("=", "290", "%"),
    "无": t("无"),
    "是": t("是"),
    "-0.300000152587891": q("=", "-0.300000152587891"),
    "≥": t("≥"),
    "＞": t("＞"),
    "＝": t("＝"),
    "＜": t("＜"),
    "≤": t("≤"),
    "定性": t("定性"),
    "部分达成年度指标并具有一定效果": t("部分达成年度指标并具有一定效果"),
    "未达成年度指标且效果较差": t("未达成年度指标且效果较差"),
    "达到预期目标": t("达到预期目标"),
    "部分达到预期目标,并且具备一定效果": t("部分达到预期目标,并且具备一定效果"),
    "未达到预期目标": t("未达到预期目标"),
    "暂不确定": t("暂不确定"),
    "项目实际值": t("项目实际值"),
    "本指标不适用此项目": t("本指标不适用此项目"),
    "达成": t("达成"),
    "部分达成": t("部分达成"),
    "未达成": t("未达成"),
    "有效提升": t("有效提升"),
    "*": t("*"),
    "—": t("—"),
    "达到": t("达到"),
    "不少于": t("不少于"),
    "不超过": t("不超过"),
    "控制在": t("控制在"),
    "》 亩": t("》 亩"),
    "》 元/亩": t("》 元/亩"),
    "》 元": t("》 元"),
    "》 户": t("》 户"),
    "》 万元": t("》 万元"),
    "》  %": t("》  %"),
    "40%": q("=", "40", "%"),
    "≧95%": q(">=", "95", "%"),
    "50000": q("=", "50000"),
}


def _published_rows() -> list[str]:
    with (CORPUS / "real-values.tsv").open(encoding="utf-8", newline="") as file:
        return [row["value"] for row in csv.DictReader(file, delimiter="\t")]


def test_every_published_value_has_an_expectation() -> None:
    rows = _published_rows()
    assert len(rows) > 150
    assert set(rows) == set(PUBLISHED)


@pytest.mark.parametrize(("text", "expected"), cases(PUBLISHED))
def test_published_values(text: str, expected: Value) -> None:
    value = parse_value(text)
    assert value == expected
    assert value.raw == text.strip()


# --- New forms: numbers, units, dates, comparisons the published rows do not show ------------

NEW_FORMS: dict[str, Value] = {
    # numbers
    "１２３人": q("=", "123", "人"),
    "９７％": q("=", "97", "%"),
    "1,234.5万元": q("=", "12345000", "元"),
    "3,000元/人": q("=", "3000", "元/人"),
    "0.5亿元": q("=", "50000000", "元"),
    "2千元": q("=", "2000", "元"),
    "100.00%": q("=", "100", "%"),
    "十二次": q("=", "12", "次"),
    "两千人": q("=", "2000", "人"),
    "三千五百万元": q("=", "35000000", "元"),
    "二十多人": q(">", "20", "人"),
    "10万余元": q(">", "100000", "元"),
    "20余万元": q(">", "200000", "元"),
    # digits of other scripts are not digits
    "๙๐%": t("๙๐%"),
    "٣٠人": t("٣٠人"),
    # units
    "12个月": q("=", "12", "月"),
    "5日": q("=", "5", "天"),
    "300平米": q("=", "300", "平方米"),
    "300㎡": q("=", "300", "平方米"),
    "5個": q("=", "5", "个"),
    "2次/年": q("=", "2", "次/年"),
    "1200元/年": q("=", "1200", "元/年"),
    "500元/人·月": q("=", "500", "元/人·月"),
    "2万人次": q("=", "20000", "人次"),
    "3个转变": q("=", "3", "个转变"),  # a short word after a number is its unit, as written
    "10个乡镇": q("=", "10", "个乡镇"),
    "3个半小时": t("3个半小时"),  # 3.5 hours: not read as 3 of a unit 个半小时
    "3个半月": t("3个半月"),
    "5个服务对象单位": t("5个服务对象单位"),  # too long to be a unit
    "5个百分点": q("=", "5", "百分点"),
    "三个转变": t("三个转变"),
    # ranges
    "2-3万元": r("20000", "30000", "元"),
    "2万-3万元": r("20000", "30000", "元"),
    "90-95%": r("90", "95", "%"),
    "20次-35次": r("20", "35", "次"),
    "20到35次": r("20", "35", "次"),
    "三至五次": r("3", "5", "次"),
    "35-20次": t("35-20次"),
    "1天-2月": t("1天-2月"),
    # comparisons and ratios
    "总费用支出不高于年初预算": Comparison.of("总费用支出", "<=", "年初预算"),
    "不超过预算": Comparison.of(None, "<=", "预算"),
    "高于全省平均水平": Comparison.of(None, ">", "全省平均水平"),
    "成本≤预算数": Comparison.of("成本", "<=", "预算数"),
    "未超过预算": t("未超过预算"),
    "节约成本": t("节约成本"),
    "最多跑一次": t("最多跑一次"),
    "不超标": t("不超标"),
    "不满意": t("不满意"),
    "质量验收为合格的项目数/验收项目的总数": Ratio.of("质量验收为合格的项目数", "验收项目的总数"),
    # dates
    "2024年12月31日之前": d("<=", 2024, 12, 31),
    "2024年12月31日以前": d("<=", 2024, 12, 31),
    "12月31日前": d("<=", None, 12, 31),
    "6月底前": d("<=", None, 6, 30),
    "6月底": d("=", None, 6, 30),
    "2024年底": d("=", 2024, 12, 31),
    "2024年": d("=", 2024),
    "截至2024年6月30日": d("<=", 2024, 6, 30),
    "不晚于2024年6月30日": d("<=", 2024, 6, 30),
    "2024年12月31日前完成": d("<=", 2024, 12, 31),
    "于2024年12月完成": d("=", 2024, 12),  # the month the work is done in
    "于2024年12月前完成": d("<=", 2024, 12),
    "2024.12": d("=", 2024, 12),
    "2024-12-31": d("=", 2024, 12, 31),
    "2023年2月30日": t("2023年2月30日"),
    "2024年2月29日前": d("<=", 2024, 2, 29),
    "2023年2月29日": t("2023年2月29日"),
    "1900年2月29日": t("1900年2月29日"),  # a century is a leap year only every 400 years
    "2000年2月29日": d("=", 2000, 2, 29),
    "2024年4月31日": t("2024年4月31日"),
    "2024年12月31日": d("=", 2024, 12, 31),
    "≥20年": q(">=", "20", "年"),
    # Chinese numerals with the last place left unsaid, as spoken
    "三千五元": q("=", "3500", "元"),
    "一百五次": q("=", "150", "次"),
    "一万五人次": q("=", "15000", "人次"),
    "一百零五人": q("=", "105", "人"),
    "一万亿元": q("=", "1000000000000", "元"),
    # scale words after Arabic digits
    "3千万元": q("=", "30000000", "元"),
    "1.5万亿元": q("=", "1500000000000", "元"),
    "5千人": q("=", "5000", "人"),
    "5千克": q("=", "5", "千克"),  # 千 that starts a unit is not a scale
    "2百万元": q("=", "2000000", "元"),
    # subjects and references that start with digits or Chinese numerals
    "三公经费支出不高于上年": Comparison.of("三公经费支出", "<=", "上年"),
    "一般性支出低于上年": Comparison.of("一般性支出", "<", "上年"),
    "不低于2023年水平": Comparison.of(None, ">=", "2023年水平"),
    "低于一般水平": Comparison.of(None, "<", "一般水平"),
    "12345热线满意度不低于上年": Comparison.of("12345热线满意度", ">=", "上年"),
    "12345热线满意度不低于90%": q(">=", "90", "%"),
    "5G基站覆盖率不低于95%": q(">=", "95", "%"),
    "控制在预算以内": Comparison.of(None, "<=", "预算"),
    "成本控制在预算以内": Comparison.of("成本", "<=", "预算"),
    "达到国家标准": Comparison.of(None, ">=", "国家标准"),
    "节约5%": t("节约5%"),  # 约 inside 节约 is not "about"
    "不低于90%，力争95%": t("不低于90%，力争95%"),
    # numbers that only look like dates, and years that are not durations
    "1999.99": q("=", "1999.99"),
    "2000.00": q("=", "2000"),
    "2000.5-2500.5万元": r("20005000", "25005000", "元"),
    "2024-2025年": t("2024-2025年"),
    "2025年年底前": d("<=", 2025, 12, 31),
    "2024年末": d("=", 2024, 12, 31),
    # invisible characters from extraction
    "≥\xa095%": q(">=", "95", "%"),
    # contradictions and leftovers stay text
    "超过90%以上": t("超过90%以上"),
    "≥90%且≤95%": r("90", "95", "%"),
    "90%的群众满意": t("90%的群众满意"),
}


@pytest.mark.parametrize(("text", "expected"), cases(NEW_FORMS))
def test_new_forms(text: str, expected: Value) -> None:
    assert parse_value(text) == expected


# --- Unit hints from the indicator name --------------------------------------------------------

HINTS = [
    pytest.param("100", "验收合格率（%）", q("=", "100", "%"), id="（%）"),
    pytest.param("大于95", "目标群体满意率(%)", q(">", "95", "%"), id="(%)"),
    pytest.param("90-95", "满意率（%）", r("90", "95", "%"), id="range"),
    pytest.param(">=85", "成活率(≥**%)", q(">=", "85", "%"), id="template hint"),
    pytest.param("500", "项目资金（万元）", q("=", "5000000", "元"), id="scaled hint"),
    pytest.param("98", "验收合格率%", q("=", "98", "%"), id="a percent sign without brackets"),
    pytest.param("36人", "覆盖率（%）", q("=", "36", "人"), id="own unit wins"),
    pytest.param("合规", "合规率（%）", t("合规"), id="text unchanged"),
    pytest.param("100", "(台/件/辆/套)数量", q("=", "100"), id="choice is no hint"),
    pytest.param("100", "报废小车数量", q("=", "100"), id="no hint"),
    pytest.param("800", "补助标准（元/人）", q("=", "800", "元/人"), id="compound hint"),
    pytest.param("4", "培训（次/年）", q("=", "4", "次/年"), id="per year hint"),
    pytest.param("2020.5", "资金（万元）", q("=", "20205000", "元"), id="amount, not May 2020"),
    pytest.param("2024.12", "完成时间", d("=", 2024, 12), id="a date without a hint"),
    pytest.param("2024.12", "完成时间（年）", d("=", 2024, 12), id="a date under a time hint"),
    pytest.param("2024.6", "培训人数（人）", d("=", 2024, 6), id="a date under a count hint"),
    pytest.param("2020.5", "面积（亩）", q("=", "2020.5", "亩"), id="an area, not May 2020"),
]


@pytest.mark.parametrize(("text", "name", "expected"), HINTS)
def test_unit_hint_from_name(text: str, name: str, expected: Value) -> None:
    assert parse_value(text, name=name) == expected


# --- The model ---------------------------------------------------------------------------------


def test_numbers_are_exact_decimals() -> None:
    value = parse_value("0.1万元")
    assert isinstance(value, Quantity)
    assert value.value == Decimal("1000")
    assert str(value.value) == "1000"
    long = parse_value("1.23456789012345678901234567890123万元")
    assert isinstance(long, Quantity)
    assert long.value == Decimal("12345.6789012345678901234567890123")


def test_floats_are_refused() -> None:
    with pytest.raises(TypeError, match="not exact"):
        Quantity(">=", 0.1, "%")  # type: ignore[arg-type]


def test_model_refuses_nonsense() -> None:
    with pytest.raises(ValueError, match="above its high"):
        Range.of(5, 3)
    with pytest.raises(ValueError, match="op must be one of"):
        Quantity.of("≈", 3)
    with pytest.raises(ValueError, match="day must be 1-28"):
        Date.of("=", 2023, 2, 29)


def test_raw_is_not_compared_but_kept() -> None:
    assert parse_value("≧95%") == parse_value("不低于95%")
    assert parse_value("≧95%").raw == "≧95%"
    assert repr(parse_value("≧95%")) == "Quantity(op='>=', value=Decimal('95'), unit='%')"


def test_line_breaks_inside_a_value_are_joined() -> None:
    value = parse_value("200-\n\n300次")
    assert value == r("200", "300", "次")
    assert value.raw == "200-300次"


def test_dimension() -> None:
    assert q("=", "1", "人").dimension == "count"
    assert q("=", "1", "元/平方米").dimension == "currency/area"
    assert q("=", "1", "M").dimension is None
    assert r("1", "2", "%").dimension == "percent"


@pytest.mark.parametrize("text", ["", "   ", "\n\n"])
def test_an_empty_value_is_an_error(text: str) -> None:
    with pytest.raises(ParseError, match="expected a value, found nothing"):
        parse_value(text)


def test_not_text_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="takes text"):
        parse_value(97)  # type: ignore[arg-type]


ROUND_TRIP = {**SPEC_EXAMPLES, **COMPARATORS, **PUBLISHED, **NEW_FORMS}


@pytest.mark.parametrize(("text", "expected"), cases(ROUND_TRIP))
def test_canonical_notation_reads_back(text: str, expected: Value) -> None:
    value = parse_value(text)
    assert parse_value(str(value)) == value


def test_no_unit_word_holds_a_separator_of_compound_units() -> None:
    """The transformer remembers units by their text alone: 元/人 is then read one way only,
    as the words 元 and 人 around a /, because no unit word holds a / or a · itself."""
    from perfindicator.core import vocabulary as vocab

    assert [word for word in vocab.SPELLINGS if "/" in word or "·" in word] == []
