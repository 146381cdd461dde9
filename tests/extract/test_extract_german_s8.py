"""German facts whose party is named in the sentence before, and kinds the German rules barely produced (issue 18,
session 8): "Sie"/"sie" as a sentence's subject and "Die Gesellschaft" → the organisation the sentence before is about
(a guess, said in a note; never across a paragraph break or a heading), a buyer after the verb ("Im Jahr 2021 übernahm
die X die Y"), a description's own sentence's subject after an article ("Die X hält 40 Prozent an dem Unternehmen");
board seats ("entsendet zwei Mitglieder in den Aufsichtsrat der X", "ist im Aufsichtsrat der X vertreten", "Mitglied des
Aufsichtsrats der X"), appointment rights ("kann drei der neun Aufsichtsratsmitglieder der X bestimmen"), vetoes ("bedürfen
der Zustimmung der X", "Zustimmungsvorbehalt zugunsten der X"), officers ("Der Vorstandsvorsitzende der X, Jonas Feld,",
"Geschäftsführer der X ist Jonas Feld", "Mitglied des Vorstands der X"); and small leftovers: an entry under review is
pending, "& Cie." names, "Deutschland-Tochter X", "Eurogrid International" beside "Eurogrid GmbH".

Probes with invented names; each failed before its change, except those marked as guards."""
from __future__ import annotations

import pytest

from kingmaker.extract import extract_text


def _facts(text: str):
    ex = extract_text(text, lang="de")
    return {(c.fact_kind, c.holder, c.subject) for c in ex.candidates}, ex


LINKED = [
    ("Die Quarnwerk AG ist ein Energieversorger aus Kassel. Sie hält 40 Prozent an der Kestrel GmbH.",
     ("shareholding", "quarnwerk", "kestrel")),
    ("Die Quarnwerk AG ist ein Energieversorger. Im Jahr 2021 erwarb sie 40 Prozent der Kestrel GmbH.",
     ("shareholding", "quarnwerk", "kestrel")),
    ("Die Quarnwerk AG ist ein Energieversorger. Anfang 2021 übernahm sie die Kestrel GmbH vollständig.",
     ("shareholding", "quarnwerk", "kestrel")),
    ("Die Quarnwerk AG ist ein Energieversorger. Die Gesellschaft hat 40 Prozent der Anteile an der Kestrel GmbH erworben.",
     ("shareholding", "quarnwerk", "kestrel")),
    ("Die Kestrel GmbH betreibt Windparks. Die Quarnwerk AG hält 40 Prozent an dem Unternehmen.",
     ("shareholding", "quarnwerk", "kestrel")),
]


@pytest.mark.parametrize("text,fact", LINKED)
def test_a_party_named_in_the_sentence_before(text, fact):
    facts, ex = _facts(text)
    assert fact in facts, facts
    c = next(c for c in ex.candidates if (c.fact_kind, c.holder, c.subject) == fact)
    if "Im Jahr" not in text and "Anfang" not in text or "sie" in text:
        assert c.attrs.get("link_note", "").startswith("guess: "), c.attrs  # the user reads that an end is a guess
        assert c.confidence < 0.7, c.confidence


@pytest.mark.parametrize("text,fact", [
    ("Im Jahr 2021 übernahm die Quarnwerk AG die Kestrel GmbH.", ("shareholding", "quarnwerk", "kestrel")),
    ("Danach kaufte die Quarnwerk AG die Kestrel GmbH.", ("shareholding", "quarnwerk", "kestrel")),
])
def test_the_buyer_after_the_verb(text, fact):
    facts, _ = _facts(text)
    assert fact in facts, facts


