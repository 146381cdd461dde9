"""Benchmark: what identity resolution (one actor per identifier) costs a single-subject ``ubo`` on a
register of about 10⁶ edges.

The register: ``kingmaker synth --seed 1`` (≈ 475,000 actors, ≈ 10⁶ edges) loaded with ``kingmaker load``,
then given identifiers as a real register has them — every company a Companies House number (``GB-COH``,
stored in the actor's record and in ``actor_identifiers``, as a reader would write them) — and a second
record of 1 % of the companies, loaded as its own dataset (an ``edges``-less case with the same
``GB-COH`` number and the name in capitals), which identity resolution must join to the first. The store
is built for the run in a temporary directory, or once and then reused from ``KINGMAKER_BENCH_ID_STORE``
(a store made by another version of the code may differ: ``make bench`` builds its own).

Timed in one process on one open store, interleaved subject by subject: ``Kingmaker.ubo(subject)`` as
``kingmaker ubo`` runs it (read the subject's upstream from the store, then the ownership engine) with
identity resolution, and the same with it switched off (``Store.actors_sharing_identifiers`` finding
nothing and ``resolve_identities`` merging nothing — the engine as it was before identities). Subjects:
60 random companies (seed 0) plus every one whose upstream reaches a duplicated company (the case where
resolution has work to do). The table gives medians, 90th percentiles and the ratio.

``python bench/bench_identity.py`` (entities: ``KINGMAKER_BENCH_ID_ENTITIES``, default 480000 ≈ 10⁶ edges; the
store is made in about five minutes on a loaded 2-core machine).
"""
from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

AS_OF = "2025-01-01"
ENTITIES = int(os.environ.get("KINGMAKER_BENCH_ID_ENTITIES", "480000"))
DUPLICATE_SHARE = 0.01


def build(db: Path, entities: int) -> dict:
    """The register store (made once: reused when ``db`` exists); returns its sizes."""
    import kingmaker
    from kingmaker.model import Actor, ActorKind, Case, CaseInfo, Name
    from kingmaker.model.identity import identifier_key_sql
    from kingmaker.store import Dataset
    from kingmaker.synth import write_synth

    if not db.exists():
        csv = db.with_suffix(".csv")
        started = time.perf_counter()
        write_synth(csv, entities, seed=1)
        with kingmaker.open(db) as km:
            km.load(csv)
            con = km.store.con
            con.execute("BEGIN TRANSACTION")
            # every company gets a Companies House number, in its record and in the identifier index
            con.execute("""CREATE TEMP TABLE coh AS SELECT actor_id, lpad(CAST(row_number() OVER (ORDER BY actor_id)
                             AS VARCHAR), 8, '0') AS num, dataset_id FROM actors WHERE kind = 'company'""")
            con.execute("""UPDATE actors SET data = json_merge_patch(data, json_object('identifiers',
                             json_object('GB-COH', coh.num))) FROM coh WHERE actors.actor_id = coh.actor_id""")
            con.execute(f"""INSERT INTO actor_identifiers (actor_id, scheme, value, dataset_id, value_key)
                              SELECT actor_id, 'GB-COH', num, dataset_id, {identifier_key_sql('num')} FROM coh""")
            picked = [r[0] for r in con.execute("SELECT actor_id, num FROM coh").fetchall()]
            nums = dict(con.execute("SELECT actor_id, num FROM coh").fetchall())
            con.execute("COMMIT")
            dups = random.Random(1).sample(picked, int(len(picked) * DUPLICATE_SHARE))
            case = Case(CaseInfo("bench-duplicates", "second records"), actors=[
                Actor(id=f"dup:{a}", kind=ActorKind.company, names=(Name(name=a.upper() + " LIMITED"),),
                      identifiers={"GB-COH": nums[a].lstrip("0")}) for a in dups])
            km.store.write_case(case, Dataset("bench:duplicates", "second records", "case", "", "bench-dup-v1"))
        csv.unlink()
        print(f"built {db} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        return {"edges": con.execute("SELECT count(*) FROM relations").fetchone()[0],
                "actors": con.execute("SELECT count(*) FROM actors").fetchone()[0],
                "duplicates": con.execute("SELECT count(*) FROM actors WHERE actor_id LIKE 'dup:%'").fetchone()[0]}
    finally:
        con.close()


