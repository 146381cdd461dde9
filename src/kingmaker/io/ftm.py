"""FollowTheMoney (FtM) entities in and out, with the ``followthemoney`` library
(https://followthemoney.tech/explorer/): the data model of OCCRP Aleph and OpenSanctions.

In: JSON Lines (or a JSON array) of entities ``{"id", "schema", "properties"}``. Parties —
``Person`` → person, ``Company`` → company, ``Organization`` → company, ``PublicBody`` → state body,
``LegalEntity`` → unknown (FtM does not say whether it is a person or an organisation) — become actors;
interval entities become relations holder → subject:

=================  ==========================  ===================================================
FtM schema         source → target             Kingmaker kind
=================  ==========================  ===================================================
Ownership          owner → asset               shareholding (``percentage`` parsed, text kept)
Control            controller → controlled     other_influence (controlType / role as description)
Directorship       director → organization     board_seat (chair if the role says so), else officer
Employment         employee → employer         employment
Membership         member → organization       membership
Representation     agent → client              other_influence ("represents")
UnknownLink        subject → object            other_influence (role as description)
=================  ==========================  ===================================================

Sanctions (OpenSanctions' format): a ``Sanction`` entity becomes a designation of its ``entity`` — the
list from its ``authority`` (or the record's OpenSanctions ``datasets``; see ``lists`` in
``kingmaker/model/designation_lists.yaml``), dated by ``listingDate``/``startDate`` and ``endDate``, its
``program`` kept; a party whose ``topics`` include ``sanction`` without such an entity is designated on
the lists its ``datasets`` name. An authority no list matches is kept as ``own:<authority>`` with a
warning.

Each entity's own properties are kept verbatim (actors: ``extra["ftm"]``; edges: their evidence
payload), so FtM → store → FtM gives the same entities back. Out: the same mapping in reverse,
each entity checked with followthemoney's own schema validation.
"""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any, Iterator

from followthemoney import model as ftm_model
from followthemoney.exc import InvalidData
from followthemoney.types import registry

from kingmaker.io.common import (CaseBuffer, Problems, StreamRead, as_reader, chunked, key, model_error,
                                 open_stream,
                                 payload_note, read_payload)
from kingmaker.io.compressed import inner_suffix
from kingmaker.io.jsonstream import JsonInputError, JsonRecords
from kingmaker.io.registry import Format, register
from kingmaker.model.kinds import FTM_SCHEMA
from kingmaker.model import (Actor, ActorKind, CaseInfo, Designation, Evidence, Name, Relation, RelationKind,
                             Reliability, Share, Source, Validity, parse_partial_date)
from kingmaker.model.designation import list_for_authority, list_for_dataset
from kingmaker.model.ids import slugify

PARTY_KINDS = {"Person": ActorKind.person, "Company": ActorKind.company, "Organization": ActorKind.company,
               "PublicBody": ActorKind.state_body, "LegalEntity": ActorKind.unknown}
EDGES = {  # schema: (source property, target property)
    "Ownership": ("owner", "asset"), "Control": ("controller", "controlled"),
    "Directorship": ("director", "organization"), "Employment": ("employee", "employer"),
    "Membership": ("member", "organization"), "Representation": ("agent", "client"),
    "UnknownLink": ("subject", "object"),
}
_RANGE = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*%?\s*(?:-|–|to)\s*(\d+(?:[.,]\d+)?)\s*%?\s*$")
_LOWER = re.compile(r"^\s*(more than|over|above|greater than|at least|min(?:imum)?)\s+(\d+(?:[.,]\d+)?)\s*%?\s*$", re.I)
_UPPER = re.compile(r"^\s*(less than|under|below|up to|at most|max(?:imum)?)\s+(\d+(?:[.,]\d+)?)\s*%?\s*$", re.I)


