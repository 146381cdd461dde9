"""The ownership graph the ownership analyses work on: integer-indexed, aggregated, checked edges.

Built from a :class:`~kingmaker.model.snapshot.Snapshot` (exact :class:`~fractions.Fraction` shares) or
from plain columns (``float`` shares, e.g. an edges-csv file of a million rows). The same numpy code
handles both: arrays of Fractions are ``dtype=object``.

Conventions (docs/edges-csv.md, "Semantics"):

* A share is a fraction of one, ``[lo, hi]`` with ``lo_x`` / ``hi_x`` marking exclusive ends; an exact
  share has ``lo == hi``. Unstated bounds are 0 and 1.
* Natural persons (actor kind ``person``) and unidentified parties (kind ``unknown``) are *terminal*:
  nobody owns a person, so any holding recorded *in* one is ignored (and reported).
* Several holdings of one kind by the same holder in the same subject (share classes) are added.
* Upper ends are tightened by what the others certainly hold: ``hi_ij <= 1 - sum_{k != i} lo_kj``
  (exclusive when one of those lower ends is). This keeps bounds sound and totals at or under 100 %.
* **Inconsistent subjects stay local.** Where the lower ends held in a subject cannot all hold — they add
  up to more than 100 %, or to exactly 100 % with an exclusive end ("more than 50 %" twice) — the
  subject's holdings are widened to ``[0, upper end]`` (nothing about them is certain any more) and the
  subject is listed in :attr:`Graph.inconsistent`; answers whose upstream contains it say so. Every
  other subject is unaffected (:mod:`kingmaker.model.consistency` reports the same cases on load).
* **Indirect interests** (an :class:`EdgeInput` with ``indirect=True``: BODS ``directOrIndirect:
  indirect``, whose ``componentRecords`` are the direct ties of the chain) state a holder's share
  *through* intermediaries. They are never added to the direct holdings they summarise: where the
  recorded direct ties already lead from the holder to the subject through an intermediary, the
  declared share only narrows the integrated share computed from them (:attr:`Graph.declared`);
  otherwise (the chain's shares are not recorded) it stands in for the chain as one edge, left out of
  the subject's 100 % check.
* **Joint holdings** registered against each member (UK PSC "…-as-firm", "…-as-trust") are one holding
  by a joint party (kind ``group``) in which each member has an unstated part.
* **Other bases of control** (significant influence, trust roles, senior officers, a source's
  beneficial-owner flag) are kept as :attr:`Graph.influence` ties for the rule sets of
  :mod:`kingmaker.analysis.ownership.rules`.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Any, Iterable, Mapping, Sequence

import numpy as np

from kingmaker.analysis.ownership.rules import SENIOR_OFFICER
from kingmaker.errors import ClosedOwnershipLoop, InconsistentShares  # noqa: F401 (re-exported)
from kingmaker.model.consistency import joint_key
from kingmaker.model.kinds import OWNERSHIP_KINDS  # shareholding, voting_rights

TERMINAL_KINDS = ("person", "unknown")
HALF = Fraction(1, 2)


@dataclass(frozen=True)
class EdgeInput:
    """One recorded tie, as analyses need it. ``lo``/``hi`` are fractions of one (or floats)."""

    holder: str
    subject: str
    kind: str
    lo: Any = 0
    hi: Any = 1
    lo_x: bool = False
    hi_x: bool = False
    relation: str | None = None
    control: str | None = None  # for control interests: "certain" or "possible"
    indirect: bool = False  # a share held through intermediaries (summarises a chain; see the module docstring)
    joint: str | None = None  # holdings with the same key are one joint holding (registered per member)
    basis: str | None = None  # another basis of control (rules.BASIS_LABELS): significant_influence, trust_trustee, …
    declared: bool = False  # the source flags the holder a beneficial owner (BODS beneficialOwnershipOrControl)


@dataclass
class Edges:
    """Aggregated edges of one kind: parallel arrays, ``src``/``dst`` index :attr:`Graph.ids`."""

    src: np.ndarray
    dst: np.ndarray
    lo: np.ndarray
    hi: np.ndarray
    lo_x: np.ndarray
    hi_x: np.ndarray
    relations: list[tuple[str, ...]] | None = None

    def __len__(self) -> int:
        return len(self.src)


@dataclass(frozen=True)
class Inconsistency:
    """The holdings of one kind recorded in one subject cannot all hold (see the module docstring)."""

    subject: str
    kind: str
    total: Any  # sum of the lower ends (fraction of one)
    strict: bool  # exactly 100 % with an exclusive end
    relations: tuple[str, ...]  # relation ids (holder ids where the input has none)

    def __str__(self) -> str:
        amount = (f"more than 100 % (lower ends {float(self.total) * 100:.6g} %, one or more exclusive)" if self.strict
                  else f"at least {float(self.total) * 100:.6g} %")
        rels = ", ".join(self.relations[:6]) + (f" and {len(self.relations) - 6} more" if len(self.relations) > 6 else "")
        return (f"inconsistent data: the {self.kind.replace('_', ' ')} recorded in {self.subject!r} add up to {amount} "
                f"({rels}); they are taken as [0 %, stated upper end], so nothing through {self.subject!r} is certain")


@dataclass
class Graph:
    """Actors and aggregated edges: ``own[kind]`` for shareholding / voting_rights; ``ctrl_certain`` and
    ``ctrl_possible`` are control edges ``(src, dst)`` (majority holdings and other control interests)."""

    ids: list[str]
    kinds: np.ndarray  # actor kind per node (str objects)
    own: dict[str, Edges]
    ctrl_certain: tuple[np.ndarray, np.ndarray]
    ctrl_possible: tuple[np.ndarray, np.ndarray]
    exact: bool
    names: Mapping[str, str] = field(default_factory=dict)
    unspecified: Mapping[str, str] = field(default_factory=dict)  # unknown actor → reason
    ignored: list[str] = field(default_factory=list)  # notes on edges dropped
    ctrl_labels: dict[tuple[int, int], str] = field(default_factory=dict)  # control edge → relation kind
    #: subject node → the inconsistencies found in its holdings (widened; see the module docstring)
    inconsistent: dict[int, list[Inconsistency]] = field(default_factory=dict)
    #: (holder, subject, kind) → declared indirect share ``(lo, hi, lo_x, hi_x, relations)`` that narrows the
    #: integrated share computed from the recorded chain
    declared: dict[tuple[int, int, str], tuple] = field(default_factory=dict)
    indirect_pairs: set[tuple[int, int]] = field(default_factory=set)  # edges that stand in for a chain
    #: other bases of control: (holder, subject, basis, relation id, declared beneficial owner)
    influence: list[tuple[int, int, str, str, bool]] = field(default_factory=list)
    aliases: Mapping[str, str] = field(default_factory=dict)  # merged actor id → its canonical id
    merges: Mapping[str, str] = field(default_factory=dict)  # canonical id → what the merge joined (text)

    @property
    def n(self) -> int:
        return len(self.ids)

    @property
    def index(self) -> dict[str, int]:
        idx = self.__dict__.get("_index")
        if idx is None:
            idx = {a: i for i, a in enumerate(self.ids)}
            self.__dict__["_index"] = idx
        return idx

    @property
    def terminal(self) -> np.ndarray:
        return np.isin(self.kinds, TERMINAL_KINDS)

    @property
    def persons(self) -> np.ndarray:
        return np.flatnonzero(self.kinds == "person")

    def name(self, i: int) -> str:
        return self.names.get(self.ids[i], self.ids[i])


# -- building ---------------------------------------------------------------------------------------
def edges_from_snapshot(snapshot) -> list[EdgeInput]:
    """Ownership and control ties of a snapshot as :class:`EdgeInput` (exact Fractions)."""
    out: list[EdgeInput] = []
    voting_seats: dict[str, int] = {}
    seats_by: dict[tuple[str, str], list[str]] = {}
    fractions: dict[tuple, tuple[Fraction, Fraction]] = {}  # registries repeat a few thousand share values
    for r in snapshot.relations:
        k = r.kind.value
        if k in OWNERSHIP_KINDS and r.share is None:  # a holding of unstated size: [0 %, 100 %]
            out.append(EdgeInput(r.holder, r.subject, k, Fraction(0), Fraction(1), relation=r.id,
                                 indirect=r.direct is False, joint=joint_key(r)))
        elif k in OWNERSHIP_KINDS:
            key = (r.share.lower, r.share.upper)
            lohi = fractions.get(key)
            if lohi is None:
                lohi = fractions[key] = r.share.as_fractions()
            lo, hi = lohi
            out.append(EdgeInput(r.holder, r.subject, k, lo, hi, not r.share.lower_inclusive,
                                 not r.share.upper_inclusive, r.id, indirect=r.direct is False, joint=joint_key(r)))
        elif k == "appointment_right":
            if r.seats is not None and r.of_seats is not None:
                if 2 * r.seats > r.of_seats:
                    out.append(EdgeInput(r.holder, r.subject, k, relation=r.id, control="certain"))
            elif (r.interest_type or "").startswith(MAJORITY_APPOINTMENT_CODES):
                out.append(EdgeInput(r.holder, r.subject, k, relation=r.id, control="certain"))
            else:
                out.append(EdgeInput(r.holder, r.subject, k, relation=r.id, control="possible"))
        elif k == "other_influence" and r.decisive:
            out.append(EdgeInput(r.holder, r.subject, k, relation=r.id, control="certain"))
        elif (basis := basis_of(r)) is not None:
            out.append(EdgeInput(r.holder, r.subject, k, relation=r.id, basis=basis, declared=r.beneficial is True))
        elif k == "board_seat" and r.voting:
            voting_seats[r.subject] = voting_seats.get(r.subject, 0) + 1
            seats_by.setdefault((r.holder, r.subject), []).append(r.id)
    for (holder, subject), rels in seats_by.items():
        if 2 * len(rels) > voting_seats[subject]:
            out.append(EdgeInput(holder, subject, "board_seat", relation=",".join(rels), control="certain"))
    return out


#: UK PSC natures of control that mean the right to appoint or remove a *majority* of the board
#: (Companies Act 2006 Sch. 1A para. 4)
MAJORITY_APPOINTMENT_CODES = ("right-to-appoint-and-remove-directors", "right-to-appoint-and-remove-members",
                              "right-to-appoint-and-remove-person")
_CONTROL_DESCRIPTIONS = ("significant influence or control", "other influence or control", "rights granted by contract",
                         "conditional rights granted by contract", "control via company rules or articles",
                         "control by legal framework")
_TRUST_BASES = {"settlor": "trust_settlor", "trustee": "trust_trustee", "protector": "trust_protector",
                "beneficiary": "trust_beneficiary", "nominator": "nominator"}


def basis_of(r) -> str | None:
    """The basis of control (other than shares, votes and majority control) a relation records, if any:
    ``significant_influence``, a trust role, ``senior_officer``, or ``unstated`` (an interest of unstated
    type, e.g. a BODS chain component, or a register statement by an unidentified party)."""
    k = r.kind.value
    if k == "other_influence":
        desc = (r.description or "").lower()
        if desc in _CONTROL_DESCRIPTIONS or (r.interest_type or "").startswith("significant-influence-or-control"):
            return "significant_influence"
        return "unstated"
    if k == "trust_role":
        return _TRUST_BASES.get(r.role)
    if k == "officer" and SENIOR_OFFICER.search(r.role or ""):
        return "senior_officer"
    return None


def graph_from_snapshot(snapshot) -> Graph:
    """The exact (Fraction) graph of a snapshot's ownership and control ties."""
    actors = snapshot.actors
    kinds = {a.id: a.kind.value for a in actors.values()}
    names = {a.id: a.name for a in actors.values()}
    unspecified = {a.id: (a.unspecified_reason.value if a.unspecified_reason else "unknown")
                   for a in actors.values() if a.kind.value == "unknown"}
    identity = getattr(snapshot, "identity", None)
    graph = build_graph(edges_from_snapshot(snapshot), kinds, exact=True, names=names, unspecified=unspecified)
    if identity:
        graph.aliases = dict(identity.alias)
        graph.merges = {m.canonical: str(m) for m in identity.merges}
    for j, found in graph.inconsistent.items():
        graph.inconsistent[j] = [replace(x, relations=tuple(_with_source(snapshot, r) for r in x.relations))
                                 for x in found]
    return graph


