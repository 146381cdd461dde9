"""A BODS relationship record whose statements came in several files is one record series.

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
    """The last chunk of a BODS load: settles the record series the dataset shares with the store's other
    datasets (it writes nothing of its own)."""

    def __init__(self, ds_key: str):
        self.ds_key = ds_key

    def write_into(self, store, dataset_id: str, others: bool) -> dict:
        if others:
            settle(store.con, dataset_id)
        return {}


def settle(con, dataset_id: str) -> int:
    """Give every statement of each relationship record that ``dataset_id`` shares with another dataset its
    period in the record's whole series; returns how many relations changed."""
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
    evidence = {e.id: e for e in _evidence(con, wanted)}
    changed = 0
    for rels in by_record.values():
        for rel, validity, ev_ids in _settled(rels, evidence):
            if (validity, ev_ids) == (rel.validity, rel.evidence):
                continue
            new = rel.model_copy(update={"validity": validity, "evidence": ev_ids})
            con.execute("UPDATE relations SET valid_from = ?, valid_to = ?, data = ? WHERE relation_id = ?",
                        [validity.valid_from, validity.valid_to, new.model_dump_json(), rel.id])
            changed += 1
    return changed


def _evidence(con, ids: set[str]) -> list[Evidence]:
    if not ids:
        return []
    rows = con.execute("SELECT data FROM evidence WHERE evidence_id IN (SELECT unnest(?))", [sorted(ids)]).fetchall()
    return [Evidence.model_validate_json(r[0]) for r in rows]


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
        validity = _cut(stated, window)
        successor = statements[window.successor][2] if window.successor in statements else None
        kept = tuple(e for e in rel.evidence if e == own or not STATEMENT_EVIDENCE.match(e))
        ev_ids = kept + ((successor,) if successor and successor not in kept else ())
        out.append((rel, validity, ev_ids))
    return out


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
