"""Beneficial Ownership Data Standard in: BODS 0.4 statements (https://standard.openownership.org/en/0.4.0/)
and, upgraded on the fly, BODS 0.3/0.2 (:mod:`kingmaker.io.bods.v03`).

Two streaming passes; memory grows with the number of records (an index entry each), not with the
statements, which are parsed one at a time:

1. *index*: parse each statement, check it against the BODS 0.4 schema (shipped in
   ``kingmaker/data/bods/0.4``), and note per ``recordId`` its type and which statement is the latest
   (by ``statementDate``, then file order), and for relationship records with several statements each
   one's date and interest dates. The check is two-tier: a compiled yes/no validator
   (:class:`~kingmaker.jsonschema.checker.FastSchemaSet`) passes the valid statements, and only those it
   rejects go through the precise checker that names every failing field.
2. *map*: parse again and turn each entity and person record's latest statement into an actor, and
   every statement of a relationship record into relations (one per interest), each holding only while
   its statement was the record's current one (:func:`series_windows`: full history) — written in
   chunks (:class:`kingmaker.io.common.StreamRead`). Bulk loads (``stream``, the default) build the
   store's rows directly (:class:`_RowMapper`: the same mapping code, no pydantic model per record,
   JSON written by pydantic's own serializer); ``read`` builds models. Both give identical stores.

Mapping (docs/formats.md, "BODS"): a ``closed`` record ends its relations on its ``statementDate``;
each interest type becomes a relation kind (:data:`INTEREST_KINDS`; unknown codes become
``other_influence`` and keep the code verbatim in ``interest_type``); ``directOrIndirect`` →
``direct``; ``beneficialOwnershipOrControl`` → ``beneficial``; inline unspecified parties become
actors of kind ``unknown`` with their ``reason`` and ``description`` word for word. Each relationship
statement becomes an :class:`Evidence` (reference: the statementId) pointing to a :class:`Source` built
from the statement's ``source`` and publisher; annotations become evidence with their description as
the quote. Entity and person statements are kept verbatim in ``Actor.extra["bods"]`` and relationship
statements in their evidence payload, so that export gives back what came in.
"""
from __future__ import annotations

import json
import os
import re
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache, partial
from pathlib import Path
from typing import Any, NamedTuple

import orjson
from pydantic_core import to_json, to_jsonable_python

from kingmaker.io.bods import v03 as bods03
from kingmaker.io.bods.lifecycle import Lifecycle
from kingmaker.io.common import (
    CHUNK_SIZE,
    CaseBuffer,
    Problems,
    StreamRead,
    as_reader,
    chunked,
    file_dataset_id,
    key,
    model_error,
    open_stream,
    payload_note,
    text_or_none,
)
from kingmaker.io.compressed import data_size, inner_suffix, peek
from kingmaker.io.bods.schema import SCHEMA_DIR, SCHEMA_FILES, statement_checker, statement_validator  # noqa: F401 (re-exported)
from kingmaker.io.jsonstream import JsonInputError, JsonRecords
from kingmaker.io.progress import progress
from kingmaker.io.registry import Format, register
from kingmaker.jsonschema.checker import format_path
from kingmaker.model.kinds import BODS_INTEREST_KINDS
from kingmaker.model import (
    Actor,
    ActorKind,
    CaseInfo,
    Evidence,
    Name,
    Relation,
    RelationKind,
    Reliability,
    Share,
    Source,
    UnspecifiedReason,
    Validity,
    parse_partial_date,
)
from kingmaker.model.relation import ATTRS_BY_KIND, SHARE_KINDS
from kingmaker.store.store import PreparedActor, PreparedEvidence, PreparedRelation


#: BODS 0.4 interestType code → (relation kind, attributes), from the one declaration of kinds
#: (``bods_in`` in model/relation_kinds.yaml). Every code of the codelist is there; tests check that.
INTEREST_KINDS = BODS_INTEREST_KINDS

#: a relationship record without interests, and an interest without a type
NO_INTERESTS = (RelationKind.other_influence, {"description": "relationship with no stated interests"})
UNTYPED_INTEREST = (RelationKind.other_influence, {"description": "interest of unstated type"})


def details_describe(kind: RelationKind, attrs: dict) -> bool:
    """Whether an interest's ``details`` text becomes the relation's description (else its note)."""
    return "description" in attrs or kind in (RelationKind.economic_interest, RelationKind.appointment_right)


ENTITY_KINDS = {
    "registeredEntity": ActorKind.company, "legalEntity": ActorKind.company, "arrangement": ActorKind.fund,
    "anonymousEntity": ActorKind.unknown, "unknownEntity": ActorKind.unknown, "state": ActorKind.state,
    "stateBody": ActorKind.state_body,
}

#: schema problems at these paths make a statement unmappable: they reject the file (errors);
#: all other schema problems are warnings.
_FATAL_PATHS = re.compile(
    r"^(recordId|recordType|recordDetails|recordDetails\.(subject|interestedParty)"
    r"|recordDetails\.interests(\[\d+\])?|recordDetails\.interests\[\d+\]\.(share(\.\w+)?|startDate|endDate))$"
)
_RELIABILITY = {"officialRegister": Reliability.primary, "verified": Reliability.primary,
                "selfDeclaration": Reliability.primary, "thirdParty": Reliability.secondary,
                "primaryResearch": Reliability.secondary}


def reliability_of(source: Any) -> Reliability:
    """A statement's reliability from its ``source.type`` list (the strongest type named wins)."""
    types = source.get("type") if isinstance(source, dict) else None
    types = types if isinstance(types, list) else []
    return next((_RELIABILITY[t] for t in ("verified", "officialRegister", "selfDeclaration", "thirdParty",
                                           "primaryResearch") if t in types), Reliability.secondary)


