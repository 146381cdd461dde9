"""Acceptance for issue 8 on the source article (../shared; skipped in a fresh clone)."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from kingmaker.cli.app import app
from kingmaker.extract.evaluate import GOLD_DIR, evaluate_file
from kingmaker.extract.intake import read_document

pytestmark = pytest.mark.shared
ARTICLE = "cases/openai-2023/article-ai-and-you-30.de.txt"


@pytest.fixture(scope="module")
def extraction(tmp_path_factory):
    from conftest import FLAGSHIP, SHARED

    if not SHARED.is_dir():
        pytest.skip("../shared is not present (fresh clone)")
    import kingmaker

    db = tmp_path_factory.mktemp("store") / "store.duckdb"
    with kingmaker.open(db) as km:
        km.load(FLAGSHIP)
    path = SHARED / ARTICLE
    result = CliRunner().invoke(app, ["extract", str(path), "--against", str(db), "--json", "--author", "Skim AI",
                                      "--date", "2023-11"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output), read_document(path).text, (SHARED / ARTICLE).read_text(encoding="utf-8")


def _one(data, **want):
    found = [c for c in data["candidates"] if all(c.get(k) == v for k, v in want.items())]
    assert len(found) == 1, (want, [(c["kind"], c["holder"], c["subject"]) for c in data["candidates"]])
    return found[0]


def _quoted(c, text, piece):
    assert any(piece in q["text"] for q in c["quotes"]), (piece, [q["text"] for q in c["quotes"]])
    for q in c["quotes"]:
        assert text[q["start"]:q["end"]] == q["text"]


def test_links_the_case_actors(extraction):
    data, _, _ = extraction
    linked = data["linked_actors"]
    assert {"satya-nadella", "microsoft", "openai-inc", "sam-altman", "openai-staff"} <= set(linked)
    assert {"Satya Nadella", "Nadellas"} <= set(linked["satya-nadella"])
    assert {"Microsoft", "Microsofts"} <= set(linked["microsoft"])
    assert {"OpenAI", "Open AI"} <= set(linked["openai-inc"])
    assert data["language"] == "de" and data["new_actors"] == []


def test_staff_exit_threat_700_of_770(extraction):
    data, text, _ = extraction
    c = _one(data, kind="other_influence", holder="openai-staff", subject="openai-inc")
    assert c["attributes"]["interest_type"] == "exitThreat" and "700 of 770" in c["attributes"]["description"]
    _quoted(c, text, "700 der 770 OpenAI-Mitarbeiter damit drohten, zu kündigen")
    assert _one(data, kind="employment", holder="openai-staff")["attributes"]["count"] == 770


def test_gpu_dependency_and_withheld_funding_lever(extraction):
    data, text, _ = extraction
    gpu = _one(data, kind="supply", holder="microsoft", subject="openai-inc", rule="de.supply.compute")
    assert gpu["attributes"]["resource"] == "compute"
    _quoted(gpu, text, "den Zugang zu GPUs zu einem Zeitpunkt zu sperren")
    lever = _one(data, kind="other_influence", holder="microsoft", subject="openai-inc")
    assert lever["attributes"]["interest_type"] == "fundingLever"
    _quoted(lever, text, "Microsoft hätte die Finanzierung des Großteils der dem Unternehmen zugesagten Investitionen")


def test_job_offer_at_a_new_subsidiary(extraction):
    data, text, _ = extraction
    offer = _one(data, kind="offer", holder="microsoft", subject="openai-staff")
    assert offer["attributes"]["offer_type"] == "jobs" and "subsidiary" in offer["attributes"]["offer"]
    _quoted(offer, text, "allen OpenAI-Mitarbeitern die Möglichkeit")


def test_ceo_removal_and_return(extraction):
    data, text, _ = extraction
    removal = _one(data, fact_kind="event:removal", holder="sam-altman", subject="openai-inc")
    _quoted(removal, text, "Altman wurde abrupt entlassen")
    back = _one(data, fact_kind="event:appointment", holder="sam-altman", subject="openai-inc")
    _quoted(back, text, "In einer dramatischen Wendung kehrte Altman zu OpenAI zurück.")
    assert _one(data, kind="officer", holder="satya-nadella", subject="microsoft")["attributes"]["role"] == "CEO"


def test_three_predictions_as_claims_with_author_and_date(extraction):
    data, text, _ = extraction
    preds = [c for c in data["candidates"] if c["fact_kind"] == "claim:prediction"]
    assert len(preds) == 3
    for c, piece in zip(preds, ["Überarbeitung der Investitionsbedingungen zwischen OpenAI und Microsoft",
                                "KI-Chip-Projekt", "Ausweitung der strategischen Allianzen"]):
        _quoted(c, text, piece)
        assert c["holder"] == "Skim AI" and c["date"] == "2023-11"


def test_nothing_from_the_page_debris(extraction):
    data, text, raw = extraction
    cut = raw.index("Danke, dass Sie sich die Zeit genommen haben")
    assert raw[:len(text)] == text and len(text) <= cut  # offsets into the extracted text are file offsets
    assert all(q["end"] <= cut for c in data["candidates"] for q in c["quotes"])
    assert "ABONNIEREN" not in text and "Skim AI" not in text


def test_precision_and_recall_on_the_source_article(extraction):
    rep = evaluate_file(GOLD_DIR / "article-ai-and-you-30.gold.yaml")
    total = rep.total
    assert total.precision >= 0.8 and total.recall >= 0.6  # the goal
    assert total.precision >= 0.95 and total.recall >= 0.9, (rep.missed, rep.wrong)  # what the rules reach today
    assert rep.debris_candidates == 0
