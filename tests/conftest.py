"""Fixtures that write real files: GBK and BOM CSVs, XLSX with merged title rows, XLS."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import openpyxl
import pytest
from stdnum.cn import ric

from fayan.workspace import Workspace, open_workspace


def make_id(region: str = "330282", birth: str = "19600101", seq: str = "123") -> str:
    """A valid 18-digit resident ID (check digit by python-stdnum, an independent oracle)."""
    body = region + birth + seq
    return body + ric.calc_check_digit(body + "0")


def legacy_id(region: str = "330282", birth6: str = "600101", seq: str = "123") -> str:
    return region + birth6 + seq


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    return open_workspace(tmp_path / "home")


def write_csv(path: Path, rows: Sequence[Sequence[object]], encoding: str, title: str | None = None) -> Path:
    buffer = io.StringIO()
    if title:
        buffer.write(title + "\n")
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_xlsx(path: Path, rows: Sequence[Sequence[object]], title: str | None = None) -> Path:
    wb = openpyxl.Workbook()
    sheet = wb.active
    assert sheet is not None
    if title:
        sheet.append([title])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(rows[0]))
    for r in rows:
        sheet.append(list(r))
    wb.save(path)
    return path


@pytest.fixture
def cli(tmp_path: Path) -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run the real ``fayan`` CLI in a subprocess against a fresh workspace."""
    home = tmp_path / "cli-home"

    def run(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        proc = subprocess.run(
            [sys.executable, "-m", "fayan", "--home", str(home), *args],
            capture_output=True,
            text=True,
            timeout=300,
        )
        if check and proc.returncode != 0:
            raise AssertionError(f"fayan {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}")
        return proc

    run.home = home  # type: ignore[attr-defined]
    return run


def as_json(proc: subprocess.CompletedProcess[str]) -> dict:
    return json.loads(proc.stdout)
