"""Keep big-integer buffers on the heap while the exact engine runs (glibc only; elsewhere a no-op).

GMP/FLINT allocate a new buffer for every big-integer result.  glibc serves a block above its mmap
threshold by a fresh ``mmap`` and unmaps it on free, and trims the heap top beyond its trim
threshold, so every shift or add of a megabyte-sized packed table page-faults its buffer in again.
Its dynamic threshold (raised after a large block is freed, up to 32 MiB) makes the cost depend on
what ran before in the process: measured here, 100 shift-adds of a 2.2 MB table take 0.35-0.45 s
with the defaults and 25 ms with the buffers kept on the heap, and a large computation earlier in
the process did not change the latter.

:func:`hot_heap` raises the mmap threshold, trim threshold and top pad (mallopt(3)) for its
duration, then sets them to the state glibc's own dynamic rule reaches after freeing a 32 MiB block
(mmap 32 MiB, trim 64 MiB, top pad 128 KiB), returning freed memory with ``malloc_trim(0)`` when
the pad exceeded the trim threshold.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import os
import platform
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_M_TRIM_THRESHOLD, _M_TOP_PAD, _M_MMAP_THRESHOLD = -1, -2, -3
_MMAP_MAX = 32 * 2**20  # glibc's DEFAULT_MMAP_THRESHOLD_MAX on 64-bit systems
_AFTER = ((_M_MMAP_THRESHOLD, _MMAP_MAX), (_M_TRIM_THRESHOLD, 2 * _MMAP_MAX), (_M_TOP_PAD, 128 * 1024))
MIN_BYTES = 256 * 1024  # below this the default allocator is fine

_lock = threading.Lock()
_depth = 0


def _after_fork_in_child() -> None:
    """A process forked while another thread was inside :func:`hot_heap` (the API's assessment processes,
    kingmaker.api.assessor) has only the forking thread: the lock that thread held would stay held, and
    the count of blocks inside counts blocks of threads it does not have."""
    global _lock, _depth
    _lock, _depth = threading.Lock(), 0


os.register_at_fork(after_in_child=_after_fork_in_child)


def _load_libc():
    if platform.system() != "Linux" or platform.libc_ver()[0] != "glibc":
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
        libc.malloc_trim.argtypes = [ctypes.c_size_t]
        return libc
    except (OSError, AttributeError):
        return None


_libc = _load_libc()


@contextmanager
def hot_heap(table_bytes: int) -> Iterator[None]:
    """Keep buffers of about ``table_bytes`` on the heap inside the block (nested use is fine)."""
    global _depth
    if _libc is None or table_bytes < MIN_BYTES:
        yield
        return
    pad = min(max(4 * table_bytes, 16 * 2**20), 1 << 30)
    with _lock:
        _depth += 1
        if _depth == 1:
            if not _libc.mallopt(_M_MMAP_THRESHOLD, max(_MMAP_MAX, min(2 * table_bytes, 1 << 30))):
                _libc.mallopt(_M_MMAP_THRESHOLD, _MMAP_MAX)  # older glibc caps the threshold
            _libc.mallopt(_M_TRIM_THRESHOLD, min(2 * pad, 2**31 - 1))
            _libc.mallopt(_M_TOP_PAD, pad)
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0:
                for param, value in _AFTER:
                    _libc.mallopt(param, value)
                if pad > _AFTER[1][1]:  # more than the trim threshold left: return it now
                    _libc.malloc_trim(0)
