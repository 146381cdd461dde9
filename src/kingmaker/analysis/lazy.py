"""Lazy re-exports for a package front (PEP 562): a public name's module is imported on first use.

>>> import sys, types
>>> front = types.ModuleType("front")
>>> sys.modules["front"] = front
>>> front.__getattr__, front.__dir__ = lazy_exports("front", {"sqrt": "math"}, module_prefix="")
>>> front.sqrt(9.0)
3.0
"""
from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping


def lazy_exports(package: str, home: Mapping[str, str], module_prefix: str | None = None
                 ) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """``__getattr__`` and ``__dir__`` for ``package`` whose public names live in the modules ``home``
    maps them to (relative to ``package`` unless ``module_prefix`` is given); a name, once read, is
    kept in the package's namespace."""
    prefix = f"{package}." if module_prefix is None else module_prefix

    def __getattr__(name: str):
        if name not in home:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(prefix + home[name]), name)
        setattr(sys.modules[package], name, value)
        return value

    def __dir__() -> list[str]:
        return sorted(set(vars(sys.modules[package])) | set(home))

    return __getattr__, __dir__
