"""The ``perfindicator`` command: parse target tables or indicator blocks from files.

    perfindicator FILE…                      a readable table for a terminal
    perfindicator --format json FILE         the interchange form (SPEC §4)
    perfindicator --format jsonl|csv FILE…   one row per indicator, fields flattened

Errors go to standard error as ``FILE:LINE:COLUMN: message`` with the offending line; the other
files are still processed, and the exit status is 1 when any file failed.
"""

from __future__ import annotations

import argparse
import csv
import importlib.metadata
import io
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from perfindicator._checks import ERROR, TAXONOMIES, Taxonomy, check
from perfindicator._document import Amounts, TargetTable
from perfindicator._errors import ParseError
from perfindicator._frames import COLUMNS, indicator_cells, rows
from perfindicator._indicators import parse_indicators
from perfindicator._model import Indicator
from perfindicator._sources import InputError, looks_like_table, read_input
from perfindicator._table import parse_table
from perfindicator._text import display_width

FORMATS = ("table", "json", "jsonl", "csv")


# --------------------------------------------------------------------------------------------
# The readable table
# --------------------------------------------------------------------------------------------


def _fit(text: str, width: int) -> str:
    """Pad or cut to a display width: a Chinese character takes two columns."""
    if display_width(text) <= width:
        return text + " " * (width - display_width(text))
    out = ""
    for char in text:
        if display_width(out + char) > width - 1:
            break
        out += char
    return out + "…" + " " * (width - 1 - display_width(out))


def _amounts_text(amounts: Amounts, currency: str | None) -> str:
    labels = {
        "total": "总计",
        "fiscal": "财政拨款",
        "fiscal_special": "财政专户拨款",
        "other": "其他资金",
    }
    parts = [
        f"{labels[name]} {value}" for name, value in amounts.to_dict().items() if value is not None
    ]
    return ("  ".join(parts) + (f" {currency}" if currency and parts else "")) or "—"


def _indicator_lines(indicators: Sequence[Indicator], indent: str) -> list[str]:
    widths = (3, 14, 18, 30, 22, 22)
    heading = ("#", "level", "category", "indicator", "period", "annual")
    lines = [indent + " ".join(_fit(h, w) for h, w in zip(heading, widths, strict=True)).rstrip()]
    for item in indicators:
        cells = indicator_cells(item)
        lines.append(
            indent + " ".join(_fit(c, w) for c, w in zip(cells, widths, strict=True)).rstrip()
        )
    return lines


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def readable(file: str, result: TargetTable | list[Indicator]) -> str:
    lines = [f"== {file}"]
    if isinstance(result, TargetTable):
        lines.append(result.title or "(no title)")
        lines.append(f"department: {result.department or '—'}   currency: {result.currency or '—'}")
        lines.append(f"total: {_amounts_text(result.total, result.currency)}")
        for unit in result.units:
            lines.append("")
            lines.append(
                f"{unit.name or '(no unit row)'}: {_amounts_text(unit.amounts, result.currency)}"
            )
            for project in unit.projects:
                lines.append("")
                lines.append(f"  {project.name}: {_amounts_text(project.amounts, result.currency)}")
                if project.goal:
                    lines.append(f"  goal: {project.goal}")
                lines.extend(_indicator_lines(project.indicators, "    "))
        summary = f"{_count(len(result.projects), 'project')}, "
        summary += _count(len(result.indicators), "indicator")
    else:
        lines.extend(_indicator_lines(result, ""))
        summary = _count(len(result), "indicator")
    lines.append("")
    lines.append(summary)
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------------
# The command
# --------------------------------------------------------------------------------------------


