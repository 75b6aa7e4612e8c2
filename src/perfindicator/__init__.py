"""perfindicator: read Chinese budget performance indicators (绩效指标) into exact, typed data.

>>> from perfindicator import parse_value
>>> parse_value("不低于97%").to_dict()
{'kind': 'quantity', 'raw': '不低于97%', 'op': '>=', 'value': '97', 'unit': '%'}
"""

from perfindicator._errors import ParseError
from perfindicator._indicators import IndicatorList, parse_indicators
from perfindicator._many import parse_many
from perfindicator._model import (
    Amounts,
    Code,
    Comparison,
    Date,
    FundingUnit,
    Indicator,
    Project,
    Quantity,
    Range,
    Ratio,
    TargetTable,
    Text,
    Value,
)
from perfindicator._sources import InputError
from perfindicator._table import parse_table
from perfindicator._values import parse_value

__all__ = [
    "Amounts",
    "Code",
    "Comparison",
    "Date",
    "FundingUnit",
    "Indicator",
    "IndicatorList",
    "InputError",
    "ParseError",
    "Project",
    "Quantity",
    "Range",
    "Ratio",
    "TargetTable",
    "Text",
    "Value",
    "parse_indicators",
    "parse_many",
    "parse_table",
    "parse_value",
]
