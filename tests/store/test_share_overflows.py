"""``Store.share_overflows`` against a brute-force oracle: for every subject and ownership kind, the certain
(lower) shares of the relations valid on each day their holdings start or end, added up in Python from the
model objects — over 100 %, or exactly 100 % with an exclusive lower end, is an overflow, first day first.
Random stores with dated and open holdings, bands with exclusive ends, indirect interests (left out) and
joint holdings registered against each member of a firm (counted once)."""
from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

import pytest

from kingmaker.model import Actor, ActorKind, Case, CaseInfo, Name, Relation, RelationKind, Share, Validity
from kingmaker.model.consistency import JOINT_CODES
from kingmaker.model.kinds import OWNERSHIP_KINDS
from kingmaker.store import Dataset, Store

DAYS = [None, date(2019, 1, 1), date(2020, 6, 1), date(2021, 1, 1), date(2022, 3, 15)]


def _random_case(rng: random.Random, n: int) -> Case:
    subjects = [f"s{i}" for i in range(12)]
    holders = [f"h{i}" for i in range(25)]
    actors = [Actor(id=a, kind=ActorKind.company, names=(Name(name=a),)) for a in subjects + holders]
    relations = []
    for i in range(n):
        start, end = sorted(rng.sample(DAYS[1:], 2)) if rng.random() < .4 else (rng.choice(DAYS), None)
        form = rng.random()
        if form < .5:
            share = Share(lower=Decimal(rng.choice([10, 20, 25, 30, 50, 51, 60, "33.4"])),
                          upper=None, lower_inclusive=True)
            share = Share(lower=share.lower, upper=share.lower)
        elif form < .8:
            low = Decimal(rng.choice([0, 25, 50, 75]))
            share = Share(lower=low, upper=low + 25, lower_inclusive=rng.random() < .5)
        else:
            share = Share(lower=None, upper=Decimal(25), upper_inclusive=False)
        joint = rng.random() < .15
        relations.append(Relation(
            id=f"r{i:03d}", kind=rng.choice([RelationKind.shareholding, RelationKind.voting_rights]),
            holder=rng.choice(holders), subject=rng.choice(subjects), share=share,
            validity=Validity(valid_from=start, valid_to=end),
            direct=None if rng.random() < .8 else rng.random() < .5,
            interest_type=f"ownership-of-shares-75-to-100-percent{rng.choice(JOINT_CODES)}" if joint else
            rng.choice([None, "shareholding"])))
    return Case(CaseInfo("random", "random"), actors=actors, relations=relations)


def _oracle(case: Case) -> list[tuple]:
    """(subject, kind, first day or None, total) of every overflow, by subject and kind."""
    held, seen = [], set()
    for r in sorted(case.relations, key=lambda r: r.id):
        if r.kind.value not in OWNERSHIP_KINDS or r.direct is False:
            continue
        if not (r.share.low > 0 or not r.share.lower_inclusive):
            continue
        if r.interest_type and any(code in r.interest_type for code in JOINT_CODES):
            key = (r.subject, r.kind, r.interest_type, str(r.share), r.valid_from, r.valid_to)
            if key in seen:
                continue
            seen.add(key)
        held.append(r)
    found = []
    for subject, kind in sorted({(r.subject, r.kind.value) for r in held}):
        mine = [r for r in held if (r.subject, r.kind.value) == (subject, kind)]
        days = sorted({r.valid_from or date(1, 1, 1) for r in mine} | {r.valid_to for r in mine if r.valid_to})
        for day in days:
            on = [r for r in mine if (r.valid_from or date(1, 1, 1)) <= day and (r.valid_to is None or r.valid_to > day)]
            total = sum(r.share.low for r in on)
            if total > 100 or (total == 100 and any(not r.share.lower_inclusive for r in on)):
                found.append((subject, kind, None if day == date(1, 1, 1) else day, float(total)))
                break
    return found


@pytest.mark.parametrize("seed", range(6))
def test_share_overflows_match_the_brute_force_oracle(tmp_path, seed):
    rng = random.Random(seed)
    case = _random_case(rng, rng.choice([40, 120, 300]))
    with Store(tmp_path / "s.duckdb") as store:
        store.write_case(case, Dataset("random", "random", "test", "-", f"{seed}"))
        got = [(o.subject, o.kind, o.day, o.total) for o in store.share_overflows(["random"], limit=1000)]
    expected = _oracle(case)
    assert expected, "the random store should overflow somewhere"
    assert got == expected
