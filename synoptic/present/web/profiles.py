"""Overviews across stories, read from their synopses (JSON): speakers, their quotes, outlets' exclusives.

There is no quote table: quotes live in each story's synopsis, which is made when the story is first
compared and kept. These pure functions read a set of kept synopses (story id -> synopsis JSON);
stories never compared contribute nothing, and the pages say so.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any


def speakers_index(synopses: dict[int, dict[str, Any]]) -> list[dict[str, Any]]:
    """Named speakers with their number of quoted statements, stories and outlets, most quoted first."""
    quotes: Counter[str] = Counter()
    stories: defaultdict[str, set[int]] = defaultdict(set)
    outlets: defaultdict[str, set[str]] = defaultdict(set)
    roles: dict[str, str] = {}
    for story_id, synopsis in synopses.items():
        outlet_of = {a["id"]: a["outlet"] for a in synopsis["articles"]}
        for group in synopsis["quotes"]:
            name = group["speaker"]["name"]
            if not name:
                continue
            quotes[name] += 1
            stories[name].add(story_id)
            outlets[name].update(outlet_of.get(v["article"], "?") for v in group["variants"])
            if group["speaker"]["role"]:
                roles.setdefault(name, group["speaker"]["role"])
    return [
        {
            "name": name,
            "role": roles.get(name),
            "statements": n,
            "stories": len(stories[name]),
            "outlets": len(outlets[name]),
        }
        for name, n in sorted(quotes.items(), key=lambda item: (-item[1], item[0]))
    ]


def speaker_profile(name: str, synopses: dict[int, dict[str, Any]]) -> dict[str, Any]:
    """Every quoted statement of ``name`` (exact canonical name) in these synopses: per story, the
    quote groups with each outlet's wording and diff."""
    quotes = []
    roles: Counter[str] = Counter()
    for story_id, synopsis in sorted(synopses.items(), reverse=True):
        outlet_of = {a["id"]: a["outlet"] for a in synopsis["articles"]}
        for group in synopsis["quotes"]:
            if group["speaker"]["name"] != name:
                continue
            if group["speaker"]["role"]:
                roles[group["speaker"]["role"]] += 1
            quotes.append({"story": story_id, **group, "outlets": {v["article"]: outlet_of.get(v["article"])
                                                                   for v in group["variants"]}})  # fmt: skip
    return {
        "name": name,
        "roles": [role for role, _ in roles.most_common()],
        "stories": sorted({q["story"] for q in quotes}, reverse=True),
        "quotes": quotes,
    }


def outlet_profile(outlet: str, synopses: dict[int, dict[str, Any]]) -> dict[str, Any]:
    """What the synopses of an outlet's stories say about it: its exclusive facts, the facts it omits
    that others report, and whom it quotes (statements per speaker)."""
    exclusives, omitted = [], 0
    speakers: Counter[str] = Counter()
    for story_id, synopsis in sorted(synopses.items(), reverse=True):
        facts = {f["id"]: f for f in synopsis["facts"]}
        for fact in synopsis["facts"]:
            if fact["exclusive"] and fact["support"] == [outlet]:
                first = fact["statements"][0]
                exclusives.append({"story": story_id, "fact": fact["id"], "article": first["article"],
                                   "sentence": first["sentence"], "text": first["text"]})  # fmt: skip
        omitted += sum(1 for fact_id in synopsis.get("omissions", {}).get(outlet, []) if fact_id in facts)
        ids = {a["id"] for a in synopsis["articles"] if a["outlet"] == outlet}
        for group in synopsis["quotes"]:
            if any(v["article"] in ids for v in group["variants"]):
                speakers[group["speaker"]["name"] or "(unnamed)"] += 1
    return {
        "synopses_read": len(synopses),
        "exclusives": exclusives,
        "omitted_facts": omitted,
        "quoted": [{"speaker": name, "statements": n} for name, n in speakers.most_common()],
    }
