"""Ownership screening for sanctions and export control, declared as data.

Rules (``rules.yaml`` beside this package's modules; lists in :mod:`kingmaker.model.designation`): ``ofac-50`` (OFAC's 50 Percent Rule), ``eu-owned-
or-controlled`` (Regulation (EU) No 269/2014 Art. 2 and the Council's Best Practices, whose wording
changed on 3 July 2024), ``uk-owned-or-controlled`` (OFSI) and ``bis-affiliates-50`` (15 CFR part 744).

* :func:`screen` — every entity certainly or possibly caught, with the holdings and chains that decide
  it and, for *possibly*, the facts that would settle it;
* :func:`subsidiaries` — a holder's corporate family downstream, with integrated shares;
* :func:`diff` — what changed between two dates (ties, UBOs, designations, screening results);
* :func:`audit` — register-wide checks (cycles, no natural-person owner, longest chains, inconsistent
  subjects).
"""
from kingmaker.analysis.screening.audit import AuditReport, audit, consistent_graph, inconsistent_subjects
from kingmaker.analysis.screening.changes import DiffReport, diff
from kingmaker.analysis.screening.engine import STATUSES, Chain, Holding, ScreenReport, ScreenResult, caught, screen
from kingmaker.analysis.screening.family import Family, Member, subsidiaries
from kingmaker.analysis.screening.rules import Period, Rule, rule, rules
from kingmaker.model.designation import OWN_PREFIX, Designation, ListInfo, check_list, known_lists

__all__ = [
    "AuditReport", "audit", "consistent_graph", "inconsistent_subjects", "DiffReport", "diff", "STATUSES", "Chain",
    "Holding", "ScreenReport", "ScreenResult", "caught", "screen", "Family", "Member", "subsidiaries", "Period", "Rule",
    "rule", "rules", "OWN_PREFIX", "Designation", "ListInfo", "check_list", "known_lists",
]
