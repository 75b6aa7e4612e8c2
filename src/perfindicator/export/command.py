"""The ``perfindicator`` command: read target tables, indicator blocks and the national
column forms (target forms and self-evaluations as web pages, workbooks, Word files or pasted
cells; see ``read()``) from files.

    perfindicator FILE…                      a readable table for a terminal
    perfindicator --format json FILE         the interchange form (docs/interchange.md)
    perfindicator --format jsonl|csv FILE…   one row per indicator, fields flattened

Errors go to standard error as ``FILE:LINE:COLUMN: message`` with the offending line; the other
files are still processed, and the exit status is 1 when any file failed (2 for a wrong
argument). Output is written file by file, as each is read. Text from the documents is printed
with controls and bidirectional marks escaped, and CSV cells that a spreadsheet would run as a
formula start with ``'``.
"""

from __future__ import annotations

import argparse
import csv
import importlib.metadata
import io
import json
import os
import stat
import sys
from collections.abc import Generator, Sequence
from typing import Any, NamedTuple, TextIO

from perfindicator.core.text import display_width, visible
from perfindicator.export.folders import export_main
from perfindicator.export.frames import COLUMNS, indicator_cells, neutralize_formula, rows
from perfindicator.export.options import max_bytes_option, process_count
from perfindicator.forms.many import bare
from perfindicator.forms.read import not_notation, read_any, read_content, read_input
from perfindicator.model.document import Amounts, Document, Project, TargetTable
from perfindicator.model.errors import FormError, ParseError, SheetError
from perfindicator.model.values import Indicator
from perfindicator.review.audit import SELF_EVALUATIONS, audit
from perfindicator.review.checks import ERROR, TAXONOMIES, Taxonomy, check
from perfindicator.sources.files import InputError, read_bytes
from perfindicator.sources.pdf import page_numbers

#: What the command reads: a target table or indicator block as text, or a column form.
Result = Document | TargetTable | Sequence[Indicator]

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
    return ("  ".join(parts) + (f" {visible(currency)}" if currency and parts else "")) or "—"


#: The readable table's columns: heading and display width.
_COLUMNS = (("#", 3), ("level", 14), ("category", 18), ("indicator", 30))
_TARGETS = (("period", 22), ("annual", 22))
_RESULTS = (("annual", 22), ("actual", 18), ("weight", 6), ("points", 6))


def _indicator_lines(indicators: Sequence[Indicator], indent: str) -> list[str]:
    """One line per indicator: the targets, or on a self-evaluation (where a row has an actual
    result, weight or points) the annual target and the result."""
    results = any(
        item.row is not None and (item.row.actual, item.row.weight, item.row.points) != (None,) * 3
        for item in indicators
    )
    # A form that prints weights beside both targets (a 批复表) keeps its period column.
    period = results and any(item.period is not None for item in indicators)
    columns = _COLUMNS + (((_TARGETS[0],) if period else ()) + _RESULTS if results else _TARGETS)
    lines = [indent + " ".join(_fit(h, w) for h, w in columns).rstrip()]
    for item in indicators:
        cells = indicator_cells(item)[:4]
        if results:
            row = item.row
            if period:
                cells.append("" if item.period is None else str(item.period))
            cells.append("" if item.annual is None else str(item.annual))
            for field in ("actual", "weight", "points"):
                found = None if row is None else getattr(row, field)
                cells.append("" if found is None else str(found))
        else:
            cells.extend(indicator_cells(item)[4:])
        shown = [visible(cell) for cell in cells]
        lines.append(
            indent + " ".join(_fit(c, w) for c, (_, w) in zip(shown, columns, strict=True)).rstrip()
        )
    return lines


