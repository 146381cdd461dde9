"""Session 10 hostile review (rev10b) of the extraction work: sentences of the new constructions with a twist, each
failing on the code before its fix. Invented names."""
from __future__ import annotations

import pytest

from kingmaker.extract import extract_text


def _pairs(text: str, lang: str = "de"):
    return {(c.fact_kind, c.holder, c.subject) for c in extract_text(text, lang=lang).candidates}


# -- the negation filter (508be9f) over-blocked a fact beside a negated, coordinated part -------------------------------
@pytest.mark.parametrize("text, lang", [
    ("Die Velmar AG hält 40 Prozent an der Quarnwerk GmbH und keine weiteren Anteile.", "de"),
    ("Die Velmar AG hält 40 Prozent an der Quarnwerk GmbH, nicht aber an der Lindor GmbH.", "de"),
    ("Die Velmar AG hält 40 Prozent an der Quarnwerk GmbH, jedoch keine Stimmrechte.", "de"),
    ("Die Velmar AG hat die Quarnwerk GmbH übernommen, nicht die Lindor GmbH.", "de"),
    ("Die Velmar AG hat die Quarnwerk GmbH vor nicht allzu langer Zeit übernommen.", "de"),
    ("Die Velmar AG hat die Quarnwerk GmbH nicht ganz freiwillig übernommen.", "de"),
    ("Velmar Inc. holds 40 percent of Quarnwerk Ltd. and no other stake.", "en"),
])
def test_a_negated_part_beside_the_fact_leaves_it_standing(text, lang):
    """Each gave the stake before the negation filter and none after it: the negation is in a part coordinated after
    the fact's last end (or 'nicht allzu/ganz', which negates no fact)."""
    found = _pairs(text, lang)
    assert ("shareholding", "velmar", "quarnwerk") in found, found
    assert not any(h == "velmar" and s == "lindor" for _, h, s in found), found


@pytest.mark.parametrize("text", [  # guards (pass before and after): the fact itself negated stays out
    "Die Velmar AG hat die Quarnwerk GmbH nicht übernommen.",
    "An der Quarnwerk GmbH hält die Velmar AG keine Geschäftsanteile mehr.",
    "Die Velmar AG hat keine Anteile an der Quarnwerk GmbH erworben.",
    "Die Velmar AG hat die Lindor GmbH und nicht die Quarnwerk GmbH übernommen.",
    "Weder die Velmar AG noch die Lindor GmbH halten Anteile an der Quarnwerk GmbH.",
    "Die Velmar AG hat die Quarnwerk GmbH, anders als berichtet, nicht übernommen.",
    "An der Quarnwerk GmbH hält die Velmar AG, wie berichtet, keine Anteile.",
])
def test_a_negated_fact_stays_out(text):
    found = _pairs(text)
    assert ("shareholding", "velmar", "quarnwerk") not in found, found


# -- the authority's competition finding (ac01605) was given to the authority when someone else said it or it was open --
RELEASE = "Das Bundeskartellamt prüft den Erwerb der Quarnwerk GmbH durch die Velmar AG. "


@pytest.mark.parametrize("sentence", [
    "Die Lindor GmbH meint, das Vorhaben sei wettbewerblich unbedenklich.",
    "Die Velmar AG erklärte, sie halte das Vorhaben für wettbewerblich unbedenklich.",
    "Kritiker befürchten, dass der Zusammenschluss zu einer marktbeherrschenden Stellung der Velmar AG führen würde.",
    "Ob das Vorhaben wettbewerblich unbedenklich ist, wird das Amt bis März entscheiden.",
    "Sollte der Zusammenschluss zu einer marktbeherrschenden Stellung führen, wird das Amt ihn untersagen.",
])
def test_a_finding_someone_else_voices_or_that_is_open_is_no_authoritys_assessment(sentence):
    """Each was a claim:assessment 'assessed_by: bundeskartellamt' (the authority named in the sentence before)."""
    found = [c for c in extract_text(RELEASE + sentence, lang="de").candidates if c.fact_kind == "claim:assessment"]
    assert not found, [(c.attrs, c.quotes[-1].text) for c in found]