def parse_percentage(text: str) -> Share:
    """Read FtM's free-text ``percentage``: ``51%``, ``51,5``, ``25-50%``, ``more than 25%``, ``(25, 50]`` …"""
    t = text.strip().replace("\u00a0", " ")
    if m := _RANGE.match(t):
        return Share.interval(m.group(1).replace(",", "."), m.group(2).replace(",", "."))
    if m := _LOWER.match(t):
        word = m.group(1).lower()
        return Share.interval(m.group(2).replace(",", "."), None, lower_inclusive=word in ("at least", "min", "minimum"))
    if m := _UPPER.match(t):
        word = m.group(1).lower()
        return Share.interval(None, m.group(2).replace(",", "."), upper_inclusive=word in ("up to", "at most", "max",
                                                                                          "maximum"))
    if re.fullmatch(r"\s*\d+,\d+\s*%?\s*", t):
        t = t.replace(",", ".")
    return Share.parse(t)


def actor_id(entity_id: str) -> str:
    return f"ftm:{key(entity_id)}"


def _first(props: dict, name: str) -> str | None:
    vals = props.get(name) or []
    return vals[0] if vals and isinstance(vals[0], str) else None


def _date(props: dict, name: str):
    value = _first(props, name)
    return parse_partial_date(value)[0] if value else None


