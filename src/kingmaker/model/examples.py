"""A small, made-up group to show the analyses on, as networkx ships small graphs for its docs.

``alice`` (a person) holds 60 % of ``holdco``, which holds 50 % of ``target``; ``bob`` holds the other
50 % of ``target``; ``cloudco`` supplies all of ``target``'s compute under an exclusive contract.

>>> snap = small_group()
>>> sorted(snap.actors)
['alice', 'bob', 'cloudco', 'holdco', 'target']
"""
from __future__ import annotations

from datetime import date

from kingmaker.model.actor import Actor, Name
from kingmaker.model.relation import Relation
from kingmaker.model.share import Share
from kingmaker.model.snapshot import Snapshot


def small_group(as_of: date = date(2024, 1, 1)) -> Snapshot:
    """The example group above, on ``as_of``."""
    kinds = {"alice": "person", "bob": "person", "holdco": "company", "target": "company", "cloudco": "company"}
    actors = [Actor(id=a, kind=k, names=(Name(name=a.title()),)) for a, k in kinds.items()]
    relations = [
        Relation(id="alice-holdco", kind="shareholding", holder="alice", subject="holdco", share=Share.parse("60")),
        Relation(id="holdco-target", kind="shareholding", holder="holdco", subject="target", share=Share.parse("50")),
        Relation(id="bob-target", kind="shareholding", holder="bob", subject="target", share=Share.parse("50")),
        Relation(id="cloudco-compute", kind="supply", holder="cloudco", subject="target",
                 attrs={"resource": "compute", "exclusive": True}),
    ]
    return Snapshot.build(as_of, actors, relations)