def _header_lines(project: Project, currency: str | None) -> list[str]:
    """A column form's header block, field by field as printed."""
    header = project.header
    if header is None:
        return []
    lines = []
    who = [
        f"{label} {visible(text)}"
        for label, text in (("主管部门", header.department), ("实施单位", header.implementer))
        if text
    ]
    if who:
        lines.append("  " + "   ".join(who))
    unit = f" {visible(currency)}" if currency else ""
    for funds in header.funds:
        figures = [
            f"{label} {number}"
            for label, number in (
                ("年初预算数", funds.initial),
                ("全年预算数", funds.budget),
                ("全年执行数", funds.executed),
                ("分值", funds.weight),
                ("执行率", None if funds.rate is None else f"{funds.rate}%"),
                ("得分", funds.points),
            )
            if number is not None
        ]
        # The currency is the money figures' (预算数, 执行数), not the rate's or the points':
        # it goes with the label, when the row has money figures.
        money = (funds.initial, funds.budget, funds.executed) != (None,) * 3
        label = visible(funds.label) + (f" ({visible(currency)})" if currency and money else "")
        lines.append(f"  {label}: {'  '.join(figures) or '—'}")
    for task in header.tasks:
        amount = f" ({task.amount}{unit})" if task.amount is not None else ""
        lines.append(f"  task: {visible(task.name)}{amount}")
    if header.total_points is not None:
        out_of = f" of {header.total_weight}" if header.total_weight is not None else ""
        lines.append(f"  总分: {header.total_points}{out_of}")
    return lines


def _document_lines(document: Document) -> list[str]:
    """A column form: its title and form, then each project's header and indicators."""
    lines = [
        visible(document.title or "(no title)") + f"   ({document.form}, {document.format})",
        f"department: {visible(document.department or '—')}"
        f"   currency: {visible(document.currency or '—')}"
        + (f"   year: {document.year}" if document.year is not None else ""),
    ]
    for project in document.projects:
        lines.append("")
        lines.append(f"  {visible(project.name)}")
        lines.extend(_header_lines(project, document.currency))
        if project.goal:
            lines.append(f"  goal: {visible(project.goal)}")
        lines.extend(_indicator_lines(project.indicators, "    "))
    return lines


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def readable(file: str, result: Result) -> str:
    """A result as a readable table for a terminal; the documents' text is shown with
    controls and bidirectional marks escaped (``visible``)."""
    lines = [f"== {visible(file)}"]
    if isinstance(result, Document) and result.table is not None:
        result = result.table
    if isinstance(result, Document):
        lines.extend(_document_lines(result))
        summary = f"{_count(len(result.projects), 'project')}, "
        summary += _count(len(result.indicators), "indicator")
    elif isinstance(result, TargetTable):
        lines.append(visible(result.title or "(no title)"))
        department, currency = visible(result.department or "—"), visible(result.currency or "—")
        lines.append(f"department: {department}   currency: {currency}")
        lines.append(f"total: {_amounts_text(result.total, result.currency)}")
        for unit in result.units:
            lines.append("")
            lines.append(
                f"{visible(unit.name or '(no unit row)')}:"
                f" {_amounts_text(unit.amounts, result.currency)}"
            )
            for project in unit.projects:
                lines.append("")
                lines.append(
                    f"  {visible(project.name)}: {_amounts_text(project.amounts, result.currency)}"
                )
                if project.goal:
                    lines.append(f"  goal: {visible(project.goal)}")
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


def _input_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="text, PDFs, web pages (.html), workbooks (.xlsx, .xls), Word files (.docx), or -"
        " for standard input",
    )
    parser.add_argument(
        "--encoding",
        help="the files' encoding (default: UTF-8, or GB18030 when the file is not UTF-8)",
    )
    max_bytes_option(parser)
    parser.add_argument(
        "--pages",
        type=_pages,
        metavar="PAGES",
        help="read only these pages of each PDF, counted from 1: 3-7,9 (an error for a file"
        " that is not a PDF)",
    )


def _pages(text: str) -> tuple[int, ...]:
    try:
        return page_numbers(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _arguments() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="perfindicator",
        description="Read 绩效目标表 and 绩效自评表 documents (the target-table layout, indicator"
        " blocks, and the national column forms) into typed data.",
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
        "-j",
        "--jobs",
        type=process_count,
        default=1,
        metavar="N",
        help="read N files at a time, each in a process of its own (default 1: one after"
        " another; 0: one per CPU); the output is the same, in the files' order",
    )
    _input_options(parser)
    return parser


def _version() -> str:
    try:
        return importlib.metadata.version("perfindicator")
    except importlib.metadata.PackageNotFoundError:
        return "(not installed)"