class _Reader:
    def __init__(self, path: Path, known: set[str], problems: Problems, ds: str):
        self.path, self.known, self.problems, self.ds = path, known, problems, ds
        self.source = Source(id=f"ftm:{ds}:src", title=f"FollowTheMoney entities in {path.name}")

    def entity(self, value: Any, line: int, label: str):
        if not isinstance(value, dict):
            self.problems.add("an FtM entity must be a JSON object", line=line, record=label)
            return None
        schema = ftm_model.get(value.get("schema")) if isinstance(value.get("schema"), str) else None
        if schema is None:
            self.problems.add(f"unknown FtM schema {value.get('schema')!r}", line=line, record=label, field="schema",
                              kind="unknown schema")
            return None
        if not isinstance(value.get("id"), str) or not value["id"]:
            self.problems.add("an FtM entity needs an id", line=line, record=label, field="id")
            return None
        props = value.get("properties") if isinstance(value.get("properties"), dict) else {}
        for name, vals in props.items():
            if schema.get(name) is None:
                self.problems.warn(f"property {name!r} is not part of schema {schema.name}; ignored", line=line,
                                   record=label, field=f"properties.{name}", kind="unknown property")
            elif not isinstance(vals, list) or not all(isinstance(v, str) for v in vals):
                self.problems.add("property values must be a list of strings", line=line, record=label,
                                  field=f"properties.{name}", kind="property not a list")
                return None
        return schema, props

    def party(self, value: dict, schema, props: dict, line: int, label: str) -> Actor | None:
        kind = PARTY_KINDS.get(schema.name) or next(
            (PARTY_KINDS[p] for p in ("Person", "Company", "Organization", "PublicBody", "LegalEntity")
             if schema.is_a(p)), None)
        if kind is None:
            return None
        names = [Name(name=n.strip()) for n in (props.get("name") or []) if n.strip()]
        names += [Name(name=n.strip(), type="alias") for n in (props.get("alias") or []) if n.strip()]
        if not names:
            names = [Name(name=f"{schema.name} {value['id']}")]
        identifiers = {}
        for prop, scheme in (("leiCode", "LEI"), ("registrationNumber", "registration"), ("taxNumber", "tax"),
                             ("innCode", "RU-INN"), ("ogrnCode", "RU-OGRN"), ("idNumber", "id")):
            if _first(props, prop):
                identifiers[scheme] = _first(props, prop)
        try:
            return Actor(id=actor_id(value["id"]), kind=kind, names=tuple(names), identifiers=identifiers,
                         jurisdiction=_first(props, "jurisdiction") or _first(props, "country"),
                         extra={"ftm": {"id": value["id"], "schema": schema.name, "properties": props}})
        except ValueError as exc:
            self.problems.add(f"cannot read this party: {model_error(exc)}", line=line, record=label)
            return None

    def edge(self, value: dict, schema, props: dict, line: int, label: str, buf: CaseBuffer, parties: set[str]):
        src_prop, dst_prop = EDGES[schema.name]
        ends = []
        for prop in (src_prop, dst_prop):
            ref = _first(props, prop)
            if ref is None:
                self.problems.add(f"{schema.name} has no {prop}", line=line, record=label, field=f"properties.{prop}")
                return
            aid = actor_id(ref)
            if aid not in parties and aid not in self.known:
                parties.add(aid)
                buf.actors.append(Actor(id=aid, kind=ActorKind.unknown, names=(Name(name=f"FtM entity {ref}"),),
                                        description=f"referenced in {self.path.name} but not described there",
                                        extra={"ftm": {"id": ref, "placeholder": True}}))
                self.problems.warn(f"{prop} {ref!r} is not described in this file or the store; kept as an "
                                   "unknown party", line=line, record=label, field=f"properties.{prop}",
                                   kind="dangling reference")
            ends.append(aid)
        role = _first(props, "role")
        attrs: dict[str, Any] = {}
        share = None
        interest = schema.name
        if schema.name == "Ownership":
            kind = RelationKind.shareholding
            interest = _first(props, "ownershipType") or "Ownership"
            text = _first(props, "percentage")
            if text:
                try:
                    share = parse_percentage(text)
                except ValueError as exc:
                    self.problems.warn(f"percentage {text!r} is not a share from 0 to 100 % ({model_error(exc)}); "
                                       "kept as text only", line=line, record=label, field="properties.percentage",
                                       kind="unreadable percentage")
        elif schema.name == "Directorship":
            low = (role or "").lower()
            if "chair" in low:
                kind, attrs = RelationKind.board_seat, {"role": "chair"}
            elif not low or "director" in low or "board" in low:
                kind, attrs = RelationKind.board_seat, {"role": "director"}
            else:
                kind, attrs = RelationKind.officer, {"role": role}
        elif schema.name == "Employment":
            kind, attrs = RelationKind.employment, ({"role": role} if role else {})
        elif schema.name == "Membership":
            kind, attrs = RelationKind.membership, ({"role": role} if role else {})
        else:
            kind = RelationKind.other_influence
            what = _first(props, "controlType") or role or {"Representation": "represents", "UnknownLink": "link",
                                                            "Control": "control"}[schema.name]
            attrs = {"description": what}
        try:
            validity = Validity(valid_from=_date(props, "startDate"), valid_to=_date(props, "endDate"))
        except ValueError as exc:
            self.problems.add(f"dates: {model_error(exc)}", line=line, record=label, field="properties.endDate",
                              hint="dates out of order or not a date")
            return
        ev = Evidence(id=f"ftm:{self.ds}:e:{key(value['id'])}", source=self.source.id, reference=value["id"],
                      reliability=Reliability.secondary, note=payload_note("ftm", value))
        try:
            rel = Relation(id=f"ftm:{self.ds}:{key(value['id'])}", kind=kind, holder=ends[0], subject=ends[1],
                           share=share, validity=validity, evidence=(ev.id,), interest_type=interest,
                           note=_first(props, "summary") or _first(props, "description"), attrs=attrs)
        except ValueError as exc:
            self.problems.add(f"cannot read this {schema.name}: {model_error(exc)}", line=line, record=label)
            return
        buf.relations.append(rel)
        buf.evidence.append(ev)

    def _list(self, authority: str | None, datasets: list, line: int, label: str) -> list[str]:
        found = list_for_authority(authority) if authority else None
        if found:
            return [found]
        lists = list(dict.fromkeys(x for x in (list_for_dataset(str(d)) for d in datasets or ()) if x))
        if lists or not authority:
            return lists
        own = f"own:{slugify(authority)[:60]}"
        self.problems.warn(f"sanctions authority {authority!r} is not one of the known lists; kept as {own!r} "
                           f"(screen it with --list {own})", line=line, record=label, field="properties.authority",
                           kind="unknown sanctions authority")
        return [own]

    def sanction(self, value: dict, props: dict, line: int, label: str, buf: CaseBuffer, parties: set[str]) -> set:
        """A ``Sanction`` entity as designations; returns the (actor, list) pairs it designates."""
        ref = _first(props, "entity")
        if ref is None:
            self.problems.add("Sanction has no entity", line=line, record=label, field="properties.entity")
            return set()
        aid = actor_id(ref)
        if aid not in parties and aid not in self.known:
            self.problems.warn(f"sanctioned entity {ref!r} is not described in this file or the store; this "
                               "designation is left out", line=line, record=label, field="properties.entity",
                               kind="unknown designated actor")
            return set()
        lists = self._list(_first(props, "authority"), value.get("datasets") or [], line, label)
        if not lists:
            self.problems.warn("Sanction names no authority or dataset: no list to record it on; left out",
                               line=line, record=label, field="properties.authority", kind="sanction without list")
            return set()
        try:
            listed_from = _date(props, "listingDate") or _date(props, "startDate")
            listed_to = _date(props, "endDate")
        except ValueError as exc:
            self.problems.add(f"dates: {model_error(exc)}", line=line, record=label, field="properties.startDate")
            return set()
        ev = Evidence(id=f"ftm:{self.ds}:e:{key(value['id'])}", source=self.source.id, reference=value["id"],
                      reliability=Reliability.secondary, note=payload_note("ftm", value))
        buf.evidence.append(ev)
        out = set()
        for lst in lists:
            try:
                buf.designations.append(Designation(
                    id=f"ftm:{self.ds}:{key(value['id'])}" + ("" if len(lists) == 1 else f":{lst}"), actor=aid,
                    list=lst, listed_from=listed_from, listed_to=listed_to, program=_first(props, "program"),
                    evidence=(ev.id,), note=_first(props, "reason") or _first(props, "summary")))
            except ValueError as exc:
                self.problems.add(f"cannot read this Sanction: {model_error(exc)}", line=line, record=label)
                continue
            out.add((aid, lst))
        return out

    def topic_designations(self, value: dict, actor: Actor, line: int, label: str, buf: CaseBuffer, done: set) -> None:
        """A party tagged with the ``sanction`` topic and no Sanction entity: designated on the lists its
        OpenSanctions ``datasets`` name (dates unknown)."""
        lists = self._list(None, value.get("datasets") or [], line, label)
        if not lists and not any(a == actor.id for a, _ in done):
            self.problems.warn("tagged 'sanction' but its datasets name no known list and no Sanction entity "
                               "says which; not recorded as a designation", line=line, record=label,
                               field="properties.topics", kind="sanction topic without list")
        for lst in lists:
            if (actor.id, lst) not in done:
                buf.designations.append(Designation(id=f"ftm:{self.ds}:topic:{key(value['id'])}:{lst}", actor=actor.id,
                                                    list=lst, note="from the FtM topic 'sanction'"))


