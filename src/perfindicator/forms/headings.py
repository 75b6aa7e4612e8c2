"""What the headings and labels of the national forms mean: the words seen in published
绩效目标表 and 绩效自评表 of many provinces, matched by meaning, not by exact string.

A heading is compared after folding (full-width to ASCII, no spaces, no decoration such as
``*``, ``(A)``, ``（%）``, ``(分)`` or a trailing colon); the field it names is found by the
first rule whose words it contains, in the order below (``实际完成值`` before ``指标值``).
The headings of a spreadsheet row export are here too, matched whole (``export_field``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal

import regex

from perfindicator.core import vocabulary as vocab
from perfindicator.core.units import is_unit

__all__ = [
    "Column",
    "FundsColumn",
    "HeaderLabel",
    "column_of",
    "currency_in",
    "export_field",
    "fields_in",
    "fold",
    "funds_column_of",
    "is_bare_label",
    "is_funds_row",
    "is_heading_row",
    "label_of",
    "looks_like_label",
    "unit_in",
]

#: Brackets and what they hold where they only decorate a heading: (A), （%）, （分）, （万元）.
_DECORATION = re.compile(r"[(（][^()（）]{0,8}[)）]")
_NOISE = re.compile(r"[\s*＊:：、]+")


def fold(text: str) -> str:
    """A heading as compared: full-width folded, without spaces, stars, colons or brackets."""
    folded = vocab.fold(text)
    return _NOISE.sub("", _DECORATION.sub("", _NOISE.sub("", folded)))


#: The fields of the indicator grid's columns.
Column = Literal[
    "section",  # 绩效指标, the label cell merged down the grid's left side
    "level",
    "category",
    "name",
    "op",
    "period",
    "annual",
    "target",  # a target column labelled by year, county or anything else
    "unit",
    "direction",
    "nature",  # 指标性质: 正向 / 反向 / 定性, or the comparator
    "weight",
    "points",
    "actual",
    "note",
    "text",  # 指标解释, 评分标准, 指标值类型 and the like
    "number",
    "project",
    "project-unit",
    "project-budget",
    "project-goal",
]

#: (field, words): a heading names the field when it contains one of the words, tried in order.
_COLUMN_RULES: Sequence[tuple[Column, tuple[str, ...]]] = (
    ("note", ("偏差", "未完成原因", "原因分析", "改进措施")),
    ("actual", ("实际完成", "实际值", "完成值", "实际达到", "实际情况", "全年实际", "完成情况")),
    ("points", ("得分",)),
    ("weight", ("权重", "分值", "满分")),
    ("level", ("一级",)),
    ("category", ("二级",)),
    ("name", ("三级", "指标名称", "具体指标", "指标内容")),
    ("op", ("运算符", "指标符号", "比较符", "度量符号", "符号")),
    ("direction", ("指标方向", "方向性")),
    ("nature", ("指标性质", "指标属性")),
    ("unit", ("计量单位", "度量单位", "单位")),
    ("period", ("实施周期", "中长期", "长期", "实施期", "中期", "总体目标值", "周期")),
    ("text", ("解释", "说明", "依据", "评分标准", "评分规则", "绩效标准", "计划标准", "历史标准")),
    ("text", ("行业标准", "其他标准", "标准", "指标值类型", "指标类型", "备注", "数据来源")),
    ("annual", ("年度指标值", "年度目标值", "指标值", "目标值", "计划值", "预期值", "年度")),
    ("number", ("序号", "编号")),
)


def fields_in(text: str) -> set[Column]:
    """Every field whose heading words the text holds anywhere: ``三级指标年度指标值实际完成值``
    (headings glued together) holds name, annual and actual."""
    word = fold(text)
    return {field for field, words in _COLUMN_RULES if any(part in word for part in words)}


#: Headings of the first columns of a grid listing several projects.
_PROJECT_RULES: Sequence[tuple[Column, tuple[str, ...]]] = (
    ("project", ("项目名称", "项目")),
    ("project-unit", ("单位名称", "预算单位", "实施单位")),
    ("project-budget", ("预算数", "预算金额", "资金总额", "项目金额", "金额")),
    ("project-goal", ("年度目标", "绩效目标", "总体目标", "项目目标")),
)

_TARGET_WORD = re.compile("值|指标")
#: The label cell merged down the grid's left side: 绩效指标, 年度绩效指标, 项目绩效指标,
#: 部门整体绩效指标, 绩效目标指标, 指标 (no heading of a column of values).
_SECTION = re.compile(r"(?:年度|项目|部门|整体|部门整体|中长期)?(?:绩效)?(?:目标)?指标")
#: A target column per year (2023年, 2024年度) or per county (区域目标值 over 天河区).
_YEAR = re.compile(r"(?:19|20)[0-9]{2}年度?(?:目标值|指标值)?")


def column_of(heading: str) -> Column | None:
    """The field an indicator grid's column heading names, or None for no known field."""
    word = fold(heading)
    if not word:
        return None
    if _SECTION.fullmatch(word):
        return "section"
    if _YEAR.fullmatch(word):
        return "target"
    for field, words in _PROJECT_RULES:
        # 年度目标 is a project's goal, 年度目标值 a target.
        if any(word.startswith(part) for part in words) and not _TARGET_WORD.search(word):
            return field
    for field, words in _COLUMN_RULES:
        if any(part in word for part in words):
            return field
    return None


