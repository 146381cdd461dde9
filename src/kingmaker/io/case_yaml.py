"""Hand-written YAML case files (docs/case-format.md, schema in src/kingmaker/schemas/case.schema.json).

Reading collects *every* problem before giving up, each with file, line, record and field and, where
possible, a suggested fix. Errors reject the whole file (nothing is written); warnings are reported and
the file loads. See docs/case-format.md, "Errors and warnings".
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from pydantic import ValidationError
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor

from kingmaker.errors import InvalidInput, Problem
from kingmaker.io.candidates import assert_no_candidates
from kingmaker.io.yaml_input import read_yaml
from kingmaker.model import (
    Actor, Case, CaseInfo, Claim, Designation, Event, Evidence, Relation, Source, Validity, parse_partial_date,
)
from kingmaker.model.case import absence_conflicts, board_overflows, voting_overflows
from kingmaker.model.identity import IdentityRule
from kingmaker.model.ids import SLUG_PATTERN
from kingmaker.model.relation import COMMON_FIELDS, RelationKind
from kingmaker.model.time import empty_validity

SECTIONS = ("case", "sources", "evidence", "actors", "relations", "events", "claims", "designations", "identity")
RELATION_ALIASES = {"from": "valid_from", "to": "valid_to", "until": "valid_to", "since": "valid_from"}


@dataclass
class CaseReadResult:
    case: Case
    warnings: list[Problem] = field(default_factory=list)


class _Reader:
    """One pass over one file's parsed YAML, collecting problems."""

    def __init__(self, path: str, doc: Any, known_actors: set[str]):
        self.path = path
        self.doc = doc
        self.known_actors = known_actors
        self.problems: list[Problem] = []
        self._language: str | None = None

    # -- problem reporting -----------------------------------------------------------------------
    def line(self, node: Any, key: Any = None) -> int | None:
        try:
            if key is not None and isinstance(node, CommentedMap) and key in node:
                return node.lc.key(key)[0] + 1
            if key is not None and isinstance(node, CommentedSeq) and isinstance(key, int) and key < len(node):
                return node.lc.item(key)[0] + 1
            return node.lc.line + 1
        except (AttributeError, KeyError, TypeError, IndexError):
            return None

    def add(self, node: Any, key: Any, record: str | None, fieldname: str | None, message: str,
            hint: str | None = None, severity: str = "error") -> None:
        self.problems.append(Problem(self.path, message, self.line(node, key), record, fieldname, hint, severity))

    def suggest(self, value: str, options: Iterable[str], what: str) -> str:
        close = difflib.get_close_matches(value, list(options), n=1, cutoff=0.5)
        if close:
            return f"did you mean {close[0]!r}?"
        return f"define the {what} first (its id must match exactly)"

    # -- model validation ------------------------------------------------------------------------
    def validate(self, model, data: dict, node: Any, record: str, key_map: dict[str, str] | None = None):
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            for err in exc.errors():
                loc = [str(p) for p in err["loc"] if not isinstance(p, int) or True]
                fieldname = self._field_from_loc(loc, key_map or {})
                top = fieldname.split(".")[0] if fieldname else None
                msg = err["msg"].removeprefix("Value error, ")
                self.add(node, top if top in (node or {}) else None, record, fieldname, msg,
                         hint=_hint_for(err))
            return None

    @staticmethod
    def _field_from_loc(loc: list[str], key_map: dict[str, str]) -> str | None:
        if not loc:
            return None
        parts = list(loc)
        if parts[0] == "attrs":  # kind-specific attributes are written flat in the file
            parts = parts[1:]
        if parts and parts[0] == "validity" and len(parts) > 1:
            parts = parts[1:]
        if not parts:
            return None
        parts[0] = key_map.get(parts[0], parts[0])
        return ".".join(p for p in parts if not p.startswith("function-"))

    # -- sections ------------------------------------------------------------------------------
    def section(self, name: str) -> list[tuple[int, CommentedMap]]:
        raw = self.doc.get(name) if isinstance(self.doc, dict) else None
        if raw is None:
            return []
        if not isinstance(raw, list):
            self.add(self.doc, name, None, name, f"'{name}' must be a list of records")
            return []
        out = []
        for i, item in enumerate(raw):
            if not isinstance(item, dict):
                self.add(raw, i, f"{name}[{i}]", f"{name}[{i}]", f"each entry of '{name}' must be a mapping")
                continue
            out.append((i, item))
        return out

    def read(self) -> Case | None:
        if not isinstance(self.doc, dict):
            self.add(self.doc, None, None, None, "a case file must be a YAML mapping with sections "
                     + ", ".join(SECTIONS))
            return None
        for key in self.doc:
            if key not in SECTIONS:
                self.add(self.doc, key, None, str(key), f"unknown section {key!r}",
                         hint=self.suggest(str(key), SECTIONS, "section"))
        info = self.read_info()
        self._language = info.language if info else None  # an event's title is in the case's language
        sources = self.read_simple("sources", Source)
        evidence, inline_evidence = self.read_simple("evidence", Evidence), []
        actors = self.read_actors()
        relations = self.read_relations(inline_evidence)
        events = self.read_events()
        claims = self.read_simple("claims", Claim, dates=("date",))
        designations = self.read_simple("designations", Designation, dates=("listed_from", "listed_to"))
        case = Case(info or CaseInfo("unnamed", "unnamed"), actors, sources, evidence + inline_evidence,
                    relations, events, claims, designations, self.read_identity())
        self.cross_check(case)
        return case

    def read_info(self) -> CaseInfo | None:
        node = self.doc.get("case")
        if not isinstance(node, dict):
            self.add(self.doc, "case" if "case" in self.doc else None, None, "case",
                     "missing 'case:' header with at least id and title", hint="case: {id: my-case, title: My case}")
            return None
        missing = [k for k in ("id", "title") if not node.get(k)]
        for k in missing:
            self.add(node, None, "case", f"case.{k}", f"the case header needs '{k}'")
        extra = set(node) - {"id", "title", "description", "language", "notes"}
        for k in sorted(extra):
            self.add(node, k, "case", f"case.{k}", f"unknown field {k!r} in the case header")
        if missing:
            return None
        if not re.fullmatch(SLUG_PATTERN, str(node["id"])):  # it becomes the dataset id (case:<id>) and file names
            self.add(node, "id", "case", "case.id", f"case id {str(node['id'])[:80]!r} is not an id",
                     hint="ids are lower-case slugs: letters, digits, '-', '_', '.', ':' (no '/' or spaces)")
            return None
        return CaseInfo(str(node["id"]), str(node["title"]), node.get("description"), node.get("language"))

    def read_simple(self, name: str, model, dates: tuple[str, ...] = ()) -> list:
        out = []
        for i, node in self.section(name):
            record = str(node.get("id", f"{name}[{i}]"))
            data = dict(node)
            for d in dates + (("date",) if name == "sources" else ()):
                if data.get(d) is not None:
                    try:
                        data[d], precision = parse_partial_date(data[d])
                        if name == "sources" and "date_precision" not in data:
                            data["date_precision"] = precision
                    except ValueError as exc:
                        self.add(node, d, record, d, str(exc))
                        data.pop(d)
            obj = self.validate(model, data, node, record)
            if obj is not None:
                out.append((obj, node, i))
        self._duplicates(name, out)
        return [o for o, _, _ in out]

    def read_actors(self) -> list[Actor]:
        out = []
        for i, node in self.section("actors"):
            record = str(node.get("id", f"actors[{i}]"))
            data = dict(node)
            names = list(data.pop("names", []) or [])
            if "name" in data:
                names.insert(0, {"name": data.pop("name"), **({"lang": data.pop("lang")} if "lang" in data else {})})
            for alias in data.pop("aliases", []) or []:
                names.append({"name": alias, "type": "alias"} if isinstance(alias, str) else alias)
            data["names"] = [n if isinstance(n, dict) else {"name": str(n)} for n in names]
            if not data["names"]:
                self.add(node, None, record, "name", "an actor needs a name", hint="name: Example Ltd")
                continue
            if "identifiers" in data and isinstance(data["identifiers"], dict):
                data["identifiers"] = {str(k): str(v) for k, v in data["identifiers"].items()}
            obj = self.validate(Actor, data, node, record)
            if obj is not None:
                out.append((obj, node, i))
        self._duplicates("actors", out)
        return [o for o, _, _ in out]

    def read_relations(self, inline_evidence: list[Evidence]) -> list[Relation]:
        out = []
        for i, node in self.section("relations"):
            record = str(node.get("id", f"relations[{i}]"))
            data: dict[str, Any] = {}
            attrs: dict[str, Any] = {}
            key_map: dict[str, str] = {}
            for k, v in node.items():
                canon = RELATION_ALIASES.get(k, k)
                key_map[canon] = k
                (data if canon in COMMON_FIELDS else attrs)[canon] = v
            validity: dict[str, Any] = {}
            for end in ("valid_from", "valid_to"):
                if data.get(end) is not None:
                    try:
                        day, prec = parse_partial_date(data.pop(end))
                        validity[end] = day
                        validity["from_precision" if end == "valid_from" else "to_precision"] = prec
                    except ValueError as exc:
                        self.add(node, key_map.get(end, end), record, key_map.get(end, end), str(exc))
                else:
                    data.pop(end, None)
            data["validity"] = validity
            if data.get("share") is not None:
                from kingmaker.model import Share
                from kingmaker.model.share import DECIMAL_COMMA_HINT, decimal_comma
                try:
                    data["share"] = Share.parse(data["share"])
                except (ValueError, ValidationError) as exc:
                    msg = exc.errors()[0]["msg"] if isinstance(exc, ValidationError) else str(exc)
                    self.add(node, "share", record, "share", msg.removeprefix("Value error, "),
                             hint=f"{DECIMAL_COMMA_HINT}; a percentage 0–100" if decimal_comma(data["share"]) else
                             "a percentage 0–100, e.g. 49, \"(25, 50]\" or {min: 25, exclusive_max: 50}")
                    continue
            data["evidence"] = self._evidence_refs(node, record, data.get("evidence"), inline_evidence)
            data["attrs"] = attrs
            obj = self.validate(Relation, data, node, record, key_map)
            if obj is not None:
                out.append((obj, node, i))
        self._duplicates("relations", out)
        self._relation_nodes = {o.id: (n, i) for o, n, i in out}
        return [o for o, _, _ in out]

    def _evidence_refs(self, node, record, raw, inline_evidence: list[Evidence]) -> list[str]:
        if raw is None:
            return []
        if isinstance(raw, (str, dict)):
            raw = [raw]
        refs = []
        for j, item in enumerate(raw):
            if isinstance(item, dict):  # inline evidence: {source, quote, reference, reliability}
                ev_id = str(item.get("id") or f"{record}.ev{j + 1}")
                ev = self.validate(Evidence, {"id": ev_id, **item}, item, record)
                if ev is not None:
                    inline_evidence.append(ev)
                    refs.append(ev_id)
            else:
                refs.append(str(item))
        return refs

    def read_events(self) -> list[Event]:
        out = []
        for i, node in self.section("events"):
            record = str(node.get("id", f"events[{i}]"))
            data = dict(node)
            if data.get("date") is not None:
                try:
                    data["date"], data["date_precision"] = parse_partial_date(data["date"])
                except ValueError as exc:
                    self.add(node, "date", record, "date", str(exc))
                    continue
            if self._language and not data.get("language"):
                data["language"] = self._language
            obj = self.validate(Event, data, node, record)
            if obj is not None:
                out.append((obj, node, i))
        self._duplicates("events", out)
        self._event_nodes = {o.id: n for o, n, _ in out}
        return [o for o, _, _ in out]

    def read_identity(self) -> list[IdentityRule]:
        """The ``identity`` section: merges and splits stated by hand (``- merge: [ID, ID]`` or
        ``- split: [ID, ID]``, with an optional ``note``), each remembered with its ``file:line``."""
        out = []
        for i, node in self.section("identity"):
            record = f"identity[{i}]"
            actions = [k for k in ("merge", "split") if k in node]
            for k in node:
                if k not in ("merge", "split", "note"):
                    self.add(node, k, record, str(k), f"unknown field {k!r} in an identity entry",
                             hint="an entry is {merge: [ID, ID], note: why} or {split: [ID, ID], note: why}")
            if len(actions) != 1:
                self.add(node, None, record, "merge", "an identity entry states one merge or one split",
                         hint="merge: [bods:acme-a, gb-coh:01234567]")
                continue
            action = actions[0]
            ids = node[action]
            if (not isinstance(ids, list) or len(ids) != 2
                    or not all(isinstance(x, str) and x.strip() for x in ids)):
                self.add(node, action, record, action, f"{action} names two actor ids",
                         hint=f"{action}: [FIRST-ID, SECOND-ID]")
                continue
            note = node.get("note")
            out.append((IdentityRule(action, ids[0].strip(), ids[1].strip(), f"{self.path}:{self.line(node, action)}",
                                     str(note) if note is not None else None), node, record))
        self._identity_nodes = out
        return [r for r, _, _ in out]

    def _duplicates(self, section: str, items: list) -> None:
        seen: dict[str, int] = {}
        for obj, node, i in items:
            if obj.id in seen:
                self.add(node, "id", obj.id, "id", f"duplicate {section} id {obj.id!r} (first at line {seen[obj.id]})",
                         hint="ids must be unique within a section")
            else:
                seen[obj.id] = self.line(node, "id") or 0

    # -- cross-record checks ---------------------------------------------------------------------
    def cross_check(self, case: Case) -> None:
        actor_ids = {a.id for a in case.actors} | self.known_actors
        evidence_ids = {e.id for e in case.evidence}
        source_ids = {s.id for s in case.sources}
        rel_nodes = getattr(self, "_relation_nodes", {})
        ev_nodes = getattr(self, "_event_nodes", {})
        evidence_nodes = {str(n.get("id")): n for _, n in self.section("evidence")}

        for e in case.evidence:
            if e.source not in source_ids:
                node = evidence_nodes.get(e.id)
                self.add(node, "source", e.id, "source", f"unknown source {e.source!r}",
                         hint=self.suggest(e.source, source_ids, "source"))
        events_by_id = {e.id: e for e in case.events}
        for r in case.relations:
            node, _ = rel_nodes.get(r.id, (None, None))
            for role in ("holder", "subject"):
                ref = getattr(r, role)
                if ref not in actor_ids:
                    self.add(node, role, r.id, role, f"unknown actor {ref!r}",
                             hint=self.suggest(ref, actor_ids, "actor"))
            for ref in r.evidence:
                if ref not in evidence_ids:
                    self.add(node, "evidence", r.id, "evidence", f"unknown evidence {ref!r}",
                             hint=self.suggest(ref, evidence_ids, "evidence item"))
            if not r.evidence:
                self.add(node, "id", r.id, "evidence", "relation has no evidence", severity="warning",
                         hint="add evidence: [an-evidence-id] so readers can check the fact")
            for attr, end in (("started_by", "valid_from"), ("ended_by", "valid_to")):
                ev_id = getattr(r, attr)
                if ev_id is not None and ev_id not in events_by_id:
                    self.add(node, attr, r.id, attr, f"unknown event {ev_id!r}",
                             hint=self.suggest(ev_id, events_by_id, "event"))
            if r.kind is RelationKind.offer:
                for acc in r.acceptances:
                    for ref in acc.evidence:
                        if ref not in evidence_ids:
                            self.add(node, "acceptances", r.id, "acceptances.evidence", f"unknown evidence {ref!r}",
                                     hint=self.suggest(ref, evidence_ids, "evidence item"))
        for e in case.events:
            node = ev_nodes.get(e.id)
            for ref in e.actors:
                if ref not in actor_ids:
                    self.add(node, "actors", e.id, "actors", f"unknown actor {ref!r}",
                             hint=self.suggest(ref, actor_ids, "actor"))
            for ref in e.evidence:
                if ref not in evidence_ids:
                    self.add(node, "evidence", e.id, "evidence", f"unknown evidence {ref!r}",
                             hint=self.suggest(ref, evidence_ids, "evidence item"))
            if e.vote is not None:
                for ref in (e.vote.body,) + e.vote.yes + e.vote.no + e.vote.abstain + e.vote.absent:
                    if ref not in actor_ids:
                        self.add(node, "vote", e.id, "vote", f"unknown actor {ref!r}",
                                 hint=self.suggest(ref, actor_ids, "actor"))
            if not e.evidence:
                self.add(node, "id", e.id, "evidence", "event has no evidence", severity="warning")
            for listname in ("opens", "closes"):
                for ref in getattr(e, listname):
                    if ref not in rel_nodes:
                        self.add(node, listname, e.id, listname, f"unknown relation {ref!r}",
                                 hint=self.suggest(ref, rel_nodes, "relation"))
        self.check_designations(case, actor_ids, evidence_ids)
        self.check_identity(actor_ids, {a.id: a for a in case.actors})
        actor_nodes = {str(n.get("id")): n for _, n in self.section("actors")}
        for a in case.actors:
            node = actor_nodes.get(a.id)
            if a.origin is not None and a.origin not in actor_ids:
                self.add(node, "origin", a.id, "origin", f"unknown actor {a.origin!r}",
                         hint=self.suggest(a.origin, actor_ids, "actor"))
            for t in a.turnout:
                for ref in t.evidence:
                    if ref not in evidence_ids:
                        self.add(node, "turnout", a.id, "turnout.evidence", f"unknown evidence {ref!r}",
                                 hint=self.suggest(ref, evidence_ids, "evidence item"))
        claim_nodes = {str(n.get("id")): n for _, n in self.section("claims")}
        for c in case.claims:
            for ref in c.evidence + c.outcome_evidence:
                if ref not in evidence_ids:
                    self.add(claim_nodes.get(c.id), "evidence", c.id, "evidence", f"unknown evidence {ref!r}",
                             hint=self.suggest(ref, evidence_ids, "evidence item"))
        if not any(p.severity == "error" for p in self.problems):
            case.relations[:] = self.apply_events(case)
            for idx, subject, day, total in voting_overflows(case.relations):
                r = case.relations[idx]
                node, _ = rel_nodes.get(r.id, (None, None))
                self.add(node, "share", r.id, "share",
                         f"voting rights in {subject!r} add up to at least {total}% on {day or 'the start'}",
                         hint="check the shares and validity dates of the voting_rights relations on this subject")
            for neg, pos, day in absence_conflicts(case.relations):
                node, _ = rel_nodes.get(neg.id, (None, None))
                self.add(node, "what", neg.id, "what",
                         f"records that {neg.holder!r} holds no {neg.what.replace('_', ' ')} in {neg.subject!r}, "
                         f"but relation {pos.id!r} records one on {day or 'the same dates'}",
                         hint="correct one of them, or give them validity dates that do not overlap (from/to)")
            actor_nodes = {str(n.get("id")): n for _, n in self.section("actors")}
            for subject, size, day, count in board_overflows(case.actors, case.relations):
                self.add(actor_nodes.get(subject), "board_size", subject, "board_size",
                         f"the board of {subject!r} is stated to have {size} voting seats, but {count} are recorded "
                         f"on {day or 'the start'}",
                         hint="correct board_size, or the voting seats' validity dates (a seat's `to` is the first "
                              "day it no longer holds)")

    def _one_event(self, node, r: Relation, attr: str, verb: str, listing: list[Event],
                   events_by_id: dict[str, Event]) -> Event | None:
        """The one event that opens (or closes) ``r``: named by ``r.started_by``/``ended_by`` or listing it
        in its ``opens``/``closes``. Two different ones is an error naming both (never one silently ignored)."""
        named = events_by_id.get(getattr(r, attr)) if getattr(r, attr) else None
        found = list({e.id: e for e in ([named] if named else []) + listing}.values())
        if len(found) > 1:
            which = " and ".join(f"{e.id!r} ({e.date})" for e in found[:3])
            self.add(node, attr if named else "id", r.id, attr,
                     f"{'started' if verb == 'opens' else 'ended'} by more than one event: {which}",
                     hint=f"keep one: drop {r.id!r} from the other events' '{verb}', or correct '{attr}'")
        return found[0] if found else None

    def check_identity(self, actor_ids: set[str], own: dict[str, Actor]) -> None:
        """Each merge or split names two different actors of the file or the store; a merge of a natural
        person with an entity is refused here for the file's own actors (the store checks the rest as it
        keeps the rules, :meth:`kingmaker.store.store.Store.write_cases`)."""
        from kingmaker.model.identity import check_rules

        for rule, node, record in getattr(self, "_identity_nodes", []):
            unknown = [x for x in (rule.first, rule.second) if x not in actor_ids]
            for ref in unknown:
                self.add(node, rule.action, record, rule.action, f"unknown actor {ref!r}",
                         hint=self.suggest(ref, actor_ids, "actor"))
            if unknown:
                continue
            if rule.first == rule.second:
                self.add(node, rule.action, record, rule.action, f"{rule.action} names {rule.first!r} twice")
            elif rule.first in own and rule.second in own:
                for message in check_rules([rule], own):
                    self.add(node, rule.action, record, rule.action, message.split(": ", 1)[-1])

    def check_designations(self, case: Case, actor_ids: set[str], evidence_ids: set[str]) -> None:
        """Lists must be known (an error); a designation of an actor that is neither in the file nor in the
        store is a warning and is left out (a sanctions list names many parties a case never mentions)."""
        from kingmaker.errors import UserError
        from kingmaker.model.designation import check_list

        nodes = {str(n.get("id")): n for _, n in self.section("designations")}
        kept = []
        for d in case.designations:
            node = nodes.get(d.id)
            try:
                check_list(d.list)
            except UserError as exc:
                self.add(node, "list", d.id, "list", str(exc))
            for ref in d.evidence:
                if ref not in evidence_ids:
                    self.add(node, "evidence", d.id, "evidence", f"unknown evidence {ref!r}",
                             hint=self.suggest(ref, evidence_ids, "evidence item"))
            if d.actor not in actor_ids:
                self.add(node, "actor", d.id, "actor", f"designated actor {d.actor!r} is not in this file or the "
                         "store; this designation is left out", hint=self.suggest(d.actor, actor_ids, "actor"),
                         severity="warning")
                continue
            kept.append(d)
        case.designations[:] = kept

    def apply_events(self, case: Case) -> list[Relation]:
        """Give relations the dates of the events that open and close them (and check they agree)."""
        starts: dict[str, list[Event]] = {}
        ends: dict[str, list[Event]] = {}
        for e in case.events:
            for ref in e.opens:
                starts.setdefault(ref, []).append(e)
            for ref in e.closes:
                ends.setdefault(ref, []).append(e)
        events_by_id = {e.id: e for e in case.events}
        out = []
        rel_nodes = getattr(self, "_relation_nodes", {})
        for r in case.relations:
            node, _ = rel_nodes.get(r.id, (None, None))
            start = self._one_event(node, r, "started_by", "opens", starts.get(r.id, []), events_by_id)
            end = self._one_event(node, r, "ended_by", "closes", ends.get(r.id, []), events_by_id)
            v = r.validity
            update: dict[str, Any] = {}
            for ev, end_name, attr in ((start, "valid_from", "started_by"), (end, "valid_to", "ended_by")):
                if ev is None:
                    continue
                current = getattr(v, end_name)
                if current is not None and current != ev.date:
                    self.add(node, end_name, r.id, end_name,
                             f"{end_name} {current} disagrees with event {ev.id!r} dated {ev.date}",
                             hint="drop the date and let the event set it, or correct one of them")
                    continue
                update[end_name] = ev.date
                update[attr] = ev.id
            if update:
                try:
                    validity = Validity(**{**v.model_dump(), **{k: x for k, x in update.items() if k.startswith("valid")}})
                except ValidationError as exc:
                    self.add(node, None, r.id, "valid_to", exc.errors()[0]["msg"].removeprefix("Value error, "))
                    out.append(r)
                    continue
                r = r.model_copy(update={"validity": validity, **{k: x for k, x in update.items() if not k.startswith("valid")}})
            empty = empty_validity(r.validity.valid_from, r.validity.valid_to, r.validity.from_precision,
                                   r.validity.to_precision)
            if empty:
                self.add(node, "to", r.id, "valid_to", empty[0], severity="warning", hint=empty[1])
            out.append(r)
        return out


