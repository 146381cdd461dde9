"""Integrated ownership and beneficial owners (UBOs) of one subject, with the chains that explain them.

Pure functions over a :class:`~kingmaker.model.snapshot.Snapshot` (or a prepared
:class:`~kingmaker.analysis.ownership.graph.Graph`): no store, no printing.

* :func:`ubo` — the natural persons who are beneficial owners of a subject under EU AMLR (Regulation
  (EU) 2024/1624) art. 52: an ownership interest of 25 % or more (configurable) of the shares *or* of
  the voting rights, where an indirect interest is the product of the shares along each chain of
  entities, added up over the chains; plus control: a chain in which every hop is a majority (> 50 %)
  of shares or votes gives control of the whole chain (the rule applied here, for *certain* control
  every hop's lower end must exceed 50 %, for *possible* control its upper end), and the other control
  interests recorded in a snapshot — a right to appoint a majority of the board, a majority of the
  voting board seats, and an ``other_influence`` marked ``decisive``.
  With banded shares each answer is *certainly*, *possibly* or *no*.
* :func:`owners` — every direct and indirect owner of a subject with its integrated share.
* :func:`integrated_matrix` — the whole ``Ã = (I − A)⁻¹ A`` (sparse) for network analyses.

Natural persons are actors of kind ``person``. Unidentified parties (kind ``unknown``) are reported
apart with their stated reason; the part of the subject that no recorded holder accounts for is
"no data" (``unaccounted``) — a different thing. Cycles among the owners are flagged; a closed loop
(entities holding 100 % of each other with no outside owner) has no natural person behind it.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from kingmaker.analysis.ownership.integrated import (
    Column, Interval, reach_labels, simple_paths, solve_column,
)
from kingmaker.analysis.ownership.graph import (
    OWNERSHIP_KINDS, ClosedOwnershipLoop, Edges, Graph, graph_from_snapshot, unique_ints,
)
from kingmaker.analysis.ownership.rules import BASIS_LABELS, CONTROLLING_BASES, DEFAULT_RULE, RULES, RuleSet, rule_set
from kingmaker.errors import UserError

DEFAULT_THRESHOLD = Fraction(1, 4)
RANK = {"certainly": 2, "possibly": 1, "no": 0}


@dataclass(frozen=True)
class Hop:
    holder: str
    subject: str
    kind: str  # shareholding, voting_rights, or the control interest (appointment_right, …)
    share: Interval | None
    relations: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        return {"holder": self.holder, "subject": self.subject, "kind": self.kind,
                "share": self.share.to_dict() if self.share else None, "relations": list(self.relations)}


@dataclass(frozen=True)
class Chain:
    """One simple path from an owner to the subject; ``share`` is the product of the hops' shares."""

    hops: tuple[Hop, ...]
    share: Interval | None

    def to_dict(self) -> dict:
        return {"hops": [h.to_dict() for h in self.hops], "share": self.share.to_dict() if self.share else None}

    def __str__(self) -> str:
        parts = [self.hops[0].holder] + [f"—{h.share or h.kind}{' (indirect, as declared)' if 'indirect' in h.kind else ''}"
                                         f"→ {h.subject}" for h in self.hops]
        return " ".join(parts) + (f"  = {self.share}" if self.share else "")


@dataclass
class Owner:
    """One (direct or indirect) owner of the subject."""

    actor: str
    name: str
    kind: str
    ownership: Interval  # integrated share of the shares
    votes: Interval  # integrated share of the voting rights
    control: str = "no"  # certainly / possibly / no: control through majority chains or control interests
    verdict: str = "no"  # the UBO test: certainly / possibly / no
    bases: list[str] = field(default_factory=list)
    chains: list[Chain] = field(default_factory=list)
    unspecified_reason: str | None = None
    closed_loop: bool = False
    #: the bases other than shares, votes and majority control, each with its verdict under the rule set, the
    #: entity it is held over (the subject itself or an owner or controller of it) and the relations behind it
    other_bases: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        d = {"actor": self.actor, "name": self.name, "kind": self.kind, "ownership": self.ownership.to_dict(),
             "votes": self.votes.to_dict(), "control": self.control, "verdict": self.verdict,
             "bases": self.bases, "other_bases": self.other_bases, "chains": [c.to_dict() for c in self.chains]}
        if self.unspecified_reason:
            d["unspecified_reason"] = self.unspecified_reason
        if self.closed_loop:
            d["closed_loop"] = True
        return d


