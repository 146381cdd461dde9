"""Honest verdicts (issue 14): certainty computed over what is uncertain, what each verdict rests on,
negative facts as reasons, knowledge time without hindsight, reports a lawyer can hand on.

Real material: the flagship (cases/openai-2023.yaml) and three partnerships encoded from public reporting
and the UK CMA's decisions — Google/Anthropic (a capped 14 % stake without votes, seats or observer; CMA,
19 Nov 2024: no material influence), Amazon/Anthropic (the case library's encoding: AWS as "primary"
cloud, the share of compute not public), Microsoft/Mistral (a EUR 15M convertible and non-exclusive
distribution).
"""
import json
import re
import textwrap
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

import kingmaker
from kingmaker.assess.engine import load_regime
from kingmaker.assess.service import assess_snapshot
from kingmaker.cli.app import app, main
from kingmaker.errors import InvalidInput
from kingmaker.model.knowledge import published_by

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "cases"
PARTNERSHIPS = ("google-anthropic-2025.yaml", "library/amazon-anthropic-2024.yaml", "microsoft-mistral-2024.yaml")
runner = CliRunner()


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    km = kingmaker.open(tmp_path_factory.mktemp("honest") / "k.duckdb")
    km.load(CASES / "openai-2023.yaml", *[CASES / p for p in PARTNERSHIPS])
    yield km
    km.close()


def verdicts(km, target, holder, day, known=None):
    a = assess_snapshot(km.snapshot(day, known), target, [holder])
    return {v.regime: v for v in a.verdicts}, a


def without_estimates(km_path, tmp_path):
    """The flagship with the two analyst estimates (compute substitutability, switching time) removed."""
    text = (CASES / "openai-2023.yaml").read_text(encoding="utf-8")
    text = re.sub(r"\n    substitutability: 0\.2\n    switching_time_months: 12\n", "\n", text)
    text = text.replace("    evidence_for: {substitutability: [ev-compute-estimate], switching_time_months: [ev-compute-estimate]}\n", "", 1)
    assert "substitutability: 0.2\n" not in text
    path = tmp_path / "no-estimates.yaml"
    path.write_text(text, encoding="utf-8")
    km = kingmaker.open(km_path)
    km.load(path)
    return km


# -- certainty ------------------------------------------------------------------------------------

def test_flagship_without_its_two_estimates_is_not_certain(tmp_path):
    km = without_estimates(tmp_path / "k.duckdb", tmp_path)
    v, _ = verdicts(km, "openai-global-llc", "microsoft", "2023-11-16")
    # the finding: UK and German verdicts flip to "none" without the estimates …
    assert v["uk"].level == "none" and v["de"].level == "none"
    # … and are not certain: material influence stays possible, and the missing figures are named
    for r in ("uk", "de"):
        assert v[r].certainty == "uncertain" and len(v[r].possible_levels) > 1
        assert v[r].rests_on.get("missing")
        missing = [m for m in v[r].missing_facts if m["kind"] == "missing"]
        assert {m["input"] for m in missing} >= {"microsoft-azure-exclusive|lock_in"}
        assert "not stated" in missing[0]["text"]["en"]
    assert v["eu"].certainty == "certain"  # no votes, seat or veto: no structural link however the figures fall


def test_flagship_with_its_estimates_says_it_rests_on_them(store):
    v, _ = verdicts(store, "openai-global-llc", "microsoft", "2023-11-16")
    uk = v["uk"]
    assert uk.level == "material_influence" and uk.certainty == "uncertain"
    assert sorted(uk.rests_on["estimate"]) == ["microsoft-azure-exclusive|lock_in",
                                               "microsoft-azure-exclusive|substitutability"]
    assert "unconfirmed estimate" in uk.headline["en"] and "rests on" in uk.headline["en"]
    assert "unbestätigte" in uk.headline["de"]
    # the holding box: inside it the verdict is guaranteed (checked here by evaluating its corners)
    box = {i["id"]: i for i in uk.inputs}
    assert box["microsoft-azure-exclusive|substitutability"]["origin"] == "estimate"
    assert box["microsoft-azure-exclusive|holder_share"]["origin"] == "case"  # exclusivity is sourced (FTC 2025)
    cond = " ".join(uk.conditions["material_influence"]["en"])
    assert "substitutability" in cond and "months" in cond


