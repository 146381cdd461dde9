"""The HTTP API (FastAPI) and the web explorer it serves: ``kingmaker serve`` (docs/api.md)."""
from kingmaker.api.app import create_app

__all__ = ["create_app"]
