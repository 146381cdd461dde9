"""Integrated ownership and UBOs for *every* subject at once, with scipy sparse matrices.

Rows are the natural persons; for each weight matrix ``M`` the engine sums the walks by semi-naive
iteration (one sparse product per step, the "mat-vec" of the benchmarks):

    D_0 = X_0 = I_P,   D_{k+1} = D_k M,   X_{k+1} = X_k + D_{k+1}

(``I_P``: the persons' own rows of the identity) until every entry of ``D`` is at most ``tol``, so
``X`` holds ``I_P (I + M + M² + …)``, whose off-diagonal part is ``P (I − C)⁻¹`` = the persons' rows of
``Ã``. ``M`` holds the lower ends (the partial sums only increase, so stopping early stays a lower
bound) or the tightened upper ends. A strongly connected component whose upper ends do not leak would
make the sum diverge: its inner edges are cut and everything a person reaches through it is bounded by
100 %; all upper bounds are capped at 100 %. Exclusive ends and control are reachability labels,
propagated the same way over 0/1 matrices (their meaning: :mod:`kingmaker.analysis.ownership.integrated`).
Memory is ``O(edges + person–subject pairs)``; no dense ``n × n`` matrix is formed.

:mod:`kingmaker.distributed.spark_ownership` runs the same iteration on Spark DataFrames.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import pyarrow as pa
import scipy.sparse as sp

from kingmaker.analysis.ownership.integrated import verdict_masks
from kingmaker.analysis.ownership.graph import OWNERSHIP_KINDS, Edges, Graph, unique_ints

Progress = Callable[[str, int], None]  # (stage, iteration) → None


@dataclass
class Bounds:
    """Person × node sparse matrices of one kind: values and exclusive-end labels (0/1)."""

    lo: sp.csr_matrix
    hi: sp.csr_matrix
    lo_x: sp.csr_matrix
    hi_x: sp.csr_matrix
    iterations: dict[str, int] = field(default_factory=dict)


@dataclass
class BulkResult:
    ids: list[str]
    persons: np.ndarray
    bounds: dict[str, Bounds]
    control_certain: sp.csr_matrix
    control_possible: sp.csr_matrix
    seconds: dict[str, float] = field(default_factory=dict)


def _matrix(n: int, src, dst, data=None) -> sp.csr_matrix:
    data = np.ones(len(src)) if data is None else np.asarray(data, dtype=float)
    return sp.csr_matrix((data, (np.asarray(src), np.asarray(dst))), shape=(n, n))


def _identity_rows(rows: np.ndarray, n: int) -> sp.csr_matrix:
    return sp.csr_matrix((np.ones(len(rows)), (np.arange(len(rows)), rows)), shape=(len(rows), n))


def _binary(x: sp.csr_matrix) -> sp.csr_matrix:
    x = x.tocsr(copy=True)
    x.eliminate_zeros()
    x.data[:] = 1.0
    return x


def iterate_values(start: sp.csr_matrix, m: sp.csr_matrix, *, tol: float = 1e-13, prune: float = 1e-18,
                   max_iter: int = 10000, progress: Progress | None = None, stage: str = "") -> tuple[sp.csr_matrix, int]:
    """``X = start (I + M + M² + …)`` by semi-naive iteration: ``D ← D M`` until every entry of ``D`` is
    at most ``tol``; ``X = Σ D`` is summed once at the end (:func:`sum_steps`), not into a running total
    that every step would copy. Terms below ``prune`` are dropped (walks of weight < 1e-18)."""
    steps = [start.tocsr()]
    d = steps[0]
    for k in range(1, max_iter + 1):
        d = (d @ m).tocsr()
        if prune:
            d.data[d.data < prune] = 0
            d.eliminate_zeros()
        if progress:
            progress(stage, k)
        if d.nnz == 0:
            return sum_steps(steps), k
        steps.append(d)
        if d.data.max() <= tol:
            return sum_steps(steps), k
    return sum_steps(steps), max_iter


def sum_steps(steps: list[sp.csr_matrix]) -> sp.csr_matrix:
    """``steps[0] + steps[1] + …`` in one pass over their entries, each entry added up in step order —
    the same floating-point sums as ``((s0 + s1) + s2) + …``, without a running total copied per step.

    >>> a = sp.csr_matrix([[1.0, 0.0]]); b = sp.csr_matrix([[0.5, 2.0]])
    >>> sum_steps([a, b, b]).toarray().tolist()
    [[2.0, 4.0]]
    """
    shape = steps[0].shape
    coo = [s.tocoo() for s in steps]
    key = np.concatenate([c.row.astype(np.int64) * shape[1] + c.col for c in coo])
    data = np.concatenate([c.data.astype(float) for c in coo])
    order = np.argsort(key, kind="stable")  # stable: each entry's terms stay in step order
    key, data = key[order], data[order]
    first = np.flatnonzero(np.r_[True, key[1:] != key[:-1]]) if len(key) else np.zeros(0, np.int64)
    length = np.diff(np.r_[first, len(key)])
    by_length = np.argsort(-length, kind="stable")  # longest first: the entries still adding are a prefix
    first, length = first[by_length], length[by_length]
    total = data[first].copy()
    still = np.searchsorted(-length, -np.arange(1, length.max(initial=1)), side="left")
    for j, n in enumerate(still, start=1):  # n entries have more than j terms
        total[:n] += data[first[:n] + j]
    keep = total != 0
    out = sp.csr_matrix((total[keep], (key[first][keep] // shape[1], key[first][keep] % shape[1])), shape=shape)
    out.sort_indices()
    return out


def iterate_labels(start: sp.csr_matrix, g: sp.csr_matrix, marked: sp.csr_matrix,
                   progress: Progress | None = None, stage: str = "") -> tuple[sp.csr_matrix, sp.csr_matrix, int]:
    """Reachability ``R = start ∨ R g`` and "via a marked edge" ``S = S g ∨ R marked``, semi-naively.

    Each step keeps only the pairs not reached before; what is reached is held as one sorted array of
    pair keys (row × columns + column), so that a step costs its frontier's lookups and one copy of that
    array, not a pass of sparse arithmetic over everything reached so far.

    >>> g = sp.csr_matrix([[0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [1.0, 0.0, 0.0]])  # a cycle 0 → 1 → 2 → 0
    >>> marked = sp.csr_matrix([[0.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.0, 0.0, 0.0]])
    >>> r, s, k = iterate_labels(sp.csr_matrix([[1.0, 0.0, 0.0]]), g, marked)
    >>> r.toarray().tolist(), s.toarray().tolist(), k
    ([[1.0, 1.0, 1.0]], [[1.0, 1.0, 1.0]], 5)
    """
    shape = start.shape
    r = fr = _keys(start)
    s = fs = np.zeros(0, np.int64)
    k = 0
    while len(fr) or len(fs):
        k += 1
        m_fr = _from_keys(fr, shape)
        nr = _unseen(_keys(m_fr @ g), r)
        ns = _unseen(_keys(_from_keys(fs, shape) @ g + m_fr @ marked), s)
        r, s, fr, fs = _merge(r, nr), _merge(s, ns), nr, ns
        if progress:
            progress(stage, k)
    return _from_keys(r, shape), _from_keys(s, shape), k


def _keys(m: sp.spmatrix) -> np.ndarray:
    """The sorted keys (row × columns + column) of ``m``'s nonzero entries."""
    c = m.tocoo()
    nz = c.data != 0
    return unique_ints(c.row[nz].astype(np.int64) * m.shape[1] + c.col[nz])


def _from_keys(keys: np.ndarray, shape: tuple[int, int]) -> sp.csr_matrix:
    """The 0/1 matrix whose entries are the sorted, distinct ``keys`` (canonical CSR)."""
    rows = keys // shape[1]
    indptr = np.zeros(shape[0] + 1, np.int64)
    np.cumsum(np.bincount(rows, minlength=shape[0]), out=indptr[1:])
    return sp.csr_matrix((np.ones(len(keys)), keys % shape[1], indptr), shape=shape)


def _unseen(keys: np.ndarray, seen: np.ndarray) -> np.ndarray:
    """The sorted ``keys`` not in the sorted ``seen``."""
    if not len(seen) or not len(keys):
        return keys
    at = np.minimum(np.searchsorted(seen, keys), len(seen) - 1)
    return keys[seen[at] != keys]


def _merge(seen: np.ndarray, new: np.ndarray) -> np.ndarray:
    """Two disjoint sorted key arrays as one sorted array."""
    return np.insert(seen, np.searchsorted(seen, new), new) if len(new) else seen


def divergent_nodes(n: int, src: np.ndarray, dst: np.ndarray, w: np.ndarray, rho_max: float = 0.999) -> np.ndarray:
    """Members of strongly connected components whose weights do not leak (spectral radius ≥ ``rho_max``):
    walk sums through them diverge, so upper bounds through them are 100 %."""
    from scipy.sparse.csgraph import connected_components

    m = _matrix(n, src, dst, w)
    ncomp, labels = connected_components(m, directed=True, connection="strong")
    inside = labels[src] == labels[dst]
    comps = unique_ints(labels[src[inside]])
    out = []
    for c in comps:
        members = np.flatnonzero(labels == c)
        sub = m[members][:, members]
        if len(members) <= 300:
            rho = max(abs(np.linalg.eigvals(sub.toarray())))
        else:
            from scipy.sparse.linalg import eigs

            rho = abs(eigs(sub.astype(float), k=1, return_eigenvectors=False, maxiter=10000)[0])
        if rho >= rho_max:
            out.append(members)
    return np.concatenate(out) if out else np.zeros(0, np.int64)


def bounds(graph: Graph, edges: Edges, rows: np.ndarray, *, tol: float = 1e-13, max_iter: int = 10000,
           progress: Progress | None = None, kind: str = "") -> Bounds:
    """Integrated-ownership bounds of ``rows`` (node indices, usually the persons) in every node."""
    n = graph.n
    lo, hi = edges.lo.astype(float), edges.hi.astype(float)
    start = _identity_rows(rows, n)
    pos_lo = (lo > 0) | edges.lo_x
    pos_hi = hi > 0
    m_lo = _matrix(n, edges.src[lo > 0], edges.dst[lo > 0], lo[lo > 0])
    m_hi = _matrix(n, edges.src[pos_hi], edges.dst[pos_hi], hi[pos_hi])
    g_lo = _matrix(n, edges.src[pos_lo], edges.dst[pos_lo])
    mk_lo = _matrix(n, edges.src[pos_lo & edges.lo_x], edges.dst[pos_lo & edges.lo_x])
    g_hi = _matrix(n, edges.src[pos_hi], edges.dst[pos_hi])
    div = divergent_nodes(n, edges.src[pos_hi], edges.dst[pos_hi], hi[pos_hi])
    mk_hi_sel = pos_hi & edges.hi_x
    mk_hi = _matrix(n, edges.src[mk_hi_sel], edges.dst[mk_hi_sel])
    if len(div):  # cut the non-leaking components' inner edges; what they reach gets 100 % below
        inner = np.isin(edges.src, div) & np.isin(edges.dst, div)
        m_hi = _matrix(n, edges.src[pos_hi & ~inner], edges.dst[pos_hi & ~inner], hi[pos_hi & ~inner])
    x_lo, k1 = iterate_values(start, m_lo, tol=tol, max_iter=max_iter, progress=progress, stage=f"{kind} lower")
    x_hi, k2 = iterate_values(start, m_hi, tol=tol, max_iter=max_iter, progress=progress, stage=f"{kind} upper")
    _, lx, k3 = iterate_labels(start, g_lo, mk_lo, progress, f"{kind} lower ends")
    _, hx, k4 = iterate_labels(start, g_hi, mk_hi, progress, f"{kind} upper ends")
    if len(div):  # persons reaching a divergent component: everything it reaches is bounded by 100 %
        to_div = _binary(_binary(x_hi)[:, div] @ sp.csr_matrix((np.ones(len(div)), (np.arange(len(div)), div)), shape=(len(div), n)))
        reach_div, _, _ = iterate_labels(to_div, g_hi, sp.csr_matrix((n, n)))
        x_hi = x_hi - x_hi.multiply(reach_div) + reach_div
    x_hi = x_hi.tocsr()
    capped = _binary(x_hi > 1.0 + 1e-12)
    if len(div):
        capped = _binary(capped + reach_div)
    np.minimum(x_hi.data, 1.0, out=x_hi.data)
    hx = _binary(hx - hx.multiply(capped))  # a capped upper bound (100 %) is inclusive
    return Bounds(x_lo, x_hi, lx, hx, {"lower": k1, "upper": k2, "lower_ends": k3, "upper_ends": k4})


def compute(graph: Graph, *, tol: float = 1e-13, max_iter: int = 10000, progress: Progress | None = None) -> BulkResult:
    """Bounds for every kind and control reach for every person (see the module docstring)."""
    persons = graph.persons
    seconds: dict[str, float] = {}
    out: dict[str, Bounds] = {}
    for kind in OWNERSHIP_KINDS:
        t0 = time.perf_counter()
        out[kind] = bounds(graph, graph.own[kind], persons, tol=tol, max_iter=max_iter, progress=progress, kind=kind)
        seconds[kind] = time.perf_counter() - t0
    t0 = time.perf_counter()
    start = _identity_rows(persons, graph.n)
    none = sp.csr_matrix((graph.n, graph.n))
    cc, _, _ = iterate_labels(start, _matrix(graph.n, *graph.ctrl_certain), none, progress, "control (certain)")
    cp, _, _ = iterate_labels(start, _matrix(graph.n, *graph.ctrl_possible), none, progress, "control (possible)")
    seconds["control"] = time.perf_counter() - t0
    return BulkResult(graph.ids, persons, out, cc, cp, seconds)


# -- tables -------------------------------------------------------------------------------------------
def _lookup(m: sp.csr_matrix, keys: np.ndarray, ncols: int) -> np.ndarray:
    coo = m.tocoo()
    k = coo.row.astype(np.int64) * ncols + coo.col
    order = np.argsort(k, kind="stable")  # a CSR matrix's keys come sorted: the stable sort sees one run
    k, data = k[order], coo.data[order]
    idx = np.searchsorted(k, keys)
    idx_c = np.minimum(idx, max(len(k) - 1, 0))
    hit = (idx < len(k)) & (k[idx_c] == keys) if len(k) else np.zeros(len(keys), bool)
    return np.where(hit, data[idx_c] if len(k) else 0.0, 0.0)


def _union(keysets: list[np.ndarray]) -> np.ndarray:
    """``np.unique`` of the concatenated key arrays, each already sorted (a CSR matrix's keys): the
    stable sort merges the sorted runs instead of sorting from scratch."""
    return unique_ints(np.concatenate(keysets), kind="stable") if keysets else np.zeros(0, np.int64)


def ownership_table(res: BulkResult) -> pa.Table:
    """Every (person, subject, kind) with a positive upper bound: ``lo, hi, lo_excl, hi_excl``."""
    parts = []
    n = len(res.ids)
    ids = np.array(res.ids, dtype=object)
    for kind, b in res.bounds.items():
        coo = b.hi.tocoo()
        keep = res.persons[coo.row] != coo.col
        rows, cols = coo.row[keep], coo.col[keep]
        keys = rows.astype(np.int64) * n + cols
        parts.append(pa.table({
            "person": pa.array(ids[res.persons[rows]], pa.string()), "subject": pa.array(ids[cols], pa.string()),
            "kind": pa.array([kind] * len(rows), pa.string()),
            "lo": _lookup(b.lo, keys, n), "hi": coo.data[keep],
            "lo_excl": _lookup(b.lo_x, keys, n) > 0, "hi_excl": _lookup(b.hi_x, keys, n) > 0,
        }))
    return pa.concat_tables(parts).sort_by([("subject", "ascending"), ("person", "ascending"), ("kind", "ascending")])


def verdicts(lo, hi, lo_x, hi_x, t: float, at_least: bool = True) -> np.ndarray:
    """Vectorised :func:`kingmaker.analysis.ownership.integrated.verdict`: 2 certainly, 1 possibly, 0 no."""
    certain, possible = verdict_masks(lo, hi, lo_x, hi_x, t, at_least)
    return np.where(certain, 2, np.where(possible, 1, 0))


def ubo_table(res: BulkResult, threshold: float = 0.25, at_least: bool = True) -> pa.Table:
    """One row per (subject, person) that is certainly or possibly a beneficial owner.

    Columns: subject, person, ownership_lo/hi, votes_lo/hi, control (certainly/possibly/no), verdict."""
    n = len(res.ids)
    keysets = []
    for b in res.bounds.values():
        c = b.hi.tocoo()
        keysets.append(c.row.astype(np.int64) * n + c.col)
    c = res.control_possible.tocoo()
    keysets.append(c.row.astype(np.int64) * n + c.col)
    keys = _union(keysets)
    rows, cols = keys // n, keys % n
    keep = res.persons[rows] != cols
    keys, rows, cols = keys[keep], rows[keep], cols[keep]
    best = np.zeros(len(keys), dtype=np.int64)
    vals = {}
    for kind, b in res.bounds.items():
        lo, hi = _lookup(b.lo, keys, n), _lookup(b.hi, keys, n)
        v = verdicts(lo, hi, _lookup(b.lo_x, keys, n) > 0, _lookup(b.hi_x, keys, n) > 0, threshold, at_least)
        best = np.maximum(best, v)
        vals[kind] = (lo, hi)
    ctrl = np.where(_lookup(res.control_certain, keys, n) > 0, 2, np.where(_lookup(res.control_possible, keys, n) > 0, 1, 0))
    best = np.maximum(best, ctrl)
    sel = best > 0
    words = np.array(["no", "possibly", "certainly"], dtype=object)
    ids = np.array(res.ids, dtype=object)
    table = pa.table({
        "subject": pa.array(ids[cols[sel]], pa.string()), "person": pa.array(ids[res.persons[rows[sel]]], pa.string()),
        "ownership_lo": vals["shareholding"][0][sel], "ownership_hi": vals["shareholding"][1][sel],
        "votes_lo": vals["voting_rights"][0][sel], "votes_hi": vals["voting_rights"][1][sel],
        "control": pa.array(words[ctrl[sel]], pa.string()), "verdict": pa.array(words[best[sel]], pa.string()),
    })
    return table.sort_by([("subject", "ascending"), ("person", "ascending")])
