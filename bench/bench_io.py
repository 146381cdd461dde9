"""BODS import throughput against an orjson parse-only pass over the same file, and peak memory.

Run: ``python bench/run_all.py io``. Generates BODS 0.4 JSON Lines files of 10⁵ and 10⁶ statements
(an entity, a person and a relationship with two interests, repeated; ``KINGMAKER_BENCH_IO_SIZES`` to
change), times ``orjson.loads`` over every line (the floor: parsing alone), then imports each file into a
fresh store with the bulk path (:func:`kingmaker.io.streaming.load_streamed`: fast schema check with a
precise fallback, record-series index, mapping to prepared rows, DuckDB writes in one transaction) in a child process, whose peak resident
memory is read from ``getrusage``.
"""
from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

PUB = {"publicationDate": "2024-01-01", "bodsVersion": "0.4", "publisher": {"name": "Bench Register"}}
SRC = {"type": ["officialRegister"], "description": "generated for the benchmark"}


def generate(path: Path, n: int) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n // 3 + 1):
            e, p, r = f"ent-{i:09d}", f"per-{i:09d}", f"rel-{i:09d}"
            base = {"statementDate": "2024-01-01", "publicationDetails": PUB, "source": SRC, "recordStatus": "new"}
            stmts = [
                {**base, "statementId": f"{i:032d}e", "recordId": e, "recordType": "entity", "declarationSubject": e,
                 "recordDetails": {"isComponent": False, "entityType": {"type": "registeredEntity"},
                                   "name": f"Company {i} Limited", "jurisdiction": {"name": "United Kingdom", "code": "GB"},
                                   "identifiers": [{"scheme": "GB-COH", "id": f"{i:08d}"}], "foundingDate": "2001-02-03"}},
                {**base, "statementId": f"{i:032d}p", "recordId": p, "recordType": "person", "declarationSubject": e,
                 "recordDetails": {"isComponent": False, "personType": "knownPerson",
                                   "names": [{"type": "legal", "fullName": f"Person {i}"}],
                                   "nationalities": [{"name": "United Kingdom", "code": "GB"}], "birthDate": "1970-01"}},
                {**base, "statementId": f"{i:032d}r", "recordId": r, "recordType": "relationship", "declarationSubject": e,
                 "recordDetails": {"isComponent": False, "subject": e, "interestedParty": p, "interests": [
                     {"type": "shareholding", "directOrIndirect": "direct", "beneficialOwnershipOrControl": True,
                      "share": {"exclusiveMinimum": 25, "maximum": 50}, "startDate": "2016-04-06"},
                     {"type": "votingRights", "directOrIndirect": "direct", "beneficialOwnershipOrControl": True,
                      "share": {"exclusiveMinimum": 25, "maximum": 50}, "startDate": "2016-04-06"}]}},
            ]
            for st in stmts[: max(0, min(3, n - 3 * i))]:
                fh.write(json.dumps(st, separators=(",", ":")) + "\n")


def orjson_pass(path: Path) -> float:
    import orjson

    start = time.perf_counter()
    n = 0
    with open(path, "rb") as fh:
        for line in fh:
            orjson.loads(line)
            n += 1
    return time.perf_counter() - start


CHILD = """
import sys, time, kingmaker
from kingmaker.io.streaming import load_streamed
km = kingmaker.open(sys.argv[2])
t = time.perf_counter()
report = load_streamed(km.store, [sys.argv[1]])
print()
print(time.perf_counter() - t, report.results[0].counts["relations"])
"""


def import_run(path: Path, db: Path) -> tuple[float, int, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    env = {**os.environ, "KINGMAKER_PROGRESS": "0", "PYTHONPATH": str(ROOT / "src")}
    out = subprocess.run([sys.executable, "-c", CHILD, str(path), str(db)], capture_output=True, text=True, env=env,
                         check=True).stdout.strip().splitlines()[-1].split()  # DuckDB may draw a progress bar
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return float(out[0]), int(out[1]), max(peak_kib, before) / 1024


def main() -> str:
    sizes = [int(x) for x in os.environ.get("KINGMAKER_BENCH_IO_SIZES", "100000,1000000").split(",")]
    rows = []
    with tempfile.TemporaryDirectory() as d:
        for n in sizes:
            path = Path(d) / f"bods-{n}.jsonl"
            generate(path, n)
            mb = path.stat().st_size / 1e6
            parse = orjson_pass(path)
            seconds, relations, peak = import_run(path, Path(d) / f"store-{n}.duckdb")
            rows.append((n, mb, parse, seconds, relations, peak))
            path.unlink()
    lines = ["## Interchange: BODS import throughput (`bench/bench_io.py`)", "",
             "Generated BODS 0.4 JSON Lines (entity, person, relationship with two banded interests, repeated). "
             "*orjson* is a parse-only pass over the same file (`orjson.loads` per line); *import* is "
             "`load_streamed` into a fresh DuckDB store in a child process (timed from the call, so it includes "
             "importing the format modules; two streaming passes: schema check and record index, then mapping "
             "and chunked writes of prepared rows, one transaction). Peak memory: the child's "
             "maximum resident set (includes Python, DuckDB and pyarrow). Goal: import ≥ 50 % of orjson's "
             "statements/s.", "",
             "| statements | file MB | orjson s | orjson stmts/s | import s | import stmts/s | import / orjson | "
             "relations | peak RSS MB |", "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for n, mb, parse, seconds, relations, peak in rows:
        lines.append(f"| {n:,} | {mb:,.0f} | {parse:.2f} | {n / parse:,.0f} | {seconds:.1f} | {n / seconds:,.0f} | "
                     f"{100 * parse / seconds:.1f} % | {relations:,} | {peak:,.0f} |")
    lines += ["", "The ≥ 50 % goal is not met, and cannot be by a per-statement Python pipeline: orjson parses a "
              "statement in ~2 µs, so the goal leaves ~4 µs per statement for everything else. The import now "
              "parses each statement twice with orjson (pass 1: record-series index; pass 2: mapping), checks "
              "it with a compiled yes/no schema validator (the precise, field-naming checker runs only on the "
              "statements that fail), builds the store's rows directly (query columns plus the JSON pydantic "
              "would write; no model per record) and inserts them in 50 000-object chunks, all in one "
              "transaction. Per statement that is still ~15 µs of schema check, ~25 µs of mapping and ~10 µs of "
              "DuckDB writes, plus ~1 s of fixed start-up (importing every format module, followthemoney among "
              "them). Memory: DuckDB runs the load under a 512 MB limit (`KINGMAKER_LOAD_MEMORY`) and writes "
              "the open transaction's row groups to the database file; each chunk reaches DuckDB through a "
              "replacement scan, because a `con.register`-ed Arrow table stays referenced until the commit "
              "(that kept every chunk alive: 2.8 GB at 10⁶ statements before). What still grows with the "
              "file: the record-series index (a tuple per recordId, a statementId → position dict, 8 bytes "
              "of line number per statement) and the actor-id sets used to resolve references (~370 MB at "
              "10⁶ statements), and DuckDB's primary-key indexes (~120 MB at 10⁶, inside its memory limit)."]
    return "\n".join(lines)


if __name__ == "__main__":
    print(main())
