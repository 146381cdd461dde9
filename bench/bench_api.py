"""HTTP API under load: 100 concurrent clients on loopback against `kingmaker serve` with one worker and
with N workers (``--workers N``, one writer beside them), in the same run, on a synthetic store
(``kingmaker synth``, loaded as edges-csv) of about 10^6 edges, the size of issue 19's goal (others with
``KINGMAKER_BENCH_API_SIZES``, e.g. ``10^5,10^6``; ``10^4`` for a quick check).

Each server is a whole process as a user runs it. Before the load: the time until every worker has built
its timeline in the background (``/api/info`` says ``warming: false``), then — one client — the first
assessment (today), the first assessment of another company on a date nobody asked about before, the
first UBO. Under load, requests are spread evenly over four endpoints: an actor, its ties, the UBO of one of
500 random companies (mostly cold: each company's first time), and the assessment of one of 30 companies
(from the result cache after its first time; each company's first request is reported apart). Reported per endpoint: p50, p99 and the
slowest request; the CPU time the server's processes and the client spent per request during the load
(what a loaded machine does not distort much); the processes' memory (PSS, all together) after it.

Usage: ``python bench/bench_api.py`` (or ``python bench/run_all.py api``); ``KINGMAKER_BENCH_API_WORKERS``
(default 2: one per core here) sets N; ``KINGMAKER_BENCH_API_SIZES=10^5`` runs only the sizes named. With ``KINGMAKER_BENCH_BEFORE=/path/to/an/older/src`` each server also
runs from that source tree, on the same store in the same run (rows "before"), for the effect of a change;
``KINGMAKER_BENCH_BEFORE_WORKERS=1``: the older tree with one worker only (N of its workers at 10^6 each build
their own state: N × 6 GB).
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

SIZES = {"10^4": 4_800, "10^5": 48_000, "10^6": 480_000}  # synth entities: about 10^4 (a quick check), 10^5, 10^6 edges
CLIENTS = 100
REQUESTS = 4_000  # in all, spread evenly over the four endpoints
UBO_SUBJECTS = 500
ASSESS_SUBJECTS = 30
#: the rows per server: "assessment" is asked for after its first answer came back (answered from the cache, where
#: that worker computed it), "assessment, first" (each company's first request in the load) is computed, and
#: "assessment, before the first's answer" is a repeat sent while the first was still being computed (it waits
#: for that computation: not a cached answer)
ENDPOINTS = ("actor", "ties", "ubo", "assessment", "assessment, first", "assessment, before the first's answer")
TOKEN = "bench-token"
ROOT = Path(__file__).resolve().parents[1]
BEFORE = os.environ.get("KINGMAKER_BENCH_BEFORE")
BEFORE_WORKERS = os.environ.get("KINGMAKER_BENCH_BEFORE_WORKERS")  # "1": the older tree with one worker only
NEW_DATE = "2019-06-30"  # a date no request asks about before "first assessment on a new date"


def _store(tmp: Path, entities: int) -> tuple[Path, int, float, list[str]]:
    """A synthetic store, its edge count, its load time, and the companies that have owners."""
    import kingmaker
    import pyarrow.csv as pacsv
    from kingmaker.synth import write_synth

    csv = tmp / "synth.csv"
    edges = write_synth(csv, entities, seed=7)
    companies = sorted(set(pacsv.read_csv(csv).column("subject").to_pylist()))
    started = time.perf_counter()
    with kingmaker.open(tmp / "bench.duckdb") as km:
        km.load(csv, format="edges-csv")
    took = time.perf_counter() - started
    if BEFORE:  # the older tree loads the same edge list into its own store: it may not read a newer schema
        subprocess.run([sys.executable, "-c", "import sys, kingmaker\nwith kingmaker.open(sys.argv[1]) as km: "
                        "km.load(sys.argv[2], format='edges-csv')", str(tmp / "before.duckdb"), str(csv)],
                       env={**os.environ, "PYTHONPATH": str(BEFORE)}, check=True)
    csv.unlink()
    return tmp / "bench.duckdb", edges, took, companies


def _serve(db: Path, port: int, workers: int, src: str | Path = ROOT / "src") -> tuple[subprocess.Popen, float]:
    """The server (from the source tree ``src``), and the seconds from its start until every worker has
    finished building in the background (for one worker: until it has)."""
    # 100 clients share one loopback address: the per-client rate limit (docs/limits.md) would be the bench
    env = {**os.environ, "KINGMAKER_TOKEN": TOKEN, "KINGMAKER_API_RATE": "0", "PYTHONPATH": str(src)}
    cmd = [sys.executable, "-m", "kingmaker.cli.app", "serve", "--host", "127.0.0.1", "--port", str(port),
           "--db", str(db), "--workers", str(workers)]
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 1800
    warm: dict[str, bool] = {}
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("server stopped: " + (proc.stderr.read() if proc.stderr else ""))
        try:
            r = httpx.get(f"http://127.0.0.1:{port}/api/info", timeout=5)  # a new connection each time
            warm[r.headers.get("kingmaker-worker", "one")] = not r.json().get("warming")
            # a worker the supervisor replaced (it did not answer a health check) no longer counts
            warm = {w: ok for w, ok in warm.items() if w == "one" or Path(f"/proc/{w}").exists()}
            if len(warm) >= workers and all(warm.values()):
                return proc, time.perf_counter() - started
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    proc.kill()
    raise RuntimeError("server did not warm up in time")


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:  # a request still computing: don't wait for it
        proc.kill()
        proc.wait()


def _tree(pid: int) -> list[int]:
    """``pid`` and every process below it (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        todo += children.get(p, [])
    return found


def _rss_mb(pid: int) -> float:
    """Memory of ``pid`` and every process below it, MB: the proportional set size (PSS), in which a page
    that several processes share counts once in all (divided among them) — a process forked from another
    shares its pages until one of them writes, and resident sizes would count them once per process."""
    total = 0
    for p in _tree(pid):
        try:
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def _cpu_s(pid: int) -> float:
    """CPU seconds (user + system) used so far by ``pid`` and every process below it."""
    total = 0
    for p in _tree(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            pass
    return total / os.sysconf("SC_CLK_TCK")


def _timed_get(client: httpx.Client, url: str) -> float:
    started = time.perf_counter()
    r = client.get(url)
    r.raise_for_status()
    return time.perf_counter() - started


async def _load(base: str, urls: list[tuple[str, str]]) -> dict[str, list]:
    """The load: ``CLIENTS`` clients, each with one keep-alive HTTP/1.1 connection, one request at a time,
    taking the next URL from a shared queue. A plain asyncio client (a request line, a header, the body read
    by its Content-Length): ~0.05 ms of CPU per request, where httpx's AsyncClient took ~2.7 ms — on this
    machine's 2 cores the load generator was then most of the CPU and most of the latency
    (``KINGMAKER_BENCH_API_CLIENT=httpx``: that client, for comparison). The first request for each
    assessment URL, and repeats sent before its answer came back, are reported apart (:func:`_which`)."""
    if os.environ.get("KINGMAKER_BENCH_API_CLIENT") == "httpx":
        return await _load_httpx(base, urls)
    host, port = base.removeprefix("http://").rsplit(":", 1)
    todo = list(reversed(urls))
    results: dict[str, list] = {}
    failures: dict[str, int] = {}
    asked: set[str] = set()
    answered: set[str] = set()  # assessment URLs whose first answer has come back
    header = f"Host: {host}:{port}\r\n\r\n".encode()

    async def exchange(reader, writer, url: str) -> tuple[int, bool]:
        """One GET: the status and whether the server closes the connection after it."""
        writer.write(b"GET " + url.encode() + b" HTTP/1.1\r\n" + header)
        head = await reader.readuntil(b"\r\n\r\n")
        length, close = 0, False
        for line in head.split(b"\r\n")[1:]:
            key, _, value = line.partition(b":")
            key = key.strip().lower()
            if key == b"content-length":
                length = int(value)
            elif key == b"connection":
                close = value.strip().lower() == b"close"
        await reader.readexactly(length)
        return int(head[9:12]), close

    async def worker():
        reader = writer = None
        while todo:
            name, url = todo.pop()
            name = _which(name, url, asked, answered)
            started = time.perf_counter()
            for attempt in (1, 2):
                reused = writer is not None
                try:
                    if writer is None:
                        reader, writer = await asyncio.open_connection(host, int(port))
                    status, close = await exchange(reader, writer, url)
                except (asyncio.IncompleteReadError, ConnectionError, OSError) as exc:
                    if writer is not None:
                        writer.close()
                    reader = writer = None
                    if reused and attempt == 1:
                        continue  # the server closed an idle keep-alive connection: once more on a new one
                    status, close = type(exc).__name__, False
                if close:
                    writer.close()
                    reader = writer = None
                break
            ok = status == 200
            if name == "assessment, first":
                answered.add(url)
            if not ok:
                failures[f"{name}: {status}"] = failures.get(f"{name}: {status}", 0) + 1
            results.setdefault(name, []).append((time.perf_counter() - started, ok, started - begun))
        if writer is not None:
            writer.close()

    begun = started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(CLIENTS)))
    results["_wall"] = [time.perf_counter() - started]
    results["_failures"] = failures
    return results