@dataclass
class Cycle:
    members: list[str]
    closed: bool  # holds 100 % of itself: no outside owner at all
    natural_person: bool  # some natural person owns into it

    def to_dict(self) -> dict:
        return {"members": self.members, "closed": self.closed, "natural_person": self.natural_person}

    def __str__(self) -> str:
        what = "closed loop (100 % held within, no outside owner)" if self.closed else "ownership cycle"
        who = "" if self.natural_person else "; no natural person found behind it"
        return f"{what}: {' ↔ '.join(self.members)}{who}"


@dataclass
class UboReport:
    subject: str
    name: str
    threshold: Any
    at_least: bool
    beneficial_owners: list[Owner]  # persons with verdict certainly/possibly
    other_persons: list[Owner]  # persons below the threshold
    unspecified: list[Owner]  # unidentified parties, with their reasons
    top_entities: list[Owner]  # non-persons at the top of chains (their owners are not recorded)
    unaccounted: Interval  # part of the subject's shares no recorded holder accounts for ("no data")
    cycles: list[Cycle]
    exact: bool
    notes: list[str] = field(default_factory=list)
    rule: RuleSet = RULES[DEFAULT_RULE]

    @property
    def no_natural_person(self) -> bool:
        """No natural person owns or controls any part of the subject (e.g. only a closed loop)."""
        return not self.beneficial_owners and not self.other_persons

    def to_dict(self) -> dict:
        return {
            "subject": self.subject, "name": self.name, "threshold": Interval.exact(self.threshold).to_dict()["lower"],
            "test": "at least" if self.at_least else "more than", "exact": self.exact,
            "rule": {"name": self.rule.name, "title": self.rule.title, "citation": self.rule.citation},
            "beneficial_owners": [o.to_dict() for o in self.beneficial_owners],
            "other_persons": [o.to_dict() for o in self.other_persons],
            "unspecified": [o.to_dict() for o in self.unspecified],
            "top_entities": [o.to_dict() for o in self.top_entities],
            "unaccounted": self.unaccounted.to_dict(), "no_natural_person": self.no_natural_person,
            "cycles": [c.to_dict() for c in self.cycles], "notes": self.notes,
        }


def as_graph(source) -> Graph:
    return source if isinstance(source, Graph) else graph_from_snapshot(source)


def _threshold(value: Any, exact: bool) -> Any:
    """A threshold: a :class:`~fractions.Fraction` is a fraction of one (``Fraction(1, 4)``); any other
    number is in percent (``25``, ``1.0``, ``"0.5"`` = half a percent). No guessing from the size."""
    t = value if isinstance(value, Fraction) else Fraction(str(value)) / 100
    if not 0 <= t <= 1:
        raise UserError(f"threshold {value} is not a percentage between 0 and 100")
    return t if exact else float(t)


@dataclass
class _Analysis:
    graph: Graph
    target: int
    cols: dict[str, Column]
    ctrl_certain: set[int]
    ctrl_possible: set[int]
    sub: _Subgraph | None = None
    notes: list[str] = field(default_factory=list)


@dataclass
class _Subgraph:
    """The part of the graph upstream of one subject: the edges (of every kind) into the subject's
    ancestors and into the subject itself, in the graph's edge order. Only these edges can carry
    ownership or control to the subject, so every per-subject pass works on them alone."""

    own: dict[str, Edges]
    ctrl_certain: tuple[np.ndarray, np.ndarray]
    ctrl_possible: tuple[np.ndarray, np.ndarray]
    keep: np.ndarray | None = None  # the subject and its ancestors (bool per node)
    _succ: dict[int, list[int]] | None = None
    _hops: dict[tuple[int, int], tuple[str, int]] | None = None

    def successors(self) -> dict[int, list[int]]:
        """Positive ownership edges and possible control edges as sorted successor lists."""
        if self._succ is None:
            succ: dict[int, set[int]] = defaultdict(set)
            for e in self.own.values():
                pos = _positive(e)
                for s, d in zip(e.src[pos].tolist(), e.dst[pos].tolist()):
                    succ[s].add(d)
            for s, d in zip(self.ctrl_possible[0].tolist(), self.ctrl_possible[1].tolist()):
                succ[s].add(d)
            self._succ = {k: sorted(v) for k, v in succ.items()}
        return self._succ

    def hop_index(self) -> dict[tuple[int, int], tuple[str, int]]:
        """``(holder, subject) → (kind, edge position)``, the first kind in :data:`OWNERSHIP_KINDS` order."""
        if self._hops is None:
            hops: dict[tuple[int, int], tuple[str, int]] = {}
            for kind in OWNERSHIP_KINDS:
                e = self.own[kind]
                for i, pair in enumerate(zip(e.src.tolist(), e.dst.tolist())):
                    hops.setdefault(pair, (kind, i))
            self._hops = hops
        return self._hops


