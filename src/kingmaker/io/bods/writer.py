"""Beneficial Ownership Data Standard 0.4 out: a JSON array of statements that passes the BODS 0.4
schema (``libcovebods jsv``).

Actors and relations that came from BODS are written back from what was kept on import (the
original statement, with its interests re-derived from the relations selected — an ``--as-of`` export
leaves out interests not valid on that date; an export of every date writes each statement of a
record series with the source's own dates, and the statements that closed it). Everything else is mapped: persons → person records;
other actors → entity records (:data:`ENTITY_TYPES`); unknown parties with a reason → inline
unspecified records; each holder–subject pair → one relationship record whose interests come from
the relation kinds (:data:`KIND_INTEREST`). Kinds that are not ownership or control (supply,
financing, licence, offer, employment, membership) have no BODS interest type and are left out; the
summary counts them.
"""
from __future__ import annotations

import copy
import json
import uuid
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path
from typing import Any, Iterable

from kingmaker.io.common import read_payload
from kingmaker.model.kinds import BODS_EXPORT_INTEREST
from kingmaker.model import Actor, ActorKind, Evidence, Relation, RelationKind, Source, parse_partial_date

NAMESPACE = uuid.UUID("6f1d1c1e-4b7a-5a53-9a4e-6b696e676d6b")  # statementIds: uuid5(NAMESPACE, content)
ENTITY_TYPES = {
    ActorKind.company: "registeredEntity", ActorKind.nonprofit: "legalEntity", ActorKind.partnership: "legalEntity",
    ActorKind.fund: "arrangement", ActorKind.state: "state", ActorKind.state_body: "stateBody",
    ActorKind.group: "arrangement", ActorKind.unknown: "unknownEntity",
}
TRUST_ROLES = {"settlor": "settlor", "trustee": "trustee", "protector": "protector",
               "beneficiary": "beneficiaryOfLegalArrangement", "nominee": "nominee", "nominator": "nominator"}
#: relation kind → BODS interest type on export, from the one declaration of kinds (``bods_out``)
KIND_INTEREST = BODS_EXPORT_INTEREST
SCHEME_CODES = {"LEI": "XI-LEI"}  # model identifier keys → org-id.guide codes


def _interest_codes() -> set[str]:
    from kingmaker.io.bods.reader import INTEREST_KINDS

    return set(INTEREST_KINDS)


def interest_type(r: Relation) -> str | None:
    """The BODS interest type for a relation (``None``: the kind has none)."""
    if r.interest_type in _interest_codes():
        return r.interest_type
    if r.kind is RelationKind.board_seat:
        return "boardChair" if r.role == "chair" else ("boardMember" if r.role != "observer" else "otherInfluenceOrControl")
    if r.kind is RelationKind.trust_role:
        return TRUST_ROLES[r.role]
    return KIND_INTEREST.get(r.kind)


def _details(r: Relation) -> str | None:
    parts = []
    if r.interest_type and r.interest_type not in _interest_codes():
        parts.append(f"interest type {r.interest_type!r} (not in the BODS 0.4 codelist)")
    if r.kind is RelationKind.veto_right:
        parts.append("veto over " + ", ".join(r.matters))
    elif r.kind is RelationKind.consolidation:
        parts.append(f"accounting consolidation ({r.level})" + (f", {r.accounting_standard}" if r.accounting_standard else ""))
    elif r.kind is RelationKind.board_seat and r.role == "observer":
        parts.append("board observer")
    desc = getattr(r.attrs, "description", None)
    if desc and not (desc == f"interest type {r.interest_type!r}" or desc == "interest of unstated type"):
        parts.append(desc)
    elif r.kind is RelationKind.officer and r.role != "senior managing official":
        parts.append(r.role)
    if r.note:
        parts.append(r.note)
    return "; ".join(parts) or None


