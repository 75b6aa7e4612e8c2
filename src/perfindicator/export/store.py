"""Folders of documents into one dataset (``perfindicator export``): which files are documents
(by their content), which of them are new or changed (by the SHA-256 of their bytes), reading
them on a process pool, and writing their rows (``export/dataset.py``) to SQLite, one
transaction a file, or to Parquet (the ``parquet`` extra, pyarrow).

A run can stop at any point: every file's rows are written with its ``documents`` row in one
transaction, so the database holds whole files only, and the next run reads what is missing.
Parquet is written from a SQLite store kept beside it (``_export.sqlite``, which readers of a
Parquet folder pass over: its name starts with ``_``), so a Parquet export is incremental and
survives an interruption the same way.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import os
import re
import sqlite3
import stat
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future
from pathlib import Path
from typing import Any, NamedTuple

from perfindicator.export.dataset import (
    SCHEMA_VERSION,
    TABLES,
    FileRows,
    file_rows,
    refused_rows,
    stored_path,
)
from perfindicator.forms.many import process_pool
from perfindicator.forms.read import detect_format, read_input
from perfindicator.sources.files import InputError

__all__ = [
    "STATE",
    "ExportSummary",
    "StoreError",
    "export_dataset",
    "export_partition",
    "find_documents",
    "is_document",
    "open_store",
    "pyarrow_parquet",
    "table_rows",
    "write_parquet",
]

#: The SQLite store kept in a Parquet folder.
STATE = "_export.sqlite"

#: The key of each table's rows, after ``path``.
_KEYS = {
    "documents": (),
    "projects": ("project",),
    "indicators": ("project", "position"),
    "findings": ("finding",),
    "errors": ("error",),
}

#: Views for the common questions (docs/datasets.md shows them in use).
VIEWS = {
    # Every indicator with its document and project: the table most questions start from.
    "indicator_facts": """
        SELECT d.year, d.department, d.form, d.title, p.name AS project_name,
               p.funding_unit, i.*
        FROM indicators i
        JOIN documents d ON d.path = i.path
        LEFT JOIN projects p ON p.path = i.path AND p.project = i.project""",
    # Targets that are words, never a figure that can be measured (年度指标值 read as text).
    "unmeasurable_targets": """
        SELECT d.year, d.department, p.name AS project_name, i.path, i.project, i.position,
               i.name, i.annual_raw
        FROM indicators i
        JOIN documents d ON d.path = i.path
        LEFT JOIN projects p ON p.path = i.path AND p.project = i.project
        WHERE i.annual_kind = 'text'""",
    # Self-evaluations that give full points for a target the actual result does not meet.
    "full_points_not_met": """
        SELECT d.year, d.department, p.name AS project_name, f.path, f.project, f.indicator,
               f.number, f.message, f.location
        FROM findings f
        JOIN documents d ON d.path = f.path
        LEFT JOIN projects p ON p.path = f.path AND p.project = f.project
        WHERE f.code = 'PA105'""",
    # Files that could not be read, and why.
    "refused_files": """
        SELECT path, format, bytes, error FROM documents WHERE status = 'refused'""",
}


_DOCUMENT_COLUMNS = [column.name for column in TABLES["documents"]]
_STATUS = _DOCUMENT_COLUMNS.index("status")
_ERROR = _DOCUMENT_COLUMNS.index("error")
_MESSAGE = [column.name for column in TABLES["errors"]].index("message")


@functools.cache  # the installed release: read from its metadata once, not for every file
def _reader() -> str:
    try:
        return importlib.metadata.version("perfindicator")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def _create(connection: sqlite3.Connection) -> None:
    for table, columns in TABLES.items():
        keys = ", ".join(("path", *_KEYS[table]))
        definitions = [f'"{column.name}" {column.type}' for column in columns]
        definitions.append(f"PRIMARY KEY ({keys})")
        if table != "documents":
            definitions.append("FOREIGN KEY (path) REFERENCES documents(path) ON DELETE CASCADE")
        connection.execute(f"CREATE TABLE {table} ({', '.join(definitions)})")
    for name, query in VIEWS.items():
        connection.execute(f"CREATE VIEW {name} AS {query}")
    connection.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
    connection.execute("INSERT INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))


class StoreError(Exception):
    """A database that cannot be opened or is not one ``export`` wrote."""


def open_store(path: str | Path) -> sqlite3.Connection:
    """The SQLite database at ``path``, made with the dataset's tables when it is new; one of
    another schema version, or not one ``export`` made, is a ``StoreError``."""
    try:
        connection = sqlite3.connect(path)
        connection.execute("PRAGMA foreign_keys = ON")
        # A write-ahead log: a file's transaction costs one append, not a rewrite of pages,
        # and a reader (Datasette) may look while an export runs. Still whole files only.
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = NORMAL")
        names = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        if not names:
            with connection:
                _create(connection)
            return connection
        if "meta" not in names:
            raise StoreError(f"{path}: a database that perfindicator export did not make")
        found = connection.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
    except sqlite3.Error as error:
        raise StoreError(f"{path}: not a database this can write ({error})") from None
    if found is None or found[0] != str(SCHEMA_VERSION):
        version = "none" if found is None else found[0]
        connection.close()
        raise StoreError(
            f"{path}: made with dataset schema {version}, this release writes schema"
            f" {SCHEMA_VERSION}: export to a new file"
        )
    return connection


def _write(connection: sqlite3.Connection, rows: FileRows) -> None:
    """Replace a file's rows in one transaction: all of them or, on an interruption, none."""
    with connection:
        for table in reversed(TABLES):  # documents last, for the foreign keys
            connection.execute(f"DELETE FROM {table} WHERE path = ?", (rows.path,))
        for table in TABLES:  # documents first, for the foreign keys
            found = rows.tables[table]
            if found:
                marks = ", ".join("?" * len(TABLES[table]))
                connection.executemany(f"INSERT INTO {table} VALUES ({marks})", found)


