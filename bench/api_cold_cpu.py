"""By hand (BENCHMARKS.md, bench_api.by-hand): the CPU one cold actor, ties and UBO question costs a server,
the endpoint functions called directly (no HTTP), after the state is built (``ApiState.warm``), each question
its first time. Run it with each source tree on the path, alternating, for before/after in the same run:

    PYTHONPATH=<src> python bench/api_cold_cpu.py STORE [N] [PROFILE]

STORE: e.g. bench_api's synthetic store (``kingmaker synth`` loaded as edges-csv); N questions of each kind
(default 200); PROFILE: a path prefix for cProfile dumps (``PROFILE.actor`` …)."""
from __future__ import annotations

import cProfile
import os
import random
import sys
import time
from datetime import date

os.environ.setdefault("KINGMAKER_API_ASSESSOR", "0")

from kingmaker.api.routers import actors as A, ownership as O  # noqa: E402
from kingmaker.api.state import ApiState  # noqa: E402


def main() -> None:
    db, n = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 200
    prof = sys.argv[3] if len(sys.argv) > 3 else None
    state = ApiState.attach(ApiState.prepare(db), "token")
    t = time.process_time()
    state.warm().join()
    print("warm-up CPU s", round(time.process_time() - t, 2))
    with state.read() as km:
        con = km.store.con
        ids = [r[0] for r in con.execute("SELECT actor_id FROM actors ORDER BY actor_id LIMIT 500 OFFSET 1000").fetchall()]
        owned = sorted(r[0] for r in con.execute("SELECT DISTINCT subject_id FROM relations").fetchall())
    companies = random.Random(1).sample(owned, min(len(owned), 600))
    day = date.today()
    calls = {"actor": lambda i: A.get_actor(i, state), "ties": lambda i: A.ties(i, day, state),
             "ubo": lambda i: O.get_ubo(i, day, None, None, "eu-amlr", 20, state)}
    result = {}
    for kind, which in (("actor", ids), ("ties", ids), ("ubo", companies)):
        p = cProfile.Profile() if prof else None
        if p:
            p.enable()
        t = time.process_time()
        for i in which[:n]:
            calls[kind](i)
        result[kind] = round((time.process_time() - t) / n * 1000, 2)
        if p:
            p.disable()
            p.dump_stats(f"{prof}.{kind}")
    print("cold CPU ms per question", result, "load", round(os.getloadavg()[0], 1))
    state.close()


if __name__ == "__main__":
    main()
