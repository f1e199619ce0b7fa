"""`synoptic evaluate ...`: standard metrics on labelled data sets, thin over synoptic.evaluate."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any

import typer
from rich import box
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from synoptic.evaluate.clustering import evaluate_clustering
from synoptic.evaluate.copies import evaluate_copies
from synoptic.evaluate.extraction import (
    OURS,
    ExtractionReport,
    SystemScore,
    compare_with_published,
    evaluate_extraction,
    load_benchmark,
)
from synoptic.evaluate.paraphrase import evaluate_paraphrase
from synoptic.evaluate.quotes import evaluate_quotes, evaluate_speakers
from synoptic.present.cli.common import JsonOption, err, out, plain, print_json

evaluate_app = typer.Typer(
    help="Measure Synoptic on labelled data sets with each data set's own metric.",
    no_args_is_help=True,
)

ZYTE_DATA = Path("../shared/data/zyte-extraction")


@evaluate_app.command("extraction")
def extraction_command(
    data: Annotated[
        Path, typer.Option("--data", help="Folder of the Zyte article-extraction benchmark (ground-truth.json, html/).")
    ] = ZYTE_DATA,
    compare: Annotated[
        bool, typer.Option("--compare", help="Also score the ~32 published systems' outputs with the same metric.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Article-body extraction: shingle precision, recall and F1 against the benchmark's gold bodies."""
    report = _run_extraction(data, quiet=as_json)
    systems = compare_with_published(data, report) if compare else None
    if as_json:
        print_json(_extraction_json(report, systems))
        return
    scores = report.scores
    out.print(
        f"extraction on {scores.pages} pages: precision {scores.precision:.4f}  recall {scores.recall:.4f}  "
        f"F1 {scores.f1:.4f}  accuracy {scores.accuracy:.3f}  ({report.pages_per_second:.1f} pages/s)",
        soft_wrap=True,
    )
    if systems is not None:
        out.print(_comparison_table(systems))


