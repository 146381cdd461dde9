"""Synthetic registry-like ownership graphs (``kingmaker synth``), written as edges-csv.

The generator grows a graph company by company, each owned by holders created before it, which gives
pyramids (chains of holding companies). Holders are drawn in proportion to a Pareto "fitness", so the
number of holdings per holder is heavy-tailed (a few groups hold hundreds of companies, most one or
two), as in company registers; the number of owners per company is Zipf-like. About 10 % of actors are
natural persons. Shares are split by a Dirichlet draw and rounded down to 0.01 %, so the shares in a
company never add up to more than 100 %; some companies keep an unrecorded remainder, which is where
cross-holdings (a subsidiary holding part of its parent, making cycles) are placed. A share above 25 %
is, with probability ``banded``, published only as its UK PSC band ((25, 50], (50, 75] or (75, 100]).
Same ``seed``, same file.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

BANDS = ((25.0, 50.0), (50.0, 75.0), (75.0, 100.0))


def synth_table(entities: int, seed: int = 0, *, persons: float = 0.1, banded: float = 0.3,
                cross: float = 0.03, roots: float = 0.01) -> pa.Table:
    """The edge table (edges-csv columns, all strings) of a synthetic graph of ``entities`` actors."""
    if entities < 2:
        raise ValueError("need at least 2 entities")
    rng = np.random.default_rng(seed)
    n_p = max(1, int(round(entities * persons)))
    n_c = entities - n_p
    fit_p = rng.pareto(1.2, n_p) + 1
    fit_c = rng.pareto(1.2, n_c) + 1
    cum_p, cum_c = np.cumsum(fit_p), np.cumsum(fit_c)
    deg = np.minimum(rng.zipf(2.2, n_c), 40)
    deg[rng.random(n_c) < roots] = 0
    subj = np.repeat(np.arange(n_c), deg)
    # the first owner of a company is a company with probability 0.7 (pyramids), further owners mostly persons
    first = np.ones(len(subj), bool)
    first[1:] = subj[1:] != subj[:-1]
    by_person = (rng.random(len(subj)) < np.where(first, 0.3, 0.85)) | (subj == 0)
    hold = np.empty(len(subj), dtype=np.int64)
    r = rng.random(len(subj))
    hold[by_person] = np.searchsorted(cum_p, r[by_person] * cum_p[-1])
    prefix = cum_c[np.maximum(subj[~by_person] - 1, 0)]
    hold[~by_person] = n_p + np.searchsorted(cum_c, r[~by_person] * prefix)
    # holder ids: persons 0..n_p-1, companies n_p..; subject ids are companies
    subj_id = subj + n_p
    pairs = np.unique(np.stack([hold, subj_id], axis=1), axis=0)
    hold, subj_id = pairs[:, 0], pairs[:, 1]
    counts = np.bincount(subj_id, minlength=entities)
    coverage = np.where(rng.random(entities) < 0.75, 1.0, rng.uniform(0.4, 0.95, entities))
    raw = rng.gamma(0.7, 1.0, len(hold))
    total = np.zeros(entities)
    np.add.at(total, subj_id, raw)
    share = np.floor(raw / total[subj_id] * coverage[subj_id] * 10000) / 100
    share = np.maximum(share, 0.01)
    # re-normalise the rare rows that the 0.01 floor pushed over 100 %
    used = np.zeros(entities)
    np.add.at(used, subj_id, share)
    over = used[subj_id] > 100
    share[over] = np.floor(share[over] / used[subj_id][over] * 100 * 100) / 100
    used = np.zeros(entities)
    np.add.at(used, subj_id, share)
    # cross-holdings: a subsidiary takes part of its parent's unrecorded remainder
    cc = np.flatnonzero((hold >= n_p) & (counts[hold] > 0))
    pick = rng.choice(cc, size=min(len(cc), int(cross * n_c)), replace=False) if len(cc) else np.zeros(0, int)
    parent, child = hold[pick], subj_id[pick]
    room = 100 - used[parent]
    ok = room >= 1
    parent, child, room = parent[ok], child[ok], room[ok]
    _, first = np.unique(parent, return_index=True)  # one cross-holding per parent keeps sums ≤ 100 %
    parent, child, room = parent[first], child[first], room[first]
    x_share = np.floor(room * rng.uniform(0.2, 0.9, len(room)) * 100) / 100
    hold = np.concatenate([hold, child])
    subj_id = np.concatenate([subj_id, parent])
    share = np.concatenate([share, np.maximum(x_share, 0.01)])
    # banded shares (PSC bands) for some holdings above 25 %
    band_idx = np.searchsorted([25.0, 50.0, 75.0], share, side="left") - 1
    is_band = (share > 25) & (rng.random(len(share)) < banded)
    lo = np.array([b[0] for b in BANDS])[np.clip(band_idx, 0, 2)]
    hi = np.array([b[1] for b in BANDS])[np.clip(band_idx, 0, 2)]
    width = max(len(str(entities)), 6)
    ids = np.array([f"p{i:0{width}d}" for i in range(n_p)] + [f"c{i:0{width}d}" for i in range(n_c)], dtype=object)
    kinds = np.where(np.arange(entities) < n_p, "person", "company").astype(object)
    exact = np.char.mod("%.2f", share).astype(object)
    m = len(share)
    cols = {
        "holder": ids[hold], "subject": ids[subj_id],
        "share": np.where(is_band, "", exact),
        "share_min": np.where(is_band, np.char.mod("%g", lo).astype(object), ""),
        "share_max": np.where(is_band, np.char.mod("%g", hi).astype(object), ""),
        "min_exclusive": np.where(is_band, "true", ""), "max_exclusive": np.full(m, "", object),
        "kind": np.full(m, "shareholding", object), "holder_kind": kinds[hold], "subject_kind": kinds[subj_id],
    }
    return pa.table({k: pa.array(v.astype(object), pa.string()) for k, v in cols.items()})


def write_synth(path: str | Path, entities: int, seed: int = 0, **kw) -> int:
    """Write a synthetic graph to ``path`` as edges-csv; returns the number of edges."""
    table = synth_table(entities, seed, **kw)
    pacsv.write_csv(table, path, pacsv.WriteOptions(quoting_style="none"))
    return table.num_rows


def widely_held_case(holders: int, seed: int = 0) -> dict:
    """A case (the case-file format as a mapping) of one company held by ``holders`` outside companies:
    what assessing "every holder" of a widely held company costs (``bench/bench_assess.py``).

    ``target`` is 51 % owned by ``parent``; each holder has a small stake (together 40 %) from its own day
    in 2015–2023, every 10th a board seat, every 20th a compute supply, every 25th a financing, every 50th
    a subsidiary it controls that holds a stake too; ``h00001`` also holds 30 % since 2012.

    >>> case = widely_held_case(100)
    >>> len(case["actors"]), len(case["relations"])
    (105, 126)
    """
    import random
    from datetime import date as _date, timedelta

    rng = random.Random(seed)
    start = _date(2015, 1, 1)
    actors = [{"id": "target", "kind": "company", "name": "Target plc", "board_size": max(12, holders // 10 + 2)},
              {"id": "parent", "kind": "company", "name": "Parent plc"},
              {"id": "staff", "kind": "group", "name": "Target staff", "size": 1000}]
    rels = [{"id": "parent-target", "kind": "shareholding", "holder": "parent", "subject": "target", "share": 51,
             "from": "2010-01-01"},
            {"id": "staff-target", "kind": "employment", "holder": "staff", "subject": "target"}]
    for i in range(holders):
        h = f"h{i:05d}"
        actors.append({"id": h, "kind": "company", "name": f"Holder {i}"})
        day = (start + timedelta(days=rng.randrange(3000))).isoformat()
        rels.append({"id": f"{h}-sh", "kind": "shareholding", "holder": h, "subject": "target",
                     "share": round(40 / holders, 4), "from": day})
        if i % 10 == 0:
            rels.append({"id": f"{h}-seat", "kind": "board_seat", "holder": h, "subject": "target",
                         "role": "director", "from": day})
        if i % 20 == 3:
            rels.append({"id": f"{h}-supply", "kind": "supply", "holder": h, "subject": "target",
                         "resource": "compute", "share_of_need": 5, "from": day})
        if i % 25 == 7:
            rels.append({"id": f"{h}-fin", "kind": "financing", "holder": h, "subject": "target",
                         "amount": 1000000, "currency": "EUR", "from": day})
        if i % 50 == 11:
            sub = f"{h}-sub"
            actors.append({"id": sub, "kind": "company", "name": f"Holder {i} subsidiary"})
            rels.append({"id": f"{sub}-ctl", "kind": "shareholding", "holder": h, "subject": sub, "share": 80,
                         "from": day})
            rels.append({"id": f"{sub}-sh", "kind": "shareholding", "holder": sub, "subject": "target",
                         "share": round(20 / holders, 4), "from": day})
    rels.append({"id": "anchor-sh", "kind": "shareholding", "holder": "h00001", "subject": "target", "share": 30,
                 "from": "2012-03-01"})
    return {"case": {"id": f"widely-held-{holders}", "title": f"A company with {holders} outside holders"},
            "actors": actors, "relations": rels}
