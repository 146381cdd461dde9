"""UK Companies House "persons with significant control" (PSC) snapshot and company data
(https://download.companieshouse.gov.uk/en_pscdata.html, https://developer-specs.company-information.service.gov.uk/).

* Company data (the JSON objects or the "BasicCompanyData" CSV, columns ``CompanyName``, ``CompanyNumber``,
  …) → actors ``gb-coh:<number>``.
* A PSC snapshot line ``{"company_number", "data": {...}}``: individuals → persons; corporate entities →
  companies (``gb-coh:<number>`` when registered at Companies House, so chains link up); legal persons
  → state bodies; super-secure PSCs → unknown parties (reason ``interestedPartyExemptFromDisclosure``).
  Every ``natures_of_control`` code becomes one relation PSC → company (:func:`nature_of_control`),
  with the register's bands: "ownership-of-shares-25-to-50-percent" means *more than 25 % and at most
  50 %*, the interval (25, 50] (PSC Regulations 2016, Schedule 1A Companies Act 2006). The code stays
  verbatim in ``interest_type``. ``notified_on`` starts and ``ceased_on`` ends the relation.
* PSC statements ("no-individual-or-entity-with-signficant-control", "psc-exists-but-not-identified", …)
  and exemptions become unknown parties whose reason maps the statement and whose description keeps the
  register's code word for word. Snapshot totals lines are skipped.
* A Public Data API list response saved as it came (``GET /company/{company_number}/persons-with-significant-
  control`` or ``…/persons-with-significant-control-statements``, with ``register_view`` or not): each of its
  ``items`` is read as a snapshot line of the company its ``links.self`` names, ceased entries included; a
  page that does not hold the whole list (``start_index``/``total_results``) is read with a warning, since
  answers for that company may then miss PSCs. One file per company and endpoint, as a user saves them when
  assembling a group's history from the API.
"""
from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path
from typing import Any, Iterator

from kingmaker.errors import Problem
from kingmaker.io.common import (CaseBuffer, Problems, StreamRead, as_reader, chunked, key,
                                 model_error, open_stream, payload_note)
from kingmaker.io.compressed import inner_suffix, input_problem, open_input
from kingmaker.io.jsonstream import JsonInputError, JsonRecords
from kingmaker.io.registry import Format, register
from kingmaker.model import (Actor, ActorKind, CaseInfo, Evidence, Name, Relation, RelationKind, Reliability,
                             Share, Source, UnspecifiedReason, Validity, parse_partial_date)

FAMILIES: list[tuple[str, RelationKind, dict]] = [  # longest prefixes first
    ("part-right-to-share-surplus-assets", RelationKind.economic_interest,
     {"description": "right to share in surplus assets (partnership)"}),
    ("right-to-share-surplus-assets", RelationKind.economic_interest, {"description": "right to share in surplus assets"}),
    ("ownership-of-shares", RelationKind.shareholding, {}),
    ("voting-rights", RelationKind.voting_rights, {}),
    ("right-to-appoint-and-remove-directors", RelationKind.appointment_right,
     {"description": "right to appoint and remove directors"}),
    ("right-to-appoint-and-remove-members", RelationKind.appointment_right,
     {"description": "right to appoint and remove members"}),
    ("right-to-appoint-and-remove-person", RelationKind.appointment_right,
     {"description": "right to appoint and remove the person"}),
    ("significant-influence-or-control", RelationKind.other_influence,
     {"description": "significant influence or control"}),
]
BANDS = {"25-to-50-percent": (25, 50), "50-to-75-percent": (50, 75), "75-to-100-percent": (75, 100),
         "more-than-25-percent": (25, 100)}
CAPACITIES = {"as-trust": "held as trustee of (or controlling) a trust",
              "as-firm": "held as a member of (or controlling) a firm",
              "as-control-over-trust": "held through control over a trust",
              "as-control-over-firm": "held through control over a firm"}
SCOPES = ("limited-liability-partnership", "registered-overseas-entity")
STATEMENT_REASONS = {
    "no-individual-or-entity-with-signficant-control": UnspecifiedReason.noBeneficialOwners,
    "no-individual-or-entity-with-significant-control": UnspecifiedReason.noBeneficialOwners,
    "no-individual-or-entity-with-signficant-control-partnership": UnspecifiedReason.noBeneficialOwners,
    "psc-exists-but-not-identified": UnspecifiedReason.subjectUnableToConfirmOrIdentifyBeneficialOwner,
    "psc-details-not-confirmed": UnspecifiedReason.subjectUnableToConfirmOrIdentifyBeneficialOwner,
    "steps-to-find-psc-not-yet-completed": UnspecifiedReason.subjectUnableToConfirmOrIdentifyBeneficialOwner,
    "psc-contacted-but-no-response": UnspecifiedReason.interestedPartyHasNotProvidedInformation,
    "restrictions-notice-issued-to-psc": UnspecifiedReason.interestedPartyHasNotProvidedInformation,
    "psc-has-failed-to-confirm-changed-details": UnspecifiedReason.interestedPartyHasNotProvidedInformation,
}
PARTY_KINDS = {"individual": ActorKind.person, "corporate-entity": ActorKind.company,
               "legal-person": ActorKind.state_body, "super-secure": ActorKind.unknown}
