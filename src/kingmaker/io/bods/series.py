"""A BODS relationship record is one record series: an unchanged confirmation extends the holding it confirms
(:func:`coalesce`), and statements that came in several files are one series (:func:`settle`).

Registers publish a record's statements over time — a first file, then update files with the later
statements of the same ``recordId`` (BODS 0.4, "Information updates": every statement of a record
replaces the one before it). Each file's reader gives its own statements their periods
(:func:`kingmaker.io.bods.reader.series_windows`), so without this step the last statement of each file
would hold on for ever beside the next file's ("add up to 200 %"). After a file is written — by either lane,
inside the load's transaction — :class:`SeriesAcrossFiles` finds the records it shares with files already in
the store and gives every statement of each such record, whatever file brought it, the period in which it was
the record's current statement, computed by the same rule over all of them: each relation is its interest's
own dates cut to that period (an empty period where the statement never held, so that a later reload of either
file can give it back), and carries the evidence of the statement that took over from it. Every file keeps
its own rows and ids, so replacing or reloading one of them settles the series again from the statements
then in the store.

A statement published in both files (the same ``statementId``) counts once: the copy in the file loaded
first holds, the other's relations get an empty period.
"""
from __future__ import annotations

import re
from collections import defaultdict

import orjson
from datetime import date
from typing import Any

from kingmaker.io.common import read_payload
from kingmaker.model import Evidence, Relation, Validity

#: a relation the BODS reader made: ``bods:<dataset>:<record>:<interest position or ->[:s<later>]``
RELATION_ID = re.compile(r"^bods:(?P<ds>[^:]+):(?P<rec>[^:]+):(?P<pos>-|\d+)(?::s(?P<later>\d+))?$")
_RECORD = "regexp_extract(relation_id, '^bods:[^:]+:([^:]+):', 1)"
#: the evidence of one statement (not of its annotations): ``bods:<dataset>:s:<statement key>``
STATEMENT_EVIDENCE = re.compile(r"^bods:[^:]+:s:[^:]+$")


class SeriesAcrossFiles:
    """The last step of a BODS load, in its transaction: folds the unchanged confirmations of the dataset's
    holdings (:func:`coalesce`) and settles the record series it shares with the store's other datasets
    (:func:`settle`); it adds no rows of its own, and takes the folded ones off the load's relation count."""

    #: it writes no actor (the store's name index of the load's actors is the other chunks' affair)
    writes_actors = False

    def __init__(self, ds_key: str):
        self.ds_key = ds_key

    def write_into(self, store, dataset_id: str, others: bool) -> dict:
        folded = coalesce(store.con, dataset_id)
        if others:
            settle(store, dataset_id)
        return {"relations": -folded}  # the load's count says what the store holds, not what was mapped


def coalesce(con, dataset_id: str) -> int:
    """One relation for a holding that a record's later statements confirm unchanged (BODS 0.4 registers restate
    every interest in each yearly confirmation): consecutive pieces of one interest of one record in this dataset —
    the next piece starting where the last ends, the same tie in every field, from the statement that took over —
    become the first piece's relation over their whole period, with the evidence of every statement. Returns how
    many relations were folded into another."""
    rows = con.execute(
        f"""WITH r AS (
              SELECT relation_id, valid_from, valid_to, data,
                     regexp_extract(relation_id, '^bods:[^:]+:([^:]+):(-|[0-9]+)', 1) AS rec,
                     regexp_extract(relation_id, '^bods:[^:]+:([^:]+):(-|[0-9]+)', 2) AS pos,
                     json_extract_string(data, '$.evidence[0]') AS own,
                     CAST(json_merge_patch(data, '{{"id": null, "validity": null, "evidence": null}}') AS VARCHAR)
                       AS content
              FROM relations WHERE dataset_id = ? AND relation_id LIKE 'bods:%'
                AND (regexp_matches(relation_id, ':s[0-9]+$') OR relation_id IN (  -- a record series' pieces
                     SELECT regexp_replace(relation_id, ':s[0-9]+$', '') FROM relations
                     WHERE dataset_id = ? AND relation_id LIKE 'bods:%' AND regexp_matches(relation_id, ':s[0-9]+$')))),
            linked AS (
              SELECT *, CASE WHEN lag(valid_to) OVER w = valid_from AND lag(content) OVER w = content
                              AND list_contains(CAST(json_extract(lag(data) OVER w, '$.evidence') AS VARCHAR[]), own)
                             THEN 0 ELSE 1 END AS starts_run
              FROM r WHERE rec <> '' WINDOW w AS (PARTITION BY rec, pos ORDER BY valid_from NULLS FIRST)),
            runs AS (
              SELECT *, sum(starts_run) OVER (PARTITION BY rec, pos ORDER BY valid_from NULLS FIRST
                                              ROWS UNBOUNDED PRECEDING) AS run
              FROM linked)
            SELECT rec, pos, run, list(data ORDER BY valid_from NULLS FIRST) FROM runs
            GROUP BY rec, pos, run HAVING count(*) > 1""",
        [dataset_id, dataset_id]).fetchall()
    merged, gone = [], []
    for _, _, _, pieces in rows:  # the stored JSON as it is (every piece valid), only period and evidence change
        rels = [orjson.loads(p) for p in pieces]
        first, last = rels[0], rels[-1]
        first["validity"] = {**first["validity"], "valid_to": last["validity"]["valid_to"],
                             "to_precision": last["validity"]["to_precision"]}
        first["evidence"] = list(dict.fromkeys(e for r in rels for e in r["evidence"]))
        merged.append((first["id"], first["validity"]["valid_from"], first["validity"]["valid_to"],
                       orjson.dumps(first).decode()))
        gone += [r["id"] for r in rels[1:]]
    _write_back(con, merged, gone)
    return len(gone)


