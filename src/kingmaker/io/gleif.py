"""GLEIF Legal Entity Identifier data (https://www.gleif.org/en/lei-data/gleif-golden-copy): Level 1
LEI-CDF records ("who is who"), Level 2 relationship records ("who owns whom", RR-CDF) and reporting
exceptions (why a parent is not reported), from the XML files and from the golden-copy CSV files.

* LEI record → actor ``lei:<lei>`` (``FUND`` → fund, ``RESIDENT_GOVERNMENT_ENTITY`` → state body,
  otherwise company), legal and other names, the LEI and registration-authority id, jurisdiction.
* Relationship record (StartNode = child, EndNode = parent) → relation parent → child:
  ``IS_DIRECTLY_CONSOLIDATED_BY`` / ``IS_ULTIMATELY_CONSOLIDATED_BY`` → ``consolidation`` (level direct /
  ultimate; accounting standard from the qualifiers; status), an ``ACCOUNTING_CONSOLIDATION`` quantifier in
  ``PERCENTAGE`` as the share; ``IS_FUND-MANAGED_BY`` / ``IS_SUBFUND_OF`` / ``IS_FEEDER_TO`` /
  ``IS_INTERNATIONAL_BRANCH_OF`` → ``other_influence`` (or ``shareholding`` for a feeder fund). The
  ``RELATIONSHIP_PERIOD`` gives the validity; ``interest_type`` keeps the GLEIF type verbatim.
* Reporting exception → an unknown party (reason mapped to the BODS unspecifiedReason codelist, the GLEIF
  category, reason and reference kept word for word in its description) holding a consolidation
  relation of the category's level over the entity.
"""
from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path
from typing import Iterator

from kingmaker.errors import LimitExceeded
from kingmaker.io.common import (CaseBuffer, Problems, StreamRead, as_reader, chunked,
                                 model_error, open_stream, payload_note, repeated_columns)
from kingmaker.io.compressed import inner_suffix, input_problem, open_input
from kingmaker.io.limits import current
from kingmaker.io.registry import Format, register
from kingmaker.model.kinds import GLEIF_RELATIONSHIP_KINDS
from kingmaker.model import (Actor, ActorKind, CaseInfo, Evidence, Name, Relation, RelationKind, Reliability,
                             Share, Source, UnspecifiedReason, Validity, parse_partial_date)

NS = {"lei": "http://www.gleif.org/data/schema/leidata/2016", "rr": "http://www.gleif.org/data/schema/rr/2016",
      "repex": "http://www.gleif.org/data/schema/repex/2016"}
#: GLEIF relationship type → (relation kind, attributes), from the one declaration of kinds (``gleif_in``)
RELATIONSHIP_KINDS = GLEIF_RELATIONSHIP_KINDS
#: GLEIF ExceptionReason → BODS unspecifiedReason (the GLEIF code stays verbatim in the description).
EXCEPTION_REASONS = {
    "NO_KNOWN_PERSON": UnspecifiedReason.noBeneficialOwners,
    "NATURAL_PERSONS": UnspecifiedReason.interestedPartyExemptFromDisclosure,
    "NON_CONSOLIDATING": UnspecifiedReason.subjectExemptFromDisclosure,
    "NON_PUBLIC": UnspecifiedReason.interestedPartyExemptFromDisclosure,
    "BINDING_LEGAL_COMMITMENTS": UnspecifiedReason.interestedPartyExemptFromDisclosure,
    "LEGAL_OBSTACLES": UnspecifiedReason.interestedPartyExemptFromDisclosure,
    "DISCLOSURE_DETRIMENTAL": UnspecifiedReason.interestedPartyExemptFromDisclosure,
    "DETRIMENT_NOT_EXCLUDED": UnspecifiedReason.interestedPartyExemptFromDisclosure,
    "CONSENT_NOT_OBTAINED": UnspecifiedReason.interestedPartyHasNotProvidedInformation,
}
ENTITY_KINDS = {"FUND": ActorKind.fund, "RESIDENT_GOVERNMENT_ENTITY": ActorKind.state_body}


def actor_id(lei: str) -> str:
    return f"lei:{lei.strip().lower()}"


_LEI = re.compile(r"[A-Za-z0-9]{18}[0-9]{2}")


def lei_problem(lei: str) -> str | None:
    """Why ``lei`` is not an LEI (ISO 17442: 18 letters or digits and two check digits), or None."""
    if _LEI.fullmatch(lei or ""):
        return None
    return f"{lei!r} is not an LEI (20 characters: 18 letters or digits, then two check digits)"


