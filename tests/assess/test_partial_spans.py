"""Capped assessments rank every holder by the few features the ranking reads and compute all features only for
the page (``compute_features(ranking=True)``), and the verdicts' sensitivity grid, holding box and flip facts evaluate the rules with only the varied features'
tests worked out again (:class:`kingmaker.assess.engine.PartialSpans`, issue 19, session 11: a first assessment
in the API was 55 % this grid). Every answer must be what evaluating the whole rules at each point gives: checked
point by point, and verdict by verdict against the same assessment with whole evaluation, on the flagship and on
synthetic companies (a widely held one; the most held ones of a ``kingmaker synth`` store)."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

import kingmaker
from kingmaker.analysis.structure import Organisation
from kingmaker.assess import engine
from kingmaker.assess.certainty import _grid, span
from kingmaker.assess.engine import REGIMES, PartialSpans, _alternatives, leaves, load_regime
from kingmaker.assess.features import compute_features
from kingmaker.assess.service import assess_snapshot, relevant_holders
from kingmaker.synth import widely_held_case, write_synth

FLAGSHIP = Path(__file__).resolve().parents[2] / "cases" / "openai-2023.yaml"


class WholeSpans:
    """What :class:`PartialSpans` stands in for: every point evaluated on the whole rules (main's code before)."""

    def __init__(self, regime, feats):
        self.regime, self.feats = regime, feats

    def span(self, varied, varying=None):
        return span(self.regime, varied)

    def level_with(self, name, value):
        level_id, possible = span(self.regime, self.feats.with_value(name, value))
        return self.regime.levels[self.regime.rank(level_id)], (possible[0] if possible else None)


@pytest.fixture(scope="module")
def snapshots(tmp_path_factory):
    """(snapshot, targets) of the flagship, a widely held company, and the most held companies of a synth store."""
    tmp = tmp_path_factory.mktemp("partial")
    out = []
    with kingmaker.open(tmp / "flagship.duckdb") as km:
        km.load(FLAGSHIP)
        for day in ("2023-11-20", "2023-11-17", "2022-06-01"):
            out.append((km.snapshot(day), ["openai-global-llc", "openai-inc"]))
    (tmp / "held.yaml").write_text(json.dumps(widely_held_case(12)), encoding="utf-8")
    with kingmaker.open(tmp / "held.duckdb") as km:
        km.load(tmp / "held.yaml")
        out.append((km.snapshot("2024-01-01"), ["target"]))
    write_synth(tmp / "synth.csv", 600, seed=3)
    with kingmaker.open(tmp / "synth.duckdb") as km:
        km.load(tmp / "synth.csv", format="edges-csv")
        snap = km.snapshot(date.today().isoformat())
        held = sorted((a for a in snap.actors if snap.ties_in(a)), key=lambda c: (-len(snap.ties_in(c)), c))
        out.append((snap, held[:4]))
    return out


def _features(snap, target):
    org = Organisation(snap, target)
    return [compute_features(snap, h, target, org=org) for h in relevant_holders(snap, target)]


def test_each_point_is_what_the_whole_rules_give(snapshots):
    checked = 0
    for snap, targets in snapshots:
        for target in targets:
            for feats in _features(snap, target):
                for regime in map(load_regime, REGIMES):
                    partial = PartialSpans(regime, feats)
                    for inp in feats.inputs:
                        for x in _grid(*inp.bounds):
                            assign = {inp.id: (x, x)}
                            varied = feats.vary(assign)
                            assert partial.span(varied, feats.varies(assign)) == span(regime, varied)
                            assert partial.span(varied) == span(regime, varied)  # the varied features found
                            checked += 1
                        whole = {i.id: i.domain for i in feats.inputs}
                        assert partial.span(feats.vary(whole), feats.varies(whole)) == span(regime, feats.vary(whole))
                    for lv in regime.levels:
                        for leaf in leaves(lv.when):
                            name = leaf["feature"]
                            for alt in _alternatives(name, leaf["op"], leaf["value"], feats[name].value):
                                level, possible = partial.level_with(name, alt)
                                whole_id, whole_possible = span(regime, feats.with_value(name, alt))
                                assert (level.id, possible) == (whole_id, whole_possible[0] if whole_possible else None)
                                checked += 1
    assert checked > 1000


def test_verdicts_are_those_of_the_whole_rules(snapshots, monkeypatch):
    for snap, targets in snapshots:
        for target in targets:
            fast = assess_snapshot(snap, target, top=6).to_dict()
            with monkeypatch.context() as m:
                m.setattr(engine, "partial_spans", WholeSpans)
                whole = assess_snapshot(snap, target, top=6).to_dict()
            assert fast["verdicts"] and fast == whole


def test_varies_names_what_vary_replaces(snapshots):
    for snap, targets in snapshots:
        for target in targets:
            for feats in _features(snap, target):
                for inp in feats.inputs:
                    for assign in ({inp.id: inp.domain}, {i.id: i.domain for i in feats.inputs}):
                        varied = feats.vary(assign)
                        replaced = {k for k, f in varied.values.items() if feats.values[k] is not f}
                        assert feats.varies(assign) == replaced


def test_capped_assessments_are_those_ranked_on_every_feature(snapshots, monkeypatch):
    """The page, its order, the verdicts and the listed holders' figures are what ranking on all features gave
    (main's code before), for several pages, on every snapshot."""
    from kingmaker.assess import service

    real = service.compute_features
    for snap, targets in snapshots:
        for target in targets:
            for top, offset in ((25, 0), (3, 0), (2, 3), (0, 2), (1, 0)):
                fast = assess_snapshot(snap, target, top=top, offset=offset).to_dict()
                with monkeypatch.context() as m:
                    m.setattr(service, "compute_features", lambda *a, ranking=False, **k: real(*a, **k))
                    whole = assess_snapshot(snap, target, top=top, offset=offset).to_dict()
                assert fast == whole
