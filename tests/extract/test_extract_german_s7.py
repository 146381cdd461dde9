"""German names and stakes the six unseen session-7 dev texts (tests/data/extract/real/dev-s7) showed missing, in
shapes general to German (issue 18, session 7): a capitalised adjective inside a legal-form name ("Deutsche Bahn AG",
"Baltische Fähren AG"), a name that begins with a number ("50Hertz"), a heading run into the next sentence ("beim
Stromnetzbetreiber 42Volt Vorbemerkung …"), entering a company as its shareholder ("X steigt bei Y ein", "ist bei Y
eingestiegen", "der Einstieg der X beim Y"), percentages as adjectives ("eine 40-prozentige Beteiligung", "eines
zwanzigprozentigen Anteils"), "Der Bund" at a sentence's start and "des Bundes" after a stake noun, a subsidiary in
apposition ("Das Tochterunternehmen der X, die Y, …"), a compound subsidiary after a possessive ("ihre Softwaretochter
Y"), an authority acting on "das Vorhaben" of the sentences before; plus the learned pair scorer
(kingmaker.extract.learned, off by default).

Probes with invented names; each failed before its change, except those marked as guards."""
from __future__ import annotations

import json

import pytest

from kingmaker.extract import extract_text
from kingmaker.extract.learned import MODEL_PATH, fit, learned_candidates, load_model, pairs


def _facts(text: str):
    ex = extract_text(text, lang="de")
    return {(c.fact_kind, c.holder, c.subject) for c in ex.candidates}, ex


@pytest.mark.parametrize("text,fact", [
    ("Die Baltische Fähren AG übernimmt die Quillon GmbH.", ("shareholding", "baltische-fahren", "quillon")),
    ("Die Nordische Kabel AG hat 40 Prozent der Anteile an der Quillon GmbH erworben.",
     ("shareholding", "nordische-kabel", "quillon")),
    ("Die 42Volt Transmission GmbH gehört zu 80 Prozent der Quarnwerk AG.", ("shareholding", "quarnwerk", "42volt-transmission")),
    ("Die Quarnwerk AG steigt bei der Kestrel GmbH ein.", ("shareholding", "quarnwerk", "kestrel")),
    ("Die Quarnwerk AG ist bei der Kestrel GmbH eingestiegen.", ("shareholding", "quarnwerk", "kestrel")),
    ("Der Einstieg der Quarnwerk AG bei der Kestrel GmbH ist abgeschlossen.", ("shareholding", "quarnwerk", "kestrel")),
    ("Hintergrund ist der Einstieg der KfW beim Stromnetzbetreiber 42Volt.", ("shareholding", "kfw", "42volt")),
    ("Die Quarnwerk AG hält eine 40-prozentige Beteiligung an der Quillon AG.", ("shareholding", "quarnwerk", "quillon")),
    ("Die Kestrel AG hält einen zwanzigprozentigen Anteil an der Quillon AG.", ("shareholding", "kestrel", "quillon")),
    ("Der Bund hält 20 Prozent an der Quillon AG.", ("shareholding", "bund", "quillon")),
    ("Ziel des Einstiegs des Bundes bei der Quillon AG war der Schutz des Netzes.", ("shareholding", "bund", "quillon")),
    ("Die Quarnwerk SE und ihre Softwaretochter Kestrel Systems wachsen.", ("shareholding", "quarnwerk", "kestrel-systems")),
    ("Die Quarnwerk AG kontrolliert die Quillon AG. Die Kestrel GmbH gehört zur Quarnwerk AG.",
     ("shareholding", "quarnwerk", "kestrel")),  # the name after a sentence that ends with a legal form
    ("Die Kestrel GmbH gehört zur Kestrel International CVBA.", ("shareholding", "kestrel-international", "kestrel")),  # BE
    ("Das 100-prozentige Tochterunternehmen der Quarnwerk AG (QW AG), die Kestrel Logistik GmbH, wächst.",
     ("shareholding", "quarnwerk", "kestrel-logistik")),
])
def test_german_names_and_entry(text, fact):
    facts, _ = _facts(text)
    assert fact in facts, facts


