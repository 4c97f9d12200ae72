"""``fayan demo``: synthesise a county, import it, run every built-in model, report.

The main job a new user runs first; also what the acceptance tests run at two seeds.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fayan.importer import import_files
from fayan.models.loader import all_packages
from fayan.runs import RunError, RunResult, run_model
from fayan.synth import synthesize
from fayan.workspace import Workspace

Progress = Callable[[str, float | None], None]


@dataclass
class DemoResult:
    synth_dir: str
    imports: list[dict[str, Any]]
    runs: list[dict[str, Any]]
    report: str = ""
    seconds: float = 0.0
    truth: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def import_county(
    workspace: Workspace, synth_dir: Path, progress: Progress | None = None
) -> list[dict[str, Any]]:
    """Import every file of a synthetic county by its manifest."""
    manifest = json.loads((synth_dir / "manifest.json").read_text("utf-8"))
    results = []
    for index, entry in enumerate(manifest["files"]):
        if progress:
            progress("导入数据", index / len(manifest["files"]))
        result = import_files(
            workspace,
            [str(synth_dir / entry["file"])],
            entry["schema"],
            name=entry["dataset"],
            agency=entry.get("agency") or None,
        )
        results.append({**result.to_dict(), "expected_unrepairable": entry["unrepairable_rows"]})
    if progress:
        progress("导入数据", 1.0)
    return results


def run_all(workspace: Workspace, progress: Progress | None = None) -> list[RunResult | RunError]:
    """Run every available model; one whose data is missing is reported, not fatal."""
    packages = all_packages(workspace.home)
    results: list[RunResult | RunError] = []
    for index, model_id in enumerate(sorted(packages)):
        if progress:
            progress("运行模型", index / len(packages))
        try:
            results.append(run_model(workspace, model_id, actor="demo"))
        except RunError as exc:
            exc.model_id = model_id  # type: ignore[attr-defined]
            results.append(exc)
    if progress:
        progress("运行模型", 1.0)
    return results


def run_demo(
    workspace: Workspace, scale: int = 1, seed: int = 2022, progress: Progress | None = None
) -> DemoResult:
    from fayan.report import write_report

    started = time.perf_counter()
    synth_dir = workspace.home / "synth" / f"seed{seed}-scale{scale}"
    synthesize(synth_dir, scale=scale, seed=seed, progress=progress)
    imports = import_county(workspace, synth_dir, progress)
    runs = run_all(workspace, progress)
    report = write_report(workspace, workspace.home / "report.html")
    truth = json.loads((synth_dir / "truth.json").read_text("utf-8"))
    return DemoResult(
        str(synth_dir),
        imports,
        [_run_summary(r) for r in runs],
        str(report),
        round(time.perf_counter() - started, 2),
        truth,
    )


def _run_summary(run: RunResult | RunError) -> dict[str, Any]:
    if isinstance(run, RunResult):
        return run.to_dict()
    model_id = getattr(run, "model_id", "")
    return {"model_id": model_id, "error": str(run), "hits": None, "new_clues": None, "seconds": None}
