"""Checking published self-evaluations (绩效自评, docs/audit.md): each indicator re-scored by the
rules of ``scoring.py`` and compared with the points the department printed, the budget
execution row and the 总分 row added up again; each finding with a stable code, a severity, a
message that names the figures, and where in the file they are.

| code | severity | finding |
|---|---|---|
| PA101 | error | the published 得分 is not the re-score (a verdict's: outside its band) |
| PA102 | error | the points exceed the weight (分值) |
| PA103 | error | negative points |
| PA104 | error | points given where no weight is |
| PA105 | error | full points for an indicator whose actual result does not meet its target |
| PA106 | warning | a target met, yet fewer points than the weight |
| PA107 | warning | the direction printed (正向 / 反向) contradicts the target's comparator |
| PA201 | error | the 执行率 printed is not 全年执行数 / 全年预算数 |
| PA202 | error | the execution row's 得分 is not the execution rate × 分值 (at most 分值) |
| PA203 | warning | more executed (全年执行数) than budgeted (全年预算数) |
| PA301 | error | the indicators' and the execution row's points do not add up to 总分 |
| PA302 | error | the weights do not add up to the published total weight |
| PA401 | warning | points or a sum that cannot be checked (docs/audit.md says when) |

A published figure agrees with the figure worked out when they differ by no more than half a
unit of the published figure's last decimal place (``8`` stands for 7.5–8.5, ``7.84`` for
7.835–7.845), or by ``tolerance`` where that is larger. A sum is compared with its total within
half a unit of the coarsest last place among the total and the figures added.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from decimal import Context, Decimal, localcontext
from typing import Any

import attrs

from perfindicator.core import vocabulary as vocab
from perfindicator.model.document import Document, Funds, Project
from perfindicator.model.location import CellRange, Location, PageBoxes
from perfindicator.model.values import (
    Indicator,
    Quantity,
    Range,
    Text,
    Value,
    canonical_decimal,
    folded_scale,
)
from perfindicator.review.checks import ERROR, WARNING, Severity
from perfindicator.review.scoring import (
    ACHIEVED,
    DEFAULT_RULES,
    VERDICT_BANDS,
    RealNumber,
    ScoringRules,
    finite_number,
    is_met,
    rounded_half_up,
    score,
    verdict,
)

__all__ = ["SELF_EVALUATIONS", "AuditFinding", "audit"]

#: The forms ``audit`` checks (``Document.form``).
SELF_EVALUATIONS = frozenset({"self-evaluation", "department-self-evaluation"})


@attrs.frozen
class AuditFinding:
    """One figure of a self-evaluation that does not agree with the rules or with the others:
    where it is printed (``location``, None where the reader kept no place for it), the
    project and, for an indicator's row, the indicator's name and number."""

    code: str
    severity: Severity
    message: str
    project: str
    indicator: str | None = None
    number: int | None = None
    location: Location | None = None

    def __str__(self) -> str:
        where = "" if self.location is None else f"{self.location}: "
        return f"{where}{self.code} {self.message}"

    def to_dict(self) -> dict[str, Any]:
        """The interchange form: every field, by name; the location as ``Location.to_dict``."""
        return {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "project": self.project,
            "indicator": self.indicator,
            "number": self.number,
            "location": None if self.location is None else self.location.to_dict(),
        }


def _text(number: Decimal) -> str:
    return format(canonical_decimal(number), "f")


def _half_unit(number: Decimal) -> Decimal:
    """Half a unit of a figure's last decimal place: 0.5 for 8, 0.005 for 7.84."""
    return Decimal(5).scaleb(min(_exponent(number), 0) - 1)