def _report(file: str, error: ParseError | FormError | SheetError, stderr: TextIO) -> None:
    if isinstance(error, (FormError, SheetError)):
        stderr.write(visible(str(error)) + "\n")  # it names the file and the place in it
        return
    _, *excerpt = str(error).splitlines()  # the excerpt is escaped by ParseError itself
    stderr.write(f"{visible(file)}:{error.line}:{error.column}: {visible(error.msg)}\n")
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
                f"\r[{'#' * filled}{'.' * (30 - filled)}] {done}/{self.total}"
                f" {visible(name[-30:])}\x1b[K"
            )
            self.stream.flush()

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def _unwritable(output: str, files: Sequence[str]) -> str | None:
    """Why ``-o`` must not write to ``output``, or None: a FIFO would wait for a reader forever,
    and an input file would be overwritten before (or while) it is read."""
    try:
        mode = os.stat(output).st_mode
    except OSError:
        return None  # a new file; any other problem is reported when it is opened
    if stat.S_ISFIFO(mode):
        return "it is a FIFO (named pipe); write to a file or to standard output"
    for file in files:
        if file != "-" and os.path.exists(file) and os.path.samefile(file, output):
            return f"it is the input file {visible(file)}; write somewhere else"
    return None


class _OutputError(Exception):
    """The output cannot be written: a full disk, a closed or broken pipe."""


class _Sink:
    """Where the output goes, written piece by piece: a file (``-o``), opened when the first
    piece comes, or standard output. Data formats are UTF-8 whatever the terminal's encoding;
    the readable table follows the terminal, with characters it cannot show replaced."""

    def __init__(self, path: str | None, stream: TextIO | None, *, data: bool) -> None:
        self.path = path
        self.stream = stream
        self.data = data
        self.file: TextIO | None = None
        self.started = False

    @property
    def where(self) -> str:
        return self.path if self.path is not None else "standard output"

    def write(self, text: str) -> None:
        try:
            if self.path is not None:
                if self.file is None:
                    self.file = open(self.path, "w", encoding="utf-8", newline="")  # noqa: SIM115
                self.file.write(text)
            elif self.stream is None:
                raise _OutputError("it is closed")
            elif self.data and getattr(self.stream, "buffer", None) is not None:
                if not self.started:
                    self.stream.flush()  # what was written as text goes first
                    self.started = True
                # A file name that is not valid UTF-8 (undecodable bytes) is shown escaped.
                data = text.encode("utf-8", "backslashreplace")
                for start in range(0, len(data), _PIECE):
                    self.stream.buffer.write(data[start : start + _PIECE])
            else:
                _write(self.stream, text)
        except OSError as error:
            raise _OutputError(error.strerror or str(error)) from None

    def close(self) -> None:
        try:
            if self.file is not None:
                self.file.close()
            elif self.stream is not None:
                self.stream.flush()
                if self.started:
                    self.stream.buffer.flush()
        except OSError as error:
            raise _OutputError(error.strerror or str(error)) from None


#: Output is handed to the stream in pieces of this size: a pipe whose reader has gone (``|
#: head``) takes part of one large write, and CPython's buffered writer then drops the rest
#: without an error; a write of a piece reports the broken pipe.
_PIECE = 1 << 16


def _write(stream: TextIO, output: str) -> None:
    for start in range(0, len(output), _PIECE):
        piece = output[start : start + _PIECE]
        try:
            stream.write(piece)
        except UnicodeEncodeError:
            encoding = getattr(stream, "encoding", None) or "ascii"
            stream.write(piece.encode(encoding, "replace").decode(encoding))


