"""Reading whole 项目支出绩效目标表 documents from text: ``parse_table``.

A table as PDF text extraction gives it is a run of lines:

    项目支出绩效目标表（含转移支付项目）                         title
    部门名称：广州市白云区人民政府办公室 (部门) 单位：万元        department and currency
    项目名称（资金使用单位） 总计 财政拨款 财政专户拨款 其他资金 …  column header
    合计 495.00 495.00                                           total row
    广州市白云区人民政府办公室 495.00 495.00                      a funding unit (资金使用单位)
        公务用车购置费 18.00 18.00                                a project of that unit
    按照广州市公务用车管理要求，…                                 its goal (绩效目标)
    1、1-产出指标；11-数量指标；…                                 its indicator block

Lines are wrapped anywhere, and every page repeats the title, the department line and the column
header, with a page number. The reader goes in four steps, each a module of its own:

1. ``forms/text_lines.py``: the text as lines, each with its character span and indent;
2. ``forms/furniture.py``: the page furniture found and skipped (keeping a map back to the
   caller's offsets), the first page's head read for the department, currency and columns;
3. ``forms/text_rows.py``: what each line of the body is: a row is a name with up to four
   figures at its end (the figures may sit on the next line); a row followed directly by
   another row is a funding unit, otherwise it is a project, followed by its goal and its
   indicator block;
4. ``forms/assembly.py``: the rows made into funding units, projects and the ``TargetTable``.
   A reader that already has cells (a grid from a PDF or a spreadsheet) gives its own
   ``assembly.Row`` objects to ``assembly.assemble`` and skips the first three steps.
"""

from __future__ import annotations

from perfindicator.forms.assembly import assemble
from perfindicator.forms.furniture import read_head, strip_furniture
from perfindicator.forms.text_lines import split_lines
from perfindicator.forms.text_rows import table_rows
from perfindicator.model.document import Amounts, TargetTable
from perfindicator.model.errors import ParseError


def parse_table(text: str, *, recover: bool = False) -> TargetTable:
    """Parse a whole 项目支出绩效目标表 into a ``TargetTable``.

    Page furniture (the repeated title, department line, column header and page numbers) is
    dropped wherever it falls, PDF line breaks are joined, and every span refers to ``text`` as
    given. By default the first place that does not read as a table raises ``ParseError``;
    with ``recover=True`` nothing raises, what cannot be read is skipped and reported in the
    table's ``errors``, and everything else is kept.
    """
    if not isinstance(text, str):
        raise TypeError(f"parse_table() takes text (str), not {type(text).__name__}")
    errors: list[ParseError] | None = [] if recover else None
    lines = split_lines(text)
    if not lines:
        error = ParseError("expected a target table, found nothing", text, len(text), len(text))
        if errors is None:
            raise error
        return TargetTable(None, None, None, Amounts(), (), errors=(error,))
    table = strip_furniture(text, lines, errors)
    head = read_head(text, table.head, errors)
    # Every row is read (and what does not read reported) first, then they are assembled.
    rows = list(table_rows(text, table.body, table.dropped, head.columns, head.currency, errors))
    return assemble(
        rows,
        title=table.title,
        department=head.department,
        currency=head.currency,
        errors=errors or (),
    )
