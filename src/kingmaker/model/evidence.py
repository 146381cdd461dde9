"""Sources and evidence: every fact in Kingmaker points to where it was reported."""
from __future__ import annotations

import datetime as dt
from enum import Enum

from pydantic import BaseModel, ConfigDict, Field

from kingmaker.model.ids import Slug
from kingmaker.model.time import Precision


class Reliability(str, Enum):
    """How far a piece of evidence can be trusted.

    ``primary``: the parties' own text or an official record; ``secondary``: reporting by others;
    ``unconfirmed``: reported but not confirmed, or a figure nobody has stated precisely.
    """

    primary = "primary"
    secondary = "secondary"
    unconfirmed = "unconfirmed"


class Source(BaseModel):
    """A document: article, filing, register extract, decision."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: Slug
    title: str = Field(min_length=1)
    publisher: str | None = None
    url: str | None = None
    date: dt.date | None = Field(default=None, description="publication date (the knowledge time of its evidence)")
    date_precision: Precision = Field(default="day", description="day, month or year: a source dated 2023-11 may "
                                                                 "have appeared on any day of November")
    language: str | None = Field(default=None, description="BCP 47 code, e.g. en, de")


class Evidence(BaseModel):
    """A short quote or a precise reference within a source, with a reliability tag."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: Slug
    source: Slug
    quote: str | None = None
    reference: str | None = Field(default=None, description="page, paragraph, section or timestamp")
    reliability: Reliability = Reliability.secondary
    note: str | None = None
