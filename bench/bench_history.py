"""BODS import with full history (issue 13): a file whose relationship records each have several statements,
against the same file cut to each record's latest statement (what the reader mapped before full history).

Run: ``python bench/run_all.py history``. Generates BODS 0.4 JSON Lines of ~10⁵ statements
(``KINGMAKER_BENCH_HISTORY_SIZE``): per company an entity, a person and a relationship record with three
statements (new 2019, updated 2020 with another share, updated 2021 confirming it), and the *latest-only* file
holding the same entities, persons and only the 2021 statement of each relationship record. Both are
imported into fresh stores, through the default path (the DuckDB lane, :mod:`kingmaker.io.bods.sql_lane`)
and record by record (``KINGMAKER_BODS_SQL=0``), each in a child process (:func:`bench_io.child_run`: seconds
and peak resident memory). The ratio that matters is per statement: full history maps every statement,
the latest-only file a third of the relationship statements. ``KINGMAKER_BENCH_HISTORY_BASELINE=DIR``
also imports the history file, and bench_io's one-statement-per-record file, with the package under ``DIR/src``
(e.g. ``git archive f85b795 src | tar -x -C DIR``: main before full history) in the same run.
"""
from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_io import CHILD, PUB, SRC  # noqa: E402
from bench_io import child_usage as child_run  # noqa: E402
from bench_io import generate as generate_plain  # noqa: E402

YEARS = (("2019-03-01", 30, "new"), ("2020-03-01", 40, "updated"), ("2021-03-01", 40, "updated"))


