"""The typed model: actors, relations, shares, evidence, events, time."""
from kingmaker.model.actor import Actor, ActorKind, Name, UnspecifiedReason
from kingmaker.model.case import Case, CaseInfo
from kingmaker.model.designation import Designation
from kingmaker.model.event import Claim, ClaimStatus, Event, EventKind
from kingmaker.model.evidence import Evidence, Reliability, Source
from kingmaker.model.quantity import Estimate
from kingmaker.model.relation import ATTRS_BY_KIND, Relation, RelationKind
from kingmaker.model.share import Share
from kingmaker.model.time import Validity, parse_partial_date

__all__ = [
    "Actor", "ActorKind", "Name", "UnspecifiedReason", "Case", "CaseInfo", "Designation", "Claim", "ClaimStatus", "Event",
    "EventKind", "Evidence", "Reliability", "Source", "Estimate", "ATTRS_BY_KIND", "Relation", "RelationKind",
    "Share", "Validity", "parse_partial_date",
]
