"""The synopsis as JSON: the `synoptic.synopsis/1` contract (docs/synopsis.schema.json)."""

from __future__ import annotations

from typing import Any

from synoptic.compare.synopsis import SCHEMA, Fact, Synopsis
from synoptic.compare.variants import QuoteGroup, Variant


def synopsis_to_json(synopsis: Synopsis) -> dict[str, Any]:
    """The whole synopsis as one JSON-ready object."""
    outlet_of = {a.id: a.outlet for a in synopsis.articles}
    return {
        "schema": SCHEMA,
        "articles": [
            {
                "id": a.id,
                "outlet": a.outlet,
                "title": a.title,
                "url": a.url,
                "published": a.published.isoformat() if a.published else None,
            }
            for a in synopsis.articles
        ],
        "facts": [_fact(fact) for fact in synopsis.facts],
        "quotes": [_quote_group(f"q{i}", group) for i, group in enumerate(synopsis.quotes, 1)],
        "conflicts": [
            {
                "kind": c.kind,
                "subject": c.subject,
                "values": [
                    {"article": v.article, "outlet": outlet_of.get(v.article), "value": v.value, "text": v.text}
                    for v in c.values
                ],
            }
            for c in synopsis.conflicts
        ],
        "name_variants": [
            {
                "canonical": n.canonical,
                "likely_misspelling": n.likely_misspelling,
                "forms": [{"form": f.form, "articles": list(f.articles), "count": f.count} for f in n.forms],
            }
            for n in synopsis.name_variants
        ],
        "copies": [{"origin": origin, "members": list(members)} for origin, members in synopsis.copies],
        "omissions": {outlet: list(ids) for outlet, ids in synopsis.omissions.items()},
    }


def _fact(fact: Fact) -> dict[str, Any]:
    return {
        "id": fact.id,
        "statements": [{"article": s.article, "sentence": s.index, "text": s.text} for s in fact.statements],
        "support": list(fact.support),
        "sources": fact.sources,
        "exclusive": fact.exclusive,
    }


def _quote_group(group_id: str, group: QuoteGroup) -> dict[str, Any]:
    return {
        "id": group_id,
        "speaker": {"name": group.speaker, "role": group.role},
        "verdict": group.verdict.value,
        "reference": group.reference.article,
        "variants": [_variant(v) for v in group.variants],
        "diff": [{"article": v.quote.article, "ops": [[op.op, op.text] for op in v.diff]} for v in group.variants],
    }


def _variant(variant: Variant) -> dict[str, Any]:
    quote = variant.quote.quote
    return {
        "article": variant.quote.article,
        "text": variant.quote.words,
        "printed": quote.text,
        "kind": quote.kind.value,
        "cue": quote.cue,
        "sentence": variant.quote.sentence,
        "start": quote.start,
        "end": quote.end,
        "verdict": variant.verdict.value,
    }
