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
:class:`PowerResult`: bit-packed generating functions for weighted games (:mod:`.generating_functions`),
enumeration for other games (:mod:`.enumeration`), and for very large weighted games Leech's major/minor
method, Owen's multilinear extension or Monte Carlo, with an error bound (:mod:`.approximate`).

This front gathers the family's public API (networkx's ``algorithms/flow/`` is the model). The modules
beside it: :mod:`.quota` (exact numbers, the quota rule), :mod:`.results` (``PlayerPower``,
``PowerResult``, JSON), :mod:`.game` (the ``Game`` interface: counts, indices, pivots), :mod:`.weighted`
(``WeightedGame``, ``MultiWeightedGame``), :mod:`.simple` (``SimpleGame``, ``board_game``), :mod:`.pivots`
(who is critical in a recorded vote), the methods above, and :mod:`.allocator` (glibc malloc tuning that
keeps the big-integer buffers of the generating functions heap-resident).
"""
from __future__ import annotations

from kingmaker.analysis.lazy import lazy_exports

# Each public name and the module that defines it, imported on first use (PEP 562), so that reading one
# constant (``INDICES`` for ``kingmaker --help``) does not load numpy, scipy and the engines.
_HOME = {
    "ENUM_METHOD": "game", "GF_METHOD": "game", "Game": "game",
    "InvalidGame": "quota", "parse_quota": "quota", "to_fraction": "quota",
    "INDICES": "results", "PlayerPower": "results", "PowerResult": "results", "shapley_from_sizes": "results",
    "SimpleGame": "simple", "board_game": "simple",
    "EXACT_TABLE_LIMIT": "weighted", "WORK_LIMIT": "weighted", "MultiWeightedGame": "weighted",
    "WeightedGame": "weighted",
}


__getattr__, __dir__ = lazy_exports(__name__, _HOME)


__all__ = [
    "ENUM_METHOD",
    "EXACT_TABLE_LIMIT",
    "GF_METHOD",
    "INDICES",
    "WORK_LIMIT",
    "Game",
    "InvalidGame",
    "MultiWeightedGame",
    "PlayerPower",
    "PowerResult",
    "SimpleGame",
    "WeightedGame",
    "board_game",
    "parse_quota",
    "shapley_from_sizes",
    "to_fraction",
]
