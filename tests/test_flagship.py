"""The flagship case against its fact sheet (shared/cases/openai-2023/FACTS.md, written by others)."""
import re
from datetime import date

import pytest

from kingmaker.io.case_yaml import read_case
from kingmaker.model import RelationKind

from conftest import FLAGSHIP


@pytest.fixture(scope="module")
def case():
    return read_case(FLAGSHIP).case


def test_required_actors_with_their_ids(case):
    ids = {a.id: a for a in case.actors}
    for required in ("openai-inc", "openai-gp-llc", "openai-global-llc", "microsoft", "openai-staff",
                     "sam-altman", "satya-nadella"):
        assert required in ids
    assert ids["openai-staff"].size == 770 and ids["openai-staff"].kind.value == "group"
    people = {a.name for a in case.actors if a.kind.value == "person"}
    assert people >= {"Greg Brockman", "Ilya Sutskever", "Adam D'Angelo", "Tasha McCauley", "Helen Toner",
                      "Bret Taylor", "Larry Summers", "Mira Murati", "Emmett Shear"}


def test_every_relation_and_event_has_resolvable_evidence(case):
    evidence = {e.id for e in case.evidence}
    for item in list(case.relations) + list(case.events):
        assert item.evidence, f"{item.id} has no evidence"
        assert set(item.evidence) <= evidence


def test_people_and_figures_appear_in_the_fact_sheet(case, shared_dir):
    facts = (shared_dir / "cases" / "openai-2023" / "FACTS.md").read_text(encoding="utf-8")
    for a in case.actors:
        if a.kind.value == "person":
            assert a.name in facts, f"{a.name} is not in the fact sheet"
    offer = next(r for r in case.relations if r.id == "microsoft-offer-staff")
    counts = [int(a.count.best) for a in offer.acceptances]
    assert counts == sorted(counts) == [505, 650, 700, 747]
    for n in ("505", "650", "700", "747", "770"):
        assert n in facts
    assert "49%" in facts and any(r.share and r.share.low == 49 for r in case.relations if r.holder == "microsoft")


def test_dates_match_the_fact_sheet_timeline(case, shared_dir):
    facts = (shared_dir / "cases" / "openai-2023" / "FACTS.md").read_text(encoding="utf-8")
    days = {int(d) for d in re.findall(r"^- (\d{1,2})(?:/\d+)? Nov:", facts, flags=re.M)}
    event_days = {e.date.day for e in case.events if (e.date.year, e.date.month) == (2023, 11)}
    assert days <= event_days | {21}, days - event_days  # 21/22 Nov agreement is dated the 22nd
    observer = next(r for r in case.relations if r.id == "microsoft-observer-seat")
    assert (observer.valid_from, observer.valid_to) == (date(2023, 11, 29), date(2024, 7, 9))
    assert "29 Nov" in facts and "9 Jul 2024" in facts


def test_uncertain_figures_are_not_falsely_precise(case):
    by_id = {r.id: r for r in case.relations}
    assert by_id["microsoft-financing-2023"].amount.approximate
    assert by_id["microsoft-financing-2021"].amount.approximate
    assert by_id["microsoft-econ-49"].cap == "undisclosed"
    unconfirmed = {e.id for e in case.evidence if e.reliability.value == "unconfirmed"}
    assert "ev-ms-cap-undisclosed" in unconfirmed


def test_microsoft_never_holds_a_voting_seat(flagship_store):
    for day in (date(2023, 11, 16), date(2023, 11, 20), date(2023, 11, 30), date(2024, 1, 1)):
        snap = flagship_store.snapshot(day)
        assert not [s for s in snap.voting_directors("openai-inc") if s.holder == "microsoft"]


def test_board_sizes_through_the_crisis(flagship_store):
    sizes = {d: len(flagship_store.snapshot(d).voting_directors("openai-inc"))
             for d in ("2023-11-16", "2023-11-18", "2023-11-21", "2023-11-22", "2023-11-30")}
    assert sizes == {"2023-11-16": 6, "2023-11-18": 4, "2023-11-21": 4, "2023-11-22": 3, "2023-11-30": 3}


def test_exactly_one_ceo_each_day(flagship_store):
    for day in ("2023-11-16", "2023-11-18", "2023-11-20", "2023-11-22", "2023-11-30"):
        ceos = [o for o in flagship_store.snapshot(day).officers("openai-inc") if o.role == "CEO"]
        assert len(ceos) == 1, (day, ceos)
    assert flagship_store.snapshot("2023-11-18").officers("openai-inc")[0].holder == "mira-murati"
