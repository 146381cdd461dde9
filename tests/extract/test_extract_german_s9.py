"""Issue 18, session 9: older extraction bugs found by review (each test failed on the code before its fix).

- "Die Anteile an der X hält zu 70 Prozent die Y": the stake's own "an der" names the company, the holder follows the verb;
- "Seewald Technik GmbH" lost its first word ("Seewald" is a dictionary compound, See + Wald) and became "Technik GmbH";
- an event accepted in review without a date gave a file ``kingmaker load`` refused;
- an event whose organisation is a guess (an anaphor, an employer from another sentence, the last organisation named)
  carried no note saying so.

Probes with invented names."""
from __future__ import annotations

import pytest
from typer.testing import CliRunner

import kingmaker
from kingmaker.cli.app import app
from kingmaker.errors import InvalidInput
from kingmaker.extract import extract_text
from kingmaker.extract.fragment import MARK, accept_all, assert_no_candidates, dump_yaml, to_fragment
from kingmaker.io.case_yaml import parse_yaml


def _facts(text: str):
    ex = extract_text(text, lang="de")
    return {(c.fact_kind, c.holder, c.subject) for c in ex.candidates}, ex


@pytest.mark.parametrize("text", [
    "Die Anteile an der Quarnwerk GmbH hält zu 70 Prozent die Kestrel AG.",
    "Die Beteiligung an der Quarnwerk GmbH hält die Kestrel AG mit 70 Prozent.",  # right before too (a guard)
    "Den Anteil an der Quarnwerk GmbH von 70 Prozent hält seit 2019 die Kestrel AG.",
])
def test_the_stakes_own_company_fronted_the_holder_after_the_verb(text):
    facts, _ = _facts(text)
    assert ("shareholding", "kestrel", "quarnwerk") in facts, facts
    assert ("shareholding", "quarnwerk", "kestrel") not in facts, facts


@pytest.mark.parametrize("text", [  # guards: the holder first, as before
    "Die Kestrel AG hält ihre Anteile an der Quarnwerk GmbH zu 70 Prozent.",
    "Die Kestrel AG erhöht ihren Anteil an der Quarnwerk GmbH auf 70 Prozent.",
])
def test_the_holder_first_is_unchanged(text):
    facts, _ = _facts(text)
    assert ("shareholding", "kestrel", "quarnwerk") in facts, facts


@pytest.mark.parametrize("text,name", [
    ("Die Seewald Technik GmbH hält 40 Prozent an der Quarnwerk AG.", "Seewald Technik GmbH"),
    ("Die Quarnwerk AG hält 40 Prozent an der Bergquell Antriebe GmbH.", "Bergquell Antriebe GmbH"),
    # guards: a noun saying what the organisation is still goes
    ("Die Laborgruppe Kestrel Diagnostik GmbH hält 40 Prozent an der Quarnwerk AG.", "Kestrel Diagnostik GmbH"),
    ("Der Cloud-Anbieter Wolkenwerk AG hält 40 Prozent an der Quarnwerk AG.", "Wolkenwerk AG"),
])
def test_a_compound_noun_first_in_a_name_stays_in_it(text, name):
    ex = extract_text(text, lang="de")
    assert name in {p.name for p in ex.actors}, [p.name for p in ex.actors]


UNDATED = "Die Quarnwerk AG baut Turbinen. Der Aufsichtsrat hat die Geschäftsführerin Jana Keller abberufen.\n"


def test_an_accepted_event_without_a_date_stays_a_candidate_and_says_why(tmp_path):
    ex = extract_text(UNDATED, lang="de")
    assert any(c.section == "events" and not c.date for c in ex.candidates)
    doc = accept_all(to_fragment(ex))
    event = doc["events"][0]
    assert MARK in event and any("date" in n for n in event[MARK]["needs"]), event
    path = tmp_path / "accepted.yaml"
    path.write_text(dump_yaml(doc), encoding="utf-8")
    with pytest.raises(InvalidInput) as info:  # load refuses it by name, not with "Input should be a valid date"
        assert_no_candidates(parse_yaml(path), str(path))
    assert any(p.record == event["id"] for p in info.value.problems)


