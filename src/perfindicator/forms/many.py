"""Many documents at once: ``parse_many`` on this process and a process pool, results in input
order; and the pool itself (``process_pool``), which the command's ``--jobs`` shares.

Each document is a text (``str``) or a file (``pathlib.Path`` or another ``os.PathLike``). A text
gives a ``TargetTable`` for a whole table, an indicator list for a bare block; a file gives what
``read()`` reads in it (a PDF, a web page, a workbook, a Word file or pasted cells: the
``Document``), or, for text in the notation, the table or the block as a text does. A document
that fails does not stop the others: its place in the results holds the error (``ParseError``,
``FormError``, or ``InputError`` for a file that cannot be read), so results and errors line up
with the input. Everything returned pickles, so the same function serves a process pool or a
Dask cluster.
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, TypeVar, Union, cast

from perfindicator.forms.detect import parse_text
from perfindicator.forms.read import read_any, read_input
from perfindicator.model.document import Document, TargetTable
from perfindicator.model.errors import FormError, ParseError
from perfindicator.notation.blocks import IndicatorList
from perfindicator.sources.files import InputError

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

__all__ = ["Result", "Source", "bare", "parse_document", "parse_many", "process_pool"]

#: What one document gives: the document, table or indicators, or the error that stopped it.
Result = Document | TargetTable | IndicatorList | ParseError | FormError | InputError
Source = Union[str, "os.PathLike[str]"]

_Error = TypeVar("_Error", bound=Exception)


def bare(error: _Error) -> _Error:
    """An error made fit to return as a value and send to another process: without the
    dependency's error as its cause (Lark's holds the parser's state; tblib, which Dask
    installs, pickles causes) and without its traceback."""
    error.__cause__ = error.__context__ = None
    error.__traceback__ = None
    return error


def parse_document(source: Source, *, recover: bool = False, encoding: str | None = None) -> Result:
    """Parse one document (a text, or the path of a file), returning errors as values."""
    try:
        if isinstance(source, str):
            return parse_text(source, recover=recover)
        name = os.fspath(source)
        try:
            data = read_input(name, stdin_too=False)
            return read_any(data, name=name, recover=recover, encoding=encoding)[0]
        except InputError as error:
            return InputError(f"{name}: {error}")
    except (ParseError, FormError) as error:
        return bare(error)


def _parse_chunk(sources: Sequence[Source], recover: bool, encoding: str | None) -> list[Result]:
    return [parse_document(source, recover=recover, encoding=encoding) for source in sources]


def _start_worker() -> None:
    # Ctrl-C reaches every process of the terminal's group: the main process alone handles
    # it, and ends the workers (process_pool), which would otherwise die mid-task one by one.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A forked worker shares the parent's memory until it writes to it, and the garbage
    # collector writes to every object it looks at: its first full collection copied the
    # whole of the parent's heap, page by page, in the middle of the first task (a pool of
    # two was no faster than one process). What the worker was born with is left out of its
    # collections; what it makes is collected as usual. (A worker started afresh, by spawn or
    # forkserver, was born with little: there it saves nothing and costs nothing.)
    gc.freeze()


@contextlib.contextmanager
def process_pool(workers: int) -> Iterator[ProcessPoolExecutor]:
    """A pool of ``workers`` processes (PDFium, which reads PDFs, is not thread-safe: processes,
    not threads). Leaving it by an exception (Ctrl-C's ``KeyboardInterrupt`` among them)
    cancels what has not started and ends the workers at once, so that none is left behind."""
    from concurrent.futures import ProcessPoolExecutor  # only here: it takes a while to import

    pool = ProcessPoolExecutor(max_workers=workers, initializer=_start_worker)
    try:
        yield pool
    except BaseException:
        # No public way to these in 3.11 (and shutdown() forgets them): the workers, and this
        # process's end of the pipe they send results on.
        processes = list(getattr(pool, "_processes", {}).values())
        writer = getattr(getattr(pool, "_result_queue", None), "_writer", None)
        pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.terminate()
        for process in processes:
            process.join()
        # A worker ended while sending a result leaves the pool's thread waiting for the rest
        # of it, and the interpreter waits for that thread when it exits (it hung there, about
        # one Ctrl-C in fifteen). With every worker gone, this process holds the only other end
        # of the results' pipe: closed, the thread reads the end of it and stops.
        if writer is not None:
            writer.close()
        raise
    pool.shutdown(wait=True)


def parse_many(
    sources: Iterable[Source],
    *,
    workers: int | None = None,
    recover: bool = False,
    encoding: str | None = None,
    chunk: int = 16,
) -> list[Result]:
    """Parse many documents on ``workers`` processes (default: one per CPU; 1: in this process).

    Returns one result per source, in input order: for a text, a ``TargetTable`` for a whole
    table or an indicator list for a bare block; for a file, what ``read()`` reads in it (or,
    for notation, what its text gives); or the ``ParseError`` / ``FormError`` / ``InputError``
    that stopped that document. This process is one of the workers: it reads documents from
    the end of the list while a pool of ``workers - 1`` processes reads from the start, up to
    ``chunk`` documents at a time (fewer as the work runs out), so that what this process reads
    is never sent between processes.
    """
    items = list(sources)
    count = workers if workers is not None else (os.cpu_count() or 1)
    helpers = min(count - 1, -(-len(items) // max(chunk, 1)) - 1)
    if helpers < 1:
        return _parse_chunk(items, recover, encoding)
    with process_pool(helpers) as pool:
        return _shared(items, pool, helpers, chunk, recover, encoding)


def _shared(
    items: list[Source],
    pool: ProcessPoolExecutor,
    helpers: int,
    chunk: int,
    recover: bool,
    encoding: str | None,
) -> list[Result]:
    """``items`` read by this process from the end and by the ``helpers`` of ``pool`` from the
    start, in chunks that shrink as the work runs out (so that no process is left with a long
    chunk when the others are done); the results in input order."""
    results: list[Result | None] = [None] * len(items)
    queued: dict[Future[list[Result]], int] = {}  # each chunk sent, with its first index
    front, back = 0, len(items)  # the documents not started yet: items[front:back]

    def collect(futures: Iterable[Future[list[Result]]]) -> None:
        for future in futures:
            start = queued.pop(future)
            part = future.result()
            results[start : start + len(part)] = part

    while front < back:
        # Two chunks a helper: each has the next at hand when it finishes one.
        while front < back and len(queued) < 2 * helpers:
            size = max(1, min(chunk, (back - front) // (4 * (helpers + 1))))
            future = pool.submit(_parse_chunk, items[front : front + size], recover, encoding)
            queued[future] = front
            front += size
        if front < back:
            back -= 1
            results[back] = parse_document(items[back], recover=recover, encoding=encoding)
        collect([future for future in queued if future.done()])
    collect(list(queued))
    return cast("list[Result]", results)
