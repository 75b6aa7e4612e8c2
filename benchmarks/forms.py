"""The forms rows: ``read()`` of a column-form target table saved as a web page, an .xlsx
workbook and a .docx document, against the library that file needs (lxml, openpyxl,
python-docx) only loading it, in one run (the forms issue's target: within 2x).

The table is generated: the national form's header, then indicator rows no two alike in name
or value (``run.mixed_value``), under levels and categories in turn. What "loading" means for
each library is what it does before any reader can look at a cell: lxml parses the page into
a tree, openpyxl loads the workbook (every cell, its default mode), python-docx opens the
document and parses its body. Without openpyxl or python-docx (the test extra has both) their
rows are left out with a line saying why.
"""

from __future__ import annotations

import gc
import html
import io
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

Row = tuple[str, str, str, bool]

from _forms import TARGET_ROWS  # noqa: E402 - tests/ is on the path from here on

#: The national form's rows down to its indicator headings (tests/_forms.py's example).
HEADINGS = ["绩效指标", "一级指标", "二级指标", "三级指标", "指标值"]
HEAD = TARGET_ROWS[: TARGET_ROWS.index(HEADINGS) + 1]
CODES = [
    ("产出指标", "数量指标"),
    ("产出指标", "质量指标"),
    ("产出指标", "时效指标"),
    ("产出指标", "成本指标"),
    ("效益指标", "社会效益指标"),
    ("满意度指标", "服务对象满意度指标"),
]


def form_rows(indicators: int) -> list[list[str]]:
    """The form's rows: its header, then ``indicators`` rows no two alike."""
    from benchmarks.run import NAMES, code_word, mixed_value

    rows = [list(row) for row in HEAD]
    for index in range(indicators):
        level, category = CODES[index % len(CODES)]
        name = f"{NAMES[index % len(NAMES)]}{code_word(index)}"
        rows.append(["", level, category, name, mixed_value(index)])
    return rows


def to_html(rows: list[list[str]]) -> bytes:
    cells = "\n".join(
        "<tr>" + "".join(f"<td>{html.escape(text)}</td>" for text in row) + "</tr>" for row in rows
    )
    head = '<html><head><meta charset="utf-8"></head><body>'
    return f"{head}<table>\n{cells}\n</table></body></html>".encode()


def _loaders() -> dict[str, tuple[Callable[[list[list[str]]], bytes], Callable[[Path], object]]]:
    """For each format whose libraries are installed: how to write it, how to load it."""
    from perfindicator.sources.grid import Grid

    def load_html(path: Path) -> object:
        import lxml.html

        return lxml.html.parse(str(path))

    found: dict[str, tuple[Callable[[list[list[str]]], bytes], Callable[[Path], object]]] = {
        "html": (to_html, load_html)
    }
    try:
        import docx
        import openpyxl

        from _office import to_xlsx
    except ImportError:
        return found

    def to_docx(rows: list[list[str]]) -> bytes:
        # Row by row: python-docx finds a cell by its position in time linear in the table's
        # size (tests/_office.py's to_docx, which merges cells, takes minutes for 1,000 rows).
        document = docx.Document()
        word_table = document.add_table(rows=0, cols=max(map(len, rows)))
        for row in rows:
            for cell, text in zip(word_table.add_row().cells, row, strict=False):
                cell.text = text
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()

    def grid(rows: list[list[str]]) -> Grid:
        return Grid.from_rows("sheet", "目标表", rows)

    found["xlsx"] = (lambda rows: to_xlsx([grid(rows)]), lambda path: openpyxl.load_workbook(path))
    found["docx"] = (to_docx, lambda path: docx.Document(str(path)))
    return found


def forms_rows(indicators: int, repeats: int) -> tuple[list[Row], list[str]]:
    """The rows, and a line for each format left out saying why."""
    from benchmarks.run import fresh
    from perfindicator import read

    rows: list[Row] = []
    loaders = _loaders()
    skipped = [
        f"forms from .{kind} left out: openpyxl and python-docx are needed (the test extra)"
        for kind in ("xlsx", "docx")
        if kind not in loaders
    ]
    table = form_rows(indicators)
    with tempfile.TemporaryDirectory() as scratch:
        for kind, (write, load) in loaders.items():
            path = Path(scratch) / f"form.{kind}"
            path.write_bytes(write(table))
            document = read(path)
            found = len(document.indicators)
            assert found == indicators, f"{kind}: read {found} indicators of {indicators}"
            ours, theirs = [], []
            for _ in range(repeats):
                # Each read afresh (no value from the memo of the last), and neither side
                # paying for a collection of what the other left behind.
                fresh()
                start = time.perf_counter()
                read(path)
                ours.append(time.perf_counter() - start)
                gc.collect()
                start = time.perf_counter()
                load(path)
                theirs.append(time.perf_counter() - start)
            ratio = statistics.median(ours) / statistics.median(theirs)
            library = {"html": "lxml", "xlsx": "openpyxl", "docx": "python-docx"}[kind]
            label = f"read() of a .{kind} target form ({indicators} indicators)"
            rows.append(
                (
                    f"{label} vs {library} loading it",
                    f"{ratio:.2f}x",
                    "<= 2x",
                    ratio <= 2,
                )
            )
    return rows, skipped
