"""The common interface of simple games: winning, exact swing counts, the indices built from them,
and pivots (Felsenthal & Machover 1998, "The Measurement of Voting Power", for the definitions).

Subclasses (:mod:`~kingmaker.analysis.voting.weighted`, :mod:`~kingmaker.analysis.voting.simple`)
provide ``_wins_masks`` and may override ``_exact_counts`` with a faster method.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from fractions import Fraction
from functools import cached_property
from itertools import combinations

import numpy as np

from kingmaker.analysis.voting import pivots as pivot
from kingmaker.analysis.voting.enumeration import ENUM_MAX, ENUM_TABLE_MAX, enum_counts, structure_indices, win_table
from kingmaker.analysis.voting.generating_functions import SwingCounts
from kingmaker.analysis.voting.quota import InvalidGame
from kingmaker.analysis.voting.results import PlayerPower, PowerResult, normalise, shapley_from_sizes, wanted_indices

GF_METHOD = "generating-function"
ENUM_METHOD = "enumeration"


class Game(ABC):
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

    @abstractmethod
    def _wins_masks(self, masks: np.ndarray) -> np.ndarray:
        """Which of these coalitions (bit masks over the players) win: a bool array."""

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
        wanted = wanted_indices(index)
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
                cols["banzhaf"] = _ratios(sw, total_sw)
                cols["banzhaf_absolute"] = _ratios(sw, 2 ** (n - 1))
            if "coleman" in wanted:
                winning = 2**n - counts.losing
                cols["coleman_prevent"] = _ratios(sw, winning)
                cols["coleman_initiate"] = _ratios(sw, counts.losing)
            if "shapley-shubik" in wanted:
                cols["shapley_shubik"] = shapley_from_sizes(counts.by_size)
        if wanted & {"holler", "deegan-packel", "johnston"}:
            st = self._structure
            methods.append(ENUM_METHOD)
            if "holler" in wanted:
                cols["holler"] = normalise([Fraction(c) for c in st["mwc"]])
            if "deegan-packel" in wanted:
                m = st["mwc_total"][0]
                cols["deegan_packel"] = [d / m if m else Fraction(0) for d in st["dp"]]
            if "johnston" in wanted:
                cols["johnston"] = normalise(st["johnston"])
        if not exact:
            cols = {k: (v if k == "swings" else _floats(v)) for k, v in cols.items()}
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
        """Who was critical in the vote where exactly ``yes`` voted yes (see :mod:`.pivots`)."""
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


def _ratios(counts: list[int], total: int) -> list[Fraction]:
    """counts[i] / total (0 when total is 0), one Fraction per distinct count (players of equal
    weight share it: the gcds of n-bit numbers dominate otherwise)."""
    memo = {c: Fraction(c, total) if total else Fraction(0) for c in set(counts)}
    return [memo[c] for c in counts]


def _floats(values: list) -> list[float]:
    memo: dict[int, float] = {}
    return [memo[id(x)] if id(x) in memo else memo.setdefault(id(x), float(x)) for x in values]
