"""Where texts come from: reading and decoding files, and telling tables from bare blocks."""

from __future__ import annotations

import io
import re
from pathlib import Path


class InputError(Exception):
    """A file that cannot be read or decoded; the message says what to do about it."""


def decode(data: bytes, encoding: str | None) -> str:
    """Text of a file: UTF-8 (with or without BOM), UTF-16 with a BOM, or GB18030, which many
    published tables use; an explicit ``encoding`` is used as given."""
    if encoding is not None:
        if encoding.lower().replace("_", "-") in {"utf-8", "utf8"}:
            encoding = "utf-8-sig"  # a byte-order mark is not part of the text
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError) as error:
            raise InputError(f"cannot decode as {encoding}: {error}") from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise InputError(
                f"cannot decode as UTF-16 (it starts with its mark): {error.reason}"
            ) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as utf8_error:
        try:
            return data.decode("gb18030")
        except UnicodeDecodeError:
            raise InputError(
                f"cannot decode: not UTF-8 ({utf8_error.reason} at byte {utf8_error.start})"
                " nor GB18030; pass --encoding with the file's encoding"
            ) from None


def read_input(name: str, encoding: str | None, stdin: io.BufferedIOBase | None) -> str:
    if name == "-":
        if stdin is None:
            raise InputError("no standard input")
        return decode(stdin.read(), encoding)
    try:
        data = Path(name).read_bytes()
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror or error}") from None
    return decode(data, encoding)


def looks_like_table(text: str) -> bool:
    """Whether a text is a whole target table (a title line, then a header) or a bare block."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) > 1 and re.match(r"^(?:第\s*1\s*页.*|-\s*1\s*-|1\s*/\s*[0-9]+|1)$", lines[0]):
        lines = lines[1:]  # the page number above the first page's title
    if not lines or "表" not in lines[0]:
        return False
    return "绩效目标表" in lines[0] or any(
        line.startswith(("项目名称", "部门", "合计", "总计")) for line in lines[1:6]
    )