def interest_of(r: Relation, base: dict | None = None) -> dict | None:
    code = interest_type(r)
    if code is None:
        return None
    out: dict[str, Any] = copy.deepcopy(base) if isinstance(base, dict) else {}
    if base is None or "type" in base or r.interest_type is not None:
        out["type"] = code
    if r.direct is not None:
        out["directOrIndirect"] = "direct" if r.direct else "indirect"
    elif "directOrIndirect" in out and out["directOrIndirect"] not in ("direct", "indirect", "unknown"):
        out["directOrIndirect"] = "unknown"
    if r.beneficial is not None:
        out["beneficialOwnershipOrControl"] = r.beneficial
    if r.share is not None:
        out["share"] = r.share.to_bods()
    if r.valid_from:
        out["startDate"] = r.valid_from.isoformat()
    if r.valid_to:
        out["endDate"] = r.valid_to.isoformat()
    if base is None:
        details = _details(r)
        if details:
            out["details"] = details
    elif r.interest_type and r.interest_type not in _interest_codes():
        note = f"interest type {r.interest_type!r} (not in the BODS 0.4 codelist)"
        out["details"] = f"{note}; {out['details']}" if isinstance(out.get("details"), str) else note
    return out


class BodsWriter:
    """Builds statements from a selection; :meth:`write` streams them into a JSON array."""

    def __init__(self, actors: dict[str, Actor], evidence: dict[str, Evidence], sources: dict[str, Source],
                 today: date | None = None, publisher: str = "Kingmaker", history: bool = True):
        self.actors = actors
        self.history = history
        self.evidence = evidence
        self.sources = sources
        self.today = (today or date.today()).isoformat()
        self.publisher = publisher
        self.left_out: Counter = Counter()
        self._emitted: set[str] = set()
        self._uncited: dict[str, list[str]] | None = None
        self._cited: set[str] = set()

    # ids
    def record_id(self, actor_id: str) -> str | dict:
        a = self.actors.get(actor_id)
        bods = (a.extra.get("bods") if a else None) or {}
        if isinstance(bods.get("unspecified"), dict):
            return bods["unspecified"]
        if a is not None and a.kind is ActorKind.unknown and a.unspecified_reason is not None and not bods.get("recordId"):
            out = {"reason": a.unspecified_reason.value}
            if a.unspecified_description:
                out["description"] = a.unspecified_description
            return out
        return bods.get("recordId") if isinstance(bods.get("recordId"), str) else actor_id

    def _envelope(self, record_id: str, record_type: str, subject: str, content: Any) -> dict:
        sid = str(uuid.uuid5(NAMESPACE, json.dumps([record_id, content], sort_keys=True, default=str)))
        return {"statementId": sid, "declarationSubject": subject, "statementDate": self.today,
                "publicationDetails": {"publicationDate": self.today, "bodsVersion": "0.4",
                                       "publisher": {"name": self.publisher}},
                "recordId": record_id, "recordType": record_type, "recordStatus": "new"}

    # records
    def actor_statement(self, a: Actor) -> dict | None:
        bods = a.extra.get("bods") or {}
        if bods.get("placeholder") or bods.get("inline") or isinstance(self.record_id(a.id), dict):
            return None
        if isinstance(bods.get("recordDetails"), dict) and isinstance(bods.get("recordId"), str):
            return copy.deepcopy(bods)
        identifiers = [{"scheme": SCHEME_CODES.get(k, k), "id": v} if "-" in SCHEME_CODES.get(k, k)
                       else {"schemeName": k, "id": v} for k, v in a.identifiers.items()]
        if a.kind is ActorKind.person:
            details: dict[str, Any] = {"isComponent": False, "personType": "knownPerson",
                                       "names": [{"fullName": n.name, **({"type": n.type} if n.type in _NAME_TYPES else {})}
                                                 for n in a.names]}
            rtype = "person"
        else:
            etype = ENTITY_TYPES[a.kind]
            details = {"isComponent": False, "entityType": {"type": etype}, "name": a.name}
            if etype == "arrangement":
                details["entityType"]["subtype"] = "other"
                if a.kind is ActorKind.group:
                    details["entityType"]["details"] = f"group{f' of {a.size} persons' if a.size else ''}"
            if a.kind is ActorKind.unknown:
                details["unspecifiedEntityDetails"] = {"reason": (a.unspecified_reason.value if a.unspecified_reason
                                                                  else "unknown")}
                if a.unspecified_description or a.description:
                    details["unspecifiedEntityDetails"]["description"] = a.unspecified_description or a.description
            if len(a.names) > 1:
                details["alternateNames"] = [n.name for n in a.names[1:]]
            if a.jurisdiction:
                jur = {"name": a.jurisdiction}
                if 2 <= len(a.jurisdiction) <= 6:
                    jur["code"] = a.jurisdiction
                details["jurisdiction"] = jur
            rtype = "entity"
        if identifiers:
            details["identifiers"] = identifiers
        st = self._envelope(a.id, rtype, a.id, details)
        st["recordDetails"] = details
        return st

    def relationship_statements(self, relations: Iterable[Relation]) -> list[dict]:
        groups: dict[Any, list[Relation]] = defaultdict(list)
        originals: dict[Any, dict] = {}
        relations = list(relations)
        self._cited = {e for r in relations for e in r.evidence}
        for r in relations:
            if interest_type(r) is None:
                self.left_out[r.kind.value] += 1
                continue
            subject = self.actors.get(r.subject)
            if subject is not None and subject.kind is ActorKind.person:
                self.left_out[f"{r.kind.value} with a person as subject"] += 1
                continue
            payload = self._payload(r)
            if payload is not None:
                k = ("bods", r.evidence[0])
                originals[k] = payload
            else:
                k = (r.holder, r.subject)
            groups[k].append(r)
        out = []
        for k, rels in groups.items():
            if k in originals:
                out.append(self._from_original(originals[k], rels))
                if self.history:
                    out.extend(self._successors(originals[k], rels, originals))
            else:
                out.append(self._new_relationship(rels))
        return out

    def _successors(self, st: dict, rels: list[Relation], originals: dict) -> list[dict]:
        """The statements of the same BODS record as ``st`` that gave no relation of their own, word for word:
        one that took over from it (a ``closed`` statement: its evidence rides on the relations it ended), and
        one superseded before any of its interests took effect (no relation cites it)."""
        out = []
        rid = st.get("recordId")
        for e in dict.fromkeys([*(e for r in rels for e in r.evidence[1:]), *self._uncited_of(rid, originals)]):
            if ("bods", e) in originals or e in self._emitted:
                continue
            other = read_payload(self.evidence[e], "bods") if e in self.evidence else None
            if other and other.get("recordId") == rid and other.get("recordType") == "relationship":
                self._emitted.add(e)
                out.append(other)
        return out

    def _uncited_of(self, record_id: Any, originals: dict) -> list[str]:
        """The evidence no relation cites that holds a BODS relationship statement of ``record_id``."""
        if self._uncited is None:
            cited = set(self._cited)
            self._uncited = defaultdict(list)
            for e, ev in self.evidence.items():
                if e in cited or ("bods", e) in originals or not ev.note or '"relationship"' not in ev.note:
                    continue
                st = read_payload(ev, "bods")
                if st and st.get("recordType") == "relationship" and isinstance(st.get("recordId"), str):
                    self._uncited[st["recordId"]].append(e)
        return self._uncited.get(record_id, []) if isinstance(record_id, str) else []

    def _payload(self, r: Relation) -> dict | None:
        if not r.evidence or r.evidence[0] not in self.evidence:
            return None
        st = read_payload(self.evidence[r.evidence[0]], "bods")
        if st and isinstance(st.get("recordDetails"), dict):
            return st
        return None

    def _from_original(self, st: dict, rels: list[Relation]) -> dict:
        st = copy.deepcopy(st)
        raw = st["recordDetails"].get("interests") if isinstance(st["recordDetails"].get("interests"), list) else []
        interests = []
        for r in sorted(rels, key=lambda r: r.id):
            last = _interest_position(r.id)
            if last == "-":
                continue  # a relationship with no stated interests
            base = raw[int(last)] if last.isdigit() and int(last) < len(raw) else None
            it = interest_of(r, base)
            if it is not None and isinstance(base, dict) and _narrowed(r, base, st):
                for k in ("startDate", "endDate"):  # cut to its statement's period on import: the source's dates
                    if k in base:
                        it[k] = base[k]
                    else:
                        it.pop(k, None)
            if it is not None:
                interests.append((int(last) if last.isdigit() else len(raw), it))
        if self.history:
            # every date: an interest with no relation of this statement's own — one that an earlier statement's
            # relation covers (an unchanged confirmation, kingmaker.io.bods.series.coalesce) or that never held
            # while the statement was current — is written back as the source stated it
            held = {i for i, _ in interests}
            interests += [(i, copy.deepcopy(it)) for i, it in enumerate(raw) if i not in held and isinstance(it, dict)]
        st["recordDetails"]["interests"] = [it for _, it in sorted(interests, key=lambda x: x[0])]
        return st

    def _new_relationship(self, rels: list[Relation]) -> dict:
        holder, subject = rels[0].holder, rels[0].subject
        party, subj = self.record_id(holder), self.record_id(subject)
        interests = [i for i in (interest_of(r) for r in sorted(rels, key=lambda r: r.id)) if i is not None]
        details = {"isComponent": False, "subject": subj, "interestedParty": party, "interests": interests}
        rid = f"rel:{holder}:{subject}"
        st = self._envelope(rid, "relationship", subj if isinstance(subj, str) else subject, details)
        src = self._source(rels)
        if src:
            st["source"] = src
        st["recordDetails"] = details
        return st

    def _source(self, rels: list[Relation]) -> dict | None:
        for r in rels:
            for e in r.evidence:
                ev = self.evidence.get(e)
                s = self.sources.get(ev.source) if ev else None
                if s is not None:
                    out: dict[str, Any] = {"description": s.title}
                    if s.url and ":" in s.url:
                        out["url"] = s.url
                    if s.date:
                        out["retrievedAt"] = s.date.isoformat()
                    return out
        return None

    def statements(self, actors: Iterable[Actor], relations: Iterable[Relation]) -> Iterable[dict]:
        for a in sorted(actors, key=lambda a: a.id):
            st = self.actor_statement(a)
            if st is not None:
                yield st
        yield from self.relationship_statements(relations)


