"""perfindicator: read Chinese budget performance indicators (绩效指标) into exact, typed data.

>>> from perfindicator import parse_value
>>> parse_value("不低于97%").to_dict()
{'kind': 'quantity', 'raw': '不低于97%', 'op': '>=', 'value': '97', 'unit': '%'}
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from perfindicator._errors import ParseError, SheetError
from perfindicator._indicators import IndicatorList, parse_indicators
from perfindicator._model import (
    Code,
    Comparison,
    Date,
    DateRange,
    Indicator,
    Quantity,
    Range,
    Ratio,
    Text,
    Value,
)
from perfindicator._sources import InputError
from perfindicator._values import parse_value

if TYPE_CHECKING:
    from perfindicator._checks import Finding, Taxonomy, check
    from perfindicator._document import Amounts, FundingUnit, Project, TargetTable
    from perfindicator._frames import neutralize_formula, to_dataframe
    from perfindicator._many import parse_many
    from perfindicator._scoring import Evaluation, IndicatorScore, ScoringRules, evaluate, score
    from perfindicator._sheets import read_csv, read_dataframe, read_excel, read_rows
    from perfindicator._table import parse_table

#: Imported on first use, so that a process that only reads blocks and values starts quickly.
_LAZY = {
    "Amounts": "perfindicator._document",
    "FundingUnit": "perfindicator._document",
    "Project": "perfindicator._document",
    "TargetTable": "perfindicator._document",
    "Evaluation": "perfindicator._scoring",
    "Finding": "perfindicator._checks",
    "Taxonomy": "perfindicator._checks",
    "check": "perfindicator._checks",
    "IndicatorScore": "perfindicator._scoring",
    "ScoringRules": "perfindicator._scoring",
    "evaluate": "perfindicator._scoring",
    "score": "perfindicator._scoring",
    "parse_many": "perfindicator._many",
    "to_dataframe": "perfindicator._frames",
    "neutralize_formula": "perfindicator._frames",
    "read_csv": "perfindicator._sheets",
    "read_dataframe": "perfindicator._sheets",
    "read_excel": "perfindicator._sheets",
    "read_rows": "perfindicator._sheets",
    "parse_table": "perfindicator._table",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'perfindicator' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY])


__all__ = [
    "Amounts",
    "Code",
    "Comparison",
    "Date",
    "DateRange",
    "Evaluation",
    "Finding",
    "FundingUnit",
    "Indicator",
    "IndicatorList",
    "IndicatorScore",
    "InputError",
    "ParseError",
    "Project",
    "Quantity",
    "Range",
    "Ratio",
    "ScoringRules",
    "SheetError",
    "TargetTable",
    "Taxonomy",
    "Text",
    "Value",
    "check",
    "evaluate",
    "neutralize_formula",
    "parse_indicators",
    "parse_many",
    "parse_table",
    "parse_value",
    "read_csv",
    "read_dataframe",
    "read_excel",
    "read_rows",
    "score",
    "to_dataframe",
]