def _day(value: str | None) -> date | None:
    return parse_partial_date(value)[0] if value else None


# -- flat records: XML and CSV both become dicts with golden-copy CSV column names ------------------
def _xml_records(path: Path, problems: Problems) -> Iterator[tuple[str, int, dict]]:
    from lxml import etree

    tags = {f"{{{NS['lei']}}}LEIRecord": "lei", f"{{{NS['rr']}}}RelationshipRecord": "rr",
            f"{{{NS['repex']}}}Exception": "repex"}
    n = 0
    depth = current().max_depth
    try:
        with open_input(path) as fh:
            for _, el in etree.iterparse(fh, events=("end",), tag=list(tags), huge_tree=True,
                                         resolve_entities=False, no_network=True, load_dtd=False):
                n += 1
                flat = _flatten(el, depth)
                if flat is None:
                    problems.extend([LimitExceeded.problem(path, f"a record with elements nested over {depth} levels "
                                                                 "deep", "max_depth", depth, line=el.sourceline,
                                                           field=el.tag.rsplit("}", 1)[-1])])
                    flat = {}
                yield tags[el.tag], el.sourceline or 0, flat
                el.clear()
                while el.getprevious() is not None:
                    del el.getparent()[0]
    except etree.XMLSyntaxError as exc:
        problems.add(f"broken XML: {exc.msg}", line=exc.lineno, hint="the file may be truncated")
    except Exception as exc:  # noqa: BLE001 - I/O failures become problems
        p = input_problem(path, exc)
        if p is None:
            raise
        problems.extend([p])


def _flatten(el, limit: int) -> dict | None:
    """An XML record as golden-copy CSV columns: ``Entity.LegalName``, ``Relationship.Period.1.startDate``…
    (None when its elements nest deeper than ``limit``, the ``max_depth`` in force)."""
    out: dict[str, str] = {}

    def local(tag) -> str:
        return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""

    def walk(node, prefix: str, level: int = 1) -> None:
        if level > limit:
            raise _TooDeep
        counts: dict[str, int] = {}
        for child in node:
            name = local(child.tag)
            if not name or name == "Extension":
                continue
            if name in ("RelationshipPeriod", "RelationshipQualifier", "RelationshipQuantifier", "OtherEntityName",
                        "ExceptionReason", "ExceptionReference"):
                counts[name] = counts.get(name, 0) + 1
                label = {"RelationshipPeriod": "Period", "RelationshipQualifier": "Qualifiers",
                         "RelationshipQuantifier": "Quantifiers"}.get(name, name)
                key = f"{prefix}{label}.{counts[name]}" if not prefix.endswith(f"{label}s.") else f"{prefix}{counts[name]}"
                if name in ("OtherEntityName", "ExceptionReason", "ExceptionReference"):
                    out[key] = (child.text or "").strip()
                    if child.get("type"):
                        out[key + ".type"] = child.get("type")
                    continue
                walk(child, key + ".", level + 1)
                continue
            if name in ("RelationshipPeriods", "RelationshipQualifiers", "RelationshipQuantifiers", "OtherEntityNames"):
                walk(child, prefix, level + 1)
                continue
            if len(child):
                walk(child, f"{prefix}{name}.", level + 1)
            else:
                out[prefix + name] = (child.text or "").strip()
                lang = child.get("{http://www.w3.org/XML/1998/namespace}lang")
                if lang:
                    out[prefix + name + ".xmllang"] = lang

    try:
        walk(el, "")
    except _TooDeep:
        return None
    return out


class _TooDeep(Exception):
    pass