@pytest.mark.parametrize("text", [
    # guards: no link across a paragraph break or a heading
    "Die Quarnwerk AG ist ein Energieversorger.\n\nSie hält 40 Prozent an der Kestrel GmbH.",
    "Die Quarnwerk AG ist ein Energieversorger.\nBeteiligungen\nDas Unternehmen hält 40 Prozent an der Kestrel GmbH.",
    # a plural verb: "sie" is the two of them, or the polite "Sie"
    "Die Quarnwerk AG und die Quillon AG wachsen. Sie halten 40 Prozent an der Kestrel GmbH.",
    # a person is the sentence before's subject: "Sie" is she
    "Jana Keller leitet die Quarnwerk AG. Sie hält 40 Prozent an der Kestrel GmbH.",
    # a name German calls "er"/"es", not "sie"
    "Der Quarnwerk-Fonds wächst. Sie hält 40 Prozent an der Kestrel GmbH.",
])
def test_no_guess_where_the_reference_is_unclear(text):
    facts, ex = _facts(text)
    assert not any(k == "shareholding" and s == "kestrel" for k, _, s in facts), facts


@pytest.mark.parametrize("text,right,wrong", [
    ("Die Quillon AG gründete 2010 die Kestrel GmbH. Die Quarnwerk AG übernahm sie 2019 zu 60 Prozent.",
     ("shareholding", "quarnwerk", "kestrel"), ("shareholding", "quillon", "quarnwerk")),
    ("Die Quillon AG ist ein Versorger. Die Quarnwerk AG kaufte sie 2019.",
     None, ("shareholding", "quarnwerk", "quillon")),
])
def test_sie_after_a_named_subject_is_its_object(text, right, wrong):
    """"Die Quarnwerk AG übernahm sie": a subject stands first, so "sie" after the verb is its object, not the subject
    of the sentence before (read so, Quillon held 60 % of Quarnwerk and Quarnwerk bought Quillon)."""
    facts, _ = _facts(text)
    assert not {f for f in facts if f[1:] in {wrong[1:], wrong[2:0:-1]}}, facts
    if right is not None:
        assert right in facts, facts


def test_taking_over_an_office_is_no_acquisition():
    """Guard: "übernahm die X den Vorsitz …" is no purchase."""
    facts, _ = _facts("Im Jahr 2021 übernahm die Quarnwerk AG die Leitung des Konsortiums der Kestrel GmbH.")
    assert ("shareholding", "quarnwerk", "kestrel") not in facts, facts


@pytest.mark.parametrize("text,fact", [
    ("Die Quarnwerk AG entsendet zwei Mitglieder in den Aufsichtsrat der Kestrel GmbH.", ("board_seat", "quarnwerk", "kestrel")),
    ("Die Quarnwerk AG ist im Aufsichtsrat der Kestrel GmbH mit zwei Mitgliedern vertreten.",
     ("board_seat", "quarnwerk", "kestrel")),
    ("Jonas Feld, Mitglied des Aufsichtsrats der Kestrel GmbH, stimmte dagegen.", ("board_seat", "jonas-feld", "kestrel")),
    ("Die Quarnwerk AG kann drei der neun Aufsichtsratsmitglieder der Kestrel GmbH bestimmen.",
     ("appointment_right", "quarnwerk", "kestrel")),
    ("Wichtige Entscheidungen der Kestrel GmbH bedürfen der Zustimmung der Quarnwerk AG.", ("veto_right", "quarnwerk", "kestrel")),
    ("Die Kestrel GmbH wächst. Für den Verkauf von Anteilen gilt ein Zustimmungsvorbehalt zugunsten der Quarnwerk AG.",
     ("veto_right", "quarnwerk", "kestrel")),
    ("Der Vorstandsvorsitzende der Quarnwerk AG, Jonas Feld, begrüßte den Schritt.", ("officer", "jonas-feld", "quarnwerk")),
    ("Geschäftsführer der Kestrel GmbH ist Jonas Feld.", ("officer", "jonas-feld", "kestrel")),
    ("Jonas Feld ist Mitglied des Vorstands der Quarnwerk AG.", ("officer", "jonas-feld", "quarnwerk")),
    ("Jana Keller, Vorsitzende des Vorstands der Quarnwerk AG, sagte, man sei zufrieden.", ("officer", "jana-keller", "quarnwerk")),
])
def test_board_seats_rights_and_officers(text, fact):
    facts, _ = _facts(text)
    assert fact in facts, facts


