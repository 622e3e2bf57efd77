"""Where Splink runs: DuckDB in this process (the default), or a Spark cluster when the
deployment names one (`PASSAGE_LINKAGE_SPARK`, a Spark master URL such as `local[2]` or
`spark://host:7077`; needs the `spark` extra)."""

from __future__ import annotations

from typing import Any

from splink import DuckDBAPI


def database_api(spark_master: str | None = None) -> Any:
    """A fresh Splink database API: DuckDB in memory, or Spark at `spark_master`."""
    if not spark_master:
        return DuckDBAPI()
    try:
        from pyspark.sql import SparkSession  # the optional `spark` extra
        from splink import SparkAPI
    except ImportError as missing:
        raise RuntimeError(
            "PASSAGE_LINKAGE_SPARK is set but pyspark is not installed: "
            "pip install 'passage[spark]'"
        ) from missing
    spark = (
        SparkSession.builder.master(spark_master)
        .appName("passage-linkage")
        .config("spark.sql.shuffle.partitions", "8")
        .getOrCreate()
    )
    spark.sparkContext.setCheckpointDir("/tmp/passage-linkage-checkpoints")
    return SparkAPI(spark_session=spark)