UK_REGISTERS = re.compile(r"companies house|england|wales|scotland|northern ireland|united kingdom|^uk$", re.I)


def nature_of_control(code: str) -> tuple[RelationKind, dict, Share | None, str | None] | None:
    """``(kind, attrs, band, capacity note)`` for a natures_of_control code, ``None`` if unknown.

    >>> kind, attrs, band, note = nature_of_control("ownership-of-shares-25-to-50-percent")
    >>> kind.value, str(band)
    ('shareholding', '(25%, 50%]')
    """
    for prefix, kind, attrs in FAMILIES:
        if code == prefix or code.startswith(prefix + "-"):
            rest = code[len(prefix):].strip("-")
            band = None
            for text, (lo, hi) in BANDS.items():
                if rest.startswith(text):
                    band = Share.interval(lo, hi, lower_inclusive=False)
                    rest = rest[len(text):].strip("-")
                    break
            for scope in SCOPES:
                if rest.endswith(scope):
                    rest = rest[: -len(scope)].strip("-")
            capacity = CAPACITIES.get(rest) if rest else None
            if rest and capacity is None:
                return None
            if (band is None) != (kind in (RelationKind.appointment_right, RelationKind.other_influence)):
                return None
            return kind, dict(attrs), band, capacity
    return None


def company_id(number: str) -> str:
    number = number.strip().upper()
    if number.isdigit():
        number = number.zfill(8)
    return f"gb-coh:{key(number.lower())}"


