"""Limits on what one input may make the readers do: nesting depth, record size, decompressed size and
ratio, YAML alias expansion. Each has a documented default (docs/limits.md) and an environment variable
``KINGMAKER_<NAME>`` that changes it; a refusal is a :class:`~kingmaker.errors.LimitExceeded` naming the
file, the limit and the variable.

>>> current().max_depth
100
"""
from __future__ import annotations

import os
from dataclasses import dataclass, fields

from kingmaker.errors import LimitExceeded, UserError

__all__ = ["Limits", "current", "ENV", "LimitExceeded", "depth_of"]

MiB = 1 << 20
GiB = 1 << 30


@dataclass(frozen=True)
class Limits:
    """The limits in force (:func:`current` reads them from the environment each time)."""

    #: arrays, objects, mappings or elements nested inside one record (JSON, YAML, XML)
    max_depth: int = 100
    #: bytes of one record: a JSON value or line, a CSV row, a YAML or XML document
    max_record_bytes: int = 64 * MiB
    #: bytes a compressed input (gzip, zip) may expand to
    max_decompressed_bytes: int = 64 * GiB
    #: decompressed bytes per compressed byte, once past ``ratio_floor_bytes``
    max_ratio: int = 100
    #: decompressed bytes any compressed file may reach before ``max_ratio`` applies
    ratio_floor_bytes: int = 16 * MiB
    #: YAML nodes once aliases are expanded (a "billion laughs" file is small but expands to 10^9)
    max_yaml_nodes: int = 1_000_000


ENV = {f.name: "KINGMAKER_" + f.name.upper() for f in fields(Limits)}


def current() -> Limits:
    """The limits, each ``KINGMAKER_<NAME>`` variable overriding its default."""
    values = {}
    for name, var in ENV.items():
        raw = os.environ.get(var, "").strip()
        if not raw:
            continue
        try:
            values[name] = int(raw.replace("_", ""))
        except ValueError:
            raise UserError(f"${var}={raw!r} is not a whole number (docs/limits.md)") from None
        if values[name] <= 0:
            raise UserError(f"${var}={raw!r} must be a positive number (docs/limits.md)")
    return Limits(**values)


def depth_of(value, stop: int) -> int:
    """How deep lists and dicts nest in ``value`` (a scalar is 0), counting no further than ``stop + 1``;
    iterative, so a value nested past Python's recursion limit is measured too.

    >>> depth_of({"a": [1, [2]]}, 10)
    3
    """
    deepest = 0
    todo = [(value, 1)]
    while todo:
        item, level = todo.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, level)
        if deepest > stop:
            return deepest
        todo.extend((c, level + 1) for c in children if isinstance(c, (dict, list)))
    return deepest
