"""Store: articles, outlets and raw inputs in SQLite (default) or PostgreSQL, through one API."""

from synoptic.store.database import Store, database_url

__all__ = ["Store", "database_url"]
