"""Network control: who controls the most value through the whole ownership network.

* Vitali, Glattfelder & Battiston (2011), "The network of global corporate control", PLoS ONE 6(10)
  e25995, building on Glattfelder & Battiston (2009), Phys. Rev. E 80, 036104. From the ownership
  matrix ``W`` (``W[i, j]``: share of ``j`` held by ``i``) a control matrix ``C`` is derived by one of
  three models — *linear* ``C = W``; *threshold*: a holder of more than θ = 50 % has full control
  (``C_ij = 1``) and the subject's other holders none, and where nobody exceeds θ control is
  proportional to shares; *relative* ``C_ij = W_ij² / Σ_l W_lj²`` — then the integrated control
  ``C̃ = (I − C)⁻¹ C`` and the *network value* ``ṽ = C̃ v`` of each holder (``v``: intrinsic value of
  each firm, 1 each by default). In cycles ``C̃`` counts a firm's value once per time a walk reaches
  it; the corrected value counts each firm once per first arrival, ``Ĉ_ij = C̃_ij / (I − C)⁻¹_jj``
  (a walk may not pass through its target twice), and leaves out the holder's own value.
* Mizuno, Doi & Kurizaki (2020), "The power of corporate control in the global ownership network",
  PLoS ONE 15(8) e0237862: the *network power index* is the Shapley value of the game in which a
  coalition of ultimate owners (nodes nobody owns) is worth the total value of the firms it controls,
  where a firm is controlled once the coalition and the firms it already controls hold more than
  q = 50 % of it. Estimated by Monte Carlo over random orderings (seeded; with standard errors), or
  exactly over all orderings when there are at most ``exact_max`` players.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Callable, Sequence

import numpy as np
import scipy.sparse as sp

from kingmaker.analysis.ownership.beneficial import as_graph, closed_loops
from kingmaker.errors import UserError

MODELS = ("linear", "threshold", "relative")


def ownership_matrix(source, kind: str = "shareholding") -> tuple[sp.csr_matrix, list[str]]:
    """``W`` from a snapshot or graph; a banded share counts at the middle of its band.

    >>> from kingmaker.model.examples import small_group
    >>> snap = small_group()   # alice 60 % of holdco, holdco 50 % of target, bob 50 % of target
    >>> w, ids = ownership_matrix(snap)
    >>> ids, float(w[ids.index("holdco"), ids.index("target")])
    (['alice', 'bob', 'cloudco', 'holdco', 'target'], 0.5)
    """
    g = as_graph(source)
    e = g.own[kind]
    w = (e.lo.astype(float) + e.hi.astype(float)) / 2
    m = sp.csr_matrix((w, (e.src, e.dst)), shape=(g.n, g.n))
    m.eliminate_zeros()
    return m, list(g.ids)


def control_matrix(w: sp.spmatrix, model: str = "linear", theta: float = 0.5) -> sp.csr_matrix:
    """The control matrix ``C`` of one of the models of Vitali et al. (2011); see the module docstring.

    >>> import numpy as np
    >>> control_matrix(np.array([[0, 0.6], [0, 0]]), "threshold").toarray().tolist()   # > 50 %: full control
    [[0.0, 1.0], [0.0, 0.0]]
    """
    w = sp.csr_matrix(w, dtype=float)
    if model == "linear":
        return w.copy()
    coo = w.tocoo()
    if model == "relative":
        sq = np.zeros(w.shape[1])
        np.add.at(sq, coo.col, coo.data ** 2)
        data = np.divide(coo.data ** 2, sq[coo.col], out=np.zeros_like(coo.data), where=sq[coo.col] > 0)
    elif model == "threshold":
        major = coo.data > theta
        has_major = np.zeros(w.shape[1], bool)
        has_major[coo.col[major]] = True
        data = np.where(major, 1.0, np.where(has_major[coo.col], 0.0, coo.data))
    else:
        raise UserError(f"unknown control model {model!r}; use one of {', '.join(MODELS)} or npi")
    c = sp.csr_matrix((data, (coo.row, coo.col)), shape=w.shape)
    c.eliminate_zeros()
    return c


@dataclass(frozen=True)
class Controller:
    actor: str
    value: float  # corrected network value (each firm once per first arrival)
    raw_value: float  # uncorrected ṽ_i = Σ_j C̃_ij v_j
    direct: int  # firms held directly

    def to_dict(self) -> dict:
        return {"actor": self.actor, "network_value": self.value, "raw_network_value": self.raw_value,
                "direct_holdings": self.direct}


def cut_closed_loops(c: sp.spmatrix) -> tuple[sp.csr_matrix, list[np.ndarray]]:
    """Remove the inner edges of closed loops (components that control 100 % of themselves, where
    ``(I − C)⁻¹`` does not exist); returns the cut matrix and the loops' members."""
    c = sp.csr_matrix(c, dtype=float)
    loops = closed_loops(c)
    if loops:
        members = np.zeros(c.shape[0], dtype=np.int64) - 1
        for k, m in enumerate(loops):
            members[m] = k
        coo = c.tocoo()
        inner = (members[coo.row] >= 0) & (members[coo.row] == members[coo.col])
        c = sp.csr_matrix((coo.data[~inner], (coo.row[~inner], coo.col[~inner])), shape=c.shape)
    return c, loops