def test_review_asks_an_undated_events_date_and_the_file_loads(tmp_path):
    text = tmp_path / "a.de.txt"
    text.write_text(UNDATED, encoding="utf-8")
    out = tmp_path / "reviewed.yaml"
    # two actors, the officer, the event (accept), a wrong date (asked again), the date
    result = CliRunner().invoke(app, ["extract", str(text), "--review", "--out", str(out)],
                                input="a\na\na\na\n2024-13-01\n2024-05-03\n")
    assert result.exit_code == 0, result.output
    doc = parse_yaml(out)
    assert "candidates" not in doc and str(doc["events"][0]["date"]) == "2024-05-03"
    with kingmaker.open(tmp_path / "s.duckdb") as km:
        report = km.load(out)
    assert report.results[0].counts["events"] == 1


@pytest.mark.parametrize("text,note", [
    ("Die Quarnwerk AG baut Turbinen. Das Unternehmen hat Frau Keller abberufen.", "'Das Unternehmen' read as Quarnwerk AG"),
    ("Die Quarnwerk AG baut Turbinen. Am 3. Mai 2024 wurde Frau Keller abberufen.", "read as Quarnwerk AG, named before"),
    ("Die Quarnwerk AG baut Turbinen. Am 3. Mai 2024 wurde die Finanzchefin Jana Keller abberufen.",
     "Quarnwerk AG read as Jana Keller's employer"),
])
def test_an_events_guessed_organisation_carries_a_note(text, note):
    ex = extract_text(text, lang="de")
    event = next(c for c in ex.candidates if c.section == "events")
    assert event.subject == "quarnwerk" and note in event.attrs.get("link_note", ""), event.attrs


def test_an_event_with_its_organisation_named_has_no_note():  # guard
    ex = extract_text("Die Geschäftsführerin der Quarnwerk AG, Jana Keller, wurde am 3. Mai 2024 abberufen.", lang="de")
    event = next(c for c in ex.candidates if c.section == "events")
    assert "link_note" not in event.attrs, event.attrs


# -- general German rules (session 9): owners named by an owner noun, with every holder of a list ---------------------
@pytest.mark.parametrize("text,facts", [
    ("Gesellschafter der Quarnwerk GmbH sind die Kestrel AG, die Quillon AG und die Stadt Marlau.",
     [("kestrel", "quarnwerk"), ("quillon", "quarnwerk"), ("stadt-marlau", "quarnwerk")]),
    ("Gewährträger der Landesbank Hessen waren das Land Hessen und die Stadt Marlau.",
     [("land-hessen", "landesbank-hessen"), ("stadt-marlau", "landesbank-hessen")]),
    ("Die Kestrel AG und die Quillon AG sind Gesellschafter der Quarnwerk GmbH.",
     [("kestrel", "quarnwerk"), ("quillon", "quarnwerk")]),
    ("Die Kestrel AG, die Marlau GmbH und die Quillon AG sind Gesellschafter der Quarnwerk GmbH.",
     [("kestrel", "quarnwerk"), ("marlau", "quarnwerk"), ("quillon", "quarnwerk")]),
])
def test_every_owner_of_a_list(text, facts):
    found, _ = _facts(text)
    for h, s in facts:
        assert ("shareholding", h, s) in found, (h, s, found)


def test_an_owner_noun_alone_takes_the_company_of_the_sentence_before():
    """"Persönlich haftende Gesellschafterin ist die Y." after a sentence about the X KG: Y → X, a guess said in a note."""
    text = ("Die Quarnwerk GmbH & Co. KG betreibt Windparks. Kommanditistin der Quarnwerk GmbH & Co. KG ist die Kestrel AG. "
            "Persönlich haftende Gesellschafterin ist die Quillon Verwaltungs GmbH.")
    _, ex = _facts(text)
    c = next((c for c in ex.candidates if (c.holder, c.subject) == ("quillon-verwaltungs", "quarnwerk")), None)
    assert c is not None, [(c.holder, c.subject) for c in ex.candidates]
    assert c.attrs.get("link_note", "").startswith("guess: "), c.attrs


@pytest.mark.parametrize("text", [
    # guards: an owner noun alone with no sentence before, or after a heading, names no company
    "Gesellschafter ist die Kestrel AG.",
    "Die Quarnwerk GmbH\n\nGesellschafter ist die Kestrel AG.",
])
def test_an_owner_noun_alone_needs_a_company_just_before(text):
    found, _ = _facts(text)
    assert not any(k == "shareholding" and h == "kestrel" for k, h, _ in found), found