def is_heading_row(fields: Iterable[Column | None]) -> bool:
    """Whether the fields of a row's cells (``column_of``, None for a cell of no known field)
    make an indicator grid's heading row: a name column (三级指标, or 二级 / 一级 with 指标名称),
    a target or actual column, and at least three kinds of cell."""
    found = set(fields)
    named = "name" in found or {"level", "category"} <= found
    return named and bool(found & {"annual", "period", "target", "actual"}) and len(found) >= 3


def unit_in(heading: str) -> str | None:
    """The unit a column heading names in brackets for its cells (``指标值（%）``,
    ``年度指标值(万元)``), or None (``实际完成值(B)`` names none)."""
    for found in _DECORATION.finditer(vocab.fold(heading)):
        unit = found.group()[1:-1].strip()
        if unit and is_unit(unit):
            return unit
    return None


#: Labels of a form's header block.
HeaderLabel = Literal[
    "name",
    "department-name",
    "department",
    "implementer",
    "manager",
    "phone",
    "period",
    "funds",
    "goal",
    "overall-goal",
    "outcome",
    "tasks",
    "total",
    "other",
]

_LABEL_RULES: Sequence[tuple[HeaderLabel, tuple[str, ...]]] = (
    ("name", ("项目名称", "专项名称", "专项资金名称")),
    ("department-name", ("部门名称", "部门单位名称", "单位名称", "预算单位名称")),
    ("department", ("主管部门", "主管单位", "主管处室")),
    ("implementer", ("实施单位", "项目实施单位", "项目单位", "执行单位", "承担单位")),
    ("manager", ("项目负责人", "负责人")),
    ("phone", ("联系电话", "电话")),
    ("period", ("实施期", "实施周期", "项目期限", "起止时间", "项目周期")),
    ("funds", ("项目资金", "资金情况", "资金总额", "预算资金", "年度预算资金", "资金", "预算情况")),
    ("overall-goal", ("总体目标", "中长期目标", "实施期目标", "整体目标")),
    ("goal", ("年度目标", "年度绩效目标", "绩效目标", "预期目标")),
    ("outcome", ("实际完成情况", "完成情况")),
    ("tasks", ("年度主要任务", "主要任务", "任务名称")),
    ("total", ("总分", "合计", "总计", "自评得分")),
)


def label_of(text: str) -> HeaderLabel | None:
    """The field a header block's label cell names (``项目名称``, ``主管部门：``), or None
    when the cell is not a label. 年度总体目标 is the year's goal, 总体目标 alone the whole
    period's."""
    word = fold(text)
    if not word or len(word) > 14:
        return None
    if word in {"年度总体目标", "年度总目标"}:
        return "goal"
    found = _LABEL_START.match(word)
    return None if found is None or found.lastgroup is None else _LABEL_FIELDS[found.lastgroup]


#: The labels' words as one pattern, rule by rule in order, so that the first rule one of whose
#: words begins the label names it.
_LABEL_START = re.compile(
    "|".join(
        f"(?P<rule{index}>{'|'.join(map(re.escape, words))})"
        for index, (_, words) in enumerate(_LABEL_RULES)
    )
)
_LABEL_FIELDS: dict[str, HeaderLabel] = {
    f"rule{index}": field for index, (field, _) in enumerate(_LABEL_RULES)
}
_LABEL_WORDS = frozenset(word for _, words in _LABEL_RULES for word in words)


#: How a header label the rules above do not know ends: 项目属性, 项目编码, 批复日期, 批复单位.
_LABEL_END = re.compile(r"(?:属性|类别|类型|编码|编号|代码|日期|时间|单位|名称|电话|负责人|期限)$")


def looks_like_label(text: str) -> bool:
    """Whether a header cell is a label, known (``label_of``) or not: a short text without a
    figure that ends as labels end (项目属性, 项目编码, 批复日期)."""
    if label_of(text) is not None:
        return True
    word = fold(text)
    return 2 < len(word) <= 8 and not re.search(r"[0-9]", word) and bool(_LABEL_END.search(word))