def actor_id(record_id: str) -> str:
    return f"bods:{key(record_id)}"


# -- record series: every statement of a relationship record holds for a period of its own -----------
class Window(NamedTuple):
    """The period in which one statement of a relationship record is the record's current statement.

    ``start`` (inclusive) and ``end`` (exclusive; ``None``: open); ``later``: how many statements of the
    record take effect after it (its relations' ids end in ``:s<later>`` unless 0); ``successor``: the
    key (statementId, else recordId) of the statement that took over from it, whose evidence its relations
    also carry (the statement that ended them: a ``closed`` statement maps to nothing itself)."""

    start: date | None
    end: date | None
    later: int
    successor: str | None


def series_windows(entries: list[tuple], own_ids: bool = False) -> dict[int, Window]:
    """The :class:`Window` of each statement of one record, ``entries`` being (statementDate text, position in
    the file, the start and end dates of its interests as text, key) in any order.

    The statements are ordered by statementDate, then file order (the latest is the record's current
    statement, as BODS 0.4 "Information updates" requires). Each takes effect on its statement date — or
    earlier, on the first start or end date of its interests after the previous statement's date: a
    statement filed after the change it reports (tecido.json: Shear Trust's 60 % from 2021-09-24, filed
    2021-09-25; fermcat.json: the holding that ended 2021-04-03, closed 2021-09-11) — and holds until the
    next one takes effect; the first has no start, the latest no end. ``own_ids`` (BODS 0.3, where each
    statement is its own record): no id suffixes. The DuckDB lane computes the same in SQL
    (:meth:`kingmaker.io.bods.sql_lane.BodsSqlLoad._index`).

    >>> w = series_windows([("2021-09-25", 5, ("2021-09-24",), "b"), ("2019-01-20", 2, ("2002-03-09",), "a")])
    >>> w[2], w[5]
    (Window(start=None, end=datetime.date(2021, 9, 24), later=1, successor='b'), Window(start=datetime.date(2021, 9, 24), end=None, later=0, successor=None))
    """
    entries = sorted(entries, key=lambda e: (e[0], e[1]))
    starts: list[date | None] = [None]
    for prev, cur in zip(entries, entries[1:]):
        day, prev_day = _date_or_none(cur[0]), _date_or_none(prev[0])
        changes = [d for d in map(_date_or_none, cur[2]) if d is not None and (prev_day is None or d > prev_day)]
        starts.append(min(day, *changes) if day is not None and changes else day)
    n = len(entries)
    return {e[1]: Window(starts[k], starts[k + 1] if k + 1 < n else None, 0 if own_ids else n - 1 - k,
                         entries[k + 1][3] if k + 1 < n else None)
            for k, e in enumerate(entries)}


# -- pass 1: the index --------------------------------------------------------------------------------
@dataclass
class Index:
    """What pass 1 learnt: per record its type and latest statement; which statements to map."""

    records: dict[str, tuple] = field(default_factory=dict)  # recordId → (type, date, index, status, interest dates)
    replaced: set[int] = field(default_factory=set)  # indices of 0.3 statements replaced by others
    aliases: dict[str, str] = field(default_factory=dict)  # replaced 0.3 statementID → replacing one
    statements: int = 0
    version: str = "0.4"
    problems: list = field(default_factory=list)
    error_count: int = 0
    #: relationship records with several statements: recordId → [(statementDate, index, interest dates, key)]
    history: dict[str, list[tuple]] = field(default_factory=dict)
    #: statement index → its :class:`Window`, for the statements of those records
    windows: dict[int, "Window"] = field(default_factory=dict)

    def chosen(self, index: int, record_id: str) -> bool:
        if index in self.windows:
            return True
        rec = self.records.get(record_id)
        return rec is not None and rec[2] == index and index not in self.replaced

    def settle_history(self, keys: dict[int, str]) -> None:
        """Give every statement of a relationship record with several statements its :class:`Window`
        (:func:`series_windows`); ``keys`` names the statements whose key pass 1 did not keep."""
        for entries in self.history.values():
            entries = [(w, i, d, k if k is not None else keys.get(i)) for w, i, d, k in entries]
            self.windows.update(series_windows(entries))

    def party_ids(self) -> set[str]:
        return {actor_id(r) for r, v in self.records.items() if v[0] in ("entity", "person")}


_INTERN: dict[str, str] = {t: t for t in ("entity", "person", "relationship", "new", "updated", "closed")}


def _record_label(st: dict, index: int) -> str:
    sid = st.get("statementId", st.get("statementID"))
    return f"statementId {sid}" if isinstance(sid, str) and sid else f"statement #{index + 1}"


def _upgrade_if_old(value: Any) -> tuple[Any, list[str], bool]:
    if isinstance(value, dict) and bods03.is_03(value):
        st, replaces = bods03.upgrade(value)
        return st, replaces, True
    return value, [], False


