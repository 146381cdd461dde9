"""Language detection restricted to German and English (lingua; its models ship in the wheel)."""
from __future__ import annotations

from functools import lru_cache

from kingmaker.errors import UserError

SUPPORTED = ("de", "en")
OTHERS = ("FRENCH", "SPANISH", "ITALIAN", "DUTCH", "PORTUGUESE", "POLISH", "SWEDISH", "DANISH")
"""Languages told apart from German and English so that an article in one of them gets a clear refusal
instead of an empty or wrong extraction."""


@lru_cache(maxsize=1)
def _detector():
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(Language.GERMAN, Language.ENGLISH).build()


@lru_cache(maxsize=1)
def _wide_detector():
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(
        Language.GERMAN, Language.ENGLISH, *(getattr(Language, n) for n in OTHERS)).build()


def detect_language(text: str) -> str:
    """``"de"`` or ``"en"`` for ``text`` (English when there is nothing to go by)."""
    found = _detector().detect_language_of(text[:5000]) if text.strip() else None
    return "de" if found is not None and found.name == "GERMAN" else "en"


def other_language(text: str) -> str | None:
    """The name of the language ``text`` is written in when it is clearly neither German nor English
    (``"French"``), else ``None``.

    >>> other_language("Le groupe a racheté la société pour deux milliards d'euros, selon le communiqué.")
    'French'
    """
    sample = text[:5000]
    if len(sample.split()) < 8:
        return None
    found = _wide_detector().detect_language_of(sample)
    if found is None or found.name in ("GERMAN", "ENGLISH"):
        return None
    return found.name.capitalize()


def resolve_language(choice: str, text: str, where: str = "the text") -> str:
    """Apply ``--lang auto|de|en``; with ``auto`` an article in another language is refused with a message
    (``--lang de`` or ``--lang en`` reads it anyway)."""
    if choice == "auto":
        other = other_language(text)
        if other is not None:
            raise UserError(f"{where}: looks {other}; kingmaker extract reads German and English only "
                            "(--lang de or --lang en reads it anyway)")
        return detect_language(text)
    if choice not in SUPPORTED:
        raise UserError(f"--lang {choice!r}: use auto, de or en")
    return choice