#: strongly connected components up to this size have the diagonal of their inverse taken densely
DENSE_BLOCK = 2000


def _components(c: sp.csr_matrix) -> np.ndarray:
    from scipy.sparse.csgraph import connected_components

    return connected_components(c, directed=True, connection="strong")[1]


def inverse_diagonal(c: sp.spmatrix, labels: np.ndarray | None = None) -> np.ndarray:
    """The diagonal of ``(I − C)⁻¹`` without the inverse: a walk from ``j`` back to ``j`` never leaves ``j``'s
    strongly connected component, so ``(I − C)⁻¹_jj`` is the diagonal of ``(I − C_SS)⁻¹`` for that component
    ``S`` alone — ``1 / (1 − C_jj)`` outside cycles, a small block inverted directly inside them (sparse LU,
    one column at a time, for a component over :data:`DENSE_BLOCK` members).

    >>> inverse_diagonal(sp.csr_matrix([[0, .5], [.5, 0]])).round(4).tolist()  # 1 / (1 − ¼)
    [1.3333, 1.3333]
    """
    from scipy.sparse.linalg import splu

    c = sp.csr_matrix(c, dtype=float)
    d = 1.0 / (1.0 - c.diagonal())
    labels = _components(c) if labels is None else labels
    sizes = np.bincount(labels)
    cyclic = np.flatnonzero(sizes > 1)
    if not len(cyclic):
        return d
    in_cycle = np.flatnonzero(sizes[labels] > 1)
    in_cycle = in_cycle[np.argsort(labels[in_cycle], kind="stable")]  # each component's members side by side
    sub = c[in_cycle][:, in_cycle].tocsr()  # one slice of the whole matrix, then small ones
    bounds = np.concatenate([[0], np.cumsum(sizes[cyclic])])
    for a, b in zip(bounds[:-1].tolist(), bounds[1:].tolist()):
        members = in_cycle[a:b]
        block = sp.identity(b - a, format="csc") - sub[a:b, a:b].tocsc()
        if b - a <= DENSE_BLOCK:
            d[members] = np.diag(np.linalg.inv(block.toarray()))
        else:
            lu = splu(block)
            unit = np.zeros(b - a)
            for k in range(b - a):
                unit[k] = 1.0
                d[members[k]] = lu.solve(unit)[k]
                unit[k] = 0.0
    return d


