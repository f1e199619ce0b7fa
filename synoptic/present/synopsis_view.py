"""The synopsis arranged for the HTML templates: outlets with colours, quotes by speaker, the fact grid,
the publication timeline. Pure functions of the synopsis JSON, shared by the HTML report
(``reports.render_html``) and the web app's story page, so both show the same thing.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def safe_url(url: str | None) -> str | None:
    """``url`` when it may be rendered as a link (http or https), else None."""
    if not url:
        return None
    scheme = url.split(":", 1)[0].strip().lower() if ":" in url else ""
    return url if scheme in ("http", "https") and not _CONTROL.search(url) else None


# Outlet colours cycle through this many CSS classes (o0…o7 in templates/synoptic.css).
OUTLET_COLOURS = 8
# The publication timeline's drawing: width, left margin for outlet names, lane height (SVG units).
_TIMELINE_WIDTH, _TIMELINE_LEFT, _TIMELINE_LANE = 720, 170, 26


def synopsis_view(synopsis: dict[str, Any]) -> dict[str, Any]:
    """What the synopsis templates show, arranged: outlets with colours, quote groups by speaker,
    the fact grid (shared facts first) and the timeline. Pure: the same for the report and the web."""
    outlets = list(dict.fromkeys(a["outlet"] for a in synopsis["articles"]))
    colour = {outlet: f"o{i % OUTLET_COLOURS}" for i, outlet in enumerate(outlets)}
    outlet_of = {a["id"]: a["outlet"] for a in synopsis["articles"]}
    omitted = {(outlet, fact) for outlet, facts in synopsis["omissions"].items() for fact in facts}
    return {
        "outlets": outlets,
        "colour": colour,
        "outlet_of": outlet_of,
        "article": {a["id"]: a for a in synopsis["articles"]},
        "speakers": _quotes_by_speaker(synopsis["quotes"]),
        "grid": [_grid_row(f, outlets, outlet_of, omitted) for f in sorted(synopsis["facts"], key=_by_support)],
        "exclusives": sum(1 for f in synopsis["facts"] if f["exclusive"]),
        "timeline": timeline(synopsis["articles"], outlets, colour),
    }


def _by_support(fact: dict[str, Any]) -> int:
    return -int(fact["sources"])


def _quotes_by_speaker(groups: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Quote groups under their speaker, speakers quoted by several outlets first."""
    speakers: dict[str, dict[str, Any]] = {}
    for group in groups:
        name = group["speaker"]["name"]
        key = name or f"unnamed: {group['speaker']['role'] or 'no role given'}"
        entry = speakers.setdefault(key, {"name": name, "role": group["speaker"]["role"], "compared": [], "single": []})
        entry["role"] = entry["role"] or group["speaker"]["role"]
        entry["single" if group["verdict"] == "single_source" else "compared"].append(group)
    return sorted(speakers.values(), key=lambda s: (not s["compared"], s["name"] is None))


def _grid_row(fact: dict[str, Any], outlets: list[str], outlet_of: dict[str, str],
              omitted: set[tuple[str, str]]) -> dict[str, Any]:  # fmt: skip
    first: dict[str, dict[str, Any]] = {}
    for statement in fact["statements"]:
        first.setdefault(outlet_of[statement["article"]], statement)
    cells = []
    for outlet in outlets:
        state = "reported" if outlet in first else "omitted" if (outlet, fact["id"]) in omitted else "absent"
        cells.append({"outlet": outlet, "state": state, "statement": first.get(outlet)})
    return {"fact": fact, "cells": cells}


def timeline(articles: list[dict[str, Any]], outlets: list[str], colour: dict[str, str]) -> dict[str, Any] | None:
    """The geometry of the publication timeline (one lane per outlet, one dot per dated article), or
    None when no article has a publication time."""
    dated = [(a, datetime.fromisoformat(a["published"])) for a in articles if a.get("published")]
    if not dated:
        return None
    first = min(moment for _, moment in dated)
    last = max(moment for _, moment in dated)
    span = (last - first).total_seconds() or 1.0  # 1.0: every article at one moment, drawn mid-way
    usable = _TIMELINE_WIDTH - _TIMELINE_LEFT - 20
    lanes = {outlet: i for i, outlet in enumerate(outlets)}
    points = [
        {
            "x": round(
                _TIMELINE_LEFT + 10 + usable * ((moment - first).total_seconds() / span if span > 1 else 0.5), 1
            ),
            "y": lanes[a["outlet"]] * _TIMELINE_LANE + _TIMELINE_LANE // 2,
            "article": a,
            "colour": colour[a["outlet"]],
            "when": moment.strftime("%Y-%m-%d %H:%M"),
        }
        for a, moment in dated
    ]
    height = len(outlets) * _TIMELINE_LANE + 22
    return {"width": _TIMELINE_WIDTH, "height": height, "left": _TIMELINE_LEFT, "points": points,
            "lanes": [{"outlet": o, "y": i * _TIMELINE_LANE + _TIMELINE_LANE // 2, "colour": colour[o]}
                      for i, o in enumerate(outlets)],
            "first": first.strftime("%Y-%m-%d %H:%M"), "last": last.strftime("%Y-%m-%d %H:%M")}  # fmt: skip