def test_a_right_to_send_members_is_a_right_not_a_seat():
    """Guard: "das Recht, zwei Mitglieder in den Aufsichtsrat … zu entsenden" is an appointment right only."""
    facts, _ = _facts("Die Quarnwerk AG hat das Recht, zwei Mitglieder in den Aufsichtsrat der Kestrel GmbH zu entsenden.")
    assert ("appointment_right", "quarnwerk", "kestrel") in facts and not any(k == "board_seat" for k, _, _ in facts), facts


def test_chairing_the_management_board_is_an_office_not_a_board_seat():
    facts, _ = _facts("Jana Keller, Vorsitzende des Vorstands der Quarnwerk AG, sagte, man sei zufrieden.")
    assert not any(k == "board_seat" for k, _, _ in facts), facts


def test_an_entry_under_review_is_pending():
    _, ex = _facts("Der Einstieg der Quarnwerk AG bei der Kestrel GmbH wird derzeit geprüft.")
    c = next(c for c in ex.candidates if (c.kind, c.holder, c.subject) == ("shareholding", "quarnwerk", "kestrel"))
    assert c.attrs.get("status") == "proposed", c.attrs


@pytest.mark.parametrize("text,holder", [
    ("Die Haniel & Cie. GmbH hält 40 Prozent an der Kestrel GmbH.", "haniel"),
    ("Die Quarnwerk & Cie. KG hält 40 Prozent an der Kestrel GmbH.", "quarnwerk"),
    ("Die Quarnwerk & Cie hält 40 Prozent an der Kestrel GmbH.", "quarnwerk"),
])
def test_a_partnership_named_with_cie(text, holder):
    facts, _ = _facts(text)
    assert ("shareholding", holder, "kestrel") in facts, facts


def test_a_country_before_tochter_is_no_company():
    facts, ex = _facts("Die Quarnwerk AG und ihre Deutschland-Tochter Kestrel Energie GmbH wachsen.")
    assert "Deutschland" not in {a.name for a in ex.actors}, [a.name for a in ex.actors]
    assert ("shareholding", "quarnwerk", "kestrel-energie") in facts, facts


def test_a_name_with_international_is_not_its_shorter_namesake():
    facts, _ = _facts("Die Kestrel GmbH gehört zur Eurogrid GmbH. Die Quarnwerk AG hält 20 Prozent an der Eurogrid International.")
    assert ("shareholding", "quarnwerk", "eurogrid-international") in facts, facts


@pytest.mark.parametrize("text,fact", [
    # public bodies as owners, named with the word for what they are
    ("Die Stadt Bad Kreuznach hält 60 Prozent an der Kestrel GmbH.", ("shareholding", "stadt-bad-kreuznach", "kestrel")),
    ("Der Freistaat Sachsen ist mit 40 Prozent an der Kestrel GmbH beteiligt.", ("shareholding", "freistaat-sachsen", "kestrel")),
    # the holder after the verb, the company after "an der", the share after it
    ("Ursprünglich hielt das Land Berlin an der Quillon AG einen Anteil von 80,95%.", ("shareholding", "land-berlin", "quillon")),
    # a subsidiary described inside the brackets after its short form; "mbH" and a place adjective in the name
    ("Im Juli gründete die Hallesche Kestrel mbH (HKM - eine 100 %ige Tochtergesellschaft der Stadt Halle) ein Unternehmen.",
     ("shareholding", "stadt-halle", "hallesche-kestrel")),
])
def test_public_owners_and_their_companies(text, fact):
    facts, _ = _facts(text)
    assert fact in facts, facts


