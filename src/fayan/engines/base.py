"""The engine interface: register a dataset version, execute, fetch."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol


class EngineError(RuntimeError):
    """The engine could not run what it was given."""


class Engine(Protocol):
    name: str
    dialect: str

    def register(self, table: str, parquet_path: str) -> None:
        """Expose one dataset version's Parquet file as ``table``."""

    def create_view(self, name: str, sql: str) -> None:
        """A named layer, computed lazily."""

    def create_table(self, name: str, sql: str) -> None:
        """A named layer, computed now and kept."""

    def fetch(self, sql: str) -> list[dict[str, Any]]:
        """Rows of a query as dictionaries."""

    def export(self, sql: str, path: Path) -> None:
        """Write a query's rows to a Parquet file."""

    def evidence_digests(
        self, files: dict[str, Path], identity: tuple[str, ...]
    ) -> list[tuple[str, str, int, str]]:
        """(subject key, layer, rows, content hash) of each evidence file, row identities left out."""

    def close(self) -> None: ...
