"""The vocabulary of the notation, as data: comparator words, units, numerals, taxonomy.

Nothing here parses. The value grammar's word terminals are generated from these tables when the
parser is built (see ``notation/grammar.py``), so adding a word or a unit is a one-line change here.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Final, Literal, NamedTuple

# --------------------------------------------------------------------------------------------
# Full-width and look-alike characters, folded one-to-one so that offsets never move.
# Applied to value text before lexing; names are always kept as written.
# --------------------------------------------------------------------------------------------

FOLD: Final = str.maketrans(
    {
        **{chr(0xFF10 + i): str(i) for i in range(10)},  # ０-９
        "％": "%",
        "．": ".",
        "，": ",",
        "／": "/",
        "－": "-",
        "～": "~",
        "〜": "~",
        "—": "-",  # em dash between numbers: 20—35
        "–": "-",  # en dash
        "：": ":",
        "（": "(",
        "）": ")",
        "＞": ">",
        "＜": "<",
        "＝": "=",
        "═": "=",  # U+2550, seen in published 指标性质 columns
        "﹦": "=",  # U+FE66 small equals sign, seen in the same columns
        "≧": "≥",
        "≦": "≤",
        "⩾": "≥",  # U+2A7E, slanted
        "⩽": "≤",  # U+2A7D
        "＊": "*",
        "\u3000": " ",  # ideographic space
        "\xa0": " ",  # no-break space
        "個": "个",
        "萬": "万",
        "億": "亿",
        "兩": "两",
    }
)

#: Whether a text holds a character that ``FOLD`` changes: most do not, and a search is several
#: times faster than ``str.translate`` with a table.
_FOLDABLE: Final = re.compile("[" + "".join(re.escape(chr(code)) for code in FOLD) + "]")


def fold(text: str) -> str:
    """``text.translate(FOLD)``: full-width and look-alike forms folded to the notation's."""
    return text.translate(FOLD) if _FOLDABLE.search(text) is not None else text


# --------------------------------------------------------------------------------------------
# Comparators (docs/language.md). Inclusiveness follows 民法典 第一千二百五十九条:
# 以上、以下、以内 include the number; 不满、超过、以外 exclude it.
# --------------------------------------------------------------------------------------------

#: A comparator as the model writes it: the ``op`` of a ``Quantity``, ``Comparison`` or ``Date``.
Operator = Literal["=", ">", ">=", "<", "<=", "~"]

GE: Final = ">="
LE: Final = "<="
GT: Final = ">"
LT: Final = "<"
EQ: Final = "="
APPROX: Final = "~"
OPERATORS: Final[tuple[Operator, ...]] = (EQ, GT, GE, LT, LE, APPROX)


class Prefix(NamedTuple):
    """A comparator written before the number or the reference."""

    op: Operator
    #: True when the word can also compare with a non-numeric reference (总费用支出低于年初预算).
    #: Words such as 约 or 至少 only make sense before a number: 节约成本 is not a comparison.
    compares: bool


def _prefixes(op: Operator, compares: bool, words: str) -> dict[str, Prefix]:
    return {word: Prefix(op, compares) for word in words.split()}


PREFIX_WORDS: Final[dict[str, Prefix]] = {
    **_prefixes(GE, True, "≥ >= =>"),
    **_prefixes(GE, True, "不低于 不少于 不小于 大于等于 大于或等于 高于或等于 不低於"),
    **_prefixes(GE, True, "达到 至少 至少达到 不早于"),
    **_prefixes(LE, True, "≤ <= =<"),
    **_prefixes(LE, True, "不高于 不超过 不大于 不多于 小于等于 小于或等于 低于或等于"),
    **_prefixes(LE, True, "控制在 不晚于 不迟于 不超出"),
    **_prefixes(LE, False, "不超 最多 至多 截至 截止"),
    **_prefixes(GT, True, "> 大于 高于 多于 超过 晚于"),
    **_prefixes(LT, True, "< 小于 低于 少于 早于"),
    **_prefixes(LT, False, "不足 不满"),
    **_prefixes(EQ, True, "= 等于"),
    **_prefixes(APPROX, False, "约 大约 约为"),
}

