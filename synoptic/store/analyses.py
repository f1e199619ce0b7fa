"""Cached analyses of the Store: one per article text, one synopsis per story.

Both are derived data: losing them costs time, never information. Writes upsert, so two
processes analysing the same text at once both succeed.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import Engine, delete, insert, select

from synoptic.store.schema import analyses, synopses


class AnalysisQueries:
    """The cache half of the Store (mixed into ``Store``, which provides ``engine``)."""

    engine: Engine

    def analyses(self, content_hashes: Iterable[str], analyzer: str) -> dict[str, bytes]:
        """The stored analyses (by content hash) of these texts by this analyser version."""
        wanted = sorted(set(content_hashes))
        found: dict[str, bytes] = {}
        with self.engine.connect() as connection:
            for start in range(0, len(wanted), 500):
                query = select(analyses.c.content_hash, analyses.c.data).where(
                    analyses.c.analyzer == analyzer, analyses.c.content_hash.in_(wanted[start : start + 500])
                )
                found.update((row.content_hash, bytes(row.data)) for row in connection.execute(query))
        return found

    def save_analysis(self, content_hash: str, analyzer: str, data: bytes) -> None:
        """Keep the analysis of one text (replacing one stored before)."""
        key = (analyses.c.content_hash == content_hash) & (analyses.c.analyzer == analyzer)
        with self.engine.begin() as connection:
            connection.execute(delete(analyses).where(key))
            connection.execute(
                insert(analyses).values(content_hash=content_hash, analyzer=analyzer, data=data, created_at=_now())
            )

    def cached_synopsis(self, story_id: int, cache_key: str) -> bytes | None:
        """The stored synopsis of a story, if it was made from exactly what ``cache_key`` digests."""
        query = select(synopses.c.data).where(synopses.c.story_id == story_id, synopses.c.cache_key == cache_key)
        with self.engine.connect() as connection:
            data = connection.scalar(query)
        return bytes(data) if data is not None else None

    def save_synopsis(self, story_id: int, cache_key: str, data: bytes) -> None:
        """Keep the synopsis of a story (replacing an older one)."""
        with self.engine.begin() as connection:
            connection.execute(delete(synopses).where(synopses.c.story_id == story_id))
            connection.execute(
                insert(synopses).values(story_id=story_id, cache_key=cache_key, data=data, created_at=_now())
            )


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)
