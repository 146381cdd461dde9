"""Legal forms of organisations, declared once (``legal_forms.yaml`` beside this module); every view of them that
the store and ``kingmaker extract`` use is derived here.

>>> import re
>>> re.sub(LEGAL_SUFFIX, "", "Wolkenwerk GmbH & Co. KG"), re.sub(LEGAL_SUFFIX, "", "OpenAI, Inc.")
('Wolkenwerk', 'OpenAI')
>>> "B.V." in LEGAL_FORM_WORDS, "Company" in LEGAL_FORM_WORDS
(True, False)
>>> bool(re.fullmatch(legal_tail(), " Company"))
True
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml import YAML

DECLARATION = Path(__file__).with_name("legal_forms.yaml")


@dataclass(frozen=True)
class LegalForm:
    spellings: tuple[str, ...]
    where: str = ""
    in_name: bool = False


def read_forms(path: Path = DECLARATION) -> tuple[LegalForm, ...]:
    """The declared forms; a malformed entry names the file and entry."""
    raw = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    out = []
    for i, entry in enumerate(raw["forms"]):
        unknown = set(entry) - {"spellings", "where", "in_name"}
        if unknown:
            raise ValueError(f"{path}: forms[{i}]: unknown field(s) {sorted(unknown)}; known: spellings, where, in_name")
        spellings = entry.get("spellings")
        if not spellings or not all(isinstance(s, str) and s.strip() for s in spellings):
            raise ValueError(f"{path}: forms[{i}].spellings: a list of non-empty strings is required")
        out.append(LegalForm(tuple(spellings), str(entry.get("where", "")), bool(entry.get("in_name", False))))
    return tuple(out)


def _alternation(spellings, space: str) -> str:
    """The spellings as one regex alternation, longest first ("GmbH & Co. KG" before "GmbH", "Oyj" before "Oy"); a
    space in a spelling matches ``space`` any number of times."""
    parts = sorted(set(spellings), key=lambda s: (-len(s), s))
    return "|".join(f"{space}*".join(re.escape(w) for w in s.split(" ")) for s in parts)


FORMS = read_forms()


def legal_form(space: str = r"[ \t]", in_name: bool = False) -> str:
    """One legal form as a regex alternation (with the ``in_name`` words if asked), a space in a spelling matching
    ``space`` any number of times."""
    return _alternation([s for f in FORMS if in_name or not f.in_name for s in f.spellings], space)


def legal_tail(space: str = r"[ \t]") -> str:
    """The legal forms (and ``in_name`` words) that may follow a name in running text, each after an optional comma
    and ``space`` ("Vardex Holdings, Inc.", "Ford Motor Company"); none, one or several."""
    return r"(?:,?" + space + r"+(?:" + legal_form(space, in_name=True) + r"))*"


LEGAL_FORM_WORDS = frozenset(s for f in FORMS if not f.in_name for s in f.spellings if " " not in s)
"""The one-word legal forms as a text writes them: "AG", "GmbH", "Inc.", "B.V.", "Kft."."""
LEGAL_SUFFIX = r"(?:,?\s+(?:" + legal_form(r"\s") + r"))+$"
"""A legal form at the end of an organisation's name ("Wolkenwerk AG", "OpenAI, Inc."): removed, the short name stays
("Wolkenwerk", "OpenAI"). Python and RE2 (DuckDB) read it alike."""
