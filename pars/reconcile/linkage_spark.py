"""Splink's Spark backend for the probabilistic linkage step (``linkage.backend = "spark"``).

Why Spark at all: DuckDB on one machine is the default and is fast enough for a
practice group; a national-scale deployment scores its candidate pairs on a
Spark cluster instead. Only the Splink step moves: staging, the deterministic
join and the final rule filter stay in DuckDB (pars/reconcile/linkage.py), so
both backends apply the same business rule to the same candidate pairs and a
test can demand the same links and findings from each.

Where the session comes from, in this order:

1. an active SparkSession in this process (a job started by ``spark-submit``,
   or a notebook), used as it is;
2. ``SPARK_REMOTE`` set: a Spark Connect session to that server (which must
   have Splink's similarity jar for ``damerau_levenshtein``);
3. otherwise a new session on ``PARS_SPARK_MASTER`` (default ``local[2]``),
   sized for a small machine when the master is local: two shuffle
   partitions, no UI, a 1 GiB driver, a checkpoint folder under the system
   temp folder, log level ERROR.

The session is started once per process and kept: start-up costs seconds
(measured in docs/reconciliation.md), the link itself far less.

Never imported unless the Spark backend is chosen: pyspark is the optional
``spark`` extra and needs Java 17+.
"""

from __future__ import annotations

import atexit
import logging
import os
import shutil
import sys
import tempfile
import threading
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import duckdb

logger = logging.getLogger(__name__)

INSTALL_HINT = "install the spark extra: pip install 'pars[spark]'; needs Java 17"
DEFAULT_MASTER = "local[2]"
# How Splink breaks Spark's lineage between steps in local mode (and over Spark Connect, which
# has no checkpoint dir to read): in memory; measured against "parquet" in docs/reconciliation.md.
BREAK_LINEAGE_LOCAL = "persist"

_lock = threading.Lock()
_predict_lock = threading.Lock()  # one link at a time: the temp views have fixed names
_session: Any = None
_checkpoint_dir: str | None = None  # set while _session is a local session this module started


class SparkUnavailable(RuntimeError):
    """The Spark backend was chosen but pyspark or Java is missing, or Spark would not start."""


def unavailable_reason() -> str | None:
    """Why the Spark backend cannot run here, or None when pyspark and Java are both present.

    Checked before any work so that a missing extra fails in a second, not after the
    exact join; a remote (Spark Connect) session needs no local Java.
    """
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return f"pyspark is not installed ({INSTALL_HINT})"
    if os.environ.get("SPARK_REMOTE"):
        return None
    java_home = os.environ.get("JAVA_HOME")
    if java_home and os.access(os.path.join(java_home, "bin", "java"), os.X_OK):
        return None
    if shutil.which("java") is None:
        return f"no Java runtime found (set JAVA_HOME or put java on PATH; {INSTALL_HINT})"
    return None


def require_spark() -> None:
    """Raise SparkUnavailable with the install hint when the backend cannot run here."""
    reason = unavailable_reason()
    if reason is not None:
        raise SparkUnavailable(f"linkage backend 'spark' is not available: {reason}")


def _master() -> str:
    from pars.config import env_str

    return env_str("PARS_SPARK_MASTER", DEFAULT_MASTER) or DEFAULT_MASTER


def spark_session() -> Any:
    """The process's SparkSession: the active one, a Spark Connect one, or a new local one."""
    global _session, _checkpoint_dir
    require_spark()
    with _lock:
        if _session is not None:
            return _session
        from pyspark.sql import SparkSession

        active = SparkSession.getActiveSession()
        if active is not None:
            _session = active
            return _session
        try:
            if os.environ.get("SPARK_REMOTE"):
                _session = SparkSession.builder.appName("pars-linkage").getOrCreate()
            else:
                _session = _local_or_cluster_session(SparkSession)
        except Exception as exc:  # py4j/pyspark raise many kinds; all mean "no Spark here"
            _checkpoint_dir = None
            raise SparkUnavailable(
                f"could not start Spark on {_master()!r}: {exc} ({INSTALL_HINT})"
            ) from exc
        return _session


