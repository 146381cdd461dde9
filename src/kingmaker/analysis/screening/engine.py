"""Ownership screening: which entities a sanctions or export-control rule catches, certainly or possibly.

The rule (:mod:`.rules`, declared in ``rules.yaml``) is applied as a *least
fixed point* over the ownership graph of :mod:`kingmaker.analysis.ownership.graph`: start from the
designated parties; an entity is caught when the holdings in it of parties already caught meet the
threshold (added up across parties for ``aggregate: all`` — OFAC Revised Guidance of 13 August 2014,
FAQ 399; one designated party's group at a time for ``aggregate: per_party`` — OFSI guidance 4.14), or,
where the rule counts control, when a caught party controls it. A caught entity then counts like a
designated one for the entities below it: status passes down a chain, shares are not multiplied
(OFAC FAQ 401, Example 1: X holds 50 % of A, A holds 50 % of B → B is blocked although X's "product"
is 25 %).

Banded shares give two fixed points: *certainly* caught uses the lower ends of the shares held by
parties certainly caught; *possibly* caught uses the upper ends held by parties possibly caught.
Both sets only grow with their inputs, so the certain set is inside the possible one, and an entity
outside the possible set is caught under no reading of the bands (Kingmaker's interval semantics,
:mod:`kingmaker.analysis.ownership.integrated`). The threshold test is the engines' shared three-valued
:func:`~kingmaker.analysis.ownership.integrated.verdict`: ``(25 %, 50 %]`` plus ``(25 %, 50 %]`` is
``(50 %, 100 %]`` — certainly 50 % or more.

Example (OFAC FAQ 401, Example 3)::

    >>> from fractions import Fraction as F
    >>> from kingmaker.analysis.ownership.graph import EdgeInput, build_graph
    >>> g = build_graph([EdgeInput("x", "a", "shareholding", F(1, 2), F(1, 2)),
    ...                  EdgeInput("x", "b", "shareholding", F(1, 10), F(1, 10)),
    ...                  EdgeInput("a", "b", "shareholding", F(2, 5), F(2, 5))], {"x": "person"})
    >>> [(r.actor, r.status) for r in screen(g, {"x": ["ofac-sdn"]}, "ofac-50", as_of=date(2025, 1, 1)).results]
    [('x', 'certainly'), ('a', 'certainly'), ('b', 'certainly')]
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from typing import Any, Iterable, Mapping

import numpy as np

from kingmaker.analysis.ownership.graph import Graph
from kingmaker.analysis.ownership.integrated import Interval, verdict
from kingmaker.analysis.screening.rules import Period, Rule, rule as get_rule
from kingmaker.errors import UserError
from kingmaker.model.designation import check_list

STATUSES = ("not", "possibly", "certainly")


# -- results ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Holding:
    """A holding (or control tie) in a screened entity by a party the rule counts."""

    holder: str
    name: str
    kind: str  # shareholding, voting_rights, or the control tie's kind
    share: Interval | None  # None for control ties
    holder_status: str  # designated, certainly, possibly

    def to_dict(self) -> dict:
        return {"holder": self.holder, "name": self.name, "kind": self.kind,
                "share": self.share.to_dict() if self.share is not None else None, "holder_status": self.holder_status}

    def __str__(self) -> str:
        what = f"{self.share} of {self.kind.replace('_', ' ')}" if self.share is not None else self.kind.replace("_", " ")
        return f"{self.name} ({self.holder}, {self.holder_status}): {what}"


@dataclass(frozen=True)
class Hop:
    holder: str
    subject: str
    kind: str
    share: Interval | None

    def to_dict(self) -> dict:
        return {"holder": self.holder, "subject": self.subject, "kind": self.kind,
                "share": self.share.to_dict() if self.share is not None else None}


@dataclass(frozen=True)
class Chain:
    """Designated party → … → screened entity, each hop a holding or control tie of a party caught."""

    root: str
    lists: tuple[str, ...]
    hops: tuple[Hop, ...]

    def to_dict(self) -> dict:
        return {"designated": self.root, "lists": list(self.lists), "hops": [h.to_dict() for h in self.hops],
                "text": str(self)}

    def __str__(self) -> str:
        parts = [f"{self.root} [{', '.join(self.lists)}]"]
        for h in self.hops:
            label = str(h.share) if h.share is not None else h.kind.replace("_", " ")
            parts.append(f"—{label}→ {h.subject}")
        return " ".join(parts)


@dataclass
class ScreenResult:
    """One entity's status under a rule, and what decides it."""

    actor: str
    name: str
    kind: str
    status: str  # certainly, possibly, not
    basis: str  # listed, ownership, control, none
    designations: list[dict] = field(default_factory=list)
    designated_share: dict[str, Interval] = field(default_factory=dict)  # per interest counted
    holdings: list[Holding] = field(default_factory=list)
    chains: list[Chain] = field(default_factory=list)
    settle: list[dict] = field(default_factory=list)
    by: str | None = None  # per_party rules: the designated party whose group catches it

    def to_dict(self) -> dict:
        main = next(iter(self.designated_share.values()), None)
        return {"actor": self.actor, "name": self.name, "kind": self.kind, "status": self.status,
                "basis": self.basis, "designations": self.designations,
                "designated_share": main.to_dict() if main is not None else None,
                "designated_shares": {k: v.to_dict() for k, v in self.designated_share.items()},
                "holdings": [h.to_dict() for h in self.holdings], "chains": [c.to_dict() for c in self.chains],
                "settle": self.settle, "by": self.by}