# -- wrong facts the percentage rule made -----------------------------------------------------------------------------
def test_a_percentage_in_a_relative_clause_about_something_else_is_not_the_names():
    """"… einen Vertrag mit der Kestrel AG abgeschlossen, der einen Verkauf von 25,2 Prozent … beinhaltete": the relative
    clause is the contract's; Kestrel holds nothing by it (it was read Kestrel → the Land)."""
    found, _ = _facts("Das Land Hessen hat 2009 einen Vertrag mit der Kestrel AG abgeschlossen, der einen Verkauf von 25,2 "
                      "Prozent der Anteile beinhaltete.")
    assert not any(k == "shareholding" for k, _, _ in found), found


@pytest.mark.parametrize("text,fact", [  # guards: a relative clause about the name itself; an infinitive clause
    ("Die Quillon AG kaufte die Kestrel AG, die 40 Prozent an der Quarnwerk GmbH hält.", ("shareholding", "kestrel", "quarnwerk")),
    ("Das Amt hat das Vorhaben der Kestrel AG freigegeben, die alleinige Kontrolle und 100 Prozent der Anteile an der "
     "Quarnwerk GmbH zu erwerben.", ("shareholding", "kestrel", "quarnwerk")),
])
def test_a_percentage_in_the_names_own_clause_stays(text, fact):
    found, _ = _facts(text)
    assert fact in found, found


def test_the_bavarians_are_not_the_freistaat():
    """"Die Bayern hatten …": a Land's bare name after a plural article is its people (or a team), not the state."""
    _, ex = _facts("Die Bayern halten zehn Prozent der Stimmrechte an der Quarnwerk AG.")
    assert not any("bayern" in (c.holder or "") for c in ex.candidates), [(c.holder, c.subject) for c in ex.candidates]
    facts, _ = _facts("Der Freistaat Bayern hält 10 Prozent an der Quarnwerk AG. Bayern will mehr.")  # guard
    assert ("shareholding", "freistaat-bayern", "quarnwerk") in facts, facts


# -- a stake named as a noun with its holder in the genitive; names joined by small words ----------------------------
@pytest.mark.parametrize("text,fact", [
    ("Der Rat stimmt dem Verkauf des Geschäftsanteils der Kestrel GmbH am Stammkapital der Quarnwerk GmbH zu.",
     ("shareholding", "kestrel", "quarnwerk")),
    ("Die Voraussetzungen der mittelbaren Beteiligung der Stadt Marlau (Saale) über die Kestrel GmbH an der Quarnwerk GmbH "
     "liegen vor.", ("shareholding", "stadt-marlau", "quarnwerk")),
    ("Die Anteile der Kestrel AG an der Quarnwerk GmbH werden verkauft.", ("shareholding", "kestrel", "quarnwerk")),
])
def test_a_stake_noun_with_its_holder_in_the_genitive(text, fact):
    found, _ = _facts(text)
    assert fact in found, found


def test_a_share_of_people_is_no_stake():  # guard
    found, _ = _facts("Der Anteil der Frauen an der Belegschaft der Quarnwerk GmbH steigt.")
    assert not any(k == "shareholding" for k, _, _ in found), found


@pytest.mark.parametrize("text,name", [
    ("Die Stadt Marlau hält 40 Prozent an der Gesellschaft für Beteiligungen und Parken Marlau mbH.",
     "Gesellschaft für Beteiligungen und Parken Marlau mbH"),
    ("Die Kestrel GmbH hält 40 Prozent an der Technischen Werke der Stadt Marlau GmbH.",
     "Technische Werke der Stadt Marlau GmbH"),
    ("Gesellschafterin ist die Regionalverbandsgesellschaft der Quarn-Finanzgruppe mbH.",
     "Regionalverbandsgesellschaft der Quarn-Finanzgruppe mbH"),
    ("Die Kestrel Bau- und Wohnungsgesellschaft mbH hält 40 Prozent an der Quarnwerk AG.",
     "Kestrel Bau- und Wohnungsgesellschaft mbH"),
    ("Der Vertrag der Marlauer Versorgungs- und Verkehrsgesellschaft mbH wurde geschlossen.",
     "Marlauer Versorgungs- und Verkehrsgesellschaft mbH"),
])
def test_names_joined_by_small_words(text, name):
    _, ex = _facts(text)
    assert name in {a.name for a in ex.actors}, [a.name for a in ex.actors]


