"""Ownership: beneficial owners (UBOs) and integrated owners, from the ownership engine."""
from __future__ import annotations

from datetime import date
from fractions import Fraction

from fastapi import APIRouter, Depends, Query

from kingmaker.api.deps import as_of_param, get_state
from kingmaker.api.state import ApiState

router = APIRouter(prefix="/api", tags=["ownership"])


def _percent(value: str, what: str) -> Fraction:
    """A percentage (0–100) as a fraction of one."""
    from kingmaker.errors import UserError

    try:
        share = Fraction(value.strip().removesuffix("%")) / 100
    except (ValueError, ZeroDivisionError):
        share = None
    if share is None or not 0 <= share <= 1:
        raise UserError(f"{what}: {value!r} is not a percentage between 0 and 100 (e.g. 25)")
    return share


def _owner_dicts(owners, names: dict[str, str]) -> list[dict]:
    """Owners as the API gives them, each chain with its ``text`` in words and names, in English and
    German (``kingmaker.report.fmt.chain``: ``Alice —60 %→ Holdco —50 %→ Target = 30 %``)."""
    from kingmaker.report import fmt

    name = lambda x: names.get(x, x)  # noqa: E731
    out = []
    for o in owners:
        d = o.to_dict()
        for cd, c in zip(d["chains"], o.chains):
            cd["text"] = fmt.both(fmt.chain, c, name=name)
        out.append(d)
    return out


def _ubo_dict(report, names: dict[str, str]) -> dict:
    from kingmaker.report import fmt

    d = report.to_dict()
    d["notes_text"] = [fmt.both(fmt.note, n) for n in report.notes]
    for key in ("beneficial_owners", "other_persons", "unspecified", "top_entities"):
        d[key] = _owner_dicts(getattr(report, key), names)
    return d


@router.get("/actors/{actor_id}/ubo", summary="Beneficial owners under a rule set (EU AMLR art. 51–52 by default) "
            "with their chains, senior managing officials in their place where none, and accounting parents")
def get_ubo(actor_id: str, day: date = Depends(as_of_param),
            threshold: str | None = Query(None, description="Percent, e.g. 25 (default: the rule set's)."),
            more_than: bool | None = Query(None, description="Test 'more than' the threshold (UK PSC) instead of "
                                                             "'at least' (default: the rule set's)."),
            rule: str = Query("eu-amlr", description="Rule set: eu-amlr, uk-psc or us-cta (docs/ownership.md)."),
            max_chains: int = Query(20, ge=1, le=100),
            state: ApiState = Depends(get_state)):
    from kingmaker.analysis.ownership.beneficial import ubo
    from kingmaker.analysis.ownership.rules import rule_set
    from kingmaker.analysis.structure import accounting_parents, officials_in_place
    from kingmaker.report import fmt

    actor = state.actor(actor_id)
    actor_id = actor.id
    rules = rule_set(rule)
    t = None if threshold is None else _percent(threshold, "threshold")
    at_least = None if more_than is None else not more_than

    def answer() -> dict:
        # what the question needs and nothing else, as `kingmaker ubo` reads it (Kingmaker.upstream_of)
        with state.read() as km:
            snap, subject = km.upstream_of(actor, day)
        report = ubo(snap, subject, t, at_least=at_least, max_chains=max_chains, rule=rules)
        with state.read() as km:
            gap = km.gap_on(actor if subject == actor_id else subject, day, report)
        return {"as_of": day.isoformat(), **_ubo_dict(report, state.names()),
                "senior_managing_officials": fmt.officials(officials_in_place(snap, report)),
                "accounting_parents": accounting_parents(snap, subject).to_dict(),
                "gap": gap.to_dict() if gap else None}

    return state.results.json(("ubo", actor_id, day, t, at_least, rules.name, max_chains), answer)


@router.get("/actors/{actor_id}/owners", summary="Direct and indirect owners with integrated shares")
def get_owners(actor_id: str, day: date = Depends(as_of_param),
               min_share: str = Query("1", description="Smallest integrated share listed, percent."),
               kind: str = Query("shareholding", pattern="^(shareholding|voting_rights)$"),
               state: ApiState = Depends(get_state)):
    from kingmaker.analysis.ownership.beneficial import owners
    from kingmaker.analysis.structure import accounting_parents, ties_besides_owners
    from kingmaker.report import fmt

    actor_id = state.actor(actor_id).id
    cut = _percent(min_share, "min_share")

    def answer() -> dict:
        found = owners(state.graph(day), actor_id, cut, kind=kind)
        snap = state.snapshot(day)
        return {"subject": actor_id, "as_of": day.isoformat(), "kind": kind,
                "owners": _owner_dicts(found, state.names()),
                "accounting_parents": accounting_parents(snap, actor_id).to_dict(),
                # when none is recorded, what is (economic interests, control ties), as `kingmaker owners` says
                "ties_besides_owners": [] if found else fmt.ties(ties_besides_owners(snap, actor_id, kind), snap.name)}

    return state.results.json(("owners", actor_id, day, cut, kind), answer)