def _interest_position(relation_id: str) -> str:
    """The interest's position in its statement from a BODS relation id (``…:<i>`` or ``…:<i>:s<n>``,
    :mod:`kingmaker.io.bods.reader`)."""
    parts = relation_id.rsplit(":", 2)
    return parts[-2] if len(parts) == 3 and parts[-1][:1] == "s" and parts[-1][1:].isdigit() else parts[-1]


def _narrowed(r: Relation, base: dict, st: dict) -> bool:
    """Whether ``r``'s dates lie strictly inside what its interest ``base`` in statement ``st`` states (the
    reader cut it to the period in which ``st`` was its record's current statement)."""
    try:
        start = parse_partial_date(base["startDate"])[0] if isinstance(base.get("startDate"), str) else None
        end = parse_partial_date(base["endDate"])[0] if isinstance(base.get("endDate"), str) else None
        if end is None and st.get("recordStatus") == "closed" and isinstance(st.get("statementDate"), str):
            closed = parse_partial_date(st["statementDate"])[0]
            end = closed if start is None or closed >= start else None
    except ValueError:
        return False
    if (r.valid_from, r.valid_to) == (start, end):
        return False
    return ((start is None or (r.valid_from is not None and r.valid_from >= start))
            and (end is None or (r.valid_to is not None and r.valid_to <= end)))


_NAME_TYPES = {"legal", "translation", "transliteration", "former", "alternative", "birth"}


def write_bods(path: Path | str, actors: dict[str, Actor], relations: list[Relation], evidence: dict[str, Evidence],
               sources: dict[str, Source], today: date | None = None, history: bool = True) -> dict:
    """Write a JSON array of BODS 0.4 statements; returns a summary (counts, kinds left out). ``history``
    (an export of every date): a BODS record's statements that ended its relations are written too."""
    writer = BodsWriter(actors, evidence, sources, today, history=history)
    n = Counter()
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("[")
        first = True
        for st in writer.statements(actors.values(), relations):
            fh.write("\n" if first else ",\n")
            fh.write(json.dumps(st, ensure_ascii=False, default=str))
            first = False
            n[st["recordType"]] += 1
        fh.write("\n]\n")
    return {"statements": sum(n.values()), **n, "left_out": dict(writer.left_out)}
