"""HTTP API under load: 100 concurrent clients on loopback against the actor, UBO and assessment endpoints
of a synthetic store of about 10^5 ownership edges (``kingmaker.synth``, loaded as edges-csv).

The server runs as ``kingmaker serve`` in its own process (one uvicorn worker); the clients are one asyncio
process with httpx. Requests are bounded (``REQUESTS``), and the run stops by itself. Cold costs (the
first request on a date builds the snapshot and the ownership graph; the first UBO of a subject runs the
ownership engine) are measured first and reported apart; under load, repeated UBO and assessment questions
are answered from the server's result cache, actor lookups are not cached.
"""
from __future__ import annotations

import asyncio
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ENTITIES = 48_000  # about 10^5 edges with the default synth parameters
CLIENTS = 100
REQUESTS = 3_000  # in all, spread evenly over the three endpoints
UBO_SUBJECTS = 500  # random companies: most UBO requests under load are cold (single-subject UBO is ~1 ms)
ASSESS_SUBJECTS = 30  # cold assessments cost ~0.2 s each, so these are mostly answered from the cache
TOKEN = "bench-token"


def _store(tmp: Path) -> tuple[Path, int, float, list[str]]:
    """A synthetic store, its edge count, its load time, and the companies that have owners."""
    import kingmaker
    import pyarrow.csv as pacsv
    from kingmaker.synth import write_synth

    csv = tmp / "synth.csv"
    edges = write_synth(csv, ENTITIES, seed=7)
    companies = sorted(set(pacsv.read_csv(csv).column("subject").to_pylist()))
    started = time.perf_counter()
    with kingmaker.open(tmp / "bench.duckdb") as km:
        km.load(csv, format="edges-csv")
    return tmp / "bench.duckdb", edges, time.perf_counter() - started, companies


def _serve(db: Path, port: int) -> subprocess.Popen:
    # 100 clients share one loopback address: the per-client rate limit (docs/limits.md) would be the bench
    env = {**os.environ, "KINGMAKER_TOKEN": TOKEN, "KINGMAKER_API_RATE": "0"}
    cmd = [sys.executable, "-m", "kingmaker.cli.app", "serve", "--host", "127.0.0.1", "--port", str(port), "--db", str(db)]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/info", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("server did not start: " + (proc.stderr.read() if proc.stderr else ""))


def _timed_get(client: httpx.Client, url: str) -> float:
    started = time.perf_counter()
    r = client.get(url)
    r.raise_for_status()
    return time.perf_counter() - started


async def _load(base: str, urls: list[tuple[str, str]]) -> dict[str, list]:
    queue: asyncio.Queue = asyncio.Queue()
    for item in urls:
        queue.put_nowait(item)
    results: dict[str, list] = {}
    limits = httpx.Limits(max_connections=CLIENTS, max_keepalive_connections=CLIENTS)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=120) as client:
        async def worker():
            while not queue.empty():
                name, url = queue.get_nowait()
                started = time.perf_counter()
                try:
                    ok = (await client.get(url)).status_code == 200
                except httpx.HTTPError:
                    ok = False
                results.setdefault(name, []).append((time.perf_counter() - started, ok))
        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(CLIENTS)))
        results["_wall"] = [time.perf_counter() - started]
    return results


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def main() -> str:
    from kingmaker.api.live import free_port

    rng = random.Random(7)
    with tempfile.TemporaryDirectory(prefix="kingmaker-bench-api-") as tmp:
        db, edges, load_s, owned = _store(Path(tmp))
        port = free_port()
        proc = _serve(db, port)
        base = f"http://127.0.0.1:{port}"
        try:
            with httpx.Client(base_url=base, timeout=300) as c:
                actors = [a["id"] for a in c.get("/api/actors?limit=500&offset=1000").json()["items"]]
                companies = rng.sample(owned, ASSESS_SUBJECTS)
                ubo_subjects = rng.sample(owned, UBO_SUBJECTS)
                cold = {"first assessment (builds the snapshot)": _timed_get(c, f"/api/actors/{companies[0]}/assessment")}
                firsts = [_timed_get(c, f"/api/actors/{s}/assessment") for s in companies[1:]]
                cold[f"first assessment of another company (median of {len(firsts)})"] = statistics.median(firsts)
                cold["first UBO (builds the ownership graph)"] = _timed_get(c, f"/api/actors/{ubo_subjects[0]}/ubo")
                firsts = [_timed_get(c, f"/api/actors/{s}/ubo") for s in ubo_subjects[1:11]]
                cold[f"first UBO of another company (median of {len(firsts)})"] = statistics.median(firsts)
            kinds = [("actor", lambda: f"/api/actors/{rng.choice(actors)}"),
                     ("ubo", lambda: f"/api/actors/{rng.choice(ubo_subjects)}/ubo"),
                     ("assessment", lambda: f"/api/actors/{rng.choice(companies)}/assessment")]
            urls = [(name, make()) for _ in range(REQUESTS // len(kinds)) for name, make in kinds]
            rng.shuffle(urls)
            results = asyncio.run(_load(base, urls))
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:  # a request still computing: don't wait for it
                proc.kill()
                proc.wait()
    wall = results.pop("_wall")[0]
    total = sum(len(v) for v in results.values())
    errors = sum(1 for v in results.values() for _, ok in v if not ok)
    lines = ["## HTTP API under load (bench_api)", "",
             f"{CLIENTS} concurrent clients on loopback, {total} requests against a store of {edges:,} edges "
             f"(`kingmaker synth`, {ENTITIES:,} actors; loaded in {load_s:.0f} s); one uvicorn worker. "
             f"Throughput {total / wall:.0f} requests/s over {wall:.1f} s; **errors: {errors}**.", "",
             "| endpoint | requests | p50 ms | p99 ms | errors |", "|---|---:|---:|---:|---:|"]
    for name, rows in results.items():
        times = [t for t, _ in rows]
        lines.append(f"| {name} | {len(rows)} | {_pct(times, 0.5):.0f} | {_pct(times, 0.99):.0f} | "
                     f"{sum(1 for _, ok in rows if not ok)} |")
    lines += ["", "Cold costs, measured before the load (one client):", ""]
    lines += [f"- {k}: {v:.2f} s" for k, v in cold.items()]
    lines += ["", f"Under load, UBO requests go to {UBO_SUBJECTS} random companies (1,000 requests: most are cold), "
              f"assessments to {ASSESS_SUBJECTS} companies (mostly answered from the server's result cache, per "
              "store version and date), actor lookups to 500 random actors (the store every time)."]
    return "\n".join(lines)


if __name__ == "__main__":
    print(main())
