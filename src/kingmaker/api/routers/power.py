"""Voting power of a board (with who was pivotal in a recorded vote) and de facto leverage."""
from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends, Query

from kingmaker.api.deps import as_of_param, get_state
from kingmaker.api.state import ApiState
from kingmaker.errors import UserError

router = APIRouter(prefix="/api", tags=["power"])
VOTE_WINDOW_DAYS = 7


@router.get("/actors/{actor_id}/board", summary="Board seats and voting power on a date; pivots of a recorded vote")
def board_power(actor_id: str, day: date = Depends(as_of_param),
                vote: str | None = Query(None, description="Event id of a recorded vote; default: the one nearest "
                                                           f"the date (within {VOTE_WINDOW_DAYS} days)."),
                lang: str = Query("en", pattern="^(en|de)$", description="Language of the explanations."),
                state: ApiState = Depends(get_state)) -> dict:
    from kingmaker.analysis.voting import InvalidGame, board_game
    from kingmaker.report.fmt import word
    from kingmaker.report.vote import rule_text

    actor_id = state.actor(actor_id).id
    snap = state.snapshot(day)
    seats = snap.board(actor_id)
    out = {"subject": actor_id, "as_of": day.isoformat(),
           "seats": [{"holder": s.holder, "name": snap.name(s.holder), "role": s.role, "voting": bool(s.voting),
                      "role_label": word(s.role, lang), "relation": s.id} for s in seats],
           "rule": None, "power": None, "vote": None}
    if not any(s.voting for s in seats):
        return out
    try:
        game = board_game([(snap.name(s.holder), s.role, bool(s.voting)) for s in seats])
    except InvalidGame as exc:
        raise UserError(f"board of {actor_id}: {exc}") from None
    out["rule"] = game.describe()
    out["rule_text"] = rule_text(game.describe(), lang)
    out["power"] = game.power(["banzhaf", "shapley-shubik"]).to_dict()
    out["vote"] = recorded_vote(state, actor_id, day, vote, lang)
    return out


def recorded_vote(state: ApiState, body: str, day: date, event_id: str | None, lang: str = "en") -> dict | None:
    """The recorded vote nearest ``day`` analysed on the board that cast it, with its explanation."""
    from kingmaker.report.fmt import event_title
    from kingmaker.report.vote import explain_recorded

    with state.read() as km:
        rv = km.recorded_vote(body, day, event_id, VOTE_WINDOW_DAYS)
    if rv is None:
        return None
    record = rv.to_dict()
    record["title"] = event_title(rv.event, lang)
    analysis = rv.analysis.to_dict()
    analysis["explanation"] = explain_recorded(rv, lang)
    record["analysis"] = analysis
    return record


@router.get("/leverage", summary="How far a subject depends on a holder (and the reverse), with factors")
def get_leverage(subject: str, holder: str | None = Query(None, description="Default: every outside holder."),
                 day: date = Depends(as_of_param), state: ApiState = Depends(get_state)) -> dict:
    from kingmaker.analysis.leverage import all_leverage, leverage

    subject = state.actor(subject).id
    if holder is not None:
        holder = state.actor(holder).id
    snap = state.snapshot(day)
    found = [leverage(snap, holder, subject)] if holder else all_leverage(snap, subject)
    return {"subject": subject, "as_of": day.isoformat(), "items": [x.to_dict() for x in found]}
