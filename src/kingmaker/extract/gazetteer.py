"""The organisations `kingmaker extract` knows without a store: a gazetteer shipped as data.

Two files in ``kingmaker/data/gazetteer/`` (no downloads at run time):

* ``organisations.yaml`` — hand-curated: AI labs and their backers, the large technology groups, the
  DAX 40, competition authorities and courts, with aliases in both languages, tickers, country, what each
  organisation is (``types``, for epithets such as "der US-Softwareriese") and epithets that name exactly
  one organisation ("the iPhone maker", "der Konzern aus Redmond");
* ``sp500.csv`` — the S&P 500 constituents (github.com/datasets/s-and-p-500-companies, ODC PDDL 1.0).

A curated entry replaces an S&P row with the same ticker or name. S&P names that are also everyday words
in German or English ("Visa", "Ball", "Target") are left out by a reviewed list in organisations.yaml
(``sp500_exclude_names``), and a ticker only counts as an alias when it has three or more capitals and is
not on ``sp500_exclude_tickers`` (words such as COST, and tickers too short to be safe).

>>> from kingmaker.extract.gazetteer import organisations
>>> next(o for o in organisations() if o.id == "microsoft").country
'US'
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from kingmaker.model.ids import slugify

_SHARE_CLASS = re.compile(r"\s*\((?:Class|Series) [A-Z]\)$")
@dataclass(frozen=True)
class Organisation:
    id: str
    name: str
    kind: str = "company"
    aliases: tuple[str, ...] = ()
    country: str | None = None
    types: tuple[str, ...] = ()
    epithets: dict[str, tuple[str, ...]] = field(default_factory=dict)
    authority: bool = False
    since: int | None = None  # "from" in the file: the year it began under this identity
    until: int | None = None
    source: str = "curated"
    bare: bool = True  # the name without its legal form may be matched alone


def _data(name: str) -> str:
    return resources.files("kingmaker.data").joinpath("gazetteer", name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def organisations() -> tuple[Organisation, ...]:
    """Every gazetteer organisation (curated first, then the S&P 500 rows they do not replace)."""
    from ruamel.yaml import YAML

    doc = YAML(typ="safe").load(_data("organisations.yaml"))
    out: list[Organisation] = []
    fields = {"id", "name", "kind", "aliases", "country", "types", "epithets", "authority", "from", "until", "bare"}
    for rec in doc["organisations"]:
        odd = set(rec) - fields
        if odd or not isinstance(rec.get("name"), str):
            raise ValueError(f"gazetteer organisations.yaml, {rec.get('id')}: unknown fields {sorted(map(str, odd))} "
                             "(a name with a comma must be quoted)")
        out.append(Organisation(
            rec["id"], rec["name"], rec.get("kind", "company"), tuple(rec.get("aliases") or ()), rec.get("country"),
            tuple(rec.get("types") or ()), {k: tuple(v) for k, v in (rec.get("epithets") or {}).items()},
            bool(rec.get("authority")), rec.get("from"), rec.get("until"), "curated", rec.get("bare", True)))
    taken = {n for o in out for n in (o.name, *o.aliases)}
    skip_names, skip_tickers = set(doc["sp500_exclude_names"]), set(doc["sp500_exclude_tickers"])
    ids = {o.id for o in out}
    from kingmaker.extract.actors import LEGAL_SUFFIX

    for row in csv.DictReader(_data("sp500.csv").splitlines()):
        name = _SHARE_CLASS.sub("", row["Name"]).strip()
        short = re.sub(LEGAL_SUFFIX, "", name).strip() or name
        ticker = row["Symbol"]
        if name in taken or short in taken or ticker in taken:
            continue
        if short in skip_names or name in skip_names:
            continue
        oid = slugify(short)
        if oid in ids:
            continue
        aliases = [short] if short != name else []
        if len(ticker) >= 3 and ticker.isalpha() and ticker.isupper() and ticker not in skip_tickers:
            aliases.append(ticker)
        out.append(Organisation(oid, name, "company", tuple(aliases), "US", (), {}, False, None, None, "S&P 500"))
        taken.update([name, short, *aliases])
        ids.add(oid)
    return tuple(out)
