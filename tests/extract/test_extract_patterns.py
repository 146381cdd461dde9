"""Unit tests for the general extraction patterns (appositions, German role compounds, credit
facilities, definite descriptions, staff counts, vetoes, appointment and voting rights), each on
sentences written here — not taken from the gold texts."""
from __future__ import annotations

import pytest

from kingmaker.extract import ActorIndex, extract_text
from kingmaker.extract.intake import trim_debris
from kingmaker.extract.lexicon import normalise_role

ACTORS = """\
case: {id: patterns, title: "Actors for the pattern tests"}
actors:
  - {id: marlow-bank, kind: company, name: Marlow Bank, aliases: [Marlow]}
  - {id: pinecrest, kind: company, name: Pinecrest Robotics, aliases: [Pinecrest]}
  - {id: ostwind, kind: company, name: Ostwind Technik GmbH, aliases: [Ostwind Technik, Ostwind]}
  - {id: talberg, kind: fund, name: Talberg Capital, aliases: [Talberg]}
"""


@pytest.fixture(scope="module")
def index_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("actors") / "actors.yaml"
    path.write_text(ACTORS, encoding="utf-8")
    return path


def facts(text, lang, index_file, kind=None):
    ex = extract_text(text, lang=lang, index=ActorIndex.from_case_file(index_file))
    return {(c.kind, c.holder, c.subject) for c in ex.candidates if kind is None or c.kind == kind}, ex


def test_possessive_apposition_and_name_comma_role(index_file):
    found, ex = facts("Pinecrest's chief executive, Omar Lindqvist, said little. Rhea Tamsin, CEO of Marlow Bank, "
                      "declined to comment.", "en", index_file, "officer")
    assert found == {("officer", "omar-lindqvist", "pinecrest"), ("officer", "rhea-tamsin", "marlow-bank")}
    assert {"omar-lindqvist", "rhea-tamsin"} <= {p.id for p in ex.actors}


def test_german_role_compounds_with_company_prefix(index_file):
    found, ex = facts("Ostwind-Technikvorstand Kai Brenner verlässt das Unternehmen nicht.", "de", index_file, "officer")
    assert found == {("officer", "kai-brenner", "ostwind")}
    assert next(c for c in ex.candidates if c.kind == "officer").attrs["role"] == "CTO"
    assert [normalise_role(w) for w in ("Finanzvorständin", "Digitalchefin", "Vertriebsleiter", "chief investment officer")] \
        == ["CFO", "CDO", "Vertriebsleiter", "CIO"]


def test_credit_facility_and_wandeldarlehen(index_file):
    found, _ = facts("Marlow Bank has arranged a $45 million credit facility for Pinecrest Robotics.", "en", index_file)
    assert ("financing", "marlow-bank", "pinecrest") in found
    found, ex = facts("Talberg Capital gewährt der Ostwind Technik GmbH ein Wandeldarlehen über 8 Millionen Euro.", "de",
                      index_file, "financing")
    assert found == {("financing", "talberg", "ostwind")}
    assert ex.candidates[0].attrs["instrument"] == "convertible"


def test_definite_description_resolves_to_the_last_matching_actor(index_file):
    text = ("Marlow Bank lends to Pinecrest Robotics. Talberg Capital also looked at Pinecrest. "
            "The bank now holds 6% of Pinecrest Robotics.")
    found, _ = facts(text, "en", index_file, "shareholding")
    assert found == {("shareholding", "marlow-bank", "pinecrest")}  # not Talberg, named more recently


def test_n_of_m_engineers_is_a_staff_count(index_file):
    found, ex = facts("Nach dem Deal wechseln 30 der 41 Ingenieure von Ostwind Technik zu Pinecrest.", "de", index_file)
    emp = next(c for c in ex.candidates if c.kind == "employment")
    assert (emp.holder, emp.subject, emp.attrs["count"]) == ("ostwind-staff", "ostwind", 41)
    assert ("offer", "pinecrest", "ostwind-staff") in found


def test_vetoes_golden_share_and_negation(index_file):
    found, ex = facts("Talberg Capital holds a golden share with a veto over any change to the articles of Pinecrest.",
                      "en", index_file, "veto_right")
    assert found == {("veto_right", "talberg", "pinecrest")}
    assert "articles" in ex.candidates[0].attrs["matters"]
    found, _ = facts("Der Bau neuer Werke der Ostwind Technik steht unter dem Zustimmungsvorbehalt von Talberg Capital.", "de",
                     index_file, "veto_right")
    assert found == {("veto_right", "talberg", "ostwind")}
    found, _ = facts("Talberg Capital cannot veto decisions of Pinecrest Robotics.", "en", index_file, "veto_right")
    assert found == set()


def test_rights_to_appoint_with_seats(index_file):
    found, ex = facts("Talberg Capital has the right to appoint three of Pinecrest's eight directors.", "en", index_file,
                      "appointment_right")
    assert found == {("appointment_right", "talberg", "pinecrest")}
    assert (ex.candidates[0].attrs["seats"], ex.candidates[0].attrs["of_seats"]) == (3, 8)
    found, _ = facts("Zudem hat Talberg Capital das Recht, den Technikchef der Ostwind Technik zu entsenden.", "de",
                     index_file, "appointment_right")
    assert found == {("appointment_right", "talberg", "ostwind")}


def test_voting_rights_percentages_and_founders(index_file):
    found, _ = facts("Talberg Capital hält 22 Prozent der Stimmrechte an der Ostwind Technik GmbH.", "de", index_file)
    assert ("voting_rights", "talberg", "ostwind") in found
    found, _ = facts("Control stays with the founders of Pinecrest, who keep 55% of the votes.", "en", index_file)
    assert ("voting_rights", "pinecrest-founders", "pinecrest") in found


def test_a_long_prose_paragraph_mentioning_share_is_not_debris():
    body, debris = trim_debris("First paragraph of the article with enough words to count as prose here.\n\n"
                               "Lawyers say the golden share may clash with the rules, and the regulator will look at "
                               "the share structure closely before the end of the year, people familiar said.\n\nShare\n")
    assert "golden share" in body and debris.strip() == "Share"
