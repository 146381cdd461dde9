"""Dates, partial dates and validity intervals.

Validity convention (docs/case-format.md): an interval is half-open, ``[valid_from, valid_to)``. The
start day is included; ``valid_to`` is the first day on which the tie no longer holds — the day a
director is removed, a seat given up, a stake sold. ``None`` at either end means open (since ever /
still valid). So a board seat with ``valid_to: 2023-11-17`` is in the snapshot of 16 Nov, not of 17 Nov.
"""
from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, model_validator

Precision = Literal["day", "month", "year"]
_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


def parse_partial_date(value: Any) -> tuple[date, Precision]:
    """Parse ``2023-11-17``, ``2023-11`` or ``2021`` (a datetime is cut to its date).

    Returns the first day of the period and its precision.
    """
    if isinstance(value, datetime):
        return value.date(), "day"
    if isinstance(value, date):
        return value, "day"
    if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999:
        return date(value, 1, 1), "year"
    text = str(value).strip()
    if "T" in text:
        text = text.split("T", 1)[0]
    m = _PARTIAL.match(text)
    if not m:
        raise ValueError(f"{value!r} is not a date; write YYYY-MM-DD (or YYYY-MM, YYYY when only that is known)")
    y, mth, d = m.group(1), m.group(2), m.group(3)
    try:
        if d:
            return date(int(y), int(mth), int(d)), "day"
        if mth:
            return date(int(y), int(mth), 1), "month"
        return date(int(y), 1, 1), "year"
    except ValueError as exc:
        raise ValueError(f"{value!r} is not a valid date ({exc})") from None


def format_partial_date(day: date, precision: Precision) -> str:
    """``day`` written to ``precision``, as :func:`parse_partial_date` reads it back.

    >>> format_partial_date(date(2020, 1, 1), "year"), format_partial_date(date(2020, 6, 1), "month")
    ('2020', '2020-06')
    """
    # not strftime("%Y"): it writes the year 999 as "999", which no reader takes back (a year has four digits)
    return {"year": f"{day.year:04d}", "month": f"{day.year:04d}-{day.month:02d}"}.get(precision, day.isoformat())


_COARSER = {"day": 0, "month": 1, "year": 2}


def empty_validity(valid_from: date | None, valid_to: date | None, from_precision: Precision = "day",
                   to_precision: Precision = "day") -> tuple[str, str] | None:
    """(message, hint) for a validity that holds no day — ``to`` equal to ``from``, the end being exclusive — with
    its dates as the file wrote them; None where it holds some day. A partial date is its period's first day
    (docs/case-format.md), so ``from 2020 to 2020`` is empty too: its hint names the end that gives the whole period.

    >>> empty_validity(date(2020, 1, 1), date(2020, 1, 1), "year", "year")
    ('valid from 2020 to 2020: with the end exclusive, the relation never holds', "'to' is the first day it no longer holds, and 2020 is read as 2020-01-01: for the whole of 2020 write 2021")
    >>> empty_validity(date(2020, 6, 1), date(2020, 7, 1), "month", "month") is None
    True
    >>> empty_validity(date(9999, 12, 1), date(9999, 12, 1), "month", "month")[1][-52:]
    'for the whole of 9999-12 leave it empty (open-ended)'
    """
    if valid_from is None or valid_from != valid_to:
        return None
    shown_from, shown_to = format_partial_date(valid_from, from_precision), format_partial_date(valid_to, to_precision)
    message = f"valid from {shown_from} to {shown_to}: with the end exclusive, the relation never holds"
    period = max(from_precision, to_precision, key=_COARSER.__getitem__)
    if period == "day":
        return message, "'to' is the first day it no longer holds; for a one-day tie write the next day"
    read = f"'to' is the first day it no longer holds, and {shown_to} is read as {valid_to.isoformat()}: "
    whole = format_partial_date(valid_from, period)
    if valid_from.year == date.max.year and (period == "year" or valid_from.month == 12):  # no later period to name
        return message, read + f"for the whole of {whole} leave it empty (open-ended)"
    after = date(valid_from.year + 1, 1, 1) if period == "year" else \
        date(valid_from.year + valid_from.month // 12, valid_from.month % 12 + 1, 1)
    return message, read + f"for the whole of {whole} write {format_partial_date(after, period)}"


class Validity(BaseModel):
    """A half-open validity interval ``[valid_from, valid_to)``; ``None`` ends are open."""

    model_config = ConfigDict(frozen=True)

    valid_from: date | None = None
    valid_to: date | None = None
    from_precision: Precision = "day"
    to_precision: Precision = "day"

    @model_validator(mode="after")
    def _ordered(self) -> "Validity":
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValueError(
                f"validity ends ({self.valid_to}) before it starts ({self.valid_from})"
            )
        return self

    def contains(self, day: date) -> bool:
        """True when the tie holds on ``day``."""
        if self.valid_from is not None and day < self.valid_from:
            return False
        if self.valid_to is not None and day >= self.valid_to:
            return False
        return True

    def __str__(self) -> str:
        a = self.valid_from.isoformat() if self.valid_from else "…"
        b = self.valid_to.isoformat() if self.valid_to else "…"
        return f"[{a}, {b})"