@dataclass
class ScreenReport:
    rule: Rule
    as_of: date
    lists: tuple[str, ...]
    period: Period | None
    results: list[ScreenResult]
    notes: list[str] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)  # designated actors not in the graph
    cautions: list[dict] = field(default_factory=list)  # not caught, but held in part by parties caught
    inconsistent: list[dict] = field(default_factory=list)  # subjects whose shares add up to more than 100 %

    def to_dict(self) -> dict:
        return {"rule": self.rule.id, "title": self.rule.title, "as_of": self.as_of, "lists": list(self.lists),
                "in_force": bool(self.period and self.period.in_force),
                "wording": self.period.to_dict() if self.period else None, "citation": list(self.rule.citation),
                "results": [r.to_dict() for r in self.results], "cautions": self.cautions, "notes": self.notes,
                "designations_not_in_graph": self.unmatched}

    def counts(self) -> dict[str, int]:
        out = {s: 0 for s in STATUSES}
        for r in self.results:
            out[r.status] += 1
        return out


# -- the graph as forward and reverse adjacency -------------------------------------------------------
@dataclass
class _Adjacency:
    """Forward and reverse CSR lists of one interest's edges (values as Python numbers)."""

    fwd_ptr: list[int]
    fwd: list[int]  # edge positions ordered by holder
    rev_ptr: list[int]
    rev: list[int]  # edge positions ordered by subject
    src: list[int]
    dst: list[int]
    lo: list[Any]
    hi: list[Any]
    lo_x: list[bool]
    hi_x: list[bool]

    def out(self, u: int) -> list[int]:
        return self.fwd[self.fwd_ptr[u]:self.fwd_ptr[u + 1]]

    def into(self, v: int) -> list[int]:
        return self.rev[self.rev_ptr[v]:self.rev_ptr[v + 1]]


def _csr(keys: np.ndarray, n: int) -> tuple[list[int], list[int]]:
    order = np.argsort(keys, kind="stable")
    ptr = np.zeros(n + 1, np.int64)
    np.cumsum(np.bincount(keys, minlength=n), out=ptr[1:])
    return ptr.tolist(), order.tolist()


def _adjacency(graph: Graph, kind: str) -> _Adjacency:
    cache = graph.__dict__.setdefault("_screen_adjacency", {})
    if kind not in cache:
        e = graph.own[kind]
        fp, fo = _csr(e.src, graph.n)
        rp, ro = _csr(e.dst, graph.n)
        cache[kind] = _Adjacency(fp, fo, rp, ro, e.src.tolist(), e.dst.tolist(), e.lo.tolist(), e.hi.tolist(),
                                 e.lo_x.tolist(), e.hi_x.tolist())
    return cache[kind]


