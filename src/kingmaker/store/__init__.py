"""DuckDB persistence."""
from kingmaker.store.store import Dataset, LoadResult, Store, default_db_path

__all__ = ["Dataset", "LoadResult", "Store", "default_db_path"]
