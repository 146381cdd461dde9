"""Corporate structure on a snapshot: who controls whom through majority holdings or decisive influence,
the *family* of an organisation (its top controller and everything that controller controls), its senior
managing officials, and its accounting consolidation parents (GLEIF Level 2)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

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
        for subject in controlled_directly(snap, holder):
            if subject not in seen and subject not in stop:
                group.append(subject)
                seen.add(subject)
                frontier.append(subject)
    return group


def controlled_directly(snap: Snapshot, holder: str) -> tuple[str, ...]:
    """The subjects of ``holder``'s controlling ties (:func:`is_controlling`), in relation-id order — what
    :func:`controlled_group` walks. Worked out once per snapshot and holder and kept with the snapshot (it is
    immutable): assessing the holders of one company walks the same controlled groups again and again — at
    10^5 edges the 30 first assessments of the API bench looked up ~950,000 holders' controlling ties for
    ~2,000 distinct holders (issue 19).

    >>> from kingmaker.model.examples import small_group
    >>> controlled_directly(small_group(), "alice")   # 60 % of holdco
    ('holdco',)
    """
    memo = snap.__dict__.get("_controlled_directly")
    if memo is None:  # (a frozen dataclass: its fields cannot change, a memo beside them can)
        memo = snap.__dict__.setdefault("_controlled_directly", {})
    found = memo.get(holder)
    if found is None:
        found = memo[holder] = tuple(r.subject for r in sorted(snap.ties_out(holder, *CONTROL_KINDS), key=lambda r: r.id)
                                     if is_controlling(r))
    return found


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


def ties_besides_owners(snap: Snapshot, subject: str, kind: str = "shareholding") -> list[Relation]:
    """Ties held over ``subject`` that are not the ``kind`` an owners answer integrates (shareholding or
    voting_rights) but of the ownership or control family (``relation_kinds.yaml``): economic interests,
    consolidation, votes, appointment and veto rights, general-partner control … — what to show when no
    owner is recorded, so an empty answer says what is there instead. Officers are left out (they run the
    entity, they do not hold it). Largest share first.

    >>> from kingmaker.model.examples import small_group
    >>> ties_besides_owners(small_group(), "target")
    []
    """
    from kingmaker.model.kinds import KINDS

    skip = {RelationKind(kind), RelationKind.officer, RelationKind.absence}
    found = [r for r in snap.ties_in(subject) if r.kind not in skip
             and KINDS[r.kind].family in ("ownership", "control")]
    def size(r: Relation) -> float:
        ends = [] if r.share is None else [e for e in (r.share.upper, r.share.lower) if e is not None]
        return float(ends[0]) if ends else 0.0

    return sorted(found, key=lambda r: (-size(r), r.kind.value, r.holder))


def senior_managing_officials(snap: Snapshot, subject: str) -> list[tuple[str, str, bool, str]]:
    """Officers (natural persons) of ``subject`` and of its top controller: who is reported as beneficial
    owner when no natural person owns or controls the entity — Directive (EU) 2015/849 art. 3(6)(a)(ii),
    kept in the AML Regulation (EU) 2024/1624. Returns (person, role, interim, entity) tuples; the role in words
    is the report layer's (:func:`kingmaker.report.fmt.role`)."""
    entities = list(dict.fromkeys([subject, top_controller(snap, subject)]))
    out = []
    for e in entities:
        for r in snap.officers(e):
            a = snap.actors.get(r.holder)
            if a is not None and a.is_natural_person:
                out.append((r.holder, r.role, bool(r.interim), e))
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

    def __init__(self, snap: Snapshot, target: str, outsider: str | None = None,
                 members: tuple[str, ...] | None = None):
        """``members``: the family when it is already known — from another date with the same controlling
        ties (:func:`is_controlling`), which is all the family depends on."""
        self.snap, self.target, self.outsider = snap, target, outsider
        self.members = tuple(members) if members is not None else tuple(family(snap, target, outsider))
        self.member_set = frozenset(self.members)
        self.top = self.members[0]
        self._place = {m: i for i, m in enumerate(self.members)}
        self._outsiders: dict[str, Organisation] = {}
        self._cache: dict[str, object] = {}
        self._placed: dict[frozenset, list[tuple[int, Relation]]] = {}  # placed_ties_from, by holders
        self._groups: dict[str, list[str]] = {}  # holder_group, by holder

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
        key = frozenset(holders)
        found = self._placed.get(key)
        if found is None:  # the same holders' ties are asked for by features, leverage and its reverse channels
            place = self._place
            found = [(place[r.subject], r) for h in key for r in self.snap.ties_out(h) if r.subject in place]
            found.sort(key=lambda x: (x[0], x[1].id))
            self._placed[key] = found
        return list(found)

    def holder_group(self, holder: str) -> list[str]:
        """``controlled_group(snap, holder, members)``: the holder and what it controls outside the
        organisation — its side, worked out once per holder (features and leverage both ask)."""
        group = self._groups.get(holder)
        if group is None:
            group = self._groups[holder] = controlled_group(self.snap, holder, self.member_set)
        return list(group)

    def cached(self, key: str, make):
        """A value worked out once per organisation (``make()`` the first time)."""
        if key not in self._cache:
            self._cache[key] = make()
        return self._cache[key]


