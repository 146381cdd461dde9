"""``--engine local|spark`` and ``--master URL`` for the whole-register commands (``owners --out``,
``screen``), the store they read and the folder they write: each bad value is one clear line (exit 2)
before any work starts — docs/spark.md."""

import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Annotated, Optional

import typer

# a command that reads a whole register needs a store that exists: never created empty
from kingmaker.cli.common import existing_store
from kingmaker.errors import UserError

EngineOption = Annotated[str, typer.Option("--engine", help="local (in-process) or spark (Apache Spark; "
                                                            "docs/spark.md).")]
MasterOption = Annotated[Optional[str], typer.Option("--master", help="Spark master URL with --engine spark: "
                                                                     "local[N], local[*], spark://HOST:PORT, yarn, "
                                                                     "k8s://… (default local[2]).")]

#: the master URLs Spark accepts (SparkContext's master URL forms, spark.apache.org/docs/latest/submitting-applications.html)
MASTER_URL = re.compile(r"local(\[(\d+|\*)(,\d+)?\])?|local-cluster\[\d+,\d+,\d+\]|spark://[^\s/:]+(:\d+)?(,[^\s/:]+(:\d+)?)*"
                        r"|yarn|k8s://\S+|mesos://\S+")


def check_engine(engine: str, master: str | None) -> None:
    """``--engine`` is local or spark; ``--master`` only with spark, and in one of Spark's URL forms."""
    if engine not in ("local", "spark"):
        raise UserError(f"--engine must be local or spark, not {engine!r}")
    if master is not None and engine != "spark":
        raise UserError("--master goes with --engine spark")
    if master is not None and not MASTER_URL.fullmatch(master):
        raise UserError(f"--master {master!r} is not a Spark master URL; write local[N], local[*], "
                        "spark://HOST:PORT, yarn or k8s://HOST:PORT")


def writable_dir(out: Path) -> Path:
    """``out`` as a folder this process can write (created if missing), checked before any work starts."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=out, prefix=".kingmaker-check-"):
            pass
    except OSError as exc:
        raise UserError(f"--out {out}: cannot write there ({exc.strerror or exc})") from None
    return out


def spark_session(master: str | None):
    """A Spark session on ``master`` (default ``local[2]``), or one clear line why there cannot be one:
    pyspark missing, no Java runtime, or a master that does not answer."""
    try:
        import pyspark  # noqa: F401
    except ImportError:
        raise UserError("--engine spark needs pyspark (pip install 'kingmaker[spark]'), or use --engine local") from None
    java_home = os.environ.get("JAVA_HOME")
    if shutil.which("java") is None and not (java_home and (Path(java_home) / "bin" / "java").exists()):
        raise UserError("--engine spark needs a Java runtime (17 or later) on PATH or in JAVA_HOME; "
                        "install one (e.g. apt-get install openjdk-17-jre-headless) or use --engine local")
    from kingmaker.distributed.spark_ownership import session

    try:
        return session(master or "local[2]")
    except Exception as exc:  # py4j / PySpark errors: the first line says what Spark could not do
        first = next((line.strip() for line in str(exc).splitlines() if line.strip()), type(exc).__name__)
        raise UserError(f"--master {master or 'local[2]'}: Spark did not start ({first[:300]})") from None


__all__ = ["EngineOption", "MasterOption", "check_engine", "existing_store", "writable_dir", "spark_session"]
