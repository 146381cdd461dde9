"""Pivot ("kingmaker") analysis: who decided a vote, and with whom each player is decisive.

A player is *critical* in a vote when switching its vote alone would change the outcome: a yes-voter
whose defection would defeat a passing motion, or a no-voter whose switch would carry a failing one
(Banzhaf 1965; Felsenthal & Machover 1998, "The Measurement of Voting Power", ch. 3).  A *swing
coalition* of player i is a losing set S of other players such that S + i wins.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from kingmaker.analysis.voting import Game

SEARCH_LIMIT = 200_000  # coalitions examined when listing the smallest swing coalitions


@dataclass(frozen=True)
class VoteAnalysis:
    """Outcome of one vote and who was critical to it."""

    yes: tuple[str, ...]
    no: tuple[str, ...]
    passed: bool
    critical: tuple[str, ...]
    rule: str

    def explain(self) -> list[str]:
        """Plain-language lines: outcome, then who was pivotal and why."""
        outcome = "passed" if self.passed else "failed"
        lines = [f"Rule: {self.rule}.", f"Vote {len(self.yes)}–{len(self.no)}: {outcome}. Yes: {', '.join(self.yes) or '—'}."]
        if not self.critical:
            lines.append("No single vote was critical: the outcome survives any one player switching.")
        elif self.passed:
            for name in self.critical:
                rest = [y for y in self.yes if y != name]
                lines.append(f"{name} was critical: {', '.join(rest) or 'nobody'} alone would have lost; with {name} it passed.")
        else:
            for name in self.critical:
                lines.append(f"{name} was critical: had {name} voted yes, the motion would have passed.")
        return lines

    def to_dict(self) -> dict:
        return {"yes": list(self.yes), "no": list(self.no), "passed": self.passed, "critical": list(self.critical), "rule": self.rule, "explanation": self.explain()}


@dataclass(frozen=True)
class SwingReport:
    """A player's swing coalitions: their number and the smallest ones."""

    player: str
    count: int | None
    smallest: tuple[tuple[str, ...], ...]
    complete: bool  # False when the search for the smallest ones hit SEARCH_LIMIT

    def to_dict(self) -> dict:
        return {"player": self.player, "swings": self.count, "smallest": [list(s) for s in self.smallest], "complete": self.complete}


def analyse_vote(game: Game, yes) -> VoteAnalysis:
    """Outcome of the vote in which exactly the players ``yes`` (names or indices) vote yes."""
    members = {game.index_of(p) for p in yes}
    passed = game.wins(members)
    if passed:
        critical = [i for i in sorted(members) if not game.wins(members - {i})]
    else:
        critical = [i for i in range(game.n) if i not in members and game.wins(members | {i})]
    names = game.names
    return VoteAnalysis(
        yes=tuple(names[i] for i in sorted(members)),
        no=tuple(names[i] for i in range(game.n) if i not in members),
        passed=passed,
        critical=tuple(names[i] for i in critical),
        rule=game.describe(),
    )


def swing_coalitions(game: Game, player, limit: int = 5) -> SwingReport:
    """Count player's swing coalitions (exactly, when feasible) and list up to ``limit`` smallest."""
    i = game.index_of(player)
    try:
        count = game.swings()[i]
    except (MemoryError, ValueError):
        count = None
    others = game.search_order(i)
    found: list[tuple[int, ...]] = []
    examined, complete = 0, True
    for k in range(len(others) + 1):
        for combo in game.coalitions_of_size(others, k, i):
            examined += 1
            if examined > SEARCH_LIMIT:
                complete = False
                break
            s = set(combo)
            if not game.wins(s) and game.wins(s | {i}):
                found.append(combo)
                if len(found) >= limit:
                    break
        if found or not complete:
            break
    names = game.names
    return SwingReport(names[i], count, tuple(tuple(names[j] for j in sorted(c)) for c in found), complete)


def pivotal_by_size(game: Game, size: int) -> list[tuple[str, int]]:
    """Players ranked by the number of coalitions of ``size`` others that they turn into winners."""
    if not 0 <= size < game.n:
        raise ValueError(f"size must be between 0 and {game.n - 1}")
    by_size = game.swings_by_size()
    ranked = sorted(range(game.n), key=lambda i: (-by_size[i][size], i))
    return [(game.names[i], by_size[i][size]) for i in ranked]