class _Writer:
    """One output format, written file by file: each result as soon as it is read."""

    def __init__(self, form: str, sink: _Sink, files: int) -> None:
        self.form = form
        self.sink = sink
        self.files = files
        self.count = 0

    def add(self, name: str, result: Result) -> None:
        first = self.count == 0
        self.count += 1
        if self.form == "table":
            self.sink.write(("" if first else "\n") + readable(name, result))
        elif self.form == "json":
            document = _document(result)
            if self.files == 1:
                self.sink.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
                return
            entry = json.dumps({"file": name, "result": document}, ensure_ascii=False, indent=2)
            self.sink.write(("[\n" if first else ",\n") + _indented(entry))
        elif self.form == "jsonl":
            for row in rows(name, result):  # row by row: a big file's rows are never all held
                self.sink.write(json.dumps(row, ensure_ascii=False) + "\n")
        else:
            buffer = io.StringIO()
            writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\r\n")
            if first:
                buffer.write("\ufeff")  # Excel reads UTF-8 CSV correctly only with a BOM
                writer.writeheader()
            for row in rows(name, result):
                writer.writerow({key: _safe(key, cell) for key, cell in row.items()})
                self.sink.write(buffer.getvalue())
                buffer.seek(0)
                buffer.truncate()
            if buffer.tell():
                self.sink.write(buffer.getvalue())

    def finish(self) -> None:
        if self.form == "json" and self.files > 1 and self.count:
            self.sink.write("\n]\n")
        self.sink.close()


#: Columns whose cells are the library's own words, never document text: an operator
#: (``=``, ``>=``) is data, and an ``=`` alone cannot be a formula.
_OWN_WORDS = frozenset(column for column in COLUMNS if column.endswith(("_op", "_kind")))


def _safe(column: str, cell: Any) -> Any:
    return cell if column in _OWN_WORDS else neutralize_formula(cell)


def _document(result: Result) -> Any:
    if isinstance(result, Document):
        # The text layout as parse_table gives it; a column form as the document.
        return result.to_dict() if result.table is None else result.table.to_dict()
    if isinstance(result, TargetTable):
        return result.to_dict()
    return [item.to_dict() for item in result]


def _indented(text: str) -> str:
    return "\n".join("  " + line for line in text.splitlines())


def _indicators_of(result: Result) -> Sequence[Indicator]:
    return result.indicators if isinstance(result, (Document, TargetTable)) else result


def main(
    argv: Sequence[str] | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    stdin: io.BufferedIOBase | None = None,
) -> int:
    """Run the command; returns the exit status (0 when every file was read)."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    stdout = stdout if stdout is not None else sys.stdout
    stderr = stderr if stderr is not None else (sys.stderr or io.StringIO())
    if arguments[:1] == ["check"]:
        return check_main(arguments[1:], stdout, stderr, stdin)
    if arguments[:1] == ["export"]:
        return export_main(arguments[1:], stdout, stderr)
    options = _arguments().parse_args(arguments)
    if stdin is None and "-" in options.files and sys.stdin is not None:
        stdin = sys.stdin.buffer  # type: ignore[assignment]
    if options.output is not None:
        refused = _unwritable(options.output, options.files)
        if refused:
            stderr.write(f"{visible(options.output)}: cannot write: {refused}\n")
            return 1
    sink = _Sink(options.output, stdout, data=options.format != "table")
    writer = _Writer(options.format, sink, len(options.files))
    failed = False
    progress = _Progress(len(options.files), stderr)
    settings = _Settings(options.encoding, options.recover, options.max_bytes, options.pages)
    outcomes = _outcomes(options.files, settings, stdin, options.jobs)
    try:
        for done, file in enumerate(options.files, start=1):
            progress.update(done - 1, file)
            name = "<stdin>" if file == "-" else file
            read = _reported(name, next(outcomes), stderr, progress)
            if read is None:
                failed = True
                continue
            result, read_cleanly = read
            failed = failed or not read_cleanly
            writer.add(name, result)
        progress.close()
        writer.finish()
    except _OutputError as error:
        progress.close()
        stderr.write(f"{visible(sink.where)}: cannot write: {error}\n")
        return 1
    finally:
        # Whatever ended the loop (Ctrl-C while a result was being written out), the pool's
        # workers end here, not when the suspended generator happens to be collected: the
        # interpreter's exit waited for the pool's thread before that (a hang, now and then).
        outcomes.close()
    return 1 if failed else 0


class _Settings(NamedTuple):
    """How each file is read: what a worker process is given with the file's name."""

    encoding: str | None
    recover: bool
    max_bytes: int | None
    pages: tuple[int, ...] | None


class _Outcome(NamedTuple):
    """One file read: its result and what recovery skipped in it, or the error that stopped
    it; ``empty`` when it is text and blank. It pickles, to come back from a worker."""

    result: Result | None
    skipped: tuple[ParseError | FormError, ...] = ()
    error: InputError | ParseError | FormError | SheetError | None = None
    empty: bool = False