def build_index(path: Path, problems: Problems) -> Index:
    index = Index()
    check = statement_checker()
    valid = statement_validator()
    seen_ids: dict[str, int] = {}  # statementId → its index in the file
    lines = array("Q")  # index → line: 8 bytes a statement rather than a second dict entry
    replaced_ids: dict[str, str] = {}
    replacing: dict[str, list[str]] = {}  # statementId → the statements it replaces (BODS 0.3)
    records = JsonRecords(path)
    lifecycle = Lifecycle()  # record series and statementIds declared twice (BODS 0.4 information updates)
    with progress(f"checking {path.name}", data_size(path)) as bar:
        records.progress = lambda done: bar(done, index.statements)
        try:
            for rec in records:
                index.statements += 1
                lines.append(rec.line)
                st, replaces, old = _upgrade_if_old(rec.value)
                if old:
                    index.version = "0.3"
                if not isinstance(st, dict):
                    problems.add("a statement must be a JSON object", line=rec.line,
                                 record=f"statement #{rec.index + 1}", kind="statement not an object")
                    continue
                label = _record_label(st, rec.index)
                for p, validator, message in (() if valid(st) else check(st)):
                    where = format_path(p)
                    fatal = bool(_FATAL_PATHS.match(where)) and not (old and validator == "minLength")
                    problems.add(f"{message} (schema: {validator})", line=rec.line, record=label, field=where,
                                 severity="error" if fatal else "warning", kind=f"schema {validator} at {where}")
                sid = st.get("statementId")
                if isinstance(sid, str):
                    if sid in seen_ids:
                        lifecycle.repeated(sid, seen_ids[sid], rec.index, rec.line, label)
                    else:
                        seen_ids[sid] = rec.index
                for r in replaces:
                    replaced_ids[r] = st.get("recordId")
                if replaces and isinstance(sid, str):
                    replacing[sid] = replaces
                rid, rtype = st.get("recordId"), st.get("recordType")
                if not isinstance(rid, str) or rtype not in ("entity", "person", "relationship"):
                    continue  # reported by the schema check
                when = st.get("statementDate") if isinstance(st.get("statementDate"), str) else ""
                if not old:
                    lifecycle.note(rid, when, rec.index, st.get("recordStatus"), rec.line, index.records.get(rid))
                prev = index.records.get(rid)
                if prev is not None and prev[0] != rtype:
                    problems.add(f"recordId {rid!r} is a {prev[0]} record elsewhere in this file and a {rtype} "
                                 "record here", line=rec.line, record=label, field="recordType",
                                 kind="record type changes")
                    continue
                hint = _interest_dates(st) if rtype == "relationship" else None
                if hint is not None and prev is not None:  # a record series: its first statement's key comes later
                    index.history.setdefault(rid, [(prev[1], prev[2], prev[4], None)]).append(
                        (when, rec.index, hint, sid if isinstance(sid, str) else rid))
                if prev is None or when >= prev[1]:
                    # shared strings (_INTERN): the index holds ~1 entry per record, kept small
                    status = st.get("recordStatus")
                    index.records[rid] = (_INTERN[rtype], _INTERN.setdefault(when, when) if len(_INTERN) < 65536
                                          else when, rec.index, _INTERN.get(status, status)
                                          if isinstance(status, str) else status, hint)
        except JsonInputError as exc:
            problems.extend([exc.problem])
    if records.layout == "lines" and index.statements and inner_suffix(path) == ".json":
        problems.warn("a .json BODS file should hold a JSON array of statements; read as JSON Lines",
                      line=1, hint="wrap the statements in [ … ] or name the file .jsonl")
    lifecycle.report(problems, lines.__getitem__, path)
    for cycle in _replacement_cycles(replacing):
        first = seen_ids.get(cycle[0])
        problems.add("replacesStatements goes round in a circle: " + " → ".join(cycle + [cycle[0]])
                     + " (each replaces the next, so none is the current statement)",
                     line=lines[first] if first is not None else None, record=f"statementId {cycle[0]}",
                     field="replacesStatements", kind="replacement cycle",
                     hint="a statement may only replace earlier statements")
    if index.history:
        firsts = {entries[0][1]: rid for rid, entries in index.history.items()}
        keys = {i: sid for sid, i in seen_ids.items() if i in firsts}
        index.settle_history({i: keys.get(i, rid) for i, rid in firsts.items()})
    for old_sid, new_rid in replaced_ids.items():
        if old_sid in seen_ids:
            index.replaced.add(seen_ids[old_sid])
            if isinstance(new_rid, str):
                index.aliases[old_sid] = new_rid
    _replaced_relationships(index, replacing)
    return index


def _replaced_relationships(index: Index, replacing: dict[str, list[str]]) -> None:
    """BODS 0.3 history: a relationship statement that later ones replace (``replacesStatements``) held until
    the first of them takes effect (:func:`series_windows` on each pair; every 0.3 statement is its own record,
    so ids need no suffix). Both are mapped."""
    bounds: dict[int, list] = {}  # statement index → [start, end, successor key]
    for new_sid, olds in replacing.items():
        new = index.records.get(new_sid)
        if new is None or new[0] != "relationship":
            continue
        for old_sid in olds:
            old = index.records.get(old_sid)
            if old is None or old[0] != "relationship" or old[2] == new[2]:
                continue
            w = series_windows([(old[1], old[2], old[4], old_sid), (new[1], new[2], new[4], new_sid)], own_ids=True)
            before, after = bounds.setdefault(old[2], [None, None, None]), bounds.setdefault(new[2], [None, None, None])
            if before[1] is None or (w[old[2]].end is not None and w[old[2]].end < before[1]):
                before[1], before[2] = w[old[2]].end, new_sid
            if after[0] is None or (w[new[2]].start is not None and w[new[2]].start > after[0]):
                after[0] = w[new[2]].start
    index.windows.update({i: Window(b[0], b[1], 0, b[2]) for i, b in bounds.items()})


