"""The `synoptic` command line: thin commands over the same functions the web app uses.

Errors are turned into one line on stderr here, and nowhere else.
"""

from __future__ import annotations

import sys

import typer
from rich.console import Console

from synoptic.errors import SynopticError
from synoptic.present.cli import browse, compare, ingest, quotes, serve, stories
from synoptic.present.cli.common import plain
from synoptic.present.cli.evaluate import evaluate_app

app = typer.Typer(
    name="synoptic",
    help="Read the news from many outlets and lay their accounts of each story side by side.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.command(name="ingest")(ingest.ingest_command)
app.command(name="reextract")(ingest.reextract_command)
app.command(name="articles")(browse.articles_command)
app.command(name="article")(browse.article_command)
app.command(name="outlets")(browse.outlets_command)
app.command(name="stats")(browse.stats_command)
app.command(name="stories")(stories.stories_command)
app.add_typer(stories.story_app, name="story")
app.command(name="recluster")(stories.recluster_command)
app.command(name="quotes")(quotes.quotes_command)
app.command(name="compare")(compare.compare_command)
app.command(name="synopsis")(compare.synopsis_command)
app.add_typer(evaluate_app, name="evaluate")
app.command(name="serve")(serve.serve_command)

# Exit codes: 1 = some inputs failed (the rest were processed); 2 = the command could not run.
EXIT_SOME_FAILED = 1
EXIT_ERROR = 2


def main() -> None:
    """Entry point of the `synoptic` console script."""
    try:
        app()
    except SynopticError as error:
        Console(stderr=True, soft_wrap=True).print(f"[bold red]error:[/] {plain(str(error))}", highlight=False)
        sys.exit(EXIT_ERROR)
