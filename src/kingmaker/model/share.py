"""Shares as exact values or intervals with inclusive/exclusive ends (percent, 0–100).

The semantics follow the Beneficial Ownership Data Standard 0.4 ``share`` object: ``exact``, ``minimum``,
``maximum``, ``exclusiveMinimum``, ``exclusiveMaximum`` (BODS 0.4 schema, components.json#/$defs/Share).
A UK PSC band "more than 25 % but not more than 50 %" is ``Share.interval(25, 50, lower_inclusive=False)``,
i.e. the interval (25, 50].

Values are :class:`decimal.Decimal` so that hand-written figures (e.g. 49.5) stay exact; analyses may
convert them to :class:`fractions.Fraction`.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

from pydantic import BaseModel, ConfigDict, model_validator

HUNDRED = Decimal(100)
_NUMBER = r"[-+]?\d+(?:\.\d+)?"
_INTERVAL = re.compile(rf"^\s*([\[(])\s*({_NUMBER})?\s*%?\s*[,;]\s*({_NUMBER})?\s*%?\s*([\])])\s*$")
_COMPARISON = re.compile(rf"(>=|≥|>|<=|≤|<)\s*({_NUMBER})\s*%?")


DECIMAL_COMMA_HINT = "a point before decimals, not a comma: 0.5, not 0,5"
"""What to tell a user who wrote a share with a decimal comma (``0,5``: German, French, …)."""
_DECIMAL_COMMA = re.compile(r"^\s*[-+]?\d+,\d+\s*%?\s*$")


def decimal_comma(value: Any) -> bool:
    """Whether ``value`` is a number written with a decimal comma (``"0,5"``, ``"12,5 %"``).

    >>> decimal_comma("12,5 %"), decimal_comma("(25, 50]")
    (True, False)
    """
    return isinstance(value, str) and bool(_DECIMAL_COMMA.match(value))


def to_decimal(value: Any, what: str = "share") -> Decimal:
    """Convert a number-like value to Decimal, with a clear message when it is not a number."""
    if isinstance(value, bool):
        raise ValueError(f"{what} must be a number, not a boolean")
    if isinstance(value, Fraction):
        return Decimal(value.numerator) / Decimal(value.denominator)
    if isinstance(value, float):
        return Decimal(repr(value))
    try:
        return Decimal(str(value).strip().rstrip("%").strip())
    except (InvalidOperation, ValueError):
        raise ValueError(f"{what} {value!r} is not a number") from None


class Share(BaseModel):
    """A percentage, exact or banded. ``None`` bounds mean "not stated" (0 or 100 in effect).

    ``lower``/``upper`` with ``lower_inclusive``/``upper_inclusive``; an exact share has
    ``lower == upper`` and both ends inclusive.
    """

    model_config = ConfigDict(frozen=True)

    lower: Decimal | None = None
    upper: Decimal | None = None
    lower_inclusive: bool = True
    upper_inclusive: bool = True

    @model_validator(mode="after")
    def _check(self) -> "Share":
        for name in ("lower", "upper"):
            v = getattr(self, name)
            if v is not None and not (0 <= v <= HUNDRED):
                raise ValueError(f"share {name} bound {v} is outside 0–100 %")
        if self.lower is None and self.upper is None:
            raise ValueError("a share needs an exact value or at least one bound")
        if self.lower is not None and self.upper is not None:
            if self.lower > self.upper:
                raise ValueError(f"share minimum {self.lower} is above its maximum {self.upper}")
            if self.lower == self.upper and not (self.lower_inclusive and self.upper_inclusive):
                raise ValueError(f"share interval at {self.lower} with an exclusive end is empty")
        return self

    # -- constructors -------------------------------------------------------------------------
    @classmethod
    def exact(cls, value: Any) -> "Share":
        v = to_decimal(value)
        return cls(lower=v, upper=v)

    @classmethod
    def interval(
        cls, lower: Any = None, upper: Any = None, *, lower_inclusive: bool = True, upper_inclusive: bool = True
    ) -> "Share":
        return cls(
            lower=None if lower is None else to_decimal(lower),
            upper=None if upper is None else to_decimal(upper),
            lower_inclusive=lower_inclusive,
            upper_inclusive=upper_inclusive,
        )

    @classmethod
    def from_bods(cls, obj: dict) -> "Share":
        """From a BODS 0.4 share object (exact / minimum / maximum / exclusiveMinimum / exclusiveMaximum)."""
        return cls._parse_mapping({k: v for k, v in obj.items() if v is not None})

    @classmethod
    def parse(cls, value: Any) -> "Share":
        """Parse what a person writes in a case file.

        Accepted: a number (``49``, ``"49%"``); interval notation ``"(25, 50]"``; comparisons
        ``">25 <=50"``; a mapping with ``exact`` or ``min``/``max``/``exclusive_min``/``exclusive_max``
        (also the BODS spellings).
        """
        if isinstance(value, Share):
            return value
        if isinstance(value, dict):
            return cls._parse_mapping(value)
        if isinstance(value, (int, float, Decimal, Fraction)) and not isinstance(value, bool):
            return cls.exact(value)
        if isinstance(value, str):
            text = value.strip()
            m = _INTERVAL.match(text)
            if m:
                lo, hi = m.group(2), m.group(3)
                return cls.interval(
                    lo, hi, lower_inclusive=(m.group(1) == "[") or lo is None,
                    upper_inclusive=(m.group(4) == "]") or hi is None,
                )
            comps = _COMPARISON.findall(text)
            if comps and _COMPARISON.sub("", text).strip(" ,;and&") == "":
                kwargs: dict[str, Any] = {}
                for op, num in comps:
                    if op in (">", ">=", "≥"):
                        kwargs["lower"], kwargs["lower_inclusive"] = num, op != ">"
                    else:
                        kwargs["upper"], kwargs["upper_inclusive"] = num, op != "<"
                return cls.interval(**kwargs)
            return cls.exact(text)
        raise ValueError(f"cannot read a share from {value!r}")

    @classmethod
    def _parse_mapping(cls, obj: dict) -> "Share":
        if "lower_inclusive" in obj or "upper_inclusive" in obj:  # our own serialised form
            return cls.model_validate(obj)
        aliases = {
            "minimum": "min", "maximum": "max", "exclusiveMinimum": "exclusive_min",
            "exclusiveMaximum": "exclusive_max", "lower": "min", "upper": "max",
        }
        norm = {aliases.get(k, k): v for k, v in obj.items()}
        unknown = set(norm) - {"exact", "min", "max", "exclusive_min", "exclusive_max", "note"}
        if unknown:
            raise ValueError(f"unknown share field(s) {sorted(unknown)}; use exact, min, max, exclusive_min, exclusive_max")
        if norm.get("exact") is not None:
            return cls.exact(norm["exact"])
        lower, lower_inc = norm.get("min"), True
        if norm.get("exclusive_min") is not None:
            lower, lower_inc = norm["exclusive_min"], False
        upper, upper_inc = norm.get("max"), True
        if norm.get("exclusive_max") is not None:
            upper, upper_inc = norm["exclusive_max"], False
        return cls.interval(lower, upper, lower_inclusive=lower_inc, upper_inclusive=upper_inc)

    # -- views --------------------------------------------------------------------------------
    @property
    def is_exact(self) -> bool:
        return self.lower is not None and self.lower == self.upper

    @property
    def low(self) -> Decimal:
        """The lower end, 0 when unstated."""
        return self.lower if self.lower is not None else Decimal(0)

    @property
    def high(self) -> Decimal:
        """The upper end, 100 when unstated."""
        return self.upper if self.upper is not None else HUNDRED

    def as_fractions(self) -> tuple[Fraction, Fraction]:
        """(low, high) as exact fractions of one (not percent)."""
        return Fraction(self.low) / 100, Fraction(self.high) / 100

    def contains(self, value: Any) -> bool:
        v = to_decimal(value)
        lo_ok = v > self.low or (v == self.low and self.lower_inclusive)
        hi_ok = v < self.high or (v == self.high and self.upper_inclusive)
        return lo_ok and hi_ok

    def to_bods(self) -> dict:
        if self.is_exact:
            return {"exact": _num(self.lower)}
        out: dict[str, Any] = {}
        if self.lower is not None:
            out["minimum" if self.lower_inclusive else "exclusiveMinimum"] = _num(self.lower)
        if self.upper is not None:
            out["maximum" if self.upper_inclusive else "exclusiveMaximum"] = _num(self.upper)
        return out

    def __str__(self) -> str:
        if self.is_exact:
            return f"{_num(self.lower)}%"
        lo = "[" if self.lower_inclusive else "("
        hi = "]" if self.upper_inclusive else ")"
        a = "" if self.lower is None else _num(self.lower)
        b = "" if self.upper is None else _num(self.upper)
        return f"{lo}{a}%, {b}%{hi}"


def _num(d: Decimal | None) -> int | float:
    if d is None:
        raise ValueError("no value")
    return int(d) if d == d.to_integral_value() else float(d)
