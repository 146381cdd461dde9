"""Approximate power indices for large weighted games (10^4 - 10^6 players), with error bounds.

* :func:`owen_banzhaf` / :func:`owen_shapley` — Owen's multilinear extension (Owen 1972, 1975,
  "Multilinear extensions and the Banzhaf value", Naval Res. Logist. Q. 22): the others' total
  weight is approximated by a normal law; Shapley–Shubik integrates over the joining probability t.
* :func:`leech_banzhaf` — Leech (2003), "Computing power indices for large voting games",
  Management Science 49(6): the m largest players (majors) are enumerated exactly, only the
  minors' total is approximated by a normal law.
* :func:`monte_carlo_banzhaf` / :func:`monte_carlo_shapley` — sampling (Mann & Shapley 1960 for SSI),
  with a simultaneous Hoeffding confidence interval.

Error bounds (``bound``) are absolute, per player, on the *absolute* Banzhaf value (a probability)
and on the Shapley–Shubik value.  For the normal methods they come from the Berry–Esseen theorem with
Shevtsova's (2010) constant 0.56 for independent non-identical summands, plus 0.5 phi(0)/sigma for
the continuity correction; they are rigorous but often pessimistic.  Monte Carlo bounds hold for all
players at once with the stated confidence.

All functions take integer-valued weights and the integer quota q (S wins iff w(S) >= q).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import ndtr

BERRY_ESSEEN = 0.56
_PHI0 = 0.3989422804014327  # standard normal density at 0


@dataclass(frozen=True)
class Approx:
    """Per-player values, the method's name and an absolute error bound (and its confidence)."""

    values: np.ndarray
    method: str
    bound: float
    confidence: float | None = None


def _window_prob(lo: np.ndarray, hi: np.ndarray, mean: np.ndarray, sd: np.ndarray) -> np.ndarray:
    """P(lo <= Y <= hi) for an integer Y ~ N(mean, sd^2), with continuity correction."""
    sd = np.maximum(sd, 1e-300)
    return np.clip(ndtr((hi + 0.5 - mean) / sd) - ndtr((lo - 0.5 - mean) / sd), 0.0, 1.0)


def _be_bound(third: np.ndarray, var: np.ndarray) -> np.ndarray:
    """Bound on |P(a <= Y <= b) - normal estimate| (two CDF errors plus continuity correction)."""
    sd = np.sqrt(var)
    with np.errstate(divide="ignore", invalid="ignore"):
        b = 2 * (BERRY_ESSEEN * third / sd**3 + 0.5 * _PHI0 / sd)
    return np.where(sd > 0, np.minimum(b, 1.0), 1.0)


def owen_banzhaf(w: np.ndarray, q: int) -> Approx:
    """Absolute Banzhaf: P(q - w_i <= sum_{j != i} w_j B_j <= q - 1), B_j ~ Bernoulli(1/2)."""
    w = np.asarray(w, dtype=np.float64)
    mean = (w.sum() - w) / 2
    var = ((w**2).sum() - w**2) / 4
    third = ((w**3).sum() - w**3) / 8
    values = _window_prob(q - w, np.full_like(w, q - 1), mean, np.sqrt(var))
    return Approx(values, "owen-normal", float(_be_bound(third, var).max()))


