"""Exports: spreadsheet-safe cells, and the flat rows, data frames and notebook tables of
``model/views.py`` under the names the command and the package give them."""

from __future__ import annotations

import re
from typing import Any

from perfindicator.model.views import (
    AMOUNT_FIELDS,
    COLUMNS,
    VALUE_FIELDS,
    indicator_cells,
    indicators_html,
    rows,
    table_html,
    to_dataframe,
)

__all__ = [
    "AMOUNT_FIELDS",
    "COLUMNS",
    "FORMULA_STARTS",
    "VALUE_FIELDS",
    "indicator_cells",
    "indicators_html",
    "neutralize_formula",
    "rows",
    "table_html",
    "to_dataframe",
]

#: How a cell that a spreadsheet would run as a formula starts (OWASP, "CSV injection"):
#: Excel, WPS and LibreOffice take ``=``, ``+``, ``-`` and ``@`` as a formula, and a leading
#: tab or carriage return can hide one.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: A signed number is data, not a formula: ``-5`` stays a number in the spreadsheet.
_SIGNED_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def neutralize_formula(cell: Any) -> Any:
    """A cell safe to open in a spreadsheet: text that would start a formula gets a leading
    ``'`` (``=HYPERLINK(…)`` becomes ``'=HYPERLINK(…)``), as OWASP recommends; numbers,
    signed numbers written as text, empty cells and other text are returned as they are.

    The command's CSV is written this way. Apply it to a data frame before writing a
    spreadsheet from it: ``to_dataframe(table).map(neutralize_formula).to_excel(…)``.

    >>> neutralize_formula("=1+1"), neutralize_formula("-2+3"), neutralize_formula("-2")
    ("'=1+1", "'-2+3", '-2')
    """
    if (
        isinstance(cell, str)
        and cell.startswith(FORMULA_STARTS)
        and not _SIGNED_NUMBER.fullmatch(cell)
    ):
        return "'" + cell
    return cell
