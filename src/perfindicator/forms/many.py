"""Many documents at once: ``parse_many`` on a process pool, results in input order.

Each document is a text (``str``) or a file (``pathlib.Path`` or another ``os.PathLike``); a whole
table gives a ``TargetTable``, a bare block an indicator list. A document that fails does not
stop the others: its place in the results holds the error (``ParseError``, or
``InputError`` for a file that cannot be read), so results and errors line up with the input.
Everything returned pickles, so the same function serves a process pool or a Dask cluster.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Union

from perfindicator.forms.detect import parse_text
from perfindicator.model.document import TargetTable
from perfindicator.model.errors import ParseError
from perfindicator.notation.blocks import IndicatorList
from perfindicator.sources.files import InputError, decode

#: What one document gives: the table or the indicators, or the error that stopped it.
Result = TargetTable | IndicatorList | ParseError | InputError
Source = Union[str, "os.PathLike[str]"]


def parse_document(source: Source, *, recover: bool = False, encoding: str | None = None) -> Result:
    """Parse one document (a text, or the path of a file), returning errors as values."""
    if isinstance(source, str):
        text = source
    else:
        try:
            text = decode(Path(source).read_bytes(), encoding)
        except OSError as error:
            return InputError(f"{os.fspath(source)}: cannot read: {error.strerror or error}")
        except InputError as error:
            return InputError(f"{os.fspath(source)}: {error}")
    try:
        return parse_text(text, recover=recover)
    except ParseError as error:
        # Returned as a value, and maybe sent to another process: without Lark's error as its
        # cause, which holds the parser's state (tblib, which Dask installs, pickles causes).
        error.__cause__ = error.__context__ = None
        error.__traceback__ = None
        return error


def _parse_chunk(sources: Sequence[Source], recover: bool, encoding: str | None) -> list[Result]:
    return [parse_document(source, recover=recover, encoding=encoding) for source in sources]


def parse_many(
    sources: Iterable[Source],
    *,
    workers: int | None = None,
    recover: bool = False,
    encoding: str | None = None,
    chunk: int = 16,
) -> list[Result]:
    """Parse many documents on ``workers`` processes (default: one per CPU; 1: in this process).

    Returns one result per source, in input order: a ``TargetTable`` for a whole table, an
    indicator list for a bare block, or the ``ParseError`` / ``InputError`` that stopped
    that document. ``chunk`` documents go to a worker at a time.
    """
    items = list(sources)
    count = workers if workers is not None else (os.cpu_count() or 1)
    if count <= 1 or len(items) <= 1:
        return _parse_chunk(items, recover, encoding)
    chunks = [items[start : start + chunk] for start in range(0, len(items), chunk)]
    from concurrent.futures import ProcessPoolExecutor  # only here: it takes a while to import

    with ProcessPoolExecutor(max_workers=min(count, len(chunks))) as pool:
        parts = pool.map(_parse_chunk, chunks, [recover] * len(chunks), [encoding] * len(chunks))
        return [result for part in parts for result in part]
