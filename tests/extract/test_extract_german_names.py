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
