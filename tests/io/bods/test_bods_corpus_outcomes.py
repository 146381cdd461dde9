"""Every BODS corpus file gives the outcome, the messages and the store it gave when the expectations were frozen.

The corpora are Open Ownership's official examples and the bods-validity valid/invalid files
(``../shared/corpora``). For each file, loaded alone into a fresh store with the DuckDB lane forced
(``KINGMAKER_BODS_SQL_MIN_BYTES=0``) and with the default (small files go to the record-by-record reader):
accepted or refused, every warning or error message (file, line, record, field), and a digest of what was
stored — each actor, relation, evidence and source as its model, the identifiers, the name index, the
statements kept verbatim. tests/data/bods-corpus-outcomes.json holds what the code gave when it was frozen
(``PYTHONPATH=src python tests/io/bods/test_bods_corpus_outcomes.py --freeze``, run on the code *before* a
change meant to keep behaviour: speed work on the lane must leave this file untouched). The lane against the
other reader file by file: test_bods_sql_lane.py.

By default a fixed spread of the files runs (every official example, every eighth validity file); all of them
with ``KINGMAKER_SLOW=1``.
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
EXPECTED = ROOT / "tests" / "data" / "bods-corpus-outcomes.json"
MODES = {"lane": "0", "default": None}  # KINGMAKER_BODS_SQL_MIN_BYTES


def corpus_files(shared: Path) -> list[Path]:
    base = shared / "corpora"
    return sorted((base / "bods-examples").glob("*.json")) + sorted((base / "bods-validity" / "valid").glob("*.json")) \
        + sorted((base / "bods-validity" / "invalid").glob("*.json"))


def _name(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


def stored(store) -> str:
    """A digest of the store's contents as models and rows (not load times, not the table layout)."""
    from kingmaker.model import Actor, Evidence, Relation, Source

    h = hashlib.sha256()
    store.build_name_index()  # the bulk lane's rows of actor_names are made after the load
    for table, key, model in (("actors", "actor_id", Actor), ("relations", "relation_id", Relation),
                              ("evidence", "evidence_id", Evidence), ("sources", "source_id", Source)):
        columns = [r[0] for r in store.con.execute(f"DESCRIBE {table}").fetchall() if r[0] != "statement_key"]
        data = columns.index("data")
        for row in store.table_rows(table, key):
            h.update(model.model_validate_json(row[data]).model_dump_json().encode())
    for sql in ("SELECT actor_id, scheme, value, dataset_id FROM actor_identifiers ORDER BY ALL",
                "SELECT actor_id, dataset_id FROM actor_datasets ORDER BY ALL",
                "SELECT actor_id, kind, key, whole, first_word, last_word, own_name FROM actor_names ORDER BY ALL",
                "SELECT dataset_id, statement_id, data FROM statements ORDER BY ALL",
                "SELECT dataset_id, format, counts FROM datasets ORDER BY ALL"):
        for row in store.con.execute(sql).fetchall():
            h.update(repr(row).encode())
    return h.hexdigest()


def outcome(path: Path, mode: str, workdir: Path) -> dict:
    """Load ``path`` alone into a fresh store in ``mode``: accepted or not, the messages, the stored digest."""
    from kingmaker.errors import InvalidInput, UserError
    from kingmaker.io.streaming import load_streamed
    from kingmaker.store import Store

    saved = {k: os.environ.get(k) for k in ("KINGMAKER_BODS_SQL_MIN_BYTES", "KINGMAKER_BODS_SQL")}
    os.environ.pop("KINGMAKER_BODS_SQL", None)
    os.environ.pop("KINGMAKER_BODS_SQL_MIN_BYTES", None)
    if MODES[mode] is not None:
        os.environ["KINGMAKER_BODS_SQL_MIN_BYTES"] = MODES[mode]
    db = workdir / f"{mode}-{path.parent.name}-{path.stem}.duckdb"
    store = Store(db)
    try:
        try:
            report = load_streamed(store, [path])
            result = {"outcome": "ok", "messages": [str(w) for w in report.warnings]}
        except (InvalidInput, UserError) as exc:
            result = {"outcome": "refused", "messages": [str(exc)]}
        result["messages"] = [m.replace(str(path.parent), "<dir>").replace(str(workdir), "<tmp>")
                              for m in result["messages"]]
        result["stored"] = stored(store)
    finally:
        store.close()
        db.unlink(missing_ok=True)
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return result


def test_corpus_files_keep_their_outcomes_messages_and_stores(shared_dir, tmp_path):
    import pytest
    from io_support import SLOW

    files = corpus_files(shared_dir)
    if not files:
        pytest.skip("the BODS corpora are not present")
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
    assert sorted(expected) == sorted(_name(p) for p in files)  # the frozen file covers every corpus file
    if not SLOW:
        files = [p for p in files if p.parent.name == "bods-examples"] + \
                [p for p in files if p.parent.name != "bods-examples"][::8]
    changed = []
    for path in files:
        for mode in MODES:
            got = outcome(path, mode, tmp_path)
            if got != expected[_name(path)][mode]:
                changed.append((_name(path), mode, expected[_name(path)][mode], got))
    assert not changed, f"{len(changed)} changed, e.g. {changed[:2]}"
    assert {e["lane"]["outcome"] for e in expected.values()} == {"ok", "refused"}


def freeze(shared: Path) -> None:
    out = {}
    with tempfile.TemporaryDirectory() as d:
        for path in corpus_files(shared):
            out[_name(path)] = {mode: outcome(path, mode, Path(d)) for mode in MODES}
    EXPECTED.write_text(json.dumps(out, indent=1, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{len(out)} files frozen into {EXPECTED}")


if __name__ == "__main__" and "--freeze" in sys.argv:
    freeze(ROOT.parent / "shared")