def _emit(path: Path, known: set[str], problems: Problems, info: CaseInfo, ds: str) -> Iterator:
    reader = _Reader(path, known, problems, ds)
    buf = CaseBuffer(info)
    buf.sources.append(reader.source)

    def steps() -> Iterator[None]:
        parties: set[str] = set()
        edges: list[tuple] = []
        sanctions: list[tuple] = []
        tagged: list[tuple] = []
        seen: dict[str, int] = {}
        try:
            for rec in JsonRecords(path):
                label = f"line {rec.line}"
                got = reader.entity(rec.value, rec.line, label)
                if got is None:
                    continue
                schema, props = got
                eid = rec.value["id"]
                label = f"entity {eid}"
                if eid in seen:
                    problems.add(f"duplicate entity id (first on line {seen[eid]})", line=rec.line, record=label,
                                 field="id", kind="duplicate id")
                    continue
                seen[eid] = rec.line
                if schema.name in EDGES:
                    edges.append((rec.value, schema, props, rec.line, label))
                    continue
                if schema.name == "Sanction":
                    sanctions.append((rec.value, props, rec.line, label))
                    continue
                actor = reader.party(rec.value, schema, props, rec.line, label)
                if actor is None:
                    problems.warn(f"schema {schema.name} is not a party to control ties; skipped", line=rec.line,
                                  record=label, field="schema", kind=f"skipped {schema.name}")
                    continue
                parties.add(actor.id)
                buf.actors.append(actor)
                if "sanction" in (props.get("topics") or []):
                    tagged.append((rec.value, actor, rec.line, label))
                yield None
        except JsonInputError as exc:
            problems.extend([exc.problem])
        for value, schema, props, line, label in edges:  # edges after all parties: references resolve
            reader.edge(value, schema, props, line, label, buf, parties)
            yield None
        designated: set = set()
        for value, props, line, label in sanctions:
            designated |= reader.sanction(value, props, line, label, buf, parties)
            yield None
        for value, actor, line, label in tagged:
            reader.topic_designations(value, actor, line, label, buf, designated)
            yield None

    yield from chunked(buf, problems, steps())