def _outcome(file: str, settings: _Settings, stdin: io.BufferedIOBase | None = None) -> _Outcome:
    """What a file holds (``read_any``: a column form, a target table or an indicator block),
    read in this process or in a worker."""
    name = "<stdin>" if file == "-" else file
    try:
        data = read_input(file, stdin, max_bytes=settings.max_bytes)
        result, text = read_any(
            data,
            name=name,
            recover=settings.recover,
            encoding=settings.encoding,
            pages=settings.pages,
        )
    except (InputError, ParseError, FormError, SheetError) as error:
        return _Outcome(None, error=bare(error))
    skipped = tuple(bare(e) for e in result.errors if isinstance(e, (ParseError, FormError)))
    return _Outcome(result, skipped, empty=text is not None and not text.strip())


def _outcomes(
    files: Sequence[str], settings: _Settings, stdin: io.BufferedIOBase | None, jobs: int
) -> Generator[_Outcome, None, None]:
    """Each file's outcome, in the files' order: one after another here, or read ``jobs`` at a
    time on a process pool (standard input always here), at most twice as many files ahead
    of the one being written."""
    workers = min(jobs or os.cpu_count() or 1, sum(file != "-" for file in files))
    if workers <= 1:
        for file in files:
            yield _outcome(file, settings, stdin)
        return
    from collections import deque

    from perfindicator.forms.many import process_pool

    with process_pool(workers) as pool:
        ahead: deque[Any] = deque()
        waiting = iter(files)
        for file in waiting:
            ahead.append(file if file == "-" else pool.submit(_outcome, file, settings))
            if len(ahead) < 2 * workers:
                continue
            yield _settled(ahead.popleft(), settings, stdin)
        while ahead:
            yield _settled(ahead.popleft(), settings, stdin)


def _settled(entry: Any, settings: _Settings, stdin: io.BufferedIOBase | None) -> _Outcome:
    """A file's outcome from the pool, or standard input's (``-``), read here."""
    if isinstance(entry, str):
        return _outcome(entry, settings, stdin)
    outcome: _Outcome = entry.result()
    return outcome


def _reported(
    name: str, outcome: _Outcome, stderr: TextIO, progress: _Progress
) -> tuple[Result, bool] | None:
    """A file's result and whether it was read without a problem; None (after saying why
    on standard error) when there is nothing to output for it."""
    error, result = outcome.error, outcome.result
    if error is not None or result is None:
        progress.close()
        if isinstance(error, InputError):
            stderr.write(f"{visible(name)}: {visible(str(error))}\n")
        elif isinstance(error, (ParseError, FormError, SheetError)):
            # A form's error names the file it was given (the name), and the place in it.
            _report(name, error, stderr)
        return None
    for problem in outcome.skipped:
        progress.close()
        _report(name, problem, stderr)
    if not _indicators_of(result):
        # Never an empty success: a file with no indicators is not a table of none.
        progress.close()
        reason = (
            "the file is empty"
            if outcome.empty
            else "nothing in it was read as a target table or an indicator block"
        )
        stderr.write(f"{visible(name)}: no indicators: {reason}\n")
        return None
    return result, not outcome.skipped


def _check_arguments() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="perfindicator check",
        description="Review how the targets of 项目支出绩效目标表 documents or indicator blocks"
        " are written: one line per finding, FILE:LINE:COLUMN: CODE message; and check the"
        " figures of self-evaluations (绩效自评表) read from web pages, workbooks, Word files or"
        " pasted cells: FILE:LOCATION: CODE message.",
    )
    parser.add_argument(
        "--taxonomy",
        default="2015",
        metavar="NAME|PATH",
        help="the level and category codes to check against: 2015 (the default), 2021, or a"
        " JSON file",
    )
    _input_options(parser)
    return parser


#: A taxonomy file is a few kilobytes; a bigger one is not a taxonomy.
_TAXONOMY_LIMIT = 1 << 20