def generate(history: Path, latest: Path, n: int) -> int:
    """Write both files (about ``n`` statements in ``history``); returns the statements in ``latest``."""
    kept = 0
    with open(history, "w", encoding="utf-8") as fh, open(latest, "w", encoding="utf-8") as fl:
        for i in range(n // 5 + 1):
            e, p, r = f"ent-{i:09d}", f"per-{i:09d}", f"rel-{i:09d}"
            base = {"publicationDetails": PUB, "source": SRC, "recordStatus": "new", "statementDate": "2019-03-01"}
            parties = [
                {**base, "statementId": f"{i:031d}e", "recordId": e, "recordType": "entity", "declarationSubject": e,
                 "recordDetails": {"isComponent": False, "entityType": {"type": "registeredEntity"},
                                   "name": f"Company {i} Limited", "identifiers": [{"scheme": "GB-COH", "id": f"{i:08d}"}]}},
                {**base, "statementId": f"{i:031d}p", "recordId": p, "recordType": "person", "declarationSubject": e,
                 "recordDetails": {"isComponent": False, "personType": "knownPerson",
                                   "names": [{"type": "legal", "fullName": f"Person {i}"}]}}]
            series = [
                {**base, "statementId": f"{i:031d}{k}", "recordId": r, "recordType": "relationship", "declarationSubject": e,
                 "statementDate": day, "recordStatus": status,
                 "recordDetails": {"isComponent": False, "subject": e, "interestedParty": p, "interests": [
                     {"type": "shareholding", "directOrIndirect": "direct", "beneficialOwnershipOrControl": True,
                      "share": {"exact": share}, "startDate": "2016-04-06"}]}}
                for k, (day, share, status) in enumerate(YEARS)]
            fh.writelines(json.dumps(st, separators=(",", ":")) + "\n" for st in parties + series)
            fl.writelines(json.dumps(st, separators=(",", ":")) + "\n" for st in parties + series[-1:])
            kept += 3
    return kept


def main() -> str:
    n = int(os.environ.get("KINGMAKER_BENCH_HISTORY_SIZE", "100000"))
    baseline = os.environ.get("KINGMAKER_BENCH_HISTORY_BASELINE")
    rows = []
    with tempfile.TemporaryDirectory() as d:
        hist, last = Path(d) / "history.jsonl", Path(d) / "latest.jsonl"
        kept = generate(hist, last, n)
        total = sum(1 for _ in open(hist, "rb"))
        for lane, env in (("DuckDB lane (default)", {}), ("record by record", {"KINGMAKER_BODS_SQL": "0"})):
            full = child_run(CHILD, hist, Path(d) / f"h-{len(rows)}.duckdb", **env)
            cut = child_run(CHILD, last, Path(d) / f"l-{len(rows)}.duckdb", **env)
            old = (child_run(CHILD, hist, Path(d) / f"o-{len(rows)}.duckdb", **env,
                             PYTHONPATH=str(Path(baseline) / "src")) if baseline else None)
            rows.append((lane, full, cut, old))
        plain_rows = []
        if baseline:  # the common file (one statement per record, bench_io's): what full history costs it
            plain = Path(d) / "plain.jsonl"
            generate_plain(plain, n)
            for lane, env in (("DuckDB lane (default)", {}), ("record by record", {"KINGMAKER_BODS_SQL": "0"})):
                now = child_run(CHILD, plain, Path(d) / f"p-{len(plain_rows)}.duckdb", **env)
                before = child_run(CHILD, plain, Path(d) / f"q-{len(plain_rows)}.duckdb", **env,
                                   PYTHONPATH=str(Path(baseline) / "src"))
                plain_rows.append((lane, now, before))
    lines = ["## Interchange: BODS import with full history (`bench/bench_history.py`)", "",
             f"Generated BODS 0.4 JSON Lines: {total:,} statements, each relationship record with three statements "
             f"(the share changes once); *latest only*: the same file cut to each record's latest statement "
             f"({kept:,} statements, what the reader mapped before full history). Each import in a child process "
             "(seconds from the call, relations written, peak RSS).", "",
             "| path | history s | relations | latest only s | relations | time ratio | µs/statement history / "
             "latest only | peak MiB history / latest only |" + (" before full history s (ratio) | CPU s now / "
                                                                  "before (ratio) |" if baseline else ""),
             "|---|---:|---:|---:|---:|---:|---:|---:|" + ("---:|---:|" if baseline else "")]
    for lane, full, cut, old in rows:
        extra = (f" {old[0]:.1f} ({full[0] / old[0]:.2f}×) | {full[3]:.1f} / {old[3]:.1f} ({full[3] / old[3]:.2f}×) |"
                 if old else "")
        lines.append(f"| {lane} | {full[0]:.1f} | {full[1]:,} | {cut[0]:.1f} | {cut[1]:,} | {full[0] / cut[0]:.2f}× | "
                     f"{1e6 * full[0] / total:.0f} / {1e6 * cut[0] / kept:.0f} | {full[2]:,.0f} / {cut[2]:,.0f} |"
                     + extra)
    if plain_rows:
        lines += ["", f"One statement per record (bench_io's file, {n:,} statements), now and before full history:", "",
                  "| path | now s | before s | ratio | CPU s now / before (ratio) | peak MiB now / before |",
                  "|---|---:|---:|---:|---:|---:|"]
        lines += [f"| {lane} | {now[0]:.1f} | {before[0]:.1f} | {now[0] / before[0]:.2f}× | {now[3]:.1f} / {before[3]:.1f} "
                  f"({now[3] / before[3]:.2f}×) | {now[2]:,.0f} / {before[2]:,.0f} |" for lane, now, before in plain_rows]
    lines += ["", "The history file holds 5/3 as many statements as the latest-only one and all of them are mapped "
              "(two relations per record instead of one: the 2021 statement confirms 2020's share unchanged and is "
              "folded into that holding, citing both statements); the per-statement cost is what full history adds: "
              "the record series' periods (pass 1 keeps each relationship record's interest dates; the lane "
              "computes the periods with window functions) and the folding of unchanged confirmations "
              "(`kingmaker.io.bods.series.coalesce`)."]
    return "\n".join(lines)


if __name__ == "__main__":
    print(main())
