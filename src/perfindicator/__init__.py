"""perfindicator: read Chinese budget performance indicators (绩效指标) into exact, typed data.

>>> from perfindicator import parse_value
>>> parse_value("不低于97%").to_dict()
{'kind': 'quantity', 'raw': '不低于97%', 'op': '>=', 'value': '97', 'unit': '%'}
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from perfindicator.core.vocabulary import Operator
from perfindicator.model import values as _values
from perfindicator.model.errors import FormError, ParseError, SheetError
from perfindicator.model.values import (
    Code,
    Comparison,
    Date,
    DateRange,
    Indicator,
    IndicatorRow,
    Quantity,
    Range,
    Ratio,
    Text,
    Value,
)
from perfindicator.notation.blocks import IndicatorList, parse_indicators
from perfindicator.notation.values import parse_value
from perfindicator.sources.files import InputError


def _judge(target: Any, actual: Any, rules: Any) -> bool:
    """``is_met_by``'s answer: the review layer's, loaded when first asked (see
    ``model/values.py``: the model cannot import the layers above it)."""
    from perfindicator.review.scoring import DEFAULT_RULES, is_met

    return is_met(target, actual, rules or DEFAULT_RULES)


_values.connect_judge(_judge)

if TYPE_CHECKING:
    from perfindicator.export.frames import neutralize_formula, to_dataframe
    from perfindicator.export.store import (
        ExportSummary,
        export_dataset,
        export_partition,
        find_documents,
    )
    from perfindicator.forms.many import parse_many
    from perfindicator.forms.read import read
    from perfindicator.forms.sheets import read_csv, read_dataframe, read_excel, read_rows
    from perfindicator.forms.text_table import parse_table
    from perfindicator.model.document import (
        Amounts,
        Document,
        FundingUnit,
        Funds,
        Header,
        Project,
        TargetTable,
        Task,
    )
    from perfindicator.review.audit import AuditFinding, audit
    from perfindicator.review.checks import Finding, Severity, Taxonomy, check
    from perfindicator.review.scoring import (
        Evaluation,
        IndicatorScore,
        ScoringRules,
        evaluate,
        score,
    )

#: Imported on first use, so that a process that only reads blocks and values starts quickly.
_LAZY = {
    "Amounts": "perfindicator.model.document",
    "Document": "perfindicator.model.document",
    "Funds": "perfindicator.model.document",
    "Header": "perfindicator.model.document",
    "Task": "perfindicator.model.document",
    "read": "perfindicator.forms.read",
    "FundingUnit": "perfindicator.model.document",
    "Project": "perfindicator.model.document",
    "TargetTable": "perfindicator.model.document",
    "Evaluation": "perfindicator.review.scoring",
    "Finding": "perfindicator.review.checks",
    "Severity": "perfindicator.review.checks",
    "Taxonomy": "perfindicator.review.checks",
    "check": "perfindicator.review.checks",
    "IndicatorScore": "perfindicator.review.scoring",
    "ScoringRules": "perfindicator.review.scoring",
    "evaluate": "perfindicator.review.scoring",
    "score": "perfindicator.review.scoring",
    "parse_many": "perfindicator.forms.many",
    "to_dataframe": "perfindicator.export.frames",
    "ExportSummary": "perfindicator.export.store",
    "export_dataset": "perfindicator.export.store",
    "export_partition": "perfindicator.export.store",
    "find_documents": "perfindicator.export.store",
    "neutralize_formula": "perfindicator.export.frames",
    "read_csv": "perfindicator.forms.sheets",
    "read_dataframe": "perfindicator.forms.sheets",
    "read_excel": "perfindicator.forms.sheets",
    "read_rows": "perfindicator.forms.sheets",
    "parse_table": "perfindicator.forms.text_table",
    "AuditFinding": "perfindicator.review.audit",
    "audit": "perfindicator.review.audit",
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
    # The public names, each once (a lazy name already imported is in the globals too), not
    # the imports the module itself uses (Any, TYPE_CHECKING, annotations).
    return sorted(__all__)


__all__ = [
    "Amounts",
    "AuditFinding",
    "Code",
    "Comparison",
    "Date",
    "DateRange",
    "Document",
    "Evaluation",
    "ExportSummary",
    "Finding",
    "FormError",
    "FundingUnit",
    "Funds",
    "Header",
    "Indicator",
    "IndicatorList",
    "IndicatorRow",
    "IndicatorScore",
    "InputError",
    "Operator",
    "ParseError",
    "Project",
    "Quantity",
    "Range",
    "Ratio",
    "ScoringRules",
    "Severity",
    "SheetError",
    "TargetTable",
    "Task",
    "Taxonomy",
    "Text",
    "Value",
    "audit",
    "check",
    "evaluate",
    "export_dataset",
    "export_partition",
    "find_documents",
    "neutralize_formula",
    "parse_indicators",
    "parse_many",
    "parse_table",
    "parse_value",
    "read",
    "read_csv",
    "read_dataframe",
    "read_excel",
    "read_rows",
    "score",
    "to_dataframe",
]
