"""Exact integrated ownership of one subject, with interval bounds (the engine behind ``kingmaker ubo``).

For a target ``t`` and a weight matrix ``M`` (lower or upper ends of the shares), the integrated share of
every holder ``u`` is the sum over walks ``u → … → t`` of the products of the shares on the walk
(Brioschi, Buzzacchi & Colombo 1989; Vitali, Glattfelder & Battiston 2011): the column ``t`` of
``Ã = (I − M)⁻¹ M``, i.e. the solution of ``y_u = M_ut + Σ_v M_uv y_v`` over the ancestors of ``t``.
It is solved one strongly connected component at a time, downstream first (Tarjan's order), exactly in
rationals (python-flint) or in floats. The sum converges iff every component *leaks* (spectral radius
< 1, which for shares adding to at most 100 % means some member has an outside owner); a component that
does not leak is a *closed loop*.

Self-ownership: walks may pass through ``t`` again (``t → … → t``, or treasury shares ``t → t``); that
part of ``t`` is thereby redistributed to ``t``'s other owners pro rata, ``s_i / (1 − s_self)``, so the
ultimate owners of ``t`` add up to at most 100 %. ``t`` itself is never reported as its own owner.

Bounds: every ``Ã_ut`` is non-decreasing in every share, so the lower ends give the lower bound and the
(tightened) upper ends the upper bound. The lower end is exclusive iff some walk uses only edges that
are certainly positive (lower end > 0 or exclusive) and at least one edge with an exclusive lower end;
the upper end is exclusive iff some walk of positive upper ends uses an exclusive upper end. Upper
bounds are capped at 100 % (inclusive) once summed, and a component whose upper ends do not leak makes
every walk through it diverge, so 100 %.
"""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Iterable

import numpy as np

from kingmaker.analysis.ownership.graph import Edges

FLOAT_EPS = 1e-12
#: components of at most this many members are solved exactly in Fractions here (``_fraction_solve``),
#: larger ones with python-flint (importing it costs more than solving a small block)
SMALL_EXACT = 8


@dataclass(frozen=True)
class Interval:
    """A share of one as ``[lo, hi]`` with exclusive ends ``lo_x``/``hi_x``; Fractions or floats."""

    lo: Any
    hi: Any
    lo_x: bool = False
    hi_x: bool = False

    @classmethod
    def exact(cls, v: Any) -> "Interval":
        return cls(v, v)

    @property
    def is_exact(self) -> bool:
        return self.lo == self.hi

    def test(self, threshold: Any, *, at_least: bool = True) -> str:
        """``certainly`` / ``possibly`` / ``no``: does the share reach ``threshold`` (≥, or > when
        ``at_least`` is false)? Float values within 1e-12 of the threshold count as equal to it."""
        return verdict(self.lo, self.hi, self.lo_x, self.hi_x, threshold, at_least=at_least)

    def __str__(self) -> str:
        if self.is_exact and not (self.lo_x or self.hi_x):
            return pct(self.lo)
        return f"{'(' if self.lo_x else '['}{pct(self.lo)}, {pct(self.hi)}{')' if self.hi_x else ']'}"

    def to_dict(self) -> dict:
        return {"lower": pct_value(self.lo), "upper": pct_value(self.hi), "lower_inclusive": not self.lo_x,
                "upper_inclusive": not self.hi_x, "text": str(self)}

    def times(self, other: "Interval") -> "Interval":
        """The product of two independent shares (one hop after another)."""
        lo_x = (self.lo_x or other.lo_x) and _certain_pos(self) and _certain_pos(other)
        hi_x = (self.hi_x or other.hi_x) and self.hi > 0 and other.hi > 0
        return Interval(self.lo * other.lo, self.hi * other.hi, lo_x, hi_x)


def _certain_pos(i: Interval) -> bool:
    return i.lo > 0 or i.lo_x


def verdict(lo, hi, lo_x: bool, hi_x: bool, t, *, at_least: bool = True) -> str:
    """The three-valued threshold test shared by every engine (local, bulk, Spark): :func:`verdict_masks`
    on one share, exact (no tolerance) when the share and the threshold are Fractions."""
    eps = 0 if isinstance(lo, Fraction) and isinstance(hi, Fraction) and isinstance(t, (int, Fraction)) else FLOAT_EPS
    certain, possible = verdict_masks(lo, hi, np.bool_(lo_x), np.bool_(hi_x), t, at_least, eps=eps)
    return "certainly" if certain else "possibly" if possible else "no"


