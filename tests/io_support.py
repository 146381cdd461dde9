"""Helpers for the interchange tests: independent oracles (libcovebods jsv) and fact sets."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from kingmaker.io.registry import formats

formats()  # import every format module before any test imports one directly (see registry.formats)

SLOW = os.environ.get("KINGMAKER_SLOW") == "1"


def corpus(shared_dir: Path, *parts: str) -> Path:
    path = shared_dir.joinpath("corpora", *parts)
    if not path.exists():
        pytest.skip(f"{path} is not present")
    return path


def store_files(which: str) -> list[Path]:
    """The files of a test store: ``"registers"`` — real Companies House PSC lines and GLEIF Level 1 and 2
    records (../shared/corpora; skipped cleanly without it) —, or ``"flagship"`` — the flagship case and the
    case library."""
    if which == "flagship":
        from kingmaker.data import FLAGSHIP_CASE, LIBRARY_DIR

        return [FLAGSHIP_CASE, *sorted(LIBRARY_DIR.glob("*.yaml"))]
    from conftest import SHARED

    if not SHARED.is_dir():
        pytest.skip("../shared is not present (fresh clone); corpus tests skipped")
    psc, gleif = corpus(SHARED, "psc"), corpus(SHARED, "gleif")
    return [*sorted(psc.glob("psc-data-*.json")), gleif / "lei-data.xml", gleif / "rr-data.xml"]


def jsv_errors(path: Path) -> list[dict]:
    """Schema errors reported by Open Ownership's own validator (libcovebods ``jsv``; offline)."""
    libcovebods = pytest.importorskip("libcovebods")
    from libcovebods import config, data_reader, jsonschemavalidate, schema

    reader = data_reader.DataReader(str(path))
    validator = jsonschemavalidate.JSONSchemaValidator(schema.SchemaBODS(reader, config.LibCoveBODSConfig()))
    del libcovebods
    return [o.json() for o in validator.validate(reader)]


def _share_key(share: dict | None) -> tuple:
    if not share:
        return ()
    return tuple(sorted((k, float(v)) for k, v in share.items() if v is not None))


def bods_facts(statements: list[dict]) -> set[tuple]:
    """The facts of a BODS 0.4 file, keyed by recordIds, after "latest statement per record":
    parties (type, names, identifiers, unspecified reasons) and interests (subject, party, type, share,
    directness, beneficial flag, dates)."""
    latest: dict[str, dict] = {}
    for st in statements:
        prev = latest.get(st["recordId"])
        if prev is None or st.get("statementDate", "") >= prev.get("statementDate", ""):
            latest[st["recordId"]] = st
    facts: set[tuple] = set()
    for rid, st in latest.items():
        d = st["recordDetails"]
        if st["recordType"] == "entity":
            facts.add(("entity", rid, d.get("name"), (d.get("entityType") or {}).get("type"),
                       json.dumps(d.get("unspecifiedEntityDetails"), sort_keys=True)))
        elif st["recordType"] == "person":
            facts.add(("person", rid, tuple(n.get("fullName") for n in d.get("names") or []), d.get("personType")))
        else:
            def ref(x):
                return x if isinstance(x, str) else json.dumps(x, sort_keys=True)
            for it in d.get("interests") or []:
                facts.add(("interest", ref(d["subject"]), ref(d["interestedParty"]), it.get("type"),
                           _share_key(it.get("share")), it.get("directOrIndirect"), it.get("beneficialOwnershipOrControl"),
                           it.get("startDate"), it.get("endDate") if st.get("recordStatus") != "closed" else "closed"))
            if not d.get("interests"):
                facts.add(("relationship", ref(d["subject"]), ref(d["interestedParty"])))
        for ident in d.get("identifiers") or []:
            facts.add(("identifier", rid, ident.get("scheme") or ident.get("schemeName"), ident.get("id")))
    return facts


def store_facts(store) -> set[tuple]:
    """The facts a store holds, independent of ids given on import (names, kinds, shares, dates…)."""
    actors = {a.id: a for a in store.actors()}

    def who(aid):
        a = actors[aid]
        return (a.kind.value, a.name, a.unspecified_reason.value if a.unspecified_reason else None,
                a.unspecified_description)

    facts = {("actor",) + who(a.id) + (tuple(sorted(a.identifiers.items())),) for a in actors.values()}
    for r in store.relations():
        facts.add(("relation", r.kind.value, who(r.holder), who(r.subject), str(r.share) if r.share else None,
                   r.interest_type, r.direct, r.beneficial, r.valid_from, r.valid_to, json.dumps(r.attributes(),
                                                                                                  sort_keys=True)))
    return facts


def store_rows(db: Path) -> dict:
    """Row counts of a store's main tables (read-only), to show a refused load changed nothing."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("datasets", "actors", "relations", "evidence")}
    finally:
        con.close()


def refused(path: Path, db: Path, capsys, *extra: str, code: int = 2) -> str:
    """Run ``validate`` and ``load`` on ``path``: both exit ``code`` without a traceback, both name the file,
    and the store is unchanged. Returns what they printed."""
    from kingmaker.cli.app import main

    before = store_rows(db)
    capsys.readouterr()
    assert main(["validate", str(path), *extra]) == code
    checked = capsys.readouterr().err
    assert main(["load", str(path), "--db", str(db), *extra]) == code
    loaded = capsys.readouterr().err
    assert "Traceback" not in checked + loaded
    assert store_rows(db) == before
    assert path.name in checked and path.name in loaded
    return checked + loaded