def _csv_records(path: Path, problems: Problems) -> Iterator[tuple[str, int, dict]]:
    try:
        with open_input(path) as fh:
            reader = csv.DictReader(io.TextIOWrapper(fh, encoding="utf-8-sig", newline=""))
            cols = reader.fieldnames or []
            kind = ("rr" if "Relationship.StartNode.NodeID" in cols else
                    "repex" if "ExceptionCategory" in cols else "lei" if "LEI" in cols else None)
            if kind is None:
                problems.add("not a GLEIF golden-copy CSV: no LEI, Relationship.StartNode.NodeID or "
                             "ExceptionCategory column", line=1)
                return
            if (twice := repeated_columns(path, cols)) is not None:
                problems.add(twice.message, line=1, field=twice.field, hint=twice.hint)
                return
            reader.restval, reader.restkey = _SHORT, _LONG
            for row in reader:
                if _LONG in row or _SHORT in row.values():
                    got = len(cols) + len(row.get(_LONG) or ()) - sum(v is _SHORT for v in row.values())
                    problems.add(f"this row has {got} fields, the header {len(cols)}"
                                 + (" (is the file cut off?)" if _SHORT in row.values() else ""),
                                 line=reader.line_num, record=f"row {reader.line_num}",
                                 hint="every row needs one field per column; quote fields that hold commas")
                    continue
                yield kind, reader.line_num, {k: (v or "").strip() for k, v in row.items() if k}
    except csv.Error as exc:
        problems.add(f"broken CSV: {exc}")
    except Exception as exc:  # noqa: BLE001 - I/O and decoding failures become problems
        p = input_problem(path, exc)
        if p is None:
            raise
        problems.extend([p])


_SHORT, _LONG = object(), "\x00extra fields"


def _get(rec: dict, *names: str) -> str:
    for n in names:
        if rec.get(n):
            return rec[n]
    return ""


