"""Reading weights and quotas exactly, and the error raised for games that cannot be built.

Quota rule (see :mod:`kingmaker.analysis.voting`): an ``int`` is an absolute weight; a ``str`` is a
percentage ("62%"), a fraction ("2/3"), "majority" (strictly more than half), "unanimity", or a
number; a ``Fraction``/``float``/``Decimal`` q is a share of the total when 0 < q <= 1, else absolute.
"""
from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import numpy as np

from kingmaker.errors import InvalidGame


def to_fraction(x, what: str = "weight") -> Fraction:
    """Read a number exactly: int, Fraction, Decimal, float (as its shortest decimal) or "p/q" string."""
    if isinstance(x, bool):
        raise InvalidGame(f"{what}: {x!r} is not a number")
    try:
        if isinstance(x, float):
            if not math.isfinite(x):
                raise ValueError
            return Fraction(repr(x))
        if isinstance(x, (int, Fraction, Decimal, str)):
            return Fraction(x.strip() if isinstance(x, str) else x)
        if isinstance(x, np.integer):
            return Fraction(int(x))
        if isinstance(x, np.floating):
            return Fraction(repr(float(x)))
    except (ValueError, ZeroDivisionError):
        pass
    raise InvalidGame(f"{what}: {x!r} is not a number (write e.g. 12, 2.5 or 5/2)")


def parse_quota(quota, total: Fraction, strict: bool = False) -> tuple[Fraction, bool]:
    """Return (absolute threshold, strict) following the module's quota rule."""
    if isinstance(quota, str):
        text = quota.strip().lower()
        if text == "majority":
            return total / 2, True
        if text == "unanimity":
            return total, False
        if text.endswith("%"):
            share = to_fraction(text[:-1], "quota") / 100
            if not 0 < share <= 1:
                raise InvalidGame(f"quota {quota!r}: a percentage must be in (0, 100]")
            return share * total, strict
        quota = to_fraction(text, "quota") if "/" in text or "." in text else _int_or_fraction(text)
    if isinstance(quota, bool):
        raise InvalidGame(f"quota {quota!r} is not a number")
    if isinstance(quota, (int, np.integer)):
        return Fraction(int(quota)), strict
    q = to_fraction(quota, "quota")
    if 0 < q <= 1:
        return q * total, strict
    return q, strict


def _int_or_fraction(text: str):
    try:
        return int(text)
    except ValueError:
        return to_fraction(text, "quota")


def fmt(x: Fraction) -> str:
    """An exact number as "p" or "p/q"."""
    return str(x.numerator) if x.denominator == 1 else f"{x.numerator}/{x.denominator}"
