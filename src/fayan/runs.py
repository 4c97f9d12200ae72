"""Runs (运行/碰撞): bind a model's inputs, compile, execute, record, and raise clues.

A run is one model version × bound dataset versions × parameters; its fingerprint is the hash
of the three, so running the same fingerprint again returns the recorded run (idempotent).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from fayan import clues as clue_store
from fayan.clues import ROW_IDENTITY, EvidenceDigest
from fayan.datasets import DatasetError, list_versions, resolve_version
from fayan.db import Run
from fayan.engines import Engine, get_engine
from fayan.models.compiler import HITS_TABLE, KEY, BoundVersion, Plan, compile_model
from fayan.models.loader import find_package
from fayan.models.spec import Model
from fayan.workspace import Workspace

Progress = Callable[[str, float | None], None]


class RunError(ValueError):
    """A run that cannot start: missing data, bad parameters, unknown bindings."""


@dataclass
class RunResult:
    run_id: int
    model_id: str
    hits: int
    new_clues: int
    seconds: float
    reused: bool
    fingerprint: str
    bindings: dict[str, list[str]]
    parameters: dict[str, Any]
    timings: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def bind_inputs(
    workspace: Workspace, model: Model, binds: dict[str, list[str]] | None = None
) -> dict[str, list[BoundVersion]]:
    """Each role → the newest version of every dataset of its schemas, or what --bind names."""
    binds = binds or {}
    unknown = sorted(set(binds) - set(model.inputs))
    if unknown:
        raise RunError(
            f"--bind: 模型 {model.id} 没有输入角色 {', '.join(unknown)}（角色: {', '.join(model.inputs)}）"
        )
    newest = list_versions(workspace, latest_only=True)
    bindings: dict[str, list[BoundVersion]] = {}
    for role, spec in model.inputs.items():
        if role in binds:
            versions = []
            for ref in binds[role]:
                try:
                    versions.append(resolve_version(workspace, ref))
                except DatasetError as exc:
                    raise RunError(f"--bind {role}={ref}: {exc}") from None
            for v in versions:
                if v.schema_name not in spec.schemas:
                    raise RunError(
                        f"--bind {role}={v.dataset}: 数据标准是 {v.schema_name}，而角色 {role} 需要 {'/'.join(spec.schemas)}"
                    )
        else:
            versions = [v for v in newest if v.schema_name in spec.schemas]
        if not versions and not spec.optional:
            raise RunError(
                f"模型 {model.id} 的输入 {role} 需要数据标准 {' 或 '.join(spec.schemas)} 的数据集，但工作区中没有。"
                f"请先导入: fayan import 文件 --schema {spec.schemas[0]}"
            )
        bindings[role] = [BoundVersion(v.dataset, v.id, v.schema_name, v.path) for v in versions]
    return bindings


def fingerprint(model: Model, bindings: dict[str, list[BoundVersion]], parameters: dict[str, Any]) -> str:
    doc = {
        "model": model.hash,
        "bindings": {role: sorted(b.version for b in bound) for role, bound in sorted(bindings.items())},
        "parameters": parameters,
    }
    return hashlib.sha256(json.dumps(doc, sort_keys=True, default=str).encode()).hexdigest()


@dataclass
class Execution:
    hits: list[dict[str, Any]]
    evidence_files: dict[str, Path]
    evidence: dict[str, EvidenceDigest]
    timings: dict[str, float]


def execute_plan(
    plan: Plan, engine: Engine, evidence_dir: Path | None = None, progress: Progress | None = None
) -> Execution:
    """Register inputs, create every layer, materialise and fetch the hits, and write each
    evidence layer's rows for the hit subjects to ``evidence_dir/<layer>.parquet``."""
    report = progress or (lambda stage, fraction: None)
    timings: dict[str, float] = {}
    started = time.perf_counter()
    for bound in plan.bindings.values():
        for version in bound:
            engine.register(version.table, version.path)
    keep = plan.materialised
    for layer in plan.layers:
        create = engine.create_table if layer.name in keep else engine.create_view
        create(layer.name, layer.query.sql(engine.dialect))
    report("碰撞比对", None)
    engine.create_table(HITS_TABLE, plan.hits.sql(engine.dialect))
    hits = engine.fetch(f"SELECT * FROM {HITS_TABLE}")
    timings["hits"] = time.perf_counter() - started
    files: dict[str, Path] = {}
    if evidence_dir is not None:
        evidence_dir.mkdir(parents=True, exist_ok=True)
        for index, (name, query) in enumerate(plan.evidence.items()):
            report("提取证据", index / max(len(plan.evidence), 1))
            t = time.perf_counter()
            files[name] = evidence_dir / f"{name}.parquet"
            engine.export(query.sql(engine.dialect), files[name])
            timings[f"evidence:{name}"] = time.perf_counter() - t
        report("提取证据", 1.0)
    t = time.perf_counter()
    digests = digest_evidence(engine.evidence_digests(files, ROW_IDENTITY)) if files else {}
    timings["evidence:digest"] = time.perf_counter() - t
    return Execution(hits, files, digests, timings)


