"""Language detection restricted to German and English (lingua; its models ship in the wheel)."""
from __future__ import annotations

from functools import lru_cache

from kingmaker.errors import UserError

SUPPORTED = ("de", "en")


@lru_cache(maxsize=1)
def _detector():
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(Language.GERMAN, Language.ENGLISH).build()


def detect_language(text: str) -> str:
    """``"de"`` or ``"en"`` for ``text`` (English when there is nothing to go by)."""
    found = _detector().detect_language_of(text[:5000]) if text.strip() else None
    return "de" if found is not None and found.name == "GERMAN" else "en"


def resolve_language(choice: str, text: str) -> str:
    """Apply ``--lang auto|de|en``."""
    if choice == "auto":
        return detect_language(text)
    if choice not in SUPPORTED:
        raise UserError(f"--lang {choice!r}: use auto, de or en")
    return choice
