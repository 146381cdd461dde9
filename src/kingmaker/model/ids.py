"""Identifiers: stable slugs for actors, relations, events, sources and evidence."""
from __future__ import annotations

import re
import unicodedata
from typing import Annotated

from pydantic import StringConstraints

SLUG_PATTERN = r"^[a-z0-9][a-z0-9._:-]*$"
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, min_length=1, max_length=200)]


_NAME_TOKEN = re.compile(r"[^\W_]+")
NAME_TOKEN_SQL = r"[\p{L}\p{N}]+"
r"""A name's words in DuckDB's SQL (RE2: letters and digits, as Python's ``[^\W_]+``)."""


def name_key_sql(column: str) -> str:
    """:func:`name_key` of ``column`` in DuckDB's SQL: the store finds actors by the key of a name without
    reading every actor into Python."""
    return f"array_to_string(regexp_extract_all({column}, '{NAME_TOKEN_SQL}'), '')"


def name_key(name: str) -> str:
    """A name's words run together, case kept: "Open AI", "OpenAI" and "Open-AI" share the key "OpenAI"
    (how ``kingmaker extract`` matches names in a text, and how the store looks them up: :func:`name_key_sql`).

    >>> name_key("Open-AI, Inc.")
    'OpenAIInc'
    """
    return "".join(name_words(name))


def name_words(name: str) -> list[str]:
    """A name's words: its runs of letters and digits (what :func:`name_key` runs together).

    >>> name_words("Open-AI, Inc.")
    ['Open', 'AI', 'Inc']
    """
    return _NAME_TOKEN.findall(name)


def begins_a_word(name: str, text: str) -> bool:
    """Whether ``text`` is found in ``name`` where a user of a register's search expects it: its words run
    together (:func:`name_key`) begin at the start of one of ``name``'s words — a word of letters and digits, or
    a capital after a small letter inside one (the "Bank" of "SoftBank") —, case ignored. So "open ai" is found
    in "OpenAI, Inc." and "nam" in "Nam Holdings", but not in "staff in Amazon" (the words run together,
    "staffinAmazon", hold "nAm" only across a word's end).

    >>> begins_a_word("SoftBank Group Corp.", "bank g"), begins_a_word("Microsoft", "soft")
    (True, False)
    """
    wanted = name_key(text).lower()
    words = name_words(name)
    joined, at = "".join(words), 0
    for word in words:
        starts = [at] + [at + i for i in range(1, len(word)) if word[i].isupper() and word[i - 1].islower()]
        if wanted and any(joined[s:].lower().startswith(wanted) for s in starts):
            return True
        at += len(word)
    return False


def words_sql(column: str) -> str:
    """``column``'s words in DuckDB's SQL, one space before each (every run of characters that are no letter or
    digit becomes a space): what :func:`begins_a_word_sql_pattern` is matched against."""
    return f"' ' || regexp_replace({column}, '[^{NAME_TOKEN_SQL[1:-2]}]+', ' ', 'g')"


def begins_a_word_sql_pattern(text: str) -> str:
    r""":func:`begins_a_word` in DuckDB's SQL: an RE2 pattern for a name's :func:`words_sql` — ``text``'s
    letters and digits, a space allowed between any two, after a space or as a capital after a small letter,
    case ignored. Each character is written as ``\x{…}``: nothing in a user's text is read as a pattern.
    (RE2 takes milliseconds to compile a Unicode class: the store uses it only where many names are checked.)

    >>> begins_a_word_sql_pattern("AI")
    ' (?i:\\x{41} ?\\x{49})|\\p{Ll}\\x{41}(?i: ?\\x{49})'
    """
    key = name_key(text)
    if not key:
        return ""
    chars = [f"\\x{{{ord(c):x}}}" for c in key]
    pattern = f" (?i:{' ?'.join(chars)})"
    first = key[0]
    if first.isalpha() and len(first.upper()) == 1 and first.upper() != first.lower():  # a capital after a small letter
        pattern += rf"|\p{{Ll}}\x{{{ord(first.upper()):x}}}(?i:{''.join(' ?' + c for c in chars[1:])})"
    return pattern


def id_words_sql_pattern(text: str) -> str:
    r"""An RE2 pattern (DuckDB's ``regexp_matches``) that finds ``text`` in an id (:func:`slugify`) where a
    search should: ``text``'s words, each whole and in order, from the start of one of the id's words, case
    ignored ("openai-inc" and "openai inc" find ``openai-inc``, "inc" finds it, "nai" does not). ``""`` when
    ``text`` has no letter or digit. Each character is written as ``\x{…}``: nothing in a user's text is read
    as a pattern (and there is no Unicode class: RE2 takes milliseconds to compile one).

    >>> id_words_sql_pattern("AI")
    '(?:^|[-._:])(?i:\\x{41}\\x{49})'
    """
    hexed = ["".join(f"\\x{{{ord(c):x}}}" for c in word) for word in name_words(text)]
    return f"(?:^|[-._:])(?i:{'[-._:]*'.join(hexed)})" if hexed else ""


def slugify(text: str) -> str:
    """Turn a name into a slug: ``"Adam D'Angelo"`` → ``"adam-dangelo"``."""
    norm = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    norm = re.sub(r"['’`]", "", norm.lower())
    return re.sub(r"[^a-z0-9]+", "-", norm).strip("-") or "x"