def digest_evidence(rows: list[tuple[str, str, int, str]]) -> dict[str, EvidenceDigest]:
    """Per subject: rows per layer and one hash over every layer's content hash."""
    parts: dict[str, dict[str, tuple[int, str]]] = {}
    for key, layer, count, content in rows:
        parts.setdefault(key, {})[layer] = (count, content)
    return {
        key: EvidenceDigest(
            counts={layer: n for layer, (n, _) in sorted(layers.items())},
            hash=hashlib.sha256(
                "\n".join(f"{layer}:{h}" for layer, (_, h) in sorted(layers.items())).encode()
            ).hexdigest(),
        )
        for key, layers in parts.items()
    }


def preview_hits(
    workspace: Workspace, model: Model, parameters: dict[str, Any] | None = None, engine_name: str = "duckdb"
) -> list[dict[str, Any]]:
    """The hits a run would raise, computed without recording a run or touching clues
    (``fayan test-model``, tests). The engine reads the bound versions' files only."""
    bindings = bind_inputs(workspace, model)
    plan = compile_model(model, bindings, parameters)
    engine = get_engine(engine_name, [], allowed_files=_bound_files(bindings))
    try:
        return execute_plan(plan, engine).hits
    finally:
        engine.close()


def _bound_files(bindings: dict[str, list[BoundVersion]]) -> list[Path]:
    return [Path(v.path) for versions in bindings.values() for v in versions]


def run_model(
    workspace: Workspace,
    model_ref: str,
    *,
    parameters: dict[str, Any] | None = None,
    binds: dict[str, list[str]] | None = None,
    engine_name: str = "duckdb",
    progress: Progress | None = None,
    actor: str = "system",
) -> RunResult:
    started = time.perf_counter()
    model = find_package(model_ref, workspace.home).model
    try:
        values = model.resolve_parameters(parameters)
    except ValueError as exc:
        raise RunError(str(exc)) from None
    bindings = bind_inputs(workspace, model, binds)
    print_fp = fingerprint(model, bindings, values)
    with workspace.session() as session:
        previous = session.scalars(
            select(Run).where(Run.fingerprint == print_fp).order_by(Run.id.desc())
        ).first()
    if previous is not None:
        return _result(previous, reused=True, seconds=time.perf_counter() - started, new_clues=0)
    plan = compile_model(model, bindings, values)
    staging = workspace.new_staging("run")
    try:
        # The engine may read the bound versions' files only, and write the run's staging folder.
        engine = get_engine(
            engine_name, [staging], spill_dir=staging / "spill", allowed_files=_bound_files(bindings)
        )
        try:
            execution = execute_plan(plan, engine, staging / "evidence", progress)
        finally:
            engine.close()
        return _record(
            workspace, model, print_fp, bindings, values, engine_name, execution, staging, started, actor
        )
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _record(
    workspace: Workspace,
    model: Model,
    print_fp: str,
    bindings: dict[str, list[BoundVersion]],
    values: dict[str, Any],
    engine_name: str,
    execution: Execution,
    staging: Path,
    started: float,
    actor: str,
) -> RunResult:
    """Insert the run, move its evidence folder into place, upsert clues; commit last."""
    t = time.perf_counter()
    with workspace.session() as session:
        run = Run(
            fingerprint=print_fp,
            model_id=model.id,
            model_version=model.version,
            model_hash=model.hash,
            bindings={role: [b.version for b in bound] for role, bound in bindings.items()},
            parameters=json.loads(json.dumps(values, default=str)),
            engine=engine_name,
            started_at=datetime.now(),
            seconds=0.0,
            timings={},
            hits=0,
            new_clues=0,
        )
        session.add(run)
        session.flush()
        final = workspace.run_dir(run.id)
        os.replace(staging / "evidence", final)  # in place before the run row commits
        try:
            outcome = clue_store.record_hits(
                session, model, run.id, execution.hits, execution.evidence, actor
            )
            run.hits = outcome.subjects
            run.new_clues = outcome.new
            execution.timings["clues"] = time.perf_counter() - t
            run.timings = execution.timings
            run.seconds = time.perf_counter() - started
            session.commit()
        except Exception:
            shutil.rmtree(final, ignore_errors=True)
            raise
    return _result(run, reused=False, seconds=run.seconds, new_clues=run.new_clues)


def _result(run: Run, *, reused: bool, seconds: float, new_clues: int) -> RunResult:
    return RunResult(
        run_id=run.id,
        model_id=run.model_id,
        hits=run.hits,
        new_clues=new_clues,
        seconds=round(seconds, 3),
        reused=reused,
        fingerprint=run.fingerprint,
        bindings=dict(run.bindings),
        parameters=dict(run.parameters),
        timings=dict(run.timings),
    )


__all__ = ["KEY", "RunError", "RunResult", "bind_inputs", "execute_plan", "fingerprint", "run_model"]