def _positive(e: Edges) -> np.ndarray:
    return e.hi > 0 if e.hi.dtype != object else np.array([v > 0 for v in e.hi.tolist()], dtype=bool)


@dataclass
class _GraphIndex:
    """Per-graph arrays reused by every single-subject query (cached on the :class:`Graph`)."""

    indptr: np.ndarray  # reverse CSR over every edge that can carry ownership or control:
    preds: np.ndarray  # the holders of node d are preds[indptr[d]:indptr[d + 1]]
    pos: dict[str, np.ndarray]  # per ownership kind: which edges have a positive upper end
    person: np.ndarray  # bool per node


def _graph_index(graph: Graph) -> _GraphIndex:
    idx = graph.__dict__.get("_ubo_index")
    if idx is not None:
        return idx
    pos = {k: _positive(e) for k, e in graph.own.items()}
    inf_src = np.array([t[0] for t in graph.influence], dtype=np.int64)
    inf_dst = np.array([t[1] for t in graph.influence], dtype=np.int64)
    src = np.concatenate([graph.own[k].src[pos[k]] for k in OWNERSHIP_KINDS]
                         + [graph.ctrl_certain[0], graph.ctrl_possible[0], inf_src]).astype(np.int64)
    dst = np.concatenate([graph.own[k].dst[pos[k]] for k in OWNERSHIP_KINDS]
                         + [graph.ctrl_certain[1], graph.ctrl_possible[1], inf_dst]).astype(np.int64)
    order = np.argsort(dst, kind="stable")
    indptr = np.zeros(graph.n + 1, np.int64)
    np.cumsum(np.bincount(dst, minlength=graph.n), out=indptr[1:])
    idx = _GraphIndex(indptr, src[order], pos, np.asarray(graph.kinds == "person", dtype=bool))
    graph.__dict__["_ubo_index"] = idx
    return idx


def _upstream(idx: _GraphIndex, target: int) -> np.ndarray:
    """Boolean mask of ``target`` and every node with a path to it (reverse BFS on the CSR arrays)."""
    seen = np.zeros(len(idx.indptr) - 1, dtype=bool)
    seen[target] = True
    front = np.array([target], dtype=np.int64)
    while len(front):
        starts, ends = idx.indptr[front], idx.indptr[front + 1]
        counts = ends - starts
        total = int(counts.sum())
        if not total:
            break
        offs = np.repeat(ends - np.cumsum(counts), counts) + np.arange(total)
        nb = idx.preds[offs]
        nb = unique_ints(nb[~seen[nb]])
        seen[nb] = True
        front = nb
    return seen


