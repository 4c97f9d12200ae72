"""Clues (线索): hits that people act on, deduplicated across runs by fingerprint.

Fingerprint = (model id, subject key). A later run marks each clue new or seen; a clue closed
as unfounded (不属实) is raised again only when its evidence changes. Every clue keeps the rows
of each evidence layer (证据) with their dataset version and row identity, so "why was this
flagged" is answered without re-running.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from fayan.db import Clue, ClueEvent, Run
from fayan.models.compiler import KEY, NAME, SCORE, render_title
from fayan.models.spec import Model
from fayan.workspace import Workspace

ROW_IDENTITY = ("_dataset", "_version", "_row")
STATUSES = (
    "new",
    "verifying",
    "founded",
    "unfounded",
    "recommended",
    "rectifying",
    "rectified",
    "overdue",
    "archived",
)
STATUS_LABELS = {
    "new": "新线索",
    "verifying": "核查中",
    "founded": "属实",
    "unfounded": "不属实",
    "recommended": "已发检察建议",
    "rectifying": "整改中",
    "rectified": "已整改",
    "overdue": "逾期",
    "archived": "已归档",
}
EXPORT_FORMATS = ("table", "csv", "json", "xlsx")


@dataclass
class Outcome:
    subjects: int
    new: int


def jsonable(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return value
    if isinstance(value, bytes):
        return value.hex()
    return value


# Values jsonable() returns unchanged; checked first because nearly every value is one.
_AS_IS = frozenset({str, int, float, bool, type(None)})


def _clean_row(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v if type(v) in _AS_IS else jsonable(v) for k, v in row.items() if k[:2] != "__"}


@dataclass(frozen=True)
class EvidenceDigest:
    """What a run's evidence files hold for one subject: rows per layer, and a hash of their
    content with row identities left out (so a re-import of the same facts into a new version
    is not "changed evidence")."""

    counts: dict[str, int]
    hash: str


_NO_EVIDENCE = EvidenceDigest({}, hashlib.sha256(b"").hexdigest())


def record_hits(
    session: Session,
    model: Model,
    run_id: int,
    hits: list[dict[str, Any]],
    evidence: dict[str, EvidenceDigest],
    actor: str,
) -> Outcome:
    """Upsert one clue per subject; return how many subjects and how many are new."""
    best: dict[str, dict[str, Any]] = {}
    for row in hits:
        key = str(row[KEY])
        if key not in best or (row[SCORE] or 0) > (best[key][SCORE] or 0):
            best[key] = row
    existing = {c.subject_key: c for c in session.scalars(select(Clue).where(Clue.model_id == model.id))}
    now = dt.datetime.now()
    inserts: list[dict[str, Any]] = []
    reopened = 0
    for key, row in best.items():
        digest = evidence.get(key, _NO_EVIDENCE)
        fields = {
            "subject_type": model.clue.subject_type,
            "subject_name": row.get(NAME),
            "title": render_title(model.clue.title, row),
            "score": row.get(SCORE),
            "last_seen_run": run_id,
            "evidence_hash": digest.hash,
            "hit": _clean_row(row),
            "evidence_counts": digest.counts,
            "region_code": row.get("region_code"),
        }
        clue = existing.get(key)
        if clue is None:
            inserts.append(
                {
                    "model_id": model.id,
                    "subject_key": key,
                    "status": "new",
                    "first_seen_run": run_id,
                    **fields,
                }
            )
            continue
        changed = clue.evidence_hash != fields["evidence_hash"]
        for name, value in fields.items():
            setattr(clue, name, value)
        if clue.status == "unfounded" and changed:
            session.add(
                ClueEvent(
                    clue_id=clue.id,
                    run_id=run_id,
                    at=now,
                    actor=actor,
                    from_status="unfounded",
                    to_status="new",
                    reason="证据发生变化，重新提出",
                )
            )
            clue.status = "new"
            clue.first_seen_run = run_id
            reopened += 1
    if inserts:
        session.execute(insert(Clue), inserts)
        inserted = {row["subject_key"] for row in inserts}  # not the reopened: they have their event
        seen_first = session.execute(
            select(Clue.id, Clue.subject_key).where(Clue.model_id == model.id, Clue.first_seen_run == run_id)
        )
        new_ids = [cid for cid, key in seen_first if key in inserted]
        session.execute(
            insert(ClueEvent),
            [
                {
                    "clue_id": cid,
                    "run_id": run_id,
                    "at": now,
                    "actor": actor,
                    "from_status": None,
                    "to_status": "new",
                    "reason": "模型运行命中",
                }
                for cid in new_ids
            ],
        )
    return Outcome(subjects=len(best), new=len(inserts) + reopened)


def clue_record(clue: Clue, latest_run: int | None) -> dict[str, Any]:
    return {
        "clue_id": clue.id,
        "model_id": clue.model_id,
        "subject_type": clue.subject_type,
        "subject_key": clue.subject_key,
        "subject_name": clue.subject_name,
        "title": clue.title,
        "score": clue.score,
        "status": clue.status,
        "status_label": STATUS_LABELS.get(clue.status, clue.status),
        "first_seen_run": clue.first_seen_run,
        "last_seen_run": clue.last_seen_run,
        "is_new": latest_run is not None and clue.first_seen_run == latest_run,
        # still hit by the model's latest run (a clue no longer hit stays, for its history)
        "active": latest_run is not None and clue.last_seen_run == latest_run,
        "evidence_counts": clue.evidence_counts,
        "hit": clue.hit,
    }


def list_clues(
    workspace: Workspace,
    *,
    model: str | None = None,
    status: str | None = None,
    new_only: bool = False,
    evidence: bool = True,
) -> list[dict[str, Any]]:
    """Clues as records; ``evidence`` loads each clue's evidence rows from its run's files."""
    if status is not None and status not in STATUSES:
        raise ValueError(f"未知的线索状态 {status!r}（可用: {', '.join(STATUSES)}）")
    with workspace.session() as session:
        latest = dict(session.execute(select(Run.model_id, func.max(Run.id)).group_by(Run.model_id)).all())
        query = select(Clue).order_by(Clue.model_id, Clue.score.desc(), Clue.id)
        if model:
            query = query.where(Clue.model_id == model)
        if status:
            query = query.where(Clue.status == status)
        records = [clue_record(c, latest.get(c.model_id)) for c in session.scalars(query)]
    if new_only:
        records = [r for r in records if r["is_new"]]
    if evidence:
        attach_evidence(workspace, records)
    return records


def attach_evidence(workspace: Workspace, records: list[dict[str, Any]]) -> None:
    """Fill ``record["evidence"]`` = {layer: rows} from ``runs/<last_seen_run>/<layer>.parquet``."""
    import duckdb

    by_run: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for record in records:
        record["evidence"] = {layer: [] for layer in record["evidence_counts"]}
        by_run[record["last_seen_run"]].append(record)
    con = duckdb.connect()
    for run_id, group in by_run.items():
        wanted = {r["subject_key"]: r for r in group}
        for path in sorted(workspace.run_dir(run_id).glob("*.parquet")):
            cursor = con.execute(
                f"SELECT * FROM read_parquet(?) WHERE {KEY} IN (SELECT unnest(?::VARCHAR[]))",
                [str(path), list(wanted)],
            )
            names = [d[0] for d in cursor.description or []]
            for values in cursor.fetchall():
                row = dict(zip(names, values, strict=True))
                record = wanted[str(row[KEY])]
                record["evidence"].setdefault(path.stem, []).append(_clean_row(row))
    con.close()


EXPORT_COLUMNS = (
    "clue_id",
    "model_id",
    "subject_type",
    "subject_key",
    "subject_name",
    "title",
    "score",
    "status",
    "first_seen_run",
    "last_seen_run",
)


def escape_cell(value: Any) -> Any:
    """Spreadsheet formula injection: a text cell starting with = + - @ (or tab/CR) is made literal."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def to_csv(records: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(EXPORT_COLUMNS)
    for r in records:
        writer.writerow([escape_cell(r[c]) for c in EXPORT_COLUMNS])
    return buffer.getvalue()


def write_xlsx(records: list[dict[str, Any]], path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    sheet = wb.active
    assert sheet is not None
    sheet.title = "线索"
    sheet.append(list(EXPORT_COLUMNS))
    for r in records:
        sheet.append([escape_cell(r[c]) for c in EXPORT_COLUMNS])
    evidence = wb.create_sheet("证据")
    evidence.append(["clue_id", "layer", "row"])
    for r in records:
        for layer, rows in (r["evidence"] or {}).items():
            for row in rows:
                evidence.append([r["clue_id"], layer, escape_cell(json.dumps(row, ensure_ascii=False))])
    wb.save(path)
