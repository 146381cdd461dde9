"""A rich progress bar for long reads: bytes done, records read, records per second and ETA.

Shown on stderr when it is a terminal and the input is large (or ``KINGMAKER_PROGRESS=1``);
``KINGMAKER_PROGRESS=0`` turns it off. Readers call ``update(bytes_done, records)``.
"""
from __future__ import annotations

import os
import sys
import time
from contextlib import contextmanager
from typing import Callable, Iterator

SHOW_ABOVE_BYTES = 16 * 1024 * 1024


def _wanted(total: int | None) -> bool:
    flag = os.environ.get("KINGMAKER_PROGRESS")
    if flag is not None:
        return flag == "1"
    return sys.stderr.isatty() and (total or 0) >= SHOW_ABOVE_BYTES


@contextmanager
def progress(label: str, total_bytes: int | None) -> Iterator[Callable[[int, int], None]]:
    """Yield ``update(bytes_done, records)``; a no-op unless a bar is wanted."""
    if not _wanted(total_bytes):
        yield lambda done, records: None
        return
    from rich.console import Console
    from rich.progress import (BarColumn, DownloadColumn, Progress, TextColumn, TimeElapsedColumn,
                               TimeRemainingColumn)

    bar = Progress(
        TextColumn("[bold]{task.description}"), BarColumn(), DownloadColumn(),
        TextColumn("{task.fields[records]:,} records"), TextColumn("{task.fields[rate]:,.0f} records/s"),
        TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
        console=Console(stderr=True), transient=True,
    )
    start = time.perf_counter()
    with bar:
        task = bar.add_task(label, total=total_bytes, records=0, rate=0.0)

        def update(done: int, records: int) -> None:
            elapsed = max(time.perf_counter() - start, 1e-9)
            bar.update(task, completed=done, records=records, rate=records / elapsed)

        yield update
