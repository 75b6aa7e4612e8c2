"""Indicators exported as spreadsheet rows: one row per indicator with columns such as
一级指标 / 二级指标 / 三级指标 / 指标值, read into the same Indicator objects as the notation,
every value read by the same value parser.

Budget systems name their columns in several ways and add some of their own: 计量单位 (the
unit), 运算符号 (the comparator, ≥ ≤ =), 指标性质 (正向 / 反向 / 定性), 实施周期指标值. Cells of
a merged 一级指标 or 二级指标 column are empty below their first row: they take the value above.
"""

from __future__ import annotations

import csv
import datetime
import io
import numbers
import re
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

from perfindicator import _vocabulary as vocab
from perfindicator._model import (
    MAX_EXPONENT,
    Code,
    Indicator,
    Quantity,
    Range,
    Value,
    canonical_decimal,
)
from perfindicator._values import parse_value

if TYPE_CHECKING:
    import pandas


#: Each field and the column headings it is found under (compared without spaces or brackets).
HEADINGS: Mapping[str, tuple[str, ...]] = {
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
_CANONICAL = {heading: field for field, headings in HEADINGS.items() for heading in headings}
_DECORATION = re.compile(r"[\s（）()]")
#: What 指标性质 says about a number written without a comparator.
_NATURE_OP = {"正向": "≥", "反向": "≤"}
_CODE = re.compile(
    r"^\s*([0-9０-９]+(?:[.．][0-9０-９]+)?)\s*(?:[-－、]|[.．](?![0-9０-９]))?\s*([^0-9０-９\s].*?)\s*$"
)
#: An enumerator before a name: 一、产出指标, （一）数量指标, (1)质量指标.
_ENUMERATOR = re.compile(
    r"^\s*(?:[（(][一二三四五六七八九十0-9]+[)）]|[一二三四五六七八九十]+[、.．])\s*"
)


def _heading(cell: Any) -> str | None:
    """The field a column heading names, or None (a leading or trailing * marks a required
    column in some exports)."""
    if cell is None:
        return None
    text = re.sub(r"\s", "", str(cell)).strip("*＊")
    for candidate in (text, _DECORATION.sub("", text)):
        if candidate in _CANONICAL:
            return _CANONICAL[candidate]
    return None


def _text(cell: Any) -> str:
    """A cell as text: numbers as written (95.0 from a spreadsheet is 95), a date cell as
    2024-12-31, nothing (None, NaN, NaT) as ''."""
    if isinstance(cell, Decimal) and cell.is_snan():
        return ""  # a signalling NaN signals when compared, even with itself
    if cell is None or cell != cell:  # empty, NaN or NaT
        return ""
    if isinstance(cell, bool):
        return str(cell)
    if isinstance(cell, datetime.datetime):
        return cell.date().isoformat() if cell.time() == datetime.time() else cell.isoformat()
    if isinstance(cell, datetime.date):
        return cell.isoformat()
    if isinstance(cell, numbers.Real) and not isinstance(cell, Decimal):
        try:
            cell = Decimal(str(cell))
        except InvalidOperation:
            return str(cell)
    if isinstance(cell, Decimal):
        if not cell.is_finite():
            return ""
        if cell and not -MAX_EXPONENT <= cell.adjusted() <= MAX_EXPONENT:
            return str(cell)  # 1E+1000000: not written out (a value of the notation it is not)
        # Exactly: normalize() would round to the context's 28 digits.
        return format(canonical_decimal(cell), "f")
    text = str(cell).strip()
    return "" if text.lower() in {"nan", "none", "<na>", "nat"} else text


def _code(cell: str, kind: str, parent: str | None) -> Code:
    """A level or category cell: 1-产出指标 with its code, or a bare name whose code the 2015
    taxonomy gives (None when it has none)."""
    written = _CODE.match(cell)
    if written is not None:
        digits = written.group(1).translate(vocab.FOLD).replace(".", "")  # 1.1 is 11
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


def _value(cell: str, op: str, unit: str, nature: str, name: str) -> Value | None:
    """A value cell with its own comparator and unit columns put back around it: a number
    read without a unit takes the unit column's (when it is a unit: not an office's name),
    and without a comparator the comparator column's, or 正向 ≥ / 反向 ≤."""
    if not cell:
        return None
    value = parse_value(cell)
    if not isinstance(value, (Quantity, Range)):
        # 两 or 二十 alone are text, but with their unit (两辆) they are numbers.
        with_unit = parse_value(cell + unit) if unit and _is_unit(unit) else value
        if not isinstance(with_unit, (Quantity, Range)):
            return parse_value(cell, name=name)
        value, cell = with_unit, cell + unit
    text = cell
    if unit and value.unit is None and _is_unit(unit):
        text += unit
    written_op = op or _NATURE_OP.get(nature[:2], "")
    said_equal = cell.lstrip().startswith(("=", "＝", "等于"))
    if isinstance(value, Quantity) and written_op and value.op == vocab.EQ and not said_equal:
        text = written_op + text
    return parse_value(text, name=name)


def _is_unit(unit: str) -> bool:
    """Whether a 计量单位 cell is a unit the value language knows (元, %, 人次, 元/人…)."""
    parts = re.split(r"[/·]", unit)
    return all(part in vocab.SPELLINGS or part in vocab.UNITS for part in parts)


def read_rows(
    rows: Iterable[Mapping[str, Any]] | Iterable[Sequence[Any]], *, by_project: bool = False
) -> Any:
    """Indicators from spreadsheet rows: mappings of column heading to cell (as ``csv``'s
    ``DictReader`` or ``DataFrame.to_dict("records")`` give them), or sequences whose first
    one with a 三级指标 (or 指标名称) and a 指标值 heading is the header.

    Returns an ``IndicatorList``; with ``by_project=True``, a dict of 项目名称 to the
    ``IndicatorList`` of that project, in the order the projects come.

    Rows without an indicator name are skipped (totals, blank lines, a header repeated on a
    later page, a row of column numbers); a level or category cell left empty takes the one
    above (a merged cell). A row with a name but no value, or headings without a name or a
    value column, raise ``ValueError`` saying which row or which headings.
    """
    from perfindicator._indicators import IndicatorList

    fields: list[str | None] | None = None
    groups: dict[str, list[Indicator]] = {}
    last = {"level": "", "category": "", "project": ""}
    for row_number, row in enumerate(rows, start=1):
        if isinstance(row, Mapping):
            if fields is None:
                fields = [_heading(key) for key in row]
                _check_headings(fields, list(row))
            record = {
                field: _text(cell)
                for field, cell in ((_heading(key), cell) for key, cell in row.items())
                if field
            }
        else:
            cells = list(row)
            if fields is None:
                headings = [_heading(cell) for cell in cells]
                if "name" in headings and ({"annual", "period"} & set(headings)):
                    fields = headings
                continue  # a title or a group heading above the header, or the header itself
            record = {f: _text(cell) for f, cell in zip(fields, cells, strict=False) if f}
        name = record.get("name", "")
        for kind in ("level", "category", "project"):
            record[kind] = record.get(kind) or last[kind]
            last[kind] = record[kind]
        if not name or _heading(name) == "name" or re.fullmatch(r"[0-9.\s]+", name):
            continue  # no indicator here: a total, a repeated header, a row of column numbers
        if not record.get("annual") and not record.get("period"):
            raise ValueError(f"row {row_number} ({name}): expected a target value, found none")
        if not record["level"] or not record["category"]:
            raise ValueError(f"row {row_number} ({name}): expected its 一级指标 and 二级指标")
        items = groups.setdefault(record["project"] if by_project else "", [])
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
        raise ValueError(
            "expected a header row with a 三级指标 (or 指标名称) and a 指标值 column, found none"
        )
    if by_project:
        return {project: IndicatorList(items) for project, items in groups.items()}
    return IndicatorList(groups.get("", []))


def _check_headings(fields: list[str | None], headings: list[Any]) -> None:
    if "name" not in fields:
        found = ", ".join(str(heading) for heading in headings)
        raise ValueError(f"expected a 三级指标 (or 指标名称) column, found the columns: {found}")
    if "annual" not in fields and "period" not in fields:
        found = ", ".join(str(heading) for heading in headings)
        raise ValueError(f"expected a 指标值 (or 年度指标值) column, found the columns: {found}")


def read_dataframe(frame: pandas.DataFrame, *, by_project: bool = False) -> Any:
    """Indicators from a pandas data frame whose columns are the spreadsheet's headings (see
    ``read_rows``)."""
    return read_rows(frame.to_dict("records"), by_project=by_project)


def read_csv(path: str | Path, encoding: str | None = None, *, by_project: bool = False) -> Any:
    """Indicators from a CSV file (UTF-8 with or without a byte-order mark, or GB18030, unless
    ``encoding`` says otherwise); see ``read_rows``."""
    from perfindicator._sources import InputError, decode

    try:
        text = decode(Path(path).read_bytes(), encoding)
    except InputError as error:
        message = str(error).replace("pass --encoding", "pass encoding=")
        raise ValueError(f"{path}: {message}") from None
    return read_rows(csv.reader(io.StringIO(text)), by_project=by_project)


def read_excel(path: str | Path, sheet: str | None = None, *, by_project: bool = False) -> Any:
    """Indicators from an ``.xlsx`` workbook (needs openpyxl: the ``excel`` extra); the first
    sheet unless ``sheet`` names another; see ``read_rows``. A number shown as a percentage
    (0.95 formatted ``0%``) is read as shown, 95%; a date cell as its date."""
    try:
        import openpyxl
    except ImportError:
        raise ImportError(
            "read_excel() needs openpyxl: pip install 'perfindicator[excel]'"
        ) from None
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        worksheet = workbook[sheet] if sheet is not None else workbook.worksheets[0]
        rows = ([_shown(cell) for cell in row] for row in worksheet.iter_rows())
        return read_rows(rows, by_project=by_project)
    finally:
        workbook.close()


def _shown(cell: Any) -> Any:
    """A workbook cell's value as the sheet shows it: percentages with their sign."""
    value = getattr(cell, "value", None)
    number_format = getattr(cell, "number_format", "") or ""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and "%" in number_format:
        return f"{_text(Decimal(str(value)) * 100)}%"
    return value
