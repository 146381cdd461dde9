"""Dated events (appointments, removals, threats, offers, …) and claims (predictions, assertions)."""
from __future__ import annotations

import datetime as dt
from enum import Enum

from pydantic import BaseModel, ConfigDict, Field

from kingmaker.model.ids import Slug
from kingmaker.model.time import Precision


class EventKind(str, Enum):
    appointment = "appointment"
    removal = "removal"
    resignation = "resignation"
    threat = "threat"
    offer = "offer"
    announcement = "announcement"
    agreement = "agreement"
    decision = "decision"
    investment = "investment"
    other = "other"


class VoteRecord(BaseModel):
    """How the members of a body voted on the event's decision (actor ids)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    body: Slug = Field(description="the actor whose board or meeting voted")
    yes: tuple[Slug, ...] = ()
    no: tuple[Slug, ...] = ()
    abstain: tuple[Slug, ...] = ()
    absent: tuple[Slug, ...] = ()


class Event(BaseModel):
    """Something that happened on a date. ``opens``/``closes`` name the relations it starts and ends;
    the loader sets those relations' validity from the event's date (docs/case-format.md)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: Slug
    date: dt.date
    date_precision: Precision = "day"
    kind: EventKind
    title: str = Field(min_length=1)
    description: str | None = None
    actors: tuple[Slug, ...] = ()
    opens: tuple[Slug, ...] = ()
    closes: tuple[Slug, ...] = ()
    evidence: tuple[Slug, ...] = ()
    vote: VoteRecord | None = None


class ClaimStatus(str, Enum):
    open = "open"
    confirmed = "confirmed"
    partly_confirmed = "partly_confirmed"
    refuted = "refuted"


class Claim(BaseModel):
    """A statement someone made that is not (yet) a fact: a prediction, an assessment, an allegation."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: Slug
    kind: str = Field(default="prediction", description="prediction, assessment, allegation, …")
    author: str = Field(min_length=1, description="actor id or a name")
    date: dt.date | None = None
    text: str = Field(min_length=1)
    about: tuple[Slug, ...] = ()
    outcome: str | None = None
    status: ClaimStatus = ClaimStatus.open
    evidence: tuple[Slug, ...] = ()
    outcome_evidence: tuple[Slug, ...] = ()