def _run_extraction(data: Path, quiet: bool) -> ExtractionReport:
    if quiet:
        return evaluate_extraction(data)
    total = len(load_benchmark(data))
    columns = (TextColumn("Extracting"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=err, transient=True) as progress:
        task = progress.add_task("pages", total=total)
        return evaluate_extraction(data, on_page=lambda _page: progress.advance(task))


def _extraction_json(report: ExtractionReport, systems: list[SystemScore] | None) -> dict[str, Any]:
    data: dict[str, Any] = {**asdict(report.scores), "pages_per_second": round(report.pages_per_second, 2)}
    if systems is not None:
        data["published"] = [_system_json(row) for row in systems if row.system != OURS]
    return data


def _system_json(row: SystemScore) -> dict[str, Any]:
    return {
        "system": row.system,
        "version": row.version,
        **asdict(row.scores),
        "better_pages": row.better_pages,
        "worse_pages": row.worse_pages,
    }


def _comparison_table(systems: list[SystemScore]) -> Table:
    ours = next(row.scores.f1 for row in systems if row.system == OURS)
    table = Table(title="Published systems, same metric", box=box.SIMPLE_HEAD, pad_edge=False)
    table.caption = "better / worse: pages where the system's F1 is above / below ours"
    table.add_column("system (version)", no_wrap=True)
    for header in ("F1", "P", "R", "ΔF1", "better", "worse"):
        table.add_column(header, justify="right", no_wrap=True)
    for row in systems:
        is_ours = row.system == OURS
        table.add_row(
            f"[bold]{row.system}[/]" if is_ours else plain(f"{row.system} {row.version or ''}".rstrip()),
            f"{row.scores.f1:.3f}",
            f"{row.scores.precision:.3f}",
            f"{row.scores.recall:.3f}",
            "" if is_ours else f"{row.scores.f1 - ours:+.3f}",
            "" if is_ours else str(row.better_pages),
            "" if is_ours else str(row.worse_pages),
        )
    return table


POLNEAR_DATA = Path("../shared/data/polnear")
BASIL_DATA = Path("../shared/data/basil")


@evaluate_app.command("quotes")
def quotes_command(
    data: Annotated[
        Path, typer.Option("--data", help="PolNeAR folder (data/<split>/text, attributions).")
    ] = POLNEAR_DATA,
    split: Annotated[str, typer.Option(help="Which split to score: train or dev.")] = "dev",
    as_json: JsonOption = False,
) -> None:
    """Quote extraction: direct and indirect quote P/R/F1 and speaker accuracy on PolNeAR."""
    result = evaluate_quotes(data, split)
    if as_json:
        print_json(result)
        return
    table = Table("", "precision", "recall", "F1", title=f"quotes on PolNeAR {split} ({result['articles']} articles)")
    for name, scores in (("direct", result["direct"]), ("indirect", result["indirect"]),
                         ("regex baseline, direct", result["baseline"]["direct"])):  # fmt: skip
        table.add_row(name, *(f"{scores[k]:.3f}" for k in ("precision", "recall", "f1")))
    out.print(table)
    out.print(f"speaker accuracy on matched direct quotes: {result['speaker_accuracy']:.3f}")


@evaluate_app.command("speakers")
def speakers_command(
    data: Annotated[Path, typer.Option("--data", help="BASIL folder (articles/, annotations/).")] = BASIL_DATA,
    as_json: JsonOption = False,
) -> None:
    """Speaker attribution: our speaker name against BASIL's annotated speakers of quotes."""
    result = evaluate_speakers(data)
    if as_json:
        print_json(result)
        return
    out.print(f"speaker accuracy {result['accuracy']:.3f} on {result['covered']} quotes we found "
              f"(coverage {result['coverage']:.3f} of {result['quotes']} annotated)")  # fmt: skip


MRPC_DATA = Path("../shared/data/mrpc/msr_paraphrase_train.txt")


@evaluate_app.command("paraphrase")
def paraphrase_command(
    data: Annotated[Path, typer.Option("--data", help="MRPC file (tab-separated pairs).")] = MRPC_DATA,
    train: Annotated[Path | None, typer.Option(help="Fit on this file instead of cross-validating on --data.")] = None,
    predictions: Annotated[Path | None, typer.Option(help="Write id1<TAB>id2<TAB>0|1 per pair here.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Fact alignment: is this the same statement? Accuracy and F1 on MRPC pairs."""
    result = evaluate_paraphrase(data, train=train, predictions_out=predictions)
    if as_json:
        print_json(result)
        return
    out.print(f"same-statement decision on {result['pairs']} pairs: accuracy {result['accuracy']:.4f}  "
              f"F1 {result['f1']:.4f}  (threshold {result['threshold']:.3f})")  # fmt: skip


ECBPLUS_DATA = Path("../shared/data/ecbplus")


@evaluate_app.command("clustering")
def clustering_command(
    data: Annotated[
        list[Path],
        typer.Option(
            "--data", help="ECB+, BASIL or NewsWCL50 folder, or a JSONL file; repeat to cluster several together."
        ),
    ],
    orders: Annotated[int, typer.Option(help="Seeded random orders to average over.")] = 5,
    seed: Annotated[int, typer.Option(help="Seed of the orders.")] = 0,
    assignments: Annotated[
        Path | None, typer.Option(help="Write {id, story} per article (first order) here, as JSONL.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Story clustering: B³, pairwise F1 and V-measure against the gold events, streamed in random orders."""
    result = evaluate_clustering(list(data), orders=orders, seed=seed, assignments_out=assignments)
    if as_json:
        print_json(result)
        return
    table = Table("", "precision", "recall", "F1", title=f"story clustering, {result['articles']} articles, "
                  f"mean of {result['orders']} orders")  # fmt: skip
    table.add_row("B³", *(f"{result['b3'][k]:.3f}" for k in ("precision", "recall", "f1")))
    table.add_row("B³ before settling", *(f"{result['live']['b3'][k]:.3f}" for k in ("precision", "recall", "f1")))
    out.print(table)
    out.print(f"pairwise F1 {result['pairwise_f1']:.3f}  V-measure {result['v_measure']:.3f}  "
              f"stories {result['stories']:.1f} (gold {result['gold_stories']})  "
              f"{result['articles_per_second']:.0f} articles/s")  # fmt: skip


@evaluate_app.command("copies")
def copies_command(
    data: Annotated[
        Path, typer.Option("--data", help="ECB+ folder (with its silver pairs) or a JSONL file with copy_of.")
    ] = ECBPLUS_DATA,
    pairs_out: Annotated[
        Path | None, typer.Option(help="Write the predicted pairs {a, b, origin} here, as JSONL.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Wire-copy detection: precision, recall and F1 of the copy pairs (and of containment-only pairs on ECB+)."""
    result = evaluate_copies(data, pairs_out=pairs_out)
    if as_json:
        print_json(result)
        return
    table = Table("pairs", "precision", "recall", "F1", title="copy detection")
    for name in ("copies", "containment"):
        if result[name] is not None:
            table.add_row(name, *(f"{result[name][k]:.3f}" for k in ("precision", "recall", "f1")))
    out.print(table)
    out.print(f"{result['articles_per_second']:.0f} articles/s")
