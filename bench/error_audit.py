"""Issue 20, item 7: does every error a user can get name the file, the place (line or record) and the field?

    PYTHONPATH=src python bench/error_audit.py [OUT_DIR] [--json REPORT.json]

Builds a corpus of bad inputs for every reader and runs the commands a user would run on each, in this
process (the CLI's own ``app``, so that each error is seen as raised, before it is printed):

* issue 20's hostile corpus (``bench/hostile_corpus.py``), through ``validate`` and ``load``;
* one bad value at a time in every field of a small valid file of each format (``validate`` on every
  ``KINGMAKER_AUDIT_STRIDE``-th variant, default 3 — each field still meets two of its bad values; ``load`` too on
  every 4th of those) — BODS 0.4 (JSON Lines and
  a JSON array), BODS 0.3, FtM, PSC, GLEIF CSV and XML, edge lists, case YAML, designations CSV (the
  seeds of ``tests/io/test_hostile_fuzz.py``, and Open Ownership's ``bods-package.json``, a UK PSC line and
  GLEIF's relationship-record sample from ``../shared`` when present);
  a dropped column for the CSV formats, a dropped element for GLEIF XML;
* the same for a scenario (``cases/scenarios/openai-mass-exit.yaml`` against the flagship case, through
  ``scenario run``) and a game file (``power --game``).

Each error is counted once per command: *complete* when it names the file, a line or record, and a field;
otherwise by what it lacks. Errors raised as a bare message rather than a located problem are judged by
their text. Prints a table per format, the messages that lack something (grouped, with an example file),
and the totals; ``--json`` writes them all.
"""
from __future__ import annotations

import contextlib
import copy
import csv
import importlib.util
import io
import json
import os
import re
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SHARED = (ROOT / ".." / "shared").resolve()
sys.path.insert(0, str(ROOT / "bench"))

BAD_JSON = [None, -5, "x", "2020-13-45", [], {"a": 1}]
#: every STRIDE-th variant only (KINGMAKER_AUDIT_STRIDE; with 6 bad values a field, 3 still tries each field
#: twice), and `load` too on every LOAD_EVERY-th of those (the fuzz tests check that load and validate agree)
STRIDE = int(os.environ.get("KINGMAKER_AUDIT_STRIDE", 3))
LOAD_EVERY = 4
BAD_TEXT = ["", "x", "-5", "150", "2020-13-45", "NaN", "1e400", "a;b", "../x"]


