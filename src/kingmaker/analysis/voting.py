"""Voting power: weighted, multi-layer and simple games, their power indices and pivots.

    >>> g = WeightedGame([4, 4, 4, 2, 2, 1], quota=12, names=["FR", "DE", "IT", "BE", "NL", "LU"])
    >>> g.banzhaf(exact=True)[:4]
    [Fraction(5, 21), Fraction(5, 21), Fraction(5, 21), Fraction(1, 7)]

**Winning.** A coalition wins when its weight is >= the quota, or > the quota with ``strict=True``
("more than 50 %", common in company law).

**Quota.** An ``int`` is always an absolute weight.  A ``str`` is a percentage ("62%"), a fraction
("2/3"), "majority" (more than half of the total weight, i.e. strict 50 %), "unanimity", or a number
read by the next rule.  A ``Fraction``, ``float`` or ``Decimal`` q is a share of the total weight when
0 < q <= 1 and an absolute weight when q > 1 (so ``Fraction(1)`` means all the weight; write the
``int`` 1 for an absolute quota of one).  Weights may be integers, Fractions, floats (read as their
shortest decimal: 0.1 is 1/10) or strings like "3/2"; everything is scaled to integers exactly.

**Indices** (Felsenthal & Machover 1998, "The Measurement of Voting Power"): Penrose–Banzhaf
absolute (swings / 2^(n-1)) and normalised (swings / total swings); Shapley–Shubik (1954); Coleman's
(1971) power to prevent (swings / winning coalitions) and to initiate (swings / losing coalitions);
Holler's (1982) public good index; Deegan & Packel (1978); Johnston (1978).  ``exact=True`` returns
``Fraction``s.  The method is chosen automatically and reported in ``.method`` and in
:class:`PowerResult`: bit-packed generating functions for weighted games (voting_methods), enumeration
for other games (voting_enum), and for very large weighted games Leech's major/minor method, Owen's
multilinear extension or Monte Carlo, with an error bound (voting_approx).
"""
from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, fields
from decimal import Decimal
from fractions import Fraction
from functools import cached_property
from itertools import combinations

import numpy as np

from kingmaker.analysis import voting_approx as approx
from kingmaker.analysis import voting_pivot as pivot
from kingmaker.analysis.voting_enum import ENUM_MAX, ENUM_TABLE_MAX, enum_counts, structure_indices, win_table
from kingmaker.analysis.voting_methods import SwingCounts, count_swings, normalise_integer_game, table_bytes
from kingmaker.errors import UserError

INDICES = ("banzhaf", "shapley-shubik", "coleman", "holler", "deegan-packel", "johnston")
# Exact generating functions are used when the packed table is at most this big and the total work
# (players x table bytes) at most WORK_LIMIT; beyond that the approximate methods take over.
EXACT_TABLE_LIMIT = 256 * 2**20
WORK_LIMIT = 10**10  # about 5-10 s
GF_METHOD = "generating-function"
ENUM_METHOD = "enumeration"


class InvalidGame(UserError, ValueError):
    """A game that cannot be built or computed as asked (exit code 2 on the command line)."""


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


