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
