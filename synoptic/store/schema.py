"""The tables of the store. Alembic migrations in ``migrations/`` create and evolve them."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_name)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

outlets = Table(
    "outlets",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("domain", String(253), nullable=True, index=True),
)

# The input exactly as received, zlib-compressed, so articles can be re-extracted.
raw_documents = Table(
    "raw_documents",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("sha256", String(64), nullable=False, unique=True),
    Column("source", Text, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("url", Text, nullable=True),
    Column("outlet_hint", String(200), nullable=True),
    Column("fields", Text, nullable=False, default="{}"),  # JSON metadata given with the input
    Column("content", LargeBinary, nullable=False),
    Column("size", Integer, nullable=False),
    Column("received_at", DateTime, nullable=False),
)

articles = Table(
    "articles",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("raw_id", Integer, ForeignKey("raw_documents.id"), nullable=False, unique=True),
    Column("outlet_id", Integer, ForeignKey("outlets.id"), nullable=True, index=True),
    # URL uniqueness is checked through url_hash: an index on long TEXT is not portable.
    Column("url", Text, nullable=True),
    Column("url_hash", String(64), nullable=True, unique=True),
    Column("title", Text, nullable=False),
    Column("authors", Text, nullable=False, default="[]"),  # JSON array of names
    Column("published", DateTime, nullable=True, index=True),
    Column("language", String(16), nullable=True, index=True),
    Column("text", Text, nullable=False),
    Column("content_hash", String(64), nullable=False, unique=True),
    Column("word_count", Integer, nullable=False),
    Column("ingested_at", DateTime, nullable=False, index=True),
    Column("extracted_at", DateTime, nullable=False),
    Column("extractor_version", String(32), nullable=False),
    # When the article happened for clustering purposes: published, else ingested.
    Column("event_time", DateTime, nullable=False, index=True),
)

Index("ix_articles_outlet_published", articles.c.outlet_id, articles.c.published)

stories = Table(
    "stories",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("title", Text, nullable=False),
    Column("first_seen", DateTime, nullable=False),
    Column("last_seen", DateTime, nullable=False, index=True),
    Column("articles", Integer, nullable=False),
    Column("outlets", Integer, nullable=False),
    Column("updated_at", DateTime, nullable=False),
)

# One story per article. ``pinned`` marks a user's correction (merge, move, split), which
# re-clustering keeps.
story_articles = Table(
    "story_articles",
    metadata,
    Column("article_id", Integer, ForeignKey("articles.id"), primary_key=True),
    Column("story_id", Integer, ForeignKey("stories.id"), nullable=False, index=True),
    Column("score", Float, nullable=False),
    Column("reason", Text, nullable=False),
    Column("pinned", Boolean, nullable=False),
)

# An article that is a copy of one wire text, and the copy group's origin.
copies = Table(
    "copies",
    metadata,
    Column("article_id", Integer, ForeignKey("articles.id"), primary_key=True),
    Column("origin_id", Integer, ForeignKey("articles.id"), nullable=False, index=True),
    Column("containment", Float, nullable=False),
)

# The analysis of one article text (sentences, quotes, sentence vectors), compressed, keyed by the
# text's content hash and the analyser version: identical texts share it, a new analyser redoes it.
analyses = Table(
    "analyses",
    metadata,
    Column("content_hash", String(64), primary_key=True),
    Column("analyzer", String(32), primary_key=True),
    Column("data", LargeBinary, nullable=False),
    Column("created_at", DateTime, nullable=False),
)

# The synopsis of one story as JSON, compressed; ``cache_key`` digests the story's article texts,
# copy groups and the analyser version, so any change to them makes it stale.
synopses = Table(
    "synopses",
    metadata,
    Column("story_id", Integer, primary_key=True),
    Column("cache_key", String(64), nullable=False),
    Column("data", LargeBinary, nullable=False),
    Column("created_at", DateTime, nullable=False),
)
