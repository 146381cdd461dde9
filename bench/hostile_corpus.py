"""Issue 20's hostile corpus, regenerated from the issue's descriptions, run as a user would run it.

    python bench/hostile_corpus.py [OUT_DIR]

Every file goes through ``kingmaker validate`` and ``kingmaker load`` (a fresh store each) as separate
processes, each under a 120 s timeout and a 4 GiB address-space limit. Counted: tracebacks, hangs (past the
timeout), exit codes other than 0/1/2, inconsistent files accepted without an error or warning naming the
problem, and loads that read another file than the one named. Then the cliff of item 7: a chain of
``KINGMAKER_HOSTILE_CHAIN`` links (default 10⁵; ``holder,subject,share`` rows c0→c1→…, 60 % each) is loaded
and ``kingmaker control`` runs on it with every model, each a whole process under the same limits, its time
printed beside the load's (a ratio; the machine is shared). Prints one line per file and a summary."""
from __future__ import annotations

import gzip
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PUB = {"publicationDate": "2024-03-01", "bodsVersion": "0.4", "publisher": {"name": "R"}}


def entity(i: int, prefix: str = "e", **extra) -> dict:
    return {"statementId": f"st-{prefix}-{i:026d}", "statementDate": "2024-01-01", "publicationDetails": PUB,
            "recordId": f"{prefix}{i}", "recordType": "entity", "recordStatus": "new", "declarationSubject": f"{prefix}{i}",
            "recordDetails": {"isComponent": False, "entityType": {"type": "registeredEntity"}, "name": f"{prefix} {i}"},
            **extra}


def lines(items) -> str:
    return "".join(json.dumps(x) + "\n" for x in items)


def nested(n: int) -> str:
    return "[" * n + "]" * n


FTM = {"id": "c1", "schema": "Company", "properties": {"name": ["C"]}}
PSC = {"company_number": "01234567", "data": {"kind": "individual-person-with-significant-control", "name": "A",
                                              "notified_on": "2020-01-01", "links": {"self": "/x"},
                                              "natures_of_control": ["ownership-of-shares-25-to-50-percent"]}}
CASE_HEAD = ("case: {id: %s, title: T}\nsources:\n- {id: s1, title: R}\nevidence:\n- {id: ev1, source: s1, quote: x}\n"
             "actors:\n- {id: a-co, kind: company, name: A}\n- {id: b-co, kind: company, name: B}\n"
             "- {id: c-co, kind: company, name: C}\n- {id: t-co, kind: company, name: T}\n")


def alias_bomb() -> str:
    text = CASE_HEAD % "bomb" + "- id: z0\n  kind: company\n  name: Z\n  aliases: &a0 [" + ", ".join(["lol"] * 9) + "]\n"
    for i in range(1, 9):
        text += f"- id: z{i}\n  kind: company\n  name: Z{i}\n  aliases: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]\n"
    return text