@pytest.mark.parametrize("text", [  # guards: a genitive after a bare organisation noun is no name
    "Der Anteil der Bank der Quarnwerk AG sinkt.",
    "Die Anteile der Kestrel GmbH hält die Quarnwerk AG.",
])
def test_a_genitive_is_no_linked_name(text):
    _, ex = _facts(text)
    assert not any(" der " in a.name for a in ex.actors), [a.name for a in ex.actors]


# -- a stake said with a noun and no percentage -----------------------------------------------------------------------
@pytest.mark.parametrize("text,facts", [
    ("Die Stadt Marlau hält – teils unmittelbar, teils mittelbar über städtische Unternehmen – die Mehrheitsanteile an den "
     "Gesellschaften Quarnwerk GmbH, Kestrel GmbH und Quillon GmbH.",
     [("stadt-marlau", "quarnwerk"), ("stadt-marlau", "kestrel"), ("stadt-marlau", "quillon")]),
    ("Die Stadt Marlau hält die Mehrheit an der Quarnwerk GmbH und der Kestrel GmbH.",
     [("stadt-marlau", "quarnwerk"), ("stadt-marlau", "kestrel")]),
    ("Die Quillon AG übernimmt von der Kestrel AG die Anteile am KI-Unternehmen Quarnwerk GmbH.", [("quillon", "quarnwerk")]),
    ("Die Quillon AG wächst. Außerdem hält der Konzern Mehrheitsbeteiligungen am Videoportal Quarnwerk.", [("quillon", "quarnwerk")]),
])
def test_a_stake_said_with_a_noun(text, facts):
    found, _ = _facts(text)
    for h, s in facts:
        assert ("shareholding", h, s) in found, (h, s, found)


@pytest.mark.parametrize("text", [  # guards: none held, a seller's, and who sold is no holder of what was bought
    "Die Kestrel AG hält keine Anteile an der Quarnwerk GmbH.",
    "Die Kestrel AG verkauft ihre Anteile an der Quarnwerk GmbH.",
])
def test_no_stake_noun_held(text):
    found, _ = _facts(text)
    assert ("shareholding", "kestrel", "quarnwerk") not in found, found


def test_the_seller_named_after_the_verb_is_no_holder():  # guard
    found, _ = _facts("Die Quillon AG übernimmt von der Kestrel AG die Anteile am KI-Unternehmen Quarnwerk GmbH.")
    assert ("shareholding", "kestrel", "quarnwerk") not in found, found


def test_a_company_named_later_by_one_word_of_its_name():
    """"das Bauunternehmen GP Günter Quarnberg Hochbau GmbH" … "die Quillon AG als auch Quarnberg sind zu jeweils 50 % an
    der Kestrel GmbH beteiligt": "Quarnberg" is the company (its one word the text uses alone)."""
    found, _ = _facts("Die Quillon AG und das Bauunternehmen GP Günter Quarnberg Hochbau GmbH gründeten die Kestrel GmbH. "
                      "Die Quillon AG als auch Quarnberg sind zu jeweils 50 % an der Kestrel GmbH beteiligt.")
    assert ("shareholding", "gp-gunter-quarnberg-hochbau", "kestrel") in found, found


def test_a_word_shared_with_another_name_stays_that_names():  # guard
    found, _ = _facts("Die Kestrel Marlau GmbH baut. Marlau ist eine Stadt. Die Stadt Marlau hält 40 Prozent an der Quarnwerk GmbH.")
    assert ("shareholding", "stadt-marlau", "quarnwerk") in found and not any(h == "kestrel-marlau" for _, h, _ in found), found