def _with_source(snapshot, relation_id: str) -> str:
    """``relation id (source title)`` for messages that must say where the data came from."""
    rel = snapshot._by_id.get(relation_id)
    titles = []
    for e in rel.evidence if rel is not None else ():
        ev = snapshot.evidence.get(e)
        src = snapshot.sources.get(ev.source) if ev is not None else None
        if src is not None and src.title not in titles:
            titles.append(src.title)
    return f"{relation_id} ({'; '.join(titles)})" if titles else relation_id


def graph_from_edge_table(et) -> Graph:
    """A float :class:`Graph` of an edge list's ownership ties (:func:`kingmaker.io.edges_csv.read_edge_table`;
    shares as fractions of one), straight from the file's columns without a store; actor kinds from
    ``holder_kind``/``subject_kind`` (default company)."""

    t = et.table
    holder = np.asarray(t.column("holder").to_numpy(zero_copy_only=False), object)
    subject = np.asarray(t.column("subject").to_numpy(zero_copy_only=False), object)
    ids, inv = np.unique(np.concatenate([holder, subject]), return_inverse=True)
    src, dst = inv[: len(holder)], inv[len(holder):]
    kinds = np.full(len(ids), "company", dtype=object)
    for role, idx in (("subject", dst), ("holder", src)):
        if f"{role}_kind" in t.column_names:
            k = np.asarray(t.column(f"{role}_kind").to_numpy(zero_copy_only=False), object)
            given = k != ""
            kinds[idx[given]] = k[given]
    own = {}
    for kind in OWNERSHIP_KINDS:
        sel = et.kind == kind
        own[kind] = Columns(src[sel], dst[sel], np.where(et.has_share[sel], et.lo[sel] / 100, 0.0),
                            np.where(et.has_share[sel], et.hi[sel] / 100, 1.0), et.lo_x[sel], et.hi_x[sel], None)
    ctrl = {"possible": list(zip(src[et.kind == "appointment_right"].tolist(), dst[et.kind == "appointment_right"].tolist()))}
    return assemble(ids.tolist(), kinds, own, ctrl, exact=False)


