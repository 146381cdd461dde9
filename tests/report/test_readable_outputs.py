"""What readers see carries no internals — no feature keys or level ids (``board_share``,
``share_25``), no Python reprs (dicts, tuples, ``None``), no doubled labels — in the command line's text,
the reports and the API's text fields, in English and German; and German output holds no English string
from the rule files. The outputs are the flagship's, as a user gets them."""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient
from ruamel.yaml import YAML
from typer.testing import CliRunner

from kingmaker.api import create_app
from kingmaker.api.state import ApiState
from kingmaker.cli.app import app
from kingmaker.data import DATA_DIR, FLAGSHIP_CASE
from german_support import english_rule_strings, english_strings

SCENARIO = DATA_DIR / "scenarios" / "openai-mass-exit.yaml"
KEY = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")             # board_share, share_25, policy_channel, …
REPR = re.compile(r"\{'|': |\bBounds\(|\bFraction\(|\bDecimal\(|\bNone\b|\bTrue\b|\bFalse\b|\(0\.\d+, \d")
DOUBLED = re.compile(r"\b(\w+): \1:")                        # "CEO: CEO: Sam Altman"


class _Text(HTMLParser):
    """The visible text of an HTML page (no <style>, <script> or inline SVG)."""

    def __init__(self):
        super().__init__()
        self.skip, self.parts = 0, []

    def handle_starttag(self, tag, attrs):
        self.skip += tag in ("style", "script", "svg")

    def handle_endtag(self, tag):
        self.skip -= tag in ("style", "script", "svg")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def visible(html: str) -> str:
    p = _Text()
    p.feed(html)
    return " ".join(p.parts)