#: Comparators written after the number (or after its unit): 95%以上, 3个工作日内, 5000人次左右.
SUFFIX_WORDS: Final[dict[str, Operator]] = {
    "以上": GE,
    "及以上": GE,
    "(含)以上": GE,
    "以上(含)": GE,
    "(不含)以上": GT,
    "以上(不含)": GT,
    "以下": LE,
    "及以下": LE,
    "(含)以下": LE,
    "以下(含)": LE,
    "(不含)以下": LT,
    "以下(不含)": LT,
    "以内": LE,
    "之内": LE,
    "内": LE,
    "以外": GT,
    "左右": APPROX,
}

#: 余 and 多 between the number and its unit mean "more than": 十余次, 100多人, 20余万元.
MORE_WORDS: Final = ("余", "多")

#: Words that turn a date into a deadline: 2024年12月31日前 is "on or before".
#: 底 and 末 (the end of the month or year) keep the date; 年底 after a year alone means month 12.
_DEADLINES: Final = ("前", "之前", "以前", "底前", "末前", "年底前", "年末前")
DATE_SUFFIX_WORDS: Final[dict[str, Operator]] = {
    **dict.fromkeys(_DEADLINES, LE),
    **{word + "完成": LE for word in _DEADLINES},
    # 2024年内 is "within 2024": by its end.
    "内": LE,
    "之内": LE,
    "以内": LE,
    "内完成": LE,
    "底": EQ,
    "末": EQ,
    "年底": EQ,
    "年末": EQ,
    # 2024年12月完成 names the month the work is done in, not a deadline before it.
    **{word + "完成": EQ for word in ("", "底", "末", "年底", "年末")},
}

#: Words before a date that say nothing about the comparison: 于2024年12月前完成 is a deadline.
DATE_PREFIX_WORDS: Final = ("于", "在")

#: The canonical word for each operator when a comparison is written back as text.
COMPARISON_WORD: Final[dict[Operator, str]] = {
    GE: "不低于",
    LE: "不高于",
    GT: "高于",
    LT: "低于",
    EQ: "等于",
}
#: The canonical symbol for each operator when a quantity is written back as text.
QUANTITY_SYMBOL: Final[dict[Operator, str]] = {
    EQ: "",
    GE: "≥",
    LE: "≤",
    GT: ">",
    LT: "<",
    APPROX: "约",
}
#: The canonical word for each operator before a date.
DATE_PREFIX_FOR: Final[dict[Operator, str]] = {GE: "不早于", GT: "晚于", LT: "早于"}

#: Negations that undo a comparator right after them: 未超过预算 is not "> 预算".
NEGATIONS: Final = ("未", "没", "没有", "无", "不", "非", "未能")

#: Whole values that are qualitative results (docs/scoring.md and the wordings budget systems use).
#: They read like comparisons (达到预期目标) but are verdicts, so they stay text.
QUALITATIVE_RESULTS: Final = frozenset(
    {
        "达成年度指标",
        "部分达成年度指标并具有一定效果",
        "未达成年度指标且效果较差",
        "达成",
        "部分达成",
        "未达成",
        "达到预期目标",
        "部分达到预期目标,并且具备一定效果",
        "部分达到预期目标，并且具备一定效果",
        "未达到预期目标",
        "达成预期指标",
        "达到预期",
        "达到预期效果",
    }
)

# --------------------------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------------------------

CHINESE_DIGITS: Final[dict[str, int]] = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
#: Multipliers inside a Chinese numeral (一百二十, 三千五百). 万 and 亿 close a group.
CHINESE_UNITS: Final[dict[str, int]] = {"十": 10, "百": 100, "千": 1000}
CHINESE_GROUPS: Final[dict[str, int]] = {"万": 10_000, "亿": 100_000_000}

#: Scale words after an Arabic number, folded into the value: 2.5万人次 → 25000 人次, 3千万元 →
#: 30000000 元. 千 and 百 are not scales where they begin a unit (千克, 百分比):
#: see notation/grammar.py.
SCALES: Final[dict[str, Decimal]] = {
    "万": Decimal(10) ** 4,
    "亿": Decimal(10) ** 8,
    "万亿": Decimal(10) ** 12,
    "千万": Decimal(10) ** 7,
    "百万": Decimal(10) ** 6,
    "十万": Decimal(10) ** 5,
    "千": Decimal(10) ** 3,
    "百": Decimal(10) ** 2,
}