@attrs.frozen
class _Audit:
    """One document's audit: the rules, the tolerance and the findings so far."""

    rules: ScoringRules
    tolerance: Decimal
    findings: list[AuditFinding] = attrs.field(factory=list)

    def allowed(self, *figures: Decimal) -> Decimal:
        """How far figures printed like these may be from each other by rounding alone."""
        return max([self.tolerance, *(_half_unit(figure) for figure in figures)])

    def flags(
        self, project: Project, indicator: Indicator | None = None, where: Location | None = None
    ) -> Callable[[str, Severity, str], None]:
        """What adds a finding about ``project`` (and one of its indicators, at its row)."""
        if indicator is not None and indicator.row is not None:
            where = indicator.row.location

        def flag(code: str, severity: Severity, message: str) -> None:
            self.findings.append(
                AuditFinding(
                    code,
                    severity,
                    message,
                    project.name,
                    None if indicator is None else indicator.name,
                    None if indicator is None else indicator.number,
                    where,
                )
            )

        return flag


def audit(
    document: Document, *, rules: ScoringRules = DEFAULT_RULES, tolerance: RealNumber = 0
) -> list[AuditFinding]:
    """What does not add up in a self-evaluation (``read(path)`` of a 项目支出绩效自评表 or
    部门整体支出绩效自评表): project by project, the budget execution rows, then each
    indicator, then the 总分 row; no finding for a form whose figures all agree.

    ``rules`` are the scoring rules the points are re-worked by (docs/scoring.md);
    ``tolerance`` widens how far a published figure may be from the re-worked one (by default,
    half a unit of its last decimal place). Another form is a ``ValueError``.
    """
    if document.form not in SELF_EVALUATIONS:
        raise ValueError(
            f"the document is a {document.form} form: audit checks self-evaluations"
            " (项目支出绩效自评表, 部门整体支出绩效自评表)"
        )
    allowance = finite_number(tolerance, "the tolerance")
    if allowance < 0:
        raise ValueError(f"the tolerance cannot be negative: {tolerance}")
    # Points are compared exact: the published figure's own rounding is the tolerance.
    run = _Audit(attrs.evolve(rules, places=None), allowance)
    for project in document.projects:
        funds = () if project.header is None else project.header.funds
        for row in funds:
            _execution(run, project, row)
        for indicator in project.indicators:
            _indicator(run, project, indicator)
        _sums(run, project, _execution_row(funds))
    return run.findings


# --------------------------------------------------------------------------------------------
# The budget execution rows (项目资金)
# --------------------------------------------------------------------------------------------


def _execution_row(funds: Sequence[Funds]) -> Funds | None:
    """The row whose 分值 counts in the total: the first with a weight (年度资金总额)."""
    return next((row for row in funds if row.weight is not None), None)


def _execution(run: _Audit, project: Project, row: Funds) -> None:
    budget, executed, rate = row.budget, row.executed, row.rate
    flag = run.flags(project, where=row.location)
    share: Decimal | None = None
    if budget is not None and executed is not None:
        if executed > budget:
            flag(
                "PA203",
                WARNING,
                f"{row.label}: 全年执行数 {_text(executed)} is more than"
                f" 全年预算数 {_text(budget)}",
            )
        if budget > 0:
            share = executed / budget
    if share is not None and rate is not None:
        worked = share * 100
        if Decimal(0) < rate <= Decimal(1) and abs(rate * 100 - worked) <= run.allowed(rate) * 100:
            rate = rate * 100  # printed as a fraction (0.9997 for 99.97%): the same rate
        if abs(rate - worked) > run.allowed(rate):
            flag(
                "PA201",
                ERROR,
                f"{row.label}: 执行率 {_text(rate)}% is not 全年执行数 / 全年预算数 ="
                f" {_text(executed or Decimal(0))} / {_text(budget or Decimal(0))}"
                f" = {_rounded_like(worked, rate)}%",
            )
    if row.weight is None or row.points is None:
        return
    if share is None and rate is not None:
        share = rate / 100
    if share is None:
        flag(
            "PA401",
            WARNING,
            f"{row.label}: 得分 {_text(row.points)} cannot be checked: no 执行率, and no"
            " 全年预算数 and 全年执行数 to work it out from",
        )
        return
    expected = row.weight * min(max(share, Decimal(0)), Decimal(1))
    if abs(row.points - expected) > run.allowed(row.points):
        flag(
            "PA202",
            ERROR,
            f"{row.label}: 得分 {_text(row.points)} is not 执行率 {_rounded_like(share * 100)}%"
            f" × 分值 {_text(row.weight)} = {_rounded_like(expected, row.points)}"
            + (" (at most 分值)" if share > 1 else ""),
        )


