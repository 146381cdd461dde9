"""Candidate fragments: an extraction written in the case-file format, every proposal marked.

A fragment is a case file (docs/case-format.md) with two additions (docs/extract.md):

* a top-level ``candidates:`` section saying where the proposals came from, and
* a ``candidate:`` block on every proposed actor, relation, event and claim (rule, confidence, offsets).

Accepting a record removes its ``candidate:`` block; rejecting it removes the record. Once none are left
the ``candidates:`` section goes and the file loads like any case file. The marks themselves, and
:func:`~kingmaker.io.candidates.assert_no_candidates` that ``kingmaker load`` calls to refuse unreviewed
fragments, live with the case reader in :mod:`kingmaker.io.candidates`.
"""
from __future__ import annotations

import hashlib
import io
from typing import Any, Iterable

from kingmaker.extract.candidates import Candidate
from kingmaker.extract.pipeline import Extraction
from kingmaker.io.candidates import HEADER, MARK, SECTIONS, assert_no_candidates, is_fragment  # noqa: F401 (re-exported)
from kingmaker.model.ids import slugify

HOW_TO = ("Unreviewed proposals from `kingmaker extract`. Accept a record by deleting its `candidate:` block, "
          "reject it by deleting the record (or run `kingmaker extract FILE --review`); then delete this "
          "`candidates:` section. `kingmaker load` refuses the file until then.")


def _mark(c: Candidate, ev_ids: list[str], **extra) -> dict:
    block = {"rule": c.rule, "confidence": c.confidence,
             "quotes": [{"start": q.start, "end": q.end} for q in c.quotes]}
    if c.rules:
        block["also_rules"] = list(c.rules)
    block.update(extra)
    return block


def _fit_attrs(c: Candidate) -> dict:
    """The candidate's attributes as the case format takes them for its kind; what the format has no field
    for ("status: proposed" of an acquisition, a price, a linking note) goes into ``note`` as text, so an
    accepted record loads and nothing said is lost."""
    from pydantic import ValidationError

    from kingmaker.model.relation import ATTRS_BY_KIND, Relation

    attrs = dict(c.attrs)
    extra: dict = {}
    model = ATTRS_BY_KIND.get(c.kind)
    top = set(Relation.model_fields) - {"attrs"}
    own = {k: v for k, v in attrs.items() if k not in top}
    for k in [k for k in own if model is None or k not in model.model_fields]:
        extra[k] = attrs.pop(k)
        own.pop(k)
    if model is not None:
        try:
            model.model_validate(own)
        except ValidationError as exc:
            for e in exc.errors():
                k = str(e["loc"][0]) if e.get("loc") else None
                if k in attrs and e["type"] != "missing":
                    extra[k] = attrs.pop(k)
    if extra:
        text = "; ".join(f"{k.replace('_', ' ')}: {v}" for k, v in extra.items())
        attrs["note"] = f"{attrs['note']}; {text}" if attrs.get("note") else text
    return attrs


#: the most of a sentence an actor's ``first_seen`` shows (its offsets give the whole sentence)
FIRST_SEEN_CHARS = 240


