"""By hand (BENCHMARKS.md, bench_api.by-hand): ``kingmaker serve --workers 2`` with its readers forked from a
supervisor that built their state once (``KINGMAKER_SERVE_FORK=1``, the default) against readers spawned, each
building its own (``=0``, as before), alternating on the same store: seconds until both say they are warm, the
processes' CPU until then, their memory (PSS, all processes) then and after 400 cold ties/UBO questions from
one client (and how long those took).

    python bench/api_fork_probe.py STORE [ROUNDS]
"""
from __future__ import annotations

import os
import random
import shutil
import sys
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_api as b  # noqa: E402


def main() -> None:
    from kingmaker.api.live import free_port
    from kingmaker.session import Kingmaker

    db, rounds = Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 2
    with Kingmaker(db, read_only="shared") as km:
        owned = sorted(r[0] for r in km.store.con.execute("SELECT DISTINCT subject_id FROM relations").fetchall())
    print("start", time.strftime("%H:%M:%S UTC", time.gmtime()), "load", os.getloadavg()[0], flush=True)
    for r in range(rounds):
        for mode in ("1", "0"):
            os.environ["KINGMAKER_SERVE_FORK"] = mode
            shutil.rmtree(db.with_name(db.name + ".cache"), ignore_errors=True)  # nothing built beforehand
            port = free_port()
            proc, warm = b._serve(db, port, 2)
            try:
                cpu, pss = b._cpu_s(proc.pid), b._rss_mb(proc.pid)
                rng = random.Random(r)
                with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=300) as c:
                    actors = [a["id"] for a in c.get("/api/actors?limit=200&offset=1000").json()["items"]]
                    t = time.perf_counter()
                    for i in range(200):
                        assert c.get(f"/api/actors/{actors[i]}/ties").status_code == 200
                        assert c.get(f"/api/actors/{rng.choice(owned)}/ubo").status_code == 200
                    took = time.perf_counter() - t
                after = b._rss_mb(proc.pid)
            finally:
                b._stop(proc)
            print(f"round {r} KINGMAKER_SERVE_FORK={mode}: warm-up {warm:.1f} s, CPU to warm {cpu:.1f} s, PSS warm "
                  f"{pss:.0f} MB, after 400 questions {after:.0f} MB ({took:.1f} s); load {os.getloadavg()[0]:.1f}",
                  flush=True)
    print("end", time.strftime("%H:%M:%S UTC", time.gmtime()), "load", os.getloadavg()[0], flush=True)


if __name__ == "__main__":
    main()
