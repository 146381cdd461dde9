"""Exact swing counting for weighted majority games by generating functions.

The generating function of coalitions by weight (and size) is

    P(x, y) = prod_j (1 + y x^{w_j}),   [x^m y^s] P = #coalitions of weight m and size s,

truncated to x-degree < q (Brams & Affuso 1976; Bilbao, Fernández, Jiménez Losada & López 2000,
"Generating functions for computing power indices efficiently", TOP 8).  Player i's swings are the
coalitions S of the others with q - w_i <= w(S) < q, i.e. a window of P / (1 + y x^{w_i}) (the
"division trick").  Expanding 1/(1 + y x^w) = sum_t (-y x^w)^t, the window sum telescopes to

    H_w(y) = sum_{m<q} (-y)^{floor((q-1-m)/w)} P_m(y)
           = I_{q-1} + sum_{t>=1} (-1)^t (y^t + y^{t-1}) I_{q-1-t w},

with I the prefix sums of P over m.  Each distinct weight then costs O(q/w) row additions, so all
players cost O(q log q) after P (the Banzhaf idea of Kakimura & Terai 2025, "Faster algorithms for
power indices of weighted voting games", here without the y-variable for Banzhaf and with it, one
row per size, for Shapley–Shubik).

Exactness: P is computed in *bit-packed* big-integer form (Kronecker substitution z = 2^B, each
coefficient in its own B-bit slot; B leaves headroom so that no slot ever carries), so multiplying
by a factor (1 + y x^w) is one shift-and-add of a Python integer and all counts are exact integers
of any size (slots of B >= n + 2 bits suffice).  No floating point is involved, so there is no cancellation however small a power is.
"""
from __future__ import annotations

from dataclasses import dataclass
from math import gcd

import numpy as np
from flint import fmpz

# Refuse exact tables bigger than this many bytes (the caller falls back to approximate methods).
MAX_TABLE_BYTES = 768 * 2**20


@dataclass(frozen=True)
class SwingCounts:
    """Exact counts for a weighted game with integer weights and quota q >= 1.

    ``swings[i]``: coalitions S of the others with S losing and S + i winning (Banzhaf numerator).
    ``losing``: number of losing coalitions of all n players.  ``by_size[i][s]`` (Shapley–Shubik
    only): swings of player i with |S| = s, for s = 0..n-1.
    """

    swings: list[int]
    losing: int
    by_size: list[list[int]] | None = None


