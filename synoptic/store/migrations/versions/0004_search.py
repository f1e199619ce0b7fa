"""Full-text search over article titles and texts.

SQLite: an FTS5 table with the articles as external content (no second copy of the text), kept in
sync by triggers on ``articles``. PostgreSQL: a GIN index on the ``simple`` tsvector of the title
and the first ``_PG_INDEXED_CHARS`` characters of the text (a tsvector holds at most 1 MB, and an
article is never that long; a pasted book would otherwise make its insert fail).

Alembic's batch mode rebuilds an SQLite table to alter it, which drops its triggers: a later
migration that alters ``articles`` in batch mode must create the three triggers again.

Revision ID: 0004_search
Revises: 0003_analyses
Create Date: 2026-11-24
"""

from __future__ import annotations

from alembic import op

revision = "0004_search"
down_revision = "0003_analyses"
branch_labels = None
depends_on = None

_PG_INDEXED_CHARS = 200_000

_SQLITE_UP = [
    # unicode61 with diacritics removed: language-neutral (articles in any language are stored).
    """CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, text, content='articles', content_rowid='id', tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
    END""",
    """CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
    END""",
    """CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
    END""",
    "INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')",
]
_SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS articles_fts_update",
    "DROP TRIGGER IF EXISTS articles_fts_delete",
    "DROP TRIGGER IF EXISTS articles_fts_insert",
    "DROP TABLE IF EXISTS articles_fts",
]
# The same expression must be used by the queries (synoptic/store/search.py), or the index is not used.
PG_DOCUMENT = f"to_tsvector('simple', title || ' ' || left(text, {_PG_INDEXED_CHARS}))"


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in _SQLITE_UP:
            op.execute(statement)
    else:
        op.execute(f"CREATE INDEX ix_articles_fulltext ON articles USING gin (({PG_DOCUMENT}))")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in _SQLITE_DOWN:
            op.execute(statement)
    else:
        op.execute("DROP INDEX IF EXISTS ix_articles_fulltext")
