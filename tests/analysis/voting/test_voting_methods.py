"""The generating-function engine's two window paths (numpy uint64 for n <= 62, packed big ints
otherwise) against each other and against the independent DP oracle, including n >= 200."""
from __future__ import annotations

import random
from fractions import Fraction
from math import comb

import pytest

from kingmaker.analysis.voting import generating_functions as vm
from kingmaker.analysis.voting import WeightedGame
from kingmaker.analysis.voting.allocator import hot_heap
from voting_oracle import brute_indices, dp_swings


def _random_game(rng: random.Random, n: int, top: int) -> tuple[list[int], int]:
    w = [rng.randint(0, top) for _ in range(n)] + [rng.randint(1, top)]
    return w, rng.randint(1, sum(w))


@pytest.mark.parametrize("by_size", [False, True])
def test_narrow_and_wide_paths_agree(by_size):
    rng = random.Random(17 + by_size)
    for _ in range(25):
        # Many small weights make q / w exceed the number of sizes, so the mod y^sizes cut matters.
        w, q = _random_game(rng, rng.randint(1, 45), rng.choice([2, 5, 40]))
        w, q = vm.normalise_integer_game(w, q)
        assert vm._count(w, q, by_size) == vm._count(w, q, by_size, wide=True)


def test_both_paths_against_oracle_by_size():
    rng = random.Random(23)
    for n in (9, 30, 61, 63):  # either side of WORD_PLAYERS
        w = [rng.randint(1, 7) for _ in range(n)]
        q = sum(w) // 3 + 1
        counts = vm.count_swings(w, q, by_size=True)
        for i in rng.sample(range(n), 2):
            assert counts.by_size[i] == dp_swings(w, q, i, by_size=True)
            assert counts.swings[i] == dp_swings(w, q, i)


def test_small_games_against_brute_force_both_paths():
    rng = random.Random(29)
    for _ in range(15):
        w, q = _random_game(rng, rng.randint(1, 7), 9)
        want = brute_indices(len(w), lambda s: sum(w[i] for i in s) >= q)
        for wide in (False, True):
            counts = vm._count(w, q, by_size=True, wide=wide)  # the primal quota, whichever is smaller
            assert counts.swings == want["swings"]


def test_shapley_shubik_exact_for_220_players():
    rng = random.Random(220)
    w = [rng.randint(1, 4) for _ in range(220)]
    q = sum(w) // 2 + 1
    g = WeightedGame(w, q)
    ssi = g.shapley_shubik(exact=True)
    assert sum(ssi) == 1
    by_size = g.swings_by_size()
    for i in (w.index(1), w.index(4)):
        assert by_size[i] == dp_swings(w, q, i, by_size=True)
    assert ssi[w.index(4)] > ssi[w.index(1)] > 0


def test_banzhaf_exact_for_400_players_with_tiny_powers():
    # One holder with 300 votes and 399 of weight 1: quota 500 needs the big holder and 200 of the
    # small ones, so a small holder's absolute Banzhaf is C(398, 199) / 2^399 (about 0.02).
    w = [300] + [1] * 399
    g = WeightedGame(w, 500)
    absolute = g.banzhaf(absolute=True, exact=True)
    assert absolute[1] == Fraction(comb(398, 199), 2**399)
    assert g.swings()[1] == dp_swings(w, 500, 1)


def test_hot_heap_nests_and_leaves_results_unchanged():
    w, q = list(range(1, 61)), 900
    plain = vm.count_swings(w, q, by_size=True)
    with hot_heap(2**30), hot_heap(2**20):
        inside = vm.count_swings(w, q, by_size=True)
    assert inside == plain == vm.count_swings(w, q, by_size=True)


def test_hot_heap_works_in_a_process_forked_while_another_thread_held_its_lock():
    """The API forks assessment processes from a server whose other threads may be inside hot_heap at
    that moment (kingmaker.api.assessor): the child must not inherit the lock held for ever."""
    import os
    import threading

    from kingmaker.analysis.voting import allocator

    held, done = threading.Event(), threading.Event()

    def hold():
        with allocator._lock:
            held.set()
            done.wait(30)
    t = threading.Thread(target=hold, daemon=True)
    t.start()
    assert held.wait(30)
    try:
        pid = os.fork()
        if pid == 0:  # the child: can it take the lock, and use hot_heap?
            ok = allocator._lock.acquire(timeout=5)
            if ok:
                allocator._lock.release()
                with hot_heap(1 << 20):
                    pass
            os._exit(0 if ok else 1)
        _, status = os.waitpid(pid, 0)
    finally:
        done.set()
        t.join(30)
    assert os.waitstatus_to_exitcode(status) == 0
