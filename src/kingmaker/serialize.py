"""Plain-JSON views of model objects: the shapes documented in docs/cli.md, shared by CLI and API."""
from __future__ import annotations

from typing import Any, Mapping

from kingmaker.model import Actor, Event, Evidence, Relation, Share, Source
from kingmaker.model.snapshot import Snapshot


def share_to_dict(share: Share | None) -> dict | None:
    if share is None:
        return None
    return {
        "exact": float(share.lower) if share.is_exact else None,
        "min": None if share.lower is None else float(share.lower),
        "max": None if share.upper is None else float(share.upper),
        "min_inclusive": share.lower_inclusive,
        "max_inclusive": share.upper_inclusive,
        "text": str(share),
    }


def actor_to_dict(a: Actor) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": a.id, "kind": a.kind.value, "name": a.name,
        "names": [n.model_dump(exclude_none=True) for n in a.names],
        "identifiers": dict(a.identifiers), "jurisdiction": a.jurisdiction,
    }
    if a.size is not None:
        out["size"] = a.size
        out["size_approximate"] = a.size_approximate
    if a.unspecified_reason is not None:
        out["unspecified_reason"] = a.unspecified_reason.value
        out["unspecified_description"] = a.unspecified_description
    if a.description:
        out["description"] = a.description
    if a.origin:
        out["origin"] = a.origin
    if a.board_size:
        out["board_size"] = a.board_size
    if a.turnout:
        out["turnout"] = [t.model_dump(mode="json", exclude_none=True) for t in a.turnout]
    return out


def relation_to_dict(r: Relation, names: Mapping[str, str] | None = None,
                     provenance: Mapping[str, str] | None = None) -> dict[str, Any]:
    names = names or {}
    out = {
        "id": r.id, "kind": r.kind.value,
        "holder": r.holder, "holder_name": names.get(r.holder, r.holder),
        "subject": r.subject, "subject_name": names.get(r.subject, r.subject),
        "valid_from": r.valid_from.isoformat() if r.valid_from else None,
        "valid_to": r.valid_to.isoformat() if r.valid_to else None,
        "share": share_to_dict(r.share),
        "attributes": r.attributes(),
        "evidence": list(r.evidence),
    }
    for opt in ("interest_type", "direct", "beneficial", "note", "started_by", "ended_by"):
        value = getattr(r, opt)
        if value is not None:
            out[opt] = value
    if provenance and r.id in provenance:
        out["dataset"] = provenance[r.id]
    return out


def evidence_to_dict(e: Evidence, sources: Mapping[str, Source] | None = None) -> dict[str, Any]:
    out = e.model_dump(mode="json", exclude_none=True)
    src = (sources or {}).get(e.source)
    if src is not None:
        out["source_detail"] = src.model_dump(mode="json", exclude_none=True)
    return out


def event_to_dict(e: Event) -> dict[str, Any]:
    return e.model_dump(mode="json", exclude_none=True)


def ties_payload(snap: Snapshot, actor_id: str, provenance: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The shape of ``kingmaker show --json`` (docs/cli.md): an actor's board, ties in and out on the
    snapshot's date, and the evidence they cite."""
    names = {a.id: a.name for a in snap.actors.values()}
    board = [{"holder": s.holder, "name": names.get(s.holder, s.holder), "role": s.role, "voting": s.voting,
              "relation": s.id} for s in snap.board(actor_id)]
    cited = sorted({e for r in snap.ties_out(actor_id) + snap.ties_in(actor_id) for e in r.evidence})
    return {
        "actor": actor_to_dict(snap.actor(actor_id)),
        "as_of": snap.as_of.isoformat(),
        "board": board,
        "ties_out": [relation_to_dict(r, names, provenance) for r in snap.ties_out(actor_id)],
        "ties_in": [relation_to_dict(r, names, provenance) for r in snap.ties_in(actor_id)],
        "evidence": [evidence_to_dict(snap.evidence[e], snap.sources) for e in cited if e in snap.evidence],
    }
