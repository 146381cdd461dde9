"""JSON Schema (draft 2020-12) of the YAML case format, generated from the model so they cannot drift.

Editors (VS Code's YAML extension, IntelliJ) use it for completion and checking as a person types; the
loader itself validates with the model and gives line-precise messages. Regenerate the shipped copy
with ``python -m kingmaker.io.case_schema > src/kingmaker/schemas/case.schema.json``.
"""
from __future__ import annotations

import json
from typing import Any

from kingmaker.model import Actor, Claim, Designation, Evidence, Source
from kingmaker.model.event import EventKind
from kingmaker.model.ids import SLUG_PATTERN
from kingmaker.model.relation import ATTRS_BY_KIND

DATE = {"anyOf": [{"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?([T ].*)?$"},
                  {"type": "integer", "minimum": 1000, "maximum": 9999}],
        "description": "YYYY-MM-DD, or YYYY-MM / YYYY when only that is known"}
SLUG = {"type": "string", "pattern": SLUG_PATTERN}
NUMBER_TEXT = {"anyOf": [{"type": "number"}, {"type": "string"}]}
SHARE = {
    "description": 'percent 0–100: 49, "49%", "(25, 50]", ">25 <=50", or {exact|min|max|exclusive_min|exclusive_max}',
    "anyOf": [
        {"type": "number", "minimum": 0, "maximum": 100},
        {"type": "string"},
        {"type": "object", "additionalProperties": False, "properties": {
            k: {"type": "number", "minimum": 0, "maximum": 100}
            for k in ("exact", "min", "max", "exclusive_min", "exclusive_max", "minimum", "maximum",
                      "exclusiveMinimum", "exclusiveMaximum")} | {"note": {"type": "string"}}},
    ],
}
EVIDENCE_REFS = {"description": "evidence ids, or inline {source, quote, reference, reliability}",
                 "anyOf": [SLUG, {"type": "array", "items": {"anyOf": [SLUG, {"type": "object"}]}}]}

PAIR = {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 2, "maxItems": 2,
        "description": "two actor ids: of this file or of the store"}

RELATION_COMMON = {
    "id": SLUG, "kind": {"type": "string"}, "holder": SLUG, "subject": SLUG, "share": SHARE,
    "from": DATE, "to": DATE, "valid_from": DATE, "valid_to": DATE, "since": DATE, "until": DATE,
    "started_by": SLUG, "ended_by": SLUG, "evidence": EVIDENCE_REFS, "interest_type": {"type": "string"},
    "direct": {"type": "boolean"}, "beneficial": {"type": "boolean"}, "note": {"type": "string"},
    "evidence_for": {"type": "object", "description": "attribute -> the evidence ids that back it",
                     "additionalProperties": {"type": "array", "items": SLUG}},
}


def _model_props(model) -> tuple[dict[str, Any], list[str], dict[str, Any]]:
    schema = model.model_json_schema(mode="validation")
    return schema.get("properties", {}), schema.get("required", []), schema.get("$defs", {})


def relation_schema() -> tuple[dict[str, Any], dict[str, Any]]:
    variants, defs = [], {}
    for kind, attrs in ATTRS_BY_KIND.items():
        props, required, more_defs = _model_props(attrs)
        defs.update(more_defs)
        for name in props:  # shares and estimates are written in free forms the loader parses
            if name in ("share_of_need", "share_of_funding"):
                props[name] = SHARE
            if name in ("amount", "count"):
                props[name] = {"anyOf": [NUMBER_TEXT, {"type": "object"}]}
        variants.append({
            "if": {"properties": {"kind": {"const": kind.value}}},
            "then": {"properties": {**RELATION_COMMON, **props},
                     "required": ["id", "kind", "holder", "subject", *required],
                     "additionalProperties": False},
        })
    return {"type": "object", "required": ["id", "kind", "holder", "subject"],
            "properties": {"kind": {"enum": [k.value for k in ATTRS_BY_KIND]}},
            "allOf": variants}, defs


