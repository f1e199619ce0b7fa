"""Domain objects as JSON-ready dicts: the one place their public field names are decided."""

from __future__ import annotations

from typing import Any

from synoptic.model import Article, ClusterSummary, Outcome, Outlet, Story, StoryMember


def article_to_dict(article: Article, with_text: bool = False) -> dict[str, Any]:
    """An article as the JSON object of `synoptic articles --json` (text only when asked)."""
    data: dict[str, Any] = {
        "id": article.id,
        "url": article.url,
        "outlet": article.outlet.name if article.outlet else None,
        "domain": article.outlet.domain if article.outlet else None,
        "title": article.title,
        "authors": list(article.authors),
        "published": article.published.isoformat() if article.published else None,
        "language": article.language,
        "words": article.word_count,
        "content_hash": article.content_hash,
        "source": article.source,
        "ingested_at": article.ingested_at.isoformat() if article.ingested_at else None,
    }
    if with_text:
        data["text"] = article.text
    return data


def outlet_to_dict(outlet: Outlet, articles: int) -> dict[str, Any]:
    """An outlet with its article count."""
    return {"name": outlet.name, "domain": outlet.domain, "articles": articles}


def outcome_to_dict(outcome: Outcome) -> dict[str, Any]:
    """One input's ingest outcome."""
    return {
        "source": outcome.source,
        "status": outcome.status.value,
        "article": outcome.article_id,
        "reason": outcome.reason,
    }


def story_to_dict(story: Story) -> dict[str, Any]:
    """A story summary as in `synoptic stories --json`."""
    return {
        "id": story.id,
        "title": story.title,
        "first_seen": story.first_seen.isoformat(),
        "last_seen": story.last_seen.isoformat(),
        "articles": story.articles,
        "outlets": story.outlets,
    }


def member_to_dict(member: StoryMember) -> dict[str, Any]:
    """One article of a story, with how it was placed and what it copies."""
    return {
        **article_to_dict(member.article),
        "score": round(member.score, 4),
        "reason": member.reason,
        "pinned": member.pinned,
        "copy_of": member.copy_of,
        "containment": round(member.containment, 4) if member.containment is not None else None,
    }


def cluster_summary_to_dict(summary: ClusterSummary) -> dict[str, Any]:
    """What a clustering run did, as in `synoptic ingest --json` and `synoptic recluster --json`."""
    return {
        "articles": summary.articles,
        "stories": len(summary.stories_touched),
        "new_stories": summary.new_stories,
        "settled": summary.settled,
        "copies": summary.copies,
    }