def _replacement_cycles(replacing: dict[str, list[str]]) -> list[list[str]]:
    """The cycles of the "replaces" graph (a statement replacing itself included), each once; iterative."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    cycles = []
    for start in replacing:
        if state.get(start):
            continue
        path, stack = [], [(start, iter(replacing.get(start, ())))]
        state[start] = 1
        path.append(start)
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                path.pop()
                state[node] = 2
            elif state.get(child) == 1:
                cycles.append(path[path.index(child):])
            elif not state.get(child):
                state[child] = 1
                path.append(child)
                stack.append((child, iter(replacing.get(child, ()))))
    return cycles


_INDEX_CACHE: dict[tuple, tuple[Index, list, int]] = {}


def _file_key(path: Path) -> tuple:
    st = os.stat(path)
    return (str(Path(path).resolve()), st.st_size, st.st_mtime_ns)


def cached_index(path: Path, problems: Problems) -> Index:
    """Pass 1, remembered for the last file (``declared_actors`` and ``read`` both need it)."""
    k = _file_key(path)
    if k in _INDEX_CACHE:
        index, items, _ = _INDEX_CACHE[k]
        problems.extend(items)
        return index
    scratch = Problems(path)
    index = build_index(path, scratch)
    _INDEX_CACHE.clear()
    _INDEX_CACHE[k] = (index, scratch.finish(), 0)
    problems.extend(scratch.finish())
    return index


# -- pass 2: the mapping ------------------------------------------------------------------------------
class _Mapper:
    def __init__(self, path: Path, index: Index, known: set[str], problems: Problems, ds_key: str):
        self.path = path
        self.index = index
        self.known = known
        self.problems = problems
        self.ds = ds_key
        self.sources: dict[str, Source] = {}
        self.new_sources: list[Source] = []
        self.placeholders: set[str] = set()
        self.inline: set[str] = set()  # inline unspecified parties made so far

    # problems
    def err(self, message: str, line: int, label: str, fieldname: str | None = None, hint: str | None = None,
            kind: str | None = None) -> None:
        self.problems.add(message, line=line, record=label, field=fieldname, hint=hint, kind=kind)

    def warn(self, message: str, line: int, label: str, fieldname: str | None = None, kind: str | None = None) -> None:
        self.problems.warn(message, line=line, record=label, field=fieldname, kind=kind)

    # sources
    def source_for(self, st: dict) -> Source:
        src = st.get("source") if isinstance(st.get("source"), dict) else {}
        pub = st.get("publicationDetails") if isinstance(st.get("publicationDetails"), dict) else {}
        publisher = pub.get("publisher") if isinstance(pub.get("publisher"), dict) else {}
        k = _source_key(src, publisher.get("name"))
        if k in self.sources:
            return self.sources[k]
        pname = text_or_none(publisher.get("name")) if isinstance(publisher.get("name"), str) else None
        title = text_or_none(src.get("description")) if isinstance(src.get("description"), str) else None
        when = _date_or_none(src.get("retrievedAt")) or _date_or_none(pub.get("publicationDate"))
        url = src.get("url") if isinstance(src.get("url"), str) else (
            publisher.get("url") if isinstance(publisher.get("url"), str) else None)
        source = Source(id=f"bods:{self.ds}:src:{len(self.sources) + 1}",
                        title=title or (f"BODS statements published by {pname}" if pname else
                                        f"BODS statements in {self.path.name}"),
                        publisher=pname, url=url, date=when)
        self.sources[k] = source
        self.new_sources.append(source)
        return source

    # parties
    def party(self, ref: Any, role: str, rel_rid: str, line: int, label: str, buf: CaseBuffer) -> str | None:
        fieldname = f"recordDetails.{role}"
        if isinstance(ref, str):
            ref = self.index.aliases.get(ref, ref)
            aid = actor_id(ref)
            rec = self.index.records.get(ref)
            if rec is not None and rec[0] in ("entity", "person"):
                if role == "subject" and rec[0] == "person":
                    self.warn(f"the subject {ref!r} is a person record; BODS subjects are entities", line, label,
                              fieldname, kind="subject is a person")
                return aid
            if aid in self.known:
                return aid
            if rec is not None:
                self.err(f"{role} {ref!r} is a relationship record, not an entity or person", line, label, fieldname)
                return None
            if aid not in self.placeholders:
                self.placeholders.add(aid)
                buf.actors.append(Actor(
                    id=aid, kind=ActorKind.unknown, names=(Name(name=f"BODS record {ref}"),),
                    description=f"referenced in {self.path.name} but not described there",
                    extra={"bods": {"recordId": ref, "placeholder": True}}))
            self.warn(f"{role} {ref!r} is not described in this file or the store; kept as an unknown party",
                      line, label, fieldname, kind="dangling reference")
            return aid
        if isinstance(ref, dict):
            reason = ref.get("reason")
            code = UnspecifiedReason(reason) if reason in UnspecifiedReason._value2member_map_ else None
            description = ref.get("description") if isinstance(ref.get("description"), str) else None
            aid = f"bods:{key(rel_rid)}:{'party' if role == 'interestedParty' else 'subject'}"
            if aid in self.inline:
                return aid  # a record series: its first statement (in the file) describes the party
            self.inline.add(aid)
            buf.actors.append(Actor(
                id=aid, kind=ActorKind.unknown, unspecified_reason=code, unspecified_description=description,
                names=(Name(name=f"unspecified {'interested party' if role == 'interestedParty' else 'subject'}"
                                 f" ({reason if isinstance(reason, str) else 'no reason given'})"),),
                extra={"bods": {"inline": role, "unspecified": ref}}))
            return aid
        self.err(f"{role} must be a recordId or an unspecified-record object with a reason", line, label, fieldname)
        return None

    # records
    def entity_or_person(self, st: dict, line: int, label: str) -> Actor | None:
        rid, rtype = st["recordId"], st["recordType"]
        d = st.get("recordDetails") if isinstance(st.get("recordDetails"), dict) else {}
        identifiers = {}
        if not isinstance(d.get("identifiers") or [], list):
            self.err("identifiers must be a list of {scheme, id} objects", line, label, "recordDetails.identifiers")
            return None
        for ident in d.get("identifiers") or []:
            if isinstance(ident, dict) and isinstance(ident.get("id"), str):
                scheme = ident.get("scheme") or ident.get("schemeName")
                if isinstance(scheme, str) and scheme not in identifiers:
                    identifiers[scheme] = ident["id"]
        kw: dict[str, Any] = {}
        if rtype == "entity":
            et = d.get("entityType") if isinstance(d.get("entityType"), dict) else {}
            kind = ENTITY_KINDS.get(et.get("type"), ActorKind.company)
            names = [Name(name=d["name"].strip(), type="legal")] if isinstance(d.get("name"), str) and d["name"].strip() else []
            names += [Name(name=n.strip(), type="alternative") for n in d.get("alternateNames") or []
                      if isinstance(n, str) and n.strip()]
            jur = d.get("jurisdiction") if isinstance(d.get("jurisdiction"), dict) else {}
            kw["jurisdiction"] = text_or_none(jur.get("code") if isinstance(jur.get("code"), str) else jur.get("name"))
            if kind is ActorKind.unknown:
                u = d.get("unspecifiedEntityDetails") if isinstance(d.get("unspecifiedEntityDetails"), dict) else {}
                reason = u.get("reason")
                kw["unspecified_reason"] = UnspecifiedReason(reason) if reason in UnspecifiedReason._value2member_map_ else None
                kw["unspecified_description"] = u.get("description") if isinstance(u.get("description"), str) else None
            fallback = f"{et.get('type') or 'entity'} {rid}"
        else:
            kind = ActorKind.person
            names = []
            for n in d.get("names") or []:
                if isinstance(n, dict) and isinstance(n.get("fullName"), str) and n["fullName"].strip():
                    ntype = n.get("type") if isinstance(n.get("type"), str) else None
                    names.append(Name(name=n["fullName"].strip(), type=ntype))
            fallback = f"{d.get('personType') or 'person'} {rid}"
        if not names:
            names = [Name(name=fallback)]
        return self._actor(st, rid, rtype, kind, names, identifiers, kw, line, label)

    def _actor(self, st: dict, rid: str, rtype: str, kind: ActorKind, names: list[Name], identifiers: dict,
               kw: dict, line: int, label: str) -> Actor | None:
        try:
            return Actor(id=actor_id(rid), kind=kind, names=tuple(names), identifiers=identifiers,
                         extra={"bods": st}, **kw)
        except ValueError as exc:
            self.err(f"cannot read this {rtype}: {model_error(exc)}", line, label)
            return None

    def _evidence(self, **fields) -> Evidence:
        return Evidence(**fields)

    def relationship(self, st: dict, line: int, label: str, buf: CaseBuffer, window: Window | None = None) -> None:
        """Map one relationship statement. ``window`` (a record with several statements, :func:`series_windows`):
        its relations hold only while it is the record's current statement, carry the evidence of the statement
        that took over, and all but the latest statement's have ids of their own (``…:s1``: the one before)."""
        rid = st["recordId"]
        d = st["recordDetails"]
        subject = self.party(d.get("subject"), "subject", rid, line, label, buf)
        holder = self.party(d.get("interestedParty"), "interestedParty", rid, line, label, buf)
        interests = d.get("interests", [])
        if subject is None or holder is None or not isinstance(interests, list):
            if not isinstance(interests, list):
                self.err("interests must be a list", line, label, "recordDetails.interests")
            return
        source = self.source_for(st)
        reliability = reliability_of(st.get("source"))
        sid = st.get("statementId") if isinstance(st.get("statementId"), str) else None
        ev_id = f"bods:{self.ds}:s:{key(sid or rid)}"
        evidence = [self._evidence(id=ev_id, source=source.id, reference=sid, reliability=reliability,
                                   note=payload_note("bods", st))]
        for j, ann in enumerate(st.get("annotations") or []):
            if isinstance(ann, dict):
                desc = ann.get("description") if isinstance(ann.get("description"), str) else None
                motivation = ann.get("motivation") if isinstance(ann.get("motivation"), str) else "annotation"
                url = ann.get("url") if isinstance(ann.get("url"), str) else None
                evidence.append(self._evidence(
                    id=f"{ev_id}:a{j}", source=source.id, quote=desc or None,
                    reference=ann.get("statementPointerTarget") if isinstance(ann.get("statementPointerTarget"), str) else None,
                    reliability=reliability, note=f"BODS annotation ({motivation})" + (f": {url}" if url else "")))
        ev_ids = tuple(e.id for e in evidence)
        if window is not None and window.successor is not None:
            successor = f"bods:{self.ds}:s:{key(window.successor)}"
            ev_ids += (successor,) if successor != ev_id else ()
        closed_on = _date_or_none(st.get("statementDate")) if st.get("recordStatus") == "closed" else None
        rels: list = []
        suffix = f":s{window.later}" if window is not None and window.later else ""
        if not interests:
            v = _within(Validity(valid_to=closed_on), window)
            rels.append(_GONE if v is None else self._relation(
                f"bods:{self.ds}:{key(rid)}:-{suffix}", *NO_INTERESTS, holder, subject, None, v, ev_ids, None,
                None, None, None, line, label, "recordDetails.interests"))
        for i, it in enumerate(interests):
            fieldname = f"recordDetails.interests[{i}]"
            if not isinstance(it, dict):
                self.err("an interest must be an object", line, label, fieldname)
                continue
            rels.append(self.interest(it, i, rid, holder, subject, closed_on, ev_ids, line, label, fieldname,
                                      window, suffix))
        if any(r is None for r in rels):
            return
        buf.relations.extend(r for r in rels if r is not _GONE)
        buf.evidence.extend(evidence)

    def interest(self, it: dict, i: int, rid: str, holder: str, subject: str, closed_on: date | None,
                 ev_ids: tuple, line: int, label: str, fieldname: str,
                 window: Window | None = None, suffix: str = "") -> Relation | None:
        code = it.get("type")
        if code is not None and not isinstance(code, str):
            self.err(f"an interest's type must be a code such as 'shareholding', not {code!r}", line, label,
                     f"{fieldname}.type")
            return None
        kind, attrs = INTEREST_KINDS.get(code, UNTYPED_INTEREST if code is None else (
            RelationKind.other_influence, {"description": f"interest type {code!r}"}))
        attrs = dict(attrs)
        details = it.get("details") if isinstance(it.get("details"), str) and it["details"].strip() else None
        note = None
        if details:
            if details_describe(kind, attrs):
                attrs["description"] = details
            else:
                note = details
        share = None
        if "share" in it:
            if not isinstance(it["share"], dict):
                self.err("share must be an object (exact / minimum / maximum …)", line, label, f"{fieldname}.share")
                return None
            try:
                share = Share.from_bods(it["share"]) if any(v is not None for v in it["share"].values()) else None
            except (ValueError, TypeError, ArithmeticError) as exc:
                self.err(f"share: {model_error(exc)}", line, label, f"{fieldname}.share",
                         hint="shares are percentages from 0 to 100, minimum ≤ maximum")
                return None
            if share is not None and kind not in SHARE_KINDS:
                self.warn(f"a {code} interest takes no share in Kingmaker; the share stays in the statement's "
                          "payload only", line, label, f"{fieldname}.share", kind="share on a non-share interest")
                share = None
        try:
            start = _date_field(it.get("startDate"))
            end = _date_field(it.get("endDate"))
        except ValueError as exc:
            self.err(str(exc), line, label, fieldname + (".startDate" if "start" in str(exc) else ".endDate"))
            return None
        if end is None and closed_on is not None:
            end = closed_on if start is None or closed_on >= start else None
        if start and end and end < start:
            self.err(f"the interest ends ({end}) before it starts ({start})", line, label, f"{fieldname}.endDate",
                     hint="dates out of order: check startDate and endDate")
            return None
        level = it.get("directOrIndirect")
        if level is not None and not isinstance(level, str):
            self.err(f"directOrIndirect must be 'direct', 'indirect' or 'unknown', not {type(level).__name__} "
                     f"{level!r}", line, label, f"{fieldname}.directOrIndirect")
            return None
        direct = {"direct": True, "indirect": False}.get(level)
        beneficial = it.get("beneficialOwnershipOrControl") if isinstance(it.get("beneficialOwnershipOrControl"), bool) else None
        validity = _within(Validity(valid_from=start, valid_to=end), window)
        if validity is None:
            return _GONE  # type: ignore[return-value]  # not current while it held: nothing to record
        return self._relation(f"bods:{self.ds}:{key(rid)}:{i}{suffix}", kind, attrs, holder, subject, share,
                              validity, ev_ids,
                              code if isinstance(code, str) else None, direct, beneficial, note, line, label, fieldname)

    def _relation(self, rel_id, kind, attrs, holder, subject, share, validity, ev_ids, interest_type, direct,
                  beneficial, note, line, label, fieldname) -> Relation | None:
        try:
            return Relation(id=rel_id, kind=kind, holder=holder, subject=subject, share=share, validity=validity,
                            evidence=ev_ids, interest_type=interest_type, direct=direct, beneficial=beneficial,
                            note=note, attrs=attrs)
        except ValueError as exc:
            self.err(f"cannot read this interest: {model_error(exc)}", line, label, fieldname)
            return None


