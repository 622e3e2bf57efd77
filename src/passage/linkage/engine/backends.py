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
        from splink.backends.spark import similarity_jar_location
    except ImportError as missing:
        raise RuntimeError(
            "PASSAGE_LINKAGE_SPARK is set but pyspark is not installed: "
            "pip install 'passage[spark]'"
        ) from missing
    local = spark_master.startswith("local")
    spark = (
        SparkSession.builder.master(spark_master)
        .appName("passage-linkage")
        # a local master has a few cores: fewer shuffle partitions, fewer tiny tasks
        .config("spark.sql.shuffle.partitions", "2" if local else "8")
        .config("spark.ui.enabled", "false")
        # Splink's string similarity functions (jaro_winkler, damerau_levenshtein) are Scala
        # UDFs shipped in a jar with Splink: without it every comparison query fails
        .config("spark.jars", similarity_jar_location())
        .getOrCreate()
    )
    spark.sparkContext.setCheckpointDir("/tmp/passage-linkage-checkpoints")
    if local:  # one machine: keep intermediate tables in memory, not written out as parquet
        return SparkAPI(
            spark_session=spark, break_lineage_method="persist", num_partitions_on_repartition=2
        )
    return SparkAPI(spark_session=spark)
