"""Reviewing targets (绩效目标审核): findings about how indicators are written, each with a
stable code, a severity, a message and its place in the text.

| code | severity | finding |
|---|---|---|
| PI001 | error | the text does not follow the notation (what recovery skipped) |
| PI101 | error | a code and name pair that the taxonomy does not have |
| PI102 | error | a category whose code does not start with its level's |
| PI103 | error | a category that belongs to another level in the taxonomy |
| PI201 | warning | a quantity, quality, time or cost indicator with no measurable target |
| PI202 | error | a rate (…率) above 100 % |
| PI203 | warning | a rate (…率) whose target is not a percentage |
| PI204 | warning | a period and an annual target of different kinds or units |
| PI205 | warning | an annual count larger than the count for the whole period |
| PI301 | warning | a gap in the item numbers |
| PI302 | error | an item number used twice |
| PI303 | warning | an indicator name used twice in one project |
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Final, Literal

import attrs

from perfindicator.core import vocabulary as vocab
from perfindicator.core.text import closest, line_and_column
from perfindicator.core.units import convertible, unit_dimension
from perfindicator.model.document import TargetTable
from perfindicator.model.errors import ParseError
from perfindicator.model.values import (
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

#: How much a finding matters: an error makes the command fail, a warning does not.
Severity = Literal["error", "warning"]

ERROR: Final = "error"
WARNING: Final = "warning"


@attrs.frozen
class Finding:
    """One thing a reviewer would point out: ``text[pos:end]`` is what it is about."""

    code: str
    severity: Severity
    message: str
    pos: int
    end: int
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.line}:{self.column}: {self.code} {self.message}"

    def to_dict(self) -> dict[str, Any]:
        """The interchange form: every field, by name."""
        return attrs.asdict(self)


# --------------------------------------------------------------------------------------------
# Taxonomies (docs/checks.md)
# --------------------------------------------------------------------------------------------


def _bare(name: str) -> str:
    """A level or category name without the 指标 suffix: 社会效益指标 and 社会效益 are one."""
    name = name.strip()
    return name[:-2] if name.endswith("指标") and len(name) > 2 else name


def _name(name: Any) -> str:
    """A level or category name of a taxonomy file: text, never empty."""
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f"a level or category name is text, not {name!r}")
    return _bare(name)


def _code(code: Any, name: str) -> str | None:
    """A code of a taxonomy file: digits as text ("11"), or null where there is none."""
    if code is None:
        return None
    if not isinstance(code, str) or not code.isascii() or not code.isdigit():
        raise ValueError(f'the code of {name} is digits as text ("11") or null, not {code!r}')
    return code


@attrs.frozen
class Taxonomy:
    """Levels (一级指标) and categories (二级指标): each category with its level.

    ``levels`` maps a level's name to its code (None where the generation published none);
    ``categories`` maps a category's name to its code and its level's name. Names are compared
    without the 指标 suffix.
    """

    name: str
    levels: Mapping[str, str | None]
    categories: Mapping[str, tuple[str | None, str]]
    #: Each name as the taxonomy writes it (数量指标), by its bare form (数量).
    written: Mapping[str, str] = attrs.field(factory=dict)

    @classmethod
    def load(cls, source: str | Path | Mapping[str, Any]) -> Taxonomy:
        """A taxonomy from a mapping or a JSON file of the form ``{"name": …, "levels":
        {"产出指标": "1", …}, "categories": {"数量指标": ["11", "产出指标"], …}}``."""
        if isinstance(source, Mapping):
            data = source
        elif isinstance(source, (str, Path)):
            data = json.loads(Path(source).read_text(encoding="utf-8"))
        else:
            raise TypeError(
                "a taxonomy is read from a mapping or a JSON file's path, not"
                f" {type(source).__name__}"
            )
        shape = "a taxonomy has 'levels' (name: code) and 'categories' (name: [code, level])"
        try:
            written_levels, written_categories = data["levels"], data["categories"]
            if not isinstance(written_levels, Mapping) or not isinstance(
                written_categories, Mapping
            ):
                raise TypeError(shape)
            levels = {_name(name): _code(code, name) for name, code in written_levels.items()}
            categories = {}
            for name, pair in written_categories.items():
                if not isinstance(pair, (list, tuple)) or len(pair) != 2:
                    raise ValueError(f"the category {name!r} is not [code, level]: {pair!r}")
                code, level = pair
                categories[_name(name)] = (_code(code, name), _bare(_name(level)))
        except (KeyError, TypeError, AttributeError) as error:
            raise ValueError(shape) from error
        level_codes = [code for code in levels.values() if code is not None]
        category_codes = [code for code, _ in categories.values() if code is not None]
        for kind, codes in (("level", level_codes), ("category", category_codes)):
            repeated = sorted({code for code in codes if codes.count(code) > 1})
            if repeated:
                raise ValueError(f"two of the taxonomy's {kind} names have the code {repeated[0]}")
        for name, (_, level) in categories.items():
            if level not in levels:
                raise ValueError(f"the category {name} belongs to an unknown level {level}")
        written = {_bare(name): name for name in [*written_levels, *written_categories]}
        name = data.get("name", "custom")
        if not isinstance(name, str) or not name:
            raise ValueError(f"a taxonomy's name is text, not {name!r}")
        return cls(name, levels, categories, written)

    def shown(self, bare: str) -> str:
        """A name as the taxonomy writes it."""
        return self.written.get(bare, bare)

    def level_code(self, name: str) -> str | None:
        return self.levels.get(_bare(name))

    def category(self, name: str) -> tuple[str | None, str] | None:
        return self.categories.get(_bare(name))


#: The 财预〔2015〕88号 generation, from the vocabulary's table (docs/checks.md).
TAXONOMY_2015 = Taxonomy.load(
    {
        "name": "2015",
        "levels": {name: code for code, name in vocab.TAXONOMY_2015},
        "categories": {
            name: [code, level]
            for (_, level), categories in vocab.TAXONOMY_2015.items()
            for code, name in categories.items()
        },
    }
)

#: The 财预〔2021〕101号 generation, from the vocabulary's table.
TAXONOMY_2021 = Taxonomy.load(
    {
        "name": "2021",
        "levels": dict.fromkeys(vocab.TAXONOMY_2021),
        "categories": {
            name: [None, level]
            for level, categories in vocab.TAXONOMY_2021.items()
            for name in categories
        },
    }
)

TAXONOMIES = {"2015": TAXONOMY_2015, "2021": TAXONOMY_2021}


# --------------------------------------------------------------------------------------------
# The checks
# --------------------------------------------------------------------------------------------

#: Categories whose targets must be measurable: quantity, quality, time and cost.
_MEASURED = ("数量", "质量", "时效", "成本")


class _Findings:
    def __init__(self, text: str) -> None:
        self.text = text
        self.found: list[Finding] = []

    def add(self, code: str, severity: Severity, message: str, span: tuple[int, int]) -> None:
        line, column = line_and_column(self.text, span[0])
        self.found.append(Finding(code, severity, message, span[0], span[1], line, column))


def check_indicators(
    text: str, groups: Iterable[Sequence[Indicator]], taxonomy: Taxonomy = TAXONOMY_2015
) -> list[Finding]:
    """Findings for groups of indicators read from ``text`` (each group a project or a block),
    in the order of the text."""
    findings = _Findings(text)
    for group in groups:
        _check_numbering(findings, group)
        names: dict[str, Indicator] = {}
        for item in group:
            _check_codes(findings, item, taxonomy)
            _check_targets(findings, item)
            if item.name in names:
                findings.add(
                    "PI303",
                    WARNING,
                    f"the indicator name '{item.name}' is used twice in this project"
                    f" (items {names[item.name].number} and {item.number})",
                    item.span,
                )
            names.setdefault(item.name, item)
    return sorted(findings.found, key=lambda finding: (finding.pos, finding.code))


def _check_numbering(findings: _Findings, group: Sequence[Indicator]) -> None:
    seen: set[int] = set()
    expected = 1
    for item in group:
        if item.number in seen:
            findings.add("PI302", ERROR, f"item number {item.number} is used twice", item.span)
        elif item.number > expected:
            missing = expected if item.number == expected + 1 else f"{expected}–{item.number - 1}"
            findings.add(
                "PI301", WARNING, f"item {missing} is missing before item {item.number}", item.span
            )
        seen.add(item.number)
        expected = max(expected, item.number + 1)


def _check_codes(findings: _Findings, item: Indicator, taxonomy: Taxonomy) -> None:
    level, category = item.level, item.category
    if (
        category.code is not None
        and level.code is not None
        and not category.code.startswith(level.code)
    ):
        findings.add(
            "PI102",
            ERROR,
            f"the category code {category.code} does not start with its level's code {level.code}",
            item.span,
        )
    known_level = _bare(level.name) in taxonomy.levels
    expected = taxonomy.level_code(level.name)
    if not known_level or (None not in (expected, level.code) and expected != level.code):
        findings.add(
            "PI101", ERROR, _unknown_pair(level.code, level.name, taxonomy, level=True), item.span
        )
    found = taxonomy.category(category.name)
    if found is None or (None not in (found[0], category.code) and found[0] != category.code):
        findings.add(
            "PI101",
            ERROR,
            _unknown_pair(category.code, category.name, taxonomy, level=False),
            item.span,
        )
    elif known_level and found[1] != _bare(level.name):
        findings.add(
            "PI103",
            ERROR,
            f"the category {category.name} belongs to {taxonomy.shown(found[1])} in the"
            f" {taxonomy.name} taxonomy, not to {level.name}",
            item.span,
        )


def _unknown_pair(code: str | None, name: str, taxonomy: Taxonomy, *, level: bool) -> str:
    table: Mapping[str, Any] = taxonomy.levels if level else taxonomy.categories
    kind = "level" if level else "category"
    by_code = [
        known
        for known, entry in table.items()
        if (entry if level else entry[0]) == code and code is not None
    ]
    if _bare(name) in table:
        entry = table[_bare(name)]
        right = entry if level else entry[0]
        also = f" ({code} is {taxonomy.shown(by_code[0])})" if by_code else ""
        return (
            f"the {kind} {name} has code {right} in the {taxonomy.name} taxonomy, not {code}{also}"
        )
    if by_code:
        return (
            f"the {kind} code {code} is {taxonomy.shown(by_code[0])} in the {taxonomy.name}"
            f" taxonomy, not {name}"
        )
    written = name if code is None else f"{code}-{name}"
    close = closest(name, [taxonomy.shown(known) for known in table])
    also = f": did you mean {close}?" if close else ""
    return f"the {kind} {written} is not in the {taxonomy.name} taxonomy{also}"


def _check_targets(findings: _Findings, item: Indicator) -> None:
    targets = [value for value in (item.period, item.annual) if value is not None]
    category = _bare(item.category.name)
    if any(word in category for word in _MEASURED) and all(
        isinstance(value, (Text, Ratio)) for value in targets
    ):
        written = "' and '".join(dict.fromkeys(value.raw for value in targets))
        findings.add(
            "PI201",
            WARNING,
            f"the {item.category.name} '{item.name}' has no target that can be measured:"
            f" '{written}'",
            item.span,
        )
    share = _is_rate(item.name)
    if share or _bare_name(item.name).endswith("满意度"):
        for which, value in _targets_named(item):
            _check_rate(findings, item, value, which, share=share)
    if item.period is not None and item.annual is not None:
        _check_pair(findings, item, item.period, item.annual)


def _bare_name(name: str) -> str:
    """A name without the unit hint at its end: 验收合格率（%） and 验收合格率% are 验收合格率."""
    bare = name.rstrip().removesuffix("%").removesuffix("％").rstrip()
    while bare.endswith((")", "）")) and ("(" in bare or "（" in bare):
        bare = bare[: max(bare.rfind("("), bare.rfind("（"))].rstrip()
    return bare


#: Names ending in 率 that are not shares of a whole: a frequency, a plot ratio, an exchange
#: rate, a power.
_NOT_SHARES = ("频率", "容积率", "汇率", "功率")
#: Rates that may pass 100 %: growth and change.
_MAY_EXCEED = ("增长率", "增速", "增幅", "提高率", "提升率", "变化率", "涨幅")


def _is_rate(name: str) -> bool:
    """A share of a whole, written as a rate: 验收合格率, 验收合格率（%）, 满意率(%)."""
    bare = _bare_name(name)
    return bare.endswith("率") and not bare.endswith(_NOT_SHARES)


def _targets_named(item: Indicator) -> list[tuple[str, Value]]:
    """The targets with the words that say which they are: one, for both, when the period and
    the annual target are written alike, so that a finding about them is made once."""
    if item.period is not None and item.annual is not None and item.period.raw == item.annual.raw:
        return [("period and annual target", item.period)]
    named = [("period target", item.period), ("annual target", item.annual)]
    return [(which, value) for which, value in named if value is not None]


def _an(words: str) -> str:
    return ("an " if words[0] in "aeiou" else "a ") + words


def _check_rate(
    findings: _Findings, item: Indicator, value: Value, which: str, *, share: bool
) -> None:
    """A rate (``share``: a name ending in 率) or a satisfaction: never above 100 % unless it
    measures growth; a rate's target is a percentage (‰ and 百分点 are percentages too).
    ``which`` names the target in the message (the period target, the annual target)."""
    if isinstance(value, (Text, Comparison, Ratio, Date, DateRange)):
        return  # not measurable is PI201's; a comparison or a formula has no number to check
    if unit_dimension(value.unit) == "percent":
        top = value.value if isinstance(value, Quantity) else value.high
        if value.unit == "%" and top > 100 and not _bare_name(item.name).endswith(_MAY_EXCEED):
            findings.add(
                "PI202",
                ERROR,
                f"the rate '{item.name}' has {_an(which)} above 100 %: '{value.raw}'",
                item.span,
            )
        return
    if share:
        findings.add(
            "PI203",
            WARNING,
            f"the rate '{item.name}' has {_an(which)} that is not a percentage: '{value.raw}'",
            item.span,
        )


def _check_pair(findings: _Findings, item: Indicator, period: Value, annual: Value) -> None:
    numeric = (Quantity, Range)
    if period.kind != annual.kind and not (
        isinstance(period, numeric) and isinstance(annual, numeric)
    ):
        findings.add(
            "PI204",
            WARNING,
            f"the period target '{period.raw}' is a {period.kind}, the annual target"
            f" '{annual.raw}' a {annual.kind}",
            item.span,
        )
        return
    if isinstance(period, numeric) and isinstance(annual, numeric):
        if not convertible(period.unit, annual.unit):
            findings.add(
                "PI204",
                WARNING,
                f"the period target '{period.raw}' and the annual target '{annual.raw}' have"
                " different units",
                item.span,
            )
            return
        if (
            isinstance(period, Quantity)
            and isinstance(annual, Quantity)
            and unit_dimension(annual.unit) in (None, "count")
            and _bare(item.category.name).startswith("数量")
            and annual.value > period.value
        ):
            findings.add(
                "PI205",
                WARNING,
                f"the annual count '{annual.raw}' is larger than the count for the whole"
                f" period '{period.raw}'",
                item.span,
            )


def parse_error_finding(text: str, error: ParseError) -> Finding:
    line, column = line_and_column(text, error.pos)
    return Finding("PI001", ERROR, error.msg, error.pos, error.end, line, column)


def _projects_of(items: Sequence[Indicator]) -> list[Sequence[Indicator]]:
    """The projects of a bare block: each one's numbering starts again at 1 (docs/language.md)."""
    groups: list[list[Indicator]] = []
    for item in items:
        if not groups or (item.number == 1 and groups[-1]):
            groups.append([])
        groups[-1].append(item)
    return list(groups)


