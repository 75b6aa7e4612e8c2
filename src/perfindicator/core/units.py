"""Units, in one place: reading a unit written alone, its scale, its dimension, and converting.

Every layer that meets a unit asks here: the value reader (``normalise_unit``), the model
(``unit_dimension``), the spreadsheet reader (``is_unit`` for a 计量单位 cell such as 万元),
the checks and scoring (``conversion``). The unit table itself is data in ``vocabulary.py``.
"""

from __future__ import annotations

import re
from decimal import Decimal

from perfindicator.core import vocabulary as vocab

__all__ = [
    "conversion",
    "convertible",
    "is_unit",
    "normalise_unit",
    "split_scale",
    "unit_dimension",
    "unit_factor",
]

#: Scale words longest first, so that 百万 is tried before 百.
_SCALES_LONGEST_FIRST = sorted(vocab.SCALES, key=len, reverse=True)


def _parts(unit: str) -> list[str]:
    """A compound unit's parts: 元/人 and 人·天 are two parts."""
    return unit.replace("·", "/").split("/")


def split_scale(word: str) -> tuple[Decimal, str] | None:
    """A unit word with a scale word before it (万元, 千元, 万人次) as (scale, unit spelling);
    None when ``word`` does not start with a scale word followed by a known spelling."""
    for scale in _SCALES_LONGEST_FIRST:
        if word.startswith(scale) and word[len(scale) :] in vocab.SPELLINGS:
            return vocab.SCALES[scale], word[len(scale) :]
    return None


def normalise_unit(written: str) -> tuple[str, Decimal] | None:
    """A unit written alone (%, 万元, 元/人, 次/年) as (canonical, scale), or None if unknown."""
    parts = re.split(r"([/·])", vocab.fold(written))
    canonical = []
    scale = Decimal(1)
    for index, part in enumerate(parts):
        if index % 2:
            canonical.append(part)
            continue
        part_scale = Decimal(1)
        if index == 0 and part not in vocab.SPELLINGS:  # 千克 is a unit, 千元 a scaled one
            scaled = split_scale(part)
            if scaled is not None:
                part_scale, part = scaled  # 万元
        known = vocab.SPELLINGS.get(part)
        if known is None:
            return None
        canonical.append(known.canonical)
        if index == 0:
            scale = known.scale if part_scale == 1 else known.scale * part_scale
    dimensions = {vocab.UNITS[part].dimension for part in canonical[::2] if part in vocab.UNITS}
    if len(canonical) > 1 and dimensions == {vocab.COUNT}:
        return None  # 台/件 lists choices of count words; 元/人 and 次/年 are rates
    return "".join(canonical), scale


def is_unit(unit: str) -> bool:
    """Whether a 计量单位 cell is a unit the value language knows (元, %, 人次, 元/人…), with or
    without a scale word before it (万元, 亿元, 万人次), or a scale word alone (万)."""
    parts = re.split(r"[/·]", vocab.fold(unit).strip())
    return all(_is_unit_word(part) for part in parts) and bool(parts[0])


def _is_unit_word(word: str) -> bool:
    if word in vocab.SPELLINGS or word in vocab.UNITS or word in ("万", "亿"):
        return True
    return split_scale(word) is not None


def unit_dimension(unit: str | None) -> str | None:
    """The dimension of a canonical unit (``count``, ``currency``, ``percent`` …), or None.

    A compound unit such as ``元/人`` has the dimensions of its parts joined with ``/``; a unit
    that is not in the unit table has no known dimension.
    """
    if unit is None:
        return None
    dimensions = []
    for part in _parts(unit):
        known = vocab.UNITS.get(part)
        if known is None:
            return None
        dimensions.append(known.dimension)
    return "/".join(dimensions)


def unit_factor(unit: str) -> tuple[tuple[str, str], Decimal] | None:
    """A simple unit's dimension and base, and its size in that base; None if unknown."""
    known = vocab.UNITS.get(unit)
    if known is None:
        return None
    return (known.dimension, known.base), known.factor


def conversion(source: str | None, target: str | None) -> Decimal:
    """What a number in ``source`` units is multiplied by to be in ``target`` units.

    A number without a unit is taken to be in the target's unit (98 against ≥95%). Units
    convert when they measure the same thing from the same base (万元 and 元, 年 and 月,
    平方公里 and 公顷); compound units part by part (元/人). Anything else raises ValueError.
    """
    if source is None or target is None or source == target:
        return Decimal(1)
    source_parts = _parts(source)
    target_parts = _parts(target)
    if len(source_parts) == len(target_parts):
        factor = Decimal(1)
        for index, (mine, theirs) in enumerate(zip(source_parts, target_parts, strict=True)):
            a, b = unit_factor(mine), unit_factor(theirs)
            if mine != theirs and (a is None or b is None or a[0] != b[0]):
                break
            ratio = Decimal(1) if mine == theirs else a[1] / b[1]  # type: ignore[index]
            factor = factor * ratio if index == 0 else factor / ratio
        else:
            return factor
    what = unit_dimension(source) or "an unknown dimension"
    wanted = unit_dimension(target) or "an unknown dimension"
    raise ValueError(
        f"cannot compare '{source}' ({what}) with a target in '{target}' ({wanted}):"
        " the units do not convert"
    )


def convertible(source: str | None, target: str | None) -> bool:
    """Whether a number in ``source`` units can be compared with a target in ``target`` units."""
    try:
        conversion(source, target)
    except ValueError:
        return False
    return True
