"""``kingmaker power``: voting power of a weighted game, a multi-layer game file, or a board.

    kingmaker power --quota 12 4 4 4 2 2 1 --names FR,DE,IT,BE,NL,LU --exact
    kingmaker power --game council.yaml --index banzhaf
    kingmaker power --board openai-inc --as-of 2023-11-16 --yes sutskever,dangelo,mccauley,toner

Game file (YAML or JSON; docs/voting.md).  One of three shapes:

    players: [A, B, C]            # optional names, in weight order
    weights: [50, 30, 20]         # a weighted game ...
    quota: "50%"                  # ... with the quota rule of kingmaker.analysis.voting
    strict: false

    players: [...]
    layers:                       # a coalition must win every layer ...
      - {weights: [...], quota: "55%"}
      - {weights: [...], quota: "65%"}
    sufficient:                   # ... or any one of these (optional)
      - {weights: [...], quota: 24}

    players: [A, B, C]
    minimal_winning: [[A, B], [A, C]]   # a simple game by its minimal winning coalitions
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from kingmaker.analysis.voting.results import INDICES
from kingmaker.cli import common
from kingmaker.errors import InvalidGame, InvalidInput, Problem, UserError

if TYPE_CHECKING:
    from kingmaker.analysis.voting import Game, PowerResult


def register(app: typer.Typer) -> None:
    app.command("power")(power)


def power(
    weights: Annotated[Optional[list[str]], typer.Argument(help="Player weights (integers, decimals or p/q).")] = None,
    quota: Annotated[Optional[str], typer.Option("--quota", "-q", help='Quota: absolute (12), share ("62%", 2/3) or "majority".')] = None,
    names: Annotated[Optional[str], typer.Option("--names", help="Comma-separated player names.")] = None,
    index: Annotated[str, typer.Option("--index", help="all|" + "|".join(INDICES) + " (comma-separated for several).")] = "all",
    exact: Annotated[bool, typer.Option("--exact", help="Exact fractions (strings like 421/2145 in JSON).")] = False,
    strict: Annotated[bool, typer.Option("--strict", help="Win with weight > quota instead of >=.")] = False,
    method: Annotated[str, typer.Option("--method", help="auto|exact|leech|owen|monte-carlo (weighted games).")] = "auto",
    game_file: Annotated[Optional[Path], typer.Option("--game", help="YAML/JSON game file (multi-layer or simple game).")] = None,
    board: Annotated[Optional[str], typer.Option("--board", help="Actor id whose board to analyse (from the store).")] = None,
    yes: Annotated[Optional[str], typer.Option("--yes", help="Comma-separated yes-voters: explain who was critical.")] = None,
    vote_event: Annotated[Optional[str], typer.Option("--vote", help="Event id with a recorded vote to explain (with --board); default: the recorded vote on this board nearest the date, within 7 days.")] = None,
    as_of: common.AsOfOption = None,
    lang: Annotated[str, typer.Option("--lang", help="Language of the explanations: en or de.")] = "en",
    db: common.DbOption = None,
    json_out: common.JsonOption = False,
) -> None:
    """Voting power indices (Banzhaf, Shapley–Shubik, Coleman, Holler, Deegan–Packel, Johnston) and pivots."""
    from kingmaker.analysis.voting import WeightedGame

    chosen = sum(x is not None for x in (game_file, board)) + bool(weights)
    if chosen != 1:
        raise UserError("give weights with --quota, or --game FILE, or --board ACTOR_ID (exactly one)")
    indices = [x for x in index.split(",") if x.strip()]
    extra: dict = {}
    recorded = None
    if board is not None:
        km = common.open_store(db)
        try:
            game, extra = _board(km, board, as_of)
            if yes is None:
                recorded = km.recorded_vote(board, common.parse_as_of(as_of), vote_event)
        finally:
            km.close()
        if recorded is not None:
            extra["recorded_vote"] = recorded.to_dict()
    elif game_file is not None:
        game = load_game_file(game_file)
    else:
        if quota is None:
            raise UserError("--quota is required with weights, e.g. --quota 12 or --quota 62%")
        game = WeightedGame(weights, quota, names=_split(names) if names else None, strict=strict)
    if isinstance(game, WeightedGame):
        result = game.power(indices, exact=exact, method=method)
    else:
        result = game.power(indices, exact=exact)
    vote = game.analyse_vote(_split(yes)) if yes else None
    from kingmaker.report import fmt
    from kingmaker.report.vote import explain as explain_vote
    from kingmaker.report.vote import explain_recorded

    if json_out:
        payload = result.to_dict(exact=exact)
        payload["rule"] = game.describe()
        payload.update(extra)
        if vote is not None:
            payload["vote"] = vote.to_dict()
        elif recorded is not None:  # analysed on the board that cast it, not on the board of --as-of
            payload["vote"] = recorded.analysis.to_dict()
            payload["vote"]["explanation"] = explain_recorded(recorded, lang)
        common.emit_json(payload)
        return
    _print(game, result, exact, extra, lang)
    if recorded is not None:
        common.console.print()
        common.console.print(f"{_WORDS[fmt.lang_of(lang)][4]}: {fmt.event_title(recorded.event, lang)} ({fmt.day(recorded.event.date, lang)}, "
                             f"{recorded.event.id})", highlight=False)
        for line in explain_recorded(recorded, lang):
            common.console.print("  " + line, highlight=False)
    elif vote is not None:
        common.console.print()
        for line in explain_vote(vote, lang):
            common.console.print(line, highlight=False)
    elif board is not None:
        _print_swings(game)


def _split(text: str) -> list[str]:
    return [x.strip() for x in text.split(",") if x.strip()]


def load_game_file(path: Path) -> Game:
    """Read a game file (format in the module docstring)."""
    from kingmaker.io.yaml_input import read_yaml

    from kingmaker.analysis.voting import MultiWeightedGame, SimpleGame, WeightedGame

    if not Path(path).exists():
        raise UserError(f"{path}: no such file")
    data = read_yaml(path)  # JSON takes the JSON parser; depth, size and alias expansion bounded
    if not isinstance(data, dict):
        raise InvalidInput([Problem(str(path), "expected a mapping with 'weights'/'quota', 'layers' or "
                                    "'minimal_winning'", 1, "game")])
    names = data.get("players")
    for key, what in _GAME_LISTS:
        value = data.get(key)
        if (key in data and key != "players" or value is not None) and not isinstance(value, list):
            shown = "null" if value is None else type(value).__name__
            raise InvalidInput([_game_problem(path, data, f"{key} must be a list of {what}, not {shown}")])
    try:
        if "minimal_winning" in data:
            return SimpleGame(names, data["minimal_winning"])
        if "layers" in data:
            return MultiWeightedGame(data["layers"], data.get("sufficient", ()), names=names)
        if "weights" in data and "quota" in data:
            return WeightedGame(data["weights"], data["quota"], names=names, strict=bool(data.get("strict", False)))
    except InvalidGame as exc:
        raise InvalidInput([_game_problem(path, data, str(exc))]) from None
    except (KeyError, TypeError) as exc:
        raise InvalidInput([_game_problem(path, data, f"malformed game ({exc})")]) from None
    missing = "quota" if "weights" in data else "weights" if "quota" in data else None
    raise InvalidInput([Problem(str(path), "expected 'weights' and 'quota', 'layers', or 'minimal_winning'",
                                1, "game", missing)])


#: the parts of a game file that are lists, and what they list (said when one is not a list)
_GAME_LISTS = (("weights", "numbers"), ("layers", "{weights, quota} mappings"), ("minimal_winning", "winning coalitions"),
               ("players", "names"))

#: which part of a game file a message about it is about, by the words it uses (when it quotes no value)
_GAME_PARTS = (("quota", "quota"), ("weight", "weights"), ("layer", "layers"), ("coalition", "minimal_winning"),
               ("simple game", "minimal_winning"), ("rule", "minimal_winning"), ("name", "players"),
               ("player", "players"))


def _game_problem(path: Path, data: dict, message: str) -> Problem:
    from kingmaker.io.yaml_input import located_problem

    problem = located_problem(path, data, message, record="game", parts=_GAME_PARTS)
    return problem if problem.line is not None else Problem(problem.file, message, 1, "game", problem.field)


def _board(store, subject: str, as_of: str | None) -> tuple[Game, dict]:
    from kingmaker.analysis.voting import board_game

    if hasattr(store, "actor"):  # an id, identifier or name; unknown: an error with suggestions
        subject = store.actor(subject).id
    when = common.parse_as_of(as_of)
    snap = store.snapshot(as_of=when)
    seats = []
    for seat in snap.board(subject):
        actor = snap.actor(seat.holder)
        seats.append((getattr(actor, "name", None) or seat.holder, seat.role, bool(seat.voting)))
    if not seats:
        raise UserError(f"no board seats for {subject!r}" + (f" on {when}" if when else ""))
    try:
        game = board_game(seats)
    except InvalidGame as exc:
        raise UserError(f"board of {subject}: {exc}") from None
    return game, {"board": subject, "board_name": snap.name(subject), "as_of": when.isoformat() if when else None, "seats": [{"name": n, "role": r, "voting": v} for n, r, v in seats]}


_COLUMNS = [
    ("weight", "weight"),
    ("swings", "swings"),
    ("banzhaf", "Banzhaf"),
    ("banzhaf_absolute", "Banzhaf abs."),
    ("shapley_shubik", "Shapley–Shubik"),
    ("coleman_prevent", "Coleman prevent"),
    ("coleman_initiate", "Coleman initiate"),
    ("holler", "Holler"),
    ("deegan_packel", "Deegan–Packel"),
    ("johnston", "Johnston"),
]


_WORDS = {"en": ("Board of {board}", " on {day}", "Rule", "player", "Recorded vote"),
          "de": ("Gremium von {board}", " am {day}", "Regel", "Mitglied", "Erfasste Abstimmung")}


def _print(game: Game, result: PowerResult, exact: bool, extra: dict, lang: str = "en") -> None:
    from rich.table import Table

    from kingmaker.report import fmt
    from kingmaker.report.vote import rule_text

    con = common.console
    board, on, rule, player, _ = _WORDS[fmt.lang_of(lang)]
    if extra.get("board"):
        con.print(board.format(board=extra["board_name"]) + (on.format(day=fmt.day(extra["as_of"], lang))
                                                            if extra.get("as_of") else ""), highlight=False)
    con.print(f"{rule}: {rule_text(game.describe(), lang)}", highlight=False)
    table = Table(show_edge=False)
    table.add_column(player)
    shown = [(k, label) for k, label in _COLUMNS if any(getattr(p, k) is not None for p in result.players)]
    for _, label in shown:
        table.add_column(label, justify="right")
    for p in result.players:
        table.add_row(p.name, *[_cell(getattr(p, k), exact, lang) for k, _ in shown])
    con.print(table)
    line = f"method: {result.method}; " + ("exact" if result.exact else "floats")
    if result.error_bound:
        line += "; error bounds: " + ", ".join(f"{k} ±{v:.2g}" for k, v in result.error_bound.items())
        if result.confidence:
            line += f" (confidence {result.confidence:.0%})"
    con.print(line, highlight=False)


def _cell(v, exact: bool, lang: str = "en") -> str:
    if v is None:
        return "—"
    if isinstance(v, int):
        return str(v)
    from fractions import Fraction

    if isinstance(v, Fraction):
        if exact:
            return str(v.numerator) if v.denominator == 1 else f"{v.numerator}/{v.denominator}"
        v = float(v)
    from kingmaker.report import fmt

    text = f"{v:.4f}"
    return text.replace(".", ",") if fmt.lang_of(lang) == "de" else text


def _print_swings(game: Game) -> None:
    con = common.console
    con.print("\nWho can swing a vote (smallest coalitions each player turns from losing to winning):")
    for name in game.names:
        rep = game.swing_coalitions(name, limit=1)
        with_whom = ", ".join(rep.smallest[0]) if rep.smallest else "—"
        con.print(f"  {name}: {rep.count} swing coalitions; smallest: {{{with_whom}}}", highlight=False)
