"""``perfindicator export``: folders of documents into one SQLite database or a folder of
Parquet files (docs/datasets.md), with a progress bar on a terminal (tqdm, the ``progress``
extra) and a summary at the end."""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterable, Sequence
from typing import TextIO

from perfindicator.core.text import visible
from perfindicator.export.dataset import FileRows
from perfindicator.export.options import max_bytes_option, process_count
from perfindicator.export.store import (
    STATE,
    ExportSummary,
    StoreError,
    export_dataset,
    pyarrow_parquet,
    write_parquet,
)
from perfindicator.sources.files import InputError

__all__ = ["export_main"]


def _arguments() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="perfindicator export",
        description="Read every document under folders into one dataset: SQLite, or Parquet.",
    )
    parser.add_argument("paths", nargs="+", metavar="DIR_OR_FILE", help="folders and files")
    parser.add_argument(
        "-o",
        "--output",
        required=True,
        help="the SQLite database to write (made when new, brought up to date when not), or,"
        " with --format parquet, the folder of Parquet files",
    )
    parser.add_argument("--format", choices=["sqlite", "parquet"], default="sqlite")
    parser.add_argument(
        "-j",
        "--jobs",
        type=process_count,
        default=1,
        metavar="N",
        help="read files on N processes (0: one per CPU; default 1)",
    )
    parser.add_argument(
        "--recover",
        action="store_true",
        help="read what can be read, listing what was skipped (a file read in the other mode"
        " before is read again)",
    )
    max_bytes_option(parser)
    return parser


def _bar(stream: TextIO) -> object:
    """A progress bar (tqdm) on a terminal; None elsewhere, or when tqdm is not installed."""
    if not stream.isatty():
        return None
    try:
        import tqdm
    except ImportError:
        return None
    return tqdm


def _progress(stream: TextIO):  # type: ignore[no-untyped-def]
    bar = _bar(stream)
    if bar is None:
        return None

    def wrapped(rows: Iterable[FileRows], total: int) -> Iterable[FileRows]:
        return bar.tqdm(rows, total=total, file=stream, unit="file", leave=False)  # type: ignore[attr-defined, no-any-return]

    return wrapped


def _plural(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def _listed(lines: list[str], heading: str, items: Sequence[tuple[str, str]]) -> None:
    if items:
        lines.append(heading)
        lines.extend(f"  {visible(path)}: {visible(why)}" for path, why in items)


def summary_lines(summary: ExportSummary, output: str) -> list[str]:
    """The summary a run prints: what was found, read, kept and removed; what was refused,
    skipped or could not be listed, and why; what this run read, and what the dataset holds."""
    lines = [
        f"{_plural(summary.found, 'document')} found"
        + (f", {_plural(summary.others, 'other file')} passed over" if summary.others else ""),
        f"read {summary.read:,}, unchanged {summary.unchanged:,}, removed {summary.removed:,}",
    ]
    _listed(
        lines,
        f"could not list {_plural(len(summary.unlisted), 'folder')}"
        " (the rows of their files were kept):",
        summary.unlisted,
    )
    _listed(lines, f"refused {len(summary.refused):,}:", summary.refused)
    _listed(lines, f"skipped by --recover, {len(summary.skipped):,}:", summary.skipped)
    lines.append(
        f"this run: {_plural(summary.projects, 'project')},"
        f" {_plural(summary.indicators, 'indicator')}, {_plural(summary.findings, 'finding')}"
    )
    documents, refused, projects, indicators = summary.totals
    lines.append(
        f"{visible(output)} holds {_plural(documents, 'document')} ({refused:,} refused),"
        f" {_plural(projects, 'project')}, {_plural(indicators, 'indicator')}"
    )
    return lines


def export_main(arguments: Sequence[str], stdout: TextIO, stderr: TextIO) -> int:
    """``perfindicator export``: 0 when every file read this run was read, 1 when one was
    refused, a folder could not be listed or the output cannot be written, 2 for a wrong
    argument, 130 when interrupted (what was written is whole: run again to finish)."""
    options = _arguments().parse_args(arguments)
    output: str = options.output
    jobs: int = options.jobs or (os.cpu_count() or 1)
    database = output
    if options.format == "parquet":
        if os.path.exists(output) and not os.path.isdir(output):
            stderr.write(f"{visible(output)}: cannot write: not a folder (--format parquet)\n")
            return 1
        try:
            pyarrow_parquet()
        except InputError as error:
            stderr.write(f"{error}\n")
            return 1
        os.makedirs(output, exist_ok=True)
        database = os.path.join(output, STATE)
    elif os.path.isdir(output):
        stderr.write(f"{visible(output)}: cannot write: a folder (give a database file)\n")
        return 1
    try:
        summary = export_dataset(
            options.paths,
            database,
            recover=options.recover,
            jobs=jobs,
            max_bytes=options.max_bytes,
            progress=_progress(stderr),
        )
        if options.format == "parquet":
            write_parquet(database, output)
    except KeyboardInterrupt:
        stderr.write("interrupted: the files written so far are whole; run again for the rest\n")
        return 130
    except (InputError, StoreError) as error:
        stderr.write(visible(str(error)) + "\n")
        return 1
    except OSError as error:
        stderr.write(f"{visible(output)}: cannot write: {error.strerror or error}\n")
        return 1
    for line in summary_lines(summary, output):
        stdout.write(line + "\n")
    return 1 if summary.refused or summary.unlisted else 0