@dataclass(frozen=True)
class AccountingParent:
    """One accounting consolidation parent of a subject (GLEIF Level 2, RR-CDF 2.1: ``IS_DIRECTLY_CONSOLIDATED_BY``
    / ``IS_ULTIMATELY_CONSOLIDATED_BY``), or the reporting exception that says why none is reported (RepEx:
    ``NATURAL_PERSONS``, ``NON_CONSOLIDATING``, ``NO_KNOWN_PERSON``, ``NON_PUBLIC`` …). A consolidation parent
    is the entity whose consolidated accounts include the subject's — not a share, so not an owner."""

    level: str  # direct / ultimate
    actor: str
    name: str
    relation: str
    since: date | None = None
    until: date | None = None
    status: str | None = None  # GLEIF RelationshipStatus (ACTIVE …) or "reporting exception"
    accounting_standard: str | None = None  # IFRS, US_GAAP, OTHER_ACCOUNTING_STANDARD
    share: str | None = None  # the ACCOUNTING_CONSOLIDATION quantifier, where stated
    #: reporting exception: the reasons as the source gives them (GLEIF ExceptionReason codes, or the BODS
    #: unspecifiedReason of an unknown party), its description and references; empty for a reported parent
    exception_reasons: tuple[str, ...] = ()
    exception_description: str | None = None
    #: the relationship record's registration status (GLEIF: PUBLISHED, LAPSED …) and the parent's LEI
    #: registration status (ISSUED, LAPSED, RETIRED …) where its Level 1 record is loaded
    registration_status: str | None = None
    lei_status: str | None = None

    @property
    def reported(self) -> bool:
        return not self.exception_reasons

    def registration_flags(self) -> list[str]:
        """What the registration statuses say when they are not the current ones (PUBLISHED, ISSUED)."""
        return [x for x in (
            f"relationship record {self.registration_status}"
            if self.registration_status and self.registration_status != "PUBLISHED" else None,
            f"parent's LEI {self.lei_status}" if self.lei_status and self.lei_status != "ISSUED" else None) if x]

    def to_dict(self) -> dict:
        d = {"level": self.level, "actor": self.actor, "name": self.name, "relation": self.relation,
             "since": self.since.isoformat() if self.since else None,
             "until": self.until.isoformat() if self.until else None, "status": self.status,
             "accounting_standard": self.accounting_standard, "share": self.share, "reported": self.reported,
             "registration_status": self.registration_status, "lei_status": self.lei_status}
        if not self.reported:
            d["exception"] = {"reasons": list(self.exception_reasons), "description": self.exception_description}
        return d

    def __str__(self) -> str:
        if not self.reported:
            return (f"{self.level} accounting parent not reported — {', '.join(self.exception_reasons)}"
                    + (f" ({self.exception_description})" if self.exception_description else ""))
        extra = [x for x in (self.share, self.accounting_standard,
                             f"since {self.since.isoformat()}" if self.since else None,
                             f"until {self.until.isoformat()}" if self.until else None,
                             self.status, *self.registration_flags()) if x]
        return (f"{self.level} accounting parent: {self.name} ({self.actor})"
                + (f" — {', '.join(extra)}" if extra else ""))


@dataclass
class AccountingParents:
    """A subject's direct and ultimate accounting consolidation parents on a snapshot's date."""

    subject: str
    direct: list[AccountingParent] = field(default_factory=list)
    ultimate: list[AccountingParent] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.direct or self.ultimate or self.notes)

    def __iter__(self):
        return iter(self.direct + self.ultimate)

    def to_dict(self) -> dict:
        return {"subject": self.subject, "direct": [p.to_dict() for p in self.direct],
                "ultimate": [p.to_dict() for p in self.ultimate], "notes": self.notes}