class Game:
    """Common interface of simple games: winning test, exact counts, indices and pivots.

    Subclasses provide ``_wins_masks`` (vectorised over coalition bitmasks) and may override
    ``_exact_counts`` with a faster method.
    """

    names: tuple[str, ...]
    method: str | None = None

    def __init__(self, names: Sequence[str]):
        names = tuple(str(x) for x in names)
        if len(set(names)) != len(names):
            raise InvalidGame(f"player names must be distinct: {list(names)}")
        if not names:
            raise InvalidGame("a game needs at least one player")
        self.names = names
        self._cache: dict = {}

    @property
    def n(self) -> int:
        return len(self.names)

    # -- winning --------------------------------------------------------------------------------
    def index_of(self, player) -> int:
        """Index of a player given by index or (case-insensitive) name."""
        if isinstance(player, (int, np.integer)) and not isinstance(player, bool):
            if 0 <= player < self.n:
                return int(player)
        else:
            text = str(player).strip().lower()
            hits = [i for i, nm in enumerate(self.names) if nm.lower() == text]
            if len(hits) == 1:
                return hits[0]
        raise InvalidGame(f"unknown player {player!r}; players are {', '.join(self.names)}")

    def wins(self, coalition: Iterable) -> bool:
        """Does this coalition (player indices or names) win?"""
        mask = 0
        for p in coalition:
            mask |= 1 << self.index_of(p)
        return bool(self._wins_masks(np.array([mask], dtype=object if self.n > 62 else np.int64))[0])

    def _wins_masks(self, masks: np.ndarray) -> np.ndarray:  # pragma: no cover - abstract
        raise NotImplementedError

    def describe(self) -> str:
        return f"{type(self).__name__} of {self.n} players"

    # -- exact counting -------------------------------------------------------------------------
    def _exact_counts(self, by_size: bool) -> SwingCounts:
        if self.n > ENUM_MAX:
            raise InvalidGame(f"exact enumeration is limited to {ENUM_MAX} players; this game has {self.n}")
        self.method = ENUM_METHOD
        return enum_counts(self.n, self._wins_masks, by_size=True)

    def _counts(self, by_size: bool) -> SwingCounts:
        key = ("counts", by_size)
        if key not in self._cache:
            cached = self._cache.get(("counts", True))
            self._cache[key] = cached if cached is not None else self._exact_counts(by_size)
            self._cache["counts-method"] = self.method
        self.method = self._cache["counts-method"]
        return self._cache[key]

    @cached_property
    def _structure(self) -> dict:
        if self.n > ENUM_TABLE_MAX:
            raise InvalidGame(
                f"Holler, Deegan–Packel and Johnston need the full win table: at most {ENUM_TABLE_MAX} players (this game has {self.n})"
            )
        return structure_indices(self.n, win_table(self.n, self._wins_masks))

    def swings(self) -> list[int]:
        """Number of swings (coalitions of others that the player turns from losing to winning)."""
        return list(self._counts(False).swings)

    def swings_by_size(self) -> list[list[int]]:
        """``[i][s]``: swings of player i whose coalition of others has s members."""
        return [list(r) for r in self._counts(True).by_size]

    # -- indices ----------------------------------------------------------------------------------
    def power(self, index: str | Iterable[str] = "all", exact: bool = False, method: str = "auto") -> PowerResult:
        """Compute indices ("all", one name of INDICES, or several) for every player."""
        wanted = _wanted(index)
        return self._exact_power(wanted, exact)

    def _exact_power(self, wanted: set[str], exact: bool) -> PowerResult:
        n = self.n
        cols: dict[str, list] = {}
        methods = []
        if wanted & {"banzhaf", "coleman", "shapley-shubik"}:
            counts = self._counts("shapley-shubik" in wanted)
            methods.append(self.method)
            sw = counts.swings
            total_sw = sum(sw)
            cols["swings"] = list(sw)
            if "banzhaf" in wanted:
                cols["banzhaf"] = [Fraction(s, total_sw) if total_sw else Fraction(0) for s in sw]
                cols["banzhaf_absolute"] = [Fraction(s, 2 ** (n - 1)) for s in sw]
            if "coleman" in wanted:
                winning = 2**n - counts.losing
                cols["coleman_prevent"] = [Fraction(s, winning) if winning else Fraction(0) for s in sw]
                cols["coleman_initiate"] = [Fraction(s, counts.losing) if counts.losing else Fraction(0) for s in sw]
            if "shapley-shubik" in wanted:
                cols["shapley_shubik"] = shapley_from_sizes(counts.by_size)
        if wanted & {"holler", "deegan-packel", "johnston"}:
            st = self._structure
            methods.append(ENUM_METHOD)
            if "holler" in wanted:
                cols["holler"] = _normalise([Fraction(c) for c in st["mwc"]])
            if "deegan-packel" in wanted:
                m = st["mwc_total"][0]
                cols["deegan_packel"] = [d / m if m else Fraction(0) for d in st["dp"]]
            if "johnston" in wanted:
                cols["johnston"] = _normalise(st["johnston"])
        if not exact:
            cols = {k: (v if k == "swings" else [float(x) for x in v]) for k, v in cols.items()}
        method = " + ".join(dict.fromkeys(methods))
        self.method = method
        return PowerResult(self._players(cols), method, exact)

    def _players(self, cols: dict[str, list]) -> tuple[PlayerPower, ...]:
        weights = self._weights_for_report()
        return tuple(
            PlayerPower(name=self.names[i], weight=weights[i] if weights else None, **{k: v[i] for k, v in cols.items()})
            for i in range(self.n)
        )

    def _weights_for_report(self) -> list | None:
        return None

    def banzhaf(self, absolute: bool = False, exact: bool = False) -> list:
        """Normalised (or with ``absolute`` the absolute, swings/2^(n-1)) Penrose–Banzhaf index."""
        return self.power("banzhaf", exact=exact).values("banzhaf_absolute" if absolute else "banzhaf")

    def shapley_shubik(self, exact: bool = False) -> list:
        """Shapley–Shubik index (the share of orderings in which the player is pivotal)."""
        return self.power("shapley-shubik", exact=exact).values("shapley_shubik")

    def coleman_prevent(self, exact: bool = False) -> list:
        """Coleman's power to prevent action: swings / number of winning coalitions."""
        return self.power("coleman", exact=exact).values("coleman_prevent")

    def coleman_initiate(self, exact: bool = False) -> list:
        """Coleman's power to initiate action: swings / number of losing coalitions."""
        return self.power("coleman", exact=exact).values("coleman_initiate")

    def holler(self, exact: bool = False) -> list:
        """Holler's public good index: minimal winning coalitions containing the player, normalised."""
        return self.power("holler", exact=exact).values("holler")

    def deegan_packel(self, exact: bool = False) -> list:
        """Deegan–Packel: minimal winning coalitions equally likely, split equally among members."""
        return self.power("deegan-packel", exact=exact).values("deegan_packel")

    def johnston(self, exact: bool = False) -> list:
        """Johnston: each winning coalition's unit split among its critical members, normalised."""
        return self.power("johnston", exact=exact).values("johnston")

    # -- pivots -------------------------------------------------------------------------------------
    def analyse_vote(self, yes: Iterable) -> pivot.VoteAnalysis:
        """Who was critical in the vote where exactly ``yes`` voted yes (see voting_pivot)."""
        return pivot.analyse_vote(self, yes)

    def swing_coalitions(self, player, limit: int = 5) -> pivot.SwingReport:
        """The player's swing coalitions: how many, and the smallest ones."""
        return pivot.swing_coalitions(self, player, limit)

    def pivotal_by_size(self, size: int) -> list[tuple[str, int]]:
        """Players ranked by how many coalitions of ``size`` other players they turn into winners."""
        return pivot.pivotal_by_size(self, size)

    def search_order(self, player: int) -> list[int]:
        return [j for j in range(self.n) if j != player]

    def coalitions_of_size(self, others: list[int], k: int, player: int):
        return combinations(others, k)


