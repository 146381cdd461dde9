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
row per size, for Shapley–Shubik).  For Shapley–Shubik H_w has degree <= s_max (the most members a
losing coalition can have) in y, so it is computed mod y^(s_max + 1): only t <= s_max + 1 terms
count, i.e. O(q + n * min(q/w, n)) row operations in all.

Exactness: P is computed in *bit-packed* big-integer form (Kronecker substitution z = 2^B, each
coefficient in its own B-bit slot; B >= n + 2 leaves headroom so that no slot ever carries), so
multiplying by a factor (1 + y x^w) is one shift-and-add of a GMP integer (python-flint ``fmpz``,
inside :func:`~kingmaker.analysis.voting.allocator.hot_heap`) and all counts are exact integers of any
size.  Window sums are ring operations, done on packed Python ints (mod 2^(B (s_max + 1)) for the
sized ones: carries only move up) or, for n <= 62 where every count is below 2^62, in numpy uint64
(mod 2^64, exact because each result lies in [0, 2^64)).  No floating point is involved, so there is
no cancellation however small a power is (powers of 1e-26 come out exact).

Measured alternatives that lose on this build of python-flint: product trees with ``fmpz`` or
``nmod_poly``/``fmpz_poly`` multiplication (Kronecker substitution; Kakimura & Terai's NTT + CRT) --
one multiplication of two 1 MB operands costs as much as ~200 of the shift-adds above, and a
length-25,000 ``nmod_poly`` product ~15 ms, so the O(n) shift-adds on the truncated table win for
the sizes the exact engine accepts.
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import accumulate
from math import gcd

import numpy as np
from flint import fmpz

from kingmaker.analysis.voting.allocator import hot_heap

# Refuse exact tables bigger than this many bytes (the caller falls back to approximate methods).
MAX_TABLE_BYTES = 768 * 2**20
# Up to this many players every count is below 2^62: prefix and window sums run in numpy uint64.
WORD_PLAYERS = 62


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
    Cost: n shift-adds of a (q * slots * B)-bit integer (GMP, via python-flint), then one pass of
    prefix sums and sum_w min(q/w, slots) row additions over the distinct weights w.
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


def _count(weights: list[int], q: int, by_size: bool, wide: bool = False) -> SwingCounts:
    """Swing counts of [q; weights] for any 1 <= q <= sum(weights) (count_swings passes the smaller
    of q and its dual).  ``wide`` forces the packed-integer window path even for n <= WORD_PLAYERS."""
    n = len(weights)
    weights, q = normalise_integer_game(weights, q)
    slot = _slot_bytes(n)
    ordered = sorted(weights)
    largest = _largest(ordered, q)  # rows m < q hold coalitions of at most this many members
    sizes = largest + 1 if by_size else 1
    row_bytes = slot * sizes
    if q * row_bytes > MAX_TABLE_BYTES:
        raise MemoryError("exact table too large")
    with hot_heap(q * row_bytes):
        raw = _product(ordered, q, 8 * row_bytes, 8 * slot if by_size else 0)
    narrow = n <= WORD_PLAYERS and not wide
    if not by_size:
        table = _words(raw, slot) if narrow else _unpack(raw, slot)
        prefix = np.cumsum(table, dtype=np.uint64) if narrow else list(accumulate(table))
        swing_of = {w: _window_sum(prefix, q, w) for w in set(weights)}
        return SwingCounts([swing_of[w] for w in weights], int(prefix[q - 1]))
    distinct = sorted(set(weights) - {0})
    positions = sorted({q - 1} | {q - 1 - t * w for w in distinct for t in range(1, min(sizes, (q - 1) // w) + 1)})
    window: dict[int, list[int]]
    if narrow:
        at = _prefix_at(_words(raw, slot).reshape(q, sizes), positions)
        window = {w: _window_sized_words(at, q, w, sizes).tolist() for w in distinct}
        losing = int(at[q - 1].sum())
    else:
        rows = [int.from_bytes(raw[i : i + row_bytes], "little") for i in range(0, len(raw), row_bytes)]
        at = _prefix_at(rows, positions)
        mask = (1 << (8 * row_bytes)) - 1
        packed = b"".join(_window_sized(at, q, w, sizes, 8 * slot, mask).to_bytes(row_bytes, "little") for w in distinct)
        counts = _unpack(packed, slot)  # one conversion for all weights
        window = {w: counts[k * sizes : (k + 1) * sizes] for k, w in enumerate(distinct)}
        losing = sum(_unpack(at[q - 1].to_bytes(row_bytes, "little"), slot))
    pad = [0] * (n - sizes)
    sized = {w: (window[w] + pad)[:n] if w in window else [0] * n for w in set(weights)}
    return SwingCounts([sum(sized[w]) for w in weights], losing, [sized[w] for w in weights])


def _product(ordered: list[int], q: int, row_bits: int, y_bits: int) -> bytes:
    """The packed table of prod_j (1 + y x^{w_j}) below x^q, rows of ``row_bits`` bits, y = 2^y_bits.

    One shift-and-add of a GMP integer per factor; ``reach`` bounds the bits that may be set.  Rows
    at or above q are cut off only once they exceed a quarter of the table (bits above ``top`` never
    reach lower rows, and masking every step would cost a third pass).
    """
    top = q * row_bits
    mask = (fmpz(1) << top) - 1
    packed, reach = fmpz(1), 0  # the empty coalition
    for w in ordered:
        shift = w * row_bits + y_bits
        if shift >= top:
            continue  # (1 + y x^w) = 1 below x^q
        packed += packed << shift
        reach += shift
        if reach >= top + top // 4:
            packed, reach = packed & mask, top
    return int(packed & mask).to_bytes(top // 8, "little")


def _prefix_at(rows, positions: list[int]) -> dict:
    """Prefix sums I_m = sum_{j<=m} rows[j] at the sorted ``positions`` (one pass over the rows).

    ``rows``: a list of packed Python ints, or a (q, sizes) uint64 array summed mod 2^64.
    """
    starts = [0] + [p + 1 for p in positions[:-1]]
    if isinstance(rows, np.ndarray):
        blocks = np.add.reduceat(rows, starts, axis=0, dtype=np.uint64)
        return dict(zip(positions, np.cumsum(blocks, axis=0, dtype=np.uint64)))
    out, acc = {}, 0
    for a, p in zip(starts, positions):
        acc += sum(rows[a : p + 1])
        out[p] = acc
    return out


def _window_sum(prefix, q: int, w: int) -> int:
    """Banzhaf (y = 1): H_w = I_{q-1} + 2 sum_{t>=1} (-1)^t I_{q-1-tw}.

    ``prefix``: Python ints, or uint64 (mod 2^64, exact as every count is below 2^62).
    """
    if w == 0:
        return 0  # a null player
    odd = _total(prefix[q - 1 - w :: -2 * w]) if q - 1 - w >= 0 else 0
    even = _total(prefix[q - 1 - 2 * w :: -2 * w]) if q - 1 - 2 * w >= 0 else 0
    value = int(prefix[q - 1]) + 2 * (even - odd)
    return value % 2**64 if isinstance(prefix, np.ndarray) else value


def _total(values) -> int:
    return int(values.sum()) if isinstance(values, np.ndarray) else sum(values)


def _window_sized(prefix: dict, q: int, w: int, sizes: int, bits: int, mask: int) -> int:
    """H_w(y) = I_{q-1} - (1 + y) G, G = sum_{t>=1} (-y)^(t-1) I_{q-1-tw}, by Horner at y = 2^bits.

    Only t <= ``sizes`` matter: H_w has degree < sizes in y, so the packed value is exact mod
    2^(sizes * bits) = ``mask + 1`` (carries only move up), and higher powers of y drop out.
    """
    acc = 0
    for t in range(min(sizes, (q - 1) // w), 0, -1):
        acc = prefix[q - 1 - t * w] - (acc << bits)
    return (prefix[q - 1] - acc - (acc << bits)) & mask


def _window_sized_words(prefix: dict, q: int, w: int, sizes: int) -> np.ndarray:
    """:func:`_window_sized` on uint64 rows, in (Z / 2^64)[y] / (y^sizes): G's terms are placed on
    shifted diagonals and summed."""
    t = np.arange(min(sizes, (q - 1) // w))  # t - 1 for t = 1 .. T
    diag = np.zeros((len(t), sizes + len(t)), dtype=np.uint64)
    if len(t):
        diag[t[:, None], t[:, None] + np.arange(sizes)] = np.stack([prefix[q - 1 - (k + 1) * w] for k in t])
    g = diag[0::2].sum(axis=0, dtype=np.uint64) - diag[1::2].sum(axis=0, dtype=np.uint64)
    out = prefix[q - 1] - g[:sizes]
    out[1:] -= g[: sizes - 1]
    return out


def _words(raw: bytes, slot: int) -> np.ndarray:
    """Little-endian slots of ``slot`` <= 8 bytes as a uint64 (or narrower unsigned) array."""
    if slot in (1, 2, 4, 8):
        return np.frombuffer(raw, dtype=f"<u{slot}")
    count = len(raw) // slot
    buf = np.zeros((count, 8), dtype=np.uint8)
    buf[:, :slot] = np.frombuffer(raw, dtype=np.uint8).reshape(count, slot)
    return buf.view("<u8").ravel()


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
