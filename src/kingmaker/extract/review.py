"""Interactive review in the terminal: accept, edit or reject each candidate of a fragment."""
from __future__ import annotations

import datetime as dt

from rich.console import Console
from rich.markup import escape
from rich.prompt import Prompt

from kingmaker.extract.fragment import MARK, apply_review, iter_records

EDITABLE = {"actors": ("id", "kind", "name"), "relations": ("holder", "subject"),
            "events": ("date", "kind", "title"), "claims": ("author", "date", "text")}


def _describe(section: str, rec: dict, quotes: dict[str, str]) -> str:
    if section == "actors":
        head = f"new actor [bold]{escape(rec['name'])}[/] ({rec['kind']}, id {rec['id']})"
    elif section == "relations":
        extra = {k: v for k, v in rec.items() if k not in ("id", "kind", "holder", "subject", "evidence", MARK)}
        head = f"{rec['kind']}: [bold]{rec['holder']}[/] → [bold]{rec['subject']}[/] {escape(str(extra))}"
    elif section == "events":
        head = f"event {rec['kind']} on {rec.get('date') or '(no date)'}: {escape(rec['title'])} {rec.get('actors')}"
    else:
        head = f"claim {rec['kind']} by {escape(str(rec['author']))}: {escape(rec['text'][:160])}"
    mark = rec[MARK]
    lines = [head, f"  rule {mark['rule']}, confidence {mark['confidence']}"]
    for ev in rec.get("evidence", [])[:3]:
        lines.append(f"  “{escape(quotes.get(ev, '')[:240])}”")
    if section == "actors":
        lines.append(f"  “{escape(mark.get('first_seen', '')[:240])}”")
    return "\n".join(lines)


def _ask_date(console: Console) -> str | None:
    """The date of an accepted event that has none (YYYY-MM-DD); empty leaves the event a candidate."""
    while True:
        value = Prompt.ask("  the event has no date: date (YYYY-MM-DD), or empty to leave it a candidate", default="",
                           console=console).strip()
        if not value:
            return None
        try:
            return dt.date.fromisoformat(value).isoformat()
        except ValueError:
            console.print(f"  not a date: {escape(value)}")


def review(doc: dict, console: Console | None = None) -> dict:
    """Ask about every candidate; returns the fragment with the decisions applied."""
    console = console or Console()
    quotes = {e["id"]: e.get("quote", "") for e in doc.get("evidence") or []}
    decisions: dict = {}
    records = list(iter_records(doc))
    for n, (section, rec) in enumerate(records, 1):
        console.print(f"\n[dim]{n}/{len(records)}[/] " + _describe(section, rec, quotes))
        choice = Prompt.ask("accept, edit or reject", choices=["a", "e", "r"], default="a", console=console)
        key = (section, str(rec["id"]))
        if choice == "r":
            decisions[key] = "reject"
        elif choice == "a" and section == "events" and not rec.get("date"):
            day = _ask_date(console)  # an event loads only with its date
            decisions[key] = {"date": day} if day else "accept"  # without one it stays a candidate (apply_review)
        elif choice == "a":
            decisions[key] = "accept"
        else:
            edits = {}
            for fieldname in EDITABLE[section]:
                value = Prompt.ask(f"  {fieldname}", default=str(rec.get(fieldname) or ""), console=console)
                if value != str(rec.get(fieldname) or ""):
                    edits[fieldname] = value or None
            decisions[key] = edits
    return apply_review(doc, decisions)
