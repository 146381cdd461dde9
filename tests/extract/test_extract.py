"""Evidence extraction: the pieces (intake, language, sentences, figures, actors), the candidate fragment
and its refusal by `load`, the terminal review, and the evaluation on our own gold texts."""
from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

import kingmaker
from kingmaker.cli.app import app
from kingmaker.errors import InvalidInput
from kingmaker.extract import ActorIndex, extract_file, extract_text
from kingmaker.extract.evaluate import GOLD_DIR, evaluate_file
from kingmaker.extract.fragment import accept_all, apply_review, assert_no_candidates, dump_yaml, to_fragment
from kingmaker.extract.intake import read_document, trim_debris
from kingmaker.extract.language import detect_language
from kingmaker.extract.quantities import find_date, find_money, find_percent
from kingmaker.extract.sentences import split_sentences
from kingmaker.io.case_yaml import parse_yaml

DATA = GOLD_DIR


def test_sentences_keep_german_abbreviations_and_offsets():
    text = "Wichtige Ressourcen, wie z. B. Grafikprozessoren. Am 14. Februar 2024 teilte Dr. Keller es mit.\nTitel"
    sents = split_sentences(text, "de")
    assert [s.text for s in sents] == ["Wichtige Ressourcen, wie z. B. Grafikprozessoren.",
                                       "Am 14. Februar 2024 teilte Dr. Keller es mit.", "Titel"]
    assert all(text[s.start:s.end] == s.text for s in sents)
    assert sents[-1].heading and not sents[0].heading


def test_figures_dates_and_language():
    money = find_money("investiert 300 Millionen Euro und ein Darlehen über 20 Mio. Euro", "de")
    assert [(m.amount, m.currency) for m in money] == [(Decimal("3E+8"), "EUR"), (Decimal("2E+7"), "EUR")]
    assert [(m.amount, m.currency) for m in find_money("invest $40 million or €15M", "en")] == [
        (Decimal("4E+7"), "USD"), (Decimal("1.5E+7"), "EUR")]
    assert find_percent("erwirbt 24,9 Prozent", "de")[0][0] == Decimal("24.9")
    assert find_date("am 2. Mai 2024 zurückgetreten") == "2024-05-02"
    assert find_date("said on March 4, 2024") == "2024-03-04"
    assert detect_language("Die Bank gewährt dem Unternehmen einen Kredit über fünf Millionen Euro.") == "de"
    assert detect_language("The bank gave the company a loan of five million dollars last week.") == "en"


def test_trailing_debris_is_cut_and_offsets_survive():
    body, debris = trim_debris("Erster Satz des Artikels mit genug Wörtern für einen echten Absatz.\n\n"
                               "*Folgen Sie uns auf LinkedIn\n\nBITTE TEILEN!\n\nVerwandte Beiträge\n")
    assert body.endswith("Absatz.") and "LinkedIn" in debris and "LinkedIn" not in body


def test_html_goes_through_trafilatura_without_page_furniture():
    doc = read_document(DATA / "lumen-harbor.en.html")
    assert doc.format == "html" and doc.author == "Jane Porter" and doc.date == "2024-03-05"
    assert "Harbor Ventures has agreed to invest $40 million" in doc.text
    for furniture in ("Subscribe", "Log in", "Related posts", "All rights reserved"):
        assert furniture not in doc.text


def test_actor_matching_handles_inflection_variants_and_staff():
    index = ActorIndex.from_case_file("cases/openai-2023.yaml")
    text = "Microsofts Angebot an OpenAI-Mitarbeiter; Open AI und Nadellas Rolle; Mitarbeiter von OpenAI."
    found = {(m.surface, m.actor) for m in index.find(text, "de")}
    assert {("Microsofts", "microsoft"), ("OpenAI-Mitarbeiter", "openai-staff"), ("Open AI", "openai-inc"),
            ("Nadellas", "satya-nadella"), ("Mitarbeiter von OpenAI", "openai-staff")} <= found
    # "OpenAI LP" minus its legal form would be "OpenAI": the short form must not steal the nonprofit's alias
    assert "OpenAI" not in index.known["openai-global-llc"].variants


def test_negated_board_seat_is_not_proposed_but_observer_is():
    index = ActorIndex.from_case_file(DATA / "wolkenwerk-aster.actors.yaml")
    ex = extract_text("Einen Sitz im Aufsichtsrat von Aster Labs bekommt Wolkenwerk nicht, wohl aber einen "
                      "Beobachterposten ohne Stimmrecht.", lang="de", index=index)
    seats = [c for c in ex.candidates if c.kind == "board_seat"]
    assert [(c.holder, c.subject, c.attrs["role"], c.attrs["voting"]) for c in seats] == [
        ("wolkenwerk", "aster-labs", "observer", False)]


def test_new_actors_are_proposed_from_role_cues():
    ex = extract_file(DATA / "quillon-corvid.en.txt", index=ActorIndex.from_case_file(DATA / "quillon-corvid.actors.yaml"))
    proposed = {(p.id, p.kind) for p in ex.actors}
    assert {("ben-osei", "person"), ("tomasz-adair", "person"), ("redwood-capital", "company"),
            ("quillon-ai-staff", "group")} <= proposed
    assert not {p.id for p in ex.actors} & {"corvid-systems", "quillon-ai", "mara-lind"}  # known ones are linked


@pytest.fixture
def lumen_store(tmp_path):
    db = tmp_path / "store.duckdb"
    with kingmaker.open(db) as km:
        km.load(DATA / "lumen-harbor.actors.yaml")
    return db