def test_holding_box_is_a_guarantee(store):
    from kingmaker.assess.certainty import holding_box, span
    from kingmaker.assess.features import compute_features

    snap = store.snapshot("2023-11-16")
    feats = compute_features(snap, "microsoft", "openai-global-llc")
    regime = load_regime("uk")
    box = holding_box(regime, feats)
    face = span(regime, feats)
    assert span(regime, feats.vary(box)) == face
    # and it is tight somewhere: widening every range to its whole domain loses the verdict
    full = {i.id: i.domain for i in feats.inputs if i.uncertain}
    assert span(regime, feats.vary(full)) != face


def test_a_verdict_resting_on_a_default_says_so_in_its_first_line(store):
    # at 2023-11-20 (known then) the compute figures are not yet published; defaults carry the verdict
    v, a = verdicts(store, "openai-global-llc", "microsoft", "2023-11-20", date(2023, 11, 20))
    uk = v["uk"]
    assert uk.rests_on.get("default")
    assert "default" in uk.headline["en"].split("\n")[0]
    result = runner.invoke(app, ["assess", "openai-global-llc", "--holder", "microsoft", "--as-of", "2023-11-20",
                                 "--known-as-of", "2023-11-20", "--db", str(store.path)])
    assert result.exit_code == 0, result.output
    uk_line = next(line for line in result.stdout.splitlines() if line.startswith("## United Kingdom"))
    assert "not certain" in uk_line and "default" in uk_line


def test_never_certain_unless_computed(store):
    """'certain' appears only where no level other than the verdict's is possible over the whole range."""
    for target, holder, day in (("openai-global-llc", "microsoft", "2023-11-16"), ("anthropic", "google", "2025-03-12"),
                                ("anthropic", "amazon", "2024-06-01"), ("mistral-ai", "microsoft", "2024-03-01")):
        v, _ = verdicts(store, target, holder, day)
        for x in v.values():
            assert (x.certainty == "certain") == (x.possible_levels == [x.level]), (target, x.regime)
            assert x.headline["en"].startswith(x.label["en"])


def test_flip_facts_name_inputs_not_the_derived_dependence(store):
    v, _ = verdicts(store, "openai-global-llc", "microsoft", "2023-11-16")
    features = {f.feature for f in v["uk"].flip_facts}
    assert "dependence" not in features
    downs = [f for f in v["uk"].flip_facts if f.direction == "down"]
    assert any(f.feature.startswith("microsoft-azure-exclusive|") for f in downs)
    assert all("dependence:" not in f.text["en"] for f in v["uk"].flip_facts)


def test_primary_cloud_partner_lists_the_missing_share_of_compute(store):
    """Amazon/Anthropic: 'primary' cloud says AWS is the largest supplier, not how large — the verdict
    lists the share of Anthropic's cloud bought from AWS first among the facts that would decide it."""
    v, _ = verdicts(store, "anthropic", "amazon", "2024-06-01")
    uk = v["uk"]
    assert uk.level == "none" and uk.certainty == "uncertain" and "material_influence" in uk.possible_levels
    missing = [m for m in uk.missing_facts if m["kind"] == "missing"]
    assert missing[0]["input"] == "anth-aws-primary-cloud|holder_share"
    assert "only a range is recorded" in missing[0]["text"]["en"]
    assert missing[0]["narrowing"] > 0 and missing[0]["narrowing"] >= missing[-1]["narrowing"]
    assert "anth-amazon-notes-2023|holder_share" in {m["input"] for m in missing}  # the share of funding, not stated


# -- negative facts -------------------------------------------------------------------------------

