"""What :func:`kingmaker.analysis.structure.controlled_directly` keeps with a snapshot (issue 19: assessing a
company's holders walked the same controlled groups again and again) is that snapshot's own: a snapshot
derived with other ties, or the timeline's view on another date, walks its own ties."""
from datetime import date

from kingmaker.analysis.structure import controlled_group, family
from kingmaker.model import Relation
from kingmaker.model.examples import small_group
from kingmaker.model.snapshot import Timeline


def test_a_derived_snapshot_does_not_reuse_the_groups_of_the_one_it_came_from():
    snap = small_group()
    assert controlled_group(snap, "alice") == ["alice", "holdco"]
    without = snap.with_relations([r for r in snap.relations if r.holder != "alice"])
    assert controlled_group(without, "alice") == ["alice"]
    assert controlled_group(snap, "alice") == ["alice", "holdco"]  # the first one's answer is unchanged


def test_each_date_of_a_timeline_walks_the_ties_of_that_date():
    snap = small_group()
    ended = [r if r.holder != "alice" else Relation.model_validate(
        {**r.model_dump(), "validity": {**r.model_dump()["validity"], "valid_to": date(2020, 1, 1)}})
        for r in snap.relations]
    timeline = Timeline(snap.actors.values(), ended)
    before, after = timeline.on(date(2019, 6, 30)), timeline.on(date(2021, 6, 30))
    assert controlled_group(before, "alice") == ["alice", "holdco"]
    assert controlled_group(after, "alice") == ["alice"]
    assert family(after, "holdco") == ["holdco"]