def verdict_masks(lo, hi, lo_x, hi_x, t, at_least: bool = True, absolute=abs, eps: float = FLOAT_EPS):
    """The threshold test as ``(certain, possible)``: does a share in ``[lo, hi]`` reach ``t`` (≥, or > when
    ``at_least`` is false)? Ends within ``eps`` of ``t`` count as equal to it. Written with operators that
    numpy arrays, Spark columns and numpy booleans share (pass Spark's ``abs``; ``lo_x``/``hi_x`` must be
    something ``~`` negates: boolean arrays or columns, ``np.bool_``)."""
    lo_tie, hi_tie = absolute(lo - t) <= eps, absolute(hi - t) <= eps
    if at_least:  # a lower end at t is reached whether it is inclusive (share ≥ t) or exclusive (share > t)
        certain = (lo - t > eps) | lo_tie
        possible = (hi - t > eps) | (hi_tie & ~hi_x)
    else:
        certain = (lo - t > eps) | (lo_tie & lo_x)
        possible = hi - t > eps
    return certain, possible


def pct_value(v: Any) -> int | float:
    p = v * 100
    if isinstance(p, Fraction) and p.denominator == 1:
        return int(p)
    f = float(p)
    r = round(f, 9)
    return int(r) if r == int(r) else r


def pct(v: Any) -> str:
    p = pct_value(v)
    return f"{p} %" if isinstance(p, int) else f"{p:.6g} %"


# -- graph helpers ----------------------------------------------------------------------------------
def scc_order(nodes: Iterable[int], succ: dict[int, list[int]]) -> list[list[int]]:
    """Strongly connected components, each emitted after every component it reaches (Tarjan 1972),
    i.e. downstream first. Iterative, so deep chains do not hit the recursion limit."""
    index: dict[int, int] = {}
    low: dict[int, int] = {}
    on_stack: set[int] = set()
    stack: list[int] = []
    out: list[list[int]] = []
    counter = 0
    for root in nodes:
        if root in index:
            continue
        work = [(root, iter(succ.get(root, ())))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            v, it = work[-1]
            advanced = False
            for w in it:
                if w not in index:
                    index[w] = low[w] = counter
                    counter += 1
                    stack.append(w)
                    on_stack.add(w)
                    work.append((w, iter(succ.get(w, ()))))
                    advanced = True
                    break
                if w in on_stack:
                    low[v] = min(low[v], index[w])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[v])
            if low[v] == index[v]:
                comp = []
                while True:
                    w = stack.pop()
                    on_stack.discard(w)
                    comp.append(w)
                    if w == v:
                        break
                out.append(comp)
    return out


def ancestors(target: int, src: np.ndarray, dst: np.ndarray) -> set[int]:
    """Nodes with a directed path (of these edges) to ``target``; ``target`` only if it is on a cycle."""
    pred: dict[int, list[int]] = defaultdict(list)
    for s, d in zip(src.tolist(), dst.tolist()):
        pred[d].append(s)
    seen: set[int] = set()
    todo = [target]
    while todo:
        v = todo.pop()
        for u in pred.get(v, ()):
            if u not in seen:
                seen.add(u)
                todo.append(u)
    return seen


def reach_labels(target: int, src: Iterable[int], dst: Iterable[int], marked: Iterable[bool]) -> tuple[set[int], set[int]]:
    """Which nodes reach ``target`` along these edges, and which along a path with a marked edge."""
    pred: dict[int, list[tuple[int, bool]]] = defaultdict(list)
    for s, d, m in zip(src, dst, marked):
        pred[d].append((s, bool(m)))
    reach: set[int] = set()
    strict: set[int] = set()
    todo = [(target, False)]
    while todo:  # a node is revisited at most twice: once plain, once strict
        v, is_strict = todo.pop()
        for u, m in pred.get(v, ()):
            s = is_strict or m
            if u not in reach:
                reach.add(u)
                todo.append((u, s))
                if s:
                    strict.add(u)
            elif s and u not in strict:
                strict.add(u)
                todo.append((u, True))
    return reach, strict


