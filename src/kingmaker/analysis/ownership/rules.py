"""Rule sets for beneficial ownership: who counts as a beneficial owner, and on which bases.

Each :class:`RuleSet` is data: the ownership threshold and whether it is "at least" or "more than", and
for every *basis of control* other than ownership, votes and majority control — significant influence,
the right to appoint or remove the board, a role in a trust, senior management — whether a recorded tie
of that kind makes its holder a beneficial owner *certainly* or only *possibly* (to be assessed by hand).
A tie held over an entity that itself owns (at or over the threshold) or controls the subject counts as a
basis *through* that entity (a trustee of a trust that holds 60 %, say).

* ``eu-amlr`` — Regulation (EU) 2024/1624 (AMLR), Art. 51–52: an ownership interest of 25 % or more of
  the shares or voting rights (direct or indirect, multiplied along chains and added up over chains), or
  control via other means (Art. 53: the right to appoint or remove a majority of the board, veto or
  decision rights, control through formal or informal arrangements); Art. 58: the settlor, trustees,
  protector and beneficiaries of an express trust are its beneficial owners. Where no one qualifies,
  senior managing officials are reported in their place (Art. 63(4)).
* ``uk-psc`` — Companies Act 2006, Schedule 1A Part 1: more than 25 % of the shares (condition 1) or of
  the votes (condition 2), the right to appoint or remove a majority of the board (condition 3), the
  right to exercise or actual exercise of significant influence or control (condition 4), and the same
  over a trust or firm that meets a condition (condition 5; the trustees as such count, other parties to
  a trust only with significant influence over it — Statutory guidance on the meaning of "significant
  influence or control", BEIS 2017, Part 4).
* ``us-cta`` — Corporate Transparency Act, 31 U.S.C. 5336(a)(3), and 31 CFR 1010.380(d): an individual
  who owns or controls at least 25 % of the ownership interests, or exercises substantial control —
  senior officers (president, CFO, general counsel, CEO, COO or similar), authority to appoint or remove
  senior officers or a majority of the board, or any other form of substantial control; for trusts the
  trustee, and a beneficiary or grantor with the rights listed in 1010.380(d)(3)(ii)(C).

>>> RULES["uk-psc"].at_least, RULES["uk-psc"].bases["significant_influence"]
(False, 'certainly')
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Mapping

from kingmaker.errors import UserError

#: basis code → how an owner's basis reads in a report
BASIS_LABELS: dict[str, str] = {
    "ownership": "ownership of shares", "votes": "voting rights", "control": "control (majority chain, board)",
    "appointment": "right to appoint or remove the board", "significant_influence": "significant influence or control",
    "trust_settlor": "settlor of a trust", "trust_trustee": "trustee of a trust", "trust_protector": "protector of a trust",
    "trust_beneficiary": "beneficiary of a trust", "nominator": "nominator (acts through a nominee)",
    "senior_officer": "senior officer", "declared": "declared a beneficial owner by the source",
    "unstated": "interest of unstated type",
}

#: bases by which the holder controls the entity (an officer manages it; an interest of unstated type says nothing)
CONTROLLING_BASES = frozenset({"significant_influence", "trust_settlor", "trust_trustee", "trust_protector",
                               "trust_beneficiary", "nominator"})

#: officer roles that are a "senior officer" under 31 CFR 1010.380(f)(8)
SENIOR_OFFICER = re.compile(r"\b(president|chief|ceo|cfo|coo|cto|general counsel|managing director|"
                            r"senior managing official)\b", re.I)


@dataclass(frozen=True)
class RuleSet:
    name: str
    title: str
    citation: str
    threshold: Fraction
    at_least: bool
    bases: Mapping[str, str] = field(default_factory=dict)  # basis → "certainly" / "possibly"
    officials_fallback: bool = True

    def describe(self) -> str:
        test = "at least" if self.at_least else "more than"
        return f"{self.title} ({self.citation}): {test} {float(self.threshold) * 100:g} % of shares or votes, or control"


RULES: dict[str, RuleSet] = {
    "eu-amlr": RuleSet(
        "eu-amlr", "EU AMLR", "Regulation (EU) 2024/1624, Art. 51–53 and 58", Fraction(1, 4), True,
        {"appointment": "possibly", "significant_influence": "possibly", "trust_settlor": "certainly",
         "trust_trustee": "certainly", "trust_protector": "certainly", "trust_beneficiary": "certainly",
         "nominator": "certainly", "senior_officer": "no", "declared": "possibly"}),
    "uk-psc": RuleSet(
        "uk-psc", "UK PSC", "Companies Act 2006, Sch. 1A Part 1", Fraction(1, 4), False,
        {"appointment": "possibly", "significant_influence": "certainly", "trust_settlor": "possibly",
         "trust_trustee": "certainly", "trust_protector": "possibly", "trust_beneficiary": "possibly",
         "nominator": "certainly", "senior_officer": "no", "declared": "possibly"}, officials_fallback=False),
    "us-cta": RuleSet(
        "us-cta", "US Corporate Transparency Act", "31 U.S.C. 5336(a)(3); 31 CFR 1010.380(d)", Fraction(1, 4), True,
        {"appointment": "possibly", "significant_influence": "certainly", "trust_settlor": "possibly",
         "trust_trustee": "certainly", "trust_protector": "possibly", "trust_beneficiary": "possibly",
         "nominator": "certainly", "senior_officer": "certainly", "declared": "possibly"}, officials_fallback=False),
}
DEFAULT_RULE = "eu-amlr"


def rule_set(name: str | RuleSet | None) -> RuleSet:
    if isinstance(name, RuleSet):
        return name
    key = (name or DEFAULT_RULE).strip().lower()
    if key not in RULES:
        raise UserError(f"unknown rule set {name!r}; use one of {', '.join(RULES)}")
    return RULES[key]
