"""Results of the voting-power engine: per-player indices, the method used, and their JSON form."""
from __future__ import annotations

import math
from dataclasses import dataclass, field, fields
from fractions import Fraction

from kingmaker.errors import InvalidGame

INDICES = ("banzhaf", "shapley-shubik", "coleman", "holler", "deegan-packel", "johnston")


@dataclass(frozen=True)
class PlayerPower:
    """One player's indices (``None`` where not computed)."""

    name: str
    weight: Fraction | None = None
    banzhaf: Fraction | float | None = None
    banzhaf_absolute: Fraction | float | None = None
    shapley_shubik: Fraction | float | None = None
    swings: int | None = None
    coleman_prevent: Fraction | float | None = None
    coleman_initiate: Fraction | float | None = None
    holler: Fraction | float | None = None
    deegan_packel: Fraction | float | None = None
    johnston: Fraction | float | None = None


@dataclass(frozen=True)
class PowerResult:
    """Indices of every player, with the method used, exactness and an error bound where approximate.

    ``error_bound`` maps an index name to an absolute bound on each player's value (for Monte Carlo,
    holding for all players at once with probability ``confidence``).
    """

    players: tuple[PlayerPower, ...]
    method: str
    exact: bool
    error_bound: dict[str, float] = field(default_factory=dict)
    confidence: float | None = None

    def values(self, index: str) -> list:
        """One index for all players, e.g. ``values("banzhaf")``."""
        return [getattr(p, index.replace("-", "_")) for p in self.players]

    def to_dict(self, exact: bool | None = None) -> dict:
        """JSON-friendly form; with ``exact`` (default: ``self.exact``) values are "p/q" strings."""
        exact = self.exact if exact is None else exact
        players = []
        for p in self.players:
            row: dict = {}
            for f in fields(p):
                v = getattr(p, f.name)
                if v is None and f.name not in ("name", "weight"):
                    continue
                row[f.name] = _json_number(v, exact) if f.name != "name" else v
            players.append(row)
        out = {"players": players, "method": self.method, "exact": self.exact}
        if self.error_bound:
            out["error_bound"] = self.error_bound
        if self.confidence is not None:
            out["confidence"] = self.confidence
        return out


def _json_number(v, exact: bool):
    if v is None or isinstance(v, (bool, int)):
        return v
    if isinstance(v, Fraction):
        if v.denominator == 1:
            return v.numerator
        return f"{v.numerator}/{v.denominator}" if exact else float(v)
    return float(v)


def wanted_indices(index) -> set[str]:
    """Index names asked for (\"all\", one of INDICES or aliases, or several) as a set."""
    items = [index] if isinstance(index, str) else list(index)
    out: set[str] = set()
    for it in items:
        key = it.strip().lower().replace("_", "-")
        if key == "all":
            out |= set(INDICES)
        elif key in INDICES:
            out.add(key)
        elif key in ("ssi", "shapley"):
            out.add("shapley-shubik")
        elif key in ("public-good", "pgi"):
            out.add("holler")
        else:
            raise InvalidGame(f"unknown index {it!r}; choose from all, {', '.join(INDICES)}")
    return out


def normalise(values: list[Fraction]) -> list[Fraction]:
    total = sum(values, Fraction(0))
    return [v / total if total else Fraction(0) for v in values]


def shapley_from_sizes(by_size: list[list[int]]) -> list[Fraction]:
    """phi_i = sum_s c_i(s) s! (n-1-s)! / n!  (Shapley & Shubik 1954)."""
    n = len(by_size)
    fact = [math.factorial(k) for k in range(n + 1)]
    coef = [fact[s] * fact[n - 1 - s] for s in range(n)]
    done: dict[int, Fraction] = {}  # players of equal weight share one row object
    for row in by_size:
        if id(row) not in done:
            done[id(row)] = Fraction(sum(c * k for c, k in zip(row, coef)), fact[n])
    return [done[id(row)] for row in by_size]
