"""``kingmaker demo``: load the flagship case and tell the story of OpenAI's control ties in Nov 2023."""

import sys
from typing import Annotated

import typer

from kingmaker.cli.common import DbOption, JsonOption, console, emit_json, open_store, parse_as_of

FLAGSHIP_DATES = ["2023-11-16", "2023-11-20", "2023-11-22", "2023-11-30"]


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)


def demo(
    db: DbOption = None,
    dates: Annotated[list[str], typer.Option("--date", help="Dates to compare (repeatable).")] = FLAGSHIP_DATES,
    json: JsonOption = False,
) -> None:
    """Load the flagship OpenAI 2023 case and print its control ties on four dates, and what changed."""
    from dataclasses import asdict

    from kingmaker.data import FLAGSHIP_CASE, LIBRARY_DIR
    from kingmaker.report.account import account_for, changes, render_account

    days = [parse_as_of(d) for d in dates]
    with open_store(db, write=True) as km:
        # the flagship first, then the case library (real AI partnerships) so the explorer can list them
        report = km.load(FLAGSHIP_CASE, *sorted(LIBRARY_DIR.glob("*.yaml")))
        snaps = [km.snapshot(d) for d in days]
        accounts = [account_for(s, "openai-inc") for s in snaps]
        diffs = changes(accounts, snaps, km.store.events())
        if json:
            emit_json({"store": str(km.path), "accounts": [{**asdict(a), "relation_ids": sorted(a.relation_ids)}
                                                          for a in accounts],
                       "changes": [asdict(c) for c in diffs]})
            return
        status = report.results[0].status
        console.print(f"Flagship case {status} into {km.path}\n")
        text = render_account(accounts, diffs, "OpenAI's control ties, November 2023")
        if console.is_terminal:
            from rich.markdown import Markdown

            console.print(Markdown(text))
        else:
            sys.stdout.write(text + "\n")
        _flagship_assessment(km)


def _flagship_assessment(km) -> None:
    """The verdicts on 16 Nov 2023 (text) and the full HTML report with the replay."""
    from kingmaker.report.assessment import render_html, render_text
    from kingmaker.assess.service import assess_snapshot, fill_since
    from kingmaker.scenario.replay import replay

    snap = km.snapshot(parse_as_of("2023-11-16"))
    names = {a.id: a.name for a in snap.actors.values()}
    result = assess_snapshot(snap, "openai-global-llc", ["microsoft"])
    fill_since(result, km.store.relations(), km.snapshot)
    sys.stdout.write("\n" + render_text(result, names, "en"))
    steps = replay(km.snapshot, km.store.events(), "openai-global-llc", ["microsoft"])
    out = km.path.parent / "reports" / "openai-2023-assessment.html"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_html(result, names, "en", steps), encoding="utf-8")
    sys.stdout.write(f"\nHTML report (with the replay 2019–2025): {out}\n")
    sys.stdout.write("German report: kingmaker assess openai-global-llc --holder microsoft --as-of 2023-11-16 --lang de\n")
    sys.stdout.write(f"Explore it in the browser: kingmaker serve --db {km.path}  "
                     "then open http://127.0.0.1:8765/#openai-inc@2023-11-16\n")
    sys.stdout.write("The case library (ten real AI partnerships, verdicts beside the authorities'): "
                     "docs/case-library.md; the explorer lists them on its start page\n")