def cli(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> dict[str, dict[str, str]]:
    """lang → {what: text}."""
    tmp = tmp_path_factory.mktemp("readable")
    db = str(tmp / "k.duckdb")
    cli("load", str(FLAGSHIP_CASE), "--db", db)
    out: dict[str, dict[str, str]] = {"en": {}, "de": {}}
    for lang in ("en", "de"):
        o = out[lang]
        o["power"] = cli("power", "--board", "openai-inc", "--as-of", "2023-11-20", "--lang", lang, "--db", db)
        o["scenario"] = cli("scenario", "run", str(SCENARIO), "--lang", lang, "--db", db)
        o["replay"] = cli("replay", str(FLAGSHIP_CASE), "--target", "openai-global-llc", "--holder", "microsoft",
                          "--lang", lang, "--db", db)
        o["report"] = cli("assess", "openai-global-llc", "--holder", "microsoft", "--as-of", "2023-11-20",
                          "--replay", "--lang", lang, "--db", db)
        html = tmp / f"report-{lang}.html"
        cli("assess", "openai-global-llc", "--holder", "microsoft", "--as-of", "2023-11-20", "--replay",
            "--format", "html", "--lang", lang, "--out", str(html), "--db", db)
        o["html"] = visible(html.read_text(encoding="utf-8"))
        o["screen"] = cli("screen", "openai-global-llc", "--as-of", "2023-11-20", "--lang", lang, "--db", db)
        o["screen-all"] = "\n".join(cli("screen", "--rule", r, "--as-of", day, "--lang", lang, "--db", db)
                                     for r, day in (("bis-affiliates-50", "2025-12-01"), ("eu-owned-or-controlled", "2023-11-20")))
    out["en"]["show"] = cli("show", "openai-inc", "--as-of", "2023-11-20", "--db", db)
    state = ApiState.open(db, "t")
    try:
        with TestClient(create_app(state), base_url="http://127.0.0.1") as api:
            for lang in ("en", "de"):
                board = api.get(f"/api/actors/openai-inc/board?as_of=2023-11-20&lang={lang}").json()
                km = api.get(f"/api/actors/openai-inc/kingmaker?as_of=2023-11-20&lang={lang}").json()
                doc = YAML(typ="safe").load(SCENARIO.read_text(encoding="utf-8"))
                run = api.post(f"/api/scenarios/run?lang={lang}", json=json.loads(json.dumps(doc, default=str))).json()
                graph = api.get("/api/actors/openai-inc/neighbourhood?as_of=2023-11-20&depth=2").json()
                story = api.get("/api/actors/openai-inc/story").json()
                one = api.get("/api/actors/openai-global-llc/screen?as_of=2023-11-20&rule=ofac-50").json()
                every = api.get("/api/screen?as_of=2025-12-01&rule=bis-affiliates-50").json()
                ubo = api.get("/api/actors/openai-inc/ubo?as_of=2023-11-20").json()
                officials = [f"{o['name']} — {o.get('role_text', {}).get(lang, o['role'])}" for o in ubo["senior_managing_officials"]]
                screening = officials + [one["title_text"][lang], one["wording"]["summary_text"][lang],
                             one["results"][0]["reason_text"][lang]] + [n[lang] for n in every["notes_text"]]
                in_lang = lambda x, key: x.get(key, {}).get(lang, x.get("title") or x.get("description"))  # noqa: E731
                out[lang]["api"] = "\n".join(board["vote"]["analysis"]["explanation"] + [board["rule_text"]]
                                             + [board["vote"]["title"]] + km["lines"] + run["lines"]
                                             + [e["label"][lang] for e in graph["edges"]]
                                             + [in_lang(s, "text") for s in run["steps"]]
                                             + [in_lang(e, "title_text") for e in story["events"]] + screening)
    finally:
        state.close()
    return out


@pytest.mark.parametrize("lang", ["en", "de"])
def test_no_internals_reach_the_reader(outputs, lang):
    for what, text in outputs[lang].items():
        assert text.strip(), what
        assert not KEY.findall(text), (what, sorted(set(KEY.findall(text)))[:10])
        assert not REPR.search(text), (what, REPR.search(text) and text[max(0, REPR.search(text).start() - 60):][:120])
        assert not DOUBLED.search(text), (what, DOUBLED.search(text).group(0))


def test_german_outputs_hold_no_english_rule_string_or_event_title(outputs):
    """Neither a rule file's English label nor a flagship event's English title reaches German output (the
    case gives its event titles in both languages); nor do the English words of the scenario's steps."""
    english = english_strings()
    assert len(english_rule_strings()) > 30  # the check has something to check
    steps = [line.strip()[2:] for line in outputs["en"]["scenario"].splitlines() if line.startswith("  - ")]
    assert len(steps) >= 2 and any("move to" in s for s in steps)
    for what, text in outputs["de"].items():
        leaked = sorted(s for s in english | set(steps) if s in text)
        assert not leaked, (what, leaked[:5])
    assert "wechseln zu" in outputs["de"]["scenario"]
    # Emmett Shear, interim CEO on 20 Nov 2023, stands in for a beneficial owner of OpenAI, Inc. (EU AMLR)
    assert "Emmett Shear — interim CEO" in outputs["en"]["api"]
    assert "Emmett Shear — CEO (kommissarisch)" in outputs["de"]["api"] and "interim CEO" not in outputs["de"]["api"]
    reason = outputs["en"]["screen"].splitlines()[-1].split(" — ", 1)[1]  # the engine's why-not, in English
    assert reason and reason not in outputs["de"]["screen"] + outputs["de"]["api"]
    assert "Das Gremium beruft Sam Altman" in outputs["de"]["replay"]


def test_german_numbers_in_german_outputs(outputs):
    de = outputs["de"]
    assert "0,2500" in de["power"] and "0.2500" in outputs["en"]["power"]
    assert re.search(r"\d,\d\d", de["scenario"]) and not re.search(r"\b0\.\d\d\b", de["scenario"])
    assert re.search(r"\[\d,\d\d; \d,\d\d\]", de["replay"])


def test_german_screening_of_a_group_with_banded_holdings_cautions_and_bad_shares(tmp_path):
    """The screening test group (OFAC FAQ 401's Example 2 and a banded UK PSC holding,
    tests/data/screening/sanctioned-group.yaml) with a designated register party holding 12.5 % of one
    company and 70 % of another whose shares add up to 110 %: what would settle a *possibly*, the holdings
    counted, the chains, the caution rows, the note on the bad shares and the status and basis columns all
    reach a German reader in German, with German numbers."""
    from conftest import ROOT
    from german_support import SCREENING_WORDS

    db = str(tmp_path / "s.duckdb")
    (tmp_path / "reg.csv").write_text("holder,subject,share\no1,o3,70\no2,o3,40\no1,o4,12.5\n", encoding="utf-8")
    (tmp_path / "des.csv").write_text("actor,list,listed_from\no1,ofac-sdn,2022-01-01\n", encoding="utf-8")
    cli("load", str(ROOT / "tests" / "data" / "screening" / "sanctioned-group.yaml"), "--db", db)
    cli("load", str(tmp_path / "reg.csv"), "--format", "edges-csv", "--db", db)
    cli("load", str(tmp_path / "des.csv"), "--format", "designations-csv", "--db", db)
    out = {lang: " ".join((cli("screen", "--as-of", "2024-01-01", "--lang", lang, "--db", db)
                           + cli("screen", "d", "--as-of", "2024-01-01", "--lang", lang, "--db", db)).split())
           for lang in ("en", "de")}
    en, de = out["en"], out["de"]
    english = ["the exact size of y's shareholding in d", "Person Y (y, designated): (25 %, 50 %] of shareholding",
               "y [ofac-sdn] —(25 %, 50 %]→ d", "held up to 12.5 % by parties caught",
               "the shareholding recorded in o3 add up to 110 %"]
    assert all(s in en for s in english), [s for s in english if s not in en]
    assert not [s for s in english if s in de]
    assert not [w for w in SCREENING_WORDS if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", de)]
    assert "die genaue Höhe der Anteile von y an d" in de and "Vorsicht: o4 (o4): bis zu 12,5 %" in de
    assert "12.5" not in de and "Beteiligung" in de and "gelistet" in de
    # kingmaker owners --lang: the same register's owners with German labels and numbers
    owners = {lang: " ".join(cli("owners", "o4", "--as-of", "2024-01-01", "--lang", lang, "--db", db).split())
              for lang in ("en", "de")}
    assert "integrated share" in owners["en"] and "12.5 %" in owners["en"]
    assert "integrierter Anteil" in owners["de"] and "12,5 %" in owners["de"] and "integrated" not in owners["de"]
    none = cli("owners", "o1", "--as-of", "2024-01-01", "--lang", "de", "--db", db)
    assert "kein Anteilseigner mit mindestens 1 % erfasst" in " ".join(none.split()) and "No " not in none
    # a designated party the graph does not hold (screened through the library, as the API does)
    import kingmaker
    from kingmaker.analysis.screening import screen
    from kingmaker.report import screening as words

    with kingmaker.open(db) as km:
        report = screen(km.snapshot("2024-01-01"), {"o1": "ofac-sdn", "ghost-party": "ofac-sdn"}, "ofac-50",
                        as_of=km.snapshot("2024-01-01").as_of)
    en, de = words.notes(report, "en"), words.notes(report, "de")
    assert any("designated party is not in the ownership graph" in n and "ghost-party" in n for n in en)
    assert any("gelistete Partei ist nicht im Beteiligungsgraphen" in n and "ghost-party" in n for n in de)
    assert not [n for n in de if "ownership graph" in n or "add up to" in n]
