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
* The lower ends held in a subject must not add up to more than 100 % (:class:`InconsistentShares`).
* Upper ends are tightened by what the others certainly hold: ``hi_ij <= 1 - sum_{k != i} lo_kj``
  (exclusive when one of those lower ends is). This keeps bounds sound and totals at or under 100 %.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Iterable, Mapping, Sequence

import numpy as np

from kingmaker.model.kinds import OWNERSHIP_KINDS  # shareholding, voting_rights
from kingmaker.errors import ClosedOwnershipLoop, InconsistentShares  # noqa: F401 (re-exported)

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
            out.append(EdgeInput(r.holder, r.subject, k, Fraction(0), Fraction(1), relation=r.id))
        elif k in OWNERSHIP_KINDS:
            key = (r.share.lower, r.share.upper)
            lohi = fractions.get(key)
            if lohi is None:
                lohi = fractions[key] = r.share.as_fractions()
            lo, hi = lohi
            out.append(EdgeInput(r.holder, r.subject, k, lo, hi, not r.share.lower_inclusive,
                                 not r.share.upper_inclusive, r.id))
        elif k == "appointment_right":
            if r.seats is not None and r.of_seats is not None:
                if 2 * r.seats > r.of_seats:
                    out.append(EdgeInput(r.holder, r.subject, k, relation=r.id, control="certain"))
            else:
                out.append(EdgeInput(r.holder, r.subject, k, relation=r.id, control="possible"))
        elif k == "other_influence" and r.decisive:
            out.append(EdgeInput(r.holder, r.subject, k, relation=r.id, control="certain"))
        elif k == "board_seat" and r.voting:
            voting_seats[r.subject] = voting_seats.get(r.subject, 0) + 1
            seats_by.setdefault((r.holder, r.subject), []).append(r.id)
    for (holder, subject), rels in seats_by.items():
        if 2 * len(rels) > voting_seats[subject]:
            out.append(EdgeInput(holder, subject, "board_seat", relation=",".join(rels), control="certain"))
    return out


def graph_from_snapshot(snapshot) -> Graph:
    """The exact (Fraction) graph of a snapshot's ownership and control ties."""
    actors = snapshot.actors
    kinds = {a.id: a.kind.value for a in actors.values()}
    names = {a.id: a.name for a in actors.values()}
    unspecified = {a.id: (a.unspecified_reason.value if a.unspecified_reason else "unknown")
                   for a in actors.values() if a.kind.value == "unknown"}
    return build_graph(edges_from_snapshot(snapshot), kinds, exact=True, names=names, unspecified=unspecified)


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
    edges = list(edges)
    ids = list(nodes) if nodes is not None else sorted({a for e in edges for a in (e.holder, e.subject)} | set(kinds))
    index = {a: i for i, a in enumerate(ids)}
    for e in edges:
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
    graph = assemble(ids, kind_arr, own, ctrl, exact=exact, names=names or {}, unspecified=unspecified or {})
    graph.ctrl_labels = {(index[e.holder], index[e.subject]): e.kind for e in edges if e.control}
    return graph


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
    agg: dict[str, Edges] = {}
    for k in OWNERSHIP_KINDS:
        cols = own.get(k) or _empty_columns(exact)
        keep = ~terminal[cols.dst] if len(cols.dst) else np.zeros(0, bool)
        if len(cols.dst) and not keep.all():
            dropped = sorted({ids[d] for d in cols.dst[~keep]})
            ignored.append(f"{k} held in {', '.join(dropped[:5])}{' …' if len(dropped) > 5 else ''} ignored: "
                           "a natural person or unidentified party is not owned")
        agg[k] = _tighten(_aggregate(cols, keep, exact), ids, k, exact)
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
    return Graph(ids, kinds, agg, certain, possible, exact, names or {}, unspecified or {}, ignored)


def _empty_columns(exact: bool) -> Columns:
    z = np.zeros(0, dtype=np.int64)
    v = np.zeros(0, dtype=object if exact else np.float64)
    return Columns(z, z, v, v, np.zeros(0, bool), np.zeros(0, bool), [])


def _pairs(pairs: list[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray]:
    if not pairs:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    a = np.array(pairs, dtype=np.int64)
    return a[:, 0], a[:, 1]


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
    keys = np.unique(src * width + dst)
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