def _write_back(con, changed: list[tuple], gone: list[str] = ()) -> None:
    """Set the periods and JSON of ``changed`` relations — (id, valid_from, valid_to, JSON) — and delete ``gone``
    ones, each in one statement."""
    import pyarrow as pa

    if changed:
        ids, starts, ends, data = zip(*changed)
        rows = pa.table({"relation_id": ids, "valid_from": [_day(x) for x in starts],
                         "valid_to": [_day(x) for x in ends], "data": data},
                        schema=pa.schema([("relation_id", pa.string()), ("valid_from", pa.date32()),
                                          ("valid_to", pa.date32()), ("data", pa.string())]))
        con.register("series_changed", rows)
        try:
            con.execute("""UPDATE relation_rows SET valid_from = c.valid_from, valid_to = c.valid_to, data = c.data,
                           data_tail = NULL FROM series_changed c WHERE relation_rows.relation_id = c.relation_id""")
        finally:
            con.unregister("series_changed")
    if gone:
        con.execute("DELETE FROM relation_rows WHERE relation_id IN (SELECT unnest(?))", [list(gone)])


def settle(store, dataset_id: str) -> int:
    """Give every statement of each relationship record that ``dataset_id`` shares with another dataset its
    period in the record's whole series; returns how many relations changed."""
    con = store.con
    shared = con.execute(  # the records of this dataset's relations that other datasets' relations share
        f"""WITH mine AS (SELECT DISTINCT {_RECORD} AS rec FROM relations
                          WHERE dataset_id = ? AND relation_id LIKE 'bods:%')
            SELECT DISTINCT o.rec FROM (SELECT {_RECORD} AS rec FROM relations
                                        WHERE dataset_id <> ? AND relation_id LIKE 'bods:%') o
            JOIN mine USING (rec) WHERE o.rec <> ''""", [dataset_id, dataset_id]).fetchall()
    shared = sorted(r[0] for r in shared)
    if not shared:
        return 0
    rows = con.execute(
        """SELECT r.relation_id, r.data, r.dataset_id, d.loaded_at FROM relations r
           LEFT JOIN datasets d USING (dataset_id)
           WHERE r.relation_id LIKE 'bods:%'
             AND regexp_extract(r.relation_id, '^bods:[^:]+:([^:]+):', 1) IN (SELECT unnest(?))""",
        [shared]).fetchall()
    by_record: dict[str, list[tuple]] = defaultdict(list)
    for rid, data, ds, loaded in rows:
        m = RELATION_ID.match(rid)
        if m is not None:
            # datasets already in the store first (their load time), the one being loaded last
            rank = (1, "") if ds == dataset_id else (0, str(loaded or ""))
            by_record[m["rec"]].append((Relation.model_validate_json(data), m, rank))
    wanted = {e for rels in by_record.values() for r, _, _ in rels for e in r.evidence if STATEMENT_EVIDENCE.match(e)}
    evidence = {e.id: e for e in store.evidence(wanted)}  # with their statements back (Store._stored_data)
    changed = [rel.model_copy(update={"validity": validity, "evidence": ev_ids})
               for rels in by_record.values() for rel, validity, ev_ids in _settled(rels, evidence)
               if (validity, ev_ids) != (rel.validity, rel.evidence)]
    _write_back(con, [(r.id, r.valid_from, r.valid_to, r.model_dump_json()) for r in changed])
    return len(changed)


def _day(value) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else value


