"""Independent oracles for the voting tests: definitions evaluated by brute force, and a slow exact DP.

Deliberately naive (itertools, Fractions, dicts) and sharing no code with kingmaker.analysis.
"""
from __future__ import annotations

from fractions import Fraction
from itertools import combinations, permutations
from math import factorial


def coalitions(n):
    for k in range(n + 1):
        yield from (frozenset(c) for c in combinations(range(n), k))


def brute_indices(n, wins):
    """All indices from their definitions; ``wins`` is a predicate on frozensets of indices."""
    win = {s: bool(wins(s)) for s in coalitions(n)}
    swings = [sum(1 for s in win if i not in s and not win[s] and win[s | {i}]) for i in range(n)]
    ssi = [
        sum(Fraction(factorial(len(s)) * factorial(n - len(s) - 1), factorial(n)) for s in win if i not in s and not win[s] and win[s | {i}])
        for i in range(n)
    ]
    winning = [s for s in win if win[s]]
    minimal = [s for s in winning if all(not win[s - {j}] for j in s)]
    crit = {s: [j for j in s if not win[s - {j}]] for s in winning}
    johnston = [sum((Fraction(1, len(crit[s])) for s in winning if i in crit[s]), Fraction(0)) for i in range(n)]
    total_sw = sum(swings)
    jt = sum(johnston)
    holler_raw = [sum(1 for s in minimal if i in s) for i in range(n)]
    return {
        "swings": swings,
        "banzhaf": [Fraction(x, total_sw) if total_sw else 0 for x in swings],
        "banzhaf_absolute": [Fraction(x, 2 ** (n - 1)) for x in swings],
        "shapley_shubik": ssi,
        "coleman_prevent": [Fraction(x, len(winning)) for x in swings],
        "coleman_initiate": [Fraction(x, 2**n - len(winning)) for x in swings],
        "holler": [Fraction(h, sum(holler_raw)) for h in holler_raw],
        "deegan_packel": [sum((Fraction(1, len(s)) for s in minimal if i in s), Fraction(0)) / len(minimal) for i in range(n)],
        "johnston": [j / jt for j in johnston],
    }


def ssi_by_permutations(weights, quota):
    """Shapley–Shubik as the share of orderings in which each player is pivotal (n <= 8)."""
    n = len(weights)
    piv = [0] * n
    for order in permutations(range(n)):
        total = 0
        for i in order:
            total += weights[i]
            if total >= quota:
                piv[i] += 1
                break
    return [Fraction(p, factorial(n)) for p in piv]


def dp_swings(weights, quota, player, by_size=False):
    """Swings of one player by a dictionary DP over the other players (exact Python ints)."""
    table = {(0, 0): 1}
    for j, w in enumerate(weights):
        if j == player:
            continue
        new = dict(table)
        for (m, s), c in table.items():
            if m + w < quota:
                new[(m + w, s + 1)] = new.get((m + w, s + 1), 0) + c
        table = new
    lo = quota - weights[player]
    hits = {(m, s): c for (m, s), c in table.items() if lo <= m < quota}
    if not by_size:
        return sum(hits.values())
    out = [0] * len(weights)
    for (m, s), c in hits.items():
        out[s] += c
    return out