def test_fragment_is_refused_by_load_until_accepted(tmp_path, lumen_store):
    ex = extract_file(DATA / "lumen-harbor.en.html", index=ActorIndex.from_case_file(DATA / "lumen-harbor.actors.yaml"))
    frag_path = tmp_path / "frag.yaml"
    frag_path.write_text(dump_yaml(to_fragment(ex)), encoding="utf-8")
    doc = parse_yaml(frag_path)
    with pytest.raises(InvalidInput) as info:
        assert_no_candidates(doc, str(frag_path))
    assert any(p.field == "candidates" and p.line == 1 for p in info.value.problems)
    assert sum(p.field == "candidate" for p in info.value.problems) == len(ex.candidates) + len(ex.actors)
    with kingmaker.open(lumen_store) as km:
        with pytest.raises(InvalidInput):
            km.load(frag_path)
        accepted = tmp_path / "accepted.yaml"
        accepted.write_text(dump_yaml(accept_all(doc)), encoding="utf-8")
        assert_no_candidates(parse_yaml(accepted), str(accepted))
        report = km.load(accepted)
        assert report.results[0].counts["relations"] == sum(c.section == "relations" for c in ex.candidates)


def test_apply_review_drops_rejected_records_and_orphaned_evidence():
    ex = extract_text("Priya Raman, chief executive of Lumen Robotics, said so. Lumen Robotics employs about 140 people.",
                      lang="en", index=ActorIndex.from_case_file(DATA / "lumen-harbor.actors.yaml"))
    frag = to_fragment(ex)
    officer = next(r["id"] for r in frag["relations"] if r["kind"] == "officer")
    staff = next(r["id"] for r in frag["relations"] if r["kind"] == "employment")
    out = apply_review(frag, {("relations", officer): "accept", ("relations", staff): "reject"})
    assert [r["id"] for r in out["relations"]] == [officer] and "candidate" not in out["relations"][0]
    assert len(out["evidence"]) == 1 and "candidates" in out  # the proposed actors are still undecided


def test_cli_review_accepts_edits_and_rejects_from_stdin(tmp_path, lumen_store):
    text = tmp_path / "short.en.txt"
    text.write_text("Priya Raman, chief executive of Lumen Robotics, said so. Lumen Robotics employs about 140 people.\n",
                    encoding="utf-8")
    out = tmp_path / "reviewed.yaml"
    # records in order: actor priya-raman (edit its name), actor lumen-robotics-staff (reject),
    # relation officer (accept), relation employment (reject)
    answers = "e\n\n\nPriya S. Raman\nr\na\nr\n"
    result = CliRunner().invoke(app, ["extract", str(text), "--against", str(lumen_store), "--review", "--out", str(out)],
                                input=answers)
    assert result.exit_code == 0, result.output
    doc = parse_yaml(out)
    assert "candidates" not in doc
    assert [(a["id"], a["name"]) for a in doc["actors"]] == [("priya-raman", "Priya S. Raman")]
    assert [(r["kind"], r["holder"], r["subject"], r["role"]) for r in doc["relations"]] == [
        ("officer", "priya-raman", "lumen-robotics", "CEO")]
    with kingmaker.open(lumen_store) as km:
        km.load(out)
        assert km.actor("priya-raman").name == "Priya S. Raman"


def test_cli_json_shape(tmp_path):
    result = CliRunner().invoke(app, ["extract", str(DATA / "wolkenwerk-aster.de.txt"), "--actors",
                                      str(DATA / "wolkenwerk-aster.actors.yaml"), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    text = read_document(DATA / "wolkenwerk-aster.de.txt").text
    assert data["language"] == "de" and data["candidates"]
    for c in data["candidates"]:
        assert text[c["start"]:c["end"]] == c["quote"] and c["rule"] and 0 < c["confidence"] < 1
    fin = next(c for c in data["candidates"] if c["kind"] == "financing")
    assert fin["attributes"] == {"status": "committed", "amount": 300000000, "currency": "EUR", "instrument": "cloud credits"}


@pytest.mark.parametrize("name", ["lumen-harbor", "quillon-corvid", "wolkenwerk-aster", "brueckner-nordlicht"])
def test_scores_on_our_own_held_in_texts(name):
    """What the rules reach on the texts they were written against (held-out sets: the tests below)."""
    rep = evaluate_file(DATA / f"{name}.gold.yaml")
    total = rep.total
    assert total.precision >= 0.95 and total.recall >= 0.8, (total, rep.missed, rep.wrong)
    assert rep.debris_candidates == 0


@pytest.mark.parametrize("name", ["solvig-baumann", "tidewater-kestrel"])
def test_scores_on_heldout_set_1_now_development_data(name):
    """Held out from the first rules, since used to develop the general patterns (so no longer unbiased)."""
    rep = evaluate_file(DATA / "heldout" / f"{name}.gold.yaml")
    assert rep.total.precision >= 0.9 and rep.total.recall >= 0.9, (rep.missed, rep.wrong)


def test_scores_on_heldout_set_2_never_tuned_on():
    """The honest estimate: measured once at precision 0.87 (34/39) and recall 0.62 (34/55); these floors sit a
    little below and catch regressions. Do not tune rules to raise them (see docs/extract.md)."""
    from kingmaker.extract.evaluate import evaluate_all

    totals = [r.total for r in evaluate_all(DATA / "heldout2")]
    assert len(totals) == 4
    cands, correct = sum(t.candidates for t in totals), sum(t.correct for t in totals)
    gold, found = sum(t.gold for t in totals), sum(t.found for t in totals)
    assert correct / cands >= 0.82 and found / gold >= 0.57, (correct, cands, found, gold)
