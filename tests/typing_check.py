"""The public API as a user's type checker sees it: checked by ``mypy --strict`` in
``test_typing.py``, never run (not named ``test_*``, so pytest collects no tests from it).

Each annotation says what a call gives; a line with ``# type: ignore[...]`` is a mistake the
types must catch (mypy --strict reports an ignore that is not needed, so it cannot go stale).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Literal

from perfindicator import (
    Comparison,
    Date,
    Evaluation,
    Finding,
    IndicatorList,
    Operator,
    ParseError,
    Quantity,
    ScoringRules,
    Severity,
    TargetTable,
    Value,
    check,
    evaluate,
    parse_indicators,
    parse_many,
    parse_table,
    parse_value,
    read_csv,
    read_excel,
    read_rows,
    score,
)


def values() -> None:
    value: Value = parse_value("不低于97%")
    if isinstance(value, Quantity):
        op: Operator = value.op
        number: Decimal = value.value
        unit: str | None = value.unit
        print(op, number, unit)
    kind: Literal["quantity", "range", "ratio", "comparison", "date", "date_range", "text"]
    kind = value.kind
    if value.kind == "quantity":  # a tagged union: the kind tells the class
        narrowed: Quantity = value
        print(kind, narrowed.unit)
    quantity: Quantity = Quantity.of(">=", 97, "%")
    print(quantity, Comparison.of("总费用支出", "<", "年初预算"), Date.of("<=", 2024, 12, 31))


def operators_are_checked() -> None:
    Quantity.of(">==", 97, "%")  # type: ignore[arg-type]
    Date.of("before", 2024)  # type: ignore[arg-type]
    word: str = "≥"
    Quantity.of(word, 97)  # type: ignore[arg-type]


def blocks_and_tables(text: str) -> None:
    items: IndicatorList = parse_indicators(text, recover=True)
    errors: tuple[ParseError, ...] = items.errors
    table: TargetTable = parse_table(text)
    for result in parse_many([text, Path("table.txt")], workers=1):
        if isinstance(result, TargetTable):
            print(result.projects)
    print(errors, table)


def sheets(path: Path, rows: list[dict[str, str]], flag: bool) -> None:
    indicators: IndicatorList = read_rows(rows)
    projects: dict[str, IndicatorList] = read_rows(rows, by_project=True)
    either: IndicatorList | dict[str, IndicatorList] = read_rows(rows, by_project=flag)
    from_csv: IndicatorList = read_csv(path, "utf-8")
    csv_projects: dict[str, IndicatorList] = read_csv(path, by_project=True)
    from_excel: IndicatorList = read_excel(path, "Sheet1", max_cells=1000)
    excel_projects: dict[str, IndicatorList] = read_excel(path, by_project=True)
    wrong: IndicatorList = read_rows(rows, by_project=True)  # type: ignore[assignment]
    print(indicators, projects, either, from_csv, csv_projects, from_excel, excel_projects, wrong)


def review(text: str) -> None:
    findings: list[Finding] = check(text, taxonomy="2015")
    for finding in findings:
        severity: Severity = finding.severity
        if finding.severity == "error":
            print(severity, finding.code, finding.line, finding.column)
    points: Decimal = score("不低于97%", "98%", 10)
    points = score(parse_value("≤2万元"), 19800, Decimal("2.5"))
    score("不低于97%", "98%", None)  # type: ignore[arg-type]
    rules = ScoringRules(
        approximate="0.05", verdict_share={"达成年度指标": 0.9}, grades=[("优", 90)]
    )
    items = parse_indicators(text)
    evaluation: Evaluation = evaluate(items, ["98%"], execution_rate="95%")
    evaluation = evaluate(items, {1: 98.5}, execution_rate=0.95, weights={1: 2}, rules=rules)
    evaluate(items, [98], execution_rate=None)  # type: ignore[arg-type]
    grade: str = evaluation.grade
    print(points, grade)
