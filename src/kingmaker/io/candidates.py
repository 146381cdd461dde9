"""The marks an extraction fragment carries until a person has reviewed it, and the guard that refuses it.

``kingmaker extract`` (:mod:`kingmaker.extract.fragment`) writes proposals as a case file with a top-level
``candidates:`` section and a ``candidate:`` block on every proposed record; the case reader calls
:func:`assert_no_candidates` so that such a file loads only once a person has accepted or rejected every
proposal. This lives in ``io`` (below ``extract``) so that reading a case never imports the extractor.

>>> assert_no_candidates({"actors": [{"id": "acme"}]}, "case.yaml")   # reviewed: nothing to say
"""
from __future__ import annotations

from typing import Any

from kingmaker.errors import InvalidInput, Problem

MARK = "candidate"
HEADER = "candidates"
SECTIONS = ("actors", "relations", "events", "claims")


def is_fragment(doc: Any) -> bool:
    return isinstance(doc, dict) and (HEADER in doc or any(
        isinstance(r, dict) and MARK in r for s in SECTIONS for r in (doc.get(s) or [])))


def _line(node: Any, key: Any = None) -> int | None:
    try:
        return (node.lc.key(key)[0] if key is not None else node.lc.line) + 1
    except (AttributeError, KeyError, TypeError):
        return None


def assert_no_candidates(doc: Any, path: str) -> None:
    """Raise :class:`InvalidInput` if ``doc`` (a parsed case file) still holds unreviewed candidates."""
    if not isinstance(doc, dict):
        return
    hint = "review it with `kingmaker extract --review`, or accept records by deleting their `candidate:` blocks"
    problems = []
    if HEADER in doc:
        problems.append(Problem(path, "this is an extraction fragment with unreviewed candidates "
                                "(a top-level 'candidates:' section)", _line(doc, HEADER), None, HEADER, hint))
    for section in SECTIONS:
        for i, rec in enumerate(doc.get(section) or []):
            if isinstance(rec, dict) and MARK in rec:
                problems.append(Problem(path, f"{section[:-1]} is an unreviewed candidate", _line(rec, MARK),
                                        str(rec.get("id", f"{section}[{i}]")), MARK, hint))
    if problems:
        raise InvalidInput(problems)