def _hint_for(err: dict) -> str | None:
    typ = err.get("type", "")
    if typ == "missing":
        return "add this field"
    if typ == "extra_forbidden":
        return "remove it, or check its spelling against docs/case-format.md"
    if typ in ("enum", "literal_error"):
        return "allowed: " + str(err.get("ctx", {}).get("expected", ""))
    if typ == "string_pattern_mismatch":
        return "ids are lower-case slugs: letters, digits, '-', '_', '.', ':'"
    return None


class _Constructor(RoundTripConstructor):
    """Round-trip constructor that leaves dates as text, so a bad date is reported on its line."""


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", lambda self, node: self.construct_scalar(node))


def parse_yaml(path: Path) -> Any:
    """The case file's YAML tree (round-trip, so every node knows its line), read within the limits
    of :mod:`kingmaker.io.limits` (:func:`kingmaker.io.yaml_input.read_yaml`)."""
    return read_yaml(path, typ="rt", constructor=_Constructor)


def read_case(path: str | Path, known_actors: set[str] | None = None) -> CaseReadResult:
    """Read and validate a case file. Raises :class:`InvalidInput` listing every error."""
    path = Path(path)
    doc = parse_yaml(path)
    assert_no_candidates(doc, str(path))  # an extracted fragment loads only once a person has reviewed it
    reader = _Reader(str(path), doc, set(known_actors or ()))
    case = reader.read()
    errors = [p for p in reader.problems if p.severity == "error"]
    if errors or case is None:
        raise InvalidInput(reader.problems or [Problem(str(path), "empty case file")])
    return CaseReadResult(case, [p for p in reader.problems if p.severity == "warning"])


def case_dataset_id(path: str | Path) -> str | None:
    """The id of the dataset a case file loads as (``case:<case id>``), or None where it has none (its read says
    why)."""
    try:
        doc = parse_yaml(Path(path))
    except InvalidInput:
        return None
    node = doc.get("case") if isinstance(doc, dict) else None
    return f"case:{node['id']}" if isinstance(node, dict) and node.get("id") else None


def declared_actor_ids(path: str | Path) -> set[str]:
    """Actor ids a case file defines (for cross-file references in one load); tolerant of errors."""
    try:
        doc = parse_yaml(Path(path))
    except InvalidInput:
        return set()
    if not isinstance(doc, dict) or not isinstance(doc.get("actors"), list):
        return set()
    return {str(a["id"]) for a in doc["actors"] if isinstance(a, dict) and "id" in a}