_HINTS: dict[tuple, tuple] = {(): ()}


def _interest_dates(st: dict) -> tuple[str, ...]:
    """The start and end dates of a relationship statement's interests (ISO text, distinct, sorted; shared
    tuples, as the index keeps one per relationship record)."""
    d = st.get("recordDetails")
    interests = d.get("interests") if isinstance(d, dict) else None
    if not isinstance(interests, list):
        return ()
    found = tuple(sorted({it[k] for it in interests if isinstance(it, dict) for k in ("startDate", "endDate")
                          if isinstance(it.get(k), str)}))
    return _HINTS.setdefault(found, found) if len(_HINTS) < 65536 else found


#: an interest of a superseded statement that was never current while it held (see :func:`_within`)
_GONE: Any = object()


def _within(v: Validity, window: Window | None) -> Validity | None:
    """``v`` cut to a statement's ``window``; ``None`` when nothing is left."""
    if window is None or (window.start is None and window.end is None):
        return v
    start, end = v.valid_from, v.valid_to
    if window.start is not None and (start is None or start < window.start):
        start = window.start
    if window.end is not None and (end is None or end > window.end):
        end = window.end
    if start is not None and end is not None and end <= start:
        return None
    if (start, end) == (v.valid_from, v.valid_to):
        return v
    return Validity(valid_from=start, valid_to=end)