def _taxonomy(source: str) -> Taxonomy:
    data = read_bytes(source, _TAXONOMY_LIMIT, stdin_too=False)
    if len(data) > _TAXONOMY_LIMIT:
        raise ValueError(f"larger than {_TAXONOMY_LIMIT:,} bytes: not a taxonomy")
    try:
        loaded = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise ValueError(f"not UTF-8 ({error.reason} at byte {error.start})") from None
    except RecursionError:
        raise ValueError("not a taxonomy: its JSON is nested too deeply") from None
    except json.JSONDecodeError as error:
        raise ValueError(f"not JSON: {error}") from None
    if not isinstance(loaded, dict):
        raise ValueError("not a taxonomy: expected a JSON object with 'levels' and 'categories'")
    return Taxonomy.load(loaded)


def check_main(
    arguments: Sequence[str],
    stdout: TextIO | None,
    stderr: TextIO,
    stdin: io.BufferedIOBase | None = None,
) -> int:
    """``perfindicator check``: 1 when any finding is an error or a file cannot be read, 2 for
    a wrong argument (a taxonomy that cannot be read)."""
    options = _check_arguments().parse_args(arguments)
    taxonomy: str | Taxonomy = options.taxonomy
    if options.taxonomy not in TAXONOMIES:
        try:
            taxonomy = _taxonomy(options.taxonomy)
        except (InputError, ValueError) as error:
            stderr.write(f"{visible(options.taxonomy)}: cannot read the taxonomy: {error}\n")
            return 2
    if stdin is None and "-" in options.files and sys.stdin is not None:
        stdin = sys.stdin.buffer  # type: ignore[assignment]
    sink = _Sink(None, stdout, data=False)
    failed = False
    try:
        for file in options.files:
            name = "<stdin>" if file == "-" else file
            try:
                document, text, _ = read_content(
                    read_input(file, stdin, max_bytes=options.max_bytes),
                    name=name,
                    encoding=options.encoding,
                    pages=options.pages,
                )
            except InputError as error:
                stderr.write(f"{visible(name)}: {visible(str(error))}\n")
                failed = True
                continue
            except (FormError, SheetError, ParseError) as error:
                _report(name, error, stderr)
                failed = True
                continue
            if document is not None:
                failed = _audit_file(name, document, sink, stderr) or failed
                continue
            assert text is not None
            if not text.strip():
                stderr.write(f"{visible(name)}: no indicators: the file is empty\n")
                failed = True
                continue
            findings = check(text, taxonomy=taxonomy)
            instead = (
                not_notation(text, name=name)
                if any(finding.code == "PI001" for finding in findings)
                else None
            )
            if instead is not None:
                # Not notation but glued cells or JSON: say that, not the grammar's complaint.
                said = str(instead) if isinstance(instead, FormError) else f"{name}: {instead}"
                stderr.write(visible(said) + "\n")
                failed = True
                continue
            for finding in findings:
                sink.write(visible(f"{name}:{finding}") + "\n")
                failed = failed or finding.severity == ERROR
        sink.close()
    except _OutputError as error:
        stderr.write(f"standard output: cannot write: {error}\n")
        return 1
    return 1 if failed else 0


def _audit_file(name: str, document: Document, sink: _Sink, stderr: TextIO) -> bool:
    """Audit a self-evaluation (review/audit.py): whether it failed (an error finding, or a
    form that is not a self-evaluation)."""
    if document.form not in SELF_EVALUATIONS:
        stderr.write(
            f"{visible(name)}: a {document.form} form: check audits self-evaluations"
            " (项目支出绩效自评表) in this format, and reviews targets in the text layout\n"
        )
        return True
    failed = False
    for finding in audit(document):
        separator = ":" if finding.location is not None else ": "
        sink.write(visible(f"{name}{separator}{finding}") + "\n")
        failed = failed or finding.severity == ERROR
    return failed


def main_entry() -> None:
    """The console script: a closed or broken standard output ends it with one line on
    standard error and status 1, never a traceback."""
    try:
        status = main()
    except KeyboardInterrupt:
        status = 130
    try:
        if sys.stdout is not None:
            sys.stdout.flush()
    except OSError:
        status = status or 1
    if status and sys.stdout is not None:
        # Nothing more can reach a broken or full output: point it at the null device so
        # that the interpreter's own flush at exit does not print a second error.
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError):
            pass
    raise SystemExit(status)