async def _load_httpx(base: str, urls: list[tuple[str, str]]) -> dict[str, list]:
    queue: asyncio.Queue = asyncio.Queue()
    for item in urls:
        queue.put_nowait(item)
    results: dict[str, list] = {}
    failures: dict[str, int] = {}
    asked: set[str] = set()
    answered: set[str] = set()
    # connections kept less long than the server keeps them (uvicorn: 5 s), so that no request goes out on
    # one the server is closing at that moment
    limits = httpx.Limits(max_connections=CLIENTS, max_keepalive_connections=CLIENTS, keepalive_expiry=2.0)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=300) as client:
        async def worker():
            while not queue.empty():
                name, url = queue.get_nowait()
                name = _which(name, url, asked, answered)
                started = time.perf_counter()
                try:
                    status = (await client.get(url)).status_code
                    ok = status == 200
                except httpx.HTTPError as exc:
                    status, ok = type(exc).__name__, False
                if name == "assessment, first":
                    answered.add(url)
                if not ok:
                    failures[f"{name}: {status}"] = failures.get(f"{name}: {status}", 0) + 1
                results.setdefault(name, []).append((time.perf_counter() - started, ok, started - begun))
        begun = started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(CLIENTS)))
        results["_wall"] = [time.perf_counter() - started]
    results["_failures"] = failures
    return results


