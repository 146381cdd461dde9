"""The real corpus (tests/data/extract/real, issue 18): frozen files pinned, dev floors, and the probes
from the issue that failed before (organisations without a store, deal and regulatory vocabulary)."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from kingmaker.extract import ActorIndex, extract_text
from kingmaker.extract.evaluate import GOLD_DIR, evaluate_all, frozen_part

REAL = GOLD_DIR / "real"


def test_frozen_files_are_unchanged():
    """The frozen half is the honest estimate only while nobody edits it to fit the rules."""
    pinned = {}
    for line in (REAL / "FROZEN.sha256").read_text().splitlines():
        digest, name = line.split(maxsplit=1)
        pinned[name] = digest
    here = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted((REAL / "frozen").iterdir())}
    assert here == pinned


def test_frozen_parts_are_kept_apart():
    """The texts sealed in sessions 7, 8, 10 and 11 are each their own part of the frozen set
    (reported apart by bench_extract): the original fifteen stay the set whose figures earlier sessions reported.
    Read from the pinned file names only."""
    names = [line.split(maxsplit=1)[1] for line in (REAL / "FROZEN.sha256").read_text().splitlines()]
    parts = {}
    for n in names:
        if n.endswith(".gold.yaml"):
            parts.setdefault(frozen_part(Path(n)), []).append(n)
    assert {k: len(v) for k, v in parts.items()} == {"original": 15, "session 7": 7, "session 8": 18, "session 10": 12,
                                                   "session 11": 8}
    assert all(n.startswith("s7-") for n in parts["session 7"])
    assert all(n.startswith("s8-") for n in parts["session 8"])
    assert all(n.startswith("s10-") for n in parts["session 10"])
    assert all(n.startswith("s11-") for n in parts["session 11"])


def test_every_real_text_has_a_source_and_licence():
    from ruamel.yaml import YAML

    for part in ("dev", "dev-s7", "dev-s8", "dev-s10", "dev-s11", "frozen"):
        for p in (REAL / part).glob("*.gold.yaml"):
            doc = YAML(typ="safe").load(p.read_text(encoding="utf-8"))
            assert doc["source"]["url"].startswith("http") and doc["source"]["licence"], p.name
            assert "claim:prediction" in doc["unscored"], p.name


def _totals(reports):
    t = [r.total for r in reports]
    return (sum(x.correct for x in t), sum(x.candidates for x in t), sum(x.found for x in t), sum(x.gold for x in t))


def test_dev_floors_without_a_store():
    """Measured on the development half (the rules were written against it; 0.97 / 0.82 in all, German
    34/34 and 33/43 after session 4; at the end of session 5, 34 texts: 0.98 (97/99) / 0.95 (93/98), German 74/74
    and 71/74, English 23/25 and 22/24). Session 6 added German authority texts (deauth18) measured before any rule
    ran on them (German 8/8 and 9/20): the German recall floor is lower for that harder material, not for a
    regression. At 11:10 in session 6, 48 texts: 0.98 (126/128) / 0.88 (120/137), German 101/101 and 98/113. Seven
    trade-press texts without a licence were then removed (README), leaving 41: 0.98 (113/115) / 0.91 (105/115),
    German 88/88 and 83/91, English 25/27 and 22/24. Floors a little below."""
    reports = evaluate_all(REAL / "dev")
    correct, cands, found, gold = _totals(reports)
    assert correct / cands >= 0.95 and found / gold >= 0.88, (correct, cands, found, gold)
    correct, cands, found, gold = _totals([r for r in reports if r.lang == "de"])
    assert correct / cands >= 0.95 and found / gold >= 0.86, ("de", correct, cands, found, gold)
    correct, cands, found, gold = _totals([r for r in reports if r.lang == "en"])
    assert correct / cands >= 0.88 and found / gold >= 0.88, ("en", correct, cands, found, gold)


def _facts(text: str, lang: str = "auto", index=None):
    ex = extract_text(text, lang=lang, index=index)
    return {(c.fact_kind, c.holder, c.subject) for c in ex.candidates}, ex


@pytest.mark.parametrize("text,lang,fact", [
    ("Die Microsoft Corporation investiert 10 Millionen Euro in die Quillon GmbH.", "de",
     ("financing", "microsoft", "quillon")),
    ("Google and Amazon have each invested in Anthropic, and NVIDIA supplies the chips.", "en",
     ("financing", "amazon", "anthropic")),
    ("The European Commission has approved the proposed acquisition of Ferro by Prince.", "en",
     ("shareholding", "prince", "ferro")),
    ("The European Commission has approved the proposed acquisition of Ferro by Prince.", "en",
     ("event:decision", "european-commission", "prince")),
    ("Am 23. Juli leitete die Kommission eine eingehende Prüfung der geplanten Übernahme von MKM durch KME ein.", "de",
     ("event:decision", "european-commission", "kme")),
    ("Die geplante Übernahme von Gemalto durch Thales wird geprüft.", "de", ("shareholding", "thales", "gemalto")),
    ("Brightline Holdings Inc. and its subsidiary Kestrava are the defendants.", "en",
     ("shareholding", "brightline-holdings", "kestrava")),
    ("Microsoft und NVIDIA investierten in das Start-up Quillon GmbH.", "de", ("financing", "nvidia", "quillon")),
    ("Microsoft und NVIDIA investierten in das Start-up Quillon GmbH.", "de", ("financing", "microsoft", "quillon")),
    ("The CMA is investigating Microsoft's hiring of former employees of Inflection AI.", "en",
     ("event:decision", "cma", "microsoft")),
    ("The CMA is investigating Microsoft's hiring of former employees of Inflection AI.", "en",
     ("employment", "inflection-ai-staff", "microsoft")),
    ("Die Thompson Siegel GmbH ist eine 100 %-ige Tochtergesellschaft von Henkel.", "de",
     ("shareholding", "henkel", "thompson-siegel")),
])
def test_probes(text, lang, fact):
    facts, ex = _facts(text, lang)
    assert fact in facts, (facts, [(m.actor, m.surface) for m in ex.mentions])


def test_gazetteer_names_without_a_store():
    """Microsoft, Google, Amazon, Anthropic, NVIDIA and the FTC are recognised without a cue word."""
    ex = extract_text("Microsoft, Google, Amazon, Anthropic, NVIDIA and the FTC met.", lang="en")
    assert {"microsoft", "google", "amazon", "anthropic", "nvidia", "ftc"} <= {m.actor for m in ex.mentions}
    ex = extract_text("Das Bundeskartellamtes prüft die Anthropic-Investoren und die Alphabet-Tochter.", lang="de")
    assert {"bundeskartellamt", "anthropic", "alphabet"} <= {m.actor for m in ex.mentions}


def test_store_actors_win_over_the_gazetteer():
    from kingmaker.model import Actor

    store = [Actor(id="msft-corp", kind="company", names=[{"name": "Microsoft Corporation"}, {"name": "Microsoft"}])]
    ex = extract_text("Microsoft invests 10 million euros in Quillon GmbH.", lang="en", index=ActorIndex(store))
    assert {m.actor for m in ex.mentions if m.surface == "Microsoft"} == {"msft-corp"}


def test_a_prohibited_deal_is_no_stake():
    facts, _ = _facts("The European Commission has prohibited the acquisition of Alpha Shipyards Ltd by Beta Holdings Ltd.", "en")
    assert not any(k == "shareholding" for k, _, _ in facts)
    assert ("event:decision", "european-commission", "beta-holdings") in facts


@pytest.mark.parametrize("text,lang,amount,currency", [
    ("Amazon invested US$2-billion in Anthropic.", "en", 2_000_000_000, "USD"),
    ("The company has invested $500-million upfront into the start-up.", "en", 500_000_000, "USD"),
    ("Microsoft investierte rund zehn Mrd. Dollar in OpenAI.", "de", 10_000_000_000, "USD"),
    ("Amazon hat vier Mrd. Dollar in Anthropic investiert.", "de", 4_000_000_000, "USD"),
    ("Die Quillon GmbH erhält 15 Mill. Euro von der Nordwind Capital.", "de", 15_000_000, "EUR"),
    ("Microsoft invested $13bn (€12bn) in OpenAI.", "en", 13_000_000_000, "USD"),
])
def test_amounts_keep_currency_and_scale(text, lang, amount, currency):
    from kingmaker.extract.quantities import find_money

    found = find_money(text, lang)
    assert [(int(m.amount), m.currency) for m in found] == [(amount, currency)]


def test_a_stakes_value_is_no_money_invested():
    ex = extract_text("Microsoft holds a stake in OpenAI worth $135 billion.", lang="en")
    assert not [c for c in ex.candidates if c.kind == "financing"]
    ex = extract_text("Microsoft invested $13 billion in OpenAI.", lang="en")
    fin = [c for c in ex.candidates if c.kind == "financing"]
    assert fin and fin[0].attrs["amount"] == 13_000_000_000


def test_half_of_the_shares_is_fifty_percent():
    ex = extract_text("Die Nordwind Capital hält die Hälfte der Anteile an der Quillon GmbH.", lang="de")
    stakes = [c for c in ex.candidates if c.kind == "shareholding"]
    assert stakes and stakes[0].attrs["share"] == 50 and (stakes[0].holder, stakes[0].subject) == ("nordwind-capital", "quillon")


@pytest.mark.parametrize("text,lang,surface,actor", [
    ("Amazon hat vier Mrd. Dollar in Anthropic investiert. Der Online-Händler stellt auch Rechenleistung.", "de",
     "Der Online-Händler", "amazon"),
    ("Microsoft ist an OpenAI beteiligt. Der US-Softwareriese investierte zehn Mrd. Dollar.", "de",
     "Der US-Softwareriese", "microsoft"),
    ("Mistral AI sammelte Geld ein. Microsoft beteiligt sich an dem französischen Start-up.", "de",
     "dem französischen Start-up", "mistral-ai"),
    ("Apple bought Shazam. The iPhone maker paid $400 million.", "en", "The iPhone maker", "apple"),
    ("Amazon invests in Anthropic. It has invested $500-million upfront into the OpenAI rival.", "en",
     "the OpenAI rival", "anthropic"),
])
def test_epithets_and_rivals(text, lang, surface, actor):
    ex = extract_text(text, lang=lang)
    assert (surface, actor) in {(m.surface, m.actor) for m in ex.mentions}


def test_the_rival_of_x_is_never_x():
    facts, _ = _facts("Amazon said it would back Anthropic. Amazon has invested $500-million upfront into the OpenAI rival.",
                      "en")
    assert ("financing", "amazon", "anthropic") in facts and not any(s == "openai" for _, _, s in facts)


@pytest.mark.parametrize("text,lang,person,org,role", [
    ("Microsoft hired Mustafa Suleyman, co-founder of Inflection AI, in March.", "en", "mustafa-suleyman", "inflection-ai",
     "co-founder"),
    ("Inflection co-founder Mustafa Suleyman now leads the unit.", "en", "mustafa-suleyman", "inflection-ai", "co-founder"),
    ("Dario Amodei co-founded Anthropic in 2021.", "en", "dario-amodei", "anthropic", "co-founder"),
    ("Jana Keller, Mitgründerin von Quillon AI, verlässt das Unternehmen.", "de", "jana-keller", "quillon-ai", "co-founder"),
])
def test_founders(text, lang, person, org, role):
    ex = extract_text(text, lang=lang)
    assert any((c.kind, c.holder, c.subject, c.attrs.get("role")) == ("employment", person, org, role) for c in ex.candidates)


def test_accepted_fragments_of_real_texts_load(tmp_path):
    """Every proposal, accepted as it is, loads as a case file: attributes the case format has no field for
    (an acquisition's status and price, a linking note) are kept in ``note``."""
    from kingmaker.extract.fragment import apply_review, dump_yaml, iter_records, to_fragment
    from kingmaker.extract.pipeline import extract_file
    from kingmaker.io.case_yaml import read_case

    for p in sorted((REAL / "dev").glob("*.txt")):
        frag = to_fragment(extract_file(p, date="2024-01-01"))
        doc = apply_review(frag, {(sec, rec["id"]): "accept" for sec, rec in iter_records(frag)})
        out = tmp_path / f"{p.stem}.yaml"
        out.write_text(dump_yaml(doc), encoding="utf-8")
        read_case(out)


def test_linking_by_date_and_role():
    """"OpenAI" names the nonprofit and, over time, two for-profit companies in the flagship case: a stake
    goes to the company whose ties cover the article's date, and the candidate says it is a guess."""
    from kingmaker.extract.evaluate import ROOT

    text = "Microsoft hält eine Beteiligung von 27 Prozent an OpenAI."
    for day, expected in (("2025-11-03", "openai-group-pbc"), ("2023-02-01", "openai-global-llc")):
        idx = ActorIndex.from_case_file(ROOT / "cases" / "openai-2023.yaml")
        stake = next(c for c in extract_text(text, lang="de", index=idx, date=day).candidates if c.kind == "shareholding")
        assert stake.subject == expected and stake.attrs["link_note"].startswith("guess:")
    idx = ActorIndex.from_case_file(ROOT / "cases" / "openai-2023.yaml")
    stake = next(c for c in extract_text(text, lang="de", index=idx).candidates if c.kind == "shareholding")
    assert stake.subject == "openai-inc" and "no article date" in stake.attrs["link_note"]


def test_a_guessed_holder_keeps_its_note_when_the_subject_is_linked_by_date():
    """Linking by date wrote its note over the one saying the holder was read from "Sie": the user no longer read that
    the holder was a guess."""
    from kingmaker.extract.evaluate import ROOT

    text = "Die Quarnwerk AG ist ein Versorger. Sie hält eine Beteiligung von 27 Prozent an OpenAI."
    for day, linked in (("2023-02-01", "went to openai-global-llc"), (None, "no article date")):
        idx = ActorIndex.from_case_file(ROOT / "cases" / "openai-2023.yaml")
        stake = next(c for c in extract_text(text, lang="de", index=idx, date=day).candidates if c.kind == "shareholding")
        note = stake.attrs["link_note"]
        assert stake.holder == "quarnwerk" and "'Sie' read as Quarnwerk AG" in note and linked in note, note


def test_frozen_scores_do_not_regress():
    """Measured once at the end of issue 18 (no store): precision 0.85 (22/26), recall 0.53 (21/40); German
    alone 3/4 and 3/15; once at the end of session 5: 0.85 (23/27) and 0.55 (22/40), German 4/5 and 4/15; once in
    session 6 (12:04, after its German rules): 0.82 (23/28) and 0.55 (22/40), German 4/6 and 4/15. Floors a
    little below catch regressions; they are no targets to tune against."""
    correct, cands, found, gold = _totals(evaluate_all(REAL / "frozen", part="original"))
    assert correct / cands >= 0.8 and found / gold >= 0.48, (correct, cands, found, gold)


@pytest.mark.parametrize("text,lang,expected,absent", [
    ("Die Quillon GmbH sammelte 15 Mill. Euro in einer von Microsoft und der NVIDIA Corporation geleiteten "
     "Finanzierungsrunde ein.", "de", {("financing", "microsoft", "quillon"), ("financing", "nvidia", "quillon")},
     {("financing", "microsoft", "nvidia"), ("financing", "quillon", "microsoft")}),
    ("Anthropic raised $4 billion in a round led by Amazon and Google.", "en",
     {("financing", "amazon", "anthropic"), ("financing", "google", "anthropic")}, set()),
    ("Inflection agreed to license its technology to Microsoft.", "en", {("licence", "microsoft", "inflection-ai")},
     {("licence", "inflection-ai", "microsoft")}),
    ("Microsoft ist an OpenAI beteiligt.", "de", {("shareholding", "microsoft", "openai")}, set()),
    ("Amazon, an investor in Anthropic, declined to comment.", "en", {("financing", "amazon", "anthropic")}, set()),
    ("Google is a major backer of Anthropic.", "en", {("financing", "google", "anthropic")}, set()),
    ("Microsoft hat den Inflection-Mitgründer Mustafa Suleyman eingestellt.", "de",
     {("employment", "mustafa-suleyman", "microsoft")}, set()),
])
def test_vocabulary_probes(text, lang, expected, absent):
    """The issue's vocabulary, participle and coordination probes."""
    facts, _ = _facts(text, lang)
    assert expected <= facts and not (absent & facts), facts
