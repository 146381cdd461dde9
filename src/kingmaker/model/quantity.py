"""Estimates: counts and amounts that are exact, ranged or approximate ("almost 700", "up to $13bn")."""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, model_validator

from kingmaker.model.share import to_decimal


class Estimate(BaseModel):
    """A non-negative figure: ``value`` (best figure), optional ``min``/``max``, ``approximate`` flag.

    Written in a case file as ``747``, ``"~650"``, ``"up to 13e9"``, ``"almost 700"`` or a mapping.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    value: Decimal | None = None
    min: Decimal | None = None
    max: Decimal | None = None
    approximate: bool = False
    text: str | None = None

    @model_validator(mode="after")
    def _check(self) -> "Estimate":
        if self.value is None and self.min is None and self.max is None:
            raise ValueError("an estimate needs a value, a min or a max")
        for v in (self.value, self.min, self.max):
            if v is not None and v < 0:
                raise ValueError(f"a count or amount cannot be negative ({v})")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min {self.min} is above max {self.max}")
        return self

    @classmethod
    def parse(cls, raw: Any) -> "Estimate":
        if isinstance(raw, Estimate):
            return raw
        if isinstance(raw, dict):
            return cls.model_validate(raw)
        if isinstance(raw, (int, float, Decimal)) and not isinstance(raw, bool):
            return cls(value=to_decimal(raw, "figure"))
        text = str(raw).strip()
        low = text.lower()
        for prefix, kind in (("~", "approx"), ("about ", "approx"), ("c. ", "approx"), ("almost ", "max"),
                             ("nearly ", "max"), ("up to ", "max"), ("at least ", "min"), ("over ", "min"),
                             ("more than ", "min")):
            if low.startswith(prefix):
                num = to_decimal(text[len(prefix):].replace(",", ""), "figure")
                if kind == "approx":
                    return cls(value=num, approximate=True)
                if kind == "max":
                    return cls(value=num, max=num, approximate=True, text=text)
                return cls(value=num, min=num, approximate=True, text=text)
        return cls(value=to_decimal(text.replace(",", ""), "figure"), text=None)

    @property
    def best(self) -> Decimal:
        if self.value is not None:
            return self.value
        if self.min is not None and self.max is not None:
            return (self.min + self.max) / 2
        return self.min if self.min is not None else self.max  # type: ignore[return-value]

    def __str__(self) -> str:
        if self.text:
            return self.text
        v = self.best
        s = f"{int(v):,}" if v == v.to_integral_value() else f"{v}"
        return ("~" if self.approximate else "") + s


class UnitInterval(BaseModel):
    """A figure in [0, 1] known exactly or only as a range, e.g. a substitutability "between 0.2 and 0.5".

    Written ``0.3``, ``"[0.2, 0.5]"``, ``"0.2-0.5"`` or ``{min: 0.2, max: 0.5}``.

    >>> str(UnitInterval.parse("[0.2, 0.5]"))
    '[0.2, 0.5]'
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    lo: Decimal
    hi: Decimal

    @model_validator(mode="after")
    def _check(self) -> "UnitInterval":
        if not (0 <= self.lo <= self.hi <= 1):
            raise ValueError(f"[{self.lo}, {self.hi}] must lie within 0 … 1 with the lower end first")
        return self

    @classmethod
    def parse(cls, raw: Any) -> "UnitInterval":
        if isinstance(raw, UnitInterval):
            return raw
        if isinstance(raw, dict):
            lo = raw.get("lo", raw.get("min"))
            hi = raw.get("hi", raw.get("max"))
            unknown = set(raw) - {"lo", "hi", "min", "max"}
            if unknown or lo is None or hi is None:
                raise ValueError("write an interval as {min: 0.2, max: 0.5}")
            return cls(lo=to_decimal(lo, "bound"), hi=to_decimal(hi, "bound"))
        if isinstance(raw, str):
            text = raw.strip().strip("[]()")
            for sep in (",", ";", " - ", "-", "–"):
                if sep in text and not text.startswith(sep):
                    a, b = text.split(sep, 1)
                    return cls(lo=to_decimal(a, "bound"), hi=to_decimal(b, "bound"))
        v = to_decimal(raw, "value")
        return cls(lo=v, hi=v)

    @property
    def exact(self) -> bool:
        return self.lo == self.hi

    def __str__(self) -> str:
        return f"{self.lo:g}" if self.exact else f"[{self.lo:g}, {self.hi:g}]"