def _source_key(src: dict, name: Any) -> bytes | str:
    try:
        return orjson.dumps([src, name], option=orjson.OPT_SORT_KEYS)
    except TypeError:  # an integer beyond 64 bits (the standard library's parser reads those)
        return json.dumps([src, name], sort_keys=True, default=str)


def _date_or_none(value: Any) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return parse_partial_date(value)[0]
    except ValueError:
        return None


def _date_field(value: Any) -> date | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"{value!r} is not a date (write YYYY-MM-DD)")
    return parse_partial_date(value)[0]


class _RowMapper(_Mapper):
    """The bulk path: the same mapping, but entity/person actors, evidence and relations become the
    store's rows directly (:class:`PreparedActor` …: query columns plus the JSON that
    ``model_dump_json`` would write), without a pydantic model per record. Whatever pydantic would
    refuse is handed to the model-building parent, so errors and their messages stay the same."""

    def _actor(self, st, rid, rtype, kind, names, identifiers, kw, line, label):
        aid = actor_id(rid)
        reason = kw.get("unspecified_reason")
        data = {"id": aid, "kind": kind.value,
                "names": [{"name": n.name, "lang": n.lang, "type": n.type} for n in names], **ACTOR_DEFAULTS,
                "identifiers": identifiers, "jurisdiction": kw.get("jurisdiction"),
                "unspecified_reason": reason.value if reason is not None else None,
                "unspecified_description": kw.get("unspecified_description"), "extra": {"bods": st}}
        try:
            js = _dump(data)
        except (ValueError, TypeError):  # text pydantic cannot write either (e.g. lone surrogates)
            return super()._actor(st, rid, rtype, kind, names, identifiers, kw, line, label)
        return PreparedActor(aid, kind, names[0].name, kw.get("jurisdiction"), identifiers, js)

    def _evidence(self, **f):
        if len(f["id"]) > 200:
            return super()._evidence(**f)
        data = {"id": f["id"], "source": f["source"], "quote": f.get("quote"), "reference": f.get("reference"),
                "reliability": f["reliability"].value, "note": f.get("note")}
        return PreparedEvidence(f["id"], f["source"], f["reliability"], _dump(data))

    def _relation(self, rel_id, kind, attrs, holder, subject, share, validity, ev_ids, interest_type, direct,
                  beneficial, note, line, label, fieldname):
        slow = partial(super()._relation, rel_id, kind, attrs, holder, subject, share, validity, ev_ids,
                       interest_type, direct, beneficial, note, line, label, fieldname)
        if (len(rel_id) > 200 or (holder == subject and kind not in _SELF_KINDS)
                or (share is not None and kind not in SHARE_KINDS)):
            return slow()  # pydantic's own message
        try:
            attrs_data = _attrs_data(kind, tuple(attrs.items()))
        except (ValueError, TypeError):
            return slow()
        data = {"id": rel_id, "kind": kind.value, "holder": holder, "subject": subject, **RELATION_DEFAULTS,
                "share": None if share is None else {
                    "lower": share.lower, "upper": share.upper, "lower_inclusive": share.lower_inclusive,
                    "upper_inclusive": share.upper_inclusive},
                "validity": {"valid_from": validity.valid_from, "valid_to": validity.valid_to,
                             "from_precision": validity.from_precision, "to_precision": validity.to_precision},
                "evidence": list(ev_ids), "interest_type": interest_type,
                "direct": direct, "beneficial": beneficial, "note": note, "attrs": attrs_data}
        try:
            js = _dump(data)
        except (ValueError, TypeError):
            return slow()
        return PreparedRelation(
            rel_id, kind, holder, subject, validity.valid_from, validity.valid_to,
            None if share is None else float(share.low), None if share is None else float(share.high), js)


