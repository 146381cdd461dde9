"""Text intake: plain text or saved HTML in, the article's main text out (page debris left behind).

HTML goes through trafilatura (boilerplate removal made for this job, no network). Plain text keeps its
characters as they are, so offsets into the extracted text are offsets into the file too; only a
trailing run of page debris (menus, sign-offs, calls to action) is cut off by :func:`trim_debris`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from kingmaker.errors import UserError


@dataclass
class Document:
    """The text facts are read from, with where it came from and what was cut off."""

    text: str
    path: str | None = None
    format: str = "text"  # "text" or "html"
    title: str | None = None
    author: str | None = None
    date: str | None = None
    debris: str = ""  # the trailing debris cut off the plain text (kept for reports)
    meta: dict = field(default_factory=dict)


_CTA = re.compile(
    r"\b(abonnier|teilen\b|newsletter|subscribe|share\b|follow\b|folgen sie|related\b|verwandte|kontakt|contact\b|"
    r"chatten|let'?s talk|lasst uns|mehr zum thema|könnte sie auch|read more|weiterlesen|sign up|log ?in|"
    r"all rights reserved|alle rechte|©|cookie|danke, dass|thanks? for reading)", re.I)
"""Calls to action and sign-offs. The English verbs are whole words: "shares", "following", "shareholders" are prose
(before, a short last paragraph "Alpha Inc owns 30% of the shares of Beta Ltd." was cut as furniture)."""
_LOCALE = re.compile(r"\b[a-z]{2}_[A-Z]{2}")


def _is_debris(par: str) -> bool:
    """A paragraph that looks like page furniture rather than article prose."""
    s = par.strip()
    words = s.split()
    if not words:
        return True
    prose = len(words) >= 12 and s[-1] in ".?\"“”»"  # a long sentence paragraph: "golden share" is no call to action
    if s[0] in "*•|©" or (_CTA.search(s) and not prose) or _LOCALE.search(s) or s.endswith("!"):
        return True
    if s.isupper():
        return True
    return len(words) < 8 and s[-1] not in ".?\"“”»«:"


def trim_debris(text: str) -> tuple[str, str]:
    """Split ``text`` into (article, trailing debris): cut the last run of debris-like paragraphs."""
    spans = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    cut = len(text)
    for start, end in reversed(spans):
        if not _is_debris(text[start:end]):
            break
        cut = start
    body = text[:cut].rstrip()
    return body, text[len(body):]


def from_html(html: str, path: str | None = None) -> Document:
    """Main text and metadata of a saved web page (trafilatura; precision over recall)."""
    import trafilatura

    text = trafilatura.extract(html, output_format="txt", include_comments=False, include_tables=False,
                               favor_precision=True, deduplicate=True) or ""
    meta = trafilatura.extract_metadata(html)
    info = meta.as_dict() if meta is not None else {}
    body, debris = trim_debris(text)
    return Document(body, path, "html", short_title(info["title"]) if info.get("title") else None,
                    info.get("author") or info.get("sitename"),
                    info.get("date"), debris, {k: v for k, v in info.items() if isinstance(v, str)})


TITLE_MAX = 200
"""Characters of a plain text's first line kept as its title. The title names the author of every claim ("author of
“…”"), so a text on one line (no title at all) made each claim carry the whole text: a 1.2 MB one-line text peaked
at 2.6 GB in ``kingmaker extract --json`` (issue 18, session 11)."""


def short_title(line: str) -> str:
    """``line`` as a title: whole up to :data:`TITLE_MAX` characters, else cut at a word before it with "…":
    ``short_title("Kestrel kauft Quillon") == "Kestrel kauft Quillon"``."""
    if len(line) <= TITLE_MAX:
        return line
    cut = line[:TITLE_MAX]
    return (cut.rsplit(None, 1)[0] if " " in cut else cut) + " …"


def from_text(text: str, path: str | None = None) -> Document:
    """A plain-text article: the first line is taken as its title (:func:`short_title`); trailing debris is cut off."""
    text = text.replace("\r\n", "\n")
    body, debris = trim_debris(text)
    first = re.search(r"[^\s][^\n]*", body)  # (no list of all lines: one copy of the text less)
    return Document(body, path, "text", short_title(first.group(0).strip()) if first else None, None, None, debris)


def looks_like_html(raw: str) -> bool:
    head = raw.lstrip()[:1000].lower()
    return head.startswith("<!doctype html") or "<html" in head or "<body" in head


MAX_BYTES = 64 * 1024 * 1024
"""Larger files are refused with a message (split them): extraction is linear, but a fragment of that
size is no longer reviewable."""


def _encoding_hint(data: bytes) -> str:
    """What to do with bytes that are not UTF-8: a binary file is no article; text in a one-byte encoding (Latin-1,
    Windows-1252: letters, no control characters) can be converted: ``"; it looks like Latin-1/Windows-1252: convert it
    with iconv -f cp1252 -t utf-8 FILE > FILE.utf8"``."""
    head = data[:65536]
    controls = sum(b < 32 and b not in (9, 10, 12, 13) for b in head)
    if b"\x00" in head or controls > len(head) // 100:
        return "; it looks binary, not an article (plain text or a saved HTML page)"
    return "; it looks like Latin-1/Windows-1252 text: convert it with iconv -f cp1252 -t utf-8 FILE > FILE.utf8"


def read_document(path: str | Path) -> Document:
    """Read a plain-text or HTML file (detected from its content); a directory, an empty file, a binary or
    an oversized file is refused with a message that names it."""
    p = Path(path)
    if p.is_dir():
        raise UserError(f"{p}: is a directory; give one article file (plain text or a saved HTML page)")
    try:
        size = p.stat().st_size
    except FileNotFoundError:
        raise UserError(f"{p}: no such file") from None
    except OSError as exc:
        raise UserError(f"{p}: cannot be read ({exc.strerror})") from None
    if size > MAX_BYTES:
        raise UserError(f"{p}: {size / 1e6:.0f} MB is more than one article ({MAX_BYTES // 2**20} MiB at most); split it")
    try:
        raw = p.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise UserError(f"{p}: not UTF-8 text ({exc.reason} at byte {exc.start}){_encoding_hint(exc.object)}") from None
    except OSError as exc:
        raise UserError(f"{p}: cannot be read ({exc.strerror})") from None
    if "\x00" in raw[:4096]:
        raise UserError(f"{p}: binary data, not an article (plain text or a saved HTML page)")
    doc = from_html(raw, str(p)) if looks_like_html(raw) else from_text(raw, str(p))
    if not doc.text.strip():
        what = ("an HTML page with no article text" if doc.format == "html" else "empty" if not raw.strip() else
                "no article text: every paragraph reads as page furniture (all in capitals, short lines without "
                "a full stop, menus, sign-offs)")
        raise UserError(f"{p}: {what}; nothing to extract")
    return doc
