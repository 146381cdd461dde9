"""The whole-register UBO table as a ``spark-submit`` application (docs/spark.md, "On a cluster").

Reads the Parquet edge table that ``kingmaker export --format parquet`` writes (or
:func:`~kingmaker.distributed.spark_ownership.edges_to_parquet`), writes ``OUT/ownership`` and
``OUT/ubo`` (:func:`~kingmaker.distributed.spark_ownership.run_parquet`); the master is the one
``spark-submit`` was given. Only the driver imports Kingmaker: the executors run Spark SQL, no Python. ::

    spark-submit --master spark://HOST:7077 "$(python -c 'import kingmaker.distributed.job as j; print(j.__file__)')" \\
        /shared/ties.parquet /shared/out --threshold 25
"""
from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kingmaker-spark-job", description=__doc__.splitlines()[0])
    parser.add_argument("ties", help="Parquet edge table (kingmaker export --format parquet)")
    parser.add_argument("out", help="folder for the ownership/ and ubo/ tables (every executor must reach it)")
    parser.add_argument("--threshold", type=float, default=25.0, help="UBO threshold in percent (default 25)")
    parser.add_argument("--more-than", action="store_true", help="test 'more than' instead of 'at least'")
    args = parser.parse_args(argv)
    if not 0 <= args.threshold <= 100:
        parser.error(f"--threshold {args.threshold:g}: give a percentage between 0 and 100")
    from kingmaker.distributed.spark_ownership import run_parquet, session

    spark = session(None, app="kingmaker-ubo-table")
    stats: dict = {}
    out = run_parquet(spark, args.ties, args.out, threshold=args.threshold / 100, at_least=not args.more_than, stats=stats)
    print(f"wrote {out['ownership']} and {out['ubo']} ({stats.get('value_steps')} value steps, "
          f"{stats.get('label_steps')} label steps; master {spark.sparkContext.master}, "
          f"{spark.conf.get('spark.sql.shuffle.partitions')} shuffle partitions)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
