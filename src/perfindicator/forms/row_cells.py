"""The cells of an indicator's row read into the model, for every reader of rows of cells
(spreadsheet rows in ``sheets.py``, the national column forms in ``column_form.py``): a level
or category cell into a ``Code``, a value cell with its comparator and unit cells put back
around it into a ``Value``; a figure (a weight, points, an amount in the form's currency)
into a ``Decimal``; what says nothing (a dash, 无)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

import attrs

from perfindicator.core import vocabulary as vocab
from perfindicator.core.units import is_unit
from perfindicator.core.vocabulary import Operator
from perfindicator.model.values import Code, Date, Quantity, Range, Value, canonical_decimal
from perfindicator.notation.values import parse_value

__all__ = [
    "EMPTY",
    "LEVEL_POINTS",
    "NUMBER",
    "blank",
    "code_cell",
    "comparator_cell",
    "currency_of",
    "figure",
    "value_cells",
]

#: What 指标性质 says about a number written without a comparator.
_NATURE_OP: Mapping[str, Operator] = {"正向": vocab.GE, "反向": vocab.LE}
_CODE = re.compile(
    r"^\s*([0-9０-９]+(?:[.．][0-9０-９]+)?)\s*(?:[-－、]|[.．](?![0-9０-９]))?\s*([^0-9０-９\s].*?)\s*$"
)
#: An enumerator before a name: 一、产出指标, （一）数量指标, (1)质量指标.
_ENUMERATOR = re.compile(
    r"^\s*(?:[（(][一二三四五六七八九十0-9]+[)）]|[一二三四五六七八九十]+[、.．])\s*"
)


def code_cell(cell: str, kind: str, parent: str | None) -> Code:
    """A level or category cell: 1-产出指标 with its code, or a bare name whose code the 2015
    taxonomy gives (None when it has none)."""
    written = _CODE.match(cell)
    if written is not None:
        digits = vocab.fold(written.group(1)).replace(".", "")  # 1.1 is 11
        return Code(digits, written.group(2))
    cell = _ENUMERATOR.sub("", cell)
    bare = cell.removesuffix("指标") if len(cell) > 2 else cell
    for (level_code, level_name), categories in vocab.TAXONOMY_2015.items():
        if kind == "level" and bare == level_name.removesuffix("指标"):
            return Code(level_code, cell)
        if kind == "category" and (parent is None or parent == level_code):
            for code, name in categories.items():
                if bare == name.removesuffix("指标"):
                    return Code(code, cell)
    return Code(None, cell)


def value_cells(cell: str, op: str, unit: str, nature: str, name: str) -> Value | None:
    """A value cell with its own comparator and unit columns put back around it.

    A number read without a unit takes the unit column's, when it is a unit (not an office's
    name): ``500`` with ``万元`` is read as ``500万元``, 5000000 元, as the notation reads it. A
    quantity or date read without a comparator takes the comparator column's (``≥``, ``＝``,
    ``大于等于``), or 正向 ≥ / 反向 ≤; the value's ``raw`` is then the cells' text joined, the
    comparator first. A cell that says its own comparator (``≥95%``, ``=95%``) keeps it.
    """
    if not cell:
        return None
    text = cell
    value = parse_value(cell)
    if unit and is_unit(unit):
        if isinstance(value, (Quantity, Range)):
            text += unit if value.unit is None else ""
        elif isinstance(parse_value(cell + unit), (Quantity, Range)):
            text += unit  # 两 or 二十 alone are text, but with their unit (两辆) numbers
    value = parse_value(text, name=name)
    said_equal = cell.lstrip().startswith(("=", "＝", "等于", "﹦"))
    if said_equal or not isinstance(value, (Quantity, Date)) or value.op != vocab.EQ:
        return value
    comparator, written = comparator_cell(op), op
    if comparator is None:
        comparator, written = comparator_cell(nature), nature
    if comparator is None:
        comparator = _NATURE_OP.get(nature.strip()[:2])
        written = "" if comparator is None else vocab.QUANTITY_SYMBOL[comparator]
    if comparator is None:
        return value
    if isinstance(value, Date) and comparator == vocab.APPROX:
        return value  # a date is not approximate
    return attrs.evolve(value, op=comparator, raw=written.strip() + text)


#: Comparator cells the value notation does not spell (the small equals sign of some exports).
_COMPARATOR_CELLS: Mapping[str, Operator] = {"﹦": vocab.EQ}


def comparator_cell(cell: str) -> Operator | None:
    """The operator a 运算符号 (or 指标性质) cell writes: ``≥``, ``＞＝``, ``﹦``, ``不低于``;
    None for anything else (定性, 正向指标, nothing)."""
    word = re.sub(r"\s", "", vocab.fold(cell))
    if word in _COMPARATOR_CELLS:
        return _COMPARATOR_CELLS[word]
    prefix = vocab.PREFIX_WORDS.get(word)
    return prefix.op if prefix is not None else None


#: Cells that say "nothing here": a dash, a slash, 无.
EMPTY = frozenset({"", "/", "／", "-", "－", "—", "——", "无", "\\", "、"})
#: A figure's number at the start of a cell: 8, 1,234.5, －3, full-width digits.
NUMBER = re.compile(
    r"^[-－]?(?:[0-9０-９]{1,3}(?:[,，][0-9０-９]{3})+|[0-9０-９]+)(?:[.．][0-9０-９]+)?"
)
#: The most digits a figure of a form has before its decimal point (a budget in 元 of 10¹⁵).
_MOST_DIGITS = 15
#: A level heading's points: 产出指标（50分）, 成本指标(0-20)分, 效益指标 30分.
LEVEL_POINTS = re.compile(
    r"\s*(?:[(（]\s*[0-9０-９.．\-－~～]+\s*分?\s*[)）]\s*分?|[0-9０-９.．]+\s*分)\s*$"
)


def blank(text: str) -> bool:
    """Whether a cell says nothing (empty, a dash, a slash, 无)."""
    return text.strip() in EMPTY


#: What a figure's currency is in 元: a figure printed with its own currency is converted
#: to the form's (``12000元`` under 项目资金（万元） is 1.2).
_MONEY: Mapping[str, Decimal] = {
    "元": Decimal(1),
    "千元": Decimal(1000),
    "万元": Decimal(10000),
    "百万元": Decimal(1000000),
    "千万元": Decimal(10000000),
    "亿元": Decimal(100000000),
}


def currency_of(text: str) -> str | None:
    """The currency a figure is printed with (``120万元``: 万元), or None."""
    folded = vocab.fold(text.strip())
    match = NUMBER.match(folded)
    rest = folded[match.end() :].strip() if match else ""
    return rest if rest in _MONEY else None


def figure(text: str, currency: str | None = None) -> Decimal | None:
    """A figure as printed (``8``, ``8.00``, ``1,234.5``, ``10分``, ``99.97%``, ``120万元``), or
    None for a cell that holds nothing; ValueError for any other text. A figure printed with a
    currency is given in ``currency`` (the form's), converted exactly; where the form states
    none, the number is kept as printed."""
    text = text.strip()
    if blank(text):
        return None
    folded = vocab.fold(text)
    match = NUMBER.match(folded)
    rest = folded[match.end() :].strip() if match else folded
    if match is None or (rest not in {"", "分", "%"} and rest not in _MONEY):
        raise ValueError(f"expected a number, found {text!r}")
    try:
        number = Decimal(match.group().replace(",", ""))
    except InvalidOperation:
        raise ValueError(f"expected a number, found {text!r}") from None
    if number and number.adjusted() >= _MOST_DIGITS:
        raise ValueError(f"a figure of more than {_MOST_DIGITS} digits: {text!r}")
    if rest in _MONEY and currency is not None and currency in _MONEY and rest != currency:
        return canonical_decimal(number * _MONEY[rest] / _MONEY[currency])
    return number