# -- news: a company before a role compound, an age after a name, the chair of a supervisory board --------------------
@pytest.mark.parametrize("text,fact", [
    ("Quarnwerk-Vorstandschef Herbert Lindqvist tritt ab.", ("officer", "herbert-lindqvist", "quarnwerk")),
    ("Das erklärte Quarnwerk-Chef Jonas Feld laut Mitteilung.", ("officer", "jonas-feld", "quarnwerk")),
    ("Jonas Feld (61), Vorstandschef der Quarnwerk AG, tritt ab.", ("officer", "jonas-feld", "quarnwerk")),
    ("Jonas Feld (61), Aufsichtsratschef der Quarnwerk AG, tritt ab.", ("board_seat", "jonas-feld", "quarnwerk")),
    ("Die Quarnwerk AG ist in Not. Die Aktionäre hatten Aufsichtsratschef Jonas Feld in die Knie gezwungen.",
     ("board_seat", "jonas-feld", "quarnwerk")),
])
def test_news_roles(text, fact):
    found, _ = _facts(text)
    assert fact in found, found


@pytest.mark.parametrize("text", [  # guards: no company from a common noun, a country code or a country before the role
    "Der Konzern-Chef Jonas Feld tritt ab.",
    "Der US-Chef Jonas Feld tritt ab.",
    "Der Deutschland-Chef Jonas Feld tritt ab.",
])
def test_no_company_before_a_role_from_a_noun_or_place(text):
    _, ex = _facts(text)
    assert not any(a.kind == "company" for a in ex.actors), [(a.name, a.kind) for a in ex.actors]


def test_a_chair_whose_company_is_not_said_is_none():  # guard
    found, _ = _facts("Die Kestrel AG, die sieben Prozent an der Quarnwerk AG hält, hatte Aufsichtsratschef Jonas Feld in die "
                      "Knie gezwungen.")
    assert not any(k == "board_seat" for k, _, _ in found), found


def test_a_plural_owner_list_may_hold_words_that_are_no_names():
    """"Gewährträger der X waren das Land Hessen, der Beklagte, die Stadt Marlau und die Kestrel AG": each name of the list."""
    found, _ = _facts("Gewährträger der Landesbank Hessen waren das Land Hessen, der Beklagte, die Stadt Marlau und die Kestrel AG.")
    for h in ("land-hessen", "stadt-marlau", "kestrel"):
        assert ("shareholding", h, "landesbank-hessen") in found, (h, found)


def test_a_relative_clause_after_the_list_is_no_owner():  # guard
    found, _ = _facts("Gesellschafter der Quarnwerk GmbH sind die Kestrel AG und die Quillon AG, die an der Marlau GmbH "
                      "beteiligt ist.")
    assert ("shareholding", "marlau", "quarnwerk") not in found, found


@pytest.mark.parametrize("name,base", [
    ("Rheinischen Quarnwerks- und Giroverband", "Rheinischer Quarnwerks- und Giroverband"),
    ("Norddeutschen Rundfunk", "Norddeutscher Rundfunk"),
    ("Deutschen Bahn AG", "Deutsche Bahn AG"),  # guard: feminine, and a legal form
])
def test_a_masculine_name_is_cited_with_a_strong_adjective(name, base):
    from kingmaker.extract.proposals import adjective_base
    assert adjective_base(name) == base


# -- anonymised decisions: a party named by one quoted letter ---------------------------------------------------------
def test_a_party_named_by_one_quoted_letter():
    """An anonymised decision: 'die übrigen Anteile liegen in der Hand der L. AG' after the stakes in 'der "K. "'."""
    text = ('Die Stadt G. hält die Eigengesellschaft "H. " vor, welche jeweils 75,1% der Anteile an der "J. " und der "K. " '
            'hält. Die übrigen Anteile liegen in der Hand der L. AG.')
    found, ex = _facts(text)
    assert ("shareholding", "l", "k") in found, found
    assert {"J.", "K."} <= {a.name for a in ex.actors}, [a.name for a in ex.actors]


def test_a_bare_letter_is_no_party():  # guard: numbering and initials
    _, ex = _facts("I. Sachverhalt\nDie Kestrel AG hält 40 Prozent an der Quarnwerk GmbH. Geschäftsführer ist J. Feld.")
    assert not any(len(a.name) <= 2 for a in ex.actors), [a.name for a in ex.actors]