def owen_shapley(w: np.ndarray, q: int, nodes: int = 48, pieces: int = 16) -> Approx:
    """Shapley–Shubik by Owen's MLE: phi_i = int_0^1 P(swing | others join with probability t) dt.

    Composite Gauss–Legendre quadrature (``pieces`` x ``nodes`` points), chunked over players.
    """
    w = np.asarray(w, dtype=np.float64)
    x, gw = np.polynomial.legendre.leggauss(nodes)
    edges = np.linspace(0.0, 1.0, pieces + 1)
    t = np.concatenate([(a + b) / 2 + (b - a) / 2 * x for a, b in zip(edges[:-1], edges[1:])])
    tw = np.concatenate([(b - a) / 2 * gw for a, b in zip(edges[:-1], edges[1:])])
    s1, s2, s3 = w.sum(), (w**2).sum(), (w**3).sum()
    values = np.empty_like(w)
    bound = 0.0
    chunk = max(1, 2_000_000 // len(t))
    tt, ww = t[:, None], tw[:, None]
    for start in range(0, len(w), chunk):
        wi = w[start : start + chunk][None, :]
        mean = tt * (s1 - wi)
        var = tt * (1 - tt) * (s2 - wi**2)
        third = tt * (1 - tt) * (tt**2 + (1 - tt) ** 2) * (s3 - wi**3)
        values[start : start + chunk] = (ww * _window_prob(q - wi, q - 1 + 0 * wi, mean, np.sqrt(var))).sum(0)
        bound = max(bound, float((ww * _be_bound(third, var)).sum(0).max()))
    return Approx(values, "owen-mle", bound)


def leech_banzhaf(w: np.ndarray, q: int, majors: int = 10) -> Approx:
    """Absolute Banzhaf with the ``majors`` heaviest players exact and the rest normal (Leech 2003)."""
    w = np.asarray(w, dtype=np.float64)
    n = len(w)
    m = min(majors, n)
    order = np.argsort(-w, kind="stable")
    big, small = order[:m], order[m:]
    wm = w[big]
    masks = np.arange(1 << m)
    sums = ((masks[:, None] >> np.arange(m)) & 1) @ wm  # weight of each subset of the majors
    mean_y, var_y, third_y = w[small].sum() / 2, (w[small] ** 2).sum() / 4, (w[small] ** 3).sum() / 8
    values = np.empty(n)
    for k, i in enumerate(big):  # a major: others' majors exact, minors normal
        others = sums[(masks >> k) & 1 == 0]
        p = _window_prob(q - w[i] - others, q - 1 - others, mean_y, np.sqrt(var_y))
        values[i] = p.mean()
    uniq, counts = np.unique(sums, return_counts=True)
    share = counts / counts.sum()
    wmin = w[small]
    chunk = max(1, 4_000_000 // max(1, len(uniq)))
    for start in range(0, len(wmin), chunk):  # a minor: all majors exact, the other minors normal
        wi = wmin[start : start + chunk][:, None]
        mean = mean_y - wi / 2
        sd = np.sqrt(np.maximum(var_y - wi**2 / 4, 0.0))
        p = _window_prob(q - wi - uniq[None, :], q - 1 - uniq[None, :], mean, sd)
        values[small[start : start + chunk]] = p @ share
    worst = np.max(w[small]) if len(small) else 0.0
    bound = float(_be_bound(np.array(third_y), np.array(var_y - worst**2 / 4)))
    return Approx(values, f"leech-{m}-majors", bound)


def _hoeffding(samples: int, players: int, confidence: float) -> float:
    return float(np.sqrt(np.log(2 * players / (1 - confidence)) / (2 * samples)))


def monte_carlo_banzhaf(w: np.ndarray, q: int, samples: int = 2000, confidence: float = 0.95, seed: int = 0) -> Approx:
    """Absolute Banzhaf from random coalitions; one sample serves all players at once."""
    w = np.asarray(w, dtype=np.float64)
    rng = np.random.default_rng(seed)
    hits = np.zeros(len(w))
    chunk = max(1, 4_000_000 // len(w))
    for start in range(0, samples, chunk):
        k = min(chunk, samples - start)
        member = rng.random((k, len(w))) < 0.5
        total = member @ w
        rest = total[:, None] - member * w[None, :]  # others' weight, for each player
        hits += ((rest >= q - w[None, :]) & (rest < q)).sum(0)
    return Approx(hits / samples, f"monte-carlo-{samples}", _hoeffding(samples, len(w), confidence), confidence)


def monte_carlo_shapley(w: np.ndarray, q: int, samples: int = 2000, confidence: float = 0.95, seed: int = 0) -> Approx:
    """Shapley–Shubik from random orderings: count who turns the ordering's prefix into a winner."""
    w = np.asarray(w, dtype=np.float64)
    rng = np.random.default_rng(seed)
    hits = np.zeros(len(w))
    for _ in range(samples):
        perm = rng.permutation(len(w))
        k = int(np.searchsorted(np.cumsum(w[perm]), q - 0.5))
        if k < len(w):
            hits[perm[k]] += 1
    return Approx(hits / samples, f"monte-carlo-{samples}", _hoeffding(samples, len(w), confidence), confidence)
