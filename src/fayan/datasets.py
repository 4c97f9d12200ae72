"""The dataset catalogue (数据集): versions, newest per dataset, quarantine."""

from __future__ import annotations

from typing import Any

import duckdb
from sqlalchemy import select

from fayan.db import DatasetVersion
from fayan.workspace import Workspace


class DatasetError(LookupError):
    """A dataset or version that does not exist."""


def list_versions(workspace: Workspace, *, latest_only: bool = True) -> list[DatasetVersion]:
    with workspace.session() as session:
        versions = list(
            session.scalars(select(DatasetVersion).order_by(DatasetVersion.dataset, DatasetVersion.number))
        )
    if latest_only:
        newest: dict[str, DatasetVersion] = {}
        for v in versions:
            newest[v.dataset] = v
        return list(newest.values())
    return versions


def resolve_version(workspace: Workspace, ref: str) -> DatasetVersion:
    """``NAME`` (newest), ``NAME@N`` (version number) or a version id."""
    name, _, number = ref.partition("@")
    with workspace.session() as session:
        query = select(DatasetVersion).where(DatasetVersion.dataset == name)
        if number:
            query = query.where(DatasetVersion.number == int(number))
        found = session.scalars(query.order_by(DatasetVersion.number.desc()).limit(1)).first()
        found = found or session.get(DatasetVersion, ref)
    if found is None:
        known = sorted({v.dataset for v in list_versions(workspace)})
        raise DatasetError(f"没有数据集 {ref!r}。已有: {', '.join(known) or '（无，请先 fayan import）'}")
    return found


def version_summary(v: DatasetVersion) -> dict[str, Any]:
    return {
        "dataset": v.dataset,
        "version": v.id,
        "version_number": v.number,
        "schema": v.schema_name,
        "rows": v.rows_loaded,
        "rows_quarantined": v.rows_quarantined,
        "files": [s["file"] for s in v.sources],
        "region_code": v.region_code,
        "agency": v.agency,
        "imported_by": v.imported_by,
        "imported_at": v.imported_at.isoformat(timespec="seconds"),
    }


def quarantine_rows(version: DatasetVersion, limit: int | None = None) -> list[dict[str, Any]]:
    con = duckdb.connect()
    sql = "SELECT file, line, reasons, raw FROM read_parquet(?) ORDER BY _source, line"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    rows = con.execute(sql, [version.quarantine_path]).fetchall()
    return [{"file": f, "line": line, "reasons": list(r), "raw": raw} for f, line, r, raw in rows]
