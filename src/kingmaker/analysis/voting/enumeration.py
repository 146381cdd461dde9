"""Exact power indices of any simple game by (vectorised) enumeration of coalitions.

Used where no generating function applies: multi-layer games (EU Council double majority), games
given by minimal winning coalitions or a rule, and the indices defined by coalition structure
(Holler, Deegan–Packel, Johnston).  Coalitions are bitmasks (bit i = player i).

* :func:`enum_counts` — swings and swings by size, meet-in-the-middle: players split into a low half
  A and a high half B, the win matrix M[b, a] is built block by block and reduced with two small
  matrix products (exact in float32: every partial sum is < 2^24).  O(2^n) time, O(2^(n/2)) memory.
* :func:`structure_indices` — needs the whole win table (n <= ENUM_TABLE_MAX).
"""
from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

import numpy as np

from kingmaker.analysis.voting.generating_functions import SwingCounts

ENUM_MAX = 30  # meet-in-the-middle counting (about 1 s at n = 27)
ENUM_TABLE_MAX = 22  # full win table for Holler / Deegan–Packel / Johnston

WinMasks = Callable[[np.ndarray], np.ndarray]  # int64 bitmask array -> bool array, same shape


def popcounts(bits: int) -> np.ndarray:
    """Popcount of every integer 0 .. 2^bits - 1 (uint8)."""
    pop = np.zeros(1, dtype=np.uint8)
    for _ in range(bits):
        pop = np.concatenate([pop, pop + 1])
    return pop


def enum_counts(n: int, wins: WinMasks, by_size: bool = True) -> SwingCounts:
    """Exact swings (and by size) of the n-player game whose winning coalitions ``wins`` tells.

    Uses eta_i = 2 W_i - W (W_i: winning coalitions containing i, W: all winning coalitions), which
    holds for monotone games, and by size c_i(s) = W_i(s + 1) - (W(s) - W_i(s)).
    """
    if n > ENUM_MAX:
        raise MemoryError(f"enumeration is limited to {ENUM_MAX} players (got {n})")
    na = (n + 1) // 2
    nb = n - na
    a = np.arange(1 << na, dtype=np.int64)
    pop_a, pop_b = popcounts(na), popcounts(nb)
    onehot_a = np.zeros((1 << na, na + 1), dtype=np.float32)
    onehot_a[a, pop_a] = 1
    col = np.zeros((nb + 1, 1 << na), dtype=np.int64)  # col[sb, a] = #winning (a, b) with |b| = sb
    row = np.zeros((1 << nb, na + 1), dtype=np.int64)  # row[b, sa] = #winning (a, b) with |a| = sa
    block = max(1, (1 << 22) >> na)
    for start in range(0, 1 << nb, block):
        b = np.arange(start, min(start + block, 1 << nb), dtype=np.int64)
        m = wins((b[:, None] << na) | a[None, :]).astype(np.float32)
        row[b] = np.rint(m @ onehot_a).astype(np.int64)
        onehot_b = np.zeros((nb + 1, len(b)), dtype=np.float32)
        onehot_b[pop_b[b], np.arange(len(b))] = 1
        col += np.rint(onehot_b @ m).astype(np.int64)
    total = np.zeros(n + 1, dtype=object)  # W(s)
    for sb in range(nb + 1):
        total[sb : sb + na + 1] += _by_pop(col[sb], pop_a, na)
    with_i = []
    for i in range(n):
        w_i = np.zeros(n + 1, dtype=object)  # W_i(s)
        if i < na:
            has = (a >> i) & 1 == 1
            for sb in range(nb + 1):
                w_i[sb : sb + na + 1] += _by_pop(col[sb][has], pop_a[has], na)
        else:
            bb = np.arange(1 << nb)
            has = (bb >> (i - na)) & 1 == 1
            for sa in range(na + 1):
                w_i[sa : sa + nb + 1] += _by_pop(row[has, sa], pop_b[has], nb)
        with_i.append(w_i)
    wins_total = int(sum(total))
    swings = [2 * int(sum(w)) - wins_total for w in with_i]
    sized = None
    if by_size:
        sized = [[int(w[s + 1] - (total[s] - w[s])) for s in range(n)] for w in with_i]
    return SwingCounts(swings, 2**n - wins_total, sized)


def _by_pop(values: np.ndarray, pops: np.ndarray, k: int) -> np.ndarray:
    """Sum ``values`` grouped by popcount 0..k, as Python ints."""
    out = np.zeros(k + 1, dtype=object)
    sums = np.bincount(pops, weights=values.astype(np.float64), minlength=k + 1)
    # float64 is exact here: each group sums at most 2^30 counts below 2^31.
    out[:] = [int(round(x)) for x in sums[: k + 1]]
    return out


def win_table(n: int, wins: WinMasks) -> np.ndarray:
    """Boolean array of length 2^n: entry S tells whether coalition S (a bitmask) wins."""
    if n > ENUM_TABLE_MAX:
        raise MemoryError(f"the full win table is limited to {ENUM_TABLE_MAX} players (got {n})")
    return np.asarray(wins(np.arange(1 << n, dtype=np.int64)), dtype=bool)


def structure_indices(n: int, table: np.ndarray) -> dict[str, list]:
    """Minimal-winning-coalition counts and raw Deegan–Packel / Johnston sums per player.

    Returns ``mwc`` (int: minimal winning coalitions containing i), ``mwc_total``, ``dp`` (Fraction:
    sum over MWCs containing i of 1/|S|) and ``johnston`` (Fraction: sum over winning S in which i is
    critical of 1/kappa(S), kappa = number of critical members; Johnston 1978).
    """
    size = 1 << n
    pop = popcounts(n)
    critical_count = np.zeros(size, dtype=np.int16)
    crit: list[np.ndarray] = []
    for i in range(n):
        view = table.reshape(-1, 2, 1 << i)
        c = view[:, 1, :] & ~view[:, 0, :]  # S contains i, wins, and S - i loses
        crit.append(c)
        critical_count.reshape(-1, 2, 1 << i)[:, 1, :] += c
    minimal = table & (critical_count == pop)
    out: dict[str, list] = {"mwc": [], "dp": [], "johnston": []}
    for i in range(n):
        mv = minimal.reshape(-1, 2, 1 << i)[:, 1, :]
        sizes = np.bincount(pop.reshape(-1, 2, 1 << i)[:, 1, :][mv], minlength=n + 1)
        kappas = np.bincount(critical_count.reshape(-1, 2, 1 << i)[:, 1, :][crit[i]], minlength=n + 1)
        out["mwc"].append(int(sizes.sum()))
        out["dp"].append(sum((Fraction(int(c), s) for s, c in enumerate(sizes) if c), Fraction(0)))
        out["johnston"].append(sum((Fraction(int(c), k) for k, c in enumerate(kappas) if c), Fraction(0)))
    out["mwc_total"] = [int(minimal.sum())]
    return out
