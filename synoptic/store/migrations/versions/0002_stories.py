"""Stories, story membership (with user corrections pinned) and wire-copy groups.

Revision ID: 0002_stories
Revises: 0001_articles
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_stories"
down_revision = "0001_articles"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("event_time", sa.DateTime, nullable=True))
    op.execute("UPDATE articles SET event_time = COALESCE(published, ingested_at)")
    with op.batch_alter_table("articles") as batch:
        batch.alter_column("event_time", existing_type=sa.DateTime, nullable=False)
    op.create_index("ix_articles_event_time", "articles", ["event_time"])
    op.create_table(
        "stories",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("first_seen", sa.DateTime, nullable=False),
        sa.Column("last_seen", sa.DateTime, nullable=False),
        sa.Column("articles", sa.Integer, nullable=False),
        sa.Column("outlets", sa.Integer, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_stories"),
    )
    op.create_index("ix_stories_last_seen", "stories", ["last_seen"])
    op.create_table(
        "story_articles",
        sa.Column("article_id", sa.Integer, nullable=False),
        sa.Column("story_id", sa.Integer, nullable=False),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("pinned", sa.Boolean, nullable=False),
        sa.PrimaryKeyConstraint("article_id", name="pk_story_articles"),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], name="fk_story_articles_article_id_articles"),
        sa.ForeignKeyConstraint(["story_id"], ["stories.id"], name="fk_story_articles_story_id_stories"),
    )
    op.create_index("ix_story_articles_story_id", "story_articles", ["story_id"])
    op.create_table(
        "copies",
        sa.Column("article_id", sa.Integer, nullable=False),
        sa.Column("origin_id", sa.Integer, nullable=False),
        sa.Column("containment", sa.Float, nullable=False),
        sa.PrimaryKeyConstraint("article_id", name="pk_copies"),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], name="fk_copies_article_id_articles"),
        sa.ForeignKeyConstraint(["origin_id"], ["articles.id"], name="fk_copies_origin_id_articles"),
    )
    op.create_index("ix_copies_origin_id", "copies", ["origin_id"])


def downgrade() -> None:
    op.drop_table("copies")
    op.drop_table("story_articles")
    op.drop_table("stories")
    op.drop_index("ix_articles_event_time", "articles")
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("event_time")
