"""Actors: persons, companies, nonprofits, funds, states, groups and unknown parties."""
from __future__ import annotations

from enum import Enum

from pydantic import BaseModel, ConfigDict, Field, model_validator

from kingmaker.model.ids import Slug


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
    extra: dict = Field(default_factory=dict, description="source-format details kept verbatim")

    @model_validator(mode="after")
    def _kind_rules(self) -> "Actor":
        if self.size is not None and self.kind is not ActorKind.group:
            raise ValueError(f"only a group has a size (this actor is a {self.kind.value})")
        if self.unspecified_reason is not None and self.kind is not ActorKind.unknown:
            raise ValueError("only an unknown actor has an unspecified_reason")
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
