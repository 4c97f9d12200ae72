"""Engines (执行引擎): run a compiled plan. DuckDB is the embedded default.

An engine registers dataset versions (Parquet files) as tables, creates the plan's layers and
fetches rows; it holds no model logic. Spark follows behind the same interface: it is imported
only when asked for, so ``import fayan`` never needs PySpark.
"""

from __future__ import annotations

from pathlib import Path

from fayan.engines.base import Engine, EngineError

ENGINES = ("duckdb", "spark")


def get_engine(
    name: str,
    allowed_dirs: list[Path],
    spill_dir: Path | None = None,
    allowed_files: list[Path] | None = None,
) -> Engine:
    """An engine that may touch ``allowed_dirs`` and ``allowed_files`` and nothing else."""
    if name == "duckdb":
        from fayan.engines.duckdb_engine import DuckDBEngine

        return DuckDBEngine(allowed_dirs, spill_dir=spill_dir, allowed_files=allowed_files)
    if name == "spark":
        raise EngineError(
            "Spark 引擎尚未提供：编译结果已可转写为 Spark SQL（fayan explain MODEL --dialect spark），"
            "引擎本身将在后续版本加入。请先使用 --engine duckdb"
        )
    raise EngineError(f"未知的引擎 {name!r}（可用: {', '.join(ENGINES)}）")


__all__ = ["ENGINES", "Engine", "EngineError", "get_engine"]