def _settled(rels: list[tuple], evidence: dict[str, Evidence]) -> list[tuple[Relation, Validity, tuple]]:
    """Each relation of one record with its period and evidence in the series of all its statements."""
    from kingmaker.io.bods.reader import _interest_dates, series_windows

    statements: dict[str, tuple] = {}  # statementId → (position, statement, its evidence id)
    for rel, m, rank in sorted(rels, key=lambda x: (x[2], -int(x[1]["later"] or 0))):
        later = int(m["later"] or 0)
        for n, e in enumerate(x for x in rel.evidence if STATEMENT_EVIDENCE.match(x)):
            st = read_payload(evidence[e], "bods") if e in evidence else None
            sid = st.get("statementId") if isinstance(st, dict) else None
            if not isinstance(sid, str) or st.get("recordType") != "relationship" or sid in statements:
                continue
            # file order: the record's statements in its file (``:s<later>`` counts those after it); one that
            # took over and gave no relation (a closing statement) comes after the one it ended
            statements[sid] = ((rank, -later, n), st, e)
    if len(statements) < 2:
        return []
    entries = [(st.get("statementDate") if isinstance(st.get("statementDate"), str) else "", pos,
                _interest_dates(st), sid) for sid, (pos, st, _) in statements.items()]
    by_position = series_windows(entries)
    windows = {sid: by_position[pos] for (_, pos, _, sid) in entries}
    out = []
    for rel, m, _ in rels:
        own = rel.evidence[0] if rel.evidence else None
        st = read_payload(evidence[own], "bods") if own in evidence else None
        sid = st.get("statementId") if isinstance(st, dict) else None
        if sid not in statements:
            continue
        window = windows[sid]
        if statements[sid][2] != own:  # the same statement in another file: that copy holds
            start = window.start or rel.valid_from
            out.append((rel, Validity(valid_from=start, valid_to=start), rel.evidence))
            continue
        stated = _stated(st, m["pos"])
        if stated is None:
            continue
        run = [sid]  # the statement and the unchanged confirmations of this interest after it (:func:`coalesce`)
        while (nxt := windows[run[-1]].successor) in statements and statements[nxt][2] in rel.evidence \
                and statements[nxt][2].split(":s:")[0] == own.split(":s:")[0] \
                and _confirms(st, statements[nxt][1], m["pos"], windows[nxt]):
            run.append(nxt)
        last = windows[run[-1]]
        validity = _cut(stated, window._replace(end=last.end))
        successor = statements[last.successor][2] if last.successor in statements else None
        covered = {statements[x][2] for x in run}
        kept = tuple(e for e in rel.evidence if e in covered or not STATEMENT_EVIDENCE.match(e))
        ev_ids = kept + ((successor,) if successor and successor not in kept else ())
        out.append((rel, validity, ev_ids))
    return out


def _confirms(st: dict, later: dict, pos: str, window) -> bool:
    """Whether statement ``later`` states interest ``pos`` of ``st`` again unchanged (same parties, same interest,
    not closing it) and it held in ``later``'s own period."""
    if later.get("recordStatus") == "closed":
        return False
    a, b = st.get("recordDetails") or {}, later.get("recordDetails") or {}
    if any(a.get(k) != b.get(k) for k in ("subject", "interestedParty")):
        return False
    ia, ib = a.get("interests") or [], b.get("interests") or []
    if not (isinstance(ia, list) and isinstance(ib, list)):
        return False
    if pos == "-":  # a relationship with no stated interests, stated again
        if ia or ib:
            return False
    elif not (int(pos) < len(ia) and int(pos) < len(ib) and ia[int(pos)] == ib[int(pos)]):
        return False
    stated = _stated(later, pos)
    return stated is not None and _cut(stated, window).valid_from != _cut(stated, window).valid_to


def _stated(st: dict, pos: str) -> Validity | None:
    """The period an interest of a statement states itself (its dates; a ``closed`` statement ends it), as the
    reader reads it (:meth:`kingmaker.io.bods.reader._Mapper.interest`)."""
    from kingmaker.io.bods.reader import _date_field, _date_or_none

    closed_on = _date_or_none(st.get("statementDate")) if st.get("recordStatus") == "closed" else None
    if pos == "-":
        return Validity(valid_to=closed_on)
    details = st.get("recordDetails") if isinstance(st.get("recordDetails"), dict) else {}
    interests = details.get("interests") if isinstance(details.get("interests"), list) else []
    it: Any = interests[int(pos)] if int(pos) < len(interests) else None
    if not isinstance(it, dict):
        return None
    try:
        start, end = _date_field(it.get("startDate")), _date_field(it.get("endDate"))
    except ValueError:
        return None
    if end is None and closed_on is not None:
        end = closed_on if start is None or closed_on >= start else None
    return Validity(valid_from=start, valid_to=end)


def _cut(stated: Validity, window) -> Validity:
    """``stated`` cut to the statement's ``window``; an empty period where nothing of it is left."""
    from kingmaker.io.bods.reader import _within

    cut = _within(stated, window)
    if cut is not None:
        return cut
    day: date | None = window.start or stated.valid_from
    return Validity(valid_from=day, valid_to=day)


__all__ = ["SeriesAcrossFiles", "settle"]
