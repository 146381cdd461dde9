"""Screening: sanctions and export-control ownership rules over the store, one entity's why / why not,
a corporate family, what changed between dates, and the register audit — the shapes of the CLI's
``--json`` (docs/cli.md)."""
from __future__ import annotations

from datetime import date
from fastapi import APIRouter, Depends, Query

from kingmaker.api.deps import as_of_param, get_state
from kingmaker.api.state import ApiState, parse_day

router = APIRouter(prefix="/api", tags=["screening"])
RULE = Query("ofac-50", description="ofac-50, eu-owned-or-controlled, uk-owned-or-controlled or bis-affiliates-50.")
LISTS = Query(None, alias="list", description="Screen against these lists instead of the rule's own.")


def _lists(lists: list[str] | None) -> tuple[str, ...] | None:
    from kingmaker.analysis.screening import check_list

    return tuple(check_list(x) for x in lists) if lists else None


def _report(state: ApiState, day: date, rule: str, lists, actor: str | None = None) -> dict:
    from kingmaker.analysis.screening import rule as get_rule, screen
    from kingmaker.report.screening import report_dict

    get_rule(rule)
    chosen = _lists(lists)
    snap = state.snapshot(day)
    return report_dict(screen(state.graph(day), snap.designations, rule, as_of=day, lists=chosen,
                              subjects=[actor] if actor else None, include_not=bool(actor)))


@router.get("/screen", summary="Every entity at least possibly caught by a screening rule, with chains")
def get_screen(day: date = Depends(as_of_param), rule: str = RULE, lists: list[str] | None = LISTS,
               state: ApiState = Depends(get_state)):
    return state.results.json(("screen", day, rule, tuple(lists or ())), lambda: _report(state, day, rule, lists))


@router.get("/actors/{actor_id}/screen", summary="One entity under a screening rule: why or why not")
def get_screen_one(actor_id: str, day: date = Depends(as_of_param), rule: str = RULE,
                   lists: list[str] | None = LISTS, state: ApiState = Depends(get_state)):
    actor_id = state.actor(actor_id).id
    return state.results.json(("screen", actor_id, day, rule, tuple(lists or ())),
                              lambda: _report(state, day, rule, lists, actor_id))


@router.get("/actors/{actor_id}/subsidiaries", summary="The corporate family downstream, with integrated shares")
def get_subsidiaries(actor_id: str, day: date = Depends(as_of_param),
                     min_share: str = Query("1", description="Also list entities with at least this integrated share, percent."),
                     more_than: bool = Query(False, description="Membership above 50 % instead of 50 % or more."),
                     state: ApiState = Depends(get_state)):
    from kingmaker.analysis.screening import subsidiaries
    from kingmaker.api.routers.ownership import _percent

    actor_id = state.actor(actor_id).id
    cut = _percent(min_share, "min_share")
    return state.results.json(("subsidiaries", actor_id, day, cut, more_than), lambda: {
        "as_of": day.isoformat(),
        **subsidiaries(state.graph(day), actor_id, min_share=cut, at_least=not more_than).to_dict()})


@router.get("/diff", summary="What changed between two dates: ties, beneficial owners, designations, screening")
def get_diff(start: str = Query(..., alias="from", description="First date YYYY-MM-DD."),
             end: str = Query(..., alias="to", description="Second date YYYY-MM-DD."),
             actor: str | None = Query(None, description="Only what touches this actor."),
             rule: list[str] | None = Query(None, description="Screening rules to compare (default: all)."),
             state: ApiState = Depends(get_state)):
    from kingmaker.analysis.screening import diff, rule as get_rule

    for r in rule or ():
        get_rule(r)
    if actor is not None:
        actor = state.actor(actor).id
    d1, d2 = parse_day(start), parse_day(end)
    return state.results.json(("diff", d1, d2, actor, tuple(rule or ())), lambda: diff(
        state.snapshot(d1), state.snapshot(d2), actor, rules=rule).to_dict())


@router.get("/audit", summary="Register audit: cycles, no natural-person owner, longest chains, inconsistent subjects")
def get_audit(day: date = Depends(as_of_param), top: int = Query(10, ge=1, le=1000),
              state: ApiState = Depends(get_state)):
    from kingmaker.analysis.screening import audit

    return state.results.json(("audit", day, top), lambda: audit(state.snapshot(day), top=top).to_dict())


__all__ = ["router"]
