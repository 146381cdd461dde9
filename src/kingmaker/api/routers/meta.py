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
    return {"version": __version__, "counts": counts, "datasets": datasets, "event_dates": days}