def _remove(connection: sqlite3.Connection, paths: Iterable[str]) -> None:
    with connection:
        for path in paths:
            for table in reversed(TABLES):
                connection.execute(f"DELETE FROM {table} WHERE path = ?", (path,))


# --------------------------------------------------------------------------------------------
# Which files are documents
# --------------------------------------------------------------------------------------------

#: How much of a file tells what it is.
_HEAD = 65536
#: Bytes no text file holds (tab, line feed, form feed, carriage return and escape aside).
_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f]")


def is_document(head: bytes) -> str | None:
    """What a file's first bytes say it is, when it is one ``read()`` may read: ``pdf``,
    ``xlsx``, ``docx``, ``ole`` (an old .xls), ``html``, or ``text`` holding Chinese text;
    None for anything else (images, other archives, JSON, text with no Chinese in it)."""
    kind = detect_format(head)
    if kind in {"pdf", "xlsx", "docx", "ole", "html"}:
        return kind
    if kind != "text":
        return None
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "text"  # UTF-16 with a BOM: read() reads it
    if _CONTROL.search(head):
        return None  # binary: an image, a font, an executable
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = head.decode(encoding)
        except UnicodeDecodeError as error:
            if error.start < len(head) - 4:  # not only a character cut at the end of the head
                continue
            text = head[: error.start].decode(encoding)
        if text.lstrip("\ufeff \t\r\n").startswith(("{", "[")):
            return None  # JSON: data (perfindicator's own interchange form), not a document
        return "text" if any("\u4e00" <= char <= "\u9fff" for char in text) else None
    return None


class Found(NamedTuple):
    """What is under the folders: the documents, the files that are not documents, and the
    folders that could not be listed (with why)."""

    #: Each file once, by its absolute path with symbolic links resolved (a link and the
    #: file it points to are one document; a folder named two ways is one folder).
    documents: list[str]
    others: list[str]
    #: The folders and files named, as absolute paths: whose rows a deleted file had.
    roots: list[str]
    #: Folders that could not be listed, and why: their files' rows are left as they are.
    unlisted: tuple[tuple[str, str], ...] = ()


