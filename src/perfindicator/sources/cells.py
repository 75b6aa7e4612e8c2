"""A workbook cell's value as text: as the sheet shows it (``displayed``: 95%, 120.00,
1,234.50, 2023-06-30, #DIV/0!), and the plainer form the indicator-row reader uses (``text``:
numbers exactly as stored, 95.0 as 95)."""

from __future__ import annotations

import datetime
import numbers
import sys
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from perfindicator.model.values import canonical_decimal

__all__ = ["MAX_EXPONENT", "ErrorValue", "displayed", "is_missing", "shown", "text"]

#: A number cell is written out in full, so its size is bounded: 10**100 is far beyond a budget.
MAX_EXPONENT = 100


class ErrorValue(str):
    """A spreadsheet's error value (``#DIV/0!``, ``#N/A``, ``#VALUE!``): refused where it is
    read as a field, passed over in the columns that are not."""

    __slots__ = ()


def text(cell: Any) -> str:
    """A cell as text: numbers as written (95.0 from a spreadsheet is 95), a date cell as
    2024-12-31, nothing (None, NaN, NaT, pandas' NA) as ''. A number that cannot be a value
    (infinite, a signalling NaN, beyond 10**±100) raises ValueError."""
    if is_missing(cell):
        return ""
    if isinstance(cell, ErrorValue):
        raise ValueError(f"the cell shows the spreadsheet error {cell}, not a value")
    if isinstance(cell, bool):
        return str(cell)
    if isinstance(cell, datetime.datetime):
        return cell.date().isoformat() if cell.time() == datetime.time() else cell.isoformat()
    if isinstance(cell, datetime.date):
        return cell.isoformat()
    if isinstance(cell, numbers.Integral):
        cell = Decimal(int(cell))  # not through str(): a long int has a length limit there
    elif isinstance(cell, numbers.Real) and not isinstance(cell, Decimal):
        try:
            cell = Decimal(str(cell))
        except InvalidOperation:
            return str(cell)
    if isinstance(cell, Decimal):
        if not cell.is_finite():
            raise ValueError(f"not a finite number: {cell}")
        if cell and abs(cell.adjusted()) > MAX_EXPONENT:
            raise ValueError(f"a number too large or too small to be a target: {cell:.6E}")
        # Exactly: normalize() would round to the context's 28 digits.
        return format(canonical_decimal(cell), "f")
    written = str(cell).strip()
    return "" if written.lower() in {"nan", "none", "<na>", "nat"} else written


def is_missing(cell: Any) -> bool:
    """Whether a cell holds nothing: None, a float or quiet decimal NaN, pandas' NaT or NA."""
    if cell is None:
        return True
    if isinstance(cell, Decimal):
        if cell.is_snan():
            raise ValueError(f"not a number: {cell}")
        return cell.is_qnan()
    pandas = sys.modules.get("pandas")
    if pandas is not None and cell is pandas.NA:
        return True  # NA == NA is NA, whose truth value raises
    return bool(cell != cell)  # NaN and NaT are not equal to themselves


def shown(cell: Any) -> Any:
    """An openpyxl cell's value as the indicator-row reader takes it: percentages with their
    sign, an error value (``#DIV/0!``) as one, anything else as stored."""
    value = getattr(cell, "value", None)
    if getattr(cell, "data_type", None) == "e" and isinstance(value, str):
        return ErrorValue(value)
    number_format = getattr(cell, "number_format", "") or ""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and "%" in number_format:
        number = Decimal(str(value))
        if number.is_finite() and abs(number.adjusted()) <= MAX_EXPONENT:
            return f"{text(number * 100)}%"
    return value