def _solve(a: sp.spmatrix, rhs: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """``a⁻¹ rhs`` for ``a = I − C`` by sparse LU. When the strongly connected components are numbered
    from the subjects up (every tie between components goes from a higher number to a lower — how SciPy
    numbers them, checked here, not assumed), the rows and columns are put in that order: ``a`` is then
    block triangular with the components as its blocks, and factorising it in that order fills nothing
    outside them (a 10⁶-edge register: seconds, where a fill-reducing ordering spends a minute finding one).
    Otherwise SuperLU's own column ordering."""
    from scipy.sparse.linalg import splu

    coo = sp.coo_matrix(a)
    across = labels[coo.row] != labels[coo.col]
    if (labels[coo.row[across]] > labels[coo.col[across]]).all():
        order = np.argsort(labels, kind="stable")
        permuted = sp.csr_matrix(a)[order][:, order].tocsc()
        out = np.empty_like(rhs)
        out[order] = splu(permuted, permc_spec="NATURAL").solve(rhs[order])
        return out
    return splu(sp.csc_matrix(a)).solve(rhs)


def network_values(c: sp.spmatrix, values: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(corrected, raw) network value of every node for control matrix ``c`` (closed loops cut first,
    see :func:`cut_closed_loops`).

    Computed with vectors, never the matrix ``C̃``: one sparse LU factorisation of ``I − C`` solves
    ``raw = (I − C)⁻¹ C v`` and ``(I − C)⁻¹ C (v / d)`` with ``d`` the diagonal of ``(I − C)⁻¹``
    (:func:`inverse_diagonal`); the corrected value ``Σ_{j≠i} C̃_ij v_j / d_j`` is the second less its
    own term ``C̃_ii v_i / d_i`` (``C̃_ii = d_i − 1``).

    >>> import numpy as np
    >>> corrected, raw = network_values(np.array([[0, 0.6, 0], [0, 0, 0.5], [0, 0, 0]]))
    >>> raw.round(2).tolist()   # 0 controls 0.6 of firm 1 and 0.3 of firm 2
    [0.9, 0.5, 0.0]
    """
    c, _ = cut_closed_loops(c)
    n = c.shape[0]
    v = np.ones(n) if values is None else np.asarray(values, dtype=float)
    if n == 0 or c.nnz == 0:
        return np.zeros(n), np.zeros(n)
    labels = _components(c)
    d = inverse_diagonal(c, labels)
    sol = _solve(sp.identity(n, format="csr") - c, np.column_stack([c @ v, c @ (v / d)]), labels)
    raw = sol[:, 0]
    corrected = sol[:, 1] - (d - 1.0) * v / d
    # what is 0 in exact arithmetic (no holdings, or a cycle's own term cancelling) stays 0, not ±1e-17
    tiny = 1e-12 * max(1.0, float(np.abs(sol[:, 1]).max()))
    corrected[np.abs(corrected) <= tiny] = 0.0
    return corrected, raw


def top_controllers(w: sp.spmatrix, ids: Sequence[str], model: str = "linear", top: int = 10,
                    values: np.ndarray | None = None) -> list[Controller]:
    """The ``top`` nodes by corrected network value under ``model``.

    >>> from kingmaker.model.examples import small_group
    >>> snap = small_group()   # alice 60 % of holdco, holdco 50 % of target, bob 50 % of target
    >>> w, ids = ownership_matrix(snap)
    >>> [(c.actor, round(c.value, 2)) for c in top_controllers(w, ids, top=2)]
    [('alice', 0.9), ('bob', 0.5)]
    """
    c = control_matrix(w, model)
    corrected, raw = network_values(c, values)
    return rank_controllers(ids, corrected, raw, np.diff(sp.csr_matrix(w).indptr), top)


def rank_controllers(ids: Sequence[str], corrected: np.ndarray, raw: np.ndarray, direct: np.ndarray,
                     top: int = 10) -> list[Controller]:
    """The ``top`` nodes by corrected network value, ties by id (what :func:`top_controllers` and the Spark
    engine, :mod:`kingmaker.distributed.spark_network`, both report)."""
    # ranked on 12 significant digits: values equal in exact arithmetic tie (and go by id) whatever the
    # last bits of the solve
    with np.errstate(divide="ignore"):
        scale = 10.0 ** (11 - np.where(corrected != 0, np.floor(np.log10(np.abs(corrected))), 0))
    rank = np.round(corrected * scale) / scale
    order = np.lexsort((np.array(ids, dtype=object).astype(str), -rank))[:top]
    return [Controller(ids[i], float(corrected[i]), float(raw[i]), int(direct[i])) for i in order if corrected[i] > 0]


# -- network power index ----------------------------------------------------------------------------
@dataclass(frozen=True)
class PowerIndex:
    actor: str
    index: Any  # Fraction when exact, float otherwise
    stderr: float  # Monte Carlo standard error (0 when exact)

    def to_dict(self) -> dict:
        return {"actor": self.actor, "npi": float(self.index), "stderr": self.stderr,
                **({"exact": f"{self.index.numerator}/{self.index.denominator}"} if isinstance(self.index, Fraction) else {})}


class _Cascade:
    """Control cascade on a CSR ownership matrix: add one player, return the value it newly controls."""

    def __init__(self, w: sp.csr_matrix, values: np.ndarray, q: float):
        self.indptr, self.indices, self.data = w.indptr, w.indices, w.data.tolist()
        self.values, self.q, self.n = values.tolist(), q, w.shape[0]

    def run(self, order: Sequence[int]) -> list[Any]:
        held = [0.0] * self.n
        controlled = [False] * self.n
        gains = []
        ind, ptr, dat, val, q = self.indices, self.indptr, self.data, self.values, self.q
        for p in order:
            gain = 0
            if not controlled[p]:
                controlled[p] = True
                gain += val[p]
                todo = [p]
                while todo:
                    u = todo.pop()
                    for k in range(ptr[u], ptr[u + 1]):
                        j = ind[k]
                        held[j] += dat[k]
                        if not controlled[j] and held[j] > q:
                            controlled[j] = True
                            gain += val[j]
                            todo.append(j)
            gains.append(gain)
        return gains


def network_power_index(w: sp.spmatrix, ids: Sequence[str], values: Sequence[Any] | None = None, *,
                        q: float = 0.5, samples: int = 20000, seed: int = 0, exact_max: int = 7,
                        progress: Callable[[int, int], None] | None = None) -> list[PowerIndex]:
    """The network power index of every node (0 for nodes that are owned by someone).

    Exact (Fractions when ``values`` are integers or Fractions) when the players number at most
    ``exact_max``; otherwise ``samples`` random orderings drawn with ``seed``.

    >>> from kingmaker.model.examples import small_group
    >>> snap = small_group()   # alice 60 % of holdco, holdco 50 % of target, bob 50 % of target
    >>> w, ids = ownership_matrix(snap)
    >>> [(p.actor, p.index) for p in network_power_index(w, ids)][:2]
    [('alice', Fraction(5, 2)), ('bob', Fraction(3, 2))]
    """
    w = sp.csr_matrix(w, dtype=float)
    w.eliminate_zeros()
    n = w.shape[0]
    vals = [1] * n if values is None else list(values)
    players = np.flatnonzero(np.diff(w.tocsc().indptr) == 0).tolist()
    cascade = _Cascade(w, np.array(vals, dtype=object), q)
    m = len(players)
    totals = [0] * n
    if m <= exact_max:
        count = 0
        for perm in itertools.permutations(players):
            for p, gain in zip(perm, cascade.run(perm)):
                totals[p] += gain
            count += 1
        exact = _rational(vals)  # once: asked per node it made a 10⁵-node chain quadratic (issue 20)
        return [PowerIndex(ids[i], Fraction(totals[i]) / count if exact else totals[i] / count, 0.0)
                for i in range(n)]
    rng = np.random.default_rng(seed)
    sums = np.zeros(n)
    squares = np.zeros(n)
    for s in range(samples):
        perm = [players[i] for i in rng.permutation(m)]
        gains = np.array(cascade.run(perm), dtype=float)
        sums[perm] += gains
        squares[perm] += gains ** 2
        if progress and (s % 100 == 0 or s == samples - 1):
            progress(s + 1, samples)
    mean = sums / samples
    var = np.maximum(squares / samples - mean ** 2, 0.0) * samples / max(samples - 1, 1)
    se = np.sqrt(var / samples)
    return [PowerIndex(ids[i], float(mean[i]), float(se[i])) for i in range(n)]


def _rational(vals: Sequence[Any]) -> bool:
    return all(isinstance(v, (int, Fraction)) and not isinstance(v, bool) for v in vals)


def firm_values(source) -> np.ndarray:
    """Default intrinsic values: 1 for every actor that is not a natural person or unidentified party."""
    g = as_graph(source)
    return (~g.terminal).astype(float)


__all__ = ["MODELS", "ownership_matrix", "control_matrix", "network_values", "inverse_diagonal", "top_controllers",
           "rank_controllers",
           "network_power_index", "firm_values", "Controller", "PowerIndex"]
