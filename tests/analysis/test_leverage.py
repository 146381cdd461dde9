"""Leverage (power-dependence): factors, missing inputs as intervals, reverse ties, overrides."""
from datetime import date

import pytest

from kingmaker.analysis.bounds import Bounds, noisy_or
from kingmaker.analysis.leverage import LeverageParams, leverage
from kingmaker.model import Actor, Relation
from kingmaker.model.snapshot import Snapshot

DAY = date(2024, 1, 1)


def actor(i, kind="company", **kw):
    return Actor(id=i, kind=kind, names=[{"name": i.upper()}], **kw)


def rel(i, kind, holder, subject, **attrs):
    share = attrs.pop("share", None)
    from kingmaker.model import Share

    return Relation.model_validate({"id": i, "kind": kind, "holder": holder, "subject": subject,
                                    "share": Share.parse(share) if share is not None else None,
                                    "evidence": [f"ev-{i}"], "attrs": attrs})


def snap(*rels, actors=("lab", "cloud", "bank", "staff")):
    acts = [actor(a, "group", size=100) if a == "staff" else actor(a) for a in actors]
    return Snapshot.build(DAY, acts, rels)


def test_noisy_or():
    assert noisy_or([Bounds.point(0.5), Bounds.point(0.5)]) == Bounds.point(0.75)
    assert noisy_or([]) == Bounds.point(0.0)


def test_exclusive_supply_with_known_inputs_is_exact():
    s = snap(rel("s", "supply", "cloud", "lab", resource="compute", exclusive=True, substitutability=0.5,
                 switching_time_months=6))
    lv = leverage(s, "cloud", "lab")
    # 0.9 importance × 1.0 share × (1 − 0.5 × (1 − 6/12)) = 0.9 × 0.75
    assert lv.subject_dependence.lo == pytest.approx(0.675) and lv.subject_dependence.exact
    assert lv.missing == () and lv.evidence == ("ev-s",)


def test_missing_inputs_are_reported_and_widen_the_interval():
    s = snap(rel("s", "supply", "cloud", "lab", resource="compute"))
    lv = leverage(s, "cloud", "lab")
    assert lv.subject_dependence.lo == 0.0 and lv.subject_dependence.hi == pytest.approx(0.9)
    assert any("share of the need not stated" in m for m in lv.missing)
    assert any("substitutability not stated" in m for m in lv.missing)


def test_financing_withholdability_depends_on_status():
    committed = leverage(snap(rel("f", "financing", "bank", "lab", amount=10, currency="EUR", status="committed",
                                  share_of_funding=60)), "bank", "lab")
    disbursed = leverage(snap(rel("f", "financing", "bank", "lab", amount=10, currency="EUR", status="disbursed",
                                  share_of_funding=60)), "bank", "lab")
    assert committed.subject_dependence.lo == pytest.approx(0.8 * 0.6 * 1.0)
    assert disbursed.subject_dependence.lo == pytest.approx(0.8 * 0.6 * 0.2)


def test_offer_backed_exit_threat_uses_latest_signatures():
    offer = rel("o", "offer", "cloud", "staff", offer="jobs", offer_type="jobs",
                acceptances=[{"at": "2023-12-01", "count": 40, "of": 100}, {"at": "2024-02-01", "count": 90, "of": 100}])
    s = snap(offer, rel("e", "employment", "staff", "lab"))
    lv = leverage(s, "cloud", "lab")
    (ch,) = [c for c in lv.channels if c.channel == "exit_threat"]
    assert ch.dependence.lo == pytest.approx(0.9 * 0.4)  # the February count is not known on 1 Jan


def test_reverse_dependence_and_imbalance():
    s = snap(rel("s", "supply", "cloud", "lab", resource="compute", exclusive=True, substitutability=0, switching_time_months=12),
             rel("l", "licence", "cloud", "lab", exclusive=True))
    lv = leverage(s, "cloud", "lab")
    assert lv.subject_dependence.lo == pytest.approx(0.9)
    assert lv.holder_dependence.lo == pytest.approx(0.6)
    assert lv.imbalance == pytest.approx((0.3, 0.3))
    assert lv.mutual == pytest.approx((1.5, 1.5))


def test_params_override():
    s = snap(rel("s", "supply", "cloud", "lab", resource="compute", exclusive=True, substitutability=0, switching_time_months=12))
    p = LeverageParams().with_overrides({"importance.compute": 0.5})
    assert leverage(s, "cloud", "lab", p).subject_dependence.lo == pytest.approx(0.5)
    with pytest.raises(KeyError):
        LeverageParams().with_overrides({"no_such_weight": 1})


def test_flagship_compute_dependence_is_documented(flagship_store):
    lv = leverage(flagship_store.snapshot("2023-11-16"), "microsoft", "openai-global-llc")
    compute = next(c for c in lv.channels if c.channel == "supply:compute")
    sources = {f.name: f.source for f in compute.factors}
    assert sources["importance"] == "default" and sources["holder_share"] == "case"
    assert "ev-compute-estimate" in compute.evidence
    assert lv.subject_dependence.lo > 0.9 and lv.missing == ()