def _local_or_cluster_session(spark_session_class: Any) -> Any:
    """A classic (JVM) session on PARS_SPARK_MASTER; small-machine settings when local."""
    global _checkpoint_dir
    from splink.backends.spark import similarity_jar_location

    # Python workers (if Spark ever needs one) must be this interpreter, not the system one.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    # py4j logs every connection at INFO, also from __del__ at interpreter exit
    logging.getLogger("py4j").setLevel(logging.WARNING)
    master = _master()
    builder = (
        spark_session_class.builder.master(master)
        .appName("pars-linkage")
        # Splink's Scala UDFs, damerau_levenshtein among them (the NHS number comparison)
        .config("spark.jars", similarity_jar_location())
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.session.timeZone", "UTC")
    )
    local = master.startswith("local")
    if local:
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        _checkpoint_dir = tempfile.mkdtemp(prefix="pars-spark-")
        atexit.register(shutil.rmtree, _checkpoint_dir, True)
        log_config = os.path.join(_checkpoint_dir, "log4j2.properties")
        with open(log_config, "w", encoding="utf-8") as handle:
            handle.write(_LOG4J_ERRORS_ONLY)
        builder = (
            builder.config("spark.sql.shuffle.partitions", "2")
            .config("spark.default.parallelism", "2")
            .config("spark.driver.memory", "1g")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config(
                "spark.driver.extraJavaOptions", f"-Dlog4j2.configurationFile=file:{log_config}"
            )
        )
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    if local:
        session.sparkContext.setCheckpointDir(os.path.join(_checkpoint_dir, "checkpoints"))
    return session


# Spark's own start-up chatter (native-hadoop, default profile) is noise in a CLI's stderr. Root
# at WARN (the shell's default) so that Spark does not announce a change of level; ERROR is set
# as soon as the session exists.
_LOG4J_ERRORS_ONLY = """\
rootLogger.level = warn
rootLogger.appenderRef.stderr.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{yy/MM/dd HH:mm:ss} %p %c{1}: %m%n%ex
logger.hadoop.name = org.apache.hadoop.util.NativeCodeLoader
logger.hadoop.level = error
"""


def stop_spark() -> None:
    """Stop the local session this module started (tests; a long-lived process keeps it).

    A session found active (someone else's) or a Spark Connect one is only forgotten.
    """
    global _session, _checkpoint_dir
    with _lock:
        if _session is not None and _checkpoint_dir is not None:
            _session.stop()
        _session = None
        _checkpoint_dir = None


def _break_lineage(spark: Any, local: bool) -> str | None:
    """How Splink materialises intermediate tables: in memory locally, else its parquet default.

    Splink's default ("parquet") writes into the session's checkpoint dir; a session
    without one (someone else's, or Spark Connect, which has no SparkContext) would fail,
    so those persist in memory instead.
    """
    if local:
        return BREAK_LINEAGE_LOCAL
    try:
        checkpoint_dir = spark.sparkContext.getCheckpointDir()
    except Exception:  # Spark Connect: no SparkContext on the client
        checkpoint_dir = None
    return None if checkpoint_dir else "persist"


def predict(
    con: duckdb.DuckDBPyConnection,
    settings: Any,
    threshold: float,
    *,
    into: str = "spark_predictions",
) -> str:
    """Score p_sus x p_letters with Splink on Spark; the pairs land in DuckDB table ``into``.

    The two inputs are copied from DuckDB through Arrow and registered under the same
    names as on DuckDB, so Splink orders the pair sides (``_l`` = SUS) the same way and
    the window level's ``d_l``/``d_r`` mean the same thing on both backends.
    """
    spark = spark_session()
    with _predict_lock:
        pairs = _predict_pairs(spark, con, settings, threshold)
    con.register("_spark_pairs", pairs)
    try:
        con.execute(f"CREATE OR REPLACE TABLE {into} AS SELECT * FROM _spark_pairs").fetchall()
    finally:
        con.unregister("_spark_pairs")
    return into


def _predict_pairs(spark: Any, con: duckdb.DuckDBPyConnection, settings: Any, threshold: float):
    """Splink's predict on Spark; (unique_id_l, unique_id_r, match_weight) as an Arrow table."""
    from splink import Linker
    from splink.backends.spark import SparkAPI

    for name in ("p_sus", "p_letters"):
        table = con.sql(f"SELECT * FROM {name}").to_arrow_table()
        spark.createDataFrame(table).createOrReplaceTempView(name)
    local = _checkpoint_dir is not None  # a local session this module started
    db_api = SparkAPI(
        spark_session=spark,
        break_lineage_method=_break_lineage(spark, local),
        num_partitions_on_repartition=2 if local else None,
    )
    linker = Linker(
        [db_api.register("p_sus"), db_api.register("p_letters")],
        settings,
        log_level=logging.WARNING,
    )
    predictions = linker.inference.predict(threshold_match_weight=threshold)
    frame = spark.table(predictions.physical_name).select(
        "unique_id_l", "unique_id_r", "match_weight"
    )
    pairs = frame.toArrow()
    predictions.drop_table_from_database_and_remove_from_cache()
    for name in ("p_sus", "p_letters"):
        spark.catalog.dropTempView(name)
    if local:
        # Splink persists its intermediate tables; a long-lived process must not keep them.
        # Only in our own session: someone else's session keeps its own cache.
        spark.catalog.clearCache()
    return pairs
