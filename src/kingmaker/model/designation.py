"""Designations: an actor listed on a sanctions or export-control list, over a period, with evidence.

A designation is a fact like a relation: time-aware (``listed_from`` inclusive, ``listed_to`` the first
day it no longer holds, as in :mod:`kingmaker.model.time`) and evidenced. ``list`` names the register,
declared once in ``designation_lists.yaml`` beside this module — ``ofac-sdn``, ``eu-consolidated``,
``uk-sanctions-list``, ``bis-entity-list``, ``bis-meu-list`` — or a user's own, written ``own:NAME``.

>>> from datetime import date
>>> d = Designation(id="d1", actor="x", list="ofac-sdn", listed_from=date(2022, 4, 6))
>>> d.valid_on(date(2022, 4, 5)), d.valid_on(date(2022, 4, 6))
(False, True)
>>> check_list("ofac-sdm")
Traceback (most recent call last):
...
kingmaker.errors.UserError: unknown list 'ofac-sdm'; known: bis-entity-list, bis-meu-list, eu-consolidated, ofac-sdn, uk-sanctions-list, or a list of your own written own:NAME (did you mean 'ofac-sdn'?)
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, model_validator
from ruamel.yaml import YAML

from kingmaker.errors import KingmakerError, UserError
from kingmaker.model.ids import Slug

DECLARATION = Path(__file__).with_name("designation_lists.yaml")
OWN_PREFIX = "own:"  # a user's own list: own:<name>


class Designation(BaseModel):
    """``actor`` is on ``list`` from ``listed_from`` until the day before ``listed_to``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: Slug
    actor: Slug
    list: str = Field(min_length=1, pattern=r"^[a-z0-9][a-z0-9._:-]*$",
                      description="ofac-sdn, eu-consolidated, uk-sanctions-list, bis-entity-list, bis-meu-list "
                                  "or own:NAME")
    listed_from: date | None = None
    listed_to: date | None = Field(default=None, description="first day no longer listed (exclusive)")
    program: str | None = Field(default=None, description="sanctions program or regime, e.g. RUSSIA-EO14024")
    evidence: tuple[Slug, ...] = ()
    note: str | None = None

    @model_validator(mode="after")
    def _ordered(self) -> "Designation":
        if self.listed_from and self.listed_to and self.listed_to < self.listed_from:
            raise ValueError(f"listed_to ({self.listed_to}) is before listed_from ({self.listed_from})")
        return self

    def valid_on(self, day: date) -> bool:
        return (self.listed_from is None or self.listed_from <= day) and (self.listed_to is None or day < self.listed_to)


@dataclass(frozen=True)
class ListInfo:
    """A register of designations (a sanctions or export-control list)."""

    id: str
    title: str
    authority: str
    ftm_authorities: tuple[str, ...] = ()
    opensanctions_datasets: tuple[str, ...] = ()


@cache
def _lists() -> dict[str, ListInfo]:
    try:
        doc = YAML(typ="safe").load(DECLARATION.read_text(encoding="utf-8"))
        return {k: ListInfo(k, v["title"], v["authority"], tuple(a.lower() for a in v.get("ftm_authorities") or ()),
                            tuple(v.get("opensanctions_datasets") or ())) for k, v in doc["lists"].items()}
    except (OSError, KeyError, TypeError, AttributeError) as exc:
        raise KingmakerError(f"{DECLARATION}: malformed list declaration ({exc!r})") from None


def known_lists() -> dict[str, ListInfo]:
    """Every declared list, by id (a user's own lists are ``own:NAME`` and need no declaration)."""
    return dict(_lists())


def check_list(name: str) -> str:
    """``name`` if it is a declared list or a user's own (``own:NAME``); a clear error otherwise."""
    known = _lists()
    if name in known or (name.startswith(OWN_PREFIX) and len(name) > len(OWN_PREFIX)):
        return name
    close = difflib.get_close_matches(name, list(known), n=1)
    raise UserError(f"unknown list {name!r}; known: {', '.join(sorted(known))}, or a list of your own "
                    f"written {OWN_PREFIX}NAME" + (f" (did you mean {close[0]!r}?)" if close else ""))


def list_for_authority(authority: str) -> str | None:
    """The declared list whose authority matches a FollowTheMoney ``Sanction.authority`` text."""
    low = authority.strip().lower()
    for info in _lists().values():
        if low in info.ftm_authorities or any(len(a) > 4 and a in low for a in info.ftm_authorities):
            return info.id
    return None


def list_for_dataset(dataset: str) -> str | None:
    """The declared list an OpenSanctions dataset name stands for (``us_ofac_sdn`` → ``ofac-sdn``)."""
    return next((i.id for i in _lists().values() if dataset in i.opensanctions_datasets), None)