def _wanted(index) -> set[str]:
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


def _normalise(values: list[Fraction]) -> list[Fraction]:
    total = sum(values, Fraction(0))
    return [v / total if total else Fraction(0) for v in values]


def shapley_from_sizes(by_size: list[list[int]]) -> list[Fraction]:
    """phi_i = sum_s c_i(s) s! (n-1-s)! / n!  (Shapley & Shubik 1954)."""
    n = len(by_size)
    fact = [math.factorial(k) for k in range(n + 1)]
    coef = [fact[s] * fact[n - 1 - s] for s in range(n)]
    return [Fraction(sum(c * k for c, k in zip(row, coef)), fact[n]) for row in by_size]


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
    """A weighted majority game [q; w_1, ..., w_n]; see the module docstring for the quota rule."""

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
        return f"a coalition wins when its weight {op} {_fmt(self.quota)} of {_fmt(self.total)}"

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
        if not self.exact_feasible(by_size):
            raise InvalidGame(
                f"exact computation too large for {self.n} players and quota {_fmt(self.quota)}; "
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
        wanted = _wanted(index)
        key = method.lower()
        if key not in ("auto", "exact", "leech", "owen", "monte-carlo"):
            raise InvalidGame(f"unknown method {method!r}; choose auto, exact, leech, owen or monte-carlo")
        if key == "exact" or exact or (key == "auto" and self.exact_feasible("shapley-shubik" in wanted)):
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


def _fmt(x: Fraction) -> str:
    return str(x.numerator) if x.denominator == 1 else f"{x.numerator}/{x.denominator}"


class MultiWeightedGame(Game):
    """A coalition wins when it wins every layer, or any one of the ``sufficient`` layers.

    EU Council (TEU Art. 16(4)): layers "55 % of members (at least 15)" and "65 % of population";
    sufficient "all but at most three members" (a blocking minority needs four members).  See
    :meth:`eu_council`.  Layers are WeightedGames or (weights, quota) pairs over the same players.
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


class SimpleGame(Game):
    """A monotone simple game given by its minimal winning coalitions (sets of names or indices)."""

    def __init__(self, names: Sequence[str], minimal_winning: Iterable[Iterable], rule: str | None = None):
        super().__init__(names)
        masks = []
        for c in minimal_winning:
            m = 0
            for p in c:
                m |= 1 << self.index_of(p)
            masks.append(m)
        if not masks:
            raise InvalidGame("a simple game needs at least one winning coalition")
        self.minimal = sorted(set(masks))
        self._rule = rule

    @classmethod
    def from_rule(cls, names: Sequence[str], rule: Callable[[frozenset[str]], bool], description: str | None = None) -> SimpleGame:
        """Build from a monotone rule on sets of names (evaluated on all 2^n coalitions, n <= 20)."""
        names = list(names)
        n = len(names)
        if n > 20:
            raise InvalidGame("a rule-based game is limited to 20 players; give minimal winning coalitions instead")
        table = np.array([bool(rule(frozenset(names[i] for i in range(n) if m >> i & 1))) for m in range(1 << n)])
        minimal = []
        for m in np.flatnonzero(table):
            if all(not table[m & ~(1 << i)] for i in range(n) if m >> i & 1):
                minimal.append([i for i in range(n) if m >> i & 1])
        if not minimal:
            raise InvalidGame("the rule lets no coalition win")
        return cls(names, minimal, rule=description)

    @classmethod
    def with_veto(cls, base: Game, veto: Iterable) -> SimpleGame:
        """``base`` where every player in ``veto`` must also be among the winners."""
        need = {base.index_of(v) for v in veto}
        return cls.from_rule(base.names, lambda s: need <= {base.index_of(x) for x in s} and base.wins(s))

    def describe(self) -> str:
        if self._rule:
            return self._rule
        shown = ["{" + ", ".join(self.names[i] for i in range(self.n) if m >> i & 1) + "}" for m in self.minimal[:6]]
        more = f" (+{len(self.minimal) - 6} more)" if len(self.minimal) > 6 else ""
        return "a coalition wins when it contains one of " + ", ".join(shown) + more

    def _wins_masks(self, masks: np.ndarray) -> np.ndarray:
        out = np.zeros(masks.shape, dtype=bool)
        for m in self.minimal:
            out |= (masks & m) == m
        return out

    def wins(self, coalition: Iterable) -> bool:
        mask = 0
        for p in coalition:
            mask |= 1 << self.index_of(p)
        return any(mask & m == m for m in self.minimal)

    @cached_property
    def _structure(self) -> dict:
        if self.n <= ENUM_TABLE_MAX:
            return structure_indices(self.n, win_table(self.n, self._wins_masks))
        # Holler and Deegan–Packel come straight from the minimal winning coalitions.
        mwc = [sum(m >> i & 1 for m in self.minimal) for i in range(self.n)]
        dp = [sum((Fraction(1, m.bit_count()) for m in self.minimal if m >> i & 1), Fraction(0)) for i in range(self.n)]
        return {"mwc": mwc, "dp": dp, "mwc_total": [len(self.minimal)], "johnston": None}

    def _exact_power(self, wanted: set[str], exact: bool) -> PowerResult:
        if "johnston" in wanted and self._structure["johnston"] is None:
            raise InvalidGame(f"the Johnston index needs the full win table: at most {ENUM_TABLE_MAX} players")
        return super()._exact_power(wanted, exact)


def board_game(seats: Iterable[tuple[str, str, bool]], casting_vote_for_chair: bool = True, quota="majority") -> SimpleGame:
    """The voting game of a board from (name, role, voting) seats.

    Observers and non-voting seats are left out.  ``quota``: "majority" (more than half of the
    voting directors), a count (int), or a share ("2/3", "75%", Fraction).  With
    ``casting_vote_for_chair``, a tie (exactly half in favour, under "majority") is carried when the
    chair votes yes.
    """
    voters = [(str(name), role) for name, role, voting in seats if voting and role != "observer"]
    if not voters:
        raise InvalidGame("the board has no voting seats")
    names = [n for n, _ in voters]
    chairs = {n for n, r in voters if r == "chair"}
    v = len(names)
    if isinstance(quota, str) and quota.strip().lower() == "majority":
        need = v // 2 + 1
        tie = v % 2 == 0 and casting_vote_for_chair and bool(chairs)
        rule_text = f"a majority of the {v} voting directors ({need})"
        if tie:
            rule_text += f"; a {v // 2}–{v // 2} tie is decided by the chair's casting vote ({', '.join(sorted(chairs))})"
    else:
        threshold, strict = parse_quota(quota, Fraction(v))
        need = math.floor(threshold) + 1 if strict else math.ceil(threshold)
        tie = False
        rule_text = f"at least {need} of the {v} voting directors"

    def rule(yes: frozenset[str]) -> bool:
        return len(yes) >= need or (tie and 2 * len(yes) == v and bool(yes & chairs))

    return SimpleGame.from_rule(names, rule, description=rule_text)