def test_the_company_of_an_earlier_stake_is_not_the_next_ones_holder():
    """"… 100 % der Anteile an der "I. " sowie jeweils 75,1 % der Anteile an der "J. "": I holds nothing in J."""
    found, _ = _facts('Die Quarnwerk AG hält 100% der Anteile an der Kestrel GmbH sowie jeweils 75,1% der Anteile an der '
                      'Quillon GmbH und der Marlau GmbH.')
    assert not any(h == "kestrel" for _, h, _ in found), found


def test_a_resource_in_an_aside_is_no_supply():
    found, _ = _facts("Die Stadt Marlau hält im Bereich der Daseinsvorsorge - Versorgung der Bürger mit Strom, Gas und Wasser - "
                      "die Kestrel GmbH vor, welche die Quarnwerk AG berät.")
    assert not any(k == "supply" for k, _, _ in found), found


# -- review (rev9b): wrong facts the session's new rules gave, each failing before its mend -------------------------------


@pytest.mark.parametrize("clause", [", an der die Stadt Fulda beteiligt ist", ", deren Mehrheit die Stadt Fulda hält"])
def test_a_relative_clause_after_a_preposition_ends_a_plural_owner_list(clause):
    """"… waren die Kestrel AG und die Bergquell GmbH, an der die Stadt Fulda beteiligt ist": Fulda owns Bergquell, not
    Quarnwerk (the plural list went on to the sentence's end over a relative clause opened by "an der" or "deren")."""
    found, _ = _facts("Gesellschafter der Quarnwerk GmbH waren die Kestrel AG und die Bergquell GmbH" + clause + ".")
    assert ("shareholding", "stadt-fulda", "quarnwerk") not in found, found
    assert {("shareholding", "kestrel", "quarnwerk"), ("shareholding", "bergquell", "quarnwerk")} <= found, found


@pytest.mark.parametrize("clause", [", die der Quarnwerk GmbH gehört,", ", an der die Quarnwerk GmbH beteiligt ist,"])
def test_a_name_in_a_relative_clause_before_the_verb_is_no_stake_nouns_holder(clause):
    """"Die Kestrel AG, die der Quarnwerk GmbH gehört, hält die Anteile an der Bergquell GmbH": Kestrel holds them, not
    Quarnwerk (the name nearest before the verb was taken, though a closed relative clause holds it)."""
    found, _ = _facts("Die Kestrel AG" + clause + " hält die Anteile an der Bergquell GmbH.")
    assert ("shareholding", "quarnwerk", "bergquell") not in found, found
    assert ("shareholding", "kestrel", "bergquell") in found, found


def test_a_demonstrative_is_no_first_word_of_a_name():
    """"Diese Verwaltungs GmbH hält …": "Diese" is a pronoun (its lemma "dieser"), not the first word of a name as a
    dictionary compound is ("Seewald Technik GmbH")."""
    ex = extract_text("Diese Verwaltungs GmbH hält 30 Prozent an der Bergquell GmbH.", lang="de")
    assert not any(p.name.startswith("Diese") for p in ex.actors), [p.name for p in ex.actors]


@pytest.mark.parametrize("tail", [", Geschäftsführer ist Anton Vielhaber", ", während die Stadt Fulda die Lindwerk AG besitzt",
                                  ", teilte die Stadt Fulda mit", ", so die Stadt Fulda", ", vertreten durch die Stadt Fulda",
                                  ", bevor die Stadt Fulda die Anteile übernahm"])
def test_a_new_clause_after_a_plural_owner_list_names_no_owner(tail):
    """"Gesellschafter der Q GmbH sind die K AG und die B GmbH, teilte die Stadt Fulda mit": the plural list took every
    name up to the sentence's end as an owner; an item of more than three words that is no name ends the list."""
    found, _ = _facts("Gesellschafter der Quarnwerk GmbH sind die Kestrel AG und die Bergquell GmbH" + tail + ".")
    assert {("shareholding", "kestrel", "quarnwerk"), ("shareholding", "bergquell", "quarnwerk")} <= found, found
    assert not any(k == "shareholding" and s == "quarnwerk" and h not in ("kestrel", "bergquell") for k, h, s in found), found


def test_a_plural_owner_list_goes_on_past_sizes_and_titles():  # guard: what the list keeps
    found, _ = _facts("Gesellschafter der Quarnwerk GmbH sind die Kestrel AG mit 60 Prozent, die Bergquell GmbH sowie Herr Anton Vielhaber.")
    for h in ("kestrel", "bergquell", "anton-vielhaber"):
        assert ("shareholding", h, "quarnwerk") in found, (h, found)