def test_a_declined_adjective_names_the_same_company():
    """"der Baltischen Fähren AG" and "die Baltische Fähren AG" are one actor, named in the nominative."""
    _, ex = _facts("Das Tochterunternehmen der Baltischen Fähren AG, die Kestrel Cargo GmbH, wächst. "
                   "Die Baltische Fähren AG übernimmt die Quillon GmbH.")
    ids = {m.actor for m in ex.mentions if "Fähren" in m.surface}
    assert ids == {"baltische-fahren"} and ex.analysis.index.known["baltische-fahren"].name == "Baltische Fähren AG", ids


def test_an_authority_acts_on_the_deal_named_before():
    text = ("Die Bundeswettbewerbsbehörde wurde über die beabsichtigte Erhöhung der Anteile an der Quillon GmbH von 24,9 "
            "auf 75 Prozent informiert. Die Bundeswettbewerbsbehörde wird das Vorhaben einer eingehenden Prüfung unterziehen.")
    facts, _ = _facts(text)
    assert ("event:decision", "bundeswettbewerbsbehorde", "quillon") in facts, facts


def test_no_deal_before_no_party():
    """Guard: "das Vorhaben" with no organisation in the two sentences before acts on no one."""
    facts, _ = _facts("Die Quillon GmbH wächst. Es regnet. Der Markt ist groß. Das Bundeskartellamt prüft das Vorhaben.")
    assert not any(k == "event:decision" for k, _, _ in facts), facts


def test_a_declined_known_name_is_the_known_actor():
    """"der Deutschen Bank AG" is the gazetteer's Deutsche Bank, not a new "deutsche-bank-2"."""
    facts, _ = _facts("Der Vorstand der Deutschen Bank AG hat die Quillon GmbH übernommen.")
    assert ("shareholding", "deutsche-bank", "quillon") in facts, facts


def test_an_english_name_ending_in_ment_stays_whole():
    """Guard for the run-on cut: "Management" ends names."""
    facts, _ = _facts("Der australische Infrastrukturfonds Kestrel Funds Management hält 20 Prozent an der Quillon AG.")
    assert ("shareholding", "kestrel-funds-management", "quillon") in facts, facts


def test_seat_adjective_stays_outside_the_name():
    """Guard: a place adjective on -er is the seat, not part of the name."""
    facts, _ = _facts("Die Frankfurter Quillon AG übernimmt die Kestrel GmbH.")
    assert ("shareholding", "quillon", "kestrel") in facts


@pytest.mark.parametrize("text", [
    "Die Quarnwerk AG steigt bei der Kestrel GmbH aus.",
    "Die Quarnwerk AG steigt nicht bei der Kestrel GmbH ein.",
    "Der Umsatz der Quarnwerk AG stieg bei der Kestrel GmbH um 5 Prozent.",
    "Die Quarnwerk AG hat die Option auf eine 100-prozentige Beteiligung an der Quillon AG.",
    "Die Quarnwerk AG meldet: Jana Keller stieg 2015 bei der Kestrel GmbH als Finanzchefin ein.",
    "Eine Tochter der Quarnwerk AG, die Kestrel GmbH und die Quillon AG gründen ein Unternehmen.",
])
def test_no_entry_without_one(text):
    """Guards: leaving, a negated entry, a figure that rises, joining as an employee, an option (no stake yet), a list after "Tochter der X"."""
    facts, _ = _facts(text)
    assert not any(k == "shareholding" for k, _, _ in facts), facts


def test_run_on_heading_ends_the_name():
    _, ex = _facts("Kleine Anfrage – Einstieg der KfW beim Stromnetzbetreiber 42Volt Vorbemerkung der Fragesteller "
                   "Chinesische Unternehmen investieren massiv in Stromnetze.")
    names = {ex.analysis.index.known[c.subject].name for c in ex.candidates if c.subject in ex.analysis.index.known}
    assert "42Volt" in names, names


# -- the learned pair scorer ----------------------------------------------------------------------------------------
TEXT = "Nach langen Gesprächen wechselt die Quillon GmbH endgültig in den Besitz der Kestrel AG über."
"""No rule reads "in den Besitz der X übergehen": the pair is the learned layer's to propose or not."""


def _toy_model(weight: float) -> dict:
    return {"bias": {"shareholding": -2.0, "event:decision": -2.0},
            "weights": {"shareholding|order=SHT": 0.0, "shareholding|hb=der": weight},
            "threshold": {"shareholding": 0.6, "event:decision": 0.6}}


