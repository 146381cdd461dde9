"""BODS 0.3 (and 0.2) statements, upgraded to the 0.4 shape so that one mapping serves both.

0.3 has no record series: each statement is its own record (``recordId`` = ``statementID``) and a
statement listing ``replacesStatements`` supersedes those (references to a replaced statement are
redirected to its replacement). Types become records (``entityStatement`` → ``entity``,
``personStatement`` → ``person``, ``ownershipOrControlStatement`` → ``relationship``), references lose
their ``describedBy…Statement`` wrapper, kebab-case codes become the 0.4 camelCase codes, and
``interestLevel`` becomes ``directOrIndirect``. See https://standard.openownership.org/en/0.3.0/ and the
0.4 changelog.
"""
from __future__ import annotations

from typing import Any

RECORD_TYPES = {"entityStatement": "entity", "personStatement": "person",
                "ownershipOrControlStatement": "relationship"}

INTEREST_TYPES_03 = {
    "settlor-of-trust": "settlor",
    "trustee-of-trust": "trustee",
    "protector-of-trust": "protector",
    "beneficiary-of-trust": "beneficiaryOfLegalArrangement",
    "other-influence-or-control-of-trust": "otherInfluenceOrControl",
    "influence-or-control": "otherInfluenceOrControl",  # 0.2
}

ENTITY_KEYS = ("name", "alternateNames", "identifiers", "foundingDate", "dissolutionDate", "addresses", "uri",
               "publicListing", "formedByStatute", "isComponent")
PERSON_KEYS = ("names", "identifiers", "nationalities", "placeOfBirth", "birthDate", "deathDate", "taxResidencies",
               "addresses", "isComponent")


def is_03(statement: dict) -> bool:
    return "statementType" in statement or "statementID" in statement


def camel(code: Any) -> Any:
    """``other-influence-or-control`` → ``otherInfluenceOrControl`` (non-strings pass through)."""
    if not isinstance(code, str) or "-" not in code:
        return code
    head, *rest = code.split("-")
    return head + "".join(p[:1].upper() + p[1:] for p in rest)


def _ref(obj: Any) -> Any:
    """``{"describedByEntityStatement": id}`` → ``id``; an unspecified object keeps reason/description."""
    if not isinstance(obj, dict):
        return obj
    for k in ("describedByEntityStatement", "describedByPersonStatement"):
        if k in obj:
            return obj[k]
    unspecified = obj.get("unspecified")
    if isinstance(unspecified, dict):
        out = {"reason": camel(unspecified.get("reason"))}
        if "description" in unspecified:
            out["description"] = unspecified["description"]
        return out
    return obj


def _interest(it: Any) -> Any:
    if not isinstance(it, dict):
        return it
    out = {k: v for k, v in it.items() if k not in ("interestLevel", "type")}
    t = it.get("type")
    out["type"] = INTEREST_TYPES_03.get(t, camel(t)) if isinstance(t, str) else t
    if "interestLevel" in it:
        out["directOrIndirect"] = it["interestLevel"]
    return out


def upgrade(st: dict) -> tuple[dict, list[str]]:
    """A 0.3 statement as a 0.4 statement, and the statement ids it replaces."""
    sid = st.get("statementID", st.get("statementId"))
    kind = st.get("statementType")
    rtype = RECORD_TYPES.get(kind, kind) if isinstance(kind, str) else kind  # not a string: the schema check says so
    out: dict[str, Any] = {"statementId": sid, "recordId": sid, "recordType": rtype, "recordStatus": "new"}
    for k in ("statementDate", "publicationDetails", "source", "annotations"):
        if k in st:
            out[k] = st[k]
    details: dict[str, Any] = {"isComponent": bool(st.get("isComponent", False))}
    if rtype == "entity":
        details.update({k: st[k] for k in ENTITY_KEYS if k in st})
        et = st.get("entityType")
        if isinstance(et, str):
            details["entityType"] = {"type": et}
            if et == "arrangement" and st.get("entitySubtype"):
                details["entityType"]["subtype"] = st["entitySubtype"]
        if "incorporatedInJurisdiction" in st:
            details["jurisdiction"] = st["incorporatedInJurisdiction"]
        if "jurisdiction" in st:
            details["jurisdiction"] = st["jurisdiction"]
        if isinstance(st.get("unspecifiedEntityDetails"), dict):
            u = dict(st["unspecifiedEntityDetails"])
            u["reason"] = camel(u.get("reason"))
            details["unspecifiedEntityDetails"] = u
    elif rtype == "person":
        details.update({k: st[k] for k in PERSON_KEYS if k in st})
        details["personType"] = st.get("personType", "knownPerson")
        if isinstance(st.get("unspecifiedPersonDetails"), dict):
            u = dict(st["unspecifiedPersonDetails"])
            u["reason"] = camel(u.get("reason"))
            details["unspecifiedPersonDetails"] = u
        pep = st.get("pepStatus") or ("isPep" if st.get("hasPepStatus") else None)
        if pep:
            details["politicalExposure"] = {"status": camel(pep)}
    elif rtype == "relationship":
        details["subject"] = _ref(st.get("subject"))
        details["interestedParty"] = _ref(st.get("interestedParty"))
        interests = st.get("interests", [])
        details["interests"] = [_interest(i) for i in interests] if isinstance(interests, list) else interests
        if "componentStatementIDs" in st:
            details["componentRecords"] = st["componentStatementIDs"]
    out["recordDetails"] = details
    subject = details.get("subject")
    out["declarationSubject"] = subject if isinstance(subject, str) else sid
    if isinstance(out.get("publicationDetails"), dict):
        out["publicationDetails"] = {**out["publicationDetails"], "bodsVersion": "0.4"}
    replaces = st.get("replacesStatements") or []
    return out, [r for r in replaces if isinstance(r, str)] if isinstance(replaces, list) else []
