"""Multi-layer and simple games, boards and pivots, against brute force."""
from __future__ import annotations

import os
import random
from fractions import Fraction

import pytest

from kingmaker.analysis.voting import InvalidGame, MultiWeightedGame, SimpleGame, WeightedGame, board_game
from voting_oracle import brute_indices

ALL = ["banzhaf", "shapley_shubik", "swings", "coleman_prevent", "coleman_initiate", "holler", "deegan_packel", "johnston"]

OPENAI_NOV_16 = [
    ("Greg Brockman", "chair", True),
    ("Sam Altman", "director", True),
    ("Ilya Sutskever", "director", True),
    ("Adam D'Angelo", "director", True),
    ("Tasha McCauley", "director", True),
    ("Helen Toner", "director", True),
]
REMOVAL_VOTE = ["Ilya Sutskever", "Adam D'Angelo", "Tasha McCauley", "Helen Toner"]


def _compare(game, wins):
    want = brute_indices(game.n, wins)
    got = game.power("all", exact=True)
    for key in ALL:
        assert got.values(key) == want[key], key


def test_multi_layer_against_brute_force():
    rng = random.Random(1)
    for _ in range(3):
        n = 9
        a = [rng.randint(1, 10) for _ in range(n)]
        b = [rng.randint(1, 100) for _ in range(n)]
        qa, qb = sum(a) // 2 + 1, sum(b) * 2 // 3
        g = MultiWeightedGame([(a, qa), (b, qb)], sufficient=[([1] * n, n - 1)])
        _compare(g, lambda s: (sum(a[i] for i in s) >= qa and sum(b[i] for i in s) >= qb) or len(s) >= n - 1)
        assert g.method == "enumeration"


def test_eu_council_rule():
    pop = {f"M{i}": p for i, p in enumerate([84, 68, 59, 48, 38, 19, 18, 17, 11, 10, 10, 10, 10, 9.6, 9, 6.4, 5.9, 5.6, 5.5, 3.9, 2.9, 2.0, 1.9, 1.4, 0.7, 0.6, 0.5])}
    pop = {k: int(v * 1_000_000) for k, v in pop.items()}
    g = MultiWeightedGame.eu_council(pop)
    total = sum(pop.values())
    big3 = ["M0", "M1", "M2", "M3"]  # > 35 % of the population but a blocking minority needs 4
    rest = [k for k in pop if k not in big3]
    assert sum(pop[k] for k in big3) > Fraction(35, 100) * total
    assert not g.wins(rest)  # the four largest block ...
    assert g.wins(rest + ["M3"])  # ... but three cannot: 24 of 27 always win
    assert not g.wins(list(pop)[:14])  # fewer than 15 members never win
    if os.environ.get("KINGMAKER_SLOW") == "1":
        r = g.power(["banzhaf", "shapley-shubik"], exact=True)
        assert sum(r.values("shapley_shubik")) == 1


def test_simple_game_from_minimal_winning():
    g = SimpleGame(["A", "B", "C", "D"], [["A", "B"], ["A", "C"], ["B", "C", "D"]])
    mwc = [{0, 1}, {0, 2}, {1, 2, 3}]
    _compare(g, lambda s: any(m <= s for m in mwc))
    assert g.holler(exact=True) == [Fraction(2, 7), Fraction(2, 7), Fraction(2, 7), Fraction(1, 7)]


def test_veto_players():
    base = WeightedGame([3, 2, 2, 1], 4, names=list("ABCD"))
    g = SimpleGame.with_veto(base, ["B"])
    _compare(g, lambda s: 1 in s and sum([3, 2, 2, 1][i] for i in s) >= 4)


def test_board_casting_vote_and_observers():
    seats = OPENAI_NOV_16 + [("Observer", "observer", False), ("Silent", "director", False)]
    g = board_game(seats)
    assert g.n == 6 and "casting vote" in g.describe()
    chair = {"Greg Brockman"}

    def rule(s):
        yes = {g.names[i] for i in s}
        return len(yes) >= 4 or (len(yes) == 3 and bool(yes & chair))

    _compare(g, rule)
    assert board_game(seats, casting_vote_for_chair=False).wins(["Greg Brockman", "Sam Altman", "Ilya Sutskever"]) is False
    assert board_game(seats, quota="2/3").describe().startswith("at least 4 of the 6")


def test_openai_removal_vote_nov_2023():
    six = board_game(OPENAI_NOV_16)
    vote = six.analyse_vote(REMOVAL_VOTE)
    assert vote.passed and set(vote.critical) == set(REMOVAL_VOTE)
    text = "\n".join(vote.explain())
    assert "Ilya Sutskever was critical: Adam D'Angelo, Tasha McCauley, Helen Toner alone would have lost" in text
    four = board_game([s for s in OPENAI_NOV_16 if s[0] in REMOVAL_VOTE])
    after = four.analyse_vote(REMOVAL_VOTE)
    assert after.passed and after.critical == ()
    rep = four.swing_coalitions("Ilya Sutskever")
    assert rep.count == 3 and all(len(c) == 2 for c in rep.smallest)
    failing = six.analyse_vote(["Ilya Sutskever", "Helen Toner"])
    assert not failing.passed and failing.critical == ("Greg Brockman",)  # his yes makes 3-3 with the casting vote


def test_errors():
    with pytest.raises(InvalidGame):
        SimpleGame(["A", "A"], [["A"]])
    with pytest.raises(InvalidGame):
        WeightedGame([1, 2], 2).power("nonsense")
    with pytest.raises(InvalidGame):
        WeightedGame([1, 2], 2).analyse_vote(["Z"])
    with pytest.raises(InvalidGame):
        board_game([("A", "observer", False)])
    with pytest.raises(InvalidGame):
        WeightedGame(list(range(1, 40)), "50%").holler()  # beyond the full win table
