"""Actors: list, get, search, ties on a date, neighbourhood subgraph."""
from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends, Query, Request

from kingmaker.api.deps import as_of_param, get_state
from kingmaker.api.graph import neighbourhood
from kingmaker.api.pagination import Page, page_params, paginated
from kingmaker.api.state import ApiState, parse_day
from kingmaker.errors import UserError
from kingmaker.model import Actor, ActorKind
from kingmaker.model.snapshot import Snapshot
from kingmaker.serialize import actor_to_dict, event_to_dict, evidence_to_dict, relation_to_dict, ties_payload

router = APIRouter(prefix="/api", tags=["actors"])


@router.get("/actors", summary="List actors (paginated, by id)")
def list_actors(request: Request, page: Page = Depends(page_params),
                kind: str | None = Query(None, description="Only actors of this kind (person, company, …)."),
                state: ApiState = Depends(get_state)) -> dict:
    if kind is not None and kind not in ActorKind.__members__:
        raise UserError(f"kind {kind!r}: use one of {', '.join(ActorKind.__members__)}")
    where, args = ("WHERE kind = ?", [kind]) if kind else ("", [])
    with state.read() as km:
        con = km.store.con
        total = con.execute(f"SELECT count(*) FROM actors {where}", args).fetchone()[0]
        actors = km.store.actors(kind, limit=page.limit, offset=page.offset)
    return paginated(request, page, [actor_to_dict(a) for a in actors], total)


@router.get("/search", summary="Find actors by name, alias, id or identifier")
def search(q: str = Query(..., min_length=1, max_length=200, description="Text to look for (case-insensitive)."),
           limit: int = Query(20, ge=1, le=100), state: ApiState = Depends(get_state)) -> dict:
    with state.read() as km:
        found = km.store.find_actors(q.strip(), limit)
        suggestions = [] if found else km.store.suggest_actors(q.strip())
    ql = q.strip().lower()
    # exact (alias) name matches first, then names starting with the text, then the rest (by id)
    rank = lambda a: (all(n.name.lower() != ql for n in a.names),
                      not any(n.name.lower().startswith(ql) for n in a.names), a.id)  # noqa: E731
    return {"query": q, "items": [actor_to_dict(a) for a in sorted(found, key=rank)],
            "suggestions": [actor_to_dict(a) for a in suggestions]}


@router.get("/actors/{actor_id}", summary="One actor, with the dates on which its ties change and the gaps in "
            "which it had no registered owner or controller")
def get_actor(actor_id: str, state: ApiState = Depends(get_state)):
    actor = state.actor(actor_id)

    def make() -> dict:
        with state.read() as km:
            rels = km.store.relations(actor=actor.id)
            events = km.store.events(actor=actor.id)
            gaps = km.gaps(actor)
        days = {d for r in rels for d in (r.valid_from, r.valid_to) if d} | {e.date for e in events}
        return {"actor": actor_to_dict(actor), "relations": len(rels),
                "dates": sorted(d.isoformat() for d in days),
                "events": [event_to_dict(e) for e in events],
                "gaps": [g.to_dict() for g in gaps]}

    return state.results.json(("actor", actor.id), make)


def local_snapshot(state: ApiState, actor: Actor, day: date) -> Snapshot:
    """A snapshot holding only ``actor``'s ties on ``day`` (and the actors, evidence, sources they name)."""
    with state.read() as km:
        return km.local_snapshot(actor, day)


@router.get("/actors/{actor_id}/ties", summary="An actor's ties in and out on a date, with evidence")
def ties(actor_id: str, day: date = Depends(as_of_param), state: ApiState = Depends(get_state)):
    """The shape of ``kingmaker show --json`` (docs/cli.md)."""
    actor = state.actor(actor_id)

    def make() -> dict:
        from kingmaker.report import fmt

        snap = local_snapshot(state, actor, day)
        ties = snap.ties_out(actor.id) + snap.ties_in(actor.id)
        with state.read() as km:
            prov = km.store.relation_provenance(r.id for r in ties)
        out = ties_payload(snap, actor.id, prov)
        for key in ("ties_in", "ties_out"):
            for tie in out.get(key, []):
                tie["label"] = fmt.both(fmt.relation_label, snap.relation(tie["id"]))
        return out

    return state.results.json(("ties", actor.id, day), make)


@router.get("/actors/{actor_id}/neighbourhood", summary="The subgraph around an actor on a date")
def get_neighbourhood(actor_id: str, day: date = Depends(as_of_param),
                      depth: int = Query(1, ge=1, le=3, description="Ties away from the actor (1–3)."),
                      max_nodes: int = Query(150, ge=2, le=1000),
                      compare: str | None = Query(None, description="An earlier date: mark the ties gained since "
                                                                     "then and return those lost."),
                      state: ApiState = Depends(get_state)) -> dict:
    actor_id = state.actor(actor_id).id
    before = state.snapshot(parse_day(compare)) if compare else None
    return neighbourhood(state.snapshot(day), actor_id, depth, max_nodes, before)


@router.get("/actors/{actor_id}/story", summary="The dates on which an actor's neighbourhood changes, the events "
                                                 "on them, and the union graph of all dates (for a stable layout)")
def get_story(actor_id: str, depth: int = Query(1, ge=1, le=3, description="Ties away from the actor (1–3)."),
              max_nodes: int = Query(150, ge=2, le=1000), state: ApiState = Depends(get_state)) -> dict:
    from kingmaker.api.graph import story

    actor_id = state.actor(actor_id).id

    def make() -> dict:
        with state.read() as km:
            actors = {a.id: a for a in km.store.actors()}
            events = km.store.events()
        return story(state.all_relations(), actors, events, actor_id, depth, max_nodes)

    return state.results.json(("story", actor_id, depth, max_nodes), make)


@router.get("/relations/{relation_id}/evidence", summary="The evidence behind one relation, with its sources")
def relation_evidence(relation_id: str, state: ApiState = Depends(get_state)) -> dict:
    from kingmaker.api.problems import NotFound
    from kingmaker.model import Relation

    with state.read() as km:
        row = km.store.con.execute("SELECT data FROM relations WHERE relation_id = ?", [relation_id]).fetchone()
        if row is None:
            raise NotFound(f"no relation {relation_id!r}")
        rel = Relation.model_validate_json(row[0])
        evidence = km.store.evidence(rel.evidence)
        sources = {s.id: s for s in km.store.sources({e.source for e in evidence})}
        prov = km.store.relation_provenance([relation_id])
    names = {k: v for k, v in state.names().items() if k in (rel.holder, rel.subject)}
    return {"relation": relation_to_dict(rel, names, prov),
            "evidence": [evidence_to_dict(e, sources) for e in evidence]}
