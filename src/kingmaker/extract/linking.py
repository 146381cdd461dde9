"""Linking by time and role: when one name in the text stands for several store actors ("OpenAI": the
nonprofit OpenAI, Inc., the capped-profit OpenAI Global, LLC, the OpenAI Group PBC of 2025), a fact that
only a company can be the subject of (a stake, an investment) goes to the company
of that name family whose ties in the store cover the article's date — and says that this is a guess.

A name family is the store actors whose name begins with the same word as the linked actor's name. An
actor's window is the span of validity of the equity and dependency ties it is the subject of in the
store (from the earliest start to the latest end; an open end is open). Without a date, or with no
company whose window covers it, the link stays as the name gave it and the alternatives are listed.

>>> from datetime import date
>>> windows = {"b": (date(2019, 7, 22), date(2025, 10, 28)), "c": (date(2025, 10, 28), None)}
>>> pick_by_date(["b", "c"], windows, date(2025, 11, 3))
'c'
"""
from __future__ import annotations

import re
from datetime import date

from kingmaker.extract.candidates import Candidate

COMPANY_SUBJECT = {"shareholding", "voting_rights", "economic_interest", "financing"}
"""Relation kinds whose subject is the company that takes the investment (not a nonprofit parent or a
foundation). Supply and licences stay with the name the text uses: either side may contract."""
WINDOW_KINDS = COMPANY_SUBJECT | {"supply", "licence"}


def windows_from(relations) -> dict[str, tuple[date | None, date | None]]:
    """actor id → (earliest start, latest end) of the equity and dependency ties it is the subject of."""
    out: dict[str, list] = {}
    for r in relations:
        kind = getattr(r.kind, "value", r.kind)
        if kind not in WINDOW_KINDS:
            continue
        v = r.validity
        lo, hi = out.setdefault(r.subject, [v.valid_from, v.valid_to])
        out[r.subject] = [min((d for d in (lo, v.valid_from) if d), default=None) if lo and v.valid_from else None,
                          None if hi is None or v.valid_to is None else max(hi, v.valid_to)]
    return {k: (a, b) for k, (a, b) in out.items()}


def pick_by_date(ids: list[str], windows: dict, when: date) -> str | None:
    """The actor among ``ids`` whose window covers ``when`` (the latest-starting one if several do)."""
    live = [(windows[i][0] or date.min, i) for i in ids
            if i in windows and (windows[i][0] is None or windows[i][0] <= when)
            and (windows[i][1] is None or when < windows[i][1])]
    return max(live)[1] if live else None


def link_by_time_and_role(cands: list[Candidate], index, when: str | None) -> None:
    """Re-link equity facts on a nonprofit or non-company name to the family company of the date."""
    if not index.windows:
        return
    day = _as_date(when)
    for c in cands:
        if c.section != "relations" or c.kind not in COMPANY_SUBJECT or c.subject not in index.known:
            continue
        k = index.known[c.subject]
        family = [i for i in index.family(c.subject) if index.known[i].kind == "company" and i != c.holder]
        if k.kind == "company" and len(family) <= 1 or not family:
            continue
        choice = pick_by_date(family, index.windows, day) if day else None
        if choice is None:
            _add_note(c, f"'{k.name}' may stand for several store actors ({', '.join(sorted(family + [c.subject]))}); "
                         "no article date to choose by: check the subject")
            continue
        if choice != c.subject:
            _add_note(c, f"guess: '{k.name}' names {len(family) + (c.subject not in family)} store actors; a "
                         f"{c.kind} on {day.isoformat()} went to {choice}, the company of that name whose ties cover "
                         "that date")
            c.subject = choice
            c.confidence = round(max(0.05, c.confidence - 0.1), 2)


def _add_note(c: Candidate, note: str) -> None:
    """Add ``note`` to the candidate's link note, after the one it may already have (a holder read from "Sie" …:
    :meth:`kingmaker.extract.rulebase.View.candidate`) — the user reads both guesses."""
    before = c.attrs.get("link_note")
    c.attrs["link_note"] = f"{before}; {note}" if before else note


def _as_date(s: str | None) -> date | None:
    if not s:
        return None
    m = re.match(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", s)
    if not m:
        return None
    return date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1))
