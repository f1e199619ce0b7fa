"""Cached analyses: per article text (sentences, quotes, embeddings) and per story (its synopsis).

Revision ID: 0003_analyses
Revises: 0002_stories
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_analyses"
down_revision = "0002_stories"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "analyses",
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("analyzer", sa.String(32), nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("content_hash", "analyzer", name="pk_analyses"),
    )
    op.create_table(
        "synopses",
        sa.Column("story_id", sa.Integer, nullable=False),
        sa.Column("cache_key", sa.String(64), nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("story_id", name="pk_synopses"),
    )


def downgrade() -> None:
    op.drop_table("synopses")
    op.drop_table("analyses")
