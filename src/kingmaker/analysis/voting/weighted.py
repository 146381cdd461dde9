"""Weighted majority games [q; w_1, ..., w_n] and games of several weighted layers (EU Council).

Exact indices of a weighted game come from generating functions (:mod:`.generating_functions`); games too
large for them switch to Leech's, Owen's or Monte Carlo approximations (:mod:`.approximate`).
Multi-layer games are enumerated (:mod:`.enumeration`).
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from fractions import Fraction
from functools import cached_property

import numpy as np

from kingmaker.analysis.voting import approximate as approx
from kingmaker.analysis.voting import pivots as pivot
from kingmaker.analysis.voting.game import GF_METHOD, Game
from kingmaker.analysis.voting.generating_functions import SwingCounts, count_swings, normalise_integer_game, table_bytes
from kingmaker.analysis.voting.quota import InvalidGame, fmt, parse_quota, to_fraction
from kingmaker.analysis.voting.results import PowerResult, wanted_indices

# Exact generating functions are used when the packed table is at most this big and the total work
# (players x table bytes) at most WORK_LIMIT; beyond that the approximate methods take over.
EXACT_TABLE_LIMIT = 256 * 2**20
WORK_LIMIT = 10**10  # about 5-10 s
#: up to this many players a game whose weights are too large for the generating function (weights near
#: 10^18, say) is counted exactly by enumerating coalitions (2^n, meet-in-the-middle: well under a second)
#: rather than approximated
ENUM_FALLBACK = 24


class _LayerTable:
    """Weight sums of coalition bitmasks by 16-bit lookup tables (exact in int64 or Python ints)."""

    def __init__(self, weights: list[int]):
        big = sum(weights) >= 2**62
        self.dtype = object if big else np.int64
        self.tables = []
        for start in range(0, len(weights), 16):
            chunk = weights[start : start + 16]
            t = np.zeros(1, dtype=self.dtype)
            for w in chunk:
                t = np.concatenate([t, t + w])
            self.tables.append(t)

    def sums(self, masks: np.ndarray) -> np.ndarray:
        total = np.zeros(masks.shape, dtype=self.dtype)
        for k, t in enumerate(self.tables):
            total = total + t[((masks >> (16 * k)) & 0xFFFF).astype(np.int64)]
        return total


class WeightedGame(Game):
    """A weighted majority game [q; w_1, ..., w_n]; see the module docstring for the quota rule.

    >>> WeightedGame([50, 30, 20], quota="majority").banzhaf(exact=True)
    [Fraction(3, 5), Fraction(1, 5), Fraction(1, 5)]
    """

    def __init__(self, weights: Sequence, quota, names: Sequence[str] | None = None, strict: bool = False):
        fr = [to_fraction(w) for w in weights]
        if any(w < 0 for w in fr):
            raise InvalidGame("weights must be non-negative")
        super().__init__(names if names is not None else [f"P{i + 1}" for i in range(len(fr))])
        if len(self.names) != len(fr):
            raise InvalidGame(f"{len(fr)} weights but {len(self.names)} names")
        self.weights = fr
        self.total = sum(fr, Fraction(0))
        threshold, self.strict = parse_quota(quota, self.total, strict)
        self.quota = threshold
        scale = math.lcm(*(w.denominator for w in fr), threshold.denominator)
        self.int_weights = [int(w * scale) for w in fr]
        t = threshold * scale  # an integer
        self.int_quota = int(t) + 1 if self.strict else int(t)
        if self.int_quota <= 0:
            raise InvalidGame(f"quota {quota!r} is not positive: every coalition, even the empty one, would win")
        if self.int_quota > sum(self.int_weights):
            raise InvalidGame(f"quota {quota!r} exceeds the total weight {self.total}: no coalition can win")

    def describe(self) -> str:
        op = ">" if self.strict else ">="
        return f"a coalition wins when its weight {op} {fmt(self.quota)} of {fmt(self.total)}"

    def _weights_for_report(self) -> list:
        return list(self.weights)

    def _wins_masks(self, masks: np.ndarray) -> np.ndarray:
        if masks.dtype == object:
            return np.array([sum(w for i, w in enumerate(self.int_weights) if int(m) >> i & 1) >= self.int_quota for m in masks])
        return self._table.sums(masks) >= self.int_quota

    @cached_property
    def _table(self) -> _LayerTable:
        return _LayerTable(self.int_weights)

    def wins(self, coalition: Iterable) -> bool:
        return sum(self.int_weights[i] for i in {self.index_of(p) for p in coalition}) >= self.int_quota

    def _reduced(self) -> tuple[list[int], int]:
        return normalise_integer_game(list(self.int_weights), self.int_quota)

    def exact_feasible(self, by_size: bool) -> bool:
        """Whether the exact generating function fits the size and time limits."""
        size = table_bytes(self.int_weights, self.int_quota, by_size)
        return size <= EXACT_TABLE_LIMIT and self.n * size <= WORK_LIMIT

    def _exact_counts(self, by_size: bool) -> SwingCounts:
        if not self.exact_feasible(by_size) and self.n <= ENUM_FALLBACK:
            return super()._exact_counts(by_size)  # huge weights, few players: count coalitions exactly
        if not self.exact_feasible(by_size):
            raise InvalidGame(
                f"exact computation too large for {self.n} players and quota {fmt(self.quota)}; "
                "use exact=False (approximate methods) or a smaller game"
            )
        self.method = GF_METHOD
        return count_swings(self.int_weights, self.int_quota, by_size)

    def power(self, index="all", exact: bool = False, method: str = "auto", samples: int = 2000, seed: int = 0) -> PowerResult:
        """Indices of every player.  ``method``: auto | exact | leech | owen | monte-carlo.

        ``auto`` is exact when the generating function is feasible (or the game small enough to
        enumerate), otherwise Leech (Banzhaf) and Owen's MLE (Shapley–Shubik).  Approximate methods
        give floats and an ``error_bound``; they cover Banzhaf, Coleman and Shapley–Shubik only.
        """
        wanted = wanted_indices(index)
        key = method.lower()
        if key not in ("auto", "exact", "leech", "owen", "monte-carlo"):
            raise InvalidGame(f"unknown method {method!r}; choose auto, exact, leech, owen or monte-carlo")
        if key == "exact" or exact or (key == "auto" and (self.exact_feasible("shapley-shubik" in wanted)
                                                             or self.n <= ENUM_FALLBACK)):
            return self._exact_power(wanted, exact)
        return self._approx_power(wanted, key, samples, seed)

    def _approx_power(self, wanted: set[str], key: str, samples: int, seed: int) -> PowerResult:
        if wanted & {"holler", "deegan-packel", "johnston"}:
            raise InvalidGame("Holler, Deegan–Packel and Johnston have no approximate method; ask for banzhaf / shapley-shubik")
        w, q = self._reduced()
        w = np.asarray(w, dtype=np.float64)
        cols: dict[str, list] = {}
        bounds: dict[str, float] = {}
        methods, confidence = [], None
        if wanted & {"banzhaf", "coleman"}:
            if key == "monte-carlo":
                res = approx.monte_carlo_banzhaf(w, q, samples, seed=seed)
            elif key == "owen":
                res = approx.owen_banzhaf(w, q)
            else:
                res = approx.leech_banzhaf(w, q)
            methods.append(res.method)
            confidence = res.confidence or confidence
            absolute = res.values
            cols["banzhaf_absolute"] = absolute.tolist()
            cols["banzhaf"] = (absolute / absolute.sum()).tolist() if absolute.sum() > 0 else [0.0] * self.n
            cols["swings"] = [None] * self.n
            bounds["banzhaf_absolute"] = res.bound
            bounds["banzhaf"] = _normalised_bound(absolute, res.bound)
        if "shapley-shubik" in wanted:
            if key == "monte-carlo":
                res = approx.monte_carlo_shapley(w, q, samples, seed=seed)
            else:
                res = approx.owen_shapley(w, q)
            methods.append(res.method)
            confidence = res.confidence or confidence
            cols["shapley_shubik"] = res.values.tolist()
            bounds["shapley_shubik"] = res.bound
        method = " + ".join(methods)
        self.method = method
        return PowerResult(self._players(cols), method, False, bounds, confidence)

    def search_order(self, player: int) -> list[int]:
        return sorted((j for j in range(self.n) if j != player), key=lambda j: -self.int_weights[j])

    def coalitions_of_size(self, others: list[int], k: int, player: int):
        """k-subsets of ``others`` (heaviest first) with q - w_i <= w(S) < q, by pruned search."""
        w = [self.int_weights[j] for j in others]
        need, q = self.int_quota - self.int_weights[player], self.int_quota
        prefix = [0]  # prefix[p + r] - prefix[p]: the r heaviest weights from position p on
        for x in w:
            prefix.append(prefix[-1] + x)
        budget = [pivot.SEARCH_LIMIT]

        def rec(start: int, chosen: list[int], total: int):
            budget[0] -= 1
            if budget[0] < 0 or total >= q:
                return
            left = k - len(chosen)
            if left == 0:
                if total >= need:
                    yield tuple(others[p] for p in chosen)
                return
            for p in range(start, len(w) - left + 1):
                if total + prefix[p + left] - prefix[p] < need:
                    return  # even the heaviest remaining cannot reach the window
                chosen.append(p)
                yield from rec(p + 1, chosen, total + w[p])
                chosen.pop()

        return rec(0, [], 0)


def _normalised_bound(absolute: np.ndarray, bound: float) -> float:
    """Bound on normalised Banzhaf given a per-player bound on the absolute values."""
    total, slack = float(absolute.sum()), bound * len(absolute)
    if total <= slack:
        return 1.0
    return float(min(1.0, (bound + absolute.max() / total * slack) / (total - slack)))




class MultiWeightedGame(Game):
    """A coalition wins when it wins every layer, or any one of the ``sufficient`` layers.

    EU Council (TEU Art. 16(4)): layers "55 % of members (at least 15)" and "65 % of population";
    sufficient "all but at most three members" (a blocking minority needs four members).  See
    :meth:`eu_council`.  Layers are WeightedGames or (weights, quota) pairs over the same players.

    >>> MultiWeightedGame([([1, 1, 1], 2), ([50, 30, 20], 51)]).shapley_shubik(exact=True)
    [Fraction(2, 3), Fraction(1, 6), Fraction(1, 6)]
    """

    def __init__(self, layers: Sequence, sufficient: Sequence = (), names: Sequence[str] | None = None):
        built = [self._layer(x, names) for x in layers]
        extra = [self._layer(x, names) for x in sufficient]
        if not built:
            raise InvalidGame("a multi-layer game needs at least one layer")
        n = built[0].n
        if any(g.n != n for g in built + extra):
            raise InvalidGame("every layer must have the same number of players")
        super().__init__(names if names is not None else built[0].names)
        if len(self.names) != n:
            raise InvalidGame(f"{n} players but {len(self.names)} names")
        self.layers, self.sufficient = built, extra

    @staticmethod
    def _layer(x, names) -> WeightedGame:
        if isinstance(x, WeightedGame):
            return x
        if isinstance(x, dict):
            return WeightedGame(x["weights"], x["quota"], names=names, strict=bool(x.get("strict", False)))
        weights, quota = x
        return WeightedGame(weights, quota, names=names)

    @classmethod
    def eu_council(cls, population: dict[str, int]) -> MultiWeightedGame:
        """Qualified majority of the Council of the EU for members with these populations."""
        names = list(population)
        n = len(names)
        members = WeightedGame([1] * n, max(15, math.ceil(Fraction(55, 100) * n)), names=names)
        pop = WeightedGame(list(population.values()), Fraction(65, 100), names=names)
        return cls([members, pop], sufficient=[WeightedGame([1] * n, n - 3, names=names)], names=names)

    def describe(self) -> str:
        text = " and ".join(g.describe().replace("a coalition wins when its ", "") for g in self.layers)
        if self.sufficient:
            text += "; or " + " or ".join(g.describe().replace("a coalition wins when its ", "") for g in self.sufficient)
        return "a coalition wins when " + text

    def _wins_masks(self, masks: np.ndarray) -> np.ndarray:
        out = np.ones(masks.shape, dtype=bool)
        for g in self.layers:
            out &= g._wins_masks(masks)
        for g in self.sufficient:
            out |= g._wins_masks(masks)
        return out
