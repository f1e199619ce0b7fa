"""`synoptic stories`, `synoptic story ID` and the corrections `story merge|move|split`, `recluster`."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import typer
from rich.table import Table
from typer import _click  # typer's own copy of click: the Context its groups are given
from typer.core import TyperGroup

from synoptic import pipeline
from synoptic.extract.dates import to_utc
from synoptic.model import CopyGroup, Story, StoryMember
from synoptic.present.cli.common import (
    ConfigOption,
    DbOption,
    JsonOption,
    QuietOption,
    open_store,
    out,
    plain,
    print_json,
    settings_from,
)
from synoptic.present.cli.ingest import describe_clustering
from synoptic.present.serialize import cluster_summary_to_dict, member_to_dict, story_to_dict


class _StoryGroup(TyperGroup):
    """`synoptic story 12` is short for `synoptic story show 12`."""

    def resolve_command(self, ctx: _click.Context, args: list[str]) -> Any:
        if args and args[0].isdigit():
            args.insert(0, "show")
        return super().resolve_command(ctx, args)


story_app = typer.Typer(cls=_StoryGroup, help="Show one story, or correct it: merge, move, split.",
                        no_args_is_help=True)  # fmt: skip


def stories_command(
    db: DbOption = None,
    limit: Annotated[int, typer.Option(help="At most this many.")] = 50,
    offset: Annotated[int, typer.Option(help="Skip this many first.")] = 0,
    as_json: JsonOption = False,
    config: ConfigOption = None,
) -> None:
    """List stories, the most recently active first."""
    with open_store(settings_from(config, db=db)) as store:
        found = store.stories(limit, offset)
    if as_json:
        print_json([story_to_dict(story) for story in found])
        return
    table = Table(title=f"{len(found)} stories", expand=True)
    table.add_column("id", justify="right", no_wrap=True)
    table.add_column("seen", no_wrap=True)
    table.add_column("articles", justify="right", no_wrap=True)
    table.add_column("outlets", justify="right", no_wrap=True)
    table.add_column("title", ratio=1)
    for story in found:
        table.add_row(str(story.id), _span(story.first_seen, story.last_seen), str(story.articles),
                      str(story.outlets), plain(story.title))  # fmt: skip
    out.print(table)


@story_app.command("show")
def show_command(
    story_id: Annotated[int, typer.Argument(help="Story id (see `synoptic stories`).")],
    db: DbOption = None,
    as_json: JsonOption = False,
    config: ConfigOption = None,
) -> None:
    """Show a story: its articles by outlet and time, and its wire-copy groups with their origin."""
    with open_store(settings_from(config, db=db)) as store:
        story = store.story(story_id)
        members = store.story_members(story_id)
        groups = store.copy_groups(story_id)
    if as_json:
        print_json({**story_to_dict(story), "members": [member_to_dict(m) for m in members],
                    "copies": [{"origin": g.origin, "members": list(g.members)} for g in groups]})  # fmt: skip
        return
    _print_story(story, members, groups)


def _print_story(story: Story, members: list[StoryMember], groups: list[CopyGroup]) -> None:
    out.print(f"[bold]{plain(story.title)}[/]")
    out.print(f"[dim]story {story.id}: {story.articles} articles from {story.outlets} outlets, "
              f"{_span(story.first_seen, story.last_seen)}[/]")  # fmt: skip
    table = Table(expand=True)
    for name in ("article", "time", "outlet", "placed", "copy of"):
        table.add_column(name, no_wrap=True, justify="right" if name == "article" else "left")
    table.add_column("title", ratio=1)
    for member in members:
        article = member.article
        copy = f"{member.copy_of} ({member.containment:.0%})" if member.copy_of is not None else ""
        table.add_row(str(article.id), _when(article.published or article.ingested_at),
                      plain(article.outlet.name if article.outlet else ""), _placed(member), copy,
                      plain(article.title))  # fmt: skip
    out.print(table)
    out.print("[dim]placed: the similarity with which an article joined its story; `--json` gives the reasons[/]")
    outlet_of = {m.article.id: m.article.outlet.name if m.article.outlet else "" for m in members}
    for group in groups:
        copies = ", ".join(f"{member} {plain(outlet_of.get(member, ''))}".strip() for member in group.members[1:])
        out.print(f"wire copy group: origin {group.origin} {plain(outlet_of.get(group.origin, ''))}".rstrip()
                  + f"; copies: {copies}")  # fmt: skip


def _placed(member: StoryMember) -> str:
    if member.pinned:
        return "by a user"
    if member.reason.startswith("new story"):
        return "started it"
    return f"{member.score:.2f}"


@story_app.command("merge")
def merge_command(
    target: Annotated[int, typer.Argument(help="The story that stays.")],
    other: Annotated[int, typer.Argument(help="The story whose articles move into it.")],
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """Merge story OTHER into story TARGET (kept by later re-clustering)."""
    with open_store(settings_from(config, db=db)) as store:
        store.merge_stories(target, other)
    out.print(f"merged story {other} into story {target}")


@story_app.command("move")
def move_command(
    article_id: Annotated[int, typer.Argument(help="The article to move.")],
    story_id: Annotated[int, typer.Argument(help="The story it belongs to.")],
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """Move one article into another story (kept by later re-clustering)."""
    with open_store(settings_from(config, db=db)) as store:
        store.move_article(article_id, story_id)
    out.print(f"moved article {article_id} to story {story_id}")


@story_app.command("split")
def split_command(
    story_id: Annotated[int, typer.Argument(help="The story to split.")],
    article_ids: Annotated[list[int], typer.Argument(help="The articles that form the new story.")],
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """Split articles out of a story into a new story (kept by later re-clustering)."""
    with open_store(settings_from(config, db=db)) as store:
        new_id = store.split_story(story_id, article_ids)
    out.print(f"split {len(article_ids)} articles of story {story_id} into story {new_id}")


def recluster_command(
    db: DbOption = None,
    since: Annotated[datetime | None, typer.Option(help="Only articles published on or after (YYYY-MM-DD).")] = None,
    as_json: JsonOption = False,
    quiet: QuietOption = False,
    config: ConfigOption = None,
) -> None:
    """Cluster articles into stories again (all, or those since a date), keeping every user correction."""
    settings = settings_from(config, db=db)
    with open_store(settings) as store:
        released = store.unassign_unpinned(to_utc(since) if since else None)
        summary = pipeline.cluster(store, settings)
    if as_json:
        print_json({"released": released, **cluster_summary_to_dict(summary)})
    elif not quiet:
        out.print(f"released {released} articles; " + describe_clustering(summary))


def _when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M") if moment else ""


def _span(first: datetime, last: datetime) -> str:
    """``first`` in full and ``last`` without what it shares with it: 2016-06-08 09:00 → 06-09 17:30."""
    start, end = _when(first), _when(last)
    if start == end:
        return start
    shared = 5 if start[:5] == end[:5] else 0
    shared = 11 if start[:11] == end[:11] else shared
    return f"{start} → {end[shared:]}"
