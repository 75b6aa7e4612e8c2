"""Hypothesis strategies shared by the property tests: notation-shaped text, blocks generated
from the grammar and wrapped like PDF text, and sample blocks damaged at random."""

from __future__ import annotations

from hypothesis import strategies as st

from _corpus import corpus_blocks
from perfindicator import Code

# Pieces of the notation, so that random text reaches deep into both grammars.
NOTATION_PIECES = [
    "1、",
    "2、",
    "12、",
    "１、",
    "1-",
    "11-",
    "－",
    "；",
    ";",
    "。",
    ":",
    "：",
    "、",
    "实施周期指标值",
    "年度指标值",
    "实施周期目标值",
    "产出指标",
    "数量指标",
    "报废小车数量",
    "不低于",
    "≥",
    ">=",
    "以上",
    "以内",
    "约",
    "左右",
    "余",
    "多",
    "万",
    "亿",
    "两",
    "十",
    "三",
    "97",
    "2.5",
    "3,000",
    "-",
    "～",
    "至",
    "%",
    "％",
    "人次",
    "元/人",
    "个工作日",
    "年",
    "月",
    "日",
    "前",
    "底",
    "2024年",
    "12月",
    "/",
    "*",
    "(",
    ")",
    "（%）",
    "低于",
    "预算",
    "合法合规",
    "\n",
    "\n\n",
    " ",
    "\t",
    "\r\n",
    "๙",
    "٣",
    "😀",
    "\x00",
]
notation_text = st.lists(st.sampled_from(NOTATION_PIECES), max_size=40).map("".join)
any_text = st.one_of(st.text(max_size=200), notation_text)


# Name pieces include comparator words, codes and digits; never a whole label such as 年度指标值,
# which a name cannot contain (it would be the next part of the item).

NAME_PIECES = [
    "报废小车数量",
    "满意度",
    "不低于",
    "97%",
    "（%）",
    "(%)",
    "12345热线",
    "、",
    "-",
    "1-",
    "11-",
    "年度",
    "指标",
    "≥",
    "人次",
    "[含线上]",
    "：",
    "产出指标",
    "两",
    "实施周期",
]
names = st.lists(st.sampled_from(NAME_PIECES), min_size=1, max_size=5).map("".join)
VALUES = [
    "1",
    "36人",
    "不低于97%",
    "≥2.5万人次",
    "20-35次",
    "200-300次",
    "约5000人次",
    "两辆",
    "十余次",
    "3000元/人",
    "90%-95%",
    "实际工期/计划工期",
    "总费用支出低于年初预算",
    "2024年12月31日前",
    "合法合规",
    "及时",
    "100",
    "大于95",
    "第一年按总投资额返本20%,分红按8%分红",
]
values = st.sampled_from(VALUES)


@st.composite
def blocks(draw: st.DrawFn) -> tuple[str, list[tuple[int, Code, Code, str, str | None, str]]]:
    items = []
    parts = []
    for number in range(1, draw(st.integers(1, 12)) + 1):
        level = Code(str(draw(st.integers(1, 3))), draw(st.sampled_from(["产出指标", "效益指标"])))
        category = Code(
            level.code + str(draw(st.integers(1, 4))),
            draw(st.sampled_from(["数量指标", "社会效益"])),
        )
        name = draw(names)
        period = draw(st.none() | values)
        annual = draw(values)
        semicolon = draw(st.sampled_from(["；", ";"]))
        colon = draw(st.sampled_from([":", "："]))
        dash = draw(st.sampled_from(["-", "－"]))
        text = f"{number}、{level.code}{dash}{level.name}{semicolon}{category.code}{dash}"
        text += f"{category.name}{semicolon}{name}"
        if period is not None:
            text += f"{semicolon}实施周期指标值{colon}{period}"
        text += f"{semicolon}年度指标值{colon}{annual}。"
        parts.append(text)
        items.append((number, level, category, name, period, annual))
    return "".join(parts), items


@st.composite
def wrapped(draw: st.DrawFn, text: str) -> str:
    """Insert PDF line breaks (with stray spaces before them) at random places."""
    cuts = sorted(draw(st.sets(st.integers(1, max(1, len(text) - 1)), max_size=len(text) // 4)))
    pieces = []
    last = 0
    for cut in cuts:
        pieces.append(text[last:cut])
        pieces.append(draw(st.sampled_from(["\n\n", " \n\n", "\n", "\r\n"])))
        last = cut
    pieces.append(text[last:])
    return "".join(pieces)


PIECES = ["；", ";", "。", "、", "-", ":", "\n\n", " ", "1", "年度指标值", "实施周期指标值", "x"]


@st.composite
def mutated(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from([block for _, block in corpus_blocks()]))
    for _ in range(draw(st.integers(1, 6))):
        position = draw(st.integers(0, len(text) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "swap", "insert"]))
        if action == "delete":
            text = text[:position] + text[position + 1 :]
        elif action == "duplicate":
            text = text[:position] + text[position] + text[position:]
        elif action == "swap" and position + 1 < len(text):
            text = text[:position] + text[position + 1] + text[position] + text[position + 2 :]
        else:
            text = text[:position] + draw(st.sampled_from(PIECES)) + text[position:]
    return text