def is_bare_label(text: str) -> bool:
    """Whether a cell is a label word and nothing else (主管部门, 项目资金（万元））: the cell
    after a label is its value unless it is one (资金监管平台建设 names a project, though it
    starts with 资金)."""
    return fold(text) in _LABEL_WORDS


#: Columns of a self-evaluation's money block.
FundsColumn = Literal["initial", "budget", "executed", "weight", "rate", "points", "period"]

_FUNDS_RULES: Sequence[tuple[FundsColumn, tuple[str, ...]]] = (
    ("period", ("实施期", "实施周期", "中长期", "总体")),
    ("initial", ("年初预算", "年初数", "年初")),
    ("executed", ("执行数", "实际支出", "支出数", "决算数", "实际执行")),
    ("rate", ("执行率",)),
    ("points", ("得分",)),
    ("weight", ("分值", "权重")),
    (
        "budget",
        (
            "全年预算",
            "调整后预算",
            "预算数",
            "批复数",
            "全年数",
            "年度资金",
            "年度预算",
            "年度金额",
        ),
    ),
)


def funds_column_of(heading: str) -> FundsColumn | None:
    """The field a money block's column heading names (年初预算数, 全年执行数 …), or None."""
    word = fold(heading)
    for field, words in _FUNDS_RULES:
        if any(part in word for part in words):
            return field
    return None


#: A currency where a form states one: in a label's brackets (项目资金（万元）) or after 单位
#: (单位：万元, 金额单位：元), never inside a name (填报单位：元氏县…).
_CURRENCIES = "百万元|千万元|亿元|万元|千元|元"
_CURRENCY = regex.compile(
    rf"[(（]\s*({_CURRENCIES})\s*[)）]|单位\s*[:：]?\s*({_CURRENCIES})(?![\p{{Han}}])"
)


#: Words of a money row's own label under 项目资金: 年度资金总额, 其中：财政拨款, 其他资金,
#: 上年结转资金, 自筹资金, 财政专户资金.
_FUNDS_ROW = ("资金总额", "财政拨款", "财政资金", "其他资金", "结转", "自筹", "专户", "其中")


def is_funds_row(text: str) -> bool:
    """Whether a cell names one of the money rows under 项目资金 (年度资金总额, 其中：财政拨款)."""
    word = fold(text)
    return any(part in word for part in _FUNDS_ROW)


def currency_in(text: str) -> str | None:
    """The currency a label or line names: 项目资金（万元）, 单位：万元, 金额单位：元."""
    found = _CURRENCY.search(vocab.fold(text))
    return None if found is None else found.group(1) or found.group(2)


# --------------------------------------------------------------------------------------------
# Row exports (forms/sheets.py): exact headings
# --------------------------------------------------------------------------------------------

#: The headings of a spreadsheet row export (``read_rows``, ``read_excel``) and the field each
#: names, compared whole (without spaces or brackets), not by the words they contain as the
#: rules above are: an export's header is one of a few fixed rows, and one of its data rows
#: must never be taken for a header because an indicator's name holds a heading word
#: (三级医院数量 holds 三级, 年度 alone is a row's year).
EXPORT_HEADINGS: Mapping[str, tuple[str, ...]] = {
    "project": ("项目名称", "项目"),
    "number": ("序号", "编号"),
    "level": ("一级指标", "一级指标名称"),
    "category": ("二级指标", "二级指标名称"),
    "name": ("三级指标", "三级指标名称", "指标名称", "绩效指标"),
    "annual": ("年度指标值", "指标值", "目标值", "年度目标值", "绩效指标值", "指标值（年度）"),
    "period": ("实施周期指标值", "中长期指标值", "实施周期目标值"),
    "unit": ("计量单位", "度量单位", "单位"),
    "op": ("运算符号", "运算符", "指标符号", "比较符号", "度量符号"),
    "nature": ("指标性质", "指标方向", "指标类型"),
}
_CANONICAL = {heading: field for field, headings in EXPORT_HEADINGS.items() for heading in headings}
_EXPORT_DECORATION = re.compile(r"[\s（）()]")


def export_field(cell: Any) -> str | None:
    """The field a row export's column heading names, or None (a leading or trailing * marks
    a required column in some exports)."""
    if cell is None:
        return None
    text = re.sub(r"\s", "", str(cell)).strip("*＊")
    for candidate in (text, _EXPORT_DECORATION.sub("", text)):
        if candidate in _CANONICAL:
            return _CANONICAL[candidate]
    return None
