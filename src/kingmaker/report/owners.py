"""``kingmaker owners`` in words, in English and German: the table's labels, the empty answer and what is
recorded instead, with the figures in the reader's number format (:mod:`kingmaker.report.fmt`). The
ownership engine (:func:`kingmaker.analysis.ownership.beneficial.owners`) returns data only.

>>> T["de"]["columns"]
('Eigentümer', 'Art', 'integrierter Anteil', 'Hinweis')
"""
from __future__ import annotations

from typing import Any

from kingmaker.report import fmt

T = {
    "en": {"columns": ("owner", "kind", "integrated share", "note"), "closed_loop": "closed loop",
           "shareholding": "shareholder", "voting_rights": "holder of voting rights",
           "none": "No {what} of {name} ({id}) with at least {min} is recorded on {day}.",
           "instead": "Recorded over it instead (ties that are not ownership of {what}{profits}):",
           "shares": "shares", "votes": "votes",
           "profits": "; an economic interest is a share of profits, not of the company",
           "nothing_else": "No other ownership or control tie is recorded over it on that date either; "
                           "`kingmaker show {id}` lists every tie.",
           "consolidation": "Accounting consolidation (GLEIF Level 2; who consolidates the accounts, not a shareholding):",
           "note": "note", "kinds": {}},
    "de": {"columns": ("Eigentümer", "Art", "integrierter Anteil", "Hinweis"), "closed_loop": "geschlossener Kreis",
           "shareholding": "Anteilseigner", "voting_rights": "Inhaber von Stimmrechten",
           "none": "Für {name} ({id}) ist am {day} kein {what} mit mindestens {min} erfasst.",
           "instead": "Stattdessen darüber erfasst (Beziehungen, die kein Eigentum an {what} sind{profits}):",
           "shares": "Anteilen", "votes": "Stimmrechten",
           "profits": "; eine wirtschaftliche Beteiligung ist ein Anteil am Gewinn, nicht am Unternehmen",
           "nothing_else": "Auch sonst ist an diesem Tag keine Beteiligungs- oder Kontrollbeziehung darüber erfasst; "
                           "`kingmaker show {id}` zeigt jede Beziehung.",
           "consolidation": "Konsolidierung (GLEIF Level 2; wer den Abschluss konsolidiert, keine Beteiligung):",
           "note": "Hinweis",
           "kinds": {"person": "Person", "company": "Unternehmen", "nonprofit": "gemeinnützige Organisation",
                     "partnership": "Personengesellschaft", "fund": "Fonds", "state": "Staat",
                     "state_body": "staatliche Stelle", "group": "Gruppe", "unknown": "unbekannt"}},
}


def words(lang: str = "en") -> dict:
    return T[fmt.lang_of(lang)]


def kind(value: str, lang: str = "en") -> str:
    """An owner's actor kind in ``lang``."""
    return words(lang)["kinds"].get(value, value)


def share(value: Any, lang: str = "en") -> str:
    """An integrated share: the engine's own text in English, the reader's number format in German."""
    return str(value) if fmt.lang_of(lang) == "en" else fmt.share(value, lang)


def nobody(what_kind: str, name: str, actor: str, min_share: float, day: Any, lang: str = "en") -> str:
    """The empty answer: no owner with at least ``min_share`` percent on ``day``."""
    w = words(lang)
    low = f"{min_share:g} %" if fmt.lang_of(lang) == "en" else fmt.pct_value(min_share, lang)
    return w["none"].format(what=w[what_kind], name=name, id=actor, min=low,
                            day=day if fmt.lang_of(lang) == "en" else fmt.day(day, lang))


def instead(what_kind: str, profits: bool, lang: str = "en") -> str:
    w = words(lang)
    return w["instead"].format(what=w["shares" if what_kind == "shareholding" else "votes"],
                               profits=w["profits"] if profits else "")
