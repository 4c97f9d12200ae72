"""The app database (catalogue, runs, clues) through SQLAlchemy 2: SQLite by default.

Dataset *data* lives in Parquet files; this database holds what points at them and what
people do with the results.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint, create_engine, inspect, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class DatasetVersion(Base):
    """One immutable, content-hashed Parquet file of one dataset (数据版本)."""

    __tablename__ = "dataset_versions"
    __table_args__ = (UniqueConstraint("dataset", "number"),)

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    dataset: Mapped[str] = mapped_column(String(200), index=True)
    number: Mapped[int] = mapped_column(Integer)
    schema_name: Mapped[str] = mapped_column(String(100), index=True)
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    path: Mapped[str] = mapped_column(Text)
    quarantine_path: Mapped[str] = mapped_column(Text)
    rows_loaded: Mapped[int] = mapped_column(Integer)
    rows_quarantined: Mapped[int] = mapped_column(Integer)
    sources: Mapped[list[Any]] = mapped_column(JSON)
    columns: Mapped[list[Any]] = mapped_column(JSON)
    region_code: Mapped[str | None] = mapped_column(String(12))
    agency: Mapped[str | None] = mapped_column(Text)
    imported_by: Mapped[str] = mapped_column(String(100))
    imported_at: Mapped[datetime]
    parent_id: Mapped[str | None] = mapped_column(String(40))


class Run(Base):
    """One model version × bound dataset versions × parameters (运行)."""

    __tablename__ = "runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    fingerprint: Mapped[str] = mapped_column(String(64), index=True)
    model_id: Mapped[str] = mapped_column(String(200), index=True)
    model_version: Mapped[str] = mapped_column(String(50))
    model_hash: Mapped[str] = mapped_column(String(64))
    bindings: Mapped[dict[str, Any]] = mapped_column(JSON)
    parameters: Mapped[dict[str, Any]] = mapped_column(JSON)
    engine: Mapped[str] = mapped_column(String(20))
    started_at: Mapped[datetime]
    seconds: Mapped[float]
    timings: Mapped[dict[str, Any]] = mapped_column(JSON)
    hits: Mapped[int] = mapped_column(Integer)
    new_clues: Mapped[int] = mapped_column(Integer)


class Clue(Base):
    """A hit that people act on (线索); fingerprint = (model id, subject key)."""

    __tablename__ = "clues"
    __table_args__ = (UniqueConstraint("model_id", "subject_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    model_id: Mapped[str] = mapped_column(String(200), index=True)
    subject_type: Mapped[str] = mapped_column(String(50))
    subject_key: Mapped[str] = mapped_column(String(200))
    subject_name: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str] = mapped_column(Text)
    score: Mapped[float | None]
    status: Mapped[str] = mapped_column(String(30), default="new")
    first_seen_run: Mapped[int] = mapped_column(ForeignKey("runs.id"))
    last_seen_run: Mapped[int] = mapped_column(ForeignKey("runs.id"))
    evidence_hash: Mapped[str] = mapped_column(String(64))
    hit: Mapped[dict[str, Any]] = mapped_column(JSON)
    evidence_counts: Mapped[dict[str, Any]] = mapped_column(JSON)  # rows per evidence layer
    region_code: Mapped[str | None] = mapped_column(String(12))


class ClueEvent(Base):
    """Every workflow transition of a clue: who, when and why."""

    __tablename__ = "clue_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    clue_id: Mapped[int] = mapped_column(ForeignKey("clues.id"), index=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("runs.id"))
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(100))
    from_status: Mapped[str | None] = mapped_column(String(30))
    to_status: Mapped[str] = mapped_column(String(30))
    reason: Mapped[str] = mapped_column(Text, default="")


def make_engine(url: str) -> Engine:
    """An engine whose database is migrated to the newest schema (Alembic, see migrations/)."""
    engine = create_engine(url)
    upgrade(engine)
    return engine


def _alembic_config():  # type: ignore[no-untyped-def]
    from importlib import resources

    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(resources.files("fayan").joinpath("migrations")))
    return config


# The newest migration; a test checks it against migrations/versions. Knowing it here lets
# every open skip importing Alembic (0.1 s) when the database is already current.
HEAD_REVISION = "0001"


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(engine: Engine) -> None:
    """Migrate to head; a database already at head costs one small query, not a migration run."""
    if current_revision(engine) == HEAD_REVISION:
        return
    from alembic import command

    config = _alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
