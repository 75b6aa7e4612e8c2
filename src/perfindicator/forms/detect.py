"""Telling what a text is, a whole target table or a block of indicators, and reading it so.

Every reader of a text of unknown form (``parse_many``, ``check``, the command) asks here.
"""

from __future__ import annotations

import re

from perfindicator.forms.text_table import parse_table
from perfindicator.model.document import TargetTable
from perfindicator.notation.blocks import IndicatorList, parse_indicators

#: Lines of a table's first page below the title: the department line, the column header,
#: the 合计 (or 总计) line.
_TABLE_LINES = ("项目名称", "部门", "合计", "总计")

#: A page number printed above the title of the first page.
_FIRST_PAGE_NUMBER = r"^(?:第\s*1\s*页.*|-\s*1\s*-|1\s*/\s*[0-9]+|1)$"


def looks_like_table(text: str) -> bool:
    """Whether a text is a whole target table or a bare block of indicators.

    A table is a title line (…绩效目标表), then its department line, column header or 合计
    line; a table that lost its title (cut off when copying) starts with one of those and has
    its column header or 合计 line within its first five lines.
    """
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) > 1 and re.match(_FIRST_PAGE_NUMBER, lines[0]):
        lines = lines[1:]  # the page number above the first page's title
    if not lines:
        return False
    if "表" in lines[0] and (
        "绩效目标表" in lines[0] or any(line.startswith(_TABLE_LINES) for line in lines[1:6])
    ):
        return True
    return lines[0].startswith(_TABLE_LINES) and any(
        line.startswith(("项目名称", "合计", "总计")) for line in lines[:5]
    )


def parse_text(text: str, *, recover: bool = False) -> TargetTable | IndicatorList:
    """A text read as what it is: ``parse_table`` for a target table, ``parse_indicators``
    for a block of indicators (see ``looks_like_table``)."""
    if looks_like_table(text):
        return parse_table(text, recover=recover)
    return parse_indicators(text, recover=recover)
