"""The HTML clue report (线索报告): one self-contained file, no CDN, opens offline."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from sqlalchemy import func, select

from fayan.clues import list_clues
from fayan.db import Run
from fayan.models.loader import all_packages
from fayan.workspace import Workspace


def report_context(workspace: Workspace) -> dict[str, Any]:
    packages = all_packages(workspace.home)
    clues = list_clues(workspace)
    with workspace.session() as session:
        latest_ids = select(func.max(Run.id)).group_by(Run.model_id)
        runs = {r.model_id: r for r in session.scalars(select(Run).where(Run.id.in_(latest_ids)))}
    summary: list[dict[str, Any]] = []
    for model_id, run in sorted(runs.items()):
        items = [c for c in clues if c["model_id"] == model_id]
        package = packages.get(model_id)
        summary.append(
            {
                "model_id": model_id,
                "title": package.model.title if package else model_id,
                "category": package.model.category if package else "",
                "legal_basis": package.model.legal_basis if package else [],
                "clues": len(items),
                "new": sum(1 for c in items if c["is_new"]),
                "run_id": run.id,
                "seconds": round(run.seconds, 2),
                "clue_list": items,
            }
        )
    return {
        "home": str(workspace.home),
        "generated": dt.datetime.now().isoformat(timespec="seconds"),
        "summary": summary,
        "total": len(clues),
        "max_clues": max([int(s["clues"]) for s in summary] + [0]),
    }


def write_report(workspace: Workspace, path: Path) -> Path:
    env = Environment(
        loader=PackageLoader("fayan", "templates"), autoescape=select_autoescape(["html", "j2"])
    )
    html = env.get_template("report.html.j2").render(**report_context(workspace))
    tmp = path.with_suffix(".tmp")
    tmp.write_text(html, encoding="utf-8")
    tmp.replace(path)
    return path
