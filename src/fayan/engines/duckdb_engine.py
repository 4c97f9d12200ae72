"""The DuckDB engine: an in-process connection that can read the workspace's files only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

from fayan.engines.base import EngineError


class DuckDBEngine:
    name = "duckdb"
    dialect = "duckdb"

    def __init__(
        self,
        allowed_dirs: list[Path],
        threads: int | None = None,
        spill_dir: Path | None = None,
        allowed_files: list[Path] | None = None,
    ) -> None:
        self.con = duckdb.connect(config={"threads": threads} if threads else {})
        if spill_dir is not None:  # materialised layers larger than memory spill here
            self.con.execute(f"SET temp_directory = '{_lit(str(spill_dir))}'")
        dirs = ", ".join(f"'{_lit(str(d.resolve()))}/'" for d in allowed_dirs)
        files = ", ".join(f"'{_lit(str(Path(f).resolve()))}'" for f in allowed_files or [])
        # Other files, the network and extensions are closed to models for good:
        # lock_configuration stops a later SET from reopening them.
        self.con.execute(f"SET allowed_directories = [{dirs}]")
        self.con.execute(f"SET allowed_paths = [{files}]")
        self.con.execute("SET enable_external_access = false")
        self.con.execute("SET autoinstall_known_extensions = false")
        self.con.execute("SET autoload_known_extensions = false")
        self.con.execute("SET lock_configuration = true")

    def register(self, table: str, parquet_path: str) -> None:
        self._run(
            f"CREATE OR REPLACE TEMP VIEW {_name(table)} AS SELECT * FROM read_parquet('{_lit(parquet_path)}')"
        )

    def create_view(self, name: str, sql: str) -> None:
        self._run(f"CREATE OR REPLACE TEMP VIEW {_name(name)} AS {sql}")

    def create_table(self, name: str, sql: str) -> None:
        self._run(f"CREATE OR REPLACE TEMP TABLE {_name(name)} AS {sql}")

    def fetch(self, sql: str) -> list[dict[str, Any]]:
        try:
            cursor = self.con.execute(sql)
            names = [d[0] for d in cursor.description or []]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        except duckdb.Error as exc:
            raise EngineError(f"DuckDB 执行失败: {exc}") from exc

    def export(self, sql: str, path: Path) -> None:
        self._run(f"COPY ({sql}) TO '{_lit(str(path))}' (FORMAT parquet)")

    def evidence_digests(
        self, files: dict[str, Path], identity: tuple[str, ...]
    ) -> list[tuple[str, str, int, str]]:
        parts = []
        for layer, path in files.items():
            source = f"read_parquet('{_lit(str(path))}')"
            columns = [
                r["column_name"]
                for r in self.fetch(f"SELECT column_name FROM (DESCRIBE SELECT * FROM {source})")
            ]
            content = [c for c in columns if not _is_identity(c, identity)]
            row = "to_json(struct_pack(" + ", ".join(f'"{c}" := "{c}"' for c in content) + "))"
            parts.append(
                f"SELECT {KEY_COLUMN} AS key, '{_lit(layer)}' AS layer, count(*) AS n, "
                f"md5(string_agg({row}::VARCHAR, chr(10) ORDER BY {row}::VARCHAR)) AS h "
                f"FROM {source} GROUP BY {KEY_COLUMN}"
            )
        if not parts:
            return []
        return [(r["key"], r["layer"], int(r["n"]), r["h"]) for r in self.fetch(" UNION ALL ".join(parts))]

    def _run(self, sql: str) -> None:
        try:
            self.con.execute(sql)
        except duckdb.Error as exc:
            raise EngineError(f"DuckDB 执行失败: {exc}") from exc

    def close(self) -> None:
        self.con.close()


KEY_COLUMN = "__subject_key"


def _is_identity(column: str, identity: tuple[str, ...]) -> bool:
    """Row identity columns, also as renamed by a join (``deaths__row``), and fayan's own."""
    return column.startswith("__") or any(column == c or column.endswith(f"_{c}") for c in identity)


def _name(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _lit(value: str) -> str:
    return value.replace("'", "''")
