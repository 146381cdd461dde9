"""Corporate structure on a snapshot: who controls whom through majority holdings or decisive influence,
and the *family* of an organisation (its top controller and everything that controller controls)."""
from __future__ import annotations

from kingmaker.model import Relation, RelationKind
from kingmaker.model.kinds import CONTROL_KINDS  # shareholding, voting_rights, other_influence
from kingmaker.model.snapshot import Snapshot



def is_controlling(r: Relation) -> bool:
    """A tie that by itself gives control: decisive influence, or more than 50 % for certain."""
    if r.kind is RelationKind.other_influence:
        return bool(getattr(r.attrs, "decisive", False))
    if r.kind in (RelationKind.shareholding, RelationKind.voting_rights):
        return r.share is not None and r.share.low > 50
    return False


def controlled_group(snap: Snapshot, root: str, stop: frozenset[str] = frozenset()) -> list[str]:
    """``root`` and every entity it controls, directly or down a chain of controlling ties
    (not entering ``stop``).

    >>> from kingmaker.model.examples import small_group
    >>> snap = small_group()   # alice 60 % of holdco, holdco 50 % of target, bob 50 % of target
    >>> controlled_group(snap, "alice")   # 60 % of holdco; holdco's 50 % of target is no majority
    ['alice', 'holdco']
    """
    group, seen, frontier = [root], {root}, [root]
    while frontier:
        holder = frontier.pop()
        for r in sorted(snap.ties_out(holder, *CONTROL_KINDS), key=lambda r: r.id):
            if is_controlling(r) and r.subject not in seen and r.subject not in stop:
                group.append(r.subject)
                seen.add(r.subject)
                frontier.append(r.subject)
    return group


def top_controller(snap: Snapshot, actor: str, stop: frozenset[str] = frozenset()) -> str:
    """Walk up controlling ties to the entity nobody controls (stops on a cycle, at a person, and
    before entering ``stop``).

    >>> from kingmaker.model.examples import small_group
    >>> snap = small_group()   # alice 60 % of holdco, holdco 50 % of target, bob 50 % of target
    >>> top_controller(snap, "holdco")   # alice is a person: holdco is the top entity
    'holdco'
    """
    seen = {actor}
    current = actor
    while True:
        parents = sorted(r.holder for r in snap.ties_in(current, *CONTROL_KINDS)
                         if is_controlling(r) and snap.actors.get(r.holder) is not None
                         and snap.actor(r.holder).kind.value != "person" and r.holder not in stop)
        if not parents or parents[0] in seen:
            return current
        current = parents[0]
        seen.add(current)


def family(snap: Snapshot, actor: str, outsider: str | None = None) -> list[str]:
    """The organisation ``actor`` belongs to: its top controller first, then all it controls.

    With ``outsider``, that actor is kept outside the family even if it controls it — so that a
    majority holder can be assessed as the one who holds control over the organisation.

    >>> from kingmaker.model.examples import small_group
    >>> snap = small_group()   # alice 60 % of holdco, holdco 50 % of target, bob 50 % of target
    >>> family(snap, "target")   # nobody holds a majority of target
    ['target']
    """
    stop = frozenset({outsider}) if outsider else frozenset()
    return controlled_group(snap, top_controller(snap, actor, stop), stop)


def senior_managing_officials(snap: Snapshot, subject: str) -> list[tuple[str, str, str]]:
    """Officers (natural persons) of ``subject`` and of its top controller: who is reported as beneficial
    owner when no natural person owns or controls the entity — Directive (EU) 2015/849 art. 3(6)(a)(ii),
    kept in the AML Regulation (EU) 2024/1624. Returns (person, role, entity) triples."""
    entities = list(dict.fromkeys([subject, top_controller(snap, subject)]))
    out = []
    for e in entities:
        for r in snap.officers(e):
            a = snap.actors.get(r.holder)
            if a is not None and a.is_natural_person:
                out.append((r.holder, ("interim " if r.interim else "") + r.role, e))
    return out


class Organisation:
    """``target``'s organisation on one snapshot, worked out once for every outside holder assessed against
    it: the family (:func:`family`), its board and the holders of votes in its top entity
    (:meth:`cached`). A holder's ties into it are read from the holder's own (:meth:`ties_from`), not by
    scanning every tie into the organisation — which made assessing every holder of a widely held company quadratic (issue 19).

    :meth:`for_holder` gives the organisation as seen against one holder: the same one unless that holder
    is inside the family, whose family then excludes it (``family(snap, target, outsider=holder)``). Outside
    the family the two are equal: every entity on the walk up to the top controller is in the family, so
    keeping an outsider out changes neither the walk nor what the top controls.

    >>> from kingmaker.model.examples import small_group
    >>> org = Organisation(small_group(), "target")
    >>> org.members, [r.id for r in org.ties_from({"bob"})]
    (('target',), ['bob-target'])
    """

    def __init__(self, snap: Snapshot, target: str, outsider: str | None = None):
        self.snap, self.target, self.outsider = snap, target, outsider
        self.members = tuple(family(snap, target, outsider))
        self.member_set = frozenset(self.members)
        self.top = self.members[0]
        self._place = {m: i for i, m in enumerate(self.members)}
        self._outsiders: dict[str, Organisation] = {}
        self._cache: dict[str, object] = {}

    def for_holder(self, holder: str) -> "Organisation":
        """The organisation with ``holder`` kept outside it (see the class docstring)."""
        if holder not in self.member_set or holder == self.outsider:
            return self
        if holder not in self._outsiders:
            self._outsiders[holder] = Organisation(self.snap, self.target, holder)
        return self._outsiders[holder]

    def ties_from(self, holders) -> list[Relation]:
        """The ties into the members held by any of ``holders``, in the order ``[r for m in members for r in
        snap.ties_in(m) if r.holder in holders]`` gives them."""
        return [r for _, r in self.placed_ties_from(holders)]

    def placed_ties_from(self, holders) -> list[tuple[int, Relation]]:
        """:meth:`ties_from` with the index of the member each tie goes into. Read from the holders' own
        ties: a snapshot lists the ties into an actor in relation-id order, so (member, id) is that order."""
        place = self._place
        found = [(place[r.subject], r) for h in set(holders) for r in self.snap.ties_out(h) if r.subject in place]
        found.sort(key=lambda x: (x[0], x[1].id))
        return found

    def cached(self, key: str, make):
        """A value worked out once per organisation (``make()`` the first time)."""
        if key not in self._cache:
            self._cache[key] = make()
        return self._cache[key]
