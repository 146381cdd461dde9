"""A recorded board vote, analysed against the board that cast it.

The board that voted is the one seated *when the vote was cast*: the seats valid on the event's date,
less the seats the event itself opens (a director it appoints did not vote on the appointment), plus
the seats it closes (a director it removes was still on the board when the board voted). Analysing the
vote against the board of some later date — after the removals it decided — turns a 4–2 decision of
six directors into a unanimous 4–0 of four, and hides who was pivotal.

Every director of that board is in exactly one of: for, against, abstained, absent. Under a rule that
counts the whole board ("a majority of the voting directors"), abstentions and absences weigh like
votes against; :func:`analyse_recorded_vote` reports them separately so the reader sees which it was.

>>> from datetime import date
>>> from kingmaker.model import Event, Relation
>>> seats = [Relation(id=f"{p}-seat", kind="board_seat", holder=p, subject="acme",
...                   attrs={"role": "director"}, validity={"valid_to": end})
...          for p, end in (("ann", None), ("ben", None), ("cat", date(2024, 5, 2)))]
>>> event = Event(id="vote", date=date(2024, 5, 2), kind="removal", title="Cat removed",
...               closes=("cat-seat",), vote={"body": "acme", "yes": ("ann", "ben"), "no": ("cat",)})
>>> rv = analyse_recorded_vote(seats, event, {"ann": "Ann", "ben": "Ben", "cat": "Cat"})
>>> rv.board, rv.analysis.passed, rv.analysis.critical
(['Ann', 'Ben', 'Cat'], True, ('Ann', 'Ben'))
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Iterable, Mapping

from kingmaker.analysis.voting.pivots import VoteAnalysis
from kingmaker.analysis.voting.simple import SimpleGame, board_game
from kingmaker.model import Event, Relation

_SEAT_ORDER = {"chair": 0, "vice_chair": 1, "director": 2, "observer": 3}


def seats_when_cast(seats: Iterable[Relation], event: Event) -> list[Relation]:
    """The board seats (of the vote's body, any dates) held when ``event``'s vote was cast."""
    before = event.date - timedelta(days=1)
    held = []
    for s in seats:
        if s.id in event.opens:
            continue
        if s.valid_on(event.date) or (s.id in event.closes and s.valid_on(before)):
            held.append(s)
    return held


@dataclass(frozen=True)
class RecordedVote:
    """A recorded vote and its analysis on the board that cast it (names, not ids)."""

    event: Event
    seats: list[Relation]
    board: list[str]                       # voting directors when the vote was cast
    roles: dict[str, str]                  # name -> seat role
    game: SimpleGame
    analysis: VoteAnalysis
    yes: list[str]
    no: list[str]
    abstain: list[str]
    absent: list[str]
    not_recorded: list[str] = field(default_factory=list)   # on the board, but in no list of the record
    not_on_board: list[str] = field(default_factory=list)   # in the record, but holding no voting seat

    def to_dict(self) -> dict:
        return {"event": self.event.id, "date": self.event.date.isoformat(), "title": self.event.title,
                "board": self.board, "roles": self.roles, "rule": self.game.describe(),
                "yes": self.yes, "no": self.no, "abstain": self.abstain, "absent": self.absent,
                "not_recorded": self.not_recorded, "not_on_board": self.not_on_board,
                "passed": self.analysis.passed, "critical": list(self.analysis.critical)}


def analyse_recorded_vote(seats: Iterable[Relation], event: Event, names: Mapping[str, str]) -> RecordedVote:
    """Analyse ``event``'s recorded vote on the board seated when it was cast (``seats``: the body's
    board seats of any date; ``names``: actor id → name). Raises :class:`InvalidGame` when that board
    has no voting seat."""
    name = lambda a: names.get(a, a)  # noqa: E731
    held = sorted(seats_when_cast(seats, event), key=lambda s: (_SEAT_ORDER.get(s.role, 9), name(s.holder)))
    game = board_game([(name(s.holder), s.role, bool(s.voting)) for s in held])
    voters = {s.holder for s in held if s.voting and s.role != "observer"}
    vote = event.vote
    recorded = set(vote.yes) | set(vote.no) | set(vote.abstain) | set(vote.absent)
    analysis = game.analyse_vote([name(a) for a in vote.yes if a in voters])
    return RecordedVote(
        event=event, seats=held, board=list(game.names), roles={name(s.holder): s.role for s in held},
        game=game, analysis=analysis,
        yes=[name(a) for a in vote.yes], no=[name(a) for a in vote.no],
        abstain=[name(a) for a in vote.abstain], absent=[name(a) for a in vote.absent],
        not_recorded=[name(a) for a in sorted(voters - recorded, key=name)],
        not_on_board=[name(a) for a in sorted(recorded - voters, key=name)])