def _head(path: str) -> bytes:
    with open(path, "rb") as file:
        return file.read(_HEAD)


def _kind_of(path: str) -> str | None:
    """What a file found in a folder is for the export: a document kind, ``None`` for a file
    that is no document, or ``refuse`` for what is to be refused with its reason (a file that
    cannot be opened, an empty file, a FIFO or a device, a link to nothing)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return "refuse"  # a link to nothing, or a file gone since the folder was listed
    if not stat.S_ISREG(mode):
        return "refuse"  # opening a FIFO would wait for a writer: read_file says what it is
    try:
        head = _head(path)
    except OSError:
        return "refuse"
    return is_document(head) if head else "refuse"


def find_documents(roots: Sequence[str], *, skip: Iterable[str] = ()) -> Found:
    """Every file under ``roots`` that is a document by its content, each once, in sorted
    order; hidden files and folders (``.``), Office's lock files (``~$``) and ``skip`` (the
    output) are passed over. Files that cannot be read, empty files, FIFOs and links to nothing
    are kept, to be refused with the reason. A file named directly is taken whatever it holds
    (its error will say why). A root that does not exist is an ``InputError``."""
    passed = {os.path.realpath(path) for path in skip}
    documents: dict[str, None] = {}
    others: list[str] = []
    unlisted: list[tuple[str, str]] = []

    def unreadable(error: OSError) -> None:
        unlisted.append((os.path.realpath(error.filename), error.strerror or str(error)))

    for root in roots:
        if os.path.isfile(root) or (os.path.exists(root) and not os.path.isdir(root)):
            documents[os.path.realpath(root)] = None
            continue
        if not os.path.isdir(root):
            raise InputError(f"{root}: no such file or folder")
        for folder, folders, files in os.walk(root, onerror=unreadable):
            folders[:] = sorted(name for name in folders if not name.startswith("."))
            for name in sorted(files):
                path = os.path.realpath(os.path.join(folder, name))
                if name.startswith((".", "~$")) or path in passed:
                    continue
                if _kind_of(path) is None:
                    others.append(path)
                else:
                    documents[path] = None
    named = [os.path.realpath(root) for root in roots]
    return Found(sorted(documents), others, named, tuple(unlisted))


def _sha256(path: str) -> str | None:
    """The file's SHA-256, or ``None`` for what is not a regular file (a FIFO would make the
    hash wait for a writer) or cannot be read."""
    digest = hashlib.sha256()
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None
        with open(path, "rb") as file:
            for block in iter(lambda: file.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()


def _under(path: str, roots: Sequence[str]) -> bool:
    for root in roots:
        if path == root:
            return True
        prefix = root if root.endswith(os.sep) else root + os.sep
        if path.startswith(prefix):
            return True
    return False


# --------------------------------------------------------------------------------------------
# The job
# --------------------------------------------------------------------------------------------


class ExportSummary(NamedTuple):
    """What a run did."""

    found: int
    read: int
    unchanged: int
    removed: int
    others: int
    projects: int
    indicators: int
    findings: int
    #: Files refused this run: (path, why).
    refused: list[tuple[str, str]]
    #: What ``recover`` skipped in the files read this run: (path, what).
    skipped: tuple[tuple[str, str], ...] = ()
    #: Folders that could not be listed, and why (their files' rows were left as they were).
    unlisted: tuple[tuple[str, str], ...] = ()
    #: What the dataset holds after the run: documents, of them refused, projects, indicators.
    totals: tuple[int, int, int, int] = (0, 0, 0, 0)


def _pages(data: bytes) -> int | None:
    if detect_format(data) != "pdf":
        return None
    from perfindicator.sources.pdf import page_count

    return page_count(data)


class Reading(NamedTuple):
    """How the files of a run are read: what a worker is given with each path. ``reader``
    says it in the ``documents`` table (the release, and ``--recover``): a file read another
    way is read again."""

    recover: bool = False
    max_bytes: int | None = None

    @property
    def reader(self) -> str:
        return _reader() + (" --recover" if self.recover else "")


def read_file(path: str, reading: Reading | None = None) -> FileRows:
    """One file's rows, read in a worker; a file that cannot be read gives its refusal."""
    reading = reading if reading is not None else Reading()
    reader = reading.reader
    try:
        data = read_input(path, max_bytes=reading.max_bytes, stdin_too=False)
    except InputError as error:
        return _unreadable(path, error, reader)
    pages = _pages(data)
    return file_rows(path, data, recover=reading.recover, reader=reader, pages=pages)


