"""German authorities' press releases and decisions (issue 18, session 6): constructions found in the ten texts of
that genre added to tests/data/extract/real/dev (Swiss Weko, OLG Wien, Bundeskartellamt press releases as the trade
press reproduces them, a Commission clearance): approval verbs ("zugestimmt", "bewilligt", "erlaubt"), a clearance
worded as "nicht untersagt", foreign legal forms ("Oy", "AB"), a group member named in a participle phrase between
"durch die" and the acquirer, coordinated targets, short forms defined after a seat. Probes with invented names;
frozen/ was not read. Each failed before its rule was written."""
from __future__ import annotations

import pytest

from kingmaker.extract import extract_text


def _candidates(text: str):
    return extract_text(text, lang="de").candidates


def _facts(text: str) -> set[tuple[str, str, str]]:
    return {(c.fact_kind, c.holder, c.subject) for c in _candidates(text)}


@pytest.mark.parametrize("text,fact", [
    ("In der Sitzung vom 4. März 2024 hat die Wettbewerbskommission (Weko) dem Kauf der Pelta durch die Arvena "
     "zugestimmt.", ("event:decision", "weko", "arvena")),
    ("Die Weko bewilligt den Zusammenschluss von Arvena und Pelta.", ("event:decision", "weko", "arvena")),
    ("Das Kartellamt erlaubt die Übernahme der Pelta GmbH durch die Arvena AG.",
     ("event:decision", "bundeskartellamt", "arvena")),
])
def test_approval_verbs(text, fact):
    assert fact in _facts(text)


def test_not_prohibited_is_a_clearance_and_keeps_the_stake():
    """"wird … nicht untersagt" / "hat … nicht untersagt" clears a deal: the stake stays, the action is a clearance."""
    cands = _candidates("Das Bundeskartellamt hat den Erwerb der Pelta GmbH durch die Arvena AG nicht untersagt.")
    facts = {(c.fact_kind, c.holder, c.subject) for c in cands}
    assert ("shareholding", "arvena", "pelta") in facts
    decision = next(c for c in cands if c.fact_kind == "event:decision")
    assert decision.attrs["action"] == "clearance"
    prohibited = _facts("Das Bundeskartellamt hat den Erwerb der Pelta GmbH durch die Arvena AG untersagt.")
    assert ("shareholding", "arvena", "pelta") not in prohibited