def check(text: str, *, taxonomy: str | Taxonomy = "2015") -> list[Finding]:
    """Review a target table or an indicator block: the findings, in the order of the text.

    The text is read with recovery, so that what does not follow the notation is one finding
    (PI001) and the rest is still checked. ``taxonomy`` is ``"2015"`` (the default),
    ``"2021"`` or a ``Taxonomy`` (``Taxonomy.load(path)`` for a custom one).

    >>> for finding in check("1、1-产出指标；12-数量指标；x；年度指标值:1。"):
    ...     print(finding)
    1:1: PI101 the category 数量指标 has code 11 in the 2015 taxonomy, not 12 (12 is 质量指标)
    """
    from perfindicator.forms.detect import parse_text

    if not isinstance(taxonomy, (str, Taxonomy)):
        raise TypeError(f"taxonomy must be '2015', '2021' or a Taxonomy, not {taxonomy!r}")
    if isinstance(taxonomy, str):
        if taxonomy not in TAXONOMIES:
            raise ValueError(f"unknown taxonomy {taxonomy!r}: expected one of {list(TAXONOMIES)}")
        taxonomy = TAXONOMIES[taxonomy]
    return check_read(text, parse_text(text, recover=True), taxonomy)


def check_read(
    text: str, read: TargetTable | Sequence[Indicator], taxonomy: Taxonomy = TAXONOMY_2015
) -> list[Finding]:
    """``check`` of a text already read (``parse_text``, with or without recovery: what it
    skipped, in ``read.errors``, is a PI001 each), without reading it again."""
    groups: list[Sequence[Indicator]]
    if isinstance(read, TargetTable):
        groups = [project.indicators for project in read.projects]
    else:
        groups = _projects_of(read)
    findings = check_indicators(text, groups, taxonomy)
    findings.extend(parse_error_finding(text, error) for error in getattr(read, "errors", ()))
    return sorted(findings, key=lambda finding: (finding.pos, finding.code))
