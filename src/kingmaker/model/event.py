"""Dated events (appointments, removals, threats, offers, …) and claims (predictions, assertions)."""
from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

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
    the loader sets those relations' validity from the event's date (docs/case-format.md).

    A title may be given in several languages, ``title: {en: "…", de: "…"}``: ``title`` is then the one in
    the event's ``language`` (the case's; else the first given) and :meth:`title_in` picks a reader's.

    >>> e = Event(id="e1", date="2023-11-17", kind="removal", language="en",
    ...           title={"en": "Altman removed", "de": "Altman abberufen"})
    >>> e.title, e.title_in("de"), e.title_in("fr")
    ('Altman removed', 'Altman abberufen', 'Altman removed [en]')
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: Slug
    date: dt.date
    date_precision: Precision = "day"
    kind: EventKind
    title: str = Field(min_length=1, description="the title in the event's language")
    titles: dict[str, str] = Field(default_factory=dict, description="language code (BCP 47) → title")
    language: str | None = Field(default=None, description="the language of ``title`` (BCP 47), the case's")
    description: str | None = None
    actors: tuple[Slug, ...] = ()
    opens: tuple[Slug, ...] = ()
    closes: tuple[Slug, ...] = ()
    evidence: tuple[Slug, ...] = ()
    vote: VoteRecord | None = None

    @model_validator(mode="before")
    @classmethod
    def _titles(cls, data: Any) -> Any:
        """``title: {en: …, de: …}`` → ``title`` in the event's language, ``titles`` all of them."""
        if isinstance(data, dict) and isinstance(data.get("title"), dict):
            given = {str(k): v for k, v in data["title"].items()}
            if not given or not all(isinstance(v, str) and v.strip() for v in given.values()):
                raise ValueError("title: give one text per language, e.g. {en: \"…\", de: \"…\"}")
            lang = data.get("language") if data.get("language") in given else next(iter(given))
            data = {**data, "title": given[lang], "titles": {**data.get("titles", {}), **given}, "language": lang}
        return data

    def title_in(self, lang: str) -> str:
        """The title for a reader of ``lang``: its translation, else the original marked with its
        language (``… [en]``) so that the reader sees it was not translated."""
        if lang in self.titles:
            return self.titles[lang]
        if self.language in (None, lang):
            return self.title
        return f"{self.title} [{self.language}]"


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
