"""Voting power of a board (with who was pivotal in a recorded vote) and de facto leverage."""
from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends, Query

from kingmaker.api.deps import as_of_param, get_state
from kingmaker.api.problems import NotFound
from kingmaker.api.state import ApiState
from kingmaker.errors import UserError

router = APIRouter(prefix="/api", tags=["power"])
VOTE_WINDOW_DAYS = 7


def _recorded_vote(state: ApiState, body: str, day: date, event_id: str | None):
    """The event with a recorded vote of ``body``: the one named, or the nearest to ``day`` (±7 days)."""
    with state.read() as km:
        events = [e for e in km.store.events(actor=body) if e.vote is not None and e.vote.body == body]
        if event_id is not None:
            hit = [e for e in km.store.events() if e.id == event_id and e.vote is not None]
            if not hit:
                raise NotFound(f"no event {event_id!r} with a recorded vote")
            return hit[0]
    near = sorted((abs((e.date - day).days), e.date, e.id) for e in events
                  if abs((e.date - day).days) <= VOTE_WINDOW_DAYS)
    return next(e for e in events if e.id == near[0][2]) if near else None


@router.get("/actors/{actor_id}/board", summary="Board seats and voting power on a date; pivots of a recorded vote")
def board_power(actor_id: str, day: date = Depends(as_of_param),
                vote: str | None = Query(None, description="Event id of a recorded vote; default: the one nearest "
                                                           f"the date (within {VOTE_WINDOW_DAYS} days)."),
                state: ApiState = Depends(get_state)) -> dict:
    from kingmaker.analysis.voting import InvalidGame, board_game

    state.actor(actor_id)
    snap = state.snapshot(day)
    seats = snap.board(actor_id)
    out = {"subject": actor_id, "as_of": day.isoformat(),
           "seats": [{"holder": s.holder, "name": snap.name(s.holder), "role": s.role, "voting": bool(s.voting),
                      "relation": s.id} for s in seats],
           "rule": None, "power": None, "vote": None}
    if not any(s.voting for s in seats):
        return out
    try:
        game = board_game([(snap.name(s.holder), s.role, bool(s.voting)) for s in seats])
    except InvalidGame as exc:
        raise UserError(f"board of {actor_id}: {exc}") from None
    out["rule"] = game.describe()
    out["power"] = game.power(["banzhaf", "shapley-shubik"]).to_dict()
    event = _recorded_vote(state, actor_id, day, vote)
    if event is not None:
        names = state.names()
        on_board = set(game.names)
        yes = [names.get(a, a) for a in event.vote.yes]
        record = {"event": event.id, "date": event.date.isoformat(), "title": event.title,
                  "yes": yes, "no": [names.get(a, a) for a in event.vote.no],
                  "absent": [names.get(a, a) for a in event.vote.absent]}
        missing = [y for y in yes if y not in on_board]
        if missing:  # the vote was taken by a board that differs from the one on this date
            record["analysis"] = None
            record["note"] = f"not on this board on {day}: {', '.join(missing)}"
        else:
            record["analysis"] = game.analyse_vote(yes).to_dict()
        out["vote"] = record
    return out


@router.get("/leverage", summary="How far a subject depends on a holder (and the reverse), with factors")
def get_leverage(subject: str, holder: str | None = Query(None, description="Default: every outside holder."),
                 day: date = Depends(as_of_param), state: ApiState = Depends(get_state)) -> dict:
    from kingmaker.analysis.leverage import all_leverage, leverage

    state.actor(subject)
    if holder is not None:
        state.actor(holder)
    snap = state.snapshot(day)
    found = [leverage(snap, holder, subject)] if holder else all_leverage(snap, subject)
    return {"subject": subject, "as_of": day.isoformat(), "items": [x.to_dict() for x in found]}
