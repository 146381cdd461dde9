"""Write endpoints (bearer token): load a file, add a relation with evidence, close a relation.

Every write goes through the loader, so it is all-or-nothing and leaves a dataset with provenance: an
added relation becomes the case file ``api-edits/<dataset>.yaml`` next to the store, loaded as dataset
``case:api-<relation id>``; a closing's evidence is dataset ``case:api-close-<relation id>-<date>``.
"""
from __future__ import annotations

import hashlib
import json
import re
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Body, Depends, File, Form, UploadFile
from pydantic import BaseModel, Field

from kingmaker.api.auth import require_token
from kingmaker.api.deps import get_state
from kingmaker.api.problems import Conflict, NotFound
from kingmaker.api.state import ApiState, parse_day
from kingmaker.errors import UserError
from kingmaker.model import Relation
from kingmaker.serialize import relation_to_dict

router = APIRouter(prefix="/api", tags=["write (token)"], dependencies=[Depends(require_token)])


def _report(report) -> dict:
    return {"ok": True,
            "datasets": [{"id": r.dataset.id, "file": r.dataset.file, "status": r.status, "counts": r.counts}
                         for r in report.results],
            "warnings": [{k: v for k, v in w.__dict__.items() if v is not None} for w in report.warnings]}


def _edits_dir(state: ApiState) -> Path:
    base = state.km.path.parent if str(state.km.path) != ":memory:" else Path(tempfile.gettempdir())
    path = base / "api-edits"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _safe_name(name: str) -> str:
    """A file name for ``name`` (an upload's name, a dataset or relation id) that stays inside its folder:
    the whole name (never just its last path part), unsafe characters and leading dots replaced, and a
    short hash of the original whenever anything was replaced, so two ids never share a file."""
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", name).lstrip(".")[:100] or "upload"
    if safe != name:
        safe = f"{safe[:89]}-{hashlib.sha256(name.encode()).hexdigest()[:10]}"
    return safe


def _new_file(folder: Path, name: str, suffix: str) -> Path:
    """``folder/<safe name><suffix>``; a 409 if it exists (it belongs to another dataset: never overwritten)."""
    path = folder / f"{_safe_name(name)}{suffix}"
    if path.resolve().parent != folder.resolve():
        raise UserError(f"{name!r}: not usable as a file name")
    if path.exists():
        raise Conflict(f"{path.name} already exists in {folder}: choose another id")
    return path


@router.post("/load", status_code=201, summary="Load an uploaded file (case YAML, BODS, edges-csv, …)")
def load(file: UploadFile = File(...), format: str | None = Form(None),
         state: ApiState = Depends(get_state)) -> dict:
    data = file.file.read()
    # kept next to the store as the dataset's provenance (a temporary file would vanish after the load)
    folder = _edits_dir(state).parent / "api-uploads"
    folder.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256(data).hexdigest()[:12]
    name = Path(file.filename or "upload").name
    path = folder / f"{digest}-{_safe_name(name)}"
    existed = path.exists()
    if not existed:
        path.write_bytes(data)
    try:
        with state.write() as km:
            return _report(km.load(path, format=format or None))
    except BaseException:
        if not existed:
            path.unlink(missing_ok=True)
        raise


class EvidenceIn(BaseModel):
    id: str | None = None
    source: str
    quote: str | None = None
    reference: str | None = None
    reliability: str = "secondary"
    note: str | None = None


class NewRelation(BaseModel):
    relation: dict[str, Any] = Field(..., description="A relation as written in a case file (docs/case-format.md).",
                                     examples=[{"id": "x-owns-y", "kind": "shareholding", "holder": "x",
                                                "subject": "y", "share": 30, "from": "2024-01-01",
                                                "evidence": ["ev-x-y"]}])
    evidence: list[EvidenceIn] = Field(..., min_length=1)
    sources: list[dict[str, Any]] = Field(..., min_length=1, description="Sources the evidence cites.")


def _load_doc(state: ApiState, km, dataset: str, doc: dict) -> dict:
    path = _new_file(_edits_dir(state), dataset, ".yaml")
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")  # JSON is YAML
    try:
        return _report(km.load(path))
    except Exception:
        path.unlink(missing_ok=True)
        raise


def _stored(km, relation_id: str) -> Relation | None:
    row = km.store.con.execute("SELECT data FROM relations WHERE relation_id = ?", [relation_id]).fetchone()
    return Relation.model_validate_json(row[0]) if row else None


@router.post("/relations", status_code=201, summary="Add a relation with its evidence")
def add_relation(body: NewRelation, state: ApiState = Depends(get_state)) -> dict:
    rel = body.relation
    rid = str(rel.get("id") or "")
    if not rid:
        raise UserError("relation.id is required")
    ev_ids = [e.id or f"{rid}.ev{i + 1}" for i, e in enumerate(body.evidence)]
    evidence = [{**e.model_dump(exclude_none=True), "id": i} for e, i in zip(body.evidence, ev_ids)]
    rel = {**rel, "evidence": sorted(set(rel.get("evidence") or []) | set(ev_ids))}
    doc = {"case": {"id": f"api-{rid}", "title": f"Added through the API: {rid}"},
           "sources": body.sources, "evidence": evidence, "relations": [rel]}
    with state.write() as km:
        if _stored(km, rid) is not None:
            raise UserError(f"relation {rid!r} already exists; close it, or choose another id")
        report = _load_doc(state, km, f"api-{rid}", doc)
        created = _stored(km, rid)
    return {**report, "relation": relation_to_dict(created, state.names())}


class Closing(BaseModel):
    valid_to: str = Field(..., description="First day the relation no longer holds (YYYY-MM-DD).",
                          examples=["2024-07-10"])
    evidence: list[EvidenceIn] = Field(..., min_length=1)
    sources: list[dict[str, Any]] = Field(..., min_length=1)


@router.post("/relations/{relation_id}/close", summary="End a relation on a date, with evidence")
def close_relation(relation_id: str, body: Closing = Body(...), state: ApiState = Depends(get_state)) -> dict:
    from kingmaker.io.loader import LoadReport
    from kingmaker.io.registry import format_for

    day: date = parse_day(body.valid_to)
    tag = f"api-close-{relation_id}-{day.isoformat()}"
    ev_ids = [e.id or f"{tag}.ev{i + 1}" for i, e in enumerate(body.evidence)]
    evidence = [{**e.model_dump(exclude_none=True), "id": i} for e, i in zip(body.evidence, ev_ids)]
    with state.write() as km:
        stored = _stored(km, relation_id)
        if stored is None:
            raise NotFound(f"no relation {relation_id!r}")
        if stored.valid_to is not None and stored.valid_to <= day:
            raise UserError(f"relation {relation_id!r} already ended on {stored.valid_to}")
        path = _new_file(_edits_dir(state), tag, ".yaml")
        path.write_text(json.dumps({"case": {"id": tag, "title": f"Closing of {relation_id}"},
                                    "sources": body.sources, "evidence": evidence}, ensure_ascii=False, indent=1),
                        encoding="utf-8")  # JSON is YAML
        try:
            read = format_for(path, "case").read(path, km.store.actor_ids())
            closed, results = km.store.close_relation(relation_id, day, ev_ids, [(read.case, read.dataset)])
        except Exception:
            path.unlink(missing_ok=True)  # ours: _new_file refused to touch an existing one
            raise
    return {**_report(LoadReport(results, read.warnings)), "relation": relation_to_dict(closed, state.names())}