@dataclass
class _Ties:
    """Control ties as forward and reverse CSR lists."""

    fwd_ptr: list[int]
    fwd: list[int]
    rev_ptr: list[int]
    rev: list[int]

    def out(self, u: int) -> list[int]:
        return self.fwd[self.fwd_ptr[u]:self.fwd_ptr[u + 1]]

    def into(self, v: int) -> list[int]:
        return self.rev[self.rev_ptr[v]:self.rev_ptr[v + 1]]


def _control(graph: Graph, which: str) -> _Ties:
    """Control ties (``certain`` or ``possible``), cached on the graph."""
    cache = graph.__dict__.setdefault("_screen_control", {})
    if which not in cache:
        src, dst = graph.ctrl_certain if which == "certain" else graph.ctrl_possible
        src, dst = np.asarray(src, np.int64), np.asarray(dst, np.int64)
        fp, fo = _csr(src, graph.n)
        rp, ro = _csr(dst, graph.n)
        cache[which] = _Ties(fp, dst[fo].tolist(), rp, src[ro].tolist())
    return cache[which]


# -- the fixed point ----------------------------------------------------------------------------------
def _counts(bound: str, w: Any, x: bool) -> bool:
    return (w > 0 or x) if bound == "lo" else w > 0


def _passes(total: Any, excl: bool, t: Any, at_least: bool, bound: str) -> bool:
    if bound == "lo":
        return verdict(total, total, excl, False, t, at_least=at_least) == "certainly"
    # the upper end alone: a lower end of zero, so a sum whose *exclusive* upper end sits on the threshold
    # ([25 %, 50 %) against "50 % or more") is not possibly caught — as the Spark fixed point's mask says
    return verdict(total * 0, total, False, excl, t, at_least=at_least) != "no"


def caught(graph: Graph, seeds: Iterable[int], period: Period, bound: str) -> set[int]:
    """The least fixed point: ``seeds`` and every entity caught from them (``bound``: ``lo`` for
    *certainly*, ``hi`` for *possibly*). Each edge out of a caught party is looked at once."""
    t = _threshold(period, graph.exact)
    adj = [_adjacency(graph, k) for k in period.interests]
    ctrl = _control(graph, "certain" if bound == "lo" else "possible") if period.control else None
    terminal = graph.terminal
    zero = Fraction(0) if graph.exact else 0.0
    acc: list[dict[int, list]] = [{} for _ in adj]
    done = set(seeds)
    todo = deque(done)
    while todo:
        u = todo.popleft()
        new = [v for v in ctrl.out(u) if v not in done] if ctrl is not None else []
        for a, sums in zip(adj, acc):
            vals, flags = (a.lo, a.lo_x) if bound == "lo" else (a.hi, a.hi_x)
            for i in a.out(u):
                v = a.dst[i]
                if v in done or not _counts(bound, vals[i], flags[i]):
                    continue
                s = sums.setdefault(v, [zero, False])
                s[0] += vals[i]
                s[1] = s[1] or flags[i]
                if _passes(s[0], s[1], t, period.at_least, bound):
                    new.append(v)
        for v in new:
            if v not in done and not terminal[v]:
                done.add(v)
                todo.append(v)
    return done


def _threshold(period: Period, exact: bool) -> Any:
    t = period.threshold / 100
    return t if exact else float(t)