def _which(name: str, url: str, asked: set[str], answered: set[str]) -> str:
    """The row of a request about to be sent: an assessment URL's first request, a repeat sent while the first
    is still being computed, or a repeat after its answer came back (:data:`ENDPOINTS`)."""
    if name != "assessment":
        return name
    if url not in asked:
        asked.add(url)
        return "assessment, first"
    return name if url in answered else "assessment, before the first's answer"


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def _run(db: Path, workers: int, owned: list[str], actors: list[str] | None, seed: int,
         src: str | Path = ROOT / "src", code: str = "now") -> dict:
    """One server with ``workers`` workers (from the source tree ``src``): warm-up, cold costs, then the load."""
    from kingmaker.api.live import free_port

    import shutil

    shutil.rmtree(db.with_name(db.name + ".cache"), ignore_errors=True)  # each server starts with nothing built
    rng = random.Random(seed)
    port = free_port()
    proc, warm_s = _serve(db, port, workers, src)
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, timeout=600) as c:
            if actors is None:
                actors = [a["id"] for a in c.get("/api/actors?limit=500&offset=1000").json()["items"]]
            companies = rng.sample(owned, ASSESS_SUBJECTS + 1)
            fresh, companies = companies[0], companies[1:]
            ubo_subjects = rng.sample(owned, UBO_SUBJECTS)
            cold = {"first assessment (today)": _timed_get(c, f"/api/actors/{companies[0]}/assessment"),
                    f"first assessment on a new date ({NEW_DATE}, another company)":
                        _timed_get(c, f"/api/actors/{fresh}/assessment?as_of={NEW_DATE}"),
                    "first UBO": _timed_get(c, f"/api/actors/{ubo_subjects[0]}/ubo")}
        kinds = [("actor", lambda: f"/api/actors/{rng.choice(actors)}"),
                 ("ties", lambda: f"/api/actors/{rng.choice(actors)}/ties"),
                 ("ubo", lambda: f"/api/actors/{rng.choice(ubo_subjects)}/ubo"),
                 ("assessment", lambda: f"/api/actors/{rng.choice(companies)}/assessment")]
        urls = [(name, make()) for _ in range(REQUESTS // len(kinds)) for name, make in kinds]
        rng.shuffle(urls)
        load_avg = os.getloadavg()[0]
        server_cpu, client_cpu = _cpu_s(proc.pid), time.process_time()
        results = asyncio.run(_load(base, urls))
        server_cpu, client_cpu = _cpu_s(proc.pid) - server_cpu, time.process_time() - client_cpu
        rss = _rss_mb(proc.pid)
    finally:
        _stop(proc)
    return {"code": code, "workers": workers, "warm_s": warm_s, "cold": cold, "results": results, "rss": rss,
            "load": load_avg, "actors": actors, "server_cpu": server_cpu, "client_cpu": client_cpu}


def _section(label: str, edges: int, entities: int, load_s: float, runs: list[dict]) -> list[str]:
    lines = [f"### {label}: {edges:,} edges ({entities:,} synth actors; loaded in {load_s:.0f} s)", "",
             "| code | workers | endpoint | requests | p50 ms | p99 ms | max ms | errors |",
             "|---|---:|---|---:|---:|---:|---:|---:|"]
    for run in runs:
        for name in ENDPOINTS:
            rows = run["results"].get(name, [])
            if not rows:
                continue
            times = [t for t, *_ in rows]
            lines.append(f"| {run['code']} | {run['workers']} | {name} | {len(rows)} | {_pct(times, 0.5):.0f} | {_pct(times, 0.99):.0f}"
                         f" | {max(times) * 1000:.0f} | {sum(1 for _, ok, _ in rows if not ok)} |")
    lines += ["", "| code | workers | throughput req/s | wall s | server CPU ms/request | client CPU ms/request | warm-up s | " +
              " | ".join(runs[0]["cold"]) + " | memory MB (all processes, PSS) | load avg |",
              "|---|---:|---:|---:|---:|---:|---:|" + "---:|" * len(runs[0]["cold"]) + "---:|---:|"]
    for run in runs:
        total = sum(len(v) for k, v in run["results"].items() if not k.startswith("_"))
        wall = run["results"]["_wall"][0]
        lines.append(f"| {run['code']} | {run['workers']} | {total / wall:.0f} | {wall:.1f} | {run['server_cpu'] / total * 1000:.1f} | "
                     f"{run['client_cpu'] / total * 1000:.1f} | {run['warm_s']:.1f} | " +
                     " | ".join(f"{v:.2f} s" for v in run["cold"].values()) + f" | {run['rss']:.0f} | {run['load']:.1f} |")
    for run in runs:
        if run["results"]["_failures"]:
            lines += ["", f"Errors ({run['code']}) with {run['workers']} worker(s): " + ", ".join(
                f"{k} ×{v}" for k, v in sorted(run["results"]["_failures"].items()))]
    for run in runs:  # against the goal: p99 of the four kinds it names, the slowest request of all
        goal = [t for name in ("actor", "ties", "ubo", "assessment") for t, *_ in run["results"].get(name, [])]
        waiting = goal + [t for t, *_ in run["results"].get(ENDPOINTS[-1], [])]
        every = [t for k, v in run["results"].items() if not k.startswith("_") for t, *_ in v]
        lines += ["", f"{run['code']}, {run['workers']} worker(s): p99 of actor, ties, ubo and cached assessment "
                  f"together {_pct(goal, 0.99):.0f} ms (goal ≤ 300; {_pct(waiting, 0.99):.0f} ms with the repeats sent "
                  f"before the first's answer); slowest request of all {max(every) * 1000:.0f} ms (goal ≤ 5000)"]
    for run in runs:  # when the slow ones came: while the load's first assessments were computed, or after
        res = run["results"]
        firsts = res.get("assessment, first", [])
        if not firsts:
            continue
        until = max(start + t for t, _, start in firsts)  # the last first assessment answered
        quick = [(t, start) for name in ("actor", "ties", "ubo") for t, _, start in res.get(name, [])]
        during, after = [t for t, start in quick if start < until], [t for t, start in quick if start >= until]
        part = lambda xs: f"p99 {_pct(xs, 0.99):.0f} ms over {len(xs)}" if xs else "none"  # noqa: E731
        lines += ["", f"{run['code']}, {run['workers']} worker(s): actor, ties and ubo sent while the load's first "
                  f"assessments were being computed (its first {until:.1f} s): {part(during)}; sent after: {part(after)}"]
    r = lambda run, name: _pct([t for t, *_ in run["results"][name]], 0.99)  # noqa: E731
    kinds = ("actor", "ties", "ubo", "assessment")
    now = [run for run in runs if run["code"] == "now"]
    if len(now) > 1:
        one, many = now[0], now[-1]
        lines += ["", f"p99 with {many['workers']} workers against 1: " + ", ".join(
            f"{name} {r(many, name) / max(r(one, name), 1e-9):.2f}×" for name in kinds)]
    for run in now:
        before = next((b for b in runs if b["code"] == "before" and b["workers"] == run["workers"]), None)
        if before is not None:
            cpu = lambda x: x["server_cpu"] / sum(len(v) for k, v in x["results"].items() if not k.startswith("_"))  # noqa: E731
            lines += ["", f"Now against before, {run['workers']} worker(s): server CPU per request "
                      f"{cpu(run) / cpu(before):.2f}×; p99 " + ", ".join(
                          f"{name} {r(run, name) / max(r(before, name), 1e-9):.2f}×" for name in kinds)]
    return lines + [""]


def main() -> str:
    workers = int(os.environ.get("KINGMAKER_BENCH_API_WORKERS", "2"))
    sizes = os.environ.get("KINGMAKER_BENCH_API_SIZES", "10^6").split(",")  # e.g. "10^5,10^6"
    lines = ["## HTTP API under load (bench_api)", "",
             f"{CLIENTS} concurrent clients on loopback, {REQUESTS:,} requests spread evenly over four endpoints, " +
             (f"against `kingmaker serve --workers 1` and `--workers {workers}` (one writer besides) in the same run, "
              if workers != 1 else "against `kingmaker serve --workers 1`, ") +
             f"each a whole process; machine: {os.cpu_count()} cores, shared (load average at the start of each "
             "load in the last column). Warm-up: from the start until every worker says it has finished "
             "building in the background. Cold costs, one client, after warm-up: the first assessment (today), "
             f"the first assessment of another company on a date nobody asked about ({NEW_DATE}), the first UBO. "
             f"Under load: actor and ties of 500 random actors, the UBO of {UBO_SUBJECTS} random companies (mostly "
             f"each one's first time), the assessment of {ASSESS_SUBJECTS} companies: each company's first request "
             "(row \"assessment, first\": computed), a repeat sent while the first was being computed (row "
             "\"assessment, before the first's answer\": it waits for that computation), a repeat sent after the first's "
             "answer came back (row \"assessment\": the cached assessment of the goal, from the cache of the worker "
             "that computed it — with several workers a repeat may reach another worker, which computes it). Memory: "
             "the processes' proportional set size (PSS: pages shared by forked processes counted once). The clients: one "
             "asyncio task each with one keep-alive connection, writing the request line and reading the answer "
             "by its Content-Length (`KINGMAKER_BENCH_API_CLIENT=httpx`: httpx's AsyncClient instead, which "
             "costs ~50× the client CPU per request). Goal (issue 19, at 10^6): p99 ≤ 300 ms for actor, ties, UBO and cached assessment; first "
             "assessment on a new date ≤ 1 s; no request over 5 s." + (
                 f" Rows \"before\": the same servers from `KINGMAKER_BENCH_BEFORE={BEFORE}`, same requests, in the "
                 "same run, over the same edge list loaded by that tree into a store of its own (a newer store's "
                 "schema may be one it cannot read)." if BEFORE else ""), ""]
    for size in sizes:
        entities = SIZES[size]
        with tempfile.TemporaryDirectory(prefix="kingmaker-bench-api-") as tmp:
            db, edges, load_s, owned = _store(Path(tmp), entities)
            runs: list[dict] = []
            for n in dict.fromkeys((1, workers)):  # (KINGMAKER_BENCH_API_WORKERS=1: one worker only)
                runs.append(_run(db, n, owned, runs[0]["actors"] if runs else None, seed=7))
                # alternately: the same server from the older source tree, same store, same requests
                if BEFORE and (BEFORE_WORKERS is None or n <= int(BEFORE_WORKERS)):
                    runs.append(_run(db.with_name("before.duckdb"), n, owned, runs[0]["actors"], seed=7, src=BEFORE,
                                     code="before"))
        lines += _section(size, edges, entities, load_s, runs)
    return "\n".join(lines)


if __name__ == "__main__":
    print(main())
