"""Closed intervals on [0, 1] for quantities whose inputs may be missing or banded.

A missing input is not guessed: it becomes the whole range it could take, and the result carries the
bounds that follow. Products and noisy-or combinations of increasing factors stay intervals.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable


@dataclass(frozen=True)
class Bounds:
    lo: float
    hi: float

    def __post_init__(self) -> None:
        if not (0.0 <= self.lo <= self.hi <= 1.0 + 1e-12):
            raise ValueError(f"bad bounds [{self.lo}, {self.hi}]")

    @classmethod
    def point(cls, x: float) -> "Bounds":
        return cls(float(x), float(x))

    @classmethod
    def unknown(cls) -> "Bounds":
        return cls(0.0, 1.0)

    @property
    def exact(self) -> bool:
        return abs(self.hi - self.lo) < 1e-12

    @property
    def mid(self) -> float:
        return (self.lo + self.hi) / 2

    def __mul__(self, other: "Bounds") -> "Bounds":
        return Bounds(self.lo * other.lo, min(1.0, self.hi * other.hi))

    def complement(self) -> "Bounds":
        return Bounds(1.0 - self.hi, 1.0 - self.lo)

    def __str__(self) -> str:
        return f"{self.lo:.2f}" if self.exact else f"[{self.lo:.2f}, {self.hi:.2f}]"

    def to_dict(self) -> dict:
        return {"lo": round(self.lo, 6), "hi": round(self.hi, 6)}


def product(factors: Iterable[Bounds]) -> Bounds:
    out = Bounds.point(1.0)
    for f in factors:
        out = out * f
    return out


def noisy_or(parts: Iterable[Bounds]) -> Bounds:
    """1 − Π(1 − dᵢ): independent channels of dependence combined (each alone can bind)."""
    lo_keep, hi_keep = 1.0, 1.0
    for p in parts:
        lo_keep *= 1.0 - p.lo
        hi_keep *= 1.0 - p.hi
    return Bounds(1.0 - lo_keep, 1.0 - hi_keep)


def difference(a: Bounds, b: Bounds) -> tuple[float, float]:
    """Bounds of a − b (in [−1, 1])."""
    return a.lo - b.hi, a.hi - b.lo
