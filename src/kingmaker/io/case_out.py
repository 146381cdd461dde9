"""Write a selection of the store back as a YAML case file (docs/case-format.md) that loads again.

The inverse of :mod:`kingmaker.io.case_yaml`: every field the case format can hold — kind-specific
attributes, intervals, estimates, turnouts, a group's origin — is written in a form the reader accepts,
so ``load → export --format case → load`` gives the same actors, relations, evidence and sources.
Events and claims are not part of an export selection; the dates they set are written on the relations.

>>> from kingmaker.model import Actor
>>> actor_record(Actor(id="a", kind="company", names=[{"name": "A Ltd"}], board_size=5))
{'id': 'a', 'kind': 'company', 'name': 'A Ltd', 'board_size': 5}
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from kingmaker.model import Actor, Evidence, Relation, Source
from kingmaker.model.time import format_partial_date


def actor_record(a: Actor) -> dict[str, Any]:
    data = a.model_dump(mode="json", exclude_defaults=True)
    names = data.pop("names")
    if len(names) == 1 and set(names[0]) == {"name"}:
        out = {"id": data.pop("id"), "kind": data.pop("kind"), "name": names[0]["name"]}
    else:
        out = {"id": data.pop("id"), "kind": data.pop("kind"), "names": names}
    out.update(data)
    return out


def relation_record(r: Relation) -> dict[str, Any]:
    out: dict[str, Any] = {"id": r.id, "kind": r.kind.value, "holder": r.holder, "subject": r.subject}
    if r.share is not None:
        out["share"] = r.share.model_dump(mode="json")
    v = r.validity
    if v.valid_from is not None:
        out["from"] = format_partial_date(v.valid_from, v.from_precision)
    if v.valid_to is not None:
        out["to"] = format_partial_date(v.valid_to, v.to_precision)
    for name in ("interest_type", "direct", "beneficial", "note"):
        if getattr(r, name) is not None:
            out[name] = getattr(r, name)
    out.update(r.attributes())
    if r.evidence:
        out["evidence"] = list(r.evidence)
    if r.evidence_for:  # which evidence backs which attribute (an estimate's source): was lost on export
        out["evidence_for"] = {name: list(ids) for name, ids in r.evidence_for.items()}
    return out


def case_document(actors: list[Actor], relations: list[Relation], evidence: list[Evidence],
                  sources: list[Source], case_id: str = "export", title: str = "Kingmaker export") -> dict:
    return {
        "case": {"id": case_id, "title": title},
        "sources": [s.model_dump(mode="json", exclude_none=True) for s in sources],
        "evidence": [e.model_dump(mode="json", exclude_none=True) for e in evidence],
        "actors": [actor_record(a) for a in actors],
        "relations": [relation_record(r) for r in relations],
    }


def write_case_yaml(path: Path, sel) -> dict:
    """Write an export :class:`~kingmaker.io.export.Selection` as a case file."""
    doc = case_document(sorted(sel.actors.values(), key=lambda a: a.id), list(sel.relations),
                        sorted(sel.evidence.values(), key=lambda e: e.id),
                        sorted(sel.sources.values(), key=lambda s: s.id),
                        title="Kingmaker export" + (f" as of {sel.as_of}" if sel.as_of else ""))
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    with open(path, "w", encoding="utf-8") as fh:
        yaml.dump(doc, fh)
    return {"sources": len(doc["sources"]), "evidence": len(doc["evidence"])}