def _arguments() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="perfindicator",
        description="Read 项目支出绩效目标表 documents or indicator blocks into typed data.",
    )
    parser.add_argument(
        "files", nargs="+", metavar="FILE", help="text files, or - for standard input"
    )
    parser.add_argument(
        "-f",
        "--format",
        choices=FORMATS,
        default="table",
        help="table (readable, the default), json (the interchange form), jsonl or csv"
        " (one row per indicator)",
    )
    parser.add_argument(
        "-o", "--output", metavar="PATH", help="write here instead of standard output"
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    parser.add_argument(
        "--recover",
        action="store_true",
        help="keep going past damaged items: output what can be read and report what was skipped",
    )
    parser.add_argument(
        "--encoding",
        help="the files' encoding (default: UTF-8, or GB18030 when the file is not UTF-8)",
    )
    return parser


def _version() -> str:
    try:
        return importlib.metadata.version("perfindicator")
    except importlib.metadata.PackageNotFoundError:
        return "(not installed)"


def _report(file: str, error: ParseError, stderr: TextIO) -> None:
    _, *excerpt = str(error).splitlines()
    stderr.write(f"{file}:{error.line}:{error.column}: {error.msg}\n")
    for line in excerpt:
        stderr.write(line + "\n")


class _Progress:
    """A one-line progress bar on standard error, shown only for many files on a terminal."""

    def __init__(self, total: int, stream: TextIO) -> None:
        self.total = total
        self.stream = stream
        self.shown = total > 1 and stream.isatty()

    def update(self, done: int, name: str) -> None:
        if self.shown:
            filled = 30 * done // self.total
            self.stream.write(
                f"\r[{'#' * filled}{'.' * (30 - filled)}] {done}/{self.total} {name[-30:]}\x1b[K"
            )
            self.stream.flush()

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def main(
    argv: Sequence[str] | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    stdin: io.BufferedIOBase | None = None,
) -> int:
    """Run the command; returns the exit status (0 when every file was read)."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    if arguments[:1] == ["check"]:
        return check_main(arguments[1:], stdout, stderr, stdin)
    options = _arguments().parse_args(arguments)
    if stdin is None and "-" in options.files:
        stdin = sys.stdin.buffer  # type: ignore[assignment]
    results: list[tuple[str, TargetTable | list[Indicator]]] = []
    failed = False
    progress = _Progress(len(options.files), stderr)
    for done, file in enumerate(options.files, start=1):
        progress.update(done - 1, file)
        name = "<stdin>" if file == "-" else file
        try:
            text = read_input(file, options.encoding, stdin)
            result: TargetTable | list[Indicator]
            if looks_like_table(text):
                table = parse_table(text, recover=options.recover)
                result, skipped = table, list(table.errors)
            else:
                indicators = parse_indicators(text, recover=options.recover)
                result, skipped = indicators, indicators.errors
        except InputError as error:
            progress.close()
            stderr.write(f"{name}: {error}\n")
            failed = True
            continue
        except ParseError as error:
            progress.close()
            _report(name, error, stderr)
            failed = True
            continue
        for problem in skipped:
            progress.close()
            _report(name, problem, stderr)
            failed = True
        results.append((name, result))
    progress.close()
    if not results:
        return 1
    output = _render(results, options.format, len(options.files))
    if options.format == "csv":
        output = "\ufeff" + output  # Excel reads UTF-8 CSV correctly only with a BOM
    if options.output:
        try:
            Path(options.output).write_text(output, encoding="utf-8", newline="")
        except OSError as error:
            stderr.write(f"{options.output}: cannot write: {error.strerror or error}\n")
            return 1
    else:
        _write(stdout, output, data=options.format != "table")
    return 1 if failed else 0


def _write(stream: TextIO, output: str, *, data: bool) -> None:
    """Data formats are UTF-8 whatever the terminal's encoding; the readable table follows the
    terminal, with characters it cannot show replaced rather than a crash."""
    buffer = getattr(stream, "buffer", None)
    if data and buffer is not None:
        stream.flush()
        buffer.write(output.encode("utf-8"))
        buffer.flush()
        return
    try:
        stream.write(output)
    except UnicodeEncodeError:
        encoding = getattr(stream, "encoding", None) or "ascii"
        stream.write(output.encode(encoding, "replace").decode(encoding))


def _render(results: list[tuple[str, TargetTable | list[Indicator]]], form: str, files: int) -> str:
    if form == "table":
        return "\n".join(readable(name, result) for name, result in results)
    if form == "json":
        documents = [
            result.to_dict() if isinstance(result, TargetTable) else [i.to_dict() for i in result]
            for _, result in results
        ]
        if files == 1:
            return (
                json.dumps(documents[0] if documents else None, ensure_ascii=False, indent=2) + "\n"
            )
        combined = [
            {"file": name, "result": doc} for (name, _), doc in zip(results, documents, strict=True)
        ]
        return json.dumps(combined, ensure_ascii=False, indent=2) + "\n"
    flat = [row for name, result in results for row in rows(name, result)]
    if form == "jsonl":
        return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in flat)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(flat)
    return buffer.getvalue()


def _check_arguments() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="perfindicator check",
        description="Review how the targets of 项目支出绩效目标表 documents or indicator blocks"
        " are written: one line per finding, FILE:LINE:COLUMN: CODE message.",
    )
    parser.add_argument(
        "files", nargs="+", metavar="FILE", help="text files, or - for standard input"
    )
    parser.add_argument(
        "--taxonomy",
        default="2015",
        metavar="NAME|PATH",
        help="the level and category codes to check against: 2015 (the default), 2021, or a"
        " JSON file",
    )
    parser.add_argument(
        "--encoding",
        help="the files' encoding (default: UTF-8, or GB18030 when the file is not UTF-8)",
    )
    return parser


def check_main(
    arguments: Sequence[str],
    stdout: TextIO,
    stderr: TextIO,
    stdin: io.BufferedIOBase | None = None,
) -> int:
    """``perfindicator check``: 1 when any finding is an error or a file cannot be read."""
    options = _check_arguments().parse_args(arguments)
    taxonomy: str | Taxonomy = options.taxonomy
    if options.taxonomy not in TAXONOMIES:
        try:
            taxonomy = Taxonomy.load(options.taxonomy)
        except (OSError, ValueError) as error:
            stderr.write(f"{options.taxonomy}: cannot read the taxonomy: {error}\n")
            return 2
    if stdin is None and "-" in options.files:
        stdin = sys.stdin.buffer  # type: ignore[assignment]
    failed = False
    for file in options.files:
        name = "<stdin>" if file == "-" else file
        try:
            text = read_input(file, options.encoding, stdin)
        except InputError as error:
            stderr.write(f"{name}: {error}\n")
            failed = True
            continue
        for finding in check(text, taxonomy=taxonomy):
            stdout.write(f"{name}:{finding}\n")
            failed = failed or finding.severity == ERROR
    return 1 if failed else 0


def main_entry() -> None:
    """The console script."""
    raise SystemExit(main())