def test_negative_facts_are_reasons_with_evidence(store):
    v, _ = verdicts(store, "anthropic", "google", "2025-03-12")
    for r in ("uk", "eu", "de"):
        negative = [x for x in v[r].reasons if x.get("negative")]
        assert {x["text"]["en"] for x in negative} >= {"holds no voting rights (recorded)",
                                                      "has no voting seat on the board (recorded)"}
        assert "ev-ga-nyt-no-control" in v[r].evidence  # "no voting rights, no board seats and no board observer rights"
    # the capped 14 % stake is not presumed to carry votes: a negative fact says it carries none
    assert not any("presumed" in a for a in v["uk"].assumptions)
    assert v["uk"].level == "none"  # as the CMA found (19 Nov 2024)


def test_absence_of_a_record_stays_unknown(store):
    v, _ = verdicts(store, "mistral-ai", "microsoft", "2024-03-01")
    # nothing recorded about a seat: no "no board seat" reason, but an assumption and a fact to check
    assert not [x for x in v["de"].reasons if x.get("negative")]
    seat = {"board_seats", "board_representation"}
    assert seat & set(v["de"].not_recorded)
    assert any(m["kind"] == "not_recorded" and m["input"] in seat for m in v["de"].missing_facts)
    # the non-exclusive distribution is recorded, and read as a negative fact
    from kingmaker.assess.features import compute_features

    f = compute_features(store.snapshot("2024-03-01"), "microsoft", "mistral-ai")
    assert f["exclusive_supply"].basis == "recorded absent"


