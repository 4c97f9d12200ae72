"""Leftovers of interrupted operations are removed when the workspace is opened."""

from __future__ import annotations

from pathlib import Path

from fayan.workspace import open_workspace


def test_recovery_removes_uncommitted_staging_versions_and_runs(tmp_path: Path) -> None:
    ws = open_workspace(tmp_path / "home")
    (ws.staging_dir / "import-dead" / "spill").mkdir(parents=True)
    (ws.datasets_dir / "deaths" / "0123456789abcdef").mkdir(parents=True)
    (ws.datasets_dir / "deaths" / "0123456789abcdef" / "data.parquet").write_bytes(b"PAR1")
    (ws.run_dir(7)).mkdir(parents=True)
    (ws.run_dir(7) / "deaths.parquet").write_bytes(b"PAR1")
    reopened = open_workspace(tmp_path / "home")
    assert list(reopened.staging_dir.iterdir()) == []
    assert list((reopened.datasets_dir / "deaths").iterdir()) == []
    assert list(reopened.runs_dir.iterdir()) == []


def test_workspace_home_from_environment(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("FAYAN_HOME", str(tmp_path / "from-env"))
    ws = open_workspace()
    assert ws.home == (tmp_path / "from-env").resolve()
    assert (ws.home / "fayan.db").exists()
