"""Simple games given by minimal winning coalitions or a monotone rule, and boards of directors
(observers left out, a chair's casting vote on ties).  Their indices come from enumeration."""
from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from fractions import Fraction
from functools import cached_property

import numpy as np

from kingmaker.analysis.voting.enumeration import ENUM_TABLE_MAX, structure_indices, win_table
from kingmaker.analysis.voting.game import Game
from kingmaker.analysis.voting.quota import InvalidGame, parse_quota
from kingmaker.analysis.voting.results import PowerResult


class SimpleGame(Game):
    """A monotone simple game given by its minimal winning coalitions (sets of names or indices).

    >>> SimpleGame(["a", "b", "c"], [["a", "b"], ["a", "c"]]).banzhaf(exact=True)   # a is needed
    [Fraction(3, 5), Fraction(1, 5), Fraction(1, 5)]
    """

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

    >>> g = board_game([("Ann", "chair", True), ("Ben", "director", True), ("Cat", "director", True),
    ...                 ("Dan", "observer", False)])
    >>> g.names, g.banzhaf(exact=True)
    (('Ann', 'Ben', 'Cat'), [Fraction(1, 3), Fraction(1, 3), Fraction(1, 3)])
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