# --------------------------------------------------------------------------------------------
# Units. Each canonical unit has a dimension and, where conversion is exact, its size in a base
# unit of that dimension; spellings map to a canonical unit and a scale folded into the value.
# --------------------------------------------------------------------------------------------

COUNT: Final = "count"
CURRENCY: Final = "currency"
PERCENT: Final = "percent"
TIME: Final = "time"
LENGTH: Final = "length"
AREA: Final = "area"
VOLUME: Final = "volume"
MASS: Final = "mass"
SCORE: Final = "score"
ENERGY: Final = "energy"
POWER: Final = "power"
DATA: Final = "data"
TEMPERATURE: Final = "temperature"


class Unit(NamedTuple):
    """A canonical unit: its dimension and its size as ``factor`` × ``base`` (same dimension)."""

    dimension: str
    base: str
    factor: Decimal


def _count_units(words: str) -> dict[str, Unit]:
    # Count words (量词) are each their own base: 3 人 and 3 次 do not convert.
    return {word: Unit(COUNT, word, Decimal(1)) for word in words.split()}


UNITS: Final[dict[str, Unit]] = {
    **_count_units(
        "人 次 个 项 件 篇 期 辆 台 套 场 份 所 家 户 处 批 条 册 本 张 部 间 座 棵 株 头"
        " 只 盏 名 位 宗 起 例 吨次 人次 剂次 户次 场次 批次 车次 架次 期次 课时 学时 门 支"
        " 把 艘 架 片 块 根 枚 栋 幢 类 种 轮 节 课 堂 届 班 组 队 段 眼 口 孔 杆 盘 卷 册次"
        " 篇次 条次 项次 所次 家次 个次 人天 人日 人月 人份 床 床位 台套 台次 亩次 头次 只次 羽"
        " 尾 窝 箱 袋 瓶 盒 包 罐 桶 对 双 副 顶 面 幅 座次 处次 宗次 件次 辆次"
        " 站 首 部次 集 份次"
    ),
    "元": Unit(CURRENCY, "元", Decimal(1)),
    "美元": Unit(CURRENCY, "美元", Decimal(1)),
    "%": Unit(PERCENT, "%", Decimal(1)),
    "‰": Unit(PERCENT, "%", Decimal("0.1")),
    "百分点": Unit(PERCENT, "百分点", Decimal(1)),
    "年": Unit(TIME, "月", Decimal(12)),
    "半年": Unit(TIME, "月", Decimal(6)),
    "季度": Unit(TIME, "月", Decimal(3)),
    "月": Unit(TIME, "月", Decimal(1)),
    "周": Unit(TIME, "秒", Decimal(604_800)),
    "天": Unit(TIME, "秒", Decimal(86_400)),
    "工作日": Unit(TIME, "工作日", Decimal(1)),
    "小时": Unit(TIME, "秒", Decimal(3600)),
    "分钟": Unit(TIME, "秒", Decimal(60)),
    "秒": Unit(TIME, "秒", Decimal(1)),
    "米": Unit(LENGTH, "米", Decimal(1)),
    "延米": Unit(LENGTH, "米", Decimal(1)),
    "公里": Unit(LENGTH, "米", Decimal(1000)),
    "厘米": Unit(LENGTH, "米", Decimal("0.01")),
    "毫米": Unit(LENGTH, "米", Decimal("0.001")),
    "平方米": Unit(AREA, "平方米", Decimal(1)),
    "平方公里": Unit(AREA, "平方米", Decimal(1_000_000)),
    "公顷": Unit(AREA, "平方米", Decimal(10_000)),
    "亩": Unit(AREA, "亩", Decimal(1)),
    "立方米": Unit(VOLUME, "立方米", Decimal(1)),
    "升": Unit(VOLUME, "立方米", Decimal("0.001")),
    "吨": Unit(MASS, "千克", Decimal(1000)),
    "千克": Unit(MASS, "千克", Decimal(1)),
    "克": Unit(MASS, "千克", Decimal("0.001")),
    "斤": Unit(MASS, "千克", Decimal("0.5")),
    "分": Unit(SCORE, "分", Decimal(1)),
    "千瓦时": Unit(ENERGY, "千瓦时", Decimal(1)),
    "千瓦": Unit(POWER, "千瓦", Decimal(1)),
    "兆瓦": Unit(POWER, "千瓦", Decimal(1000)),
    "GB": Unit(DATA, "GB", Decimal(1)),
    "TB": Unit(DATA, "GB", Decimal(1024)),
    "MB": Unit(DATA, "GB", Decimal(1) / Decimal(1024)),
    "℃": Unit(TEMPERATURE, "℃", Decimal(1)),
}


