"""The Spark backend (issue 17 item 5): the same pipeline through Splink's Spark API on a local
Spark, so that the path deployments take when they outgrow one machine does not rot.

Needs Java and the `spark` extra (pyspark). Skipped without them, unless PASSAGE_SPARK_TESTS=1
(CI) makes their absence a failure."""

from __future__ import annotations

import os
import shutil

import pytest

from passage.linkage.engine import prepare
from passage.synthetic.registrations import registrations, true_pairs


@pytest.fixture
def spark_ready(backend: str) -> None:
    if backend != "sqlite":
        pytest.skip("the Spark pipeline does not touch the database: run once")
    missing = []
    if shutil.which("java") is None:
        missing.append("no java on the PATH")
    try:
        import pyspark  # noqa: F401
    except ImportError:
        missing.append("pyspark is not installed (the `spark` extra)")
    if missing and os.environ.get("PASSAGE_SPARK_TESTS") == "1":
        pytest.fail("PASSAGE_SPARK_TESTS=1 but " + ", ".join(missing), pytrace=False)
    if missing:
        pytest.skip(", ".join(missing) + " (PASSAGE_SPARK_TESTS=1 makes this an error)")


def test_dedupe_on_a_local_spark_finds_the_same_pairs_as_duckdb(spark_ready):
    from passage.linkage.engine.model import dedupe

    rows, truth = registrations(120, seed=21)
    records = prepare(rows, "id")
    on_duckdb = dedupe(records, threshold=0.9)
    on_spark = dedupe(records, threshold=0.9, backend="local[1]")
    spark_pairs = {frozenset((pair.id_l, pair.id_r)) for pair in on_spark.pairs}
    assert spark_pairs == {frozenset((pair.id_l, pair.id_r)) for pair in on_duckdb.pairs}
    assert len(spark_pairs & true_pairs(truth)) >= 0.8 * len(true_pairs(truth))
    assert on_spark.clusters == on_duckdb.clusters
    assert on_spark.pairs[0].fields["name"][0]  # explained, field by field, as on DuckDB
