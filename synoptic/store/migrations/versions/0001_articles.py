"""Outlets, raw documents and articles.

Revision ID: 0001_articles
Revises:
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_articles"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "outlets",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("domain", sa.String(253), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_outlets"),
        sa.UniqueConstraint("name", name="uq_outlets_name"),
    )
    op.create_index("ix_outlets_domain", "outlets", ["domain"])
    op.create_table(
        "raw_documents",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("url", sa.Text, nullable=True),
        sa.Column("outlet_hint", sa.String(200), nullable=True),
        sa.Column("fields", sa.Text, nullable=False),
        sa.Column("content", sa.LargeBinary, nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("received_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_raw_documents"),
        sa.UniqueConstraint("sha256", name="uq_raw_documents_sha256"),
    )
    op.create_table(
        "articles",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("raw_id", sa.Integer, nullable=False),
        sa.Column("outlet_id", sa.Integer, nullable=True),
        sa.Column("url", sa.Text, nullable=True),
        sa.Column("url_hash", sa.String(64), nullable=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("authors", sa.Text, nullable=False),
        sa.Column("published", sa.DateTime, nullable=True),
        sa.Column("language", sa.String(16), nullable=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("word_count", sa.Integer, nullable=False),
        sa.Column("ingested_at", sa.DateTime, nullable=False),
        sa.Column("extracted_at", sa.DateTime, nullable=False),
        sa.Column("extractor_version", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_articles"),
        sa.ForeignKeyConstraint(["raw_id"], ["raw_documents.id"], name="fk_articles_raw_id_raw_documents"),
        sa.ForeignKeyConstraint(["outlet_id"], ["outlets.id"], name="fk_articles_outlet_id_outlets"),
        sa.UniqueConstraint("raw_id", name="uq_articles_raw_id"),
        sa.UniqueConstraint("url_hash", name="uq_articles_url_hash"),
        sa.UniqueConstraint("content_hash", name="uq_articles_content_hash"),
    )
    op.create_index("ix_articles_outlet_id", "articles", ["outlet_id"])
    op.create_index("ix_articles_published", "articles", ["published"])
    op.create_index("ix_articles_language", "articles", ["language"])
    op.create_index("ix_articles_ingested_at", "articles", ["ingested_at"])
    op.create_index("ix_articles_outlet_published", "articles", ["outlet_id", "published"])


def downgrade() -> None:
    op.drop_table("articles")
    op.drop_table("raw_documents")
    op.drop_index("ix_outlets_domain", "outlets")
    op.drop_table("outlets")
