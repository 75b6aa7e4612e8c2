"""What recovery must cover: every visible character belongs to an item or a reported error."""

from __future__ import annotations

from collections.abc import Sequence

from perfindicator import IndicatorList, ParseError


def lost_characters(text: str, result: object, errors: Sequence[ParseError]) -> str:
    """The visible characters of ``text`` that belong to no item and no reported error."""
    covered = set()
    block = isinstance(result, IndicatorList)
    spans = [item.span for item in result] if block else []
    if not block:
        # A table: its head (title to total row) is read into fields; then units and projects.
        units = result.units  # type: ignore[attr-defined]
        spans = [(0, units[0].span[0])] + [unit.span for unit in units]
        spans += [p.span for p in result.projects]  # type: ignore[attr-defined]
    for start, end in spans:
        covered.update(range(start, end))
    for error in errors:
        covered.update(range(error.pos, error.end))
    return "".join(c for i, c in enumerate(text) if i not in covered and not c.isspace())