def _unreadable(path: str, error: InputError, reader: str) -> FileRows:
    document = {"path": path, "sha256": _sha256(path), "reader": reader}
    return refused_rows(path, error, document)


def _read_chunk(paths: Sequence[str], reading: Reading) -> list[FileRows]:
    return [read_file(path, reading) for path in paths]


def _read_all(paths: Sequence[str], reading: Reading, jobs: int) -> Iterator[FileRows]:
    """Every file's rows, in the order of ``paths``: read here, or on ``jobs`` processes with at
    most two chunks a process read ahead (a folder of thousands of files is never held whole)."""
    if jobs <= 1 or len(paths) <= 1:
        for path in paths:
            yield read_file(path, reading)
        return
    chunk = max(1, min(8, len(paths) // (jobs * 4)))
    parts = [paths[start : start + chunk] for start in range(0, len(paths), chunk)]
    with process_pool(jobs) as pool:
        ahead: deque[Future[list[FileRows]]] = deque()
        for part in parts:
            ahead.append(pool.submit(_read_chunk, part, reading))
            if len(ahead) >= 2 * jobs:
                yield from ahead.popleft().result()
        while ahead:
            yield from ahead.popleft().result()


def export_dataset(
    roots: Sequence[str],
    database: str | Path,
    *,
    recover: bool = False,
    jobs: int = 1,
    max_bytes: int | None = None,
    progress: Callable[[Iterable[FileRows], int], Iterable[FileRows]] | None = None,
) -> ExportSummary:
    """Read every document under ``roots`` into the SQLite database ``database``: new and
    changed files (by their SHA-256), and files read by another release or in the other mode
    (``recover``), are read; unchanged ones kept; the rows of files gone from under ``roots``
    removed (not those under a folder that could not be listed). ``max_bytes`` caps every
    file's size (the default limits are ``read()``'s); ``progress`` wraps the stream of files
    read (a progress bar)."""
    reading = Reading(recover, max_bytes)
    reader = reading.reader
    found = find_documents(
        roots, skip=[f"{database}{end}" for end in ("", "-journal", "-wal", "-shm")]
    )
    connection = open_store(database)
    try:
        known = {
            path: (sha256, made_by)
            for path, sha256, made_by in connection.execute(
                "SELECT path, sha256, reader FROM documents"
            )
        }
        present = {stored_path(path) for path in found.documents}
        roots = [stored_path(root) for root in found.roots]
        kept = [stored_path(folder) for folder, _ in found.unlisted]
        gone = [
            path
            for path in known
            if path not in present and _under(path, roots) and not _under(path, kept)
        ]
        _remove(connection, gone)
        todo = []
        for path in found.documents:
            previous = known.get(stored_path(path))
            if previous is None or previous != (_sha256(path), reader):
                todo.append(path)
        stream: Iterable[FileRows] = _read_all(todo, reading, jobs)
        if progress is not None:
            stream = progress(stream, len(todo))
        projects = indicators = findings = 0
        refused: list[tuple[str, str]] = []
        skipped: list[tuple[str, str]] = []
        for rows in stream:
            _write(connection, rows)
            if rows.document[_STATUS] == "refused":
                refused.append((rows.path, rows.document[_ERROR]))
            else:
                skipped.extend((rows.path, row[_MESSAGE]) for row in rows.tables["errors"])
            projects += len(rows.tables["projects"])
            indicators += len(rows.tables["indicators"])
            findings += len(rows.tables["findings"])
        totals = connection.execute(
            "SELECT COUNT(*), COALESCE(SUM(status = 'refused'), 0),"
            " COALESCE(SUM(projects), 0), COALESCE(SUM(indicators), 0) FROM documents"
        ).fetchone()
    finally:
        connection.close()
    return ExportSummary(
        found=len(found.documents),
        read=len(todo),
        unchanged=len(found.documents) - len(todo),
        removed=len(gone),
        others=len(found.others),
        projects=projects,
        indicators=indicators,
        findings=findings,
        refused=refused,
        skipped=tuple(skipped),
        unlisted=found.unlisted,
        totals=tuple(totals),
    )


def write_parquet(database: str | Path, directory: str | Path) -> None:
    """Each table of the SQLite ``database`` as ``directory/<table>.parquet`` (pyarrow, the
    ``parquet`` extra), written under a temporary name and then moved into place, so that a
    reader never sees half a file."""
    parquet = pyarrow_parquet()

    connection = sqlite3.connect(database)
    try:
        for table in TABLES:
            order = ", ".join(("path", *_KEYS[table]))
            rows = connection.execute(f"SELECT * FROM {table} ORDER BY {order}").fetchall()
            target = Path(directory) / f"{table}.parquet"
            partial = target.with_name(f".{table}.parquet.partial")
            parquet.write_table(_arrow_table(table, rows), partial)
            os.replace(partial, target)
    finally:
        connection.close()


def _columns(table: str) -> list[str]:
    return [column.name for column in TABLES[table]]


def table_rows(database: str | Path, table: str) -> list[dict[str, Any]]:
    """A table of a dataset as dicts, in key order (for tests and small scripts)."""
    connection = sqlite3.connect(database)
    try:
        order = ", ".join(("path", *_KEYS[table]))
        names = _columns(table)
        return [
            dict(zip(names, row, strict=True))
            for row in connection.execute(f"SELECT * FROM {table} ORDER BY {order}")
        ]
    finally:
        connection.close()


def pyarrow_parquet() -> Any:
    """pyarrow's Parquet module, or an ``InputError`` naming the extra that brings it."""
    try:
        import pyarrow.parquet
    except ImportError:
        raise InputError(
            "writing Parquet needs pyarrow: pip install 'perfindicator[parquet]'"
        ) from None
    return pyarrow.parquet


def _arrow_table(table: str, rows: Sequence[tuple[Any, ...]]) -> Any:
    import pyarrow

    types = {"TEXT": pyarrow.string(), "INTEGER": pyarrow.int64(), "REAL": pyarrow.float64()}
    columns = TABLES[table]
    schema = pyarrow.schema([(column.name, types[column.type]) for column in columns])
    data = {column.name: [row[index] for row in rows] for index, column in enumerate(columns)}
    return pyarrow.table(data, schema=schema)


def export_partition(
    paths: Iterable[str], directory: str | Path, *, recover: bool = False
) -> list[dict[str, int]]:
    """Read ``paths`` in this process and write their rows as one part of a partitioned
    Parquet dataset: ``directory/<table>/part-<digest>.parquet``, the digest that of the paths,
    so that a partition run again replaces its own part. For a Dask bag's ``map_partitions``
    (docs/datasets.md); returns one summary, as a list of one dict: files, refused, indicators.
    The keys (``path``, ``project``, ``position``) join the parts as they are."""
    parquet = pyarrow_parquet()

    names = sorted(paths)
    read = [read_file(path, Reading(recover)) for path in names]
    digest = hashlib.sha256("\n".join(names).encode("utf-8", "surrogateescape")).hexdigest()
    for table in TABLES:
        folder = Path(directory) / table
        folder.mkdir(parents=True, exist_ok=True)
        rows = [row for one in read for row in one.tables[table]]
        target = folder / f"part-{digest[:16]}.parquet"
        partial = folder / f".part-{digest[:16]}.parquet.partial"
        parquet.write_table(_arrow_table(table, rows), partial)
        os.replace(partial, target)
    refused = sum(1 for one in read if one.document[_STATUS] == "refused")
    indicators = sum(len(one.tables["indicators"]) for one in read)
    return [{"files": len(read), "refused": refused, "indicators": indicators}]
