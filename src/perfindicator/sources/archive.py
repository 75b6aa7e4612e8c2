"""The checks an Office file (a zip archive: an .xlsx workbook, a .docx document) passes before
a library unpacks it, and the few words its failures are reported in.

A 511 KB workbook can hold a 512 MB cell, so the sizes the archive's directory gives are
checked first; zipfile reads a part no further than the size its directory gives.
"""

from __future__ import annotations

import xml.parsers.expat
import zipfile
import zlib
from typing import IO
from xml.etree import ElementTree

__all__ = [
    "MAX_RATIO",
    "MAX_UNCOMPRESSED",
    "OLE2",
    "XML_ERRORS",
    "ArchiveError",
    "broken_part",
    "check_archive",
    "openpyxl_damage",
    "reason",
    "size",
]

#: How much an archive may unpack to, and how much a large part of it may be compressed, unless
#: the caller says otherwise.
MAX_UNCOMPRESSED = 256 * 1024 * 1024
MAX_RATIO = 100
#: Parts smaller than this are not held to the ratio (a sheet of repeated rows compresses well).
RATIO_FLOOR = 1024 * 1024
#: How a zip archive's first part begins (an .xlsx workbook and a .docx document are zips).
ZIP_START = b"PK\x03\x04"
#: How an OLE2 compound document begins: an .xls workbook, an old .doc, or an encrypted .xlsx.
OLE2 = bytes.fromhex("d0cf11e0a1b11ae1")
#: What the XML parser raises on a part that is not well-formed.
XML_ERRORS = (SyntaxError, xml.parsers.expat.ExpatError)


class ArchiveError(Exception):
    """An archive refused by ``check_archive``: the message says why; the caller names the file
    in its own error."""


def check_archive(
    file: IO[bytes],
    max_uncompressed: int,
    max_ratio: float,
    *,
    what: str = "an .xlsx workbook",
    whole: str = "the workbook",
) -> None:
    """Refuse a file that is not a zip archive (``what`` it should be), or whose parts unpack
    to more than the limits allow (``whole`` names the file in the message)."""
    file.seek(0)
    started = file.read(4) == ZIP_START
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as error:
        if started:
            raise ArchiveError(
                f"a damaged or cut-short file: it starts as {what} (a zip archive) but is not"
                f" a complete one ({reason(error)}); save or download it again"
            ) from None
        raise ArchiveError(
            f"not {what}: {what} is a zip archive, and this file is not one ({reason(error)})"
        ) from None
    total = sum(member.file_size for member in members)
    if total > max_uncompressed:
        raise ArchiveError(
            f"{whole} unpacks to {total} bytes ({len(members)} parts, {size(total)}),"
            f" more than the limit of {max_uncompressed} ({size(max_uncompressed)});"
            " pass max_uncompressed= to allow more"
        )
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > RATIO_FLOOR and ratio > max_ratio:
            raise ArchiveError(
                f"the part {member.filename} unpacks from {member.compress_size} to"
                f" {member.file_size} bytes, {ratio:.0f} times, more than the limit of"
                f" {max_ratio:g} times for a part over {size(RATIO_FLOOR)};"
                " pass max_ratio= to allow more"
            )


def broken_part(file: IO[bytes]) -> tuple[str, str] | None:
    """The first XML part of an archive that does not parse, and why, to name in the error:
    the library's own error does not say which part it was reading (the archive is within its
    limits here, and every element is dropped once parsed)."""
    file.seek(0)
    with zipfile.ZipFile(file) as archive:
        for member in archive.infolist():
            if not member.filename.endswith((".xml", ".rels")):
                continue
            try:
                with archive.open(member) as part:
                    for _, element in ElementTree.iterparse(part):
                        element.clear()
            except XML_ERRORS as error:
                return member.filename, reason(error)
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError):
                return None  # damage of another kind: say only what the library said
    return None


def size(count: float) -> str:
    """A size in bytes as people say it: 512 MiB, 2.5 KiB."""
    for unit in ("bytes", "KiB", "MiB"):
        if count < 1024:
            return f"{count:.3g} {unit}" if unit != "bytes" else f"{count:.0f} bytes"
        count /= 1024
    return f"{count:.3g} GiB"


def openpyxl_damage() -> tuple[type[BaseException], ...]:
    """What openpyxl and the libraries under it raise on a damaged or hostile workbook."""
    from openpyxl.utils.exceptions import InvalidFileException

    return (InvalidFileException, *DAMAGE)


#: What zipfile, the XML parsers and the readers built on them raise on a damaged or hostile
#: archive.
DAMAGE: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    EOFError,
    OSError,
    KeyError,
    IndexError,
    ValueError,
    TypeError,
    AttributeError,
    ArithmeticError,
    SyntaxError,  # xml.etree.ElementTree.ParseError, lxml's XMLSyntaxError
    xml.parsers.expat.ExpatError,
    NotImplementedError,
    RecursionError,
)


def reason(error: BaseException) -> str:
    """A dependency's error in a few words: its message, or its kind when it has none."""
    # A KeyError's str() is the repr of its key: quoted one way or the other.
    message = error.args[0] if isinstance(error, KeyError) and error.args else error
    text = str(message).strip() or type(error).__name__
    return text if len(text) <= 200 else text[:200] + "…"