def test_a_negative_fact_contradicting_a_positive_one_is_an_error(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(textwrap.dedent("""\
        case: {id: clash, title: Clash}
        sources: [{id: s, title: Filing, date: 2024-01-05}]
        evidence: [{id: e, source: s, quote: "x"}]
        actors:
          - {id: a, kind: company, name: A}
          - {id: b, kind: company, name: B}
        relations:
          - {id: a-votes, kind: voting_rights, holder: a, subject: b, share: 10, from: 2024-01-01, evidence: [e]}
          - {id: a-no-votes, kind: absence, what: voting_rights, holder: a, subject: b, evidence: [e]}
        """), encoding="utf-8")
    with pytest.raises(InvalidInput) as info:
        kingmaker.open(tmp_path / "k.duckdb").load(path)
    text = str(info.value)
    assert "a-no-votes" in text and "a-votes" in text and "2024-01-01" in text and "bad.yaml:9" in text
    # non-overlapping dates are no contradiction
    ok = path.read_text(encoding="utf-8").replace("evidence: [e]}\n", "to: 2024-01-01, evidence: [e]}\n")
    path.write_text(ok.replace("from: 2024-01-01, to: 2024-01-01,", "from: 2024-01-01,"), encoding="utf-8")
    kingmaker.open(tmp_path / "k2.duckdb").load(path)


# -- knowledge time -------------------------------------------------------------------------------

def _sources_cited(payload: dict) -> set[str]:
    ev = set()
    for v in payload["verdicts"]:
        ev |= set(v["evidence"])
        for i in v["inputs"]:
            ev |= set(i["evidence"])
    for lv in payload["leverage"]:
        ev |= set(lv["evidence"])
        for c in lv["channels"]:
            ev |= set(c["evidence"])
            for f in c["factors"]:
                ev |= set(f["evidence"])
    return ev


def test_known_as_of_uses_no_source_published_later(store):
    result = runner.invoke(app, ["assess", "openai-global-llc", "--as-of", "2023-11-20", "--known-as-of", "2023-11-20",
                                 "--db", str(store.path), "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["known_as_of"] == "2023-11-20"
    cited = _sources_cited(payload)
    assert cited  # it does answer, from what was known
    evidence = {e.id: e for e in store.store.evidence()}
    sources = {s.id: s for s in store.store.sources()}
    for e in cited:
        day = published_by(sources[evidence[e].source])
        assert day is not None and day <= date(2023, 11, 20), (e, day)
    # without the knowledge date, later sources are used (the CMA 2025 decision, the case notes' estimates)
    later = json.loads(runner.invoke(app, ["assess", "openai-global-llc", "--as-of", "2023-11-20",
                                           "--db", str(store.path), "--json"]).stdout)
    assert any(published_by(sources[evidence[e].source]) is None
               or published_by(sources[evidence[e].source]) > date(2023, 11, 20) for e in _sources_cited(later))
    # a source dated only "2023-11" might be from the 30th: it is not known on the 20th
    assert "ev-article-700" not in cited and "ev-compute-estimate" not in cited


def test_every_flagship_source_has_a_publication_date(store):
    flagship = [s for s in store.store.sources() if not s.id.startswith(("src-ga-", "src-aa-", "src-mm-"))]
    assert flagship and all(s.date is not None for s in flagship)
    result = runner.invoke(app, ["assess", "openai-global-llc", "--holder", "microsoft", "--as-of", "2023-11-20",
                                 "--known-as-of", "2023-11-20", "--db", str(store.path), "--json"])
    assert result.exit_code == 0 and "no publication date" not in result.stderr


def test_known_as_of_warns_about_undated_sources(tmp_path):
    path = tmp_path / "undated.yaml"
    path.write_text(textwrap.dedent("""\
        case: {id: undated, title: Undated}
        sources:
          - {id: s-dated, title: Filing, date: 2024-01-05}
          - {id: s-undated, title: A web page}
        evidence:
          - {id: e1, source: s-dated, quote: "A holds 30 % of B's votes"}
          - {id: e2, source: s-undated, quote: "A supplies B's compute"}
        actors:
          - {id: a, kind: company, name: A}
          - {id: b, kind: company, name: B}
        relations:
          - {id: a-votes, kind: voting_rights, holder: a, subject: b, share: 30, evidence: [e1]}
          - {id: a-compute, kind: supply, holder: a, subject: b, resource: compute, evidence: [e2]}
        """), encoding="utf-8")
    db = tmp_path / "k.duckdb"
    kingmaker.open(db).load(path)
    result = runner.invoke(app, ["assess", "b", "--holder", "a", "--as-of", "2024-06-01", "--known-as-of", "2024-06-01",
                                 "--db", str(db), "--json"])
    assert result.exit_code == 0, result.output
    assert "s-undated" in result.stderr and "no publication date" in result.stderr
    payload = json.loads(result.stdout)
    assert any("s-undated" in n for n in payload["notes"])
    assert payload["leverage"] == [] or not any(c["relation"] == "a-compute" for lv in payload["leverage"]
                                                for c in lv["channels"])  # its evidence cannot be placed: left out


def test_lasting_uses_no_end_date_published_later(store):
    from kingmaker.assess.features import compute_features

    # in November 2024 the ties' end at the October 2025 recapitalisation was not yet known
    f = compute_features(store.snapshot("2024-11-01"), "microsoft", "openai-global-llc")
    assert f["lasting"].value is True
    assert any("published only later" in n for n in f.notes)
    # a tie whose end came with its own record (the licence through 2032) counts as ending when it says
    snap = store.snapshot("2025-11-01")
    assert snap.ends_known.get("microsoft-ip-licence-2025") is not None


def test_known_as_of_in_the_api(tmp_path):
    from fastapi.testclient import TestClient

    from kingmaker.api import create_app
    from kingmaker.api.state import ApiState

    db = tmp_path / "api.duckdb"
    with kingmaker.open(db) as km:
        km.load(CASES / "openai-2023.yaml")
    with TestClient(create_app(ApiState.open(db, "token-0123456789")), base_url="http://127.0.0.1") as client:
        r = client.get("/api/actors/openai-global-llc/assessment",
                       params={"as_of": "2023-11-20", "known_as_of": "2023-11-20", "holder": "microsoft"})
        assert r.status_code == 200, r.text
        data = r.json()
        assert data["known_as_of"] == "2023-11-20" and data["verdicts"][0]["headline"]["en"]
        assert not any("no publication date" in n for n in data["notes"])  # every flagship source is dated
        known = client.get("/api/actors/openai-global-llc/assessment", params={"as_of": "2023-11-20", "holder": "microsoft"})
        assert known.json()["known_as_of"] is None
        assert client.get("/api/actors/openai-global-llc/assessment",
                          params={"known_as_of": "someday"}).status_code in (400, 422)


def test_bad_known_as_of_is_a_clear_error(store):
    assert main(["assess", "openai-global-llc", "--known-as-of", "Nov 2023", "--db", str(store.path)]) == 2


# -- reports --------------------------------------------------------------------------------------

def _rule_strings(lang_other: str = "de") -> set[str]:
    """Every English string of the rule files that differs from, and is not part of, its German twin."""
    from ruamel.yaml import YAML

    out = set()

    def walk(node):
        if isinstance(node, dict):
            if "en" in node and isinstance(node.get("en"), str):
                en, de = node["en"], node.get(lang_other, "")
                if en != de and en not in de and len(en) > 3:
                    out.add(en)
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    for r in ("uk", "eu", "de"):
        walk(YAML(typ="safe").load((ROOT / "src/kingmaker/assess/rules" / f"{r}.yaml").read_text(encoding="utf-8")))
    return out


def test_german_report_contains_no_english_string_of_the_rule_files(store, tmp_path):
    english = _rule_strings()
    assert len(english) > 30
    out = tmp_path / "de.html"
    for extra in ([], ["--format", "html", "--out", str(out)]):
        result = runner.invoke(app, ["assess", "openai-global-llc", "--holder", "microsoft", "--as-of", "2023-11-16",
                                     "--lang", "de", "--db", str(store.path), *extra])
        assert result.exit_code == 0, result.output
        text = out.read_text(encoding="utf-8") if extra else result.stdout
        import html as _html
        text = _html.unescape(text)
        leaked = sorted(s for s in english if s in text)
        assert not leaked, leaked
        assert "Rechtsgrundlage" in text and "0,9" in text and "[0.94, 0.98]" not in text
        assert "dependence =" not in text and "[votes" not in text  # no feature keys for the reader


def test_html_report_a_lawyer_can_hand_on(store, tmp_path):
    out = tmp_path / "r.html"
    result = runner.invoke(app, ["assess", "openai-global-llc", "--holder", "microsoft", "--as-of", "2023-11-16",
                                 "--format", "html", "--out", str(out), "--db", str(store.path)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    # the assumptions and missing facts come before the reasoning
    assert page.index("What the verdicts rest on") < page.index("<h2>Reasons</h2>")
    assert "unconfirmed estimate" in page and "not certain" in page
    # evidence as footnotes: the quote, the source's title, publisher, date and link
    assert "“exclusive cloud provider”" in page
    assert "AI Partnerships &amp; Investments 6(b) Study (staff report)" in page and "US Federal Trade Commission" in page
    assert "<h2>Annex: facts relied on</h2>" in page and "microsoft-azure-exclusive" in page
    assert f"Kingmaker {kingmaker.__version__}" in page and store.store.fingerprint() in page
    assert "Generated" in page and "Caveat" in page and "not legal advice" in page
    assert "<script" not in page and 'src="http' not in page  # self-contained: links, but nothing loaded
    # a cited source with an address is linked
    result = runner.invoke(app, ["assess", "anthropic", "--holder", "google", "--as-of", "2025-03-12",
                                 "--format", "html", "--out", str(out), "--db", str(store.path)])
    page = out.read_text(encoding="utf-8")
    assert '<a href="https://www.sherwood.news/tech/alphabets-google-owns-14-of-anthropic">' in page
    assert "holds no voting rights (recorded)" in page and "2025-03-11" in page


def test_pdf_report(store, tmp_path):
    pypdf = pytest.importorskip("pypdf")
    out = tmp_path / "r.pdf"
    result = runner.invoke(app, ["assess", "openai-global-llc", "--holder", "microsoft", "--as-of", "2023-11-16",
                                 "--lang", "de", "--format", "pdf", "--out", str(out), "--db", str(store.path)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF")
    text = "".join(p.extract_text() for p in pypdf.PdfReader(str(out)).pages)
    flat = re.sub(r"\s+", " ", text)
    assert "wesentlicher Einfluss" in flat and "nicht sicher" in flat and "Vorbehalt" in flat
    assert "≥" in flat  # the font carries the symbols
    assert main(["assess", "openai-global-llc", "--format", "pdf", "--db", str(store.path)]) == 2  # needs --out