def accounting_parents(snap: Snapshot, subject: str) -> AccountingParents:
    """The direct and ultimate accounting consolidation parents of ``subject`` stated on the snapshot's date
    (``consolidation`` ties into it, as the GLEIF reader makes them from Level 2 relationship records, and the
    reporting exceptions it makes into ties from an unidentified party), with notes where the data say less:
    a relationship GLEIF marks ``INACTIVE`` is not counted; a level with neither a parent nor an exception is
    "not stated", and where the direct parent itself states an ultimate parent that is named as a lead.
    GLEIF Level 2 data: https://www.gleif.org/en/lei-data/access-and-use-lei-data/level-2-data-who-owns-whom
    (an entity reports its accounting consolidation parents as defined by IFRS 10 / US GAAP, or an exception).

    >>> from kingmaker.model import Actor, Relation
    >>> snap = Snapshot.build(date(2024, 1, 1), [Actor(id="p", kind="company", names=[{"name": "Parent plc"}]),
    ...     Actor(id="s", kind="company", names=[{"name": "Sub Ltd"}])],
    ...     [Relation(id="r", kind="consolidation", holder="p", subject="s", attrs={"level": "direct"})])
    >>> [str(p) for p in accounting_parents(snap, "s")]
    ['direct accounting parent: Parent plc (p)']
    """
    out = AccountingParents(subject)
    for r in sorted(snap.ties_in(subject, RelationKind.consolidation), key=lambda r: r.id):
        holder = snap.actors.get(r.holder)
        level = getattr(r.attrs, "level", None) or "direct"
        status = gleif_code(getattr(r.attrs, "status", None))
        if status == "INACTIVE":
            out.notes.append(f"{level} consolidation by {snap.name(r.holder)} ({r.holder}) is marked INACTIVE by "
                             f"the source ({r.id}); not counted")
            continue
        reasons: tuple[str, ...] = ()
        description = None
        if holder is not None and holder.kind.value == "unknown":
            stated = (holder.extra.get("gleif") or {}).get("ExceptionReason") or []
            reasons = tuple(stated) or ((holder.unspecified_reason.value,) if holder.unspecified_reason
                                        else ("no reason given",))
            description = holder.unspecified_description
        parent = AccountingParent(
            level, r.holder, snap.name(r.holder), r.id, r.validity.valid_from, r.validity.valid_to, status,
            getattr(r.attrs, "accounting_standard", None), str(r.share) if r.share is not None else None,
            reasons, description, gleif_code(getattr(r.attrs, "registration_status", None)), lei_registration(holder))
        (out.ultimate if level == "ultimate" else out.direct).append(parent)
    if out.direct and not out.ultimate:
        leads = [(p, q) for p in out.direct if p.reported
                 for q in accounting_parents(snap, p.actor).ultimate if p.actor != subject]
        out.notes.append("ultimate accounting parent not stated" + "".join(
            f"; the direct parent {p.name} states {'its ultimate parent ' + q.name if q.reported else 'no ultimate parent: ' + ', '.join(q.exception_reasons)}"
            for p, q in leads))
    elif out.ultimate and not out.direct:
        out.notes.append("direct accounting parent not stated")
    own = snap.actors.get(subject)
    status = lei_registration(own)
    if status and status != "ISSUED":
        out.notes.insert(0, f"LEI {own.identifiers.get('LEI')} of {own.name}: registration {status} in GLEIF"
                         + LEI_STATUS_MEANING.get(status, ""))
    return out


#: what a GLEIF LEI RegistrationStatus other than ISSUED means for the data (GLEIF, "LEI Common Data File format
#: 3.1", RegistrationStatus: https://www.gleif.org/en/about-lei/common-data-file-format/current-versions)
LEI_STATUS_MEANING = {
    "LAPSED": " (not renewed by its next renewal date: its reference data and parents may be out of date)",
    "RETIRED": " (the entity has ceased operation: the LEI is no longer maintained)",
    "MERGED": " (the entity has been merged into another legal entity: the LEI is no longer maintained)",
    "DUPLICATE": " (a duplicate registration of an entity that has another LEI)",
    "ANNULLED": " (marked as erroneous or invalid after it was issued)",
}


def lei_registration(actor) -> str | None:
    """An actor's LEI RegistrationStatus as its GLEIF Level 1 record gives it (ISSUED, LAPSED, RETIRED …),
    or ``None`` where no such record was loaded."""
    if actor is None:
        return None
    return gleif_code((actor.extra.get("gleif") or {}).get("Registration.RegistrationStatus"))


def gleif_code(value) -> str | None:
    """A GLEIF code word (RelationshipStatus, RegistrationStatus) as GLEIF publishes it — upper case, no
    surrounding space — or ``None`` for none: a file edited by hand or written by another tool may say
    ``' lapsed'``, which is the same status (not a current ``PUBLISHED``/``ISSUED``, not an ``INACTIVE`` missed).

    >>> gleif_code(" lapsed "), gleif_code(""), gleif_code(None)
    ('LAPSED', None, None)
    """
    return (value.strip().upper() or None) if isinstance(value, str) else None


def officials_in_place(snap: Snapshot, report) -> list[dict]:
    """The senior managing officials a beneficial-ownership answer reports in place of an owner: when no
    natural person owns or controls ``report``'s subject and its rule set says so (EU AMLR does; the UK PSC
    and US CTA rule sets do not, :data:`kingmaker.analysis.ownership.rules.RULES`), the officers
    :func:`senior_managing_officials` finds, as ``{"person", "name", "role", "interim", "of"}`` — what ``kingmaker ubo``
    and the API's ``/ubo`` give."""
    if not (report.no_natural_person and report.rule.officials_fallback):
        return []
    return [{"person": p, "name": snap.name(p), "role": role, "interim": interim, "of": e}
            for p, role, interim, e in senior_managing_officials(snap, report.subject)]