def _subgraph(graph: Graph, target: int) -> _Subgraph:
    keep = _upstream(_graph_index(graph), target)
    own = {}
    for k, e in graph.own.items():
        sel = np.flatnonzero(keep[e.dst])
        rels = [e.relations[i] for i in sel.tolist()] if e.relations is not None else None
        own[k] = Edges(e.src[sel], e.dst[sel], e.lo[sel], e.hi[sel], e.lo_x[sel], e.hi_x[sel], rels)

    def ctrl(pair: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        m = keep[pair[1]] if len(pair[1]) else np.zeros(0, bool)
        return pair[0][m], pair[1][m]

    return _Subgraph(own, ctrl(graph.ctrl_certain), ctrl(graph.ctrl_possible), keep)


def _analyse(graph: Graph, subject: str) -> _Analysis:
    subject = graph.aliases.get(subject, subject)
    if subject not in graph.index:
        raise UserError(f"no actor {subject!r} in this graph; list actors with `kingmaker actors`")
    t = graph.index[subject]
    sub = _subgraph(graph, t)
    cols = {k: solve_column(sub.own[k], t, exact=graph.exact) for k in OWNERSHIP_KINDS}
    cc, _ = reach_labels(t, sub.ctrl_certain[0].tolist(), sub.ctrl_certain[1].tolist(), [False] * len(sub.ctrl_certain[0]))
    cp, _ = reach_labels(t, sub.ctrl_possible[0].tolist(), sub.ctrl_possible[1].tolist(), [False] * len(sub.ctrl_possible[0]))
    a = _Analysis(graph, t, cols, cc, cp, sub)
    _apply_declared(a)
    return a


def _apply_declared(a: _Analysis) -> None:
    """Narrow the integrated shares in the subject by the indirect interests declared in it (BODS
    ``directOrIndirect: indirect`` beside a recorded chain); where they disagree, keep what the recorded
    chain gives and say so (never an empty interval)."""
    g = a.graph
    for (h, s, kind), (lo, hi, lo_x, hi_x, rels) in g.declared.items():
        if s != a.target:
            continue
        col = a.cols[kind]
        got = col.interval(h)
        new_lo, new_lo_x = (lo, lo_x) if (lo > got.lo or (lo == got.lo and lo_x)) else (got.lo, got.lo_x)
        new_hi, new_hi_x = (hi, hi_x) if (hi < got.hi or (hi == got.hi and hi_x)) else (got.hi, got.hi_x)
        if new_lo > new_hi or (new_lo == new_hi and (new_lo_x or new_hi_x)):
            a.notes.append(f"inconsistent data: {g.ids[h]!r} is declared to hold {Interval(lo, hi, lo_x, hi_x)} of the "
                           f"{kind.replace('_', ' ')} of {g.ids[s]!r} indirectly ({', '.join(r for r in rels if r)}), "
                           f"but the recorded chain gives {got}; the chain's figure is used")
            continue
        col.lo[h], col.hi[h] = new_lo, new_hi
        (col.lo_x.add if new_lo_x else col.lo_x.discard)(h)
        (col.hi_x.add if new_hi_x else col.hi_x.discard)(h)


def subject_notes(source, subject: str) -> list[str]:
    """What an answer about ``subject`` rests on beyond the shares: inconsistent subjects upstream of it,
    declared indirect interests that disagree with the recorded chain, actors merged from several records.

    >>> from kingmaker.model.examples import small_group
    >>> subject_notes(small_group(), "target")
    []
    """
    return upstream_notes(_analyse(as_graph(source), subject))


def upstream_notes(a: _Analysis) -> list[str]:
    """What an answer rests on beyond the shares: inconsistent subjects upstream, merged actors."""
    g, keep = a.graph, (a.sub.keep if a.sub is not None else None)
    notes = list(a.notes)
    for j, found in sorted(g.inconsistent.items()):
        if keep is None or keep[j]:
            notes.extend(str(x) for x in found)
    for canon, text in sorted(g.merges.items()):
        j = g.index.get(canon)
        if j is not None and (keep is None or keep[j]):
            notes.append(f"one actor from several records: {text}")
    return notes


def _owner(a: _Analysis, u: int, threshold: Any, at_least: bool) -> Owner:
    g = a.graph
    own, votes = a.cols["shareholding"].interval(u), a.cols["voting_rights"].interval(u)
    control = "certainly" if u in a.ctrl_certain else "possibly" if u in a.ctrl_possible else "no"
    tests = {"ownership": own.test(threshold, at_least=at_least), "votes": votes.test(threshold, at_least=at_least),
             "control": control}
    best = max(tests.values(), key=RANK.__getitem__)
    bases = [k for k, v in tests.items() if v != "no"]
    closed = any(u in c for col in a.cols.values() for c in col.closed)
    kind = str(g.kinds[u])
    return Owner(g.ids[u], g.name(u), kind, own, votes, control, best, bases,
                 unspecified_reason=g.unspecified.get(g.ids[u]) if kind == "unknown" else None, closed_loop=closed)


def _holders(a: _Analysis) -> set[int]:
    hs = {u for col in a.cols.values() for u, v in col.hi.items() if v is None or v > 0}
    return (hs | a.ctrl_possible) - {a.target}


def _has_owner(a: _Analysis) -> np.ndarray:
    """Which nodes have a (positive) owner or a possible controller; exact for the subject's ancestors,
    whose incoming edges all lie in the ancestor subgraph."""
    has = np.zeros(a.graph.n, bool)
    for e in a.sub.own.values():
        has[e.dst[_positive(e)]] = True
    has[a.sub.ctrl_possible[1]] = True
    for _, s, basis, _, declared in a.graph.influence:  # a recorded controller: significant influence, a trust
        if basis in CONTROLLING_BASES or declared:      # role, a beneficial owner flagged by the source (not an officer)
            has[s] = True
    return has


def ubo(source, subject: str, threshold: Any = None, *, at_least: bool | None = None,
        max_chains: int = 20, rule: str | RuleSet | None = None) -> UboReport:
    """Beneficial owners of ``subject`` (see the module docstring) under the rule set ``rule``
    (:data:`~kingmaker.analysis.ownership.rules.RULES`: ``eu-amlr``, the default, ``uk-psc``, ``us-cta``).
    ``threshold`` in percent (25) or as a fraction (0.25) and ``at_least`` (False: "more than", as the UK
    PSC rules do) override the rule set's. Never raises for cycles: closed loops are reported in ``cycles``.

    >>> from kingmaker.model.examples import small_group
    >>> snap = small_group()   # alice 60 % of holdco, holdco 50 % of target, bob 50 % of target
    >>> [(o.actor, str(o.ownership), o.verdict) for o in ubo(snap, "target").beneficial_owners]
    [('bob', '50 %', 'certainly'), ('alice', '30 %', 'certainly')]
    """
    rules = rule_set(rule)
    graph = as_graph(source)
    t = _threshold(rules.threshold if threshold is None else threshold, graph.exact)
    a = _analyse(graph, subject)
    return _ubo_report(a, graph.aliases.get(subject, subject), t, rules.at_least if at_least is None else at_least,
                       max_chains, _has_owner(a), a.sub.successors(), _cycles(graph, a), rules)


def _other_bases(a: _Analysis, t: Any, at_least: bool, rules: RuleSet) -> dict[int, list[dict]]:
    """Bases of control other than shares, votes and majority control (:attr:`Graph.influence`) that reach
    the subject: held over the subject itself, or over an entity that owns (at the threshold) or controls
    it — a trustee of a trust that holds 60 %, say. Verdicts come from the rule set, never above the
    entity's own standing."""
    g = a.graph
    keep = a.sub.keep if a.sub is not None else None
    standing: dict[int, str] = {a.target: "certainly"}
    out: dict[int, list[dict]] = defaultdict(list)
    for h, s, basis, rel, declared in g.influence:
        if (keep is not None and not keep[s]) or h == a.target:
            continue
        if s not in standing:
            standing[s] = "no" if g.kinds[s] in ("person", "unknown") else _owner(a, s, t, at_least).verdict
        via = standing[s]
        if via == "no":
            continue
        verdict = rules.bases.get(basis, "no")
        if declared and RANK[rules.bases.get("declared", "no")] > RANK[verdict]:
            verdict = rules.bases["declared"]
        verdict = min(verdict, via, key=RANK.__getitem__)
        if verdict == "no" and g.kinds[h] != "unknown":
            continue
        out[h].append({"basis": basis, "label": BASIS_LABELS.get(basis, basis), "verdict": verdict,
                       "over": g.ids[s], "declared_by_source": declared, "relations": [r for r in rel.split(",") if r]})
    return out


def _ubo_report(a: _Analysis, subject: str, t: Any, at_least: bool, max_chains: int, has_owner: np.ndarray,
                succ: dict[int, list[int]], cycles: list[Cycle], rules: RuleSet = RULES[DEFAULT_RULE]) -> UboReport:
    """Sort the holders of an analysed subject into a :class:`UboReport` (chains are looked up in
    ``a.sub``, or in the whole graph when it has none)."""
    graph = a.graph
    persons, unspecified, tops = [], [], []
    others = _other_bases(a, t, at_least, rules)
    for u in sorted(_holders(a) | set(others), key=lambda i: graph.ids[i]):
        kind = graph.kinds[u]
        if kind in ("person", "unknown"):
            o = _owner(a, u, t, at_least)
            for b in others.get(u, ()):
                o.other_bases.append(b)
                if b["verdict"] != "no" and b["basis"] not in o.bases:
                    o.bases.append(b["basis"])
                o.verdict = max(o.verdict, b["verdict"], key=RANK.__getitem__)
            (persons if kind == "person" else unspecified).append(o)
        elif not has_owner[u]:
            tops.append(_owner(a, u, t, at_least))
    for o in persons + unspecified:
        if o.verdict != "no" or o in unspecified:
            o.chains = chains(graph, succ, graph.index[o.actor], a.target, max_chains, a.sub)
    key = lambda o: (-RANK[o.verdict], -float(o.ownership.hi), o.actor)  # noqa: E731
    bos = sorted((o for o in persons if o.verdict != "no"), key=key)
    below = sorted((o for o in persons if o.verdict == "no"), key=key)
    report = UboReport(subject, graph.name(a.target), t, at_least, bos, below, unspecified, tops,
                       _unaccounted(a, persons + unspecified + tops), cycles, graph.exact,
                       list(graph.ignored) + upstream_notes(a), rules)
    if report.no_natural_person:
        report.notes.append("no natural person found" + (" (only a closed ownership loop owns it)"
                                                         if any(c.closed for c in cycles) else ""))
    elif not bos:
        report.notes.append("no natural person reaches the threshold through ownership or control")
    return report


def owners(source, subject: str, min_share: Any = Fraction(1, 100), *, kind: str = "shareholding") -> list[Owner]:
    """Every direct and indirect owner of ``subject`` whose integrated share (upper end) reaches
    ``min_share`` (percent or fraction), largest first. The subject itself is never listed.

    >>> from kingmaker.model.examples import small_group
    >>> snap = small_group()   # alice 60 % of holdco, holdco 50 % of target, bob 50 % of target
    >>> [(o.actor, str(o.ownership)) for o in owners(snap, "target")]
    [('bob', '50 %'), ('holdco', '50 %'), ('alice', '30 %')]
    """
    graph = as_graph(source)
    cut = _threshold(min_share, graph.exact)
    a = _analyse(graph, subject)
    return _owners(a, cut, kind, a.sub.successors)


def _owners(a: _Analysis, cut: Any, kind: str, successors: Callable[[], dict[int, list[int]]]) -> list[Owner]:
    """The owners of an analysed subject reaching ``cut``; ``successors`` is called only for a closed loop."""
    graph = a.graph
    col = a.cols[kind]
    out = []
    for u in col.hi:
        if u == a.target:
            continue
        o = _owner(a, u, cut, True)
        share = o.ownership if kind == "shareholding" else o.votes
        if o.closed_loop:  # walk sums are infinite inside a closed loop: report [direct share, 100 %]
            hop = _hop(graph, u, a.target, a.sub) if a.target in successors().get(u, ()) else None
            direct = hop.share.lo if hop is not None and hop.share is not None else 0 * col.hi[u]
            share = Interval(direct, 1 + 0 * direct)
            o.ownership = share
        if share.hi >= cut:
            out.append(o)
    return sorted(out, key=lambda o: (-float(o.ownership.hi), -float(o.ownership.lo), o.actor))


# -- pieces -------------------------------------------------------------------------------------------
def _hop(graph: Graph, s: int, d: int, sub: _Subgraph | None = None) -> Hop:
    found = sub.hop_index().get((s, d)) if sub is not None else None
    if sub is None:
        for kind in OWNERSHIP_KINDS:
            hit = np.flatnonzero((graph.own[kind].src == s) & (graph.own[kind].dst == d))
            if len(hit):
                found = (kind, int(hit[0]))
                break
    if found is not None:
        kind, i = found
        e = (sub.own if sub is not None else graph.own)[kind]
        rels = e.relations[i] if e.relations is not None else ()
        label = f"{kind} (indirect, as declared)" if (s, d) in graph.indirect_pairs else kind
        return Hop(graph.ids[s], graph.ids[d], label, Interval(e.lo[i], e.hi[i], bool(e.lo_x[i]), bool(e.hi_x[i])), rels)
    label = graph.ctrl_labels.get((s, d), "control interest")
    return Hop(graph.ids[s], graph.ids[d], label, None)


def chains(graph: Graph, succ: dict[int, list[int]], start: int, target: int, max_chains: int = 20,
           sub: _Subgraph | None = None) -> list[Chain]:
    """Simple chains from ``start`` to ``target`` with the share at every hop, strongest first."""
    out = []
    for path in simple_paths(start, target, succ, max_paths=max_chains * 5):
        hops = tuple(_hop(graph, s, d, sub) for s, d in zip(path, path[1:]))
        share = None
        if all(h.share is not None for h in hops):
            share = hops[0].share
            for h in hops[1:]:
                share = share.times(h.share)  # type: ignore[union-attr]
        out.append(Chain(hops, share))
    out.sort(key=lambda c: (c.share is None, -float(c.share.hi) if c.share else 0, len(c.hops)))
    return out[:max_chains]


def _cycles(graph: Graph, a: _Analysis) -> list[Cycle]:
    seen: dict[tuple[int, ...], bool] = {}
    for col in a.cols.values():
        closed = {tuple(c) for c in col.closed}
        for comp in col.components:
            key = tuple(sorted(comp))
            seen[key] = seen.get(key, False) or key in closed
    if not seen:
        return []
    # one pass for every component: the nodes a natural person reaches along positive ownership edges
    # (every owner of a component member is upstream of the subject, so the subgraph holds them all)
    src = np.concatenate([e.src[_positive(e)] for e in a.sub.own.values()])
    dst = np.concatenate([e.dst[_positive(e)] for e in a.sub.own.values()])
    person = _graph_index(graph).person
    from_person = np.zeros(graph.n, bool)
    front = person[src]  # edges leaving the nodes reached last
    while front.any():
        new = unique_ints(dst[front])
        new = new[~from_person[new]]
        from_person[new] = True
        fresh = np.zeros(graph.n, bool)
        fresh[new] = True
        front = fresh[src]
    out = [Cycle([graph.ids[i] for i in key], closed, bool(from_person[key[0]])) for key, closed in seen.items()]
    return sorted(out, key=lambda c: c.members)


def _unaccounted(a: _Analysis, ultimate: list[Owner]) -> Interval:
    """The part of the subject's shares no ultimate holder accounts for: ``[1 − Σ upper, 1 − Σ lower]``."""
    one = Fraction(1) if a.graph.exact else 1.0
    lo_sum = sum((o.ownership.lo for o in ultimate), 0 * one)
    hi_sum = sum((o.ownership.hi for o in ultimate), 0 * one)
    return Interval(max(0 * one, one - hi_sum), max(0 * one, one - lo_sum))


def closed_loops(a) -> list[np.ndarray]:
    """Strongly connected components of ``a`` (``a[i, j]``: share of ``j`` held by ``i``) that do not leak:
    every member's shares held within the component add up to 100 %."""
    import scipy.sparse as sp
    from scipy.sparse.csgraph import connected_components

    a = sp.csr_matrix(a, dtype=float)
    n = a.shape[0]
    _, labels = connected_components(a, directed=True, connection="strong")
    coo = a.tocoo()
    inside = labels[coo.row] == labels[coo.col]
    col_in = np.zeros(n)
    np.add.at(col_in, coo.col[inside], coo.data[inside])
    loops = []
    for comp in unique_ints(labels[coo.row[inside]]):
        members = np.flatnonzero(labels == comp)
        if np.all(col_in[members] >= 1 - 1e-12):
            loops.append(members)
    return loops


def integrated_matrix(a, ids: list[str] | None = None):
    """``Ã = (I − A)⁻¹ A`` for a sparse (or dense) non-negative matrix ``A`` (``A[i, j]``: share of ``j``
    held by ``i``), as a sparse CSR matrix. Raises :class:`ClosedOwnershipLoop` when a strongly connected
    component does not leak (see :func:`closed_loops`).

    >>> import numpy as np
    >>> a = np.array([[0, 0.6, 0], [0, 0, 0.5], [0, 0, 0]])   # 0 holds 60 % of 1, 1 holds 50 % of 2
    >>> integrated_matrix(a).toarray()[0].round(2).tolist()
    [0.0, 0.6, 0.3]
    """
    import scipy.sparse as sp
    from scipy.sparse.linalg import spsolve

    a = sp.csr_matrix(a, dtype=float)
    n = a.shape[0]
    loops = closed_loops(a)
    if loops:
        names = ids or [str(i) for i in range(n)]
        raise ClosedOwnershipLoop([[names[i] for i in m] for m in loops])
    lhs = sp.identity(n, format="csc") - a.tocsc()
    return sp.csr_matrix(spsolve(lhs, a.tocsc()))