def test_a_short_form_before_a_remark_is_the_names_alias():
    """"(HKM - eine … Tochter …)": HKM spells "Hallesche Kestrel mbH" and names it later."""
    facts, _ = _facts("Die Hallesche Kestrel mbH (HKM - eine Tochter der Stadt Halle) wächst. HKM hält 50 % an der Quillon AG.")
    assert ("shareholding", "hallesche-kestrel", "quillon") in facts, facts


@pytest.mark.parametrize("text", [
    "Die Land Rover Ltd. hält 40 Prozent an der Kestrel GmbH.",  # guard: "Land" before no federal state
    "Im Land Kestrel hält die Quarnwerk AG 40 Prozent an der Quillon GmbH.",
])
def test_a_land_only_by_a_federal_states_name(text):
    _, ex = _facts(text)  # (the company "Land Rover Ltd." may keep its first word: session 9)
    assert not any(a.name.startswith("Land ") and a.kind != "company" for a in ex.actors), [(a.name, a.kind) for a in ex.actors]


@pytest.mark.parametrize("text,fact", [
    # a court's president signs its decision: an officer of the court, named by title and surname
    ("Der Kartellsenat des Bundesgerichtshofs hat durch den Präsidenten des Bundesgerichtshofs Prof. Dr. Quarnberg beschlossen.",
     ("officer", "quarnberg", "bundesgerichtshof")),
    # a party and who acts for it, as a decision lists them
    ("Antragstellerin: Kestrel GmbH, vertreten durch den Geschäftsführer Dr. Jonas Feld, Berlin.", ("officer", "jonas-feld", "kestrel")),
    ("2. Landkreis Quarnhagen vertreten durch die Landrätin Frau Jana Keller, Kreishaus.",
     ("officer", "jana-keller", "landkreis-quarnhagen")),
])
def test_officers_of_courts_and_parties(text, fact):
    facts, _ = _facts(text)
    assert fact in facts, facts


@pytest.mark.parametrize("text,fact", [
    ("Jonas Feld, Präsident des Bundeskartellamtes, sagte: „Wir haben das Vorhaben geprüft.“",
     ("officer", "jonas-feld", "bundeskartellamt")),
    ("Jana Keller, Chefin der Bundeswettbewerbsbehörde, sagte: „Wir haben das Vorhaben geprüft.“",
     ("officer", "jana-keller", "bundeswettbewerbsbehorde")),
])
def test_an_agencys_head_quoted_in_its_release_is_its_officer(text, fact):
    """The head of an authority named with the office is its officer, as a court's president is (the gold convention
    settled in session 9, tests/data/extract/real/README.md; this was a guard for the opposite before)."""
    facts, _ = _facts(text)
    assert fact in facts, facts


def test_a_title_before_a_company_name_is_no_person():
    """Guard: "Dr. Quarnberg KG" is a company, "Dr." no person of its own."""
    _, ex = _facts("Die Dr. Quarnberg KG hält 40 Prozent an der Kestrel GmbH.")
    assert not any(a.kind == "person" for a in ex.actors), [(a.name, a.kind) for a in ex.actors]


@pytest.mark.parametrize("text,fact", [
    # "Diese": the last organisation the sentence before names, not its subject
    ("Die Quarnwerk AG ist mittelbar an der Kestrel Holding AG beteiligt. Diese ist alleinige Aktionärin der Quillon Bank AG.",
     ("shareholding", "kestrel-holding", "quillon-bank")),
    # the owner noun first, the owner last; "dieser Gesellschaft" points back
    ("Komplementärin der Kestrel GmbH & Co. KG ist die Quarnwerk Verwaltungs GmbH.",
     ("shareholding", "quarnwerk-verwaltungs", "kestrel")),
    ("Die Kestrel GmbH & Co. KG wurde 2010 gegründet. Kommanditist dieser Gesellschaft ist die Quillon AG.",
     ("shareholding", "quillon", "kestrel")),
    # a bank named after its federal state keeps it; its short form with a legal form in brackets is an alias
    ("Die Quarnwerk AG ist alleinige Aktionärin der Landesbank Thüringen AG (LBT AG). Die LBT AG wächst.",
     ("shareholding", "quarnwerk", "landesbank-thuringen")),
    ("Ursprünglich hielt das Land Berlin an der Landesbank Thüringen Holding AG (LBTH AG) einen Anteil von 80,95%.",
     ("shareholding", "land-berlin", "landesbank-thuringen-holding")),
])
def test_owners_named_back_and_first(text, fact):
    facts, ex = _facts(text)
    assert fact in facts, facts