# -- screening ----------------------------------------------------------------------------------------
def screen(source, designations: Mapping[str, Iterable[str]] | Iterable | None = None, rule: str | Rule = "ofac-50",
           *, as_of: date | None = None, lists: Iterable[str] | None = None, subjects: Iterable[str] | None = None,
           max_chains: int = 5, include_not: bool = False, fixed_point=None) -> ScreenReport:
    """Screen the graph of ``source`` (a :class:`~kingmaker.model.snapshot.Snapshot` or an ownership
    :class:`~kingmaker.analysis.ownership.graph.Graph`) under ``rule`` on ``as_of``.

    ``designations``: actor → lists, or :class:`~kingmaker.model.designation.Designation` objects (for a
    snapshot: its own designations valid on its date). ``lists`` replaces the rule's lists (e.g. a user's
    ``own:watchlist``). ``subjects`` limits the results to these actors (``include_not`` then reports
    them even when not caught: why not). Results list every entity at least possibly caught (designated
    parties first as ``listed``), strongest first. ``fixed_point(graph, seeds, period)`` replaces the
    in-process computation of the caught sets (:mod:`kingmaker.distributed.spark_screening`)."""
    from kingmaker.analysis.screening.audit import consistent_graph

    r = get_rule(rule) if isinstance(rule, str) else rule
    if as_of is None:
        as_of = getattr(source, "as_of", None)
        if as_of is None:
            raise UserError("screening a graph needs the date (as_of) whose rule wording applies")
    if designations is None:
        designations = getattr(source, "designations", ())
    chosen = tuple(check_list(x) for x in lists) if lists else r.lists
    graph, bad = (source, []) if isinstance(source, Graph) else consistent_graph(source)
    listed, details = _designated(designations, set(chosen), as_of)
    index = graph.index
    # designated parties with no tie in the graph (for one entity's upstream graph: those not upstream of it)
    unmatched = sorted(a for a in listed if a not in index) if subjects is None else []
    seeds = sorted(index[a] for a in listed if a in index)
    period = r.period_on(as_of)
    report = ScreenReport(r, as_of, chosen, period, [], unmatched=unmatched, inconsistent=list(bad))
    # the rule's own texts (not in force, suspended, caution, note) are worded per language by
    # kingmaker.report.screening from report.rule and report.period
    for b in bad:
        report.notes.append(f"the {b['kind'].replace('_', ' ')} recorded in {b['subject']} add up to {b['total_lower']:g} % "
                            f"(more than 100 %: {', '.join(b['relations'][:5])}); they are taken as [0 %, stated upper end], so "
                            f"nothing through {b['subject']} is certainly caught — fix the shares to screen it")
    if unmatched:
        report.notes.append(f"{len(unmatched)} designated part{'y is' if len(unmatched) == 1 else 'ies are'} not in "
                            "the ownership graph (no recorded holdings): " + ", ".join(unmatched[:10])
                            + (" …" if len(unmatched) > 10 else ""))
    active = period if period is not None and period.in_force else None
    if active is None:
        groups = [(None, set(seeds), set(seeds))]
    else:
        groups = (fixed_point or _groups)(graph, seeds, active) or [(None, set(), set())]
    wanted = None if subjects is None else {index[s] for s in subjects if s in index}
    for s in subjects or ():
        if s not in index:
            raise UserError(f"no actor {s!r} in the ownership graph on {as_of}; list actors with `kingmaker actors`")
    out = []
    nodes = set().union(*(p for _, _, p in groups)) if groups else set()
    if wanted is not None:
        nodes = (nodes & wanted) | (wanted if include_not else set())
    seed_set = set(seeds)
    deciding = _deciding(groups)
    for v in sorted(nodes):
        out.append(_explain(graph, v, groups[deciding.get(v, 0)], active, listed, details, max_chains, seed_set))
    out.sort(key=lambda x: (-STATUSES.index(x.status), x.basis != "listed", x.actor))
    report.results = out
    if active is not None and r.caution:
        report.cautions = _cautions(graph, groups, active, wanted)
    return report


def _cautions(graph: Graph, groups, period: Period, wanted: set[int] | None, limit: int = 100) -> list[dict]:
    """Entities not caught in which parties (possibly) caught hold shares below the threshold, or which they
    control where the rule ignores control — what OFAC FAQ 398 urges caution about — largest first."""
    possible = set().union(*(p for _, _, p in groups))
    held: dict[int, float] = {}
    for kind in period.interests:
        a = _adjacency(graph, kind)
        for u in possible:
            for i in a.out(u):
                v = a.dst[i]
                if v not in possible and (wanted is None or v in wanted) and a.hi[i] > 0:
                    held[v] = held.get(v, 0.0) + float(a.hi[i])
    ctrl = _control(graph, "possible")
    controlled = {v for u in possible for v in ctrl.out(u) if v not in possible and (wanted is None or v in wanted)}
    terminal = graph.terminal
    out = [{"actor": graph.ids[v], "name": graph.name(v), "held_up_to": min(100.0, round(held.get(v, 0.0) * 100, 6)),
            "controlled": v in controlled} for v in set(held) | controlled if not terminal[v]]
    out.sort(key=lambda c: (-c["held_up_to"], c["actor"]))
    return out[:limit]


