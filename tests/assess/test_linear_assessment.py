"""Assessments linear in the group (issue 19): the organisation worked out once per target and snapshot,
since-dates walked once over a timeline read once, and "every holder" capped and paged.

The answers must be the ones the straightforward definitions give: since-dates against the per-verdict
walk over store snapshots that ``fill_since`` was (written out here as the oracle), the timeline's
snapshots against the store's, on the real cases shipped in ``cases/``."""
import json
from datetime import date
from pathlib import Path

import pytest

import kingmaker
from kingmaker.analysis.structure import Organisation, family
from kingmaker.assess.engine import _level_of, load_regime
from kingmaker.assess.features import compute_features
from kingmaker.assess.service import assess_snapshot, change_dates, fill_since, relevant_holders
from kingmaker.synth import widely_held_case

ROOT = Path(__file__).resolve().parents[2]
CASES = [ROOT / "cases" / "openai-2023.yaml", ROOT / "cases" / "google-anthropic-2025.yaml",
         ROOT / "cases" / "microsoft-mistral-2024.yaml", *sorted((ROOT / "cases" / "library").glob("*.yaml"))]
TARGETS = [("openai-global-llc", "2023-11-20"), ("openai-global-llc", "2023-11-16"), ("anthropic", "2025-03-12"),
           ("anthropic", "2024-06-01"), ("mistral-ai", "2024-03-01"), ("inflection", "2024-04-01")]


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    db = tmp_path_factory.mktemp("cases") / "k.duckdb"
    with kingmaker.open(db) as km:
        km.load(*CASES)
    km = kingmaker.open(db, read_only=True)
    yield km
    km.close()


