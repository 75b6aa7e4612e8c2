"""Where texts come from: reading and decoding files and standard input, within bounds."""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path

#: The largest input the command reads unless told otherwise (``--max-bytes``): the text of
#: a province's whole budget book is a few megabytes.
DEFAULT_LIMIT = 32 * 1024 * 1024


class InputError(Exception):
    """A file that cannot be read or decoded; the message says what to do about it."""


#: What this release reads, for the errors on a file it cannot.
FORMATS = (
    "text (the target-table layout, or cells pasted with tabs or |), PDFs, web pages, "
    "workbooks (.xlsx, .xls) and Word files (.docx)"
)
#: How much of a file is looked at to tell whether it is text.
_HEAD = 8192
#: Bytes no text in any encoding this release decodes holds: control characters other than
#: tab, line ends, vertical tab and form feed (NUL is UTF-16's, which starts with its mark).
_CONTROLS = frozenset({*range(0x20), 0x7F} - set(b"\t\n\r\x0b\x0c"))


def _not_text(reason: str) -> InputError:
    return InputError(f"not a text file ({reason}) nor a format this release reads: {FORMATS}")


def decode(data: bytes, encoding: str | None) -> str:
    """Text of a file: UTF-8 (with or without BOM), UTF-16 with a BOM, or GB18030, which many
    published tables use; an explicit ``encoding`` is used as given. Bytes that are no text
    (NUL bytes, or control bytes in what decodes as neither) are refused as such, not as text
    in another encoding."""
    if encoding is not None:
        codec = encoding
        if encoding.lower().replace("_", "-") in {"utf-8", "utf8"}:
            codec = "utf-8-sig"  # a byte-order mark is not part of the text
        try:
            return data.decode(codec)
        except (UnicodeDecodeError, LookupError) as error:
            raise InputError(f"cannot decode as {encoding}: {error}") from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise InputError(
                f"cannot decode as UTF-16 (it starts with its mark): {error.reason}"
            ) from None
    if b"\x00" in data[:_HEAD]:
        raise _not_text("it holds NUL bytes")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as utf8_error:
        try:
            return data.decode("gb18030")
        except UnicodeDecodeError:
            if not _CONTROLS.isdisjoint(data[:_HEAD]):
                raise _not_text("it holds control bytes and is neither UTF-8 nor GB18030") from None
            raise InputError(
                f"cannot decode: not UTF-8 ({utf8_error.reason} at byte {utf8_error.start})"
                " nor GB18030; pass --encoding with the file's encoding"
            ) from None


def read_input(
    name: str,
    encoding: str | None,
    stdin: io.BufferedIOBase | None,
    limit: int = DEFAULT_LIMIT,
) -> str:
    """The text of a file, or of standard input for ``-``: at most ``limit`` bytes are read,
    and only from a regular file or standard input (a FIFO, a device such as ``/dev/zero`` or a
    directory would hang or never end)."""
    return decode(read_input_bytes(name, stdin, limit), encoding)


def read_input_bytes(
    name: str, stdin: io.BufferedIOBase | None, limit: int = DEFAULT_LIMIT
) -> bytes:
    """The bytes of a file, or of standard input for ``-``, within ``limit`` (``read_input``)."""
    if name == "-":
        if stdin is None:
            raise InputError("no standard input (it is closed)")
        try:
            data = stdin.read(limit + 1)
        except (OSError, ValueError) as error:  # ValueError: the stream is closed
            raise InputError(f"cannot read standard input: {_reason(error)}") from None
    else:
        data = read_bytes(name, limit)
    if len(data) > limit:
        raise InputError(
            f"larger than the limit of {limit:,} bytes; pass --max-bytes to read bigger files"
        )
    return data


def read_bytes(name: str | Path, limit: int, *, stdin_too: bool = True) -> bytes:
    """Up to ``limit + 1`` bytes of a regular file (one more than allowed tells the caller it
    is too big), opened without blocking so that a FIFO cannot hang the reader."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        descriptor = os.open(name, flags)
    except OSError as error:
        raise InputError(f"cannot read: {_reason(error)}") from None
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            raise InputError(
                f"cannot read: not a regular file but {_kind(mode)}; pass a file"
                + (", or - for standard input" if stdin_too else "")
            )
        with os.fdopen(descriptor, "rb") as file:
            descriptor = -1  # closed with the file
            return file.read(limit + 1)
    except OSError as error:
        raise InputError(f"cannot read: {_reason(error)}") from None
    finally:
        if descriptor >= 0:
            os.close(descriptor)


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def _reason(error: Exception) -> str:
    return (error.strerror if isinstance(error, OSError) else None) or str(error)
