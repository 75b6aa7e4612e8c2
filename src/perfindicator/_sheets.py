"""Indicators exported as spreadsheet rows: one row per indicator with columns such as
一级指标 / 二级指标 / 三级指标 / 指标值, read into the same Indicator objects as the notation,
every value read by the same value parser.

Budget systems name their columns in several ways and add some of their own: 计量单位 (the
unit), 运算符号 (the comparator, ≥ ≤ =), 指标性质 (正向 / 反向 / 定性), 实施周期指标值. Cells of
a merged 一级指标 or 二级指标 column are empty below their first row: they take the value above.
"""

from __future__ import annotations

import csv
import io
import numbers
import re
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

from perfindicator import _vocabulary as vocab
from perfindicator._model import Code, Indicator, Value
from perfindicator._values import parse_value

if TYPE_CHECKING:
    import pandas

    from perfindicator._indicators import IndicatorList

#: Each field and the column headings it is found under (compared without spaces or brackets).
HEADINGS: Mapping[str, tuple[str, ...]] = {
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
_CANONICAL = {heading: field for field, headings in HEADINGS.items() for heading in headings}
_DECORATION = re.compile(r"[\s（）()]")
#: What 指标性质 says about a number written without a comparator.
_NATURE_OP = {"正向": "≥", "反向": "≤"}
_CODE = re.compile(r"^\s*([0-9０-９]+)\s*[-－.、]\s*(.+?)\s*$")


def _heading(cell: Any) -> str | None:
    """The field a column heading names, or None."""
    if cell is None:
        return None
    text = _DECORATION.sub("", str(cell))
    for candidate in (text, text.removesuffix("*")):
        if candidate in _CANONICAL:
            return _CANONICAL[candidate]
    return None


def _text(cell: Any) -> str:
    """A cell as text: numbers as written (95.0 from a spreadsheet is 95), nothing as ''."""
    if cell is None or (isinstance(cell, float) and cell != cell):  # empty, or NaN
        return ""
    if isinstance(cell, bool):
        return str(cell)
    if isinstance(cell, numbers.Real) and not isinstance(cell, Decimal):
        try:
            number = Decimal(str(cell))
        except InvalidOperation:
            return str(cell)
        cell = number
    if isinstance(cell, Decimal):
        if not cell.is_finite():
            return ""
        return format(cell.normalize(), "f")
    text = str(cell).strip()
    return "" if text.lower() in {"nan", "none", "<na>"} else text


def _code(cell: str, kind: str, parent: str | None) -> Code:
    """A level or category cell: 1-产出指标 with its code, or a bare name whose code the 2015
    taxonomy gives (None when it has none)."""
    written = _CODE.match(cell)
    if written is not None:
        digits = written.group(1).translate(vocab.FOLD)
        return Code(digits, written.group(2))
    bare = cell.removesuffix("指标") if len(cell) > 2 else cell
    for (level_code, level_name), categories in vocab.TAXONOMY_2015.items():
        if kind == "level" and bare == level_name.removesuffix("指标"):
            return Code(level_code, cell)
        if kind == "category" and (parent is None or parent == level_code):
            for code, name in categories.items():
                if bare == name.removesuffix("指标"):
                    return Code(code, cell)
    return Code(None, cell)


def _value(cell: str, op: str, unit: str, nature: str, name: str) -> Value | None:
    """A value cell with its own comparator and unit columns put back around it."""
    if not cell:
        return None
    text = cell
    is_number = re.fullmatch(r"[+-]?[0-9０-９][0-9０-９,，.]*", cell) is not None
    if unit and is_number:
        text += unit
    if is_number:
        text = (op or _NATURE_OP.get(nature[:2], "")) + text
    elif op and re.match(r"[0-9０-９]", cell):
        text = op + text
    return parse_value(text, name=name)


def read_rows(rows: Iterable[Mapping[str, Any]] | Iterable[Sequence[Any]]) -> IndicatorList:
    """Indicators from spreadsheet rows: mappings of column heading to cell (as ``csv``'s
    ``DictReader`` or ``DataFrame.to_dict("records")`` give them), or sequences whose first
    one holding a 三级指标 (or 指标名称) heading is the header.

    Rows without an indicator name are skipped (totals, blank lines); a level or category
    cell left empty takes the one above (a merged cell). A row with a name but no value, or
    headings without a name column, raise ``ValueError`` saying which row or which headings.
    """
    from perfindicator._indicators import IndicatorList

    iterator = iter(rows)
    fields: list[str | None] | None = None
    items: list[Indicator] = []
    last = {"level": "", "category": ""}
    row_number = 0
    for row in iterator:
        row_number += 1
        if isinstance(row, Mapping):
            if fields is None:
                fields = [_heading(key) for key in row]
                _check_headings(fields, list(row))
            cells = list(row.values())
        else:
            cells = list(row)
            if fields is None:
                headings = [_heading(cell) for cell in cells]
                if "name" in headings:
                    fields = headings
                    _check_headings(fields, cells)
                continue  # a title above the header, or the header itself
        record = {field: _text(cell) for field, cell in zip(fields, cells, strict=False) if field}
        name = record.get("name", "")
        for kind in ("level", "category"):
            record[kind] = record.get(kind) or last[kind]
            last[kind] = record[kind]
        if not name:
            continue
        if not record.get("annual") and not record.get("period"):
            raise ValueError(f"row {row_number} ({name}): expected a target value, found none")
        if not record["level"] or not record["category"]:
            raise ValueError(f"row {row_number} ({name}): expected its 一级指标 and 二级指标")
        level = _code(record["level"], "level", None)
        category = _code(record["category"], "category", level.code)
        op, unit, nature = record.get("op", ""), record.get("unit", ""), record.get("nature", "")
        number_text = record.get("number", "")
        number = int(number_text) if number_text.isdigit() else len(items) + 1
        items.append(
            Indicator(
                number=number,
                level=level,
                category=category,
                name=name,
                period=_value(record.get("period", ""), op, unit, nature, name),
                annual=_value(record.get("annual", ""), op, unit, nature, name),
            )
        )
    if fields is None:
        raise ValueError("expected a header row with a 三级指标 (or 指标名称) column, found none")
    return IndicatorList(items)


def _check_headings(fields: list[str | None], headings: list[Any]) -> None:
    if "name" not in fields:
        found = ", ".join(str(heading) for heading in headings)
        raise ValueError(f"expected a 三级指标 (or 指标名称) column, found the columns: {found}")
    if "annual" not in fields and "period" not in fields:
        found = ", ".join(str(heading) for heading in headings)
        raise ValueError(f"expected a 指标值 (or 年度指标值) column, found the columns: {found}")


def read_dataframe(frame: pandas.DataFrame) -> IndicatorList:
    """Indicators from a pandas data frame whose columns are the spreadsheet's headings."""
    return read_rows(frame.to_dict("records"))


def read_csv(path: str | Path, encoding: str | None = None) -> IndicatorList:
    """Indicators from a CSV file (UTF-8 with or without a byte-order mark, or GB18030)."""
    from perfindicator._sources import decode

    text = decode(Path(path).read_bytes(), encoding)
    return read_rows(csv.reader(io.StringIO(text)))


def read_excel(path: str | Path, sheet: str | None = None) -> IndicatorList:
    """Indicators from an ``.xlsx`` workbook (needs openpyxl: the ``excel`` extra); the first
    sheet unless ``sheet`` names another. Title rows above the header are passed over."""
    try:
        import openpyxl
    except ImportError:
        raise ImportError(
            "read_excel() needs openpyxl: pip install 'perfindicator[excel]'"
        ) from None
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        worksheet = workbook[sheet] if sheet is not None else workbook.worksheets[0]
        return read_rows(worksheet.iter_rows(values_only=True))
    finally:
        workbook.close()
