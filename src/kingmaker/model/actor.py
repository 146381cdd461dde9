"""Actors: persons, companies, nonprofits, funds, states, groups and unknown parties."""
from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from kingmaker.model.ids import Slug
from kingmaker.model.share import Share


class ActorKind(str, Enum):
    person = "person"
    company = "company"
    nonprofit = "nonprofit"
    partnership = "partnership"
    fund = "fund"
    state = "state"
    state_body = "state_body"
    group = "group"
    unknown = "unknown"


class UnspecifiedReason(str, Enum):
    """Why a party is not identified: the BODS 0.4 ``unspecifiedReason`` codelist."""

    noBeneficialOwners = "noBeneficialOwners"
    subjectUnableToConfirmOrIdentifyBeneficialOwner = "subjectUnableToConfirmOrIdentifyBeneficialOwner"
    interestedPartyHasNotProvidedInformation = "interestedPartyHasNotProvidedInformation"
    subjectExemptFromDisclosure = "subjectExemptFromDisclosure"
    interestedPartyExemptFromDisclosure = "interestedPartyExemptFromDisclosure"
    unknown = "unknown"
    informationUnknownToPublisher = "informationUnknownToPublisher"


class Name(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(min_length=1)
    lang: str | None = None
    type: str | None = Field(default=None, description="legal, trading, alias, transliteration, …")


class Turnout(BaseModel):
    """The share of all votes that was cast at a general meeting (``at`` its date), or typically is
    (no date). A holder of a minority of all votes may hold a majority — or a blocking minority — of
    the votes actually cast (CMA2 ch. 4; Commission Consolidated Jurisdictional Notice, de facto
    majorities). Written ``turnout: 62`` or ``turnout: [{at: 2024-05-02, share: 58, evidence: [e1]}]``.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    at: dt.date | None = Field(default=None, description="the meeting's date; none: a typical turnout")
    share: Share = Field(description="percent of all votes cast at the meeting (0–100)")
    evidence: tuple[Slug, ...] = ()
    note: str | None = None

    @field_validator("share", mode="before")
    @classmethod
    def _share(cls, v: Any) -> Any:
        try:
            return Share.parse(v)
        except (ValueError, ValidationError) as exc:
            msg = exc.errors()[0]["msg"] if isinstance(exc, ValidationError) else str(exc)
            raise ValueError("a turnout is a percentage of all votes, 0–100: " + msg.removeprefix("Value error, ")) from None


ORGANISATION_KINDS = frozenset({"company", "nonprofit", "partnership", "fund", "state_body"})


class Actor(BaseModel):
    """A party to control ties. ``names[0]`` is the display name.

    A *group* (e.g. a company's staff) has a ``size``; an *unknown* actor keeps its BODS
    ``unspecified_reason`` code and, word for word, any free-text ``unspecified_description``.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: Slug
    kind: ActorKind
    names: tuple[Name, ...] = Field(min_length=1)
    identifiers: dict[str, str] = Field(default_factory=dict, description="scheme → value, e.g. LEI, GB-COH")
    jurisdiction: str | None = None
    size: int | None = Field(default=None, ge=0, description="members of a group, e.g. 770 staff")
    size_approximate: bool = False
    unspecified_reason: UnspecifiedReason | None = None
    unspecified_description: str | None = None
    description: str | None = None
    origin: Slug | None = Field(default=None, description="a group's origin: the organisation its members came from")
    board_size: int | None = Field(default=None, ge=1, description="the number of voting seats on the board, as stated")
    turnout: tuple[Turnout, ...] = Field(default=(), description="share of the votes cast at general meetings")
    extra: dict = Field(default_factory=dict, description="source-format details kept verbatim")

    @field_validator("turnout", mode="before")
    @classmethod
    def _turnout(cls, v: Any) -> Any:
        if v is None:
            return ()
        if isinstance(v, (list, tuple)):
            return tuple(x if isinstance(x, (dict, Turnout)) else {"share": x} for x in v)
        return ({"share": v},)

    @model_validator(mode="after")
    def _kind_rules(self) -> "Actor":
        if self.size is not None and self.kind is not ActorKind.group:
            raise ValueError(f"only a group has a size (this actor is a {self.kind.value})")
        if self.unspecified_reason is not None and self.kind is not ActorKind.unknown:
            raise ValueError("only an unknown actor has an unspecified_reason")
        if self.origin is not None and self.kind is not ActorKind.group:
            raise ValueError(f"only a group has an origin (this actor is a {self.kind.value})")
        if self.origin is not None and self.origin == self.id:
            raise ValueError("a group cannot originate from itself")
        for name in ("board_size", "turnout"):
            if getattr(self, name) and self.kind.value not in ORGANISATION_KINDS:
                raise ValueError(f"only an organisation has a {name} (this actor is a {self.kind.value})")
        return self

    @property
    def name(self) -> str:
        return self.names[0].name

    @property
    def is_natural_person(self) -> bool:
        return self.kind is ActorKind.person

    def name_in(self, lang: str) -> str:
        for n in self.names:
            if n.lang == lang:
                return n.name
        return self.name