def stream(path: Path, known_actors: set[str] | None = None, *, sha256: str | None = None) -> StreamRead:
    return open_stream("ftm", path, f"FollowTheMoney entities in {Path(path).name}", _emit, known_actors, sha256=sha256)


def declared_actors(path: Path) -> set[str]:
    out = set()
    try:
        for rec in JsonRecords(Path(path)):
            v = rec.value
            if isinstance(v, dict) and isinstance(v.get("id"), str) and isinstance(v.get("schema"), str) \
                    and v["schema"] in PARTY_KINDS:
                out.add(actor_id(v["id"]))
    except (JsonInputError, OSError):
        pass
    return out


def detect(path: Path, head: bytes) -> bool:
    if inner_suffix(path) not in (".json", ".jsonl", ".ndjson", ".ftm", ""):
        return False
    return b'"schema"' in head and b'"properties"' in head and b'"statementId"' not in head


# -- writing ------------------------------------------------------------------------------------------
SCHEMA_FOR_KIND = {ActorKind.person: "Person", ActorKind.company: "Company", ActorKind.nonprofit: "Organization",
                   ActorKind.partnership: "Organization", ActorKind.fund: "Company", ActorKind.state: "PublicBody",
                   ActorKind.state_body: "PublicBody", ActorKind.group: "Organization",
                   ActorKind.unknown: "LegalEntity"}
IDENT_PROPS = {"LEI": "leiCode", "registration": "registrationNumber", "GB-COH": "registrationNumber",
               "tax": "taxNumber", "RU-INN": "innCode", "RU-OGRN": "ogrnCode", "id": "idNumber"}


def ftm_entity_id(value: str) -> str:
    """``value`` as an FtM entity id: itself where FtM accepts it (letters, digits, ``.`` and ``-``:
    ``followthemoney.types.registry.entity``), else those characters of it and a short hash that keeps
    different ids apart. FtM drops an edge's end whose id it does not accept, so a Kingmaker id such as
    ``lei:5493…`` or ``gb-coh:01234567`` written as it is left every tie to it without that end.

    >>> ftm_entity_id("openai-inc"), ftm_entity_id("gb-coh:01234567")
    ('openai-inc', 'gb-coh-01234567-5ebef89283')
    """
    if registry.entity.validate(value) and len(value) <= registry.entity.max_length:
        return value
    slug = re.sub(r"[^0-9A-Za-z.-]+", "-", value).strip(".-")[:150] or "id"
    return f"{slug}-{hashlib.sha256(value.encode()).hexdigest()[:10]}"


def _ftm_id(actor: Actor | None, fallback: str) -> str:
    ftm = (actor.extra.get("ftm") if actor else None) or {}
    return ftm.get("id") if isinstance(ftm.get("id"), str) else ftm_entity_id(fallback)


