"""The shape of an item start (``1、1-``) and of the separators, taken from the indicator grammar.

The grammar is the one definition: its terminals say which characters are digits, the item
mark (、), the code dash and the separators (；), and which are spaces. The fast paths, the
recovery of the block reader and the table reader look for an item start outside the parser;
they build their patterns here, so they cannot drift from the grammar.
"""

from __future__ import annotations

import re

from perfindicator.notation.grammar import grammar_text


def _terminals() -> dict[str, str]:
    """The indicator grammar's terminals written as one pattern: name to pattern."""
    return dict(re.findall(r"(?m)^([A-Z_]+): /(.*)/$", grammar_text("indicators")))


_TERMINALS = _terminals()
# ITEM_NUMBER is /[0-9０-９]{1,6}<spaces>*、/ and LEVEL_CODE /[0-9０-９]+<spaces>*<dash>/.
_ITEM = re.fullmatch(r"(\[[^\]]+\])\{1,6\}(\[[^\]]+\])\*(.)", _TERMINALS["ITEM_NUMBER"])
_CODE = re.fullmatch(r"(\[[^\]]+\])\+(\[[^\]]+\])\*(\[[^\]]+\])", _TERMINALS["LEVEL_CODE"])
if _ITEM is None or _CODE is None or _ITEM.group(1, 2) != _CODE.group(1, 2):
    raise ImportError("the indicator grammar's ITEM_NUMBER or LEVEL_CODE has a new shape")

#: A digit, half or full width: ``[0-9０-９]``.
DIGIT: str = _ITEM.group(1)
#: What goes between ``[`` and ``]`` for a digit, to build a class such as ``[^0-9０-９\s]``.
DIGITS: str = DIGIT[1:-1]
#: The spaces the grammar allows inside an item start and its labels.
SPACE: str = _ITEM.group(2)
#: The mark after an item number: ``、``.
ITEM_MARK: str = _ITEM.group(3)
#: The dash after a level or category code: ``[-－—–]``.
DASH: str = _CODE.group(3)
#: The separator between the fields of an item: ``[；;]``.
SEPARATOR: str = _TERMINALS["NAME_SEP"]


def item_start(space: str = SPACE, *, number: str = f"{DIGIT}+", code: str = f"{DIGIT}+") -> str:
    """A pattern for an item start, its number, 、 and level code (``1、1-``), with ``space``
    allowed around the mark and before the dash (the grammar's spaces unless told, such as
    ``\\s`` where a line break may fall), ``number`` for the item number and ``code`` for the
    level code."""
    return f"{number}{space}*{ITEM_MARK}{space}*{code}{space}*{DASH}"
