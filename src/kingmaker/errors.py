"""Exception types. Messages are for people: they name the file, record and field, and suggest a fix."""
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
