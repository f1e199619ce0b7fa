"""Domain objects as JSON-ready dicts: the one place their public field names are decided."""

from __future__ import annotations

from typing import Any

from synoptic.model import Article, ClusterSummary, CopyGroup, Outcome, Outlet, RawDocument, Story, StoryMember
from synoptic.store.search import CopyShare, OutletCoverage, SearchHit


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


def coverage_to_dict(coverage: OutletCoverage) -> dict[str, Any]:
    """One outlet's number of articles in a story (outlet None: articles of no known outlet)."""
    return {"outlet": coverage.outlet, "articles": coverage.articles}


def story_with_coverage_to_dict(story: Story, coverage: list[OutletCoverage]) -> dict[str, Any]:
    """A story summary with the outlets covering it, as the home page and `/api/v1/stories` list it."""
    return {**story_to_dict(story), "coverage": [coverage_to_dict(c) for c in coverage]}


def copy_group_to_dict(group: CopyGroup) -> dict[str, Any]:
    """A wire-copy group: the article published first and every member (the origin first)."""
    return {"origin": group.origin, "members": list(group.members)}


def copy_share_to_dict(share: CopyShare) -> dict[str, Any]:
    """How much of an outlet's output is copied wire text."""
    return {
        "articles": share.articles,
        "copies": share.copies,
        "words": share.words,
        "copied_words": share.copied_words,
        "copied_share": round(share.copied_words / share.words, 4) if share.words else 0.0,
    }


def search_hit_to_dict(hit: SearchHit) -> dict[str, Any]:
    """A full-text hit: the article (no text), its story, rank and snippet segments (text, match)."""
    return {
        "article": article_to_dict(hit.article),
        "story": hit.story_id,
        "rank": round(hit.rank, 4),
        "snippet": [{"text": text, "match": match} for text, match in hit.snippet],
    }


def raw_to_dict(raw: RawDocument, max_chars: int) -> dict[str, Any]:
    """A raw input with its content decoded as UTF-8 (undecodable bytes replaced) and cut at ``max_chars``."""
    content = raw.content.decode("utf-8", errors="replace")
    return {
        "source": raw.source,
        "kind": raw.kind.value,
        "url": raw.url,
        "outlet_hint": raw.outlet,
        "size": len(raw.content),
        "received_at": raw.received_at.isoformat(),
        "fields": raw.fields,
        "content": content[:max_chars],
        "truncated": len(content) > max_chars,
    }