_SELF_KINDS = (RelationKind.shareholding, RelationKind.voting_rights)


def _dump(data: dict) -> str:
    """JSON exactly as ``model_dump_json`` writes the model ``data`` mirrors (same serializer, same settings)."""
    return to_json(data, inf_nan_mode="null").decode()


def _dumped_defaults(model) -> dict:
    """Each field of ``model`` that has a default, valued as ``model_dump(mode="json")`` writes the default, in
    field order."""
    return {name: to_jsonable_python(f.get_default(call_default_factory=True))
            for name, f in model.model_fields.items() if not f.is_required()}


#: The model's own defaults, which both BODS lanes write for every field a statement leaves unset: the rows of
#: :class:`_RowMapper` start from them (so they keep the model's field order) and the DuckDB lane's JSON text
#: takes its runs of unset fields from :func:`unset_members`. A field added to the model with a default needs no
#: edit in either lane when it sits in one of those runs (the lane/reader store comparisons say when it does not).
ACTOR_DEFAULTS = _dumped_defaults(Actor)
RELATION_DEFAULTS = _dumped_defaults(Relation)


def unset_members(defaults: dict, after: str, before: str) -> str:
    """The JSON members of ``defaults`` strictly between fields ``after`` and ``before`` ("name":value,…),
    as ``model_dump_json`` writes them.

    >>> unset_members(RELATION_DEFAULTS, "ended_by", "interest_type")
    '"evidence":[],"evidence_for":{}'
    """
    names = list(defaults)
    span = names[names.index(after) + 1:names.index(before)]
    return _dump({n: defaults[n] for n in span})[1:-1]


@lru_cache(maxsize=4096)
def _attrs_data(kind: RelationKind, items: tuple) -> dict:
    return ATTRS_BY_KIND[kind].model_validate(dict(items)).model_dump(mode="json")


#: objects per chunk on the bulk path (rows are cheap; fewer, larger inserts)
BULK_CHUNK = 50_000