def graph_from_columns(actor_ids, actor_kinds, holder, subject, kind, share_low, share_high, *, low_exclusive=None,
                       high_exclusive=None, control: Iterable[EdgeInput] = ()) -> Graph:
    """A float :class:`Graph` of ownership ties given as Arrow columns — what whole-register measures read
    straight from the store (:meth:`kingmaker.store.Store.ownership_columns`) without a model object per row.

    ``actor_ids``/``actor_kinds``: every actor and its kind; ``holder``, ``subject``, ``kind`` and the share
    bounds in percent (null: unstated, ``[0 %, 100 %]``) of each tie. Only the ownership kinds are taken
    (aggregated, checked and tightened as always) and the majority holdings they make; band ends count as
    inclusive and control interests (appointment rights, board seats, decisive influence) are left out —
    what the network measures (:mod:`kingmaker.analysis.network`, band midpoints) need; a single-subject
    question takes :func:`graph_from_snapshot` of its upstream. Tests on bands pass the open ends
    (``low_exclusive``/``high_exclusive``, :meth:`~kingmaker.store.Store.ownership_columns` with ``ends``) and
    the control interests as :class:`EdgeInput` (``control`` set), as :func:`edges_from_snapshot` makes them.

    >>> import pyarrow as pa
    >>> g = graph_from_columns(pa.array(["alice", "co"]), pa.array(["person", "company"]), pa.array(["alice"]),
    ...                        pa.array(["co"]), pa.array(["shareholding"]), pa.array([60.0]), pa.array([60.0]))
    >>> g.ids, g.own["shareholding"].hi.tolist(), g.kinds.tolist()
    (['alice', 'co'], [0.6], ['person', 'company'])
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    def arr(x):
        return x.combine_chunks() if isinstance(x, pa.ChunkedArray) else pa.array(x) if not isinstance(x, pa.Array) else x

    actor_ids, actor_kinds, holder, subject, kind = map(arr, (actor_ids, actor_kinds, holder, subject, kind))
    share_low, share_high = arr(share_low).cast(pa.float64()), arr(share_high).cast(pa.float64())
    every = pc.unique(pa.concat_arrays([actor_ids.cast(pa.string()), holder.cast(pa.string()),
                                        subject.cast(pa.string())]))
    ids = every.take(pc.sort_indices(every))  # code-point order, as sorted() orders the snapshot's ids
    kinds = np.full(len(ids), "company", dtype=object)
    kinds[pc.index_in(actor_ids, value_set=ids).to_numpy()] = actor_kinds.to_numpy(zero_copy_only=False)
    src_all = pc.index_in(holder, value_set=ids).to_numpy()
    dst_all = pc.index_in(subject, value_set=ids).to_numpy()
    lo_all = pc.fill_null(share_low, 0.0).to_numpy() / 100
    hi_all = pc.fill_null(share_high, 100.0).to_numpy() / 100
    n_ties = len(holder)
    lx_all = arr(low_exclusive).to_numpy(zero_copy_only=False).astype(bool) if low_exclusive is not None \
        else np.zeros(n_ties, bool)
    hx_all = arr(high_exclusive).to_numpy(zero_copy_only=False).astype(bool) if high_exclusive is not None \
        else np.zeros(n_ties, bool)
    own = {}
    for k in OWNERSHIP_KINDS:
        sel = pc.equal(kind, k).to_numpy(zero_copy_only=False)
        own[k] = Columns(src_all[sel].astype(np.int64), dst_all[sel].astype(np.int64), lo_all[sel], hi_all[sel],
                         lx_all[sel], hx_all[sel], None)
    control = [e for e in control if e.control]
    names = ids.to_pylist()
    if control:
        index = {a: i for i, a in enumerate(names)}
        ctrl = {c: [(index[e.holder], index[e.subject]) for e in control if e.control == c
                    and e.holder in index and e.subject in index] for c in ("certain", "possible")}
        graph = assemble(names, kinds, own, ctrl, exact=False)
        graph.ctrl_labels = {(index[e.holder], index[e.subject]): e.kind for e in control
                             if e.holder in index and e.subject in index}
        return graph
    return assemble(names, kinds, own, None, exact=False)


def build_graph(edges: Iterable[EdgeInput], kinds: Mapping[str, str], *, exact: bool = True,
                names: Mapping[str, str] | None = None, unspecified: Mapping[str, str] | None = None,
                nodes: Sequence[str] | None = None) -> Graph:
    """Index, aggregate and check ``edges``. Actors missing from ``kinds`` count as companies."""
    edges, kinds, names = _joint_holdings(list(edges), kinds, names or {})
    indirect = [e for e in edges if e.indirect and e.kind in OWNERSHIP_KINDS]
    if indirect:
        edges = [e for e in edges if not (e.indirect and e.kind in OWNERSHIP_KINDS)]
    ids = list(nodes) if nodes is not None else sorted({a for e in edges for a in (e.holder, e.subject)} | set(kinds))
    index = {a: i for i, a in enumerate(ids)}
    for e in edges + indirect:
        for a in (e.holder, e.subject):
            if a not in index:
                index[a] = len(ids)
                ids.append(a)
    kind_arr = np.array([kinds.get(a, "company") for a in ids], dtype=object)
    num = (lambda v: v if type(v) is Fraction else Fraction(v)) if exact else float
    own = {}
    for k in OWNERSHIP_KINDS:
        sel = [e for e in edges if e.kind == k]
        own[k] = Columns(
            np.array([index[e.holder] for e in sel], dtype=np.int64),
            np.array([index[e.subject] for e in sel], dtype=np.int64),
            np.array([num(e.lo) for e in sel], dtype=object if exact else np.float64),
            np.array([num(e.hi) for e in sel], dtype=object if exact else np.float64),
            np.array([e.lo_x for e in sel], dtype=bool), np.array([e.hi_x for e in sel], dtype=bool),
            [e.relation or "" for e in sel],
        )
    ctrl = {c: [(index[e.holder], index[e.subject]) for e in edges if e.control == c]
            for c in ("certain", "possible")}
    graph = assemble(ids, kind_arr, own, ctrl, exact=exact, names=names, unspecified=unspecified or {})
    graph.ctrl_labels = {(index[e.holder], index[e.subject]): e.kind for e in edges if e.control}
    if indirect:
        _add_indirect(graph, indirect, index, num)
    graph.influence = [(index[e.holder], index[e.subject], e.basis, e.relation or "", e.declared)
                       for e in edges if e.basis]
    return graph


def _joint_holdings(edges: list[EdgeInput], kinds: Mapping[str, str], names: Mapping[str, str]):
    """Holdings registered against each member of a firm or trust (same ``joint`` key) become one holding
    by a joint party, in which each member holds an unstated part and has (possible) control."""
    groups: dict[str, list[EdgeInput]] = {}
    for e in edges:
        if e.joint and e.kind in OWNERSHIP_KINDS:
            groups.setdefault(e.joint, []).append(e)
    groups = {k: v for k, v in groups.items() if len({e.holder for e in v}) > 1}
    if not groups:
        return edges, kinds, names
    kinds, names = dict(kinds), dict(names)
    joint_edges = {id(e) for es in groups.values() for e in es}
    out = [e for e in edges if id(e) not in joint_edges]
    for n, (_, es) in enumerate(sorted(groups.items())):
        first = es[0]
        node = f"joint:{first.subject}:{first.kind}:{n + 1}"
        kinds[node] = "group"
        members = sorted({e.holder for e in es})
        names[node] = f"joint holding of {', '.join(names.get(m, m) for m in members)}"
        out.append(EdgeInput(node, first.subject, first.kind, first.lo, first.hi, first.lo_x, first.hi_x,
                             ",".join(e.relation or "" for e in es)))
        for e in es:
            out.append(EdgeInput(e.holder, node, e.kind, 0, 1, relation=e.relation))
            out.append(EdgeInput(e.holder, node, "joint_membership", relation=e.relation, control="possible"))
            out.append(EdgeInput(e.holder, node, "joint_membership", relation=e.relation, basis="significant_influence"))
    return out, kinds, names


def _add_indirect(graph: Graph, indirect: list[EdgeInput], index: Mapping[str, int], num) -> None:
    """Indirect interests: a constraint where the recorded chain leads there, else an edge standing in for it."""
    succ: dict[str, dict[int, list[int]]] = {}
    pairs: dict[str, dict[tuple[int, int], int]] = {}
    extra: dict[str, list[tuple[int, int, Any, Any, bool, bool, str]]] = {k: [] for k in OWNERSHIP_KINDS}
    for e in indirect:
        k, h, s = e.kind, index[e.holder], index[e.subject]
        if graph.kinds[s] in TERMINAL_KINDS or h == s:
            continue
        if k not in succ:
            own = graph.own[k]
            adj: dict[int, list[int]] = {}
            pos = own.hi > 0 if own.hi.dtype != object else np.array([v > 0 for v in own.hi.tolist()], dtype=bool)
            for a, b in zip(own.src[pos].tolist(), own.dst[pos].tolist()):
                adj.setdefault(a, []).append(b)
            succ[k] = adj
            pairs[k] = {(a, b): i for i, (a, b) in enumerate(zip(own.src.tolist(), own.dst.tolist()))}
        lo, hi = num(e.lo), num(e.hi)
        if _reaches_through(succ[k], h, s):
            lo_x, hi_x = e.lo_x, e.hi_x
            rels: tuple[str, ...] = (e.relation or "",)
            i = pairs[k].get((h, s))
            if i is not None:  # a direct holding beside the indirect one: the constraint is on their sum
                own = graph.own[k]
                lo, hi = lo + own.lo[i], min(hi + own.hi[i], 1 + 0 * hi)
                lo_x, hi_x = lo_x or bool(own.lo_x[i]), hi_x or bool(own.hi_x[i])
            prev = graph.declared.get((h, s, k))
            if prev is not None:  # two declarations: both must hold
                lo, lo_x = (lo, lo_x) if lo > prev[0] else (prev[0], prev[2])
                hi, hi_x = (hi, hi_x) if hi < prev[1] else (prev[1], prev[3])
                rels = prev[4] + rels
            graph.declared[(h, s, k)] = (lo, hi, lo_x, hi_x, rels)
        else:
            extra[k].append((h, s, lo, hi, e.lo_x, e.hi_x, e.relation or ""))
    half = HALF if graph.exact else 0.5
    possible = [graph.ctrl_possible]
    for k, rows in extra.items():
        if not rows:
            continue
        own = graph.own[k]
        at = pairs.get(k) or {(a, b): i for i, (a, b) in enumerate(zip(own.src.tolist(), own.dst.tolist()))}
        src, dst = own.src.tolist(), own.dst.tolist()
        lo_l, hi_l, lox_l, hix_l = own.lo.tolist(), own.hi.tolist(), own.lo_x.tolist(), own.hi_x.tolist()
        rel_l = list(own.relations) if own.relations is not None else [() for _ in src]
        one = Fraction(1) if graph.exact else 1.0
        for h, s, lo, hi, lo_x, hi_x, rel in rows:
            i = at.get((h, s))
            if i is None:
                at[(h, s)] = len(src)
                src.append(h), dst.append(s), lo_l.append(lo), hi_l.append(hi), lox_l.append(lo_x), hix_l.append(hi_x)
                rel_l.append((rel,) if rel else ())
            else:  # beside a direct holding (or another stand-in): shares through different routes add up
                lo_l[i] += lo
                capped = hi_l[i] + hi > one
                hi_l[i] = one if capped else hi_l[i] + hi
                lox_l[i], hix_l[i] = lox_l[i] or lo_x, (hix_l[i] or hi_x) and not capped
                rel_l[i] = tuple(rel_l[i]) + ((rel,) if rel else ())
            graph.indirect_pairs.add((h, s))
            if hi > half:
                possible.append((np.array([h]), np.array([s])))
        dtype = object if graph.exact else np.float64
        graph.own[k] = Edges(np.array(src, np.int64), np.array(dst, np.int64), np.array(lo_l, dtype=dtype),
                             np.array(hi_l, dtype=dtype), np.array(lox_l, bool), np.array(hix_l, bool),
                             rel_l if own.relations is not None else None)
    if len(possible) > 1:
        graph.ctrl_possible = _dedupe(possible, graph.terminal)
    graph.__dict__.pop("_ubo_index", None)


def _reaches_through(succ: dict[int, list[int]], start: int, target: int) -> bool:
    """Whether ``start`` reaches ``target`` along ``succ`` through at least one intermediary."""
    seen = {start, target}
    todo = [v for v in succ.get(start, ()) if v != target]
    seen.update(todo)
    while todo:
        v = todo.pop()
        for w in succ.get(v, ()):
            if w == target:
                return True
            if w not in seen:
                seen.add(w)
                todo.append(w)
    return False


@dataclass
class Columns:
    """Raw (unaggregated) edges of one kind, as parallel arrays."""

    src: np.ndarray
    dst: np.ndarray
    lo: np.ndarray
    hi: np.ndarray
    lo_x: np.ndarray
    hi_x: np.ndarray
    relations: list[str] | None = None


def assemble(ids: list[str], kinds: np.ndarray, own: Mapping[str, Columns],
             ctrl: Mapping[str, list[tuple[int, int]]] | None = None, *, exact: bool,
             names: Mapping[str, str] | None = None, unspecified: Mapping[str, str] | None = None) -> Graph:
    """Aggregate, check and tighten raw columns into a :class:`Graph`; add majority control edges."""
    terminal = np.isin(kinds, TERMINAL_KINDS)
    ignored: list[str] = []
    inconsistent: dict[int, list[Inconsistency]] = {}
    agg: dict[str, Edges] = {}
    for k in OWNERSHIP_KINDS:
        cols = own.get(k) or _empty_columns(exact)
        keep = ~terminal[cols.dst] if len(cols.dst) else np.zeros(0, bool)
        if len(cols.dst) and not keep.all():
            dropped = sorted({ids[d] for d in cols.dst[~keep]})
            ignored.append(f"{k} held in {', '.join(dropped[:5])}{' …' if len(dropped) > 5 else ''} ignored: "
                           "a natural person or unidentified party is not owned")
        widened, found = _widen_infeasible(_aggregate(cols, keep, exact), ids, k, exact)
        for j, inc in found:
            inconsistent.setdefault(j, []).append(inc)
        agg[k] = _tighten(widened, ids, k, exact)
    cert = list((ctrl or {}).get("certain", []))
    poss = list((ctrl or {}).get("possible", []))
    cert_arr = _pairs(cert)
    poss_arr = _pairs(poss)
    # majority holdings: > 50 % of shares or votes (certain on the lower end, possible on the upper end)
    maj_c, maj_p = [cert_arr], [poss_arr, cert_arr]
    for e in agg.values():
        half = HALF if exact else 0.5  # a float array against a Fraction compares element by element in Python
        c = (e.lo > half) | ((e.lo == half) & e.lo_x)
        p = e.hi > half
        maj_c.append((e.src[c], e.dst[c]))
        maj_p.append((e.src[p], e.dst[p]))
    certain = _dedupe(maj_c, terminal)
    possible = _dedupe(maj_p, terminal)
    graph = Graph(ids, kinds, agg, certain, possible, exact, names or {}, unspecified or {}, ignored)
    graph.inconsistent = inconsistent
    return graph


def _widen_infeasible(e: Edges, ids: list[str], kind: str, exact: bool) -> tuple[Edges, list[tuple[int, Inconsistency]]]:
    """Find the subjects whose lower ends cannot all hold (over 100 %, or exactly 100 % with an exclusive
    end) and widen every holding in them to ``[0, upper end]``; the rest is returned unchanged."""
    if len(e) == 0:
        return e, []
    n = int(max(e.dst.max(), e.src.max())) + 1
    approx = np.zeros(n)
    np.add.at(approx, e.dst, np.asarray([float(v) for v in e.lo.tolist()]) if exact else e.lo)
    cand = np.flatnonzero(approx >= 1 - 1e-6)
    if not len(cand):
        return e, []
    one = Fraction(1) if exact else 1.0
    tol = 0 if exact else 1e-9
    found: list[tuple[int, Inconsistency]] = []
    bad_nodes = []
    # each candidate's holdings by one stable sort (in index order, as np.flatnonzero(e.dst == j) gives them),
    # not a scan of every edge per candidate — quadratic at register scale
    order = np.argsort(e.dst, kind="stable")
    by_dst = e.dst[order]
    first, last = np.searchsorted(by_dst, cand, "left"), np.searchsorted(by_dst, cand, "right")
    for j, a, b in zip(cand.tolist(), first.tolist(), last.tolist()):
        sel = order[a:b]
        total = sum(e.lo[sel].tolist(), 0 * one)
        strict = abs(total - one) <= tol and bool(e.lo_x[sel].any())
        if total > one + tol or strict:
            rels = [r for i in sel.tolist() for r in (e.relations[i] if e.relations is not None else ())] \
                or [ids[i] for i in e.src[sel].tolist()]
            found.append((j, Inconsistency(ids[j], kind, total, strict, tuple(rels))))
            bad_nodes.append(j)
    if not bad_nodes:
        return e, []
    hit = np.isin(e.dst, bad_nodes)
    lo = e.lo.copy()
    lo[hit] = 0 * one
    lo_x = e.lo_x & ~hit
    return Edges(e.src, e.dst, lo, e.hi, lo_x, e.hi_x, e.relations), found


def _empty_columns(exact: bool) -> Columns:
    z = np.zeros(0, dtype=np.int64)
    v = np.zeros(0, dtype=object if exact else np.float64)
    return Columns(z, z, v, v, np.zeros(0, bool), np.zeros(0, bool), [])


def _pairs(pairs: list[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray]:
    if not pairs:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    a = np.array(pairs, dtype=np.int64)
    return a[:, 0], a[:, 1]


def unique_ints(values: np.ndarray, kind: str | None = None) -> np.ndarray:
    """The sorted distinct values of an integer array — ``np.unique(values)`` — by one sort (``kind``: as
    ``np.sort``'s; ``"stable"`` merges already sorted runs) and a mask of the changes. numpy 2.4's
    ``np.unique`` goes through a hash table, about 16× slower on 10⁶ distinct int64 keys, and imports
    ``numpy.ma`` on its first call (10 ms of a one-company question's start-up).

    >>> unique_ints(np.array([5, 3, 5, 1])).tolist()
    [1, 3, 5]
    """
    values = np.sort(values, kind=kind)
    return values[np.concatenate(([True], values[1:] != values[:-1]))] if len(values) else values


def _dedupe(parts: list[tuple[np.ndarray, np.ndarray]], terminal: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    src = np.concatenate([p[0] for p in parts]).astype(np.int64)
    dst = np.concatenate([p[1] for p in parts]).astype(np.int64)
    keep = ~terminal[dst] if len(dst) else np.zeros(0, bool)
    src, dst = src[keep], dst[keep]
    if not len(src):
        return src, dst
    # the pairs in (src, dst) order without duplicates: one integer key per pair sorts the same way as the
    # rows would (np.unique(axis=0) sorts structured rows, several times slower at 10⁶ edges)
    width = len(terminal)
    keys = unique_ints(src * width + dst)
    return keys // width, keys % width


def _aggregate(cols: Columns, keep: np.ndarray, exact: bool) -> Edges:
    """Add up parallel edges (same holder, subject): bounds add, an end is exclusive if any is."""
    src, dst = cols.src[keep], cols.dst[keep]
    lo, hi, lo_x, hi_x = cols.lo[keep], cols.hi[keep], cols.lo_x[keep], cols.hi_x[keep]
    rels = [r for r, k in zip(cols.relations, keep) if k] if cols.relations is not None else None
    if len(src) == 0:
        return Edges(src, dst, lo, hi, lo_x, hi_x, [] if rels is not None else None)
    order = np.lexsort((src, dst))
    src, dst, lo, hi, lo_x, hi_x = src[order], dst[order], lo[order], hi[order], lo_x[order], hi_x[order]
    first = np.ones(len(src), bool)
    first[1:] = (src[1:] != src[:-1]) | (dst[1:] != dst[:-1])
    starts = np.flatnonzero(first)
    out_rel = None
    if rels is not None:
        rels = [rels[i] for i in order]
        bounds = list(starts) + [len(src)]
        out_rel = [tuple(r for r in rels[a:b] if r) for a, b in zip(bounds[:-1], bounds[1:])]
    if len(starts) == len(src):
        return Edges(src, dst, lo, hi, lo_x, hi_x, out_rel)
    one = Fraction(1) if exact else 1.0
    hi_sum = np.add.reduceat(hi, starts)
    hi_capped = hi_sum > one
    return Edges(
        src[starts], dst[starts], np.add.reduceat(lo, starts), np.where(hi_capped, one, hi_sum).astype(hi.dtype),
        np.logical_or.reduceat(lo_x, starts), np.logical_or.reduceat(hi_x, starts) & ~hi_capped, out_rel,
    )


def _tighten(e: Edges, ids: list[str], kind: str, exact: bool) -> Edges:
    """Check that lower ends add up to at most 100 % per subject; cap upper ends by the others' lowers."""
    if len(e) == 0:
        return e
    if exact:
        fast = _tighten_exact(e, ids, kind)
        if fast is not None:
            return fast
    n = int(max(e.dst.max(), e.src.max())) + 1
    zero = Fraction(0) if exact else 0.0
    one = Fraction(1) if exact else 1.0
    total = np.full(n, zero, dtype=e.lo.dtype)
    np.add.at(total, e.dst, e.lo)
    tol = 0 if exact else 1e-9
    over = np.flatnonzero(total > one + tol)
    if len(over):
        j = int(over[0])
        raise InconsistentShares(_over_message(kind, ids, j, total[j], len(over) - 1))
    excl = np.zeros(n, dtype=np.int64)
    np.add.at(excl, e.dst, e.lo_x.astype(np.int64))
    others = total[e.dst] - e.lo
    cap = one - others
    if not exact:
        cap = np.clip(cap, 0.0, 1.0)
    cap_x = (excl[e.dst] - e.lo_x.astype(np.int64)) > 0
    # with floats a cap equal to the upper end can come out a rounding error above or below it (1 − 0.61
    # computed as 1 − (0.67 − 0.06)): within 10⁻¹² it is a tie, as the exact engine sees it
    eps = 0 if exact else 1e-12
    lower_cap = cap < e.hi - eps
    same = ~lower_cap & (cap <= e.hi + eps)
    hi = np.where(lower_cap, cap, e.hi).astype(e.hi.dtype)
    hi_x = np.where(lower_cap, cap_x, e.hi_x | (same & cap_x))
    # a cap below the holder's own lower end can only come from rounding in float input
    hi = np.where(hi < e.lo, e.lo, hi).astype(e.hi.dtype)
    return Edges(e.src, e.dst, e.lo, hi, e.lo_x, hi_x.astype(bool), e.relations)


def _over_message(kind: str, ids: list[str], j: int, total: Any, others: int) -> str:
    return (f"the {kind.replace('_', ' ')} recorded in {ids[j]!r} add up to at least {float(total) * 100:.6g} % (more "
            f"than 100 %){f' (and in {others} other subject(s))' if others else ''}; fix the shares "
            "or give them as bands")


def _tighten_exact(e: Edges, ids: list[str], kind: str) -> Edges | None:
    """:func:`_tighten` for Fraction shares, computed exactly in int64 numerators over the common
    denominator of all the shares (registry shares are decimals, so it is small); only the capped upper
    ends become new Fractions. ``None`` when the common denominator is too large for int64 sums."""
    lo_list, hi_list = e.lo.tolist(), e.hi.tolist()
    if not all(type(v) is Fraction for v in lo_list) or not all(type(v) is Fraction for v in hi_list):
        return None
    den = math.lcm(*{v.denominator for v in lo_list}, *{v.denominator for v in hi_list})
    n = int(max(e.dst.max(), e.src.max())) + 1
    per_subject = int(np.bincount(e.dst, minlength=n).max())
    if den * (per_subject + 2) >= 2 ** 62:
        return None
    lo = np.array([v.numerator * (den // v.denominator) for v in lo_list], dtype=np.int64)
    hi = np.array([v.numerator * (den // v.denominator) for v in hi_list], dtype=np.int64)
    total = np.zeros(n, dtype=np.int64)
    np.add.at(total, e.dst, lo)
    over = np.flatnonzero(total > den)
    if len(over):
        j = int(over[0])
        raise InconsistentShares(_over_message(kind, ids, j, Fraction(int(total[j]), den), len(over) - 1))
    excl = np.zeros(n, dtype=np.int64)
    np.add.at(excl, e.dst, e.lo_x.astype(np.int64))
    cap = den - (total[e.dst] - lo)
    cap_x = (excl[e.dst] - e.lo_x.astype(np.int64)) > 0
    lower_cap = cap < hi
    same = cap == hi
    hi_x = np.where(lower_cap, cap_x, e.hi_x | (same & cap_x))
    new_hi = np.where(lower_cap, cap, hi)
    below = new_hi < lo  # cannot happen with exact shares that pass the check above; kept as in _tighten
    out = e.hi.copy()
    for i in np.flatnonzero(lower_cap & ~below).tolist():
        out[i] = Fraction(int(cap[i]), den)
    for i in np.flatnonzero(below).tolist():
        out[i] = e.lo[i]
    return Edges(e.src, e.dst, e.lo, out, e.lo_x, hi_x.astype(bool), e.relations)