def test_learned_layer_proposes_a_pair_its_model_scores_high():
    ex = extract_text(TEXT, lang="de")
    assert not any(c.fact_kind == "shareholding" for c in ex.candidates)  # the rules leave it
    a = ex.analysis
    assert any(p.holder.actor == "kestrel" and p.subject.actor == "quillon" for p in pairs(a))
    added = learned_candidates(a, ex.candidates, _toy_model(4.0))
    assert ("shareholding", "kestrel", "quillon") in {(c.fact_kind, c.holder, c.subject) for c in added}
    assert all(c.rule == "de.shareholding.learned" and 0.6 <= c.confidence < 1 for c in added)
    assert learned_candidates(a, ex.candidates, _toy_model(-4.0)) == []  # below the threshold: nothing


def test_learned_layer_is_off_by_default_and_on_when_asked(monkeypatch):
    from kingmaker.extract import learned

    # a model that scores the pair high: the switch alone decides (with the shipped model the layer may add
    # nothing here, and a test of "on" would pass with the switch ignored)
    monkeypatch.setattr(learned, "load_model", lambda: _toy_model(4.0))
    off = extract_text(TEXT, lang="de")
    on = extract_text(TEXT, lang="de", learned=True)
    assert not any(c.rule.endswith(".learned") for c in off.candidates)
    added = [c for c in on.candidates if c not in off.candidates]
    assert ("shareholding", "kestrel", "quillon") in {(c.fact_kind, c.holder, c.subject) for c in added}
    assert all(c.rule.endswith(".learned") for c in added)


def test_learned_layer_leaves_english_alone():
    ex = extract_text("Kestrel Inc. agreed to take over Quillon Ltd.", lang="en")
    assert learned_candidates(ex.analysis, ex.candidates, _toy_model(9.0)) == []


def test_shipped_model_is_plain_numbers_with_a_threshold_per_kind():
    doc = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    assert set(doc["threshold"]) == {"shareholding", "event:decision"}
    assert doc["weights"] and all(isinstance(w, float) for w in doc["weights"].values())
    assert load_model() == doc


