"""German organisation names the proposer cut or invented (issue 18, session-6 leftovers, session 7): a bracketed short
form that spells a compound's parts ("Windkraft Nord AG (WKN)"), and a kinship compound whose first part is a common
noun ("die Wagniskapital-Tochter X"). Probes with invented names; each failed before its change, except those
marked as guards."""
from __future__ import annotations

import pytest

from kingmaker.extract import extract_text


def _mentions(text: str) -> set[tuple[str, str]]:
    return {(m.surface, m.actor) for m in extract_text(text, lang="de").mentions}


@pytest.mark.parametrize("text,surface", [
    ("Helmut Sandberg war früher Chef von Solarkraft Ost AG (SKO).", "Solarkraft Ost AG"),  # S-K from one compound
    ("Die Windmühlen Nord AG (WMN) gehört zur Velmar-Gruppe.", "Windmühlen Nord AG"),
    ("Die Solarstrom Süd GmbH (SSG) wurde von der Nordwind Capital übernommen.", "Solarstrom Süd GmbH"),  # G from GmbH
])
def test_a_short_form_spelling_a_compound_keeps_the_whole_name(text, surface):
    assert surface in {s for s, _ in _mentions(text)}


def test_a_spelled_short_form_inside_a_longer_name_does_not_cut_it():
    """Guard. "Vendra Holding AG Nordische Versicherung Gruppe (VIG)": "Versicherung Gruppe" spells V-I-G only with an inner
    letter, and a name goes on before it: the short form does not cut the name there."""
    surfaces = {s for s, _ in _mentions("Die Kommission genehmigt den Erwerb durch die Vendra Holding AG Nordische "
                                        "Versicherung Gruppe (VIG).")}
    assert "Versicherung Gruppe" not in surfaces


@pytest.mark.parametrize("text,noun", [
    ("Die Wagniskapital-Tochter Korvex Ventures beteiligt sich an der Quillon GmbH.", "Wagniskapital"),
    ("Die Risikokapital-Tochter Korvex Ventures beteiligt sich an der Quillon GmbH.", "Risikokapital"),
    ("Die Vermögensverwaltungs-Tochter Korvex GmbH gehört zur Velmar AG.", "Vermögensverwaltungs"),
])
def test_a_line_of_business_before_tochter_is_no_company(text, noun):
    """"die Wagniskapital-Tochter X" says what the subsidiary does: the compound's first part is no parent company."""
    ex = extract_text(text, lang="de")
    assert noun not in {m.surface for m in ex.mentions}
    assert not any(c.kind == "shareholding" and c.holder and c.holder.startswith(noun.lower()[:8]) for c in ex.candidates)


def test_a_kinship_compound_still_names_a_parent():
    """Guard. A made-up name before "-Mutter"/"-Tochter" is still the parent ("die Quarn-Mutter Velmar AG"), and a
    compound of dictionary words the text uses as a name elsewhere too ("bei Rheinkapital")."""
    facts = {(c.kind, c.holder, c.subject) for c in extract_text(
        "Die Quarn-Mutter Velmar AG ist zufrieden.", lang="de").candidates}
    assert ("shareholding", "velmar", "quarn") in facts
    ex = extract_text("Die Rheinkapital-Tochter Korvex GmbH wächst. Der Umsatz bei Rheinkapital sinkt.", lang="de")
    assert "Rheinkapital" in {m.surface for m in ex.mentions}