@pytest.mark.parametrize("mid", ["laut der Quarnwerk AG", "nach Angaben der Quarnwerk AG", "neben der Quarnwerk AG",
                                 "im Auftrag der Quarnwerk AG", "bei der Quarnwerk AG"])
def test_a_name_after_a_preposition_between_verb_and_stake_noun_is_no_holder(mid):
    """"Die Kestrel AG hält laut der Quarnwerk AG die Anteile an der Bergquell GmbH": the subject Kestrel holds them; a
    name between the verb and the stake noun was taken for the holder unless "von", "über", "durch" or "mit" stood before it."""
    found, _ = _facts(f"Die Kestrel AG hält {mid} die Anteile an der Bergquell GmbH.")
    assert ("shareholding", "quarnwerk", "bergquell") not in found, found
    assert ("shareholding", "kestrel", "bergquell") in found, found


@pytest.mark.parametrize("noun", ["Marktanteil", "Gewinnanteil", "Finanzierungsanteil"])
def test_a_share_that_is_no_stake_gives_no_shareholding(noun):
    """"Der Marktanteil der Kestrel AG an der Quarnwerk AG": session 9's nominal stake took any compound of "-anteil" for a
    stake (Kestrel → Quarnwerk); only a stake's compounds ("Geschäftsanteil", "Aktienanteil", …) are one."""
    found, _ = _facts(f"Der {noun} der Kestrel AG an der Quarnwerk AG ist gestiegen.")
    assert ("shareholding", "kestrel", "quarnwerk") not in found, found


def test_a_stakes_compound_stays_a_stake():  # guard
    found, _ = _facts("Der Gesellschaftsanteil der Kestrel AG an der Quarnwerk AG wurde verkauft.")
    assert ("shareholding", "kestrel", "quarnwerk") in found, found


@pytest.mark.parametrize("noun", ["Tochtergesellschaft", "Muttergesellschaft", "Holdinggesellschaft", "Projektgesellschaft"])
def test_a_dictionary_compound_with_a_genitive_is_no_linked_name(noun):
    """"Die Tochtergesellschaft der Kestrel AG hält 30 Prozent an der Quarnwerk AG": session 9's linked names made
    "Tochtergesellschaft der Kestrel AG" one company and lost Kestrel; a compound the dictionary knows, with a genitive
    after it, is Kestrel's subsidiary, as "die Bank der X AG" is X's bank (a made-up compound stays a name: the
    "Regionalverbandsgesellschaft der …" probe above)."""
    ex = extract_text(f"Die {noun} der Kestrel AG hält 30 Prozent an der Quarnwerk AG.", lang="de")
    assert "Kestrel AG" in {p.name for p in ex.actors}, [p.name for p in ex.actors]
    assert not any(p.name.startswith(noun) for p in ex.actors), [p.name for p in ex.actors]


@pytest.mark.parametrize("noun", ["Hausbank", "Beratungsgesellschaft"])
def test_a_dictionary_compound_for_a_named_company_is_no_linked_name(noun):
    """"Die Bergquell GmbH ist die Hausbank für Kestrel AG": a noun serving a company named after "für" made "Hausbank für
    Kestrel AG" one company and lost Kestrel; a linked name says what it does ("Betriebsgesellschaft für Schwimmbäder und
    Nebenbetriebe mbH", the guard below)."""
    ex = extract_text(f"Die Bergquell GmbH ist die {noun} für Kestrel AG.", lang="de")
    assert "Kestrel AG" in {p.name for p in ex.actors}, [p.name for p in ex.actors]
    assert not any(p.name.startswith(noun) for p in ex.actors), [p.name for p in ex.actors]


def test_a_dictionary_compound_for_a_field_stays_a_linked_name():  # guard
    ex = extract_text("Die Betriebsgesellschaft für Schwimmbäder und Nebenbetriebe mbH hält 30 Prozent an der Quarnwerk AG.",
                      lang="de")
    assert "Betriebsgesellschaft für Schwimmbäder und Nebenbetriebe mbH" in {p.name for p in ex.actors}
