"""The workspace (工作区): one folder holding the app database, dataset files and runs.

``--home DIR`` or env ``FAYAN_HOME``; default ``./fayan-home``. Created on first use.
Anything under ``.staging`` belongs to an operation that never committed (killed or failed)
and is removed when the workspace is next opened, as is a version folder the catalogue does
not know: the catalogue row is the commit point.
"""

from __future__ import annotations

import getpass
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from fayan.db import DatasetVersion, Run, make_engine

DEFAULT_HOME = "fayan-home"


@dataclass
class Workspace:
    home: Path
    engine: Engine

    @property
    def datasets_dir(self) -> Path:
        return self.home / "datasets"

    @property
    def staging_dir(self) -> Path:
        return self.home / ".staging"

    @property
    def runs_dir(self) -> Path:
        return self.home / "runs"

    def run_dir(self, run_id: int) -> Path:
        """Where a run's evidence layers live: ``runs/<id>/<layer>.parquet``."""
        return self.runs_dir / str(run_id)

    def session(self) -> Session:
        return Session(self.engine, expire_on_commit=False)

    def new_staging(self, label: str) -> Path:
        import uuid

        path = self.staging_dir / f"{label}-{uuid.uuid4().hex[:12]}"
        path.mkdir(parents=True)
        return path

    def recover(self) -> None:
        """Remove what a killed or failed operation left behind."""
        if self.staging_dir.exists():
            for leftover in self.staging_dir.iterdir():
                shutil.rmtree(leftover, ignore_errors=True)
        with self.session() as session:
            known = {Path(p).parent.name for p in session.scalars(select(DatasetVersion.path))}
            runs = {str(i) for i in session.scalars(select(Run.id))}
        for dataset_dir in self.datasets_dir.iterdir():
            for version_dir in dataset_dir.iterdir():
                if version_dir.name not in known:
                    shutil.rmtree(version_dir, ignore_errors=True)
        for run_dir in self.runs_dir.iterdir():
            if run_dir.name not in runs:
                shutil.rmtree(run_dir, ignore_errors=True)


def resolve_home(home: str | os.PathLike[str] | None = None) -> Path:
    return Path(home or os.environ.get("FAYAN_HOME") or DEFAULT_HOME).resolve()


def open_workspace(home: str | os.PathLike[str] | None = None) -> Workspace:
    """Open (creating when new) the workspace and clean up after interrupted operations."""
    path = resolve_home(home)
    for sub in ("datasets", ".staging", "runs"):
        (path / sub).mkdir(parents=True, exist_ok=True)
    workspace = Workspace(path, make_engine(f"sqlite:///{path / 'fayan.db'}"))
    workspace.recover()
    return workspace


def current_user() -> str:
    return os.environ.get("FAYAN_USER") or getpass.getuser()