def _emit(path: Path, known: set[str], problems: Problems, info: CaseInfo, ds_key: str, *, index: Index,
          fast: bool = True) -> Iterator:
    problems.raise_if_errors()
    mapper = (_RowMapper if fast else _Mapper)(path, index, known, problems, ds_key)
    buf = CaseBuffer(info, BULK_CHUNK if fast else CHUNK_SIZE)
    state = {"mapped": 0}

    def steps() -> Iterator[None]:
        records = JsonRecords(path)
        with progress(f"loading {path.name}", data_size(path)) as bar:
            records.progress = lambda done: bar(done, state["mapped"])
            for rec in records:
                state["mapped"] += 1
                st, _, _ = _upgrade_if_old(rec.value)
                if not isinstance(st, dict) or not isinstance(st.get("recordId"), str):
                    continue
                if not index.chosen(rec.index, st["recordId"]):
                    continue
                label = _record_label(st, rec.index)
                try:
                    if st["recordType"] == "relationship":
                        mapper.relationship(st, rec.line, label, buf, index.windows.get(rec.index))
                    else:
                        actor = mapper.entity_or_person(st, rec.line, label)
                        if actor is not None:
                            buf.actors.append(actor)
                except (ValueError, TypeError, KeyError, AttributeError) as exc:  # a shape nothing above foresaw
                    mapper.err(f"cannot read this statement: {model_error(exc)}", rec.line, label)
                if mapper.new_sources:
                    buf.sources.extend(mapper.new_sources)
                    mapper.new_sources = []
                yield None
        _INDEX_CACHE.clear()  # the index is per record id: release it once the file is mapped

    yield from chunked(buf, problems, steps())


def _sql_lane_emit(path: Path, known: set[str], problems: Problems, info: CaseInfo, ds_key: str, *,
                   stats: dict) -> Iterator:
    """First offer the store the DuckDB lane (:mod:`kingmaker.io.bods.sql_lane`); if it declines, read the file
    record by record (both passes run now, inside the load's transaction). ``stats["lane"]`` says which."""
    from kingmaker.io.bods.sql_lane import BodsSqlLoad

    lane = BodsSqlLoad(path, ds_key, known, problems)
    yield lane
    if lane.outcome.counts is not None:
        stats.update(lane="sql", **lane.outcome.stats)
        return
    stats["lane"] = f"record by record (the SQL lane declined: {lane.outcome.declined})"
    index = cached_index(path, problems)
    yield from _emit(path, known, problems, info, ds_key, index=index, fast=True)


def sql_lane_wanted(path: Path) -> bool:
    """Whether ``path`` goes to the DuckDB lane first (size, packing, BODS 0.4: :mod:`kingmaker.io.bods.sql_lane`)."""
    from kingmaker.io.bods.sql_lane import enabled_for

    if not enabled_for(path):
        return False
    head = peek(path, 65536)
    return b'"statementID"' not in head and b'"statementType"' not in head  # BODS 0.3: the other lane


def stream(path: Path, known_actors: set[str] | None = None, *, fast: bool = True,
           sha256: str | None = None) -> StreamRead:
    """Read a BODS file as a :class:`StreamRead` (pass 1 runs now, pass 2 as the chunks are consumed).

    ``fast`` (the default, used by bulk loads): chunks hold prepared store rows, and large files first go
    to the DuckDB lane (:mod:`kingmaker.io.bods.sql_lane`), whose chunk writes itself; ``fast=False``:
    pydantic models (what :func:`read` returns). All write the same rows (tests compare the stores). ``sha256``:
    the file's digest where the loader computed it (:func:`~kingmaker.io.common.make_dataset`)."""
    from kingmaker.io.bods.series import SeriesAcrossFiles

    path = Path(path)
    problems = Problems(path)
    if fast and sql_lane_wanted(path):
        stats: dict = {}
        read = open_stream("bods", path, f"BODS 0.4 statements in {path.name}", partial(_sql_lane_emit, stats=stats),
                           known_actors, problems, sha256)
        read.stats = stats
    else:
        index = cached_index(path, problems)
        title = f"BODS {index.version} statements in {path.name}"
        read = open_stream("bods", path, title, partial(_emit, index=index, fast=fast), known_actors, problems,
                           sha256)
        read.stats.update(statements=index.statements, records=len(index.records), lane="record by record")
    # once written, both lanes: one series with the statements of the same records that other files brought
    read.finish.append(SeriesAcrossFiles(read.dataset.id.split(":", 1)[1]))
    return read


def declared_actors(path: Path) -> set[str]:
    if sql_lane_wanted(Path(path)):  # a large file: DuckDB lists them without the Python pass
        from kingmaker.io.bods.sql_lane import declared_actor_ids

        found = declared_actor_ids(Path(path))
        if found is not None:
            return found
    try:
        return cached_index(Path(path), Problems(path)).party_ids()
    except OSError:
        return set()


_HEAD_MARKERS = (b'"statementId"', b'"statementID"', b'"recordDetails"', b'"statementType"')


def detect(path: Path, head: bytes) -> bool:
    if inner_suffix(path) not in (".json", ".jsonl", ".ndjson", ""):
        return False
    start = head.lstrip()[:1]
    return start in (b"[", b"{") and any(m in head for m in _HEAD_MARKERS)


read = as_reader(partial(stream, fast=False))

register(Format("bods", "Beneficial Ownership Data Standard 0.4 (and 0.3) statements, JSON or JSON Lines",
                detect, read, declared_actors, resolves_own_records=True, dataset_id=partial(file_dataset_id, "bods")))


def _register_streamer() -> None:
    from kingmaker.io.streaming import register_streamer

    register_streamer("bods", stream)


_register_streamer()