@pytest.fixture(scope="module")
def held(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("held")
    case = tmp / "held.yaml"
    case.write_text(json.dumps(widely_held_case(60)), encoding="utf-8")
    with kingmaker.open(tmp / "k.duckdb") as km:
        km.load(case)
    return tmp / "k.duckdb"


def _since_reference(assessment, relations, snapshot_at):
    """Since-dates as fill_since computed them before: one walk per verdict, a store snapshot per date."""
    out = {}
    for v in assessment.verdicts:
        if v.level == load_regime(v.regime).levels[-1].id:
            continue
        since = None
        for d in change_dates(relations, set(assessment.features[v.holder].family), v.holder, assessment.as_of):
            s = snapshot_at(d)
            if assessment.target not in s.actors:
                break
            level, _ = _level_of(load_regime(v.regime), compute_features(s, v.holder, assessment.target))
            if level.id != v.level:
                break
            since = d
        out[v.regime, v.holder] = since.isoformat() if since else None
    return out


@pytest.mark.parametrize("target,day", TARGETS)
def test_since_dates_over_the_timeline_are_the_per_verdict_walk(real, target, day):
    if real.store.actor(target) is None:
        pytest.skip(f"{target} not in the shipped cases")
    a = assess_snapshot(real.snapshot(day), target)
    timeline = real.store.timeline()
    fill_since(a, timeline.recorded, timeline.on)
    got = {(v.regime, v.holder): v.since for v in a.verdicts
           if v.level != load_regime(v.regime).levels[-1].id}
    assert got == _since_reference(a, real.store.relations(), real.snapshot)
    assert any(s is not None for s in got.values()) or not got


@pytest.mark.parametrize("day,known", [("2023-11-20", None), ("2023-11-17", None), ("2019-08-01", None),
                                       ("2023-11-20", "2023-11-18"), ("2025-06-01", "2024-01-01")])
def test_timeline_answers_as_the_store_snapshot(real, day, known):
    d = date.fromisoformat(day)
    k = date.fromisoformat(known) if known else None
    snap = real.store.snapshot(d, k)
    view = real.store.timeline(k).on(d)
    assert [r.id for r in view.relations] == [r.id for r in snap.relations]
    kinds = [("shareholding", "voting_rights", "other_influence"), ("board_seat",), ("employment", "officer",
             "board_seat"), ("supply",), ("offer",), ("licence", "economic_interest", "shareholding")]
    for actor in snap.actors:
        assert view.ties_in(actor) == snap.ties_in(actor)
        assert view.ties_out(actor) == snap.ties_out(actor)
        assert view.board(actor) == snap.board(actor)
        for k in kinds:
            assert view.ties_in(actor, *k) == snap.ties_in(actor, *k)
            assert view.ties_out(actor, *k) == snap.ties_out(actor, *k)
    for r in snap.relations:
        assert view.relation(r.id) == r
        assert view.ends_known.get(r.id) == snap.ends_known.get(r.id)
        assert all(view.evidence[e] == snap.evidence[e] for e in r.evidence if e in snap.evidence)


def test_timeline_merges_identities_as_the_store_snapshot(tmp_path):
    case = tmp_path / "two.yaml"
    case.write_text("""\
case: {id: two, title: One party recorded twice}
actors:
  - {id: acme, kind: company, name: Acme Ltd, identifiers: {GB-COH: "01234567"}}
  - {id: acme-2, kind: company, name: ACME LIMITED, identifiers: {GB-COH: "01234567"}}
  - {id: target, kind: company, name: Target Ltd}
  - {id: other, kind: company, name: Other plc}
relations:
  - {id: a1, kind: shareholding, holder: acme, subject: target, share: 20, from: 2020-01-01}
  - {id: a2, kind: shareholding, holder: acme-2, subject: target, share: 15, from: 2021-06-01}
  - {id: o1, kind: shareholding, holder: other, subject: target, share: 30, from: 2019-01-01, to: 2022-01-01}
""", encoding="utf-8")
    with kingmaker.open(tmp_path / "k.duckdb") as km:
        km.load(case)
        for day in (date(2020, 6, 1), date(2021, 7, 1), date(2022, 2, 1)):
            snap, view = km.snapshot(day), km.store.timeline().on(day)
            assert sorted(view.actors) == sorted(snap.actors) and "acme-2" not in view.actors
            assert view.ties_in("target") == snap.ties_in("target")
            assert view.ties_out("acme") == snap.ties_out("acme")


def test_one_organisation_for_every_holder_gives_each_holders_own_features(real):
    snap = real.snapshot("2023-11-20")
    org = Organisation(snap, "openai-global-llc")
    holders = relevant_holders(snap, "openai-global-llc") + list(org.members)  # insiders too: their own family
    for h in holders:
        shared = compute_features(snap, h, "openai-global-llc", org=org)
        alone = compute_features(snap, h, "openai-global-llc")
        assert shared.values == alone.values and shared.leverage == alone.leverage, h
        assert list(shared.family) == family(snap, "openai-global-llc", outsider=h)


def test_every_holder_is_capped_by_leverage_and_paged(held):
    with kingmaker.open(held, read_only=True) as km:
        snap = km.snapshot("2024-01-01")
    every = relevant_holders(snap, "target")
    first = assess_snapshot(snap, "target", top=10)
    assert first.holders_total == len(every) and len(first.features) == 10
    assert "h00001" in first.features  # the 30 % holder has the most leverage that is certain
    assert {x["holder"] for x in first.listed} == set(every) - set(first.features)
    assert "listed with their figures" in first.notes[-1]
    seen = []
    for offset in range(0, len(every), 10):
        page = assess_snapshot(snap, "target", top=10, offset=offset)
        seen += list(page.features)
        alone = assess_snapshot(snap, "target", list(page.features))
        assert [v.to_dict() for v in page.verdicts] == [v.to_dict() for v in alone.verdicts]
    assert sorted(seen) == sorted(every)  # every holder on exactly one page
    assert assess_snapshot(snap, "target", ["h00002"], top=10).holders_total is None  # named holders: no cap


def test_the_api_pages_the_holders(held):
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from kingmaker.api import create_app
    from kingmaker.api.state import ApiState

    state = ApiState.open(held, "t")
    try:
        with TestClient(create_app(state), base_url="http://127.0.0.1") as client:
            one = client.get("/api/actors/target/assessment?as_of=2024-01-01&limit=5").json()
            two = client.get("/api/actors/target/assessment?as_of=2024-01-01&limit=5&offset=5").json()
    finally:
        state.close()
    assert one["holders"]["total"] == two["holders"]["total"] > 10
    assert len(one["features"]) == len(two["features"]) == 5
    assert not set(one["features"]) & set(two["features"])
    assert len(one["holders"]["listed"]) == one["holders"]["total"] - 5
    assert all(x["holder"] in one["names"] for x in one["holders"]["listed"])


def test_since_dates_of_a_widely_held_company_are_the_per_verdict_walk(held):
    with kingmaker.open(held, read_only=True) as km:
        a = assess_snapshot(km.snapshot("2024-01-01"), "target", top=8)
        timeline = km.store.timeline()
        assert len(timeline.on(date(2024, 1, 1)).ties_in("target")) > 32  # the day-number filter is used
        fill_since(a, timeline.recorded, timeline.on)
        got = {(v.regime, v.holder): v.since for v in a.verdicts if v.level != load_regime(v.regime).levels[-1].id}
        assert got == _since_reference(a, km.store.relations(), km.snapshot)
        assert got[("uk", "h00001")] == "2012-03-01"  # the 30 % stake, held since then