def _subjects(km) -> tuple[list[str], list[str]]:
    """60 random companies, and those whose upstream holds a duplicated company (directly held by one)."""
    con = km.store.con
    companies = [r[0] for r in con.execute(
        "SELECT actor_id FROM actors WHERE kind = 'company' AND actor_id NOT LIKE 'dup:%' ORDER BY actor_id").fetchall()]
    held = [r[0] for r in con.execute(
        """SELECT DISTINCT r.subject_id FROM relations r JOIN actors a ON a.actor_id = 'dup:' || r.holder_id
           WHERE r.kind = 'shareholding' ORDER BY 1""").fetchall()]
    rng = random.Random(0)
    return rng.sample(companies, 60), rng.sample(held, min(30, len(held)))


def _time(fn) -> float:
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


def measure(db: Path) -> list[tuple]:
    import kingmaker
    import kingmaker.model.identity as identity
    from kingmaker.store.store import Store

    real_sharing, real_resolve = Store.actors_sharing_identifiers, identity.resolve_identities

    def off() -> None:
        Store.actors_sharing_identifiers = lambda self, ids, rules=(): set()
        identity.resolve_identities = lambda actors, rules=(): identity.Resolution()

    def on() -> None:
        Store.actors_sharing_identifiers, identity.resolve_identities = real_sharing, real_resolve

    rows = []
    with kingmaker.open(db) as km:
        randoms, merged = _subjects(km)
        for s in randoms[:3]:  # warm DuckDB's caches for both
            km.ubo(s, AS_OF)
        for label, subjects in (("60 random companies", randoms), (f"{len(merged)} companies held by a company "
                                                                   "with a second record", merged)):
            t_on, t_off, joined = [], [], 0
            for s in subjects:  # interleaved, so that the machine's noise hits both alike
                on()
                t_on.append(_time(lambda: km.ubo(s, AS_OF)))
                snap, _ = km.upstream_of(s, AS_OF)
                joined += bool(snap.identity)
                off()
                t_off.append(_time(lambda: km.ubo(s, AS_OF)))
            on()
            med_on, med_off = statistics.median(t_on), statistics.median(t_off)
            p90 = lambda xs: statistics.quantiles(xs, n=10)[-1]  # noqa: E731
            rows.append((label, joined, med_off, p90(t_off), med_on, p90(t_on), med_on / med_off))
    return rows


def main() -> str:
    kept = os.environ.get("KINGMAKER_BENCH_ID_STORE")  # reused when it exists; else a new store, removed after
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(kept) if kept else Path(tmp) / f"identity-{ENTITIES}.duckdb"
        sizes = build(db, ENTITIES)
        load = os.getloadavg()[0]
        rows = measure(db)
    out = [
        f"## Identity resolution: single-subject `ubo` on a register of {sizes['edges']:,} edges (bench_identity)",
        "",
        f"Command: `python bench/bench_identity.py` (`KINGMAKER_BENCH_ID_ENTITIES={ENTITIES}`). Store: "
        f"`kingmaker synth --seed 1` loaded with `kingmaker load` — {sizes['edges']:,} relations, {sizes['actors']:,} "
        f"actors — every company given a `GB-COH` number, and {sizes['duplicates']:,} second records (1 % of the "
        "companies: same number without leading zeros, name in capitals) loaded as a dataset of their own. In "
        "one process, interleaved per subject: `Kingmaker.ubo(subject)` as `kingmaker ubo` runs it (upstream "
        "read from the store, then the engine) with identity resolution, and with it off (no look-up of "
        "records sharing an identifier, no merging: the engine as before identities). "
        f"Load average (1 min) {load:.1f} on a shared machine: read the ratios.",
        "",
        "| subjects | answers with a merge | without: median ms | p90 ms | with: median ms | p90 ms | ratio |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for label, joined, m_off, p_off, m_on, p_on, ratio in rows:
        out.append(f"| {label} | {joined} | {m_off:.1f} | {p_off:.1f} | {m_on:.1f} | {p_on:.1f} | {ratio:.2f}× |")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    print(main())