# -- the column solve -------------------------------------------------------------------------------
@dataclass
class Column:
    """Integrated shares of every ancestor in one target, for one kind."""

    lo: dict[int, Any]
    hi: dict[int, Any]
    lo_x: set[int]
    hi_x: set[int]
    closed: list[list[int]]  # components that do not leak (lower ends): closed loops
    components: list[list[int]]  # every non-trivial component among the ancestors

    def interval(self, u: int) -> Interval:
        if u not in self.hi:
            return Interval(0 * 1, 0 * 1)
        lo = self.lo.get(u)
        return Interval(lo if lo is not None else 0 * self.hi[u], self.hi[u], u in self.lo_x, u in self.hi_x)


def solve_column(edges: Edges, target: int, *, exact: bool) -> Column:
    """Integrated shares of all holders (direct and indirect) in ``target``; see the module docstring."""
    pos = edges.hi > 0
    src, dst = edges.src[pos], edges.dst[pos]
    anc = ancestors(target, src, dst)
    keep = np.isin(src, list(anc)) if anc else np.zeros(len(src), bool)
    e_src, e_dst = src[keep].tolist(), dst[keep].tolist()
    lo_w, hi_w = edges.lo[pos][keep].tolist(), edges.hi[pos][keep].tolist()
    lo_xw, hi_xw = edges.lo_x[pos][keep].tolist(), edges.hi_x[pos][keep].tolist()
    succ: dict[int, list[int]] = defaultdict(list)
    for s, d in zip(e_src, e_dst):
        if d in anc:
            succ[s].append(d)
    comps = scc_order(sorted(anc), succ)
    out_lo: dict[int, list[tuple[int, Any]]] = defaultdict(list)
    out_hi: dict[int, list[tuple[int, Any]]] = defaultdict(list)
    for s, d, l, h in zip(e_src, e_dst, lo_w, hi_w):
        if l:
            out_lo[s].append((d, l))
        out_hi[s].append((d, h))
    one = Fraction(1) if exact else 1.0
    lo, closed, _ = _solve(comps, out_lo, target, exact, on_divergence=None)
    hi, _, _ = _solve(comps, out_hi, target, exact, on_divergence=math.inf)
    capped = {u for u, v in hi.items() if v > one}
    hi.update((u, one) for u in capped)
    certain = [(s, d, lx) for s, d, l, lx in zip(e_src, e_dst, lo_w, lo_xw) if l > 0 or lx]
    _, lo_x = reach_labels(target, [c[0] for c in certain], [c[1] for c in certain], [c[2] for c in certain])
    _, hi_x = reach_labels(target, e_src, e_dst, hi_xw)
    hi_x -= capped
    nontrivial = [c for c in comps if len(c) > 1 or c[0] in succ.get(c[0], ())]
    return Column(lo, hi, lo_x, hi_x, closed, nontrivial)


def _solve(comps: list[list[int]], out: dict[int, list[tuple[int, Any]]], target: int, exact: bool,
           on_divergence: Any) -> tuple[dict[int, Any], list[list[int]], set[int]]:
    """Solve ``y = b + M y`` component by component, downstream first.

    ``on_divergence``: the value given to a component whose walk sum diverges (``None``: undefined, and
    the component is returned as a closed loop; ``inf`` for upper bounds, which the caller caps at 100 %
    like every other upper bound above it — the same rule as the sparse engine); the third item lists
    the diverged nodes."""
    zero = Fraction(0) if exact else 0.0
    y: dict[int, Any] = {}
    closed: list[list[int]] = []
    capped: set[int] = set()
    for comp in comps:
        members = set(comp)
        rhs = []
        for u in comp:
            b = zero
            for v, w in out.get(u, ()):
                if v == target:
                    b += w
                if v not in members and v in y and y[v] is not None:
                    b += w * y[v]
            rhs.append(b)
        internal = [(i, v, w) for i, u in enumerate(comp) for v, w in out.get(u, ()) if v in members]
        sol = list(rhs) if not internal else _block_solve(comp, internal, rhs, exact)
        if sol is None:
            if on_divergence is None:
                closed.append(sorted(comp))
            else:
                capped.update(comp)
            sol = [on_divergence] * len(comp)
        y.update(zip(comp, sol))
    return y, closed, capped