def _designated(designations, chosen: set[str], day: date) -> tuple[dict[str, list[str]], dict[str, list[dict]]]:
    """actor → lists it is on (among ``chosen``) on ``day``, and the designations' details."""
    listed: dict[str, list[str]] = {}
    details: dict[str, list[dict]] = {}
    items = designations.items() if isinstance(designations, Mapping) else None
    if items is not None:
        for actor, names in items:
            names = [names] if isinstance(names, str) else list(names)
            for n in names:
                if n in chosen:
                    listed.setdefault(actor, []).append(n)
                    details.setdefault(actor, []).append({"list": n})
        return listed, details
    for d in designations:
        if d.list in chosen and d.valid_on(day):
            listed.setdefault(d.actor, []).append(d.list)
            details.setdefault(d.actor, []).append({"list": d.list, "id": d.id, "program": d.program,
                                                    "listed_from": d.listed_from, "listed_to": d.listed_to,
                                                    "evidence": list(d.evidence)})
    return listed, details


def _groups(graph: Graph, seeds: list[int], period: Period) -> list[tuple[int | None, set[int], set[int]]]:
    """(root, certainly, possibly) caught sets: one group for ``aggregate: all`` (root ``None``), one
    per designated party for ``per_party``."""
    if period.aggregate == "all":
        c = caught(graph, seeds, period, "lo")
        return [(None, c, caught(graph, seeds, period, "hi") | c)]
    out = []
    for s in seeds:
        c = caught(graph, [s], period, "lo")
        out.append((s, c, caught(graph, [s], period, "hi") | c))
    return out


def _deciding(groups) -> dict[int, int]:
    """node → the position of the group that decides it: certainly before possibly, then the designated
    party first by index (one pass over the groups, not one per node)."""
    best: dict[int, tuple[int, int]] = {}
    for i, (_, certain, possible) in enumerate(groups):
        for v in possible:
            rank = 2 if v in certain else 1
            if v not in best or rank > best[v][0]:
                best[v] = (rank, i)
    return {v: i for v, (_, i) in best.items()}


def _explain(graph: Graph, v: int, group, period: Period | None, listed: dict[str, list[str]],
             details: dict[str, list[dict]], max_chains: int, seeds: set[int]) -> ScreenResult:
    ids = graph.ids
    actor = ids[v]
    res = ScreenResult(actor, graph.name(v), str(graph.kinds[v]), "not", "none",
                       designations=details.get(actor, []))
    if actor in listed:
        res.status, res.basis = "certainly", "listed"
        return res
    if period is None:
        return res
    root, certain, possible = group
    res.status = "certainly" if v in certain else "possibly" if v in possible else "not"
    res.by = ids[root] if root is not None else None
    t = _threshold(period, graph.exact)
    one = Fraction(1) if graph.exact else 1.0
    zero = 0 * one
    basis = []
    for kind in period.interests:
        a = _adjacency(graph, kind)
        lo, hi, lo_x, hi_x, any_edge = zero, zero, False, False, False
        for i in a.into(v):
            u = a.src[i]
            if u not in possible or not a.hi[i] > 0:
                continue
            any_edge = True
            if u in certain and (a.lo[i] > 0 or a.lo_x[i]):
                lo += a.lo[i]
                lo_x = lo_x or a.lo_x[i]
            hi += a.hi[i]
            hi_x = hi_x or a.hi_x[i]
            share = Interval(a.lo[i], a.hi[i], a.lo_x[i], a.hi_x[i])
            res.holdings.append(Holding(ids[u], graph.name(u), kind, share, _status(u, seeds, certain)))
        if hi > one:
            hi, hi_x = one, False
        if any_edge:
            iv = Interval(lo, hi, lo_x, hi_x)
            res.designated_share[kind] = iv
            test = iv.test(t, at_least=period.at_least)
            if test != "no":
                basis.append(("ownership", test, kind, iv))
    if period.control:
        for which in ("certain", "possible"):
            for u in _control(graph, which).into(v):
                if u in possible and not any(h.holder == ids[u] and h.share is None for h in res.holdings):
                    label = graph.ctrl_labels.get((u, v), "majority of shares or votes")
                    sure = which == "certain" and u in certain
                    res.holdings.append(Holding(ids[u], graph.name(u), f"control ({label})", None,
                                                _status(u, seeds, certain)))
                    basis.append(("control", "certainly" if sure else "possibly", label, None))
    if res.status != "not":
        top = [b for b in basis if b[1] == res.status] or basis
        res.basis = top[0][0] if top else "ownership"
        res.chains = _chains(graph, v, certain if res.status == "certainly" else possible, seeds, period,
                             listed, max_chains)
    if res.status == "possibly":
        res.settle = _settle(res, certain, graph)
    return res


