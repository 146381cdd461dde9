"""Assessments (verdicts per regime), what-if scenarios (run without writing) and replay."""
from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Body, Depends, Query, Request

from kingmaker.api.deps import as_of_param, get_state, slow
from kingmaker.api.problems import NotFound
from kingmaker.api.state import ApiState, parse_day
from kingmaker.errors import UserError

router = APIRouter(prefix="/api", tags=["assessments"])
SCENARIO_EXAMPLE = {
    "scenario": {"id": "what-if", "target": "openai-global-llc", "holder": "microsoft", "as_of": "2023-11-20"},
    "interventions": [{"defect": {"group": "openai-staff", "to": "microsoft", "fraction": 0.97}},
                      {"cut_supply": {"holder": "microsoft", "resource": "compute"}}],
}


def _names(state: ApiState, ids) -> dict[str, str]:
    names = state.names()
    return {i: names.get(i, i) for i in ids}


@router.get("/actors/{actor_id}/assessment", summary="Verdicts per regime (UK, EU, DE) with reasons and flip facts")
async def assessment(request: Request, actor_id: str, day: date = Depends(as_of_param),
                     holder: list[str] | None = Query(None, description="Outside actor(s); default: all with ties in."),
                     since: bool = Query(True, description="Work out since when each verdict has held."),
                     known_as_of: str | None = Query(None, description="Answer with only what had been published by "
                                                                       "this date (YYYY-MM-DD); as_of is the date the "
                                                                       "facts describe.", examples=["2023-11-20"]),
                     turnout: str | None = Query(None, description="Share of all votes cast at the target's general "
                                                 "meetings, percent (60, or [55, 70]); overrides the case's turnout."),
                     limit: int = Query(25, ge=0, le=1000, description="Without holder: assess this many holders, "
                                        "those with the most leverage, and list the others with their figures (0: "
                                        "every one)."),
                     offset: int = Query(0, ge=0, description="Start at this place in the ranking (the next page)."),
                     state: ApiState = Depends(get_state)):
    return await slow(request, lambda: _assessment(state, actor_id, day, holder, since, known_as_of, turnout,
                                                   limit, offset))


def _assessment(state: ApiState, actor_id: str, day: date, holder: list[str] | None, since: bool,
                known_as_of: str | None, turnout: str | None, limit: int, offset: int):
    """The assessment endpoint's answer (on the slow questions' threads: it can take seconds the first time)."""
    from pydantic import ValidationError

    from kingmaker.api.assessor import assessment_answer
    from kingmaker.model import Share

    actor_id = state.actor(actor_id).id
    holder = [state.actor(h).id for h in holder] if holder else holder
    share = None
    if turnout is not None:
        try:
            share = Share.parse(turnout)
        except (ValueError, ValidationError) as exc:
            msg = exc.errors()[0]["msg"] if isinstance(exc, ValidationError) else str(exc)
            raise UserError(f"turnout {turnout!r}: {msg.removeprefix('Value error, ')} "
                            "(a percentage of all votes, 0–100)") from None

    known = parse_day(known_as_of) if known_as_of else None

    def snapshot(d: date):
        if known is None:
            return state.snapshot(d)
        with state.read() as km:
            return km.snapshot(d, known)

    def make() -> bytes:
        args = (actor_id, day, holder, since, share, limit, offset)
        if known is None:  # in the assessment process, when there is one (kingmaker.api.assessor)
            body = state.assess_elsewhere(args)
            if body is not None:
                return body
        return assessment_answer(snapshot, lambda: state.timeline(known), lambda: state.since_index(known),
                                 state.names(), *args)

    return state.results.body(("assess", actor_id, day, tuple(holder or ()), since, turnout, known, limit, offset),
                              make)


def _builtin_scenarios() -> dict[str, Any]:
    from ruamel.yaml import YAML

    from kingmaker.data import DATA_DIR

    out = {}
    for path in sorted((DATA_DIR / "scenarios").glob("*.y*ml")):
        doc = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
        out[str(doc["scenario"]["id"])] = doc
    return out


@router.get("/scenarios", summary="The scenarios shipped with Kingmaker")
def list_scenarios() -> dict:
    return {"items": [{"id": k, "title": v["scenario"].get("title", k), "target": v["scenario"].get("target"),
                       "as_of": str(v["scenario"].get("as_of"))} for k, v in _builtin_scenarios().items()]}


@router.get("/scenarios/{scenario_id}", summary="One shipped scenario document")
def get_scenario(scenario_id: str) -> dict:
    doc = _builtin_scenarios().get(scenario_id)
    if doc is None:
        raise NotFound(f"no shipped scenario {scenario_id!r}")
    return _jsonable(doc)


def _jsonable(doc: Any) -> Any:
    import json

    return json.loads(json.dumps(doc, default=str))


@router.post("/scenarios/run", summary="Run a posted scenario document (docs/scenarios.md); nothing is written")
def run(doc: dict = Body(..., examples=[SCENARIO_EXAMPLE]),
        lang: str = Query("en", pattern="^(en|de)$", description="Language of the text lines."),
        state: ApiState = Depends(get_state)) -> dict:
    from kingmaker.report.scenario import scenario_lines
    from kingmaker.scenario.runner import parse_scenario, run_scenario

    sc = parse_scenario(doc, "<request>")
    sc.target = state.actor(sc.target).id
    result = run_scenario(state.snapshot(sc.as_of), sc)
    out = result.to_dict()
    out["names"] = _names(state, {sc.target, *result.after.features, *result.before.features})
    out["lines"] = scenario_lines(result, state.names(), lang)[2 + len(result.steps):]  # what moved, and why
    return out


@router.get("/actors/{actor_id}/kingmaker", summary="The kingmaker test on a date: whose actions were pivotal for "
                                                     "the board giving way, and what would have changed the outcome")
def kingmaker_test(actor_id: str, day: date = Depends(as_of_param),
                   lang: str = Query("en", pattern="^(en|de)$", description="Language of the text lines."),
                   state: ApiState = Depends(get_state)) -> dict:
    from kingmaker.analysis.structure import family
    from kingmaker.api.routers.power import recorded_vote
    from kingmaker.report.scenario import kingmaker_lines
    from kingmaker.scenario.pivotal import pivotal_on_date

    actor_id = state.actor(actor_id).id
    snap = state.snapshot(day)
    subject = family(snap, actor_id)[0]
    out = {"subject": subject, "subject_name": snap.name(subject), "as_of": day.isoformat(), "result": None,
           "lines": [], "vote": recorded_vote(state, subject, day, None, lang)}
    result = pivotal_on_date(snap, subject, lang)
    if result is None:
        return out  # no outside pressure on this date: nothing to test
    names = _names(state, {a.actor for a in result.actions} | set(result.kingmakers))
    out["result"] = result.to_dict()
    out["names"] = names
    out["lines"] = kingmaker_lines(result, names, lang)
    return out


@router.get("/replay", summary="Walk the events day by day: how verdicts, leverage and the board moved")
def get_replay(target: str, holder: list[str] | None = Query(None),
               start: str | None = Query(None, alias="from", description="First date."),
               end: str | None = Query(None, alias="to", description="Last date."),
               state: ApiState = Depends(get_state)) -> dict:
    from kingmaker.scenario.replay import replay

    target = state.actor(target).id
    with state.read() as km:
        events = km.store.events()
    first = parse_day(start) if start else None
    last = parse_day(end) if end else None
    if first and last and last < first:
        raise UserError("'to' is before 'from'")
    steps = replay(state.snapshot, events, target, holder or None, first, last)
    return {"target": target, "steps": [s.to_dict() for s in steps]}