@pytest.mark.parametrize("text", [
    "Die Quarnwerk AG hält 60 Prozent an der Kestrel GmbH. Die übrigen Anteile liegen in der Hand der Quillon AG.",
    "Die Quarnwerk AG hat sich die Mehrheit an der Kestrel GmbH gesichert. Die restlichen Anteile liegen bei der Quillon AG.",
])
def test_the_rest_of_the_shares_in_the_company_named_before(text):
    facts, ex = _facts(text)
    assert ("shareholding", "quillon", "kestrel") in facts, facts
    c = next(c for c in ex.candidates if (c.kind, c.holder, c.subject) == ("shareholding", "quillon", "kestrel"))
    assert c.attrs["link_note"].startswith("guess: "), c.attrs


def test_the_rest_of_the_shares_not_over_a_paragraph_break():
    """Guard: the company is looked for in the same paragraph only."""
    facts, _ = _facts("Die Quarnwerk AG hält 60 Prozent an der Kestrel GmbH.\n\nDie übrigen Anteile liegen bei der Quillon AG.")
    assert ("shareholding", "quillon", "kestrel") not in facts, facts


@pytest.mark.parametrize("text,fact", [
    ("Das gesamte Grundkapital der Kestrel AG hielt zunächst die Landesbank Thüringen.",
     ("shareholding", "landesbank-thuringen", "kestrel")),  # a bank named after a federal state, no legal form
    ("Sämtliche Anteile an der Kestrel GmbH hält die Quarnwerk AG.", ("shareholding", "quarnwerk", "kestrel")),
])
def test_the_whole_capital_fronted(text, fact):
    facts, _ = _facts(text)
    assert fact in facts, facts


def test_the_whole_capital_no_longer_held():
    """Guard: a negated clause yields no stake."""
    facts, _ = _facts("Sämtliche Anteile an der Kestrel GmbH hält die Quarnwerk AG nicht mehr.")
    assert not any(k == "shareholding" for k, _, _ in facts), facts


@pytest.mark.parametrize("text", [
    "Die Quarnwerk AG und die Quillon AG sind an der Kestrel GmbH mit jeweils 25 % beteiligt.",
    "Die Quarnwerk AG als auch die Quillon AG sind zu jeweils 50 % an der Kestrel GmbH beteiligt.",
    "Die Quarnwerk AG und die Quillon AG halten je 50 Prozent an der Kestrel GmbH.",
])
def test_each_of_several_holders(text):
    facts, _ = _facts(text)
    assert {("shareholding", "quarnwerk", "kestrel"), ("shareholding", "quillon", "kestrel")} <= facts, facts


@pytest.mark.parametrize("text", [
    "Die Quarnwerk AG und die Quillon AG halten zusammen 50 Prozent an der Kestrel GmbH.",
    # without "jeweils" several holders hold the share together: "halten" (new in STAKE) gave the nearer one 50 %
    "Die Quarnwerk AG und die Quillon AG halten 50 Prozent an der Kestrel GmbH.",
    "An der Kestrel GmbH sind die Quarnwerk AG und die Quillon AG mit 40 Prozent beteiligt.",
])
def test_holders_together_hold_no_share_each(text):
    """Guard: "halten zusammen 50 Prozent" gives neither holder 50 %."""
    facts, _ = _facts(text)
    assert not any(k == "shareholding" for k, _, _ in facts), facts