def _fuzz_seeds() -> dict:
    spec = importlib.util.spec_from_file_location("fuzz_seeds", ROOT / "tests" / "io" / "test_hostile_fuzz.py")
    sys.path.insert(0, str(ROOT / "tests"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module.SEEDS


# -- mutations ---------------------------------------------------------------------------------------------
def leaves(value, path=()):
    """Every path into a JSON/YAML value (containers too, the root excepted)."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield path + (k,)
            yield from leaves(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield path + (i,)
            yield from leaves(v, path + (i,))


def replaced(value, path, new):
    out = copy.deepcopy(value)
    target = out
    for p in path[:-1]:
        target = target[p]
    target[path[-1]] = new
    return out


def json_variants(records: list, layout: str):
    """(label, text) with one bad value in one field of one record."""
    for r, rec in enumerate(records):
        for path in leaves(rec):
            for bad in BAD_JSON:
                recs = records[:r] + [replaced(rec, path, bad)] + records[r + 1:]
                label = f"record {r + 1} {'.'.join(map(str, path))}={json.dumps(bad)[:12]}"
                if layout == "array":
                    yield label, json.dumps(recs, indent=1)
                else:
                    yield label, "".join(json.dumps(x) + "\n" for x in recs)


def yaml_variants(doc):
    for path in leaves(doc):
        for bad in BAD_JSON:
            yield f"{'.'.join(map(str, path))}={json.dumps(bad)[:12]}", yaml.safe_dump(replaced(doc, path, bad),
                                                                                          sort_keys=False)


def csv_variants(text: str):
    rows = list(csv.reader(io.StringIO(text)))
    header, body = rows[0], rows[1:]

    def dump(h, b):
        s = io.StringIO()
        csv.writer(s, lineterminator="\n").writerows([h, *b])
        return s.getvalue()
    for c, name in enumerate(header):
        for bad in BAD_TEXT:
            b = [list(r) for r in body]
            if b and c < len(b[0]):
                b[0][c] = bad
            yield f"{name}={bad}", dump(header, b)
        yield f"no column {name}", dump(header[:c] + header[c + 1:], [r[:c] + r[c + 1:] for r in body])


def xml_variants(text: str):
    for m in re.finditer(r"<(lei:|rr:)?(\w+)(?: [^>]*)?>([^<]+)</\1?\2>", text):
        for bad in ["", "x", "2020-13-45", "-5", "&amp;"]:
            yield f"{m.group(2)}={bad}", text[:m.start(3)] + bad + text[m.end(3):]
        yield f"no {m.group(2)}", text[:m.start()] + text[m.end():]


# -- running -------------------------------------------------------------------------------------------
def run(args: list[str]):
    """The errors one command raises: [(file, place, field, message)], or a traceback's text."""
    from kingmaker.cli.app import app
    from kingmaker.errors import InvalidInput, KingmakerError

    sink = io.StringIO()
    try:
        with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
            app(args=args, standalone_mode=False)
    except InvalidInput as exc:
        return [(bool(p.file), p.line is not None or bool(p.record), bool(p.field), p.message)
                for p in exc.problems if p.severity == "error"]
    except KingmakerError as exc:
        text = str(exc)
        name = Path(args[-1] if not args[-1].startswith("-") else args[1]).name
        return [(name in text or any(Path(a).name in text for a in args if "/" in a),
                 bool(re.search(r":\d+\b|line \d+|record ", text)), bool(re.search(r"\bfield\b|\bcolumn\b", text)),
                 text)]
    except SystemExit:
        return []
    except Exception as exc:  # noqa: BLE001 - counted: a traceback is what the audit is for
        if hasattr(exc, "show"):  # click's usage errors
            return []
        return f"{type(exc).__name__}: {exc}"[:300]
    return []


def shape(message: str) -> str:
    """A message with its particulars blanked, to group messages of one kind."""
    m = re.sub(r"'[^']*'|\"[^\"]*\"", "'…'", message.split("\n")[0])
    m = re.sub(r"/\S+", "PATH", m)
    return re.sub(r"\d+(\.\d+)?", "N", m)[:150]


def corpus(out: Path) -> list[tuple[str, str, list[list[str]]]]:
    """(format, file name, commands) for every bad input, written under ``out``."""
    import hostile_corpus

    items: list[tuple[str, str, list[list[str]]]] = []
    db = str(out / "scratch.duckdb")
    index = out / "hostile" / "index.json"  # the hostile corpus takes minutes to write (1 GiB gzip bombs): once
    if index.exists():
        hostile = json.loads(index.read_text())
    else:
        hostile = hostile_corpus.corpus(out / "hostile")
        index.write_text(json.dumps(hostile))
    for name, args, _ in hostile:
        path = str(out / "hostile" / name)
        items.append(("hostile", name, [["validate", path, *args], ["load", path, "--db", db, *args]]))
    seeds = _fuzz_seeds()
    variants: dict[str, tuple[str, list]] = {}
    for fmt, (name, text) in seeds.items():
        if fmt in ("bods", "ftm", "psc"):
            variants[fmt] = (name, list(json_variants([json.loads(x) for x in text.splitlines()], "lines")))
        elif fmt == "bods03":
            variants[fmt] = (name, list(json_variants(json.loads(text), "array")))
        elif fmt in ("gleif-csv", "edges"):
            variants[fmt] = (name, list(csv_variants(text)))
        elif fmt == "gleif-xml":
            variants[fmt] = (name, list(xml_variants(text)))
        elif fmt == "case":
            variants[fmt] = (name, list(yaml_variants(yaml.safe_load(text))))
    bods = json.loads(seeds["bods"][1].splitlines()[0])
    variants["bods-array"] = ("fuzz-array.json", list(json_variants([bods], "array")))
    variants["designations"] = ("designations.csv", list(csv_variants(
        "actor,list,listed_from,listed_to,source\nx-corp,ofac-sdn,2022-02-24,,OFAC recent actions\n")))
    if SHARED.is_dir():
        pkg = SHARED / "corpora" / "bods-examples" / "bods-package.json"
        if pkg.exists():
            variants["bods-real"] = ("bods-package.json", list(json_variants(json.loads(pkg.read_text())[:3], "array")))
        psc = SHARED / "corpora" / "psc" / "psc-data-1.json"
        if psc.exists():
            first = json.loads(psc.read_text())[0]
            variants["psc-real"] = ("psc-data.psc.jsonl", list(json_variants([first], "lines")))
        rr = SHARED / "corpora" / "gleif" / "rr-data.xml"
        if rr.exists():
            text = rr.read_text()
            cut = text.find("</rr:RelationshipRecord>")
            end = text.find("</rr:RelationshipRecords>")
            if cut > 0 and end > 0:  # the first record only
                variants["gleif-rr-real"] = ("rr-data.xml", list(xml_variants(text[:cut] + "</rr:RelationshipRecord>\n"
                                                                                + text[end:])))
    for fmt, (name, texts) in variants.items():
        d = out / fmt
        d.mkdir(parents=True, exist_ok=True)
        for i, (label, text) in enumerate(texts):
            if (i + i // 7) % STRIDE:  # the phase drifts, so that each field meets different bad values
                continue
            stem, dot, ext = name.partition(".")
            path = d / f"{stem}-{i}.{ext}"
            path.write_text(text, encoding="utf-8")
            items.append((fmt, f"{path.name} ({label})", [["validate", str(path)]]
                          + [["load", str(path), "--db", db]] * (i % (STRIDE * LOAD_EVERY) == 0)))
    # scenarios (against the flagship case) and game files
    scenario = ROOT / "cases" / "scenarios" / "openai-mass-exit.yaml"
    flagship_db = str(out / "flagship.duckdb")
    run(["load", str(ROOT / "cases" / "openai-2023.yaml"), "--db", flagship_db])
    game = {"players": ["A", "B", "C"], "weights": [50, 30, 20], "quota": "50%", "strict": True}
    for fmt, doc, command in (("scenario", yaml.safe_load(scenario.read_text()), ["scenario", "run"]),
                              ("game", game, ["power", "--game"])):
        d = out / fmt
        d.mkdir(parents=True, exist_ok=True)
        for i, (label, text) in enumerate(yaml_variants(doc)):
            if (i + i // 7) % STRIDE:  # the phase drifts, so that each field meets different bad values
                continue
            path = d / f"{fmt}-{i}.yaml"
            path.write_text(text, encoding="utf-8")
            args = [*command, str(path)] + (["--db", flagship_db] if fmt == "scenario" else [])
            items.append((fmt, f"{path.name} ({label})", [args]))
    return items


def main() -> int:
    argv = sys.argv[1:]
    report_path = None
    if "--json" in argv:
        i = argv.index("--json")
        report_path = Path(argv[i + 1])
        del argv[i:i + 2]
    out = Path(argv[0]) if argv else Path(tempfile.mkdtemp(prefix="km-audit-"))
    out.mkdir(parents=True, exist_ok=True)
    table: dict[str, Counter] = defaultdict(Counter)
    lacking: dict[tuple, list] = defaultdict(list)
    tracebacks = []
    for fmt, name, commands in corpus(out):
        for args in commands:
            (out / "scratch.duckdb").unlink(missing_ok=True)
            found = run(args)
            if isinstance(found, str):
                table[fmt]["tracebacks"] += 1
                tracebacks.append((fmt, name, args[0], found))
                continue
            for has_file, has_place, has_field, message in found:
                t = table[fmt]
                t["errors"] += 1
                t["complete"] += has_file and has_place and has_field
                t["no file"] += not has_file
                t["no line/record"] += not has_place
                t["no field"] += not has_field
                if not (has_file and has_place and has_field):
                    miss = ",".join(w for w, ok in (("file", has_file), ("place", has_place), ("field", has_field))
                                    if not ok)
                    lacking[(fmt, miss, shape(message))].append(f"{args[0]} {name}")
    cols = ["errors", "complete", "no file", "no line/record", "no field", "tracebacks"]
    print(f"{'format':<14}" + "".join(f"{c:>16}" for c in cols))
    total = Counter()
    for fmt in sorted(table):
        total.update(table[fmt])
        print(f"{fmt:<14}" + "".join(f"{table[fmt][c]:>16}" for c in cols))
    print(f"{'all':<14}" + "".join(f"{total[c]:>16}" for c in cols))
    print("\nerrors lacking something (format; what is missing; count; message kind; an example):")
    for (fmt, miss, kind), where in sorted(lacking.items(), key=lambda x: (-len(x[1]), x[0])):
        print(f"  {fmt}; {miss}; {len(where)}; {kind} | {where[0]}")
    for t in tracebacks:
        print("TRACEBACK", *t)
    if report_path:
        report_path.write_text(json.dumps({"totals": total, "formats": table, "tracebacks": tracebacks,
                                           "lacking": [{"format": f, "missing": m, "kind": k, "count": len(w),
                                                        "examples": w[:3]} for (f, m, k), w in lacking.items()]},
                                          indent=1))
    incomplete = total["errors"] - total["complete"]
    print(json.dumps({"errors": total["errors"], "complete": total["complete"], "incomplete": incomplete,
                      "tracebacks": total["tracebacks"]}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
