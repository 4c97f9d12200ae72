"""The DuckDB engine: an in-process connection that can read the workspace's files only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

from fayan.engines.base import EngineError


class DuckDBEngine:
    name = "duckdb"
    dialect = "duckdb"

    def __init__(self, allowed_dirs: list[Path], threads: int | None = None) -> None:
        self.con = duckdb.connect(config={"threads": threads} if threads else {})
        dirs = ", ".join(f"'{_lit(str(d.resolve()))}/'" for d in allowed_dirs)
        # Files outside the workspace, the network and extensions are closed to models for
        # good: lock_configuration stops a later SET from reopening them.
        self.con.execute(f"SET allowed_directories = [{dirs}]")
        self.con.execute("SET enable_external_access = false")
        self.con.execute("SET autoinstall_known_extensions = false")
        self.con.execute("SET autoload_known_extensions = false")
        self.con.execute("SET lock_configuration = true")

    def register(self, table: str, parquet_path: str) -> None:
        self._run(
            f"CREATE OR REPLACE TEMP VIEW {table} AS SELECT * FROM read_parquet('{_lit(parquet_path)}')"
        )

    def create_view(self, name: str, sql: str) -> None:
        self._run(f"CREATE OR REPLACE TEMP VIEW {name} AS {sql}")

    def create_table(self, name: str, sql: str) -> None:
        self._run(f"CREATE OR REPLACE TEMP TABLE {name} AS {sql}")

    def fetch(self, sql: str) -> list[dict[str, Any]]:
        try:
            cursor = self.con.execute(sql)
            names = [d[0] for d in cursor.description or []]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        except duckdb.Error as exc:
            raise EngineError(f"DuckDB 执行失败: {exc}") from exc

    def _run(self, sql: str) -> None:
        try:
            self.con.execute(sql)
        except duckdb.Error as exc:
            raise EngineError(f"DuckDB 执行失败: {exc}") from exc

    def close(self) -> None:
        self.con.close()


def _lit(value: str) -> str:
    return value.replace("'", "''")
