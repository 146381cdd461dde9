"""Open plain, gzip (``.gz``) and zip (``.zip``, one data member) inputs as one binary stream.

Readers call :func:`open_input` and never care how a file is packed; :func:`peek` gives format
detection the first decompressed bytes; :func:`input_problem` turns the failures of a damaged file
(truncated gzip, bad zip, wrong encoding) into a :class:`~kingmaker.errors.Problem` instead of a
traceback.
"""
from __future__ import annotations

import gzip
import io
import os
import zipfile
import zlib
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Iterator

from kingmaker.errors import LimitExceeded, Problem
from kingmaker.io.limits import current

#: what reading a plain, gzip or zip input can raise; :func:`input_problem` turns each into a readable Problem
READ_ERRORS = (OSError, EOFError, ValueError, zlib.error, zipfile.BadZipFile)

GZIP_MAGIC = b"\x1f\x8b"
ZIP_MAGIC = b"PK\x03\x04"


def _magic(path: Path) -> bytes:
    with open(path, "rb") as fh:
        return fh.read(4)


def peek_magic(path: Path) -> bytes:
    """:data:`GZIP_MAGIC` or :data:`ZIP_MAGIC` if the file starts with one, else ``b""``."""
    magic = _magic(path)
    return next((m for m in (GZIP_MAGIC, ZIP_MAGIC) if magic.startswith(m)), b"")


def _zip_member(zf: zipfile.ZipFile, path: Path) -> zipfile.ZipInfo:
    members = [m for m in zf.infolist() if not m.is_dir() and not m.filename.startswith("__MACOSX/")]
    if len(members) != 1:
        names = ", ".join(m.filename for m in members[:5]) or "none"
        raise ValueError(f"a .zip input must hold exactly one data file; {path.name} holds {len(members)} ({names})")
    return members[0]


def inner_name(path: Path) -> str:
    """The name of the data inside: ``x.json`` for ``x.json.gz`` and for a zip holding ``x.json``."""
    path = Path(path)
    try:
        magic = _magic(path)
    except OSError:
        return path.name
    if magic.startswith(GZIP_MAGIC) or path.suffix.lower() == ".gz":
        return path.name[:-3] if path.name.lower().endswith(".gz") else path.name
    if magic.startswith(ZIP_MAGIC):
        try:
            with zipfile.ZipFile(path) as zf:
                return Path(_zip_member(zf, path).filename).name
        except (zipfile.BadZipFile, ValueError, OSError):
            return path.name
    return path.name


def inner_suffix(path: Path) -> str:
    return Path(inner_name(path)).suffix.lower()


class _Bounded(io.RawIOBase):
    """A decompressing stream that stops a compression bomb: past ``ratio_floor_bytes`` it may give at
    most ``max_ratio`` bytes per compressed byte, and never more than ``max_decompressed_bytes`` in all
    (:mod:`kingmaker.io.limits`); going over raises :class:`~kingmaker.errors.LimitExceeded`."""

    def __init__(self, inner: BinaryIO, path: Path, compressed_size: int):
        self.inner, self.path, self.seen = inner, path, 0
        limits = current()
        self.limits = limits
        self.cap = min(limits.max_decompressed_bytes,
                       max(limits.ratio_floor_bytes, limits.max_ratio * compressed_size))

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        n = self.inner.readinto(buffer)
        self.seen += n or 0
        if self.seen > self.cap:
            if self.cap == self.limits.max_decompressed_bytes:
                raise LimitExceeded(str(self.path), f"decompresses to over {self.cap} bytes",
                                    "max_decompressed_bytes", self.cap)
            raise LimitExceeded(str(self.path), f"decompresses to over {self.limits.max_ratio} times its size "
                                "(a compression bomb?)", "max_ratio", self.limits.max_ratio)
        return n


def _bounded(inner: BinaryIO, path: Path) -> BinaryIO:
    return io.BufferedReader(_Bounded(inner, path, os.path.getsize(path)), buffer_size=1 << 20)