class Spelling(NamedTuple):
    """How one written unit maps to a canonical unit, with the scale folded into the value."""

    canonical: str
    scale: Decimal


SPELLINGS: Final[dict[str, Spelling]] = {
    **{word: Spelling(word, Decimal(1)) for word in UNITS},
    "千元": Spelling("元", Decimal(1000)),
    "百分比": Spelling("%", Decimal(1)),
    "个百分点": Spelling("百分点", Decimal(1)),
    "个工作日": Spelling("工作日", Decimal(1)),
    "个月": Spelling("月", Decimal(1)),
    "个季度": Spelling("季度", Decimal(1)),
    "日": Spelling("天", Decimal(1)),
    "平米": Spelling("平方米", Decimal(1)),
    "㎡": Spelling("平方米", Decimal(1)),
    "m²": Spelling("平方米", Decimal(1)),
    "m2": Spelling("平方米", Decimal(1)),
    "km²": Spelling("平方公里", Decimal(1)),
    "立方": Spelling("立方米", Decimal(1)),
    "方": Spelling("立方米", Decimal(1)),
    "m³": Spelling("立方米", Decimal(1)),
    "千米": Spelling("公里", Decimal(1)),
    "km": Spelling("公里", Decimal(1)),
    "公斤": Spelling("千克", Decimal(1)),
    "kg": Spelling("千克", Decimal(1)),
    "t": Spelling("吨", Decimal(1)),
    "度": Spelling("千瓦时", Decimal(1)),
    "kWh": Spelling("千瓦时", Decimal(1)),
    "kW": Spelling("千瓦", Decimal(1)),
    "MW": Spelling("兆瓦", Decimal(1)),
    "h": Spelling("小时", Decimal(1)),
    "个小时": Spelling("小时", Decimal(1)),
    "钟头": Spelling("小时", Decimal(1)),
    "星期": Spelling("周", Decimal(1)),
    "个星期": Spelling("周", Decimal(1)),
    "平方千米": Spelling("平方公里", Decimal(1)),
    "°C": Spelling("℃", Decimal(1)),
}

#: A unit-like word after an Arabic number that is not in the table is still the unit, kept as
#: written, when it is at most this long; longer runs of text make the value text.
MAX_UNKNOWN_UNIT: Final = 4
#: What follows 月 in a time of the year, not a unit: 3月份 (March), 1月中旬 (mid-January).
#: After a number these are no unit (月份 is not a duration), and they are left as text.
MONTH_PARTS: Final = ("份", "上旬", "中旬", "下旬", "初", "中")

# --------------------------------------------------------------------------------------------
# Taxonomy (docs/checks.md): levels and categories of the 财预〔2015〕88号 and 〔2021〕101号
# generations.
# --------------------------------------------------------------------------------------------

TAXONOMY_2015: Final[dict[tuple[str, str], dict[str, str]]] = {
    ("1", "产出指标"): {"11": "数量指标", "12": "质量指标", "13": "时效指标", "14": "成本指标"},
    ("2", "效益指标"): {"21": "经济效益", "22": "社会效益", "23": "生态效益", "24": "可持续影响"},
    ("3", "满意度指标"): {"31": "服务对象满意度"},
}

#: The 财预〔2021〕101号 generation: 成本 is a level of its own; no numeric codes are published.
#: Each level with its categories.
TAXONOMY_2021: Final[dict[str, tuple[str, ...]]] = {
    "产出指标": ("数量指标", "质量指标", "时效指标"),
    "成本指标": ("经济成本指标", "社会成本指标", "生态环境成本指标"),
    "效益指标": ("经济效益", "社会效益", "生态效益", "可持续影响"),
    "满意度指标": ("服务对象满意度",),
}