def _rounded_like(number: Decimal, printed: Decimal | None = None) -> str:
    """A worked-out figure shown to two more places than the printed one (at least two)."""
    places = 2
    if printed is not None:
        places = max(2, -_exponent(printed) + 2)
    return _text(rounded_half_up(number, places))


# --------------------------------------------------------------------------------------------
# The indicators
# --------------------------------------------------------------------------------------------


def _shown(value: Value) -> str:
    return value.raw or str(value)


#: The comparators that contradict a direction: more is better (正向) against ≤ / <, less is
#: better (反向) against ≥ / >.
_CONTRADICTIONS = {"正向": (vocab.LE, vocab.LT), "反向": (vocab.GE, vocab.GT)}


def _indicator(run: _Audit, project: Project, indicator: Indicator) -> None:
    row = indicator.row
    if row is None:
        return
    flag = run.flags(project, indicator)
    label = f"indicator {indicator.number} {indicator.name}"
    target = indicator.annual if indicator.annual is not None else indicator.period
    direction = (row.direction or "")[:2]
    if (
        isinstance(target, Quantity)
        and direction in _CONTRADICTIONS
        and target.op in _CONTRADICTIONS[direction]
    ):
        flag(
            "PA107",
            WARNING,
            f"{label}: the direction is {row.direction}, but the target '{_shown(target)}'"
            f" is scored as {'less' if direction == '正向' else 'more'} is better",
        )
    points, weight = row.points, row.weight
    if points is None:
        return
    if weight is None:
        flag("PA104", ERROR, f"{label}: 得分 {_text(points)} is given, but no 分值")
        return
    if points < 0:
        flag("PA103", ERROR, f"{label}: 得分 {_text(points)} is negative")
        return
    if points > weight:
        flag(
            "PA102",
            ERROR,
            f"{label}: 得分 {_text(points)} is more than 分值 {_text(weight)}",
        )
        return
    if target is None or row.actual is None:
        missing = "target" if target is None else "actual result (实际完成值)"
        flag(
            "PA401",
            WARNING,
            f"{label}: 得分 {_text(points)} cannot be checked: no {missing}",
        )
        return
    if _unit_unknown(target, row.actual):
        flag(
            "PA401",
            WARNING,
            f"{label}: 得分 {_text(points)} cannot be checked: the actual result"
            f" '{_shown(row.actual)}' has no unit, and the target '{_shown(target)}' has a"
            " scale (万, 亿) that it may or may not be in",
        )
        return
    fraction = _as_percent(target, row.actual)
    if fraction is not None and _scores_differ(target, row.actual, fraction, weight, run):
        flag(
            "PA401",
            WARNING,
            f"{label}: 得分 {_text(points)} cannot be checked: the actual result"
            f" '{_shown(row.actual)}' has no unit, and against the target '{_shown(target)}'"
            f" it may be a fraction ({_text(fraction.value)}%) or a percentage"
            f" ({_text(fraction.value / 100)}%), which score differently",
        )
        return
    found = _verdict(target, row.actual)
    if found is not None:
        _verdict_points(flag, label, row.actual, found, points, weight, run.allowed(points))
        return
    try:
        expected = score(target, row.actual, weight, run.rules)
        met = is_met(target, row.actual, run.rules)
    except ValueError as error:
        flag(
            "PA401",
            WARNING,
            f"{label}: 得分 {_text(points)} cannot be checked: {error}",
        )
        return
    against = f"actual '{_shown(row.actual)}' against the target '{_shown(target)}'"
    if not met and points == weight:
        flag(
            "PA105",
            ERROR,
            f"{label}: full points ({_text(points)}), but the {against} is not met:"
            f" the rules give {_rounded_like(expected, points)}",
        )
    elif met and weight - points > run.allowed(points):
        flag(
            "PA106",
            WARNING,
            f"{label}: the {against} is met, yet 得分 {_text(points)} is less than"
            f" 分值 {_text(weight)}",
        )
    elif abs(points - expected) > run.allowed(points):
        flag(
            "PA101",
            ERROR,
            f"{label}: 得分 {_text(points)} differs from the re-score"
            f" {_rounded_like(expected, points)} for the {against} (分值 {_text(weight)})",
        )


