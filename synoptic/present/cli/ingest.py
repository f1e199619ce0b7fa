"""`synoptic ingest` and `synoptic reextract`."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from synoptic import pipeline
from synoptic.model import ClusterSummary, IngestSummary, Outcome, Status
from synoptic.present.cli.common import (
    ConfigOption,
    DbOption,
    JsonOption,
    QuietOption,
    err,
    open_store,
    out,
    plain,
    print_json,
    settings_from,
)
from synoptic.present.serialize import cluster_summary_to_dict, outcome_to_dict

EXIT_SOME_FAILED = 1


def describe_clustering(summary: ClusterSummary) -> str:
    """One line on what a clustering run did."""
    return (
        f"placed {summary.articles} articles in {len(summary.stories_touched)} stories "
        f"({summary.new_stories} new, {summary.settled} merged on settling); {summary.copies} wire copies"
    )


def ingest_command(
    inputs: Annotated[list[str], typer.Argument(help="Files, directories, feeds (.rss/.atom/.xml) or http(s) URLs.")],
    db: DbOption = None,
    outlet: Annotated[str | None, typer.Option(help="Outlet name for every input (default: from URL or page).")] = None,
    allow_private: Annotated[
        bool | None, typer.Option("--allow-private", help="Allow fetching loopback and private network addresses.")
    ] = None,
    workers: Annotated[int | None, typer.Option(help="Processes for extraction (default 1).")] = None,
    cluster: Annotated[
        bool, typer.Option("--cluster/--no-cluster", help="Group the new articles into stories afterwards.")
    ] = True,
    as_json: JsonOption = False,
    quiet: QuietOption = False,
    config: ConfigOption = None,
) -> None:
    """Ingest articles from files, directories, feeds, WARC archives and URLs, then group them into stories."""
    settings = settings_from(config, db=db, allow_private=allow_private, workers=workers)
    with open_store(settings) as store:
        with _progress(quiet or as_json, "Ingesting") as report:
            summary = pipeline.ingest(inputs, store, settings, report, outlet=outlet)
        clustered = pipeline.cluster(store, settings) if cluster else None
    _finish(summary, as_json, quiet, "ingested", clustered)


def reextract_command(
    db: DbOption = None,
    stale: Annotated[bool, typer.Option("--stale", help="Only articles extracted by an older extractor.")] = False,
    as_json: JsonOption = False,
    quiet: QuietOption = False,
    config: ConfigOption = None,
) -> None:
    """Extract stored articles again from their kept raw inputs."""
    settings = settings_from(config, db=db)
    with open_store(settings) as store, _progress(quiet or as_json, "Re-extracting") as report:
        summary = pipeline.reextract(store, settings, stale_only=stale, on_outcome=report)
    _finish(summary, as_json, quiet, "re-extracted")


@contextmanager
def _progress(hidden: bool, label: str) -> Iterator[Callable[[Outcome], None]]:
    """A live count of processed inputs; failures are printed as they happen, one line each."""
    counts = dict.fromkeys(Status, 0)
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=err,
        disable=hidden,
        transient=True,
    ) as progress:
        task = progress.add_task(label)

        def report(outcome: Outcome) -> None:
            counts[outcome.status] += 1
            if outcome.status is Status.FAILED:
                progress.console.print(f"[red]failed[/] {plain(outcome.source)}: {plain(outcome.reason)}")
            stored, duplicate, failed = (counts[s] for s in Status)
            progress.update(task, description=f"{label}: {stored} stored, {duplicate} duplicates, {failed} failed")

        yield report


def _finish(
    summary: IngestSummary, as_json: bool, quiet: bool, verb: str, clustered: ClusterSummary | None = None
) -> None:
    if as_json:
        report = {
            "stored": summary.stored,
            "duplicates": summary.duplicates,
            "failed": summary.failed,
            "failures": [outcome_to_dict(o) for o in summary.failures],
        }
        print_json(report | ({"clustering": cluster_summary_to_dict(clustered)} if clustered else {}))
    elif not quiet:
        out.print(
            f"{summary.stored} {verb}, {summary.duplicates} duplicates (nothing new stored), {summary.failed} failed"
        )
        if clustered and clustered.articles:
            out.print(describe_clustering(clustered))
    if summary.failed:
        raise typer.Exit(EXIT_SOME_FAILED)