class _Mapper:
    def __init__(self, path: Path, known: set[str], problems: Problems, ds: str):
        self.path, self.known, self.problems, self.ds = path, known, problems, ds
        self.source = Source(id=f"gleif:{ds}:src", title=f"GLEIF LEI data: {path.name}", publisher="GLEIF",
                             url="https://www.gleif.org/en/lei-data/gleif-golden-copy")
        self.placeholders: set[str] = set()
        self.seen: dict[str, int] = {}

    def lei_record(self, rec: dict, line: int) -> Actor | None:
        lei = rec.get("LEI", "")
        bad = lei_problem(lei)
        if bad:
            self.problems.add(bad, line=line, record=f"LEI {lei}", field="LEI")
            return None
        if lei in self.seen:
            self.problems.add(f"duplicate LEI record (first on line {self.seen[lei]})", line=line, record=f"LEI {lei}",
                              field="LEI", kind="duplicate LEI")
            return None
        self.seen[lei] = line
        names = []
        if rec.get("Entity.LegalName"):
            names.append(Name(name=rec["Entity.LegalName"], lang=rec.get("Entity.LegalName.xmllang") or None,
                              type="legal"))
        i = 1
        while f"Entity.OtherEntityName.{i}" in rec or f"Entity.OtherEntityNames.OtherEntityName.{i}" in rec:
            n = _get(rec, f"Entity.OtherEntityName.{i}", f"Entity.OtherEntityNames.OtherEntityName.{i}")
            t = _get(rec, f"Entity.OtherEntityName.{i}.type", f"Entity.OtherEntityNames.OtherEntityName.{i}.type")
            if n:
                names.append(Name(name=n, type=t.lower() or "other"))
            i += 1
        identifiers = {"LEI": lei}
        ra = _get(rec, "Entity.RegistrationAuthority.RegistrationAuthorityID")
        ra_id = _get(rec, "Entity.RegistrationAuthority.RegistrationAuthorityEntityID")
        if ra and ra_id:
            identifiers[ra] = ra_id
        keep = {k: v for k, v in rec.items() if v and (k.startswith(("Entity.EntityCategory", "Entity.EntityStatus",
                                                                    "Entity.LegalForm", "Entity.EntityCreationDate",
                                                                    "Registration.")) or k == "Entity.LegalAddress.Country")}
        try:
            return Actor(id=actor_id(lei), kind=ENTITY_KINDS.get(rec.get("Entity.EntityCategory", ""), ActorKind.company),
                         names=tuple(names or [Name(name=f"LEI {lei}")]), identifiers=identifiers,
                         jurisdiction=rec.get("Entity.LegalJurisdiction") or None, extra={"gleif": keep})
        except ValueError as exc:
            self.problems.add(f"cannot read this LEI record: {model_error(exc)}", line=line, record=f"LEI {lei}")
            return None

    def party(self, lei: str, line: int, label: str, fieldname: str, buf: CaseBuffer, declared: set[str]) -> str:
        aid = actor_id(lei)
        if aid not in declared and aid not in self.known and aid not in self.placeholders:
            self.placeholders.add(aid)
            buf.actors.append(Actor(id=aid, kind=ActorKind.company, names=(Name(name=f"LEI {lei}"),),
                                    identifiers={"LEI": lei}, extra={"gleif": {"placeholder": True}}))
            self.problems.warn(f"LEI {lei} has no Level 1 record in this load; added with its LEI as name",
                               line=line, record=label, field=fieldname, kind="LEI without Level 1 record")
        return aid

    def relationship(self, rec: dict, line: int, buf: CaseBuffer, declared: set[str]) -> None:
        child, parent = rec.get("Relationship.StartNode.NodeID", ""), rec.get("Relationship.EndNode.NodeID", "")
        rtype = rec.get("Relationship.RelationshipType", "")
        label = f"relationship {child} {rtype} {parent}"
        if not child or not parent:
            self.problems.add("a relationship record needs a StartNode and an EndNode", line=line, record=label,
                              field="Relationship.StartNode.NodeID" if not child else "Relationship.EndNode.NodeID")
            return
        for node, fieldname in ((child, "Relationship.StartNode.NodeID"), (parent, "Relationship.EndNode.NodeID")):
            if lei_problem(node):
                self.problems.add(lei_problem(node), line=line, record=label, field=fieldname)
                return
        kind, attrs = RELATIONSHIP_KINDS.get(rtype, (RelationKind.other_influence,
                                                      {"description": f"GLEIF relationship {rtype}"}))
        attrs = dict(attrs)
        if rtype not in RELATIONSHIP_KINDS:
            self.problems.warn(f"unknown relationship type {rtype!r}; kept as other influence", line=line,
                               record=label, field="Relationship.RelationshipType", kind="unknown relationship type")
        status = rec.get("Relationship.RelationshipStatus") or None
        original, rec = rec, {k.lower(): v for k, v in rec.items()}  # XML says PeriodType, the CSV periodType
        start = end = None
        share = None
        i = 1
        try:
            while f"relationship.period.{i}.periodtype" in rec or f"relationship.period.{i}.startdate" in rec:
                if rec.get(f"relationship.period.{i}.periodtype", "RELATIONSHIP_PERIOD") == "RELATIONSHIP_PERIOD":
                    start = _day(rec.get(f"relationship.period.{i}.startdate"))
                    end = _day(rec.get(f"relationship.period.{i}.enddate"))
                i += 1
        except ValueError as exc:
            self.problems.add(str(exc), line=line, record=label, field=f"Relationship.Period.{i}")
            return
        i = 1
        while f"relationship.qualifiers.{i}.qualifierdimension" in rec:
            if rec[f"relationship.qualifiers.{i}.qualifierdimension"] == "ACCOUNTING_STANDARD" and kind is RelationKind.consolidation:
                attrs["accounting_standard"] = rec.get(f"relationship.qualifiers.{i}.qualifiercategory") or None
            i += 1
        i = 1
        while f"relationship.quantifiers.{i}.measurementmethod" in rec or f"relationship.quantifiers.{i}.quantifieramount" in rec:
            amount = rec.get(f"relationship.quantifiers.{i}.quantifieramount")
            units = rec.get(f"relationship.quantifiers.{i}.quantifierunits", "PERCENTAGE")
            if amount and units == "PERCENTAGE":
                try:
                    share = Share.exact(amount)
                except ValueError as exc:
                    self.problems.add(f"quantifier: {model_error(exc)}", line=line, record=label,
                                      field=f"Relationship.Quantifiers.{i}.QuantifierAmount",
                                      hint="a percentage from 0 to 100")
                    return
            i += 1
        if kind is RelationKind.consolidation:
            attrs["status"] = status
            attrs["registration_status"] = original.get("Registration.RegistrationStatus") or None
        holder = self.party(parent, line, label, "Relationship.EndNode.NodeID", buf, declared)
        subject = self.party(child, line, label, "Relationship.StartNode.NodeID", buf, declared)
        rid = f"gleif:{self.ds}:{child.lower()}:{rtype.lower()}:{parent.lower()}"
        try:
            ev = Evidence(id=f"{rid}:ev", source=self.source.id, reference=f"{child} {rtype} {parent}",
                          reliability=Reliability.primary, note=payload_note("gleif", original))
            buf.relations.append(Relation(
                id=rid, kind=kind, holder=holder, subject=subject, share=share,
                validity=Validity(valid_from=start, valid_to=end), evidence=(ev.id,), interest_type=rtype,
                direct={"IS_DIRECTLY_CONSOLIDATED_BY": True, "IS_ULTIMATELY_CONSOLIDATED_BY": False}.get(rtype),
                attrs=attrs))
            buf.evidence.append(ev)
        except ValueError as exc:
            self.problems.add(f"cannot read this relationship: {model_error(exc)}", line=line, record=label,
                              hint="dates out of order or a share outside 0–100 %")

    def exception(self, rec: dict, line: int, buf: CaseBuffer, declared: set[str]) -> None:
        lei = rec.get("LEI", "")
        category = rec.get("ExceptionCategory", "")
        reasons = [v for k, v in sorted(rec.items()) if k.startswith("ExceptionReason") and v]
        refs = [v for k, v in sorted(rec.items()) if k.startswith("ExceptionReference") and v]
        label = f"exception {lei} {category}"
        if not lei or not category or not reasons:
            self.problems.add("a reporting exception needs LEI, ExceptionCategory and ExceptionReason", line=line,
                              record=label, field="LEI" if not lei else "ExceptionCategory" if not category
                              else "ExceptionReason")
            return
        if lei_problem(lei):
            self.problems.add(lei_problem(lei), line=line, record=label, field="LEI")
            return
        try:
            self._exception(lei, category, reasons, refs, rec, line, label, buf, declared)
        except ValueError as exc:
            self.problems.add(f"cannot read this reporting exception: {model_error(exc)}", line=line, record=label,
                              field="ExceptionCategory")

    def _exception(self, lei, category, reasons, refs, rec, line, label, buf, declared) -> None:
        level = "ultimate" if category.startswith("ULTIMATE") else "direct"
        reason = EXCEPTION_REASONS.get(reasons[0], UnspecifiedReason.unknown)
        description = f"GLEIF reporting exception {category}: {', '.join(reasons)}" + (
            f" ({'; '.join(refs)})" if refs else "")
        subject = self.party(lei, line, label, "LEI", buf, declared)
        unknown = Actor(id=f"{actor_id(lei)}:{level}-parent", kind=ActorKind.unknown, unspecified_reason=reason,
                        unspecified_description=description,
                        names=(Name(name=f"unreported {level} parent of LEI {lei}"),),
                        extra={"gleif": {"ExceptionCategory": category, "ExceptionReason": reasons,
                                         "ExceptionReference": refs}})
        rid = f"gleif:{self.ds}:{lei.lower()}:{category.lower()}"
        ev = Evidence(id=f"{rid}:ev", source=self.source.id, reference=f"{lei} {category}",
                      reliability=Reliability.primary, note=payload_note("gleif", rec))
        buf.actors.append(unknown)
        buf.relations.append(Relation(id=rid, kind=RelationKind.consolidation, holder=unknown.id, subject=subject,
                                      evidence=(ev.id,), interest_type=category,
                                      attrs={"level": level, "status": "reporting exception"}))
        buf.evidence.append(ev)


