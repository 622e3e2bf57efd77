"""`passage linkage ...`: de-duplicate any CSV list, or link two, with the same model the
registry uses. Columns are recognised by name (`engine.records.VOCABULARY`), others ignored;
bad input exits 2 with a message on stderr; stdout gets a JSON summary."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import typer

from passage.config import get_settings
from passage.linkage.engine import VOCABULARY, BadInput, LinkageResult, prepare
from passage.linkage.engine.records import usable_fields

linkage_app = typer.Typer(
    help="Record linkage: find duplicates in a list, or link two lists.", no_args_is_help=True
)
BAD_INPUT = 2


def _read(path: Path, id_column: str) -> list[dict[str, Any]]:
    """The prepared records of a CSV file (UTF-8, a header row)."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            header = [name.strip() for name in reader.fieldnames or []]
            if id_column not in header:
                raise BadInput(f"{path.name}: no column named {id_column!r}")
            if "name" not in usable_fields(header):
                known = ", ".join(VOCABULARY)
                raise BadInput(f"{path.name}: no usable column (a name is needed; known: {known})")
            return prepare(_rows(reader, header), id_column)
    except (OSError, UnicodeDecodeError, csv.Error) as problem:
        raise BadInput(f"{path.name}: cannot be read ({problem.__class__.__name__})") from None


def _rows(reader: csv.DictReader, header: list[str]) -> Iterator[dict[str, Any]]:
    for row in reader:
        yield {name: value for name, value in zip(header, row.values(), strict=False)}


def _write(path: Path, header: tuple[str, ...], rows: Iterator[tuple[Any, ...]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def _pairs(result: LinkageResult) -> Iterator[tuple[Any, ...]]:
    for pair in result.pairs:
        yield pair.id_l, pair.id_r, f"{pair.match_probability:.6f}"


def _fail(problem: Exception) -> typer.Exit:
    typer.echo(f"error: {problem}", err=True)
    return typer.Exit(BAD_INPUT)


def _threshold(value: float) -> float:
    if not 0.0 < value < 1.0:
        raise typer.BadParameter("the threshold is a probability between 0 and 1")
    return value


@linkage_app.command("dedupe")
def dedupe_command(
    file: Path,
    id_column: str = typer.Option(..., "--id", help="The column holding each row's id."),
    pairs: Path = typer.Option(..., "--pairs", help="Where to write id_l,id_r,match_probability."),
    clusters: Path | None = typer.Option(None, "--clusters", help="Where to write id,cluster_id."),
    threshold: float = typer.Option(0.9, "--threshold", callback=_threshold),
) -> None:
    """Find the rows of FILE that are the same person: pairs above the threshold, clusters."""
    try:
        records = _read(file, id_column)
        from passage.linkage.engine.model import dedupe  # loads Splink: only when a run starts

        result = dedupe(
            records,
            threshold=threshold,
            cluster=clusters is not None,
            backend=get_settings().linkage_spark or None,
            explain=False,
        )
    except BadInput as problem:
        raise _fail(problem) from None
    _write(pairs, ("id_l", "id_r", "match_probability"), _pairs(result))
    if clusters is not None:
        _write(clusters, ("id", "cluster_id"), iter(sorted(result.clusters.items())))
    typer.echo(json.dumps(result.summary()))


@linkage_app.command("link")
def link_command(
    left: Path,
    right: Path,
    id_column: str = typer.Option(..., "--id", help="The column holding each row's id."),
    pairs: Path = typer.Option(..., "--pairs", help="Where to write id_l,id_r,match_probability."),
    threshold: float = typer.Option(0.9, "--threshold", callback=_threshold),
) -> None:
    """Find the rows of LEFT and RIGHT that are the same person (id_l from LEFT)."""
    from passage.linkage.engine.model import link  # loads Splink: only when a run starts

    try:
        result = link(
            _read(left, id_column),
            _read(right, id_column),
            threshold=threshold,
            backend=get_settings().linkage_spark or None,
        )
    except BadInput as problem:
        raise _fail(problem) from None
    _write(pairs, ("id_l", "id_r", "match_probability"), _pairs(result))
    typer.echo(json.dumps(result.summary()))
