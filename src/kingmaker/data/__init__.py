"""Data shipped with Kingmaker: the flagship case, codelists."""
from __future__ import annotations

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent
FLAGSHIP_CASE = DATA_DIR / "cases" / "openai-2023.yaml"
LIBRARY_DIR = DATA_DIR / "cases" / "library"
LIBRARY_INDEX = DATA_DIR / "library.yaml"
