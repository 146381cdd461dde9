"""Every exception Kingmaker raises, in one tree (httpx's ``_exceptions.py`` is the model).

Messages are for people: they name the file, record and field, and suggest a fix. ::

    KingmakerError                 a failure that is not the user's input (exit code 1)
    ├── DivergentBounds            Spark: upper-bound walk sums do not converge
    └── UserError                  bad input from the user (exit code 2)
        ├── InvalidInput           an input file with errors, each a Problem; nothing was written
        │   └── LimitExceeded      an input over one of the limits (depth, size, expansion; docs/limits.md)
        ├── JsonInputError         a JSON / JSON Lines file that cannot be parsed (one Problem)
        ├── InvalidGame            a voting game that cannot be built or computed as asked
        ├── InconsistentShares     certain shares in one subject add up to more than 100 %
        ├── ClosedOwnershipLoop    entities holding 100 % of each other with no outside owner
        ├── NotFound               a named actor, relation or event is not in the store (HTTP 404)
        ├── AmbiguousActor         a name or identifier that several different actors bear (HTTP 400)
        └── Conflict               a write would overwrite something that exists (HTTP 409)

The analysis, io and api packages re-export the ones their users catch.
"""
from __future__ import annotations

from dataclasses import dataclass, field


class KingmakerError(Exception):
    """A failure that is not the user's input (exit code 1)."""

    exit_code = 1


class UserError(KingmakerError):
    """Bad input from the user: a file, an argument, a reference (exit code 2)."""

    exit_code = 2


@dataclass(frozen=True)
class Problem:
    """One problem found in an input: where it is, what is wrong, and how to fix it."""

    file: str
    message: str
    line: int | None = None
    record: str | None = None
    field: str | None = None
    hint: str | None = None
    severity: str = "error"  # "error" rejects the input; "warning" loads it and reports

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line is not None else "")
        parts = [where]
        if self.record:
            parts.append(f"record {self.record}")
        if self.field:
            parts.append(f"field {self.field}")
        text = ": ".join([", ".join(parts), f"{self.severity}: {self.message}"])
        if self.hint:
            text += f" (hint: {self.hint})"
        return text


class InvalidInput(UserError):
    """An input file with one or more errors; nothing from it was written."""

    def __init__(self, problems: list[Problem]):
        self.problems = [p for p in problems]
        errors = [p for p in problems if p.severity == "error"]
        head = f"{len(errors)} error(s) in input; nothing was loaded"
        super().__init__(head + "\n" + "\n".join(str(p) for p in errors))


class LimitExceeded(InvalidInput):
    """An input over one of the limits of :mod:`kingmaker.io.limits` (docs/limits.md): one line naming
    the file (and line), what it does, the limit and the variable that changes it."""

    def __init__(self, file: str, what: str, name: str, value: int, *, line: int | None = None):
        self.limit_name, self.value = name, value
        super().__init__([self.problem(file, what, name, value, line=line)])

    @staticmethod
    def problem(file: str, what: str, name: str, value: int, *, line: int | None = None,
                field: str | None = None) -> Problem:
        """The refusal as a :class:`Problem`, for a reader that collects problems or wraps them."""
        return Problem(str(file), f"{what}, over the limit {name} = {value}", line, field=field,
                       hint=f"set $KINGMAKER_{name.upper()} to change it; see docs/limits.md")


class JsonInputError(UserError):
    """A JSON or JSON Lines input that cannot be parsed; ``problem`` names the file and line."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


class InvalidGame(UserError, ValueError):
    """A game that cannot be built or computed as asked (exit code 2 on the command line)."""


class InconsistentShares(UserError):
    """The certain (lower) shares recorded in one subject add up to more than 100 %."""


class ClosedOwnershipLoop(UserError):
    """A set of entities holds 100 % of each other with no outside owner: integrated ownership
    inside it is an infinite sum. ``loops`` lists the members of each closed loop."""

    def __init__(self, loops: list[list[str]]):
        self.loops = loops
        shown = "; ".join(" ↔ ".join(m) for m in loops[:5])
        super().__init__(
            f"closed ownership loop(s) with no outside owner: {shown} — integrated ownership is undefined "
            "there; `kingmaker ubo` reports such loops as 'no natural person found'"
        )


class NotFound(UserError):
    """A named thing (actor, relation, event) is not in the store: 404."""


class AmbiguousActor(UserError):
    """A name or identifier a user gave for one actor that several different actors bear; ``candidates``
    lists them (``id``, ``kind``, ``name``), for a person or a program to choose the id."""

    def __init__(self, message: str, candidates: list[dict]):
        super().__init__(message)
        self.candidates = candidates


class Conflict(UserError):
    """A write would overwrite something that already exists (another dataset's file): 409."""


class DivergentBounds(KingmakerError):
    """The upper-bound walk sums do not converge (a component whose upper ends do not leak)."""