_BARE_NUMBER = re.compile(r"[-]?[0-9][0-9,]*(?:\.[0-9]+)?")


def _unit_unknown(target: Value, actual: Value) -> bool:
    """Whether an actual result is a bare number whose unit the reader could not tell: beside a
    target whose scale cannot be told (``两万元``), so 2 could be 2 元 or 2 万元."""
    if not isinstance(target, (Quantity, Range)) or not isinstance(actual, Quantity):
        return False
    return actual.unit is None and target.unit is not None and folded_scale(target) != 1


def _as_percent(target: Value, actual: Value) -> Quantity | None:
    """A bare number from 0 to 1 beside a target in percent (0.98 against ``≥95%``, which the
    reader takes in the target's unit: 0.98 %) read as a fraction: ``98%``; ``None`` for any
    other actual result (one printed with its ``%``)."""
    if not isinstance(target, (Quantity, Range)) or target.unit != "%":
        return None
    if not isinstance(actual, Quantity) or actual.unit not in (None, "%") or actual.op != "=":
        return None
    if not _BARE_NUMBER.fullmatch(actual.raw.strip()):
        return None
    if not Decimal(0) < actual.value <= Decimal(1):
        return None
    return Quantity("=", actual.value * 100, "%", raw=f"{_text(actual.value * 100)}%")


def _scores_differ(
    target: Value, actual: Value, fraction: Quantity, weight: Decimal, run: _Audit
) -> bool:
    """Whether an actual result read as a percentage and as a fraction score differently."""
    try:
        as_printed = score(target, actual, weight, run.rules), is_met(target, actual, run.rules)
        as_fraction = (
            score(target, fraction, weight, run.rules),
            is_met(target, fraction, run.rules),
        )
    except ValueError:
        return False  # the scoring says why below
    return as_printed != as_fraction


def _verdict(target: Value, actual: Value) -> str | None:
    """The verdict an actual result written as text stands for: a verdict's words, or the
    target's own wording repeated (达成); None for a value, or text that is neither."""
    if not isinstance(actual, Text):
        return None
    written = _shown(actual).strip()
    found = verdict(written)
    if found is not None:
        return found
    if isinstance(target, Text) and written in {target.text.strip(), _shown(target).strip()}:
        return ACHIEVED
    return None


def _verdict_points(
    flag: Callable[[str, Severity, str], None],
    label: str,
    actual: Value,
    found: str,
    points: Decimal,
    weight: Decimal,
    allowed: Decimal,
) -> None:
    """A qualitative result earns a share of the weight within its verdict's band."""
    low, high = VERDICT_BANDS[found]
    said = f"'{_shown(actual)}'"
    if found != ACHIEVED and points == weight:
        flag(
            "PA105",
            ERROR,
            f"{label}: full points ({_text(points)}) for {said}, which does not meet the target",
        )
        return
    if not weight * low - allowed <= points <= weight * high + allowed:
        flag(
            "PA101",
            ERROR,
            f"{label}: 得分 {_text(points)} is outside the {_text(low * 100)}–{_text(high * 100)}"
            f" % of 分值 {_text(weight)} that {said} earns"
            f" ({_text(weight * low)}–{_text(weight * high)})",
        )


# --------------------------------------------------------------------------------------------
# The 总分 row
# --------------------------------------------------------------------------------------------


def _counted(
    indicators: Sequence[Indicator], field: str, *, sub_rows: bool
) -> list[tuple[Indicator, Decimal]]:
    """The indicators whose ``field`` (points or weight) counts in the total: every indicator
    of its own, and a 其中 sub-row where the indicator it belongs to has none, or, with
    ``sub_rows``, every 其中 sub-row too (tables add them up either way)."""
    own = {
        item.number: getattr(item.row, field)
        for item in indicators
        if item.row is not None and item.row.parent is None
    }
    counted = []
    for item in indicators:
        if item.row is None or (figure := getattr(item.row, field)) is None:
            continue
        if sub_rows or item.row.parent is None or own.get(item.row.parent) is None:
            counted.append((item, figure))
    return counted


