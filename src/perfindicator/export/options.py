"""Options the command and ``perfindicator export`` share: sizes, numbers of processes."""

from __future__ import annotations

import argparse

from perfindicator.forms.read import ARCHIVE_LIMIT
from perfindicator.sources.files import DEFAULT_LIMIT

__all__ = ["byte_size", "max_bytes_option", "process_count"]


def byte_size(text: str) -> int:
    """A byte count for ``--max-bytes``: 1000000, 64K, 200M or 2G (powers of 1024)."""
    number, scale = text.strip(), 1
    for suffix, factor in (("K", 1 << 10), ("M", 1 << 20), ("G", 1 << 30)):
        if number.upper().endswith((suffix, suffix + "B")):
            number, scale = number.upper().removesuffix("B").removesuffix(suffix), factor
            break
    if not number.isdigit() or len(number) > 15:
        raise argparse.ArgumentTypeError(f"not a size in bytes such as 64M: {text!r}")
    return int(number) * scale


def process_count(text: str) -> int:
    """A number of processes for ``--jobs``: 0 to 9999 (what 0 means is the command's)."""
    if not text.strip().isdigit() or len(text.strip()) > 4:
        raise argparse.ArgumentTypeError(f"not a number of processes such as 4: {text!r}")
    return int(text)


def max_bytes_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--max-bytes",
        type=byte_size,
        metavar="SIZE",
        help=f"read no file larger than this (default {DEFAULT_LIMIT >> 20}M, and"
        f" {ARCHIVE_LIMIT >> 20}M for PDFs, .xlsx and .docx; K, M, G suffixes)",
    )