@contextmanager
def open_input(path: Path) -> Iterator[BinaryIO]:
    """Open ``path`` for reading bytes, decompressing gzip and single-member zip files transparently
    (and within the decompression limits of :class:`_Bounded`)."""
    path = Path(path)
    if path.is_dir():
        raise IsADirectoryError(21, "is a directory, not a file", str(path))
    magic = _magic(path)
    if magic.startswith(GZIP_MAGIC):
        with gzip.open(path, "rb") as fh:
            yield _bounded(fh, path)  # type: ignore[arg-type]
    elif magic.startswith(ZIP_MAGIC):
        with zipfile.ZipFile(path) as zf:
            with zf.open(_zip_member(zf, path)) as fh:
                yield _bounded(fh, path)
    else:
        with open(path, "rb") as fh:
            yield fh


def peek(path: Path, n: int = 4096) -> bytes:
    """The first ``n`` decompressed bytes, as many as can be had (a damaged file still shows its head;
    empty when nothing can be read)."""
    try:
        if _magic(path).startswith(GZIP_MAGIC):
            with open(path, "rb") as fh:
                raw = fh.read(1 << 16)
            try:
                return zlib.decompressobj(wbits=47).decompress(raw, n)
            except zlib.error:
                return b""
        with open_input(path) as fh:
            return fh.read(n)
    except (OSError, EOFError, zlib.error, zipfile.BadZipFile, ValueError):
        return b""


def plain_head(path: Path, head: bytes) -> bytes:
    """What format detection looks at: ``head`` (the file's first bytes) itself, or for a gzip or zip file
    the first decompressed bytes (:func:`peek`); without a UTF-8 byte-order mark."""
    data = peek(path) if head[:2] in (GZIP_MAGIC, ZIP_MAGIC[:2]) else head
    return data.removeprefix(b"\xef\xbb\xbf")  # a UTF-8 byte-order mark (Excel writes one)


def utf16_name(head: bytes) -> str | None:
    """"UTF-16 …" when ``head`` (a file's first bytes) looks like UTF-16 text — a byte-order mark, or every
    other byte NUL — naming the byte order; else None."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16 (with a byte-order mark)"
    sample = head[:512]
    if len(sample) >= 8:
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        if max(even, odd) > len(sample) // 4:
            return "UTF-16 " + ("big-endian" if even > odd else "little-endian") + " without a byte-order mark"
    return None


def data_size(path: Path) -> int | None:
    """Uncompressed size in bytes, for progress bars: exact for plain and zip files, the gzip trailer's
    ISIZE (size modulo 4 GiB, so a lower bound for huge files) for gzip; ``None`` if unknown."""
    path = Path(path)
    try:
        magic = _magic(path)
        if magic.startswith(GZIP_MAGIC):
            with open(path, "rb") as fh:
                fh.seek(-4, os.SEEK_END)
                return int.from_bytes(fh.read(4), "little") or None
        if magic.startswith(ZIP_MAGIC):
            with zipfile.ZipFile(path) as zf:
                return _zip_member(zf, path).file_size
        return os.path.getsize(path)
    except (OSError, zipfile.BadZipFile, ValueError):
        return None


def input_problem(path: Path | str, exc: BaseException, *, line: int | None = None,
                  record: str | None = None) -> Problem | None:
    """A readable :class:`Problem` for an I/O or decoding failure, or ``None`` if ``exc`` is not one."""
    file = str(path)
    if isinstance(exc, (EOFError, gzip.BadGzipFile, zlib.error)):
        return Problem(file, f"the compressed file is damaged or truncated ({exc or type(exc).__name__})",
                       line, record, hint="download or copy the file again")
    if isinstance(exc, zipfile.BadZipFile):
        return Problem(file, f"not a readable zip archive ({exc})", line, record)
    if isinstance(exc, UnicodeDecodeError):
        encoding = utf16_name(bytes(exc.object[:512])) if (line or 1) == 1 else None
        if encoding:  # a named --format skips detection, which says this too (io.registry)
            return Problem(file, f"the file is {encoding} text; Kingmaker reads UTF-8", line, record,
                           hint="re-save it as UTF-8 (e.g. iconv -f UTF-16 -t UTF-8)")
        return Problem(file, f"text is not valid UTF-8 (byte {exc.object[exc.start:exc.start + 1]!r} at offset "
                             f"{exc.start} of that chunk)", line, record,
                       hint="re-save the file as UTF-8 (e.g. iconv -f latin1 -t utf-8)")
    if isinstance(exc, OSError):
        return Problem(file, f"cannot read the file: {exc.strerror or exc}", line, record)
    return None
