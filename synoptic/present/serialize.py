"""Domain objects as JSON-ready dicts: the one place their public field names are decided."""

from __future__ import annotations

from typing import Any

from synoptic.model import Article, Outcome, Outlet


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