def _status(u: int, seeds: set[int], certain: set[int]) -> str:
    return "designated" if u in seeds else "certainly" if u in certain else "possibly"


def _settle(res: ScreenResult, certain: set[int], graph: Graph) -> list[dict]:
    """For a *possibly* caught entity: the facts that would settle it, banded holdings first."""
    out = []
    for h in res.holdings:
        if h.share is not None and not h.share.is_exact:
            out.append({"fact": f"the exact size of {h.holder}'s {h.kind.replace('_', ' ')} in {res.actor}",
                        "holder": h.holder, "now": str(h.share), "about": "size", "kind": h.kind,
                        "share": h.share.to_dict(), "decisive": True})
        elif h.share is None and h.holder_status != "possibly":
            out.append({"fact": f"whether {h.holder} controls {res.actor} ({h.kind})", "holder": h.holder,
                        "now": "possible", "about": "control", "kind": h.kind, "decisive": True})
    for h in res.holdings:
        if h.holder_status == "possibly":
            out.append({"fact": f"whether {h.holder} is itself caught (screen it: it is possibly caught)",
                        "holder": h.holder, "now": "possibly caught", "about": "caught", "decisive": True})
    seen, uniq = set(), []
    for s in out:
        if s["fact"] not in seen:
            seen.add(s["fact"])
            uniq.append(s)
    return uniq


def _chains(graph: Graph, v: int, within: set[int], seeds: set[int], period: Period, listed, max_chains: int) -> list[Chain]:
    """Shortest chains designated party → … → ``v`` through parties in ``within`` (breadth first,
    backwards along the holdings and control ties the rule counts)."""
    ids = graph.ids
    preds: dict[int, list[tuple[int, str, Interval | None]]] = {}

    def holders(x: int) -> list[tuple[int, str, Interval | None]]:
        if x not in preds:
            got = []
            for kind in period.interests:
                a = _adjacency(graph, kind)
                for i in a.into(x):
                    u = a.src[i]
                    if u in within and a.hi[i] > 0:
                        got.append((u, kind, Interval(a.lo[i], a.hi[i], a.lo_x[i], a.hi_x[i])))
            if period.control:
                for which in ("certain", "possible"):
                    for u in _control(graph, which).into(x):
                        if u in within:
                            got.append((u, graph.ctrl_labels.get((u, x), "majority of shares or votes"), None))
            got.sort(key=lambda g: (g[0] not in seeds, -(float(g[2].hi) if g[2] else 0), ids[g[0]]))
            preds[x] = got
        return preds[x]

    out: list[Chain] = []
    queue = deque([(v, ())])
    budget = 500  # paths looked at per entity: chains are shown, not enumerated
    while queue and len(out) < max_chains and budget > 0:
        x, hops = queue.popleft()
        budget -= 1
        if len(hops) > 12:
            continue
        for u, kind, share in holders(x):
            if any(h.holder == ids[u] or h.subject == ids[u] for h in hops) or u == v:
                continue
            path = (Hop(ids[u], ids[x], kind, share),) + hops
            if u in seeds:
                out.append(Chain(ids[u], tuple(sorted(set(listed.get(ids[u], ())))), path))
                if len(out) >= max_chains:
                    break
            else:
                queue.append((u, path))
    return out