def _block_solve(comp: list[int], internal: list[tuple[int, int, Any]], rhs: list, exact: bool) -> list | None:
    """Solve ``(I − M_SS) y = rhs``; ``None`` when the component does not leak (no non-negative solution)."""
    pos = {u: i for i, u in enumerate(comp)}
    k = len(comp)
    if exact:
        m = [[Fraction(int(i == j)) for j in range(k)] for i in range(k)]
        for i, v, w in internal:
            m[i][pos[v]] -= Fraction(w)
        b = [Fraction(r) for r in rhs]
        vals = _fraction_solve(m, b) if k <= SMALL_EXACT else _flint_solve(m, b)
        return None if vals is None or any(v < 0 for v in vals) else vals
    a = np.eye(k)
    for i, v, w in internal:
        a[i, pos[v]] -= w
    try:
        sol = np.linalg.solve(a, np.asarray(rhs, dtype=float))
    except np.linalg.LinAlgError:
        return None
    if not np.all(np.isfinite(sol)) or np.any(sol < -FLOAT_EPS) or np.linalg.cond(a) > 1e12:
        return None
    return np.clip(sol, 0.0, None).tolist()


def _fraction_solve(a: list[list[Fraction]], b: list[Fraction]) -> list[Fraction] | None:
    """The exact solution of ``a x = b`` by Gauss–Jordan elimination in Fractions; ``None`` when ``a`` is
    singular. For the small components most registers have (a block of ``k ≤`` :data:`SMALL_EXACT` takes
    ``k³`` Fraction steps) this is faster than importing python-flint, which solves the larger ones; the
    exact solution is unique, so both give the same Fractions.

    >>> _fraction_solve([[Fraction(1), Fraction(-1, 2)], [Fraction(-1, 2), Fraction(1)]], [Fraction(1), Fraction(0)])
    [Fraction(4, 3), Fraction(2, 3)]
    >>> _fraction_solve([[Fraction(1), Fraction(-1)], [Fraction(-1), Fraction(1)]], [Fraction(1), Fraction(0)]) is None
    True
    """
    k = len(b)
    rows = [[*row, rhs] for row, rhs in zip(a, b)]
    for col in range(k):
        pivot = next((r for r in range(col, k) if rows[r][col]), None)
        if pivot is None:
            return None
        rows[col], rows[pivot] = rows[pivot], rows[col]
        head = rows[col]
        inv = 1 / head[col]
        head[col:] = [x * inv for x in head[col:]]
        for r in range(k):
            f = rows[r][col]
            if r != col and f:
                rows[r][col:] = [x - f * y for x, y in zip(rows[r][col:], head[col:])]
    return [row[k] for row in rows]


def _flint_solve(a: list[list[Fraction]], b: list[Fraction]) -> list[Fraction] | None:
    """:func:`_fraction_solve` by python-flint (``fmpq_mat.solve``), for the larger blocks."""
    import flint

    def q(x: Fraction):
        return flint.fmpq(x.numerator, x.denominator)
    k = len(b)
    try:
        sol = flint.fmpq_mat(k, k, [q(x) for row in a for x in row]).solve(flint.fmpq_mat(k, 1, [q(x) for x in b]))
    except ZeroDivisionError:
        return None
    return [Fraction(int(sol[i, 0].p), int(sol[i, 0].q)) for i in range(k)]


# -- chains ---------------------------------------------------------------------------------------
def simple_paths(start: int, target: int, succ: dict[int, list[int]], *, max_paths: int = 50,
                 max_depth: int = 16) -> list[list[int]]:
    """Up to ``max_paths`` simple paths ``start → … → target`` (depth-first, no node twice)."""
    paths: list[list[int]] = []
    stack = [(start, [start])]
    while stack and len(paths) < max_paths:
        v, path = stack.pop()
        for w in reversed(succ.get(v, ())):
            if w == target:
                paths.append(path + [w])
                if len(paths) >= max_paths:
                    break
            elif w not in path and len(path) < max_depth:
                stack.append((w, path + [w]))
    return paths