def case_json_schema() -> dict[str, Any]:
    relation, defs = relation_schema()
    actor_props, _, actor_defs = _model_props(Actor)
    defs.update(actor_defs)
    actor_props = {**actor_props, "name": {"type": "string"}, "lang": {"type": "string"},
                   "turnout": {"description": "share of the votes cast at general meetings: a percentage, or "
                                              "[{at, share, evidence, note}] per meeting",
                               "anyOf": [SHARE, {"type": "array", "items": {"$ref": "#/$defs/Turnout"}}]},
                   "aliases": {"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "object"}]}}}
    sections = {}
    for name, model in (("sources", Source), ("evidence", Evidence), ("claims", Claim), ("designations", Designation)):
        props, required, more = _model_props(model)
        defs.update(more)
        for d in ("date", "listed_from", "listed_to"):
            if d in props:
                props[d] = DATE
        sections[name] = {"type": "array", "items": {"type": "object", "properties": props,
                                                     "required": required, "additionalProperties": False}}
    event = {"type": "object", "required": ["id", "date", "kind", "title"], "additionalProperties": False,
             "properties": {"id": SLUG, "date": DATE, "kind": {"enum": [k.value for k in EventKind]},
                            "title": {"description": 'a text, or one per language: {en: "…", de: "…"}',
                                      "anyOf": [{"type": "string"}, {"type": "object", "minProperties": 1,
                                                                     "additionalProperties": {"type": "string"}}]},
                            "language": {"type": "string"}, "description": {"type": "string"},
                            "actors": {"type": "array", "items": SLUG}, "opens": {"type": "array", "items": SLUG},
                            "closes": {"type": "array", "items": SLUG}, "evidence": {"type": "array", "items": SLUG},
                            "vote": {"type": "object", "required": ["body"], "additionalProperties": False,
                                     "properties": {k: ({"type": "array", "items": SLUG} if k != "body" else SLUG)
                                                    for k in ("body", "yes", "no", "abstain", "absent")}}}}
    if "Estimate" in defs:
        defs["Estimate"] = {"anyOf": [NUMBER_TEXT, {"type": "object"}], "description": '747, "~650", "almost 700"'}
    if "Share" in defs:
        defs["Share"] = SHARE
    if "UnitInterval" in defs:
        defs["UnitInterval"] = {"description": '0.3, "[0.2, 0.5]" or {min: 0.2, max: 0.5}',
                                "anyOf": [{"type": "number", "minimum": 0, "maximum": 1}, {"type": "string"},
                                          {"type": "object"}]}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://kingmaker.invalid/schemas/case.schema.json",
        "title": "Kingmaker case file",
        "type": "object",
        "required": ["case"],
        "additionalProperties": False,
        "properties": {
            "case": {"type": "object", "required": ["id", "title"], "additionalProperties": False,
                     "properties": {"id": {"type": "string"}, "title": {"type": "string"},
                                    "description": {"type": "string"}, "language": {"type": "string"},
                                    "notes": {"type": "string"}}},
            **sections,
            "actors": {"type": "array", "items": {"type": "object", "required": ["id", "kind"],
                                                  "properties": actor_props, "additionalProperties": False}},
            "relations": {"type": "array", "items": relation},
            "events": {"type": "array", "items": event},
            "identity": {"type": "array", "description": "merges and splits stated by hand (docs/case-format.md)",
                         "items": {"type": "object", "additionalProperties": False,
                                   "properties": {"merge": PAIR, "split": PAIR, "note": {"type": "string"}},
                                   "oneOf": [{"required": ["merge"]}, {"required": ["split"]}]}},
        },
        "$defs": defs,
    }


if __name__ == "__main__":  # pragma: no cover
    print(json.dumps(case_json_schema(), indent=2, ensure_ascii=False))
