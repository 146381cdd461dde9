"""Shares that cannot all hold: a subject whose recorded holdings add up to more than 100 %.

Only the *certain* part counts — the lower ends of the shares — and an exclusive lower end ("more than
50 %") makes a total of exactly 100 % impossible too: two holders of "(50 %, 75 %]" each cannot both be
right. Indirect interests (BODS ``directOrIndirect: indirect``) are a holder's share *through* the
direct holders already counted, so they are left out; a joint holding registered against each of its
members (UK PSC natures of control "…-as-firm", "…-as-trust", Companies Act 2006 Sch. 1A paras. 5–6)
counts once.

The check itself runs where the data are: the ownership graph finds such subjects for the answers it gives
(:func:`kingmaker.analysis.ownership.graph.build_graph` widens them), and ``load`` and ``validate`` ask the
store (:meth:`kingmaker.store.Store.share_overflows`, one SQL sweep per subject and kind). This module keeps
the rule both share: which holdings are one joint holding.

>>> from kingmaker.model import Relation, Share
>>> firm = [Relation(id=f"r{i}", kind="shareholding", holder=h, subject="x", share=Share.parse("(50, 75]"),
...                  interest_type="ownership-of-shares-50-to-75-percent-as-firm", attrs={}) for i, h in enumerate("ab")]
>>> joint_key(firm[0]) == joint_key(firm[1]) is not None
True
"""
from __future__ import annotations

from kingmaker.model.relation import Relation

#: interest codes whose holding is registered against each member of a firm or trust, and is one holding
JOINT_CODES = ("-as-firm", "-as-trust")


def joint_key(r: Relation) -> str | None:
    """The key under which holdings registered against each member of a firm or trust are one holding."""
    return joint_key_of(r.subject, r.kind.value, r.interest_type, str(r.share), r.valid_from, r.valid_to)


def joint_key_of(subject: str, kind: str, code: str | None, share: str, valid_from, valid_to) -> str | None:
    code = code or ""
    if any(mark in code for mark in JOINT_CODES):
        return f"{subject}|{kind}|{code}|{share}|{valid_from}|{valid_to}"
    return None