def party_entity(a: Actor) -> dict:
    ftm = a.extra.get("ftm") or {}
    if isinstance(ftm.get("properties"), dict) and ftm.get("schema"):
        return {"id": ftm["id"], "schema": ftm["schema"], "properties": ftm["properties"]}
    proxy = ftm_model.make_entity(SCHEMA_FOR_KIND[a.kind])
    proxy.id = ftm_entity_id(a.id)
    proxy.add("name", a.name)
    for n in a.names[1:]:
        proxy.add("alias", n.name)
    if a.jurisdiction:
        proxy.add("jurisdiction", a.jurisdiction, quiet=True)
    for scheme, value in a.identifiers.items():
        if scheme in IDENT_PROPS and proxy.schema.get(IDENT_PROPS[scheme]):
            proxy.add(IDENT_PROPS[scheme], value, quiet=True)
    notes = []
    if a.unspecified_reason:
        notes.append(f"unspecified party, reason: {a.unspecified_reason.value}")
    if a.unspecified_description:
        notes.append(a.unspecified_description)
    if a.description:
        notes.append(a.description)
    if notes:
        proxy.add("notes", "\n".join(notes))
    return proxy.to_dict()





def edge_entity(r: Relation, actors: dict[str, Actor], evidence: dict[str, Evidence]) -> dict:
    for e in r.evidence:
        if e in evidence and (raw := read_payload(evidence[e], "ftm")):
            out = {"id": raw["id"], "schema": raw["schema"], "properties": dict(raw.get("properties") or {})}
            if r.valid_to and not out["properties"].get("endDate"):
                out["properties"]["endDate"] = [r.valid_to.isoformat()]
            return out
    schema = FTM_SCHEMA[r.kind]
    src, dst = EDGES[schema]
    proxy = ftm_model.make_entity(schema)
    proxy.id = ftm_entity_id(r.id)
    proxy.add(src, _ftm_id(actors.get(r.holder), r.holder))
    proxy.add(dst, _ftm_id(actors.get(r.subject), r.subject))
    if r.valid_from:
        proxy.add("startDate", r.valid_from.isoformat())
    if r.valid_to:
        proxy.add("endDate", r.valid_to.isoformat())
    role = getattr(r.attrs, "role", None) or getattr(r.attrs, "description", None)
    if schema == "Ownership":
        if r.share is not None:
            proxy.add("percentage", f"{r.share.lower}" if r.share.is_exact else str(r.share))
        proxy.add("ownershipType", r.interest_type or r.kind.value.replace("_", " "))
    elif schema == "Control":
        proxy.add("controlType", r.interest_type or r.kind.value.replace("_", " "))
    if role:
        proxy.add("role", str(role))
    if schema == "UnknownLink":
        proxy.add("role", r.kind.value)
    if r.note:
        proxy.add("summary", r.note)
    return proxy.to_dict()


def write_ftm(path: Path | str, actors: dict[str, Actor], relations: list[Relation],
              evidence: dict[str, Evidence]) -> dict:
    """Write FtM entities as JSON Lines, each checked by followthemoney's schema validation."""
    invalid = []
    n = 0
    with open(path, "w", encoding="utf-8") as fh:
        for a in sorted(actors.values(), key=lambda a: a.id):
            if (a.extra.get("ftm") or {}).get("placeholder"):
                continue
            n += _write_one(fh, party_entity(a), invalid)
        for r in relations:
            n += _write_one(fh, edge_entity(r, actors, evidence), invalid)
    return {"entities": n, "invalid": invalid}


def _write_one(fh, entity: dict, invalid: list) -> int:
    schema = ftm_model.get(entity["schema"])
    try:
        schema.validate(entity)
    except InvalidData as exc:
        invalid.append(f"{entity['id']}: {exc}")
    fh.write(json.dumps(entity, ensure_ascii=False, sort_keys=True) + "\n")
    return 1


read = as_reader(stream)
register(Format("ftm", "FollowTheMoney entities (JSON Lines), e.g. from Aleph or OpenSanctions", detect, read,
                declared_actors))

