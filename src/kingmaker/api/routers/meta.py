"""What the store holds: counts, datasets, and the span of its dated events (for the date slider)."""
from __future__ import annotations

from fastapi import APIRouter, Depends

from kingmaker.api.deps import get_state
from kingmaker.api.state import ApiState

router = APIRouter(prefix="/api", tags=["store"])


@router.get("/info", summary="Store counts, datasets and event dates")
def info(state: ApiState = Depends(get_state)) -> dict:
    from kingmaker import __version__

    with state.read() as km:
        counts = km.store.counts()
        datasets = [{"id": d.id, "title": d.title, "format": d.format, "counts": d.counts}
                    for d in km.store.datasets()]
        days = [r[0].isoformat() for r in km.store.con.execute(
            "SELECT DISTINCT date FROM events ORDER BY date").fetchall()]
    warming = state.warming is not None and state.warming.is_alive()
    # warming: this process is still building, in the background, what first questions would wait for
    return {"version": __version__, "counts": counts, "datasets": datasets, "event_dates": days, "warming": warming}


@router.get("/library", summary="The case library: real AI partnerships, Kingmaker's verdicts and the authorities'")
def library(state: ApiState = Depends(get_state)) -> dict:
    """Each library case with its holder, target and date. For cases loaded in this store the verdicts are
    computed now; for the others the index's are given (``loaded: false``; load them with
    ``kingmaker load cases/library/*.yaml``)."""
    from kingmaker.report.library import assess_library, labelled, load_index

    names = state.names()
    entries = load_index()
    loaded = [e for e in entries if e.target in names and e.holder in names]

    def make() -> list[dict]:
        return assess_library(state.snapshot, loaded)

    computed = {(r["file"], r["target"], r["holder"]): r for r in state.results.result(("library",), make)} \
        if loaded else {}
    cases = []
    for e in entries:
        row = computed.get((e.file, e.target, e.holder))
        cases.append({"file": e.file, "title": e.title(), "target": e.target, "holder": e.holder,
                      "target_name": names.get(e.target, e.target), "holder_name": names.get(e.holder, e.holder),
                      "as_of": e.as_of.isoformat(), "loaded": row is not None,
                      "kingmaker": row["kingmaker"] if row else labelled(e.expected), "authority": e.authority})
    return {"cases": cases}