def first_seen(sentence: str, name: str) -> str:
    """The part of ``sentence`` around ``name`` that an actor's ``first_seen`` shows: the whole sentence when it is
    short, else up to :data:`FIRST_SEEN_CHARS` characters around the name's first mention, with ``…`` where cut —
    a run of text with no full stop naming thousands of companies gave each of them the whole run (quadratic:
    a 25 kB list took a minute to write).

    >>> first_seen("Die Siemens AG übernimmt die Müller GmbH.", "Müller GmbH")
    'Die Siemens AG übernimmt die Müller GmbH.'
    >>> cut = first_seen("A, " * 200 + "Müller GmbH" + ", B" * 200, "Müller GmbH")
    >>> cut[:7], "Müller GmbH" in cut, len(cut)
    ('…A, A, ', True, 242)
    """
    if len(sentence) <= FIRST_SEEN_CHARS:
        return sentence
    at = max(sentence.find(name), 0)
    start = max(0, min(at - (FIRST_SEEN_CHARS - len(name)) // 2, len(sentence) - FIRST_SEEN_CHARS))
    end = start + FIRST_SEEN_CHARS
    return ("…" if start else "") + sentence[start:end] + ("…" if end < len(sentence) else "")



def to_fragment(ex: Extraction, case_id: str | None = None) -> dict:
    """The extraction as a case-file mapping whose every proposal carries a ``candidate:`` block."""
    doc = ex.document
    stem = slugify((doc.path or "text").rsplit("/", 1)[-1].split(".")[0])
    src = f"src-{stem}"
    frag: dict[str, Any] = {
        HEADER: {"tool": "kingmaker extract", "file": doc.path, "format": doc.format, "language": ex.lang,
                 "sha256": hashlib.sha256(doc.text.encode()).hexdigest(), "text_chars": len(doc.text),
                 "review": HOW_TO},
        "case": {"id": case_id or f"extract-{stem}", "title": f"Candidates from “{doc.title or stem}”", "language": ex.lang},
        "sources": [{"id": src, "title": doc.title or stem, "language": ex.lang,
                     **({"date": ex.date} if ex.date else {}), **({"publisher": doc.author} if doc.author else {})}],
        "evidence": [], "actors": [], "relations": [], "events": [], "claims": [],
    }
    quotes: dict[tuple[int, int], str] = {}

    def evidence(c_quotes) -> list[str]:
        ids = []
        for q in c_quotes:
            if (q.start, q.end) not in quotes:
                quotes[(q.start, q.end)] = f"ev-{len(quotes) + 1}"
                frag["evidence"].append({"id": quotes[(q.start, q.end)], "source": src, "quote": q.text,
                                         "reference": f"characters {q.start}–{q.end} of the extracted text"})
            ids.append(quotes[(q.start, q.end)])
        return ids

    for p in ex.actors:
        rec = {"id": p.id, "kind": p.kind, "name": p.name,
               MARK: {"rule": p.rule, "confidence": p.confidence, "quotes": [{"start": p.quote.start, "end": p.quote.end}],
                      "first_seen": first_seen(p.quote.text, p.name)}}
        if p.staff_of:
            rec["description"] = f"staff of {p.staff_of}"
        frag["actors"].append(rec)
    used: set[str] = set()
    for c in ex.candidates:
        ev = evidence(c.quotes)
        base = slugify(f"{c.kind}-{c.holder or 'x'}-{c.subject or 'x'}")[:80]
        rid, n = base, 2
        while rid in used:
            rid, n = f"{base}-{n}", n + 1
        used.add(rid)
        if c.section == "relations":
            rec = {"id": rid, "kind": c.kind, "holder": c.holder, "subject": c.subject, **_fit_attrs(c), "evidence": ev}
            if c.kind == "offer" and ex.date:
                for acc in rec.get("acceptances", []):
                    acc["at"] = ex.date if acc.get("at") == "unknown" else acc["at"]
            rec[MARK] = _mark(c, ev)
        elif c.section == "events":
            date, needs = c.date or ex.date, []
            if not c.date:
                needs = ["date (not stated in the sentence" + ("; the article's date is given)" if ex.date else ")")]
            rec = {"id": rid, "date": date, "kind": c.kind, "title": c.title or c.kind, "actors": list(c.actors),
                   **({"description": ", ".join(f"{k}: {v}" for k, v in c.attrs.items())} if c.attrs else {}),
                   "evidence": ev, MARK: _mark(c, ev, **({"needs": needs} if needs else {}))}
        else:
            rec = {"id": rid, "kind": c.kind, "author": ex.author, **({"date": c.date} if c.date else {}),
                   "text": c.title or c.quote.text, "about": list(c.actors), "status": "open", "evidence": ev,
                   MARK: _mark(c, ev)}
        frag[c.section].append(rec)
    return frag




NEEDS_DATE = "date: an event is accepted only with its date (YYYY-MM-DD); the text and the article gave none"


def apply_review(doc: dict, decisions: dict[tuple[str, str], str | dict]) -> dict:
    """Apply decisions keyed by (section, id): "accept", "reject", or a dict of edited fields (accepted).

    Records without a decision stay candidates, and so does an accepted event that still has no date (the case format
    needs one: accepting it as it stands would give a file ``kingmaker load`` refuses); its block says so. Evidence and sources nothing refers to any more are
    dropped; the ``candidates:`` section goes once no candidate is left.
    """
    out = {k: v for k, v in doc.items()}
    for section in SECTIONS:
        kept = []
        for rec in out.get(section) or []:
            d = decisions.get((section, str(rec.get("id"))))
            if d == "reject":
                continue
            rec = dict(rec)
            if d is not None:
                mark = rec.pop(MARK, None)
                if isinstance(d, dict):
                    rec.update({k: v for k, v in d.items() if v is not None})
                    for k in [k for k, v in d.items() if v is None]:
                        rec.pop(k, None)
                if section == "events" and not rec.get("date") and mark is not None:
                    rec[MARK] = {**mark, "needs": [NEEDS_DATE]}  # an event loads only with its date: still a candidate
            kept.append(rec)
        out[section] = kept
    refs = {e for s in ("relations", "events", "claims") for r in out[s] for e in r.get("evidence", [])}
    out["evidence"] = [e for e in out.get("evidence") or [] if e["id"] in refs]
    srcs = {e["source"] for e in out["evidence"]}
    out["sources"] = [s for s in out.get("sources") or [] if s["id"] in srcs]
    if not any(MARK in r for s in SECTIONS for r in out[s]):
        out.pop(HEADER, None)
    return {k: v for k, v in out.items() if v != [] or k == "case"}


def accept_all(doc: dict) -> dict:
    """Accept every candidate as proposed (what a reviewer who agrees with everything would do)."""
    return apply_review(doc, {(s, str(r.get("id"))): "accept" for s in SECTIONS for r in doc.get(s) or []})


def dump_yaml(doc: dict) -> str:
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.width = 4096
    yaml.default_flow_style = False
    buf = io.StringIO()
    yaml.dump(doc, buf)
    return buf.getvalue()


def candidates_json(ex: Extraction) -> dict:
    """The ``--json`` shape (docs/extract.md)."""
    return {
        "file": ex.document.path, "format": ex.document.format, "language": ex.lang, "author": ex.author,
        "date": ex.date, "text_chars": len(ex.text), "debris_chars": len(ex.document.debris),
        "candidates": [{"section": c.section, "kind": c.kind, "fact_kind": c.fact_kind, "holder": c.holder,
                        "subject": c.subject, "attributes": c.attrs, "date": c.date, "actors": c.actors,
                        "text": c.title, "quote": c.quote.text, "start": c.quote.start, "end": c.quote.end,
                        "quotes": [{"start": q.start, "end": q.end, "text": q.text} for q in c.quotes],
                        "confidence": c.confidence, "rule": c.rule, "also_rules": c.rules} for c in ex.candidates],
        "new_actors": [{"id": p.id, "kind": p.kind, "name": p.name, "rule": p.rule, "confidence": p.confidence,
                        "quote": p.quote.text, "start": p.quote.start, "end": p.quote.end} for p in ex.actors],
        "linked_actors": linked_actors(ex),
    }


def linked_actors(ex: Extraction) -> dict[str, list[str]]:
    """Known (store) actors the text names, with the surface forms found."""
    out: dict[str, list[str]] = {}
    for m in ex.mentions:
        if m.actor in ex.known_actors:
            forms = out.setdefault(m.actor, [])
            if m.surface not in forms:
                forms.append(m.surface)
    return out


def iter_records(doc: dict) -> Iterable[tuple[str, dict]]:
    for s in SECTIONS:
        for r in doc.get(s) or []:
            if MARK in r:
                yield s, r