def test_shipped_model_says_where_it_comes_from_and_its_licence():
    """The weights file names every directory its trainer reads (it named dev/ alone, trained on dev-s7/ too) and
    its licence."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "bench" / "train_extract_pairs.py"
    spec = importlib.util.spec_from_file_location("train_extract_pairs", path)
    trainer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(trainer)
    about = json.loads(MODEL_PATH.read_text(encoding="utf-8"))["about"]
    assert about == trainer.ABOUT
    assert all(str(d.relative_to(trainer.ROOT)) in about for d in trainer.DEV) and "Apache-2.0" in about
    assert "off by default" in about


def test_pair_trainer_reads_every_development_folder():
    """The trainer read dev/ and dev-s7/ and left out dev-s8/ (session 8's 17 German texts): every folder of real
    German development gold beside the frozen part is training material (issue 18, session 9)."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "bench" / "train_extract_pairs.py"
    spec = importlib.util.spec_from_file_location("train_extract_pairs", path)
    trainer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(trainer)
    folders = {d for d in trainer.REAL.iterdir() if d.is_dir() and d.name.startswith("dev")}
    assert folders and set(trainer.DEV) == folders
    assert not any("frozen" in d.name for d in trainer.DEV)


def test_fit_separates_what_a_feature_decides():
    examples = [(["k", "k|good"], 1)] * 20 + [(["k", "k|bad"], 0)] * 20
    m = fit(examples)
    assert m["weights"]["k|good"] > 1 > -1 > m["weights"]["k|bad"]


# -- review (rev7a): a decimal share, the size an entry states, a failed entry ------------------------------------
def test_a_decimal_share_of_a_subsidiary_in_apposition_is_kept():
    """"50,1-prozentige" was cut to 50: below control where the text says above."""
    ex = extract_text("Das 50,1-prozentige Tochterunternehmen der Quarnwerk AG, die Kestrel GmbH, wächst.", lang="de")
    stakes = [c for c in ex.candidates if (c.fact_kind, c.holder, c.subject) == ("shareholding", "quarnwerk", "kestrel")]
    assert stakes and all(c.attrs.get("share") == 50.1 for c in stakes), [(c.rule, c.attrs) for c in stakes]


@pytest.mark.parametrize("text,share", [
    ("Die Quarnwerk AG stieg bei der Kestrel GmbH mit 30 Prozent ein.", 30),
    ("Die Quarnwerk AG steigt mit 24,9 Prozent bei der Kestrel GmbH ein.", 24.9),
    ("Die Quarnwerk AG ist mit 10 Prozent bei der Kestrel GmbH eingestiegen.", 10),
])
def test_an_entry_keeps_the_size_it_states(text, share):
    """These were proposed as "stake (size not stated)", the size stated beside it lost."""
    ex = extract_text(text, lang="de")
    stakes = [c for c in ex.candidates if (c.fact_kind, c.holder, c.subject) == ("shareholding", "quarnwerk", "kestrel")]
    assert stakes and all(c.attrs.get("share") == share for c in stakes), [(c.rule, c.attrs) for c in stakes]
    assert not any("not stated" in str(c.attrs.get("description", "")) for c in stakes)


def test_an_entry_without_a_size_says_so():  # guard: a percentage outside the entry's words is not its size
    ex = extract_text("Die Quarnwerk AG stieg bei der Kestrel GmbH ein, deren Umsatz um 5 Prozent wuchs.", lang="de")
    (c,) = [c for c in ex.candidates if c.fact_kind == "shareholding"]
    assert "share" not in c.attrs and c.attrs["description"] == "stake (size not stated)"


@pytest.mark.parametrize("text", [
    "Der Einstieg der Quarnwerk AG bei der Kestrel GmbH scheiterte.",
    "Der Einstieg der Quarnwerk AG bei der Kestrel GmbH ist gescheitert.",
    "Die Übernahme der Kestrel GmbH durch die Quarnwerk AG scheiterte am Widerstand der Aktionäre.",
])
def test_a_failed_entry_or_takeover_is_no_stake(text):
    facts, _ = _facts(text)
    assert not any(k == "shareholding" for k, _, _ in facts), facts


@pytest.mark.parametrize("text", [
    "Die Franz Haniel & Cie. GmbH hält 20 Prozent an der Kestrel GmbH.",  # "Cie." ended the sentence: "GmbH hält …"
    "Die Quarnwerk AG wächst. GmbH hält 20 Prozent an der Kestrel GmbH.",
])
def test_a_legal_form_alone_is_no_actor(text):
    _, ex = _facts(text)
    assert not any(a.name in ("GmbH", "KGaA", "AG") for a in ex.actors), [a.name for a in ex.actors]


def test_a_name_joined_by_an_ampersand_keeps_its_first_word():
    """"Schmidt" is a dictionary noun (smith), but "Schmidt & Partner GmbH" is one name: it was cut to "& Partner GmbH"."""
    facts, ex = _facts("Die Schmidt & Partner GmbH hält 20 Prozent an der Kestrel GmbH.")
    assert "Schmidt & Partner GmbH" in {a.name for a in ex.actors}, [a.name for a in ex.actors]
    assert not any(a.name.startswith("&") for a in ex.actors)


@pytest.mark.parametrize("text", [
    "Über einen Einstieg der Quarnwerk AG bei der Kestrel GmbH wird spekuliert.",
    "Ein Einstieg der Quarnwerk AG bei der Kestrel GmbH ist vom Tisch.",
    "Gerüchte über einen Einstieg der Quarnwerk AG bei der Kestrel GmbH wies der Vorstand zurück.",
    "Der mögliche Einstieg der Quarnwerk AG bei der Kestrel GmbH beschäftigt die Börse.",
])
def test_an_entry_spoken_of_as_possible_is_no_stake(text):
    facts, _ = _facts(text)
    assert not any(k == "shareholding" for k, _, _ in facts), facts


@pytest.mark.parametrize("text", ["Der Bund Katholischer Unternehmer kritisiert die Quarnwerk AG.",
                                  "Der Bund Freier Waldorfschulen erwirbt Anteile an der Quarnwerk AG."])
def test_an_association_named_bund_is_not_the_federal_state(text):
    _, ex = _facts(text)
    assert not any(a.kind == "state" for a in ex.actors), [(a.id, a.kind) for a in ex.actors]


def test_the_federal_state_before_a_noun_is_still_found():  # guard
    _, ex = _facts("Seit 2020 hält der Bund Anteile an der Quarnwerk AG.")
    assert "bund" in {a.id for a in ex.actors}, [a.id for a in ex.actors]
