"""The ``designations-csv`` format: who is listed on which sanctions or export-control list, one row each.

Columns: ``actor`` (an actor id, or an identifier such as an LEI — written bare or as ``SCHEME:value``,
e.g. ``LEI:5493001KJTIIGC8Y1R12``), ``list`` (``ofac-sdn``, ``eu-consolidated``, ``uk-sanctions-list``,
``bis-entity-list``, ``bis-meu-list`` or a list of your own, ``own:NAME``) and optionally ``listed_from``,
``listed_to`` (the first day no longer listed), ``source`` (a URL or citation, kept as evidence),
``program`` and ``note``. Example::

    actor,list,listed_from,source
    gb-coh-01234567,uk-sanctions-list,2022-03-15,https://www.gov.uk/government/publications/the-uk-sanctions-list
    LEI:253400JT3MQWNDKMJE44,ofac-sdn,2022-02-24,OFAC recent actions 20220224

Bad values (an unknown list, a date that is not one, a missing column) are errors naming file, line and
field, and nothing is written; a row naming an actor or identifier that is neither in the store nor in
the files loaded with it is a warning listing it, and only that row is left out.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Callable

from kingmaker.errors import InvalidInput, UserError
from kingmaker.io.common import Problems, key, make_dataset, model_error, repeated_columns
from kingmaker.io.compressed import READ_ERRORS, inner_suffix, input_problem, open_input
from kingmaker.io.registry import Format, ReadResult, register
from kingmaker.model import Case, CaseInfo, Evidence, Reliability, Source, parse_partial_date
from kingmaker.model.designation import Designation, check_list

COLUMNS = ("actor", "list", "listed_from", "listed_to", "source", "program", "note")
REQUIRED = ("actor", "list")
Resolve = Callable[[list[str]], dict[str, list[str]]]  # identifier values → actor ids


def detect(path: Path, head: bytes) -> bool:
    if inner_suffix(path) not in (".csv", ".tsv", ".txt"):
        return False
    first = head.split(b"\n", 1)[0].decode("utf-8", "replace").lower()
    cols = [c.strip().strip('"') for c in first.split(",")]
    return "actor" in cols and "list" in cols and "holder" not in cols


def read(path: Path, known_actors: set[str], resolve: Resolve | None = None, *, sha256: str | None = None) -> ReadResult:
    """Read designations; ``resolve`` looks identifiers up in the store (``Store.actors_by_identifier``);
    ``sha256``: :func:`~kingmaker.io.common.make_dataset`."""
    path = Path(path)
    problems = Problems(path)
    dataset = make_dataset("designations-csv", path, f"designations in {path.name}", sha256)
    ds = dataset.id.split(":", 1)[1]
    try:
        with open_input(path) as fh:
            text = fh.read().decode("utf-8-sig")
    except READ_ERRORS as exc:
        raise InvalidInput([input_problem(path, exc) or Problem(str(path), str(exc))]) from None
    rows = csv.DictReader(io.StringIO(text))
    header = [(h or "").strip() for h in rows.fieldnames or []]
    if (twice := repeated_columns(path, header)) is not None:
        raise InvalidInput([twice])
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        problems.add(f"missing column(s) {', '.join(missing)}; the header needs actor and list",
                     line=1, field=missing[0], hint="actor,list,listed_from,listed_to,source")
        problems.raise_if_errors()
    for extra in header:
        if extra not in COLUMNS:
            problems.warn(f"column {extra!r} is not read (known: {', '.join(COLUMNS)})", line=1, field=extra,
                          kind="unknown column")
    parsed = []
    for n, raw in enumerate(rows, start=2):
        row = {(k or "").strip(): (v or "").strip() for k, v in raw.items() if k}
        record = f"row {n - 1}"
        if not row.get("actor"):
            problems.add("no actor", line=n, record=record, field="actor")
            continue
        try:
            lst = check_list(row.get("list", ""))
        except UserError as exc:
            problems.add(str(exc), line=n, record=record, field="list", kind="unknown list")
            continue
        dates = {}
        for col in ("listed_from", "listed_to"):
            if row.get(col):
                try:
                    dates[col] = parse_partial_date(row[col])[0]
                except ValueError as exc:
                    problems.add(str(exc), line=n, record=record, field=col)
        parsed.append((n, record, row, lst, dates))
    problems.raise_if_errors()
    refs = sorted({row["actor"] for _, _, row, _, _ in parsed if row["actor"] not in known_actors})
    found = resolve(refs) if (resolve and refs) else {}
    sources: dict[str, Source] = {}
    evidence, designations, seen = [], [], {}
    for n, record, row, lst, dates in parsed:
        ref = row["actor"]
        ids = [ref] if ref in known_actors else found.get(ref, [])
        if len(ids) != 1:
            what = "matches several actors (" + ", ".join(ids[:5]) + ")" if ids else "is not an actor id or identifier in the store"
            problems.warn(f"designated actor {ref!r} {what}; this designation is left out", line=n, record=record,
                          field="actor", kind="unknown designated actor",
                          hint="load the register that describes it first, or write its id or SCHEME:value")
            continue
        ident = f"{ds}:{key(ids[0])}:{lst}:{dates.get('listed_from') or ''}"
        if ident in seen:
            problems.warn(f"the same designation as line {seen[ident]}; left out", line=n, record=record,
                          kind="duplicate designation")
            continue
        seen[ident] = n
        ev_ids = []
        if row.get("source"):
            src_id = f"{ds}:src:{key(row['source'], 60)}"
            if src_id not in sources:
                url = row["source"] if row["source"].startswith(("http://", "https://")) else None
                sources[src_id] = Source(id=src_id, title=row["source"] if not url else f"{lst} listing", url=url)
            ev = Evidence(id=f"{ident}:ev", source=src_id, reference=f"{path.name} line {n}",
                          reliability=Reliability.primary)
            evidence.append(ev)
            ev_ids.append(ev.id)
        try:
            designations.append(Designation(id=ident, actor=ids[0], list=lst, program=row.get("program") or None,
                                            note=row.get("note") or None, evidence=tuple(ev_ids), **dates))
        except ValueError as exc:
            problems.add(model_error(exc), line=n, record=record, field="listed_to")
    problems.raise_if_errors()
    case = Case(CaseInfo(dataset.id, dataset.title), sources=list(sources.values()), evidence=evidence,
                designations=designations)
    return ReadResult(case, dataset, problems.warnings())


register(Format("designations-csv", "sanctions or export-control designations (CSV: actor, list, listed_from, …)",
                detect, read, resolves_identifiers=True))
