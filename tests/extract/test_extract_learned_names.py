"""The learned German name recogniser (kingmaker.extract.learned_names, issue 18, session 9): candidate spans, the
choice of non-overlapping names, adding them to an index, and the shipped weights. Invented names throughout; what
the layer adds on real text is measured by bench/train_extract_names.py (docs/extract.md), not asserted here."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from kingmaker.errors import UserError
from kingmaker.extract.actors import ActorIndex
from kingmaker.extract.learned_names import MODEL_PATH, add_to_index, analysis_spans, load_model, propose, spans
from kingmaker.extract.pipeline import extract_text

ROOT = Path(__file__).resolve().parents[2]


def _trainer():
    spec = importlib.util.spec_from_file_location("train_extract_names", ROOT / "bench" / "train_extract_names.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_candidate_spans_hold_legal_forms_connectors_and_compound_heads():
    text = ("Die Gesellschaft für Beteiligungen und Parken Bad Kreuznach hält Anteile an der Quillon GmbH & Co. KG. "
            "Herr Dr. Peter Varnholt leitet die Tarvik-Gruppe.")
    got = {s.text for s in spans(text, [], {0, text.index("Herr")})}
    assert {"Gesellschaft für Beteiligungen und Parken Bad Kreuznach", "Quillon GmbH & Co. KG", "Peter Varnholt",
            "Tarvik"} <= got
    assert not any(s.endswith((" und", " für", " &")) for s in got)
    assert not any("KG. Herr" in s for s in got)  # a span never runs over a sentence's end


def test_proposed_names_do_not_overlap_and_respect_the_threshold():
    text = "Die Quillon GmbH & Co. KG kauft die Tarvik AG."
    cands = spans(text, [], {0})
    model = {"bias": -3.0, "weights": {"legal-end": 5.0, "sent-start": -4.0}, "threshold": 0.5}
    got = [s.text for s, _ in propose(cands, model)]
    assert "Tarvik AG" in got and any(g.startswith("Quillon") for g in got)
    assert not any(a != b and a in b for a in got for b in got)
    assert propose(cands, {**model, "threshold": 0.99}) == []


def test_added_names_become_actors_the_rules_read_and_rule_names_are_left_alone():
    text = "Nach Angaben der Zeitung prüft Varnholt den Einstieg. Die Quillon AG schweigt. Herr Tarvik sagt nichts."
    ex = extract_text(text, lang="de")
    cands = analysis_spans(ex.analysis)
    model = {"bias": 2.0, "weights": {}, "threshold": 0.5}  # every span a name: only those no rule named are added
    index = ActorIndex()
    new = add_to_index(index, propose(cands, model))
    assert "varnholt" in new and index.known["varnholt"].source == "learned"
    assert not any("quillon" in i for i in new)  # the rules name "Quillon AG": theirs, with its kind
    assert all(index.known[i].kind == "person" for i in new if "tarvik" in i)
    again = extract_text(text, lang="de", index=index)
    assert any(m.actor == "varnholt" for m in again.analysis.mentions)


def test_shipped_weights_are_plain_numbers_that_say_where_they_come_from():
    doc = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    trainer = _trainer()
    assert doc["about"] == trainer.ABOUT and "Apache-2.0" in doc["about"] and "off by default" in doc["about"]
    assert all(str(d.relative_to(ROOT)) in doc["about"] for d in trainer.DEV)
    assert isinstance(doc["bias"], float) and 0 < doc["threshold"] <= 1
    assert doc["weights"] and all(isinstance(w, float) for w in doc["weights"].values())
    assert load_model() == doc
    assert MODEL_PATH.stat().st_size < 200_000


def test_name_trainer_reads_every_development_folder_and_never_the_frozen_part():
    trainer = _trainer()
    assert set(trainer.DEV) == {d for d in trainer.REAL.iterdir() if d.is_dir() and d.name.startswith("dev")}
    with pytest.raises(UserError):  # an assert until session 10, dropped by python -O (test_extract_weights_stamp.py)
        trainer.texts(trainer.REAL / "frozen")
