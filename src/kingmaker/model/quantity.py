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