def _sums(run: _Audit, project: Project, execution: Funds | None) -> None:
    header = project.header
    if header is None:
        return
    for field, total, name in (
        ("points", header.total_points, "points"),
        ("weight", header.total_weight, "weights"),
    ):
        if total is None:
            continue
        own = None if execution is None else getattr(execution, field)
        without = _counted(project.indicators, field, sub_rows=False)
        every = _counted(project.indicators, field, sub_rows=True)
        if not every and own is None:
            continue
        with localcontext(_exact(total, *(figure for _, figure in every), own or Decimal(0))):
            sums = [_sum(without, own), _sum(every, own)]
            agrees = any(
                abs(added - total) <= run.allowed(total, *added_up) for added, added_up in sums
            )
            indicators = sum((figure for _, figure in without), Decimal(0))
        if agrees:
            continue
        (added, _), (with_sub_rows, _) = sums
        gap = total - added
        if execution is None and 0 < gap <= run.rules.execution_points:
            # No budget execution row printed: the total may hold its share (at most
            # rules.execution_points), which the form does not say.
            where = _covering([item.row.location for item, _ in every if item.row is not None])
            flag = run.flags(project, where=where)
            flag(
                "PA401",
                WARNING,
                f"the {name} add up to {_text(added)}, {_text(gap)} short of the published"
                f" {'总分' if field == 'points' else 'total weight'} {_text(total)}: the form"
                " prints no budget execution row, whose share the total may hold, so it cannot"
                " be checked",
            )
            continue
        parts = f"indicators {_text(indicators)}"
        if own is not None:
            parts += f" + budget execution {_text(own)}"
        if len(every) != len(without):
            parts += f"; {_text(with_sub_rows)} with the 其中 rows"
        locations = [item.row.location for item, _ in every if item.row is not None]
        if execution is not None and own is not None:
            locations.append(execution.location)
        code, printed = ("PA301", "总分") if field == "points" else ("PA302", "total weight")
        flag = run.flags(project, where=_covering(locations))
        flag(
            code,
            ERROR,
            f"the {name} add up to {_text(added)} ({parts}), not the published"
            f" {printed} {_text(total)}",
        )


def _exact(*figures: Decimal) -> Context:
    """A decimal context in which the figures add up, and their sum less any of them, exactly:
    a weight of 31 digits has more than the 28 of the default context."""
    top = max((figure.adjusted() for figure in figures if figure), default=0)
    bottom = min(_exponent(figure) for figure in figures)
    return Context(prec=max(28, max(top, 0) - min(bottom, 0) + len(str(len(figures))) + 2))


def _exponent(figure: Decimal) -> int:
    exponent = canonical_decimal(figure).as_tuple().exponent
    assert isinstance(exponent, int)
    return exponent


def _sum(
    counted: Sequence[tuple[Indicator, Decimal]], execution: Decimal | None
) -> tuple[Decimal, list[Decimal]]:
    """The total of the counted indicators' figures and the execution row's, and the figures."""
    figures = [figure for _, figure in counted]
    if execution is not None:
        figures.append(execution)
    return sum(figures, Decimal(0)), figures


def _covering(locations: Iterable[Location | None]) -> Location | None:
    """One location for several rows: the range of rows and columns covering them all when
    they are in one grid, their boxes on PDF pages; None when they are in different grids."""
    found = [location for location in locations if location is not None]
    if not found:
        return None
    if all(isinstance(location, PageBoxes) for location in found):
        return PageBoxes(
            tuple(
                box
                for location in found
                if isinstance(location, PageBoxes)
                for box in location.boxes
            )
        )
    ranges = [location for location in found if isinstance(location, CellRange)]
    if len(ranges) != len(found) or len({(cells.kind, cells.table) for cells in ranges}) != 1:
        return None
    first = ranges[0]
    return CellRange(
        first.kind,
        first.table,
        min(cells.row for cells in ranges),
        min(cells.column for cells in ranges),
        max(cells.last_row for cells in ranges),
        max(cells.last_column for cells in ranges),
    )