def _day(value: Any) -> date | None:
    """A register date (``YYYY-MM-DD``); absent, null or blank: none. Any other type is refused (a number such
    as ``20160406`` was read as no date, so a PSC ceased years ago held for ever)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str):
        raise ValueError(f"a date must be written as text YYYY-MM-DD, not {type(value).__name__} {str(value)[:40]}")
    return parse_partial_date(value)[0]


def _uk_date(value: str) -> date | None:
    """Company data dates are DD/MM/YYYY."""
    value = (value or "").strip()
    if not value:
        return None
    m = re.fullmatch(r"(\d{2})/(\d{2})/(\d{4})", value)
    return date(int(m.group(3)), int(m.group(2)), int(m.group(1))) if m else parse_partial_date(value)[0]


def _count(value: Any) -> bool:
    """Whether ``value`` is a whole number >= 0 as JSON gives one (``true`` is not a count)."""
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


_COMPANY_NUMBER = re.compile(r"[A-Za-z0-9]{1,8}")
#: ``links.self`` of a Public Data API PSC list: the company's number and which list
_API_LIST = re.compile(r"/company/([A-Za-z0-9]{1,8})/persons-with-significant-control(-statements)?/?")
_NUMBER_HINT = "8 letters or digits, e.g. 08209948 or SC123456"


class _Mapper:
    def __init__(self, path: Path, known: set[str], problems: Problems, ds: str):
        self.path, self.known, self.problems, self.ds = path, known, problems, ds
        self.source = Source(id=f"psc:{ds}:src", title=f"Companies House PSC data: {path.name}",
                             publisher="Companies House", url="https://download.companieshouse.gov.uk/en_pscdata.html")
        self.companies: set[str] = set()
        self.seen: dict[str, int] = {}
        self.skipped = 0

    def company(self, row: dict, line: int) -> Actor | None:
        number = str(row.get("CompanyNumber") or row.get(" CompanyNumber") or "").strip()
        name = str(row.get("CompanyName") or "").strip()
        if not _COMPANY_NUMBER.fullmatch(number):
            self.problems.add(f"CompanyNumber {number!r} is not a Companies House company number", line=line,
                              field="CompanyNumber", kind="bad CompanyNumber", hint=_NUMBER_HINT)
            return None
        aid = company_id(number)
        category = str(row.get("CompanyCategory") or "")
        kind = ActorKind.partnership if "partnership" in category.lower() else ActorKind.company
        extra = {k.strip(): v for k, v in row.items() if isinstance(k, str) and v not in ("", None)}
        try:
            incorporated = _uk_date(str(row.get("IncorporationDate") or ""))
            dissolved = _uk_date(str(row.get("DissolutionDate") or ""))
        except ValueError as exc:
            self.problems.warn(f"date not understood: {exc}", line=line, record=f"company {number}",
                               field="IncorporationDate", kind="company date")
            incorporated = dissolved = None
        if incorporated and dissolved and dissolved < incorporated:
            self.problems.add(f"dissolved ({dissolved}) before incorporated ({incorporated})", line=line,
                              record=f"company {number}", field="DissolutionDate", hint="dates out of order")
            return None
        self.companies.add(aid)
        return Actor(id=aid, kind=kind, names=(Name(name=name or f"company {number}", type="legal"),),
                     identifiers={"GB-COH": number}, jurisdiction="GB", extra={"psc_company": extra})

    def subject(self, number: str, buf: CaseBuffer) -> str:
        aid = company_id(number)
        if aid not in self.companies and aid not in self.known:
            self.companies.add(aid)
            buf.actors.append(Actor(id=aid, kind=ActorKind.company, names=(Name(name=f"company {number}"),),
                                    identifiers={"GB-COH": number.strip().upper()}, jurisdiction="GB",
                                    extra={"psc_company": {"placeholder": True}}))
        return aid

    def psc_line(self, obj: dict, line: int, buf: CaseBuffer) -> None:
        data = obj.get("data")
        number = obj.get("company_number")
        if not isinstance(data, dict):
            self.problems.add("a PSC line needs a data object", line=line, field="data")
            return
        kind = data.get("kind") if isinstance(data.get("kind"), str) else ""
        if kind.startswith("totals#"):
            self.skipped += 1
            return
        if not isinstance(number, str) or not number.strip():
            self.problems.add("a PSC line needs a company_number", line=line, field="company_number")
            return
        if not _COMPANY_NUMBER.fullmatch(number.strip()):
            self.problems.add(f"company_number {number[:40]!r} is not a Companies House company number", line=line,
                              field="company_number", kind="bad company_number", hint=_NUMBER_HINT)
            return
        link = (data.get("links") or {}).get("self") if isinstance(data.get("links"), dict) else None
        if link is not None and not isinstance(link, str):
            self.problems.add(f"links.self must be the record's path, e.g. /company/01234567/persons-with-significant-"
                              f"control/individual/…, not {link!r}", line=line, field="data.links.self")
            return
        psc_key = link.rsplit("/", 1)[-1] if isinstance(link, str) and link else (data.get("etag") or f"line{line}")
        label = f"PSC {link or psc_key}"
        if psc_key in self.seen:
            self.problems.warn(f"the same PSC record again (first on line {self.seen[psc_key]}); skipped", line=line,
                               record=label, field="links.self", kind="duplicate PSC record")
            return
        self.seen[psc_key] = line
        days = {}
        for name in ("notified_on", "ceased_on"):
            try:
                days[name] = _day(data.get(name))
            except ValueError as exc:
                self.problems.add(str(exc), line=line, record=label, field=name)
                return
        start, end = days["notified_on"], days["ceased_on"]
        if start and end and end < start:
            self.problems.add(f"ceased ({end}) before notified ({start})", line=line, record=label, field="ceased_on",
                              hint="dates out of order")
            return
        subject = self.subject(number, buf)
        ev = Evidence(id=f"psc:{self.ds}:{key(number.lower())}:{key(psc_key)}", source=self.source.id,
                      reference=link or psc_key, reliability=Reliability.primary, note=payload_note("psc", obj))
        if kind == "persons-with-significant-control-statement" or kind == "exemptions":
            self._statement(data, kind, number, subject, start, end, ev, line, label, buf)
            return
        family = next((k for k in PARTY_KINDS if kind.startswith(k)), None)
        if family is None:
            self.problems.warn(f"unknown PSC kind {kind!r}; skipped", line=line, record=label, field="data.kind",
                               kind="unknown PSC kind")
            return
        holder = self._party(data, family, number, psc_key, kind)
        codes = data.get("natures_of_control") or []
        if not isinstance(codes, list) or not codes:
            codes = ["significant-influence-or-control"] if family == "super-secure" else []
        if not codes:
            self.problems.warn("no natures_of_control; nothing to record", line=line, record=label,
                               field="data.natures_of_control", kind="no natures of control")
        rels = []
        for i, code in enumerate(codes):
            mapped = nature_of_control(code) if isinstance(code, str) else None
            if mapped is None:
                self.problems.warn(f"unknown nature of control {code!r}; kept verbatim as other influence",
                                   line=line, record=label, field=f"data.natures_of_control[{i}]",
                                   kind="unknown nature of control")
                mapped = (RelationKind.other_influence, {"description": f"nature of control {code!r}"}, None, None)
            rkind, attrs, band, capacity = mapped
            try:
                rels.append(Relation(
                    id=f"{ev.id}:{i}", kind=rkind, holder=holder.id, subject=subject, share=band,
                    validity=Validity(valid_from=start, valid_to=end), evidence=(ev.id,),
                    interest_type=str(code), beneficial=family == "individual" or None, note=capacity, attrs=attrs))
            except ValueError as exc:
                self.problems.add(f"cannot read this PSC: {model_error(exc)}", line=line, record=label)
                return
        buf.actors.append(holder)
        buf.relations.extend(rels)
        buf.evidence.append(ev)

    def api_list(self, obj: dict, line: int, buf: CaseBuffer) -> None:
        """A saved Public Data API PSC (or PSC statement) list: each item as a snapshot line of its company."""
        links = obj.get("links")
        link = links.get("self") if isinstance(links, dict) else links
        found = _API_LIST.fullmatch(link.strip()) if isinstance(link, str) else None
        if found is None:
            self.problems.add("a Companies House API PSC list needs links.self naming its company, e.g. "
                              f"/company/01234567/persons-with-significant-control, not {link!r}", line=line,
                              field="links.self", kind="bad PSC list")
            return
        number, items = found.group(1), obj.get("items")
        if not isinstance(items, list):
            self.problems.add(f"items must be the list of PSC records, not {type(items).__name__}", line=line,
                              record=link, field="items", kind="bad PSC list")
            return
        first, total = obj.get("start_index", 0), obj.get("total_results")
        counts = {"start_index": first, "total_results": total}
        odd = next((k for k, v in counts.items() if v is not None and not _count(v)), None)
        if odd is not None:
            self.problems.warn(f"{odd} is {str(counts[odd])[:40]!r}, not a count: cannot tell whether this page "
                               f"holds company {number}'s whole list", line=line, record=link, field=odd,
                               kind="partial PSC list", hint="save the list as the API gave it, every page")
        elif _count(first) and _count(total) and (first > 0 or first + len(items) < total):
            self.problems.warn(f"this page holds items {first + 1}–{first + len(items)} of {total}: the others are "
                               f"not in this file, so answers for company {number} may miss PSCs", line=line,
                               record=link, field="total_results", kind="partial PSC list",
                               hint="save every page (start_index) of the list")
        for i, item in enumerate(items):
            if isinstance(item, dict):
                self.psc_line({"company_number": number, "data": item}, line, buf)
            else:
                self.problems.add("each item must be a PSC record (a JSON object)", line=line, record=link,
                                  field=f"items[{i}]", kind="bad PSC list")

    def _party(self, data: dict, family: str, number: str, psc_key: str, kind: str) -> Actor:
        ident = data.get("identification") if isinstance(data.get("identification"), dict) else {}
        reg = str(ident.get("registration_number") or "").strip()
        where = f"{ident.get('place_registered') or ''} {ident.get('country_registered') or ''}".strip()
        if family == "corporate-entity" and reg and UK_REGISTERS.search(where):
            aid = company_id(reg)
        else:
            aid = f"gb-psc:{key(number.lower())}:{key(psc_key)}"
        name = data.get("name") if isinstance(data.get("name"), str) and data["name"].strip() else None
        kw: dict[str, Any] = {}
        if family == "super-secure":
            kw = {"unspecified_reason": UnspecifiedReason.interestedPartyExemptFromDisclosure,
                  "unspecified_description": str(data.get("description") or kind)}
        extra = {k: data[k] for k in ("kind", "nationality", "country_of_residence", "date_of_birth",
                                       "identification", "is_sanctioned") if k in data}
        identifiers = {"GB-COH": reg} if aid.startswith("gb-coh:") else {}
        return Actor(id=aid, kind=PARTY_KINDS[family], names=(Name(name=name or f"{kind} of company {number}"),),
                     identifiers=identifiers, extra={"psc": extra}, **kw)

    def _statement(self, data, kind, number, subject, start, end, ev, line, label, buf) -> None:
        if kind == "exemptions":
            ex = data.get("exemptions") if isinstance(data.get("exemptions"), dict) else {}
            codes = [str(v.get("exemption_type") or k) for k, v in ex.items() if isinstance(v, dict)] or ["exemption"]
            reason = UnspecifiedReason.subjectExemptFromDisclosure
        else:
            codes = [str(data.get("statement") or "")]
            reason = STATEMENT_REASONS.get(codes[0], UnspecifiedReason.unknown)
            if codes[0] not in STATEMENT_REASONS:
                self.problems.warn(f"unknown PSC statement {codes[0]!r}; reason 'unknown'", line=line, record=label,
                                   field="data.statement", kind="unknown PSC statement")
        party = Actor(id=f"{ev.id}:party", kind=ActorKind.unknown, unspecified_reason=reason,
                      unspecified_description="; ".join(codes),
                      names=(Name(name=f"{'exempt' if kind == 'exemptions' else 'unidentified'} PSC of company {number}"),),
                      extra={"psc": {"kind": kind, "codes": codes}})
        buf.actors.append(party)
        buf.relations.append(Relation(id=f"{ev.id}:0", kind=RelationKind.other_influence, holder=party.id,
                                      subject=subject, validity=Validity(valid_from=start, valid_to=end),
                                      evidence=(ev.id,), interest_type=codes[0],
                                      attrs={"description": f"PSC {kind.replace('-', ' ')}: {'; '.join(codes)}"}))
        buf.evidence.append(ev)


def _rows(path: Path, problems: Problems) -> Iterator[tuple[int, Any]]:
    if inner_suffix(path) == ".csv":
        try:
            with open_input(path) as fh:
                reader = csv.DictReader(io.TextIOWrapper(fh, encoding="utf-8-sig", newline=""))
                cols = [c.strip() for c in reader.fieldnames or []]
                if "CompanyNumber" not in cols:
                    problems.add("not Companies House company data: the header has no CompanyNumber column", line=1,
                                 field="CompanyNumber", hint="is the header line broken across lines?")
                    return
                for row in reader:
                    extra = row.pop(None, None)
                    if extra:
                        problems.warn(f"{len(extra)} more field(s) than the header has; ignored",
                                      line=reader.line_num, kind="extra CSV fields")
                    yield reader.line_num, {(k or "").strip(): (v or "").strip() for k, v in row.items()
                                            if isinstance(v, str) or v is None}
        except Exception as exc:  # noqa: BLE001 - I/O and decoding failures become problems
            p = input_problem(path, exc)
            if p is None and not isinstance(exc, csv.Error):
                raise
            problems.extend([p or Problem(str(path), f"broken CSV: {exc}")])
        return
    try:
        for rec in JsonRecords(path):
            yield rec.line, rec.value
    except JsonInputError as exc:
        problems.extend([exc.problem])


def declared_actors(path: Path) -> set[str]:
    scratch = Problems(path)
    return {company_id(str(v["CompanyNumber"])) for _, v in _rows(Path(path), scratch)
            if isinstance(v, dict) and v.get("CompanyNumber")}


def _emit(path: Path, known: set[str], problems: Problems, info: CaseInfo, ds: str) -> Iterator:
    mapper = _Mapper(path, known, problems, ds)
    buf = CaseBuffer(info)
    buf.sources.append(mapper.source)
    mapper.companies |= declared_actors(path)

    def steps() -> Iterator[None]:
        for line, value in _rows(path, problems):
            if not isinstance(value, dict):
                problems.add("each line must be a JSON object", line=line)
            elif "CompanyNumber" in value or "CompanyName" in value:
                actor = mapper.company(value, line)
                if actor is not None:
                    buf.actors.append(actor)
            elif "items" in value and "data" not in value:
                try:
                    mapper.api_list(value, line, buf)
                except (ValueError, TypeError, AttributeError) as exc:
                    problems.add(f"cannot read this PSC list: {model_error(exc)}", line=line)
            else:
                try:
                    mapper.psc_line(value, line, buf)
                except (ValueError, TypeError, AttributeError) as exc:
                    problems.add(f"cannot read this PSC line: {model_error(exc)}", line=line)
            yield None

    yield from chunked(buf, problems, steps())


def stream(path: Path, known_actors: set[str] | None = None, *, sha256: str | None = None) -> StreamRead:
    return open_stream("psc", path, f"Companies House PSC data in {Path(path).name}", _emit, known_actors, sha256=sha256)


def detect(path: Path, head: bytes) -> bool:
    if inner_suffix(path) == ".csv":
        return b"CompanyName" in head[:200] and b"CompanyNumber" in head[:400]
    return ((b'"company_number"' in head and b'"data"' in head) or b'"CompanyNumber"' in head
            or (b'"items"' in head and _API_LIST.search(head.decode("utf-8", "replace")) is not None))


read = as_reader(stream)
register(Format("psc", "UK Companies House PSC snapshot (JSON lines), saved API PSC lists and company data "
                "(JSON or CSV)", detect, read,
                declared_actors))