@pytest.mark.parametrize("sentence", [  # guards (the second failed on bb8be48's first OTHER_VOICE)
    "Nach vorläufiger Einschätzung des Amtes würde der Zusammenschluss zu einer marktbeherrschenden Stellung führen.",
    "Andreas Mundt erklärte, das Vorhaben sei wettbewerblich unbedenklich.",
])
def test_the_authoritys_own_finding_after_a_release_is_still_one(sentence):
    found = [c for c in extract_text(RELEASE + sentence, lang="de").candidates if c.fact_kind == "claim:assessment"]
    assert [c.attrs["assessed_by"] for c in found] == ["bundeskartellamt"]


# -- de23pair / de23deal constructions with a twist that gave wrong facts ------------------------------------------------
@pytest.mark.parametrize("text", [
    "Hilfszahlungen durch das Land Hessen an die Quarnwerk GmbH wurden abgelehnt.",
    "Hilfszahlungen durch das Land Hessen an die Quarnwerk GmbH wurden gestoppt.",
])
def test_aid_refused_or_stopped_is_no_financing(text):
    """Each was 'financing land-hessen -> quarnwerk, status granted' (the aid rule, 9ccb348)."""
    assert not [c for c in extract_text(text, lang="de").candidates if c.fact_kind == "financing"]


def test_a_stake_named_after_the_fronted_owner_is_not_read_backwards():
    """'Zur Y gehört auch eine Beteiligung an der X' gave X -> Y besides Y -> X: 'der' after 'an' was read as the owner in
    the dative of 'Y gehört der X', with Y inside the fronted 'Zur Y'."""
    found = _pairs("Zur Velmar AG gehört auch eine Beteiligung an der Quarnwerk GmbH.")
    assert ("shareholding", "quarnwerk", "velmar") not in found, found


def test_the_carrier_of_a_things_genitive_owns_no_company():
    """'Trägerin des Preises der X' made the carrier X's owner (the 'Träger(in)' owner noun, 3ea75b7)."""
    found = _pairs("Die Velmar AG ist Trägerin des Preises der Quarnwerk GmbH.")
    assert ("shareholding", "velmar", "quarnwerk") not in found, found


@pytest.mark.parametrize("text, pair", [  # guards (pass before and after)
    ("Die Quarnwerk GmbH erhielt vom Land Hessen eine Bürgschaft.", ("financing", "land-hessen", "quarnwerk")),
    ("Zur Velmar AG gehört auch die Quarnwerk GmbH.", ("shareholding", "velmar", "quarnwerk")),
    ("Die Quarnwerk GmbH gehört mehrheitlich der Velmar AG.", ("shareholding", "velmar", "quarnwerk")),
    ("Das Land Hessen ist Trägerin des Klinikums Fulda.", ("shareholding", "land-hessen", "klinikum-fulda")),
])
def test_the_constructions_themselves_still_give_their_fact(text, pair):
    assert pair in _pairs(text)


def test_a_page_break_inside_a_wrapped_sentence_leaves_no_form_feed_in_its_quote():
    """pdftotext starts each page with a form feed; a sentence wrapped over the page break was joined (f28071d) but its
    quote, shown to users as evidence, kept the control character ('… an der \\x0cLindor GmbH.')."""
    text = "Die Velmar AG hält 40 Prozent an der\n\fLindor GmbH.\n\n\fSeite 2"
    quotes = [q for c in extract_text(text, lang="de").candidates for q in c.quotes]
    assert quotes and all("\f" not in q.text for q in quotes), quotes
    assert all(len(q.text) == q.end - q.start for q in quotes)  # same length, same offsets


def test_a_page_break_then_lower_case_continues_the_sentence():
    text = "Die Velmar AG hält seit\n\fvielen Jahren 40 Prozent an der Quarnwerk GmbH."
    assert ("shareholding", "velmar", "quarnwerk") in _pairs(text)