def normalise_integer_game(weights: list[int], quota: int) -> tuple[list[int], int]:
    """Divide weights and quota by the weights' gcd (rounding the quota up) and cap weights at it.

    A coalition's weight is a multiple of g = gcd(w), so w(S) >= q iff w(S)/g >= ceil(q/g); a weight
    above the quota wins alone either way.  Neither step changes any coalition's outcome.
    """
    g = 0
    for w in weights:
        g = gcd(g, w)
    if g > 1:
        weights = [w // g for w in weights]
        quota = -(-quota // g)
    return [min(w, quota) for w in weights], quota


def table_bytes(weights: list[int], quota: int, by_size: bool) -> int:
    """Bytes of the packed table that :func:`count_swings` builds (for method selection)."""
    weights, q = normalise_integer_game(list(weights), quota)
    dual = sum(weights) - q + 1
    if 0 < dual < q:
        weights, q = normalise_integer_game(weights, dual)
    return q * ((_largest(sorted(weights), q) + 1) if by_size else 1) * _slot_bytes(len(weights))


def _largest(ordered: list[int], q: int) -> int:
    """Most members a coalition of weight < q can have (the lightest fill it first)."""
    total = 0
    for s, w in enumerate(ordered):
        total += w
        if total >= q:
            return s
    return len(ordered)


def _slot_bytes(n: int) -> int:
    # Every slot that is ever decoded holds a count <= 2^n.  Intermediate window sums may overflow
    # slots, but evaluation at y = 2^B is a ring homomorphism, so the final packed value decodes exactly.
    return -(-(n + 2) // 8)


def count_swings(weights: list[int], quota: int, by_size: bool = False) -> SwingCounts:
    """Exact swing counts (and, with ``by_size``, swings per coalition size) of a weighted game.

    ``weights`` are non-negative integers and ``quota`` a positive integer: S wins iff w(S) >= quota.
    Works on the dual quota W - q + 1 when that is smaller (S is a swing for i iff the other
    players' complement of S is one in the dual game, with size n - 1 - |S|).
    Cost: n shift-adds of a (q * slots * B)-bit integer (GMP, via python-flint), then O(q log q)
    row additions.
    """
    n = len(weights)
    weights, q = normalise_integer_game(list(weights), quota)
    if q <= 0:
        raise ValueError("quota must be positive")
    total = sum(weights)
    if q > total:  # nobody can win
        return SwingCounts([0] * n, 2**n, [[0] * n for _ in weights] if by_size else None)
    dual = total - q + 1
    if dual >= q:
        return _count(weights, q, by_size)
    counts = _count(weights, dual, by_size)
    sized = [row[::-1] for row in counts.by_size] if by_size else None
    return SwingCounts(counts.swings, 2**n - counts.losing, sized)


def _count(weights: list[int], q: int, by_size: bool) -> SwingCounts:
    n = len(weights)
    weights, q = normalise_integer_game(weights, q)
    slot = _slot_bytes(n)
    bits = 8 * slot
    ordered = sorted(weights)
    largest = _largest(ordered, q)  # rows m < q hold coalitions of at most this many members
    if q * ((largest + 1) if by_size else 1) * slot > MAX_TABLE_BYTES:
        raise MemoryError("exact table too large")
    row_bytes = slot * ((largest + 1) if by_size else 1)
    row_bits = 8 * row_bytes
    top = q * row_bits  # keep rows 0..q-1 (coalition weights below the quota)
    mask = (fmpz(1) << top) - 1
    packed, reach = fmpz(1), 0  # the empty coalition; ``reach``: highest bit that may be set
    for w in ordered:  # multiply by (1 + y x^w): shift by w rows and one size slot
        shift = w * row_bits + (bits if by_size else 0)
        if shift >= top:
            continue  # (1 + y x^w) = 1 below x^q
        packed += packed << shift
        reach += shift
        if reach >= top:
            packed, reach = packed & mask, top
    step = 1
    while step < q:  # inclusive prefix sums over rows by doubling: I_m = sum_{j<=m} P_j
        packed += packed << (step * row_bits)
        packed &= mask
        step *= 2
    raw = int(packed).to_bytes(q * row_bytes, "little")
    if not by_size:
        rows = _unpack(raw, slot)
        return SwingCounts([_window_sum(rows, q, w) for w in weights], rows[q - 1])
    rows = [int.from_bytes(raw[i : i + row_bytes], "little") for i in range(0, len(raw), row_bytes)]
    pad = [0] * (n - largest)
    sized = {}
    for w in set(weights):
        window = _window_sum_sized(rows, q, w, bits)
        sized[w] = (_unpack(window.to_bytes(row_bytes, "little"), slot) + pad)[:n]
    losing = sum(_unpack(raw[-row_bytes:], slot))
    return SwingCounts([sum(sized[w]) for w in weights], losing, [sized[w] for w in weights])


def _window_sum(rows: list[int], q: int, w: int) -> int:
    """Banzhaf (y = 1): H_w = I_{q-1} + 2 sum_{t>=1} (-1)^t I_{q-1-tw}."""
    if w == 0:
        return 0  # a null player
    odd = sum(rows[q - 1 - w :: -2 * w]) if q - 1 - w >= 0 else 0
    even = sum(rows[q - 1 - 2 * w :: -2 * w]) if q - 1 - 2 * w >= 0 else 0
    return rows[q - 1] + 2 * (even - odd)


def _window_sum_sized(rows: list[int], q: int, w: int, bits: int) -> int:
    """H_w(y) = I_{q-1} - (1 + y) G, G = sum_{t>=1} (-y)^(t-1) I_{q-1-tw} by Horner; y = 2^bits."""
    if w == 0:
        return 0
    acc = 0
    for m in range((q - 1) % w, q - w, w):
        acc = rows[m] - (acc << bits)  # from the largest t down to t = 1
    return rows[q - 1] - acc - (acc << bits)


def _unpack(raw: bytes, slot: int) -> list[int]:
    """Split little-endian packed slots of ``slot`` bytes each into Python ints."""
    count = len(raw) // slot
    limbs = -(-slot // 8)
    buf = np.zeros((count, 8 * limbs), dtype=np.uint8)
    buf[:, :slot] = np.frombuffer(raw, dtype=np.uint8).reshape(count, slot)
    words = buf.view(np.uint64)
    if limbs == 1:
        return words[:, 0].tolist()
    value = words[:, -1].astype(object)
    for k in range(limbs - 2, -1, -1):
        value = (value << 64) + words[:, k].astype(object)
    return value.tolist()