def _records(path: Path, problems: Problems):
    return _csv_records(path, problems) if inner_suffix(path) == ".csv" else _xml_records(path, problems)


def declared_actors(path: Path) -> set[str]:
    scratch = Problems(path)
    return {actor_id(r["LEI"]) for kind, _, r in _records(Path(path), scratch) if kind == "lei" and r.get("LEI")}


def _emit(path: Path, known: set[str], problems: Problems, info: CaseInfo, ds: str) -> Iterator:
    mapper = _Mapper(path, known, problems, ds)
    buf = CaseBuffer(info)
    buf.sources.append(mapper.source)
    declared = declared_actors(path) | known

    def steps() -> Iterator[None]:
        for kind, line, rec in _records(path, problems):
            if kind == "lei":
                actor = mapper.lei_record(rec, line)
                if actor is not None:
                    buf.actors.append(actor)
            elif kind == "rr":
                mapper.relationship(rec, line, buf, declared)
            else:
                mapper.exception(rec, line, buf, declared)
            yield None

    yield from chunked(buf, problems, steps())


def stream(path: Path, known_actors: set[str] | None = None, *, sha256: str | None = None) -> StreamRead:
    return open_stream("gleif", path, f"GLEIF data in {Path(path).name}", _emit, known_actors, sha256=sha256)


def detect(path: Path, head: bytes) -> bool:
    if inner_suffix(path) == ".csv":
        first = head.split(b"\n", 1)[0]
        return (first.startswith((b'"LEI","Entity.', b"LEI,Entity.")) or b"Relationship.StartNode.NodeID" in first
                or (b"LEI" in first and b"ExceptionCategory" in first))
    return any(ns.encode() in head for ns in NS.values())


read = as_reader(stream)
register(Format("gleif", "GLEIF LEI Level 1, Level 2 relationships and reporting exceptions (XML or golden-copy "
                         "CSV)", detect, read, declared_actors))