def corpus(out: Path) -> list[tuple[str, list[str], str]]:
    """(file name, extra CLI args, what must be said: 'error' | 'warning:<text>' | 'ok' | 'only:<text>')."""
    files: list[tuple[str, bytes | str, list[str], str]] = []
    add = lambda name, data, expect, *args: files.append((name, data, list(args), expect))  # noqa: E731
    # 1. file names are file names (decoys next to them; only the named file's actors may load)
    add("register1.jsonl", lines(entity(i, "decoy") for i in range(2000)), "ok")
    add("register[1].jsonl", lines(entity(i, "named") for i in range(3)), "only:named")
    add("?.jsonl", lines(entity(i, "quest") for i in range(3)), "only:quest")
    # 2. YAML alias bomb
    add("bomb.yaml", alias_bomb(), "error")
    # 3. nesting, encodings, bad ids, duplicate columns, huge records, directories
    add("bods-deep.jsonl", json.dumps(entity(1))[:-1] + f', "x": {nested(100_000)}}}\n', "error")
    add("bods03-deep.json", '[{"statementID": "s1", "statementType": "entityStatement", "x": ' + nested(100_000) + "}]", "error")
    add("ftm-deep.jsonl", json.dumps(FTM)[:-1] + f', "x": {nested(100_000)}}}\n', "error")
    add("psc-deep.jsonl", json.dumps(PSC)[:-2] + f', "x": {nested(100_000)}}}}}\n', "error")
    add("lane-deep.jsonl", lines([entity(1)]) + json.dumps(entity(2))[:-1] + f', "x": {nested(1_000)}}}\n', "error")
    add("deep.yaml", CASE_HEAD % "deep" + "".join("  " * (i + 1) + "-\n" for i in range(3_000)), "error")
    add("gleif-deep.xml", '<?xml version="1.0"?><lei:LEIData xmlns:lei="http://www.gleif.org/data/schema/leidata/2016">'
        "<lei:LEIRecords><lei:LEIRecord><lei:LEI>001GPB6A9XPE8XJICC14</lei:LEI><lei:Entity>" + "<lei:X>" * 1500
        + "</lei:X>" * 1500 + "</lei:Entity></lei:LEIRecord></lei:LEIRecords></lei:LEIData>", "error")
    add("nul.yaml", "case:\n  id: x\n  title: x\x00\n", "error")
    add("utf16.yaml", "case:\n  id: x\n  title: x\n".encode("utf-16-le"), "error")
    add("lei-bad.csv", "LEI,Entity.LegalName\n001GPB6A9XPE8XJICC14,A\nnot/an-lei-value-x20,B\n", "error")
    add("dup-cols.csv", "holder,subject,share,share\na,b,10,20\n", "error")
    add("huge-record.jsonl", lines([FTM]) + json.dumps({**FTM, "id": "c2", "x": "y" * (200 << 20)}) + "\n", "error",
        "--format", "ftm")
    # 4. compression bombs
    add("spaces.json.gz", gzip.compress(b"[" + b" " * (1 << 30) + b"]", 9), "error", "--format", "bods")
    add("newlines.jsonl.gz", gzip.compress(json.dumps(FTM).encode() + b"\n" * (1 << 30), 9), "error", "--format", "ftm")
    # 5. inconsistent data
    rel = "".join(f"- {{id: {h}-t, kind: shareholding, holder: {h}-co, subject: t-co, share: {s}, evidence: [ev1]}}\n"
                  for h, s in zip("abc", (90, 90, 80)))
    add("over-100.yaml", CASE_HEAD % "over" + "relations:\n" + rel, "warning:add up to 260")
    add("over-100.csv", "holder,subject,share\na,t,100\nb,t,100\nc,t,100\n", "warning:add up to 300")
    add("empty-validity.yaml", CASE_HEAD % "empty" + "relations:\n- {id: a-t, kind: shareholding, holder: a-co, "
        "subject: t-co, share: 30, from: 2020-01-01, to: 2020-01-01, evidence: [ev1]}\n", "warning:never holds")
    add("two-closes.yaml", CASE_HEAD % "closes" + "relations:\n- {id: a-t, kind: shareholding, holder: a-co, subject: "
        "t-co, share: 30, from: 2020-01-01, evidence: [ev1]}\nevents:\n- {id: e1, date: 2021-01-01, kind: agreement, "
        "title: S, closes: [a-t], evidence: [ev1]}\n- {id: e2, date: 2022-01-01, kind: agreement, title: S, closes: [a-t], "
        "evidence: [ev1]}\n", "error")
    pub03 = {"publicationDate": "2020-01-01", "bodsVersion": "0.3", "publisher": {"name": "R"}}
    add("cycle03.json", json.dumps([
        {"statementID": "s-" + "1" * 33, "statementType": "entityStatement", "entityType": "registeredEntity", "name": "A",
         "publicationDetails": pub03, "replacesStatements": ["s-" + "2" * 33]},
        {"statementID": "s-" + "2" * 33, "statementType": "entityStatement", "entityType": "registeredEntity", "name": "B",
         "publicationDetails": pub03, "replacesStatements": ["s-" + "1" * 33]}]), "error")
    # BODS 0.4 has no replacesStatements: its counterpart of a replacement cycle is a record series that goes
    # round — closed and then continued, begun twice
    add("lifecycle04.jsonl", lines([entity(1), {**entity(1), "statementId": "st-e-closed-" + "0" * 24,
                                                "statementDate": "2024-02-01", "recordStatus": "closed"},
                                    {**entity(1), "statementId": "st-e-again-" + "0" * 25, "statementDate": "2024-03-01",
                                     "recordStatus": "updated"},
                                    {**entity(1), "statementId": "st-e-new2-" + "0" * 26, "statementDate": "2024-04-01"}]),
        "warning:allows no statement after 'closed'")
    add("cut-mid-row.csv", "LEI,Entity.LegalName,Entity.LegalJurisdiction\n001GPB6A9XPE8XJICC14,A,US\nZZG38T0MDR3QY1ETUA76,\"B",
        "error")
    add("sql-quotes.psc.jsonl", json.dumps({**PSC, "company_number": "0123'; DROP TABLE actors;--"}) + "\n", "error")
    add("dots-id.yaml", "case: {id: ../../etc, title: Dots}\nactors:\n- {id: a-co, kind: company, name: A}\n", "error")
    # 7. detection
    add("bom.csv", b"\xef\xbb\xbfholder,subject,share\r\na,b,60\r\n", "ok")
    add("edges.csv.gz", gzip.compress(b"holder,subject,share\na,b,60\n"), "ok")
    add("case.yaml.gz", gzip.compress((CASE_HEAD % "gz").encode()), "ok")
    out.mkdir(parents=True, exist_ok=True)
    for name, data, _, _ in files:
        (out / name).write_bytes(data.encode() if isinstance(data, str) else data)
    (out / "a-directory").mkdir(exist_ok=True)
    return [(n, a, e) for n, _, a, e in files] + [("a-directory", [], "error")]


def limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))


CLI = "import sys; from kingmaker.cli.app import main; sys.exit(main(sys.argv[1:]))"


def run(args: list[str], cwd: Path) -> tuple[int | None, str]:
    try:
        done = subprocess.run([sys.executable, "-c", CLI, *args], cwd=cwd, capture_output=True, text=True,
                              timeout=120, preexec_fn=limit_memory, env={**os.environ, "KINGMAKER_BODS_SQL_MIN_BYTES": "0"})
    except subprocess.TimeoutExpired:
        return None, "timeout"
    return done.returncode, " ".join((done.stdout + done.stderr).split())


def chain(out: Path, tally: dict) -> None:
    """Load a long ownership chain and run ``control`` with every model on it (issue 20, item 7)."""
    links = int(os.environ.get("KINGMAKER_HOSTILE_CHAIN", 100_000))
    name = f"chain-{links}.csv"
    with open(out / name, "w") as f:
        f.write("holder,subject,share\n")
        f.writelines(f"c{i},c{i + 1},60\n" for i in range(links))
    db = out / f"{name}.duckdb"
    db.unlink(missing_ok=True)
    steps = [("load", ["load", name, "--db", str(db)])] + [
        (f"control --model {m}", ["control", "--model", m, "--json", "--db", str(db)])
        for m in ("linear", "threshold", "relative", "npi")]
    base = None
    for label, args in steps:
        tally["files"] += 1
        start = time.perf_counter()
        code, text = run(args, out)
        took = time.perf_counter() - start
        base = base or took
        bad = ["traceback"] * ("Traceback" in text) + ["hang"] * (code is None) + ["exit"] * (code not in (0, None))
        for b in bad:
            tally[{"traceback": "tracebacks", "hang": "hangs", "exit": "bad exit"}[b]] += 1
        print(f"{'FAIL' if bad else 'ok  '} {name}: {label}: exit {code}, {took:.2f} s ({took / base:.2f}× the load) "
              f"{', '.join(bad)}  | {text[:100]}", flush=True)


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="km-hostile-"))
    tally = {"files": 0, "tracebacks": 0, "hangs": 0, "bad exit": 0, "silent": 0, "other file read": 0}
    for name, args, expect in corpus(out):
        tally["files"] += 1
        db = out / f"{name.replace('/', '_')}.duckdb"
        db.unlink(missing_ok=True)
        (vc, vout), (lc, lout) = run(["validate", name, *args], out), run(["load", name, "--db", str(db), "--json", *args], out)
        text = vout + " " + lout
        bad = []
        if "Traceback" in text:
            tally["tracebacks"] += 1
            bad.append("traceback")
        if None in (vc, lc):
            tally["hangs"] += 1
            bad.append("hang")
        if vc not in (0, 1, 2, None) or lc not in (0, 1, 2, None):
            tally["bad exit"] += 1
            bad.append("exit")
        if expect == "error" and (lc == 0 or vc == 0):
            tally["silent"] += 1
            bad.append("accepted")
        if expect.startswith("warning:") and expect.split(":", 1)[1] not in text:
            tally["silent"] += 1
            bad.append("no warning")
        if expect.startswith("only:") and lc == 0:
            import duckdb
            con = duckdb.connect(str(db), read_only=True)
            ids = [r[0] for r in con.execute("SELECT actor_id FROM actors").fetchall()]
            con.close()
            if not ids or any(expect.split(":", 1)[1] not in i for i in ids):
                tally["other file read"] += 1
                bad.append(f"read {len(ids)} actors")
        print(f"{'FAIL' if bad else 'ok  '} {name}: validate {vc}, load {lc} {', '.join(bad)}  | {text[:150]}", flush=True)
    chain(out, tally)
    print(json.dumps(tally))
    return 1 if any(v for k, v in tally.items() if k != "files") else 0


if __name__ == "__main__":
    sys.exit(main())