def displayed(value: Any, number_format: str | None = None) -> str:
    """A cell's value as the sheet displays it under its number format.

    Numbers follow the format's digits, decimals, thousands separators, percent signs and
    literal text (``0.00`` → ``120.00``, ``#,##0`` → ``1,235``, ``0%`` → ``95%``,
    ``"¥"#,##0.00`` → ``¥1,234.50``; a negative number in the second section when there is
    one); a format this does not read (scientific, fractions, conditions) and ``General`` show
    the number exactly as stored (95.0 as 95). Dates and times are ISO (2023-06-30,
    2023-06-30T08:30:00, 08:30:00) whatever their format; TRUE and FALSE as Excel shows them;
    an error value as itself (#DIV/0!); text as it is.

    >>> displayed(0.95, "0%"), displayed(120, "0.00"), displayed(1234.5, "#,##0.00")
    ('95%', '120.00', '1,234.50')
    >>> displayed(-3, "#,##0;(#,##0)"), displayed(datetime.date(2023, 6, 30), "yyyy-mm-dd")
    ('(3)', '2023-06-30')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        if isinstance(value, datetime.time):
            return value.isoformat()
        return text(value)
    if isinstance(value, str):
        return str(value)
    if isinstance(value, numbers.Real):
        try:
            number = value if isinstance(value, Decimal) else Decimal(str(value))
        except InvalidOperation:
            return str(value)
        if not number.is_finite():
            return "#NUM!"
        if abs(number.adjusted()) <= MAX_EXPONENT:
            formatted = _formatted(number, number_format or "General")
            if formatted is not None:
                return formatted
        return _general(number)
    return str(value)


def _general(number: Decimal) -> str:
    """A number as stored: 95.0 as 95, 0.1 as 0.1; beyond 10**±100 in scientific form."""
    if number and abs(number.adjusted()) > MAX_EXPONENT:
        return f"{number:E}"
    return format(canonical_decimal(number), "f")


def _sections(number_format: str) -> list[str]:
    """A number format's sections (positive; negative; zero; text), split at the semicolons
    outside quotes and brackets."""
    sections: list[str] = []
    current: list[str] = []
    quoted = bracket = escaped = False
    for char in number_format:
        if escaped:
            escaped = False
        elif char == "\\" and not quoted:
            escaped = True
        elif char == '"':
            quoted = not quoted
        elif char == "[" and not quoted:
            bracket = True
        elif char == "]" and not quoted:
            bracket = False
        elif char == ";" and not quoted and not bracket:
            sections.append("".join(current))
            current = []
            continue
        current.append(char)
    sections.append("".join(current))
    return sections


def _formatted(number: Decimal, number_format: str) -> str | None:
    """A finite number under a number format, or None where the format is beyond this
    reader (the caller then shows the number as stored)."""
    sections = _sections(number_format)
    sign = ""
    if number < 0 and len(sections) >= 2 and sections[1].strip():
        section, number = sections[1], -number
    elif number == 0 and len(sections) >= 3:
        section = sections[2]
    else:
        section = sections[0]
        if number < 0:
            sign, number = "-", -number
    tokens = _tokens(section)
    if tokens is None:
        return None
    digits = [index for index, (kind, _) in enumerate(tokens) if kind == "digit"]
    if not digits:
        if any(kind == "general" for kind, _ in tokens):
            return sign + "".join(
                _general(number) if kind == "general" else shown for kind, shown in tokens
            )
        if any(kind == "at" for kind, _ in tokens):
            return None
        return "".join(shown for kind, shown in tokens if kind == "literal") or None
    first, last = digits[0], digits[-1]
    point = next(
        (index for index, (kind, _) in enumerate(tokens) if kind == "point" and index < last),
        None,
    )
    whole_end = point if point is not None else last + 1
    whole = [shown for kind, shown in tokens[first:whole_end] if kind == "digit"]
    fraction = [] if point is None else [s for k, s in tokens[point : last + 1] if k == "digit"]
    grouped = any(kind == "comma" for kind, _ in tokens[first:whole_end])
    scale = 0
    for kind, _ in tokens[last + 1 :]:
        if kind != "comma":
            break
        scale += 1
    percents = sum(1 for kind, _ in tokens if kind == "percent")
    number = number.scaleb(2 * percents - 3 * scale)
    rounded = number.quantize(Decimal(1).scaleb(-len(fraction)), rounding=ROUND_HALF_UP)
    integer, _, decimals = format(rounded, "f").partition(".")
    required = sum(1 for placeholder in whole if placeholder == "0")
    integer = integer.lstrip("0").rjust(required, "0")
    if grouped and integer:
        integer = f"{int(integer):,}"
    kept = list(decimals)
    while kept and fraction[len(kept) - 1] != "0" and kept[-1] == "0":
        kept.pop()
    body = integer + ("." + "".join(kept) if point is not None else "")
    if sign and not body.strip("0."):
        sign = ""  # -0.001 shown with no decimals is 0, not -0
    prefix = "".join(shown for kind, shown in tokens[:first] if kind in ("literal", "percent"))
    after = tokens[last + 1 + scale :]
    suffix = "".join(shown for kind, shown in after if kind in ("literal", "percent"))
    return sign + prefix + body + suffix


def _tokens(section: str) -> list[tuple[str, str]] | None:
    """A format section's pieces: digit placeholders (0 # ?), the decimal point, commas,
    percent signs, General, @, and literal text as shown; None for a section this reader does
    not show (scientific notation, fractions, conditions, dates)."""
    tokens: list[tuple[str, str]] = []
    index = 0
    seen_point = False
    while index < len(section):
        char = section[index]
        if char == '"':
            end = section.find('"', index + 1)
            end = len(section) if end < 0 else end
            tokens.append(("literal", section[index + 1 : end]))
            index = end + 1
            continue
        if char in "\\_*":
            if char == "\\" and index + 1 < len(section):
                tokens.append(("literal", section[index + 1]))
            elif char == "_":
                tokens.append(("literal", " "))  # the width of the next character
            index += 2
            continue
        if char == "[":
            end = section.find("]", index)
            end = len(section) if end < 0 else end
            inside = section[index + 1 : end]
            if inside.startswith("$"):
                tokens.append(("literal", inside[1:].split("-")[0]))  # [$¥-804]: a currency
            elif inside[:1] in "<>=" or inside.lower().startswith(("h", "m", "s")):
                return None  # a condition, or elapsed time
            index = end + 1  # a colour, a locale
            continue
        if section[index : index + 7].lower() == "general":
            tokens.append(("general", ""))
            index += 7
            continue
        if char in "0#?":
            tokens.append(("digit", char))
        elif char == "." and not seen_point:
            seen_point = True
            tokens.append(("point", "."))
        elif char == ",":
            tokens.append(("comma", ","))
        elif char == "%":
            tokens.append(("percent", "%"))
        elif char == "@":
            tokens.append(("at", ""))
        elif char in "Ee/" or char.lower() in "ymdhs":
            return None  # scientific, a fraction, a date or time
        else:
            tokens.append(("literal", char))
        index += 1
    return tokens
