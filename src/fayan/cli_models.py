"""CLI commands for models, runs and clues."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from fayan.cli import JsonOpt, app, emit_json, fail, out, with_progress, workspace
from fayan.cli_data import _pairs, _parse_pairs
from fayan.clues import EXPORT_FORMATS, list_clues, to_csv, write_xlsx
from fayan.engines import EngineError
from fayan.models.compiler import compile_model
from fayan.models.loader import all_packages, find_package
from fayan.models.spec import ModelError
from fayan.runs import RunError, bind_inputs, run_model


@app.command()
def models(as_json: JsonOpt = False) -> None:
    """列出可用的监督模型（内置与已安装）。"""
    ws = workspace()
    try:
        packages = all_packages(ws.home)
    except ModelError as exc:
        fail(str(exc))
    docs: list[dict[str, Any]] = [
        {
            "id": p.model.id,
            "version": p.model.version,
            "title": p.model.title,
            "category": p.model.category,
            "legal_basis": p.model.legal_basis,
            "builtin": p.builtin,
            "path": str(p.path),
            "inputs": {r: list(i.schemas) for r, i in p.model.inputs.items()},
            "parameters": {
                n: {"type": q.type, "default": q.default, "doc": q.doc} for n, q in p.model.parameters.items()
            },
        }
        for p in packages.values()
    ]
    if as_json:
        emit_json({"models": docs})
        return
    table = Table(title="监督模型")
    for col in ("模型", "版本", "名称", "类别", "所需数据"):
        table.add_column(col)
    for d in docs:
        inputs = "; ".join(f"{r}: {'/'.join(s)}" for r, s in d["inputs"].items())
        table.add_row(d["id"], d["version"], d["title"], d["category"], inputs)
    out.print(table)


def _bind_pairs(binds: list[str]) -> dict[str, list[str]]:
    result: dict[str, list[str]] = {}
    for role, value in _pairs(binds, "--bind"):
        result.setdefault(role, []).extend(v for v in value.split(",") if v)
    return result


@app.command()
def explain(
    model: Annotated[str, typer.Argument(help="模型 id 或模型包路径")],
    param: Annotated[list[str] | None, typer.Option("--param", help="K=V")] = None,
    bind: Annotated[list[str] | None, typer.Option("--bind", help="ROLE=DATASET")] = None,
    dialect: Annotated[str, typer.Option("--dialect", help="duckdb|spark")] = "duckdb",
    as_json: JsonOpt = False,
) -> None:
    """打印模型编译后的 SQL 及将使用的数据绑定。"""
    ws = workspace()
    try:
        package = find_package(model, ws.home)
        bindings = bind_inputs(ws, package.model, _bind_pairs(bind or []))
        plan = compile_model(package.model, bindings, _parse_pairs(param or [], "--param"))
    except (ModelError, RunError, ValueError) as exc:
        fail(str(exc))
    sql = plan.sql(dialect)
    bound = {
        role: [{"dataset": b.dataset, "version": b.version, "schema": b.schema} for b in vs]
        for role, vs in bindings.items()
    }
    if as_json:
        emit_json(
            {
                "model": package.model.id,
                "sql": sql,
                "bindings": bound,
                "parameters": plan.parameters,
                "layers": [{"name": n, "sql": s} for n, s in plan.layer_sql(dialect)],
            }
        )
        return
    out.print(f"[bold]{package.model.id}[/] {package.model.title}")
    for role, vs in bound.items():
        out.print(f"  输入 {role}: " + (", ".join(f"{v['dataset']}@{v['version']}" for v in vs) or "（无）"))
    out.print(f"  参数: {json.dumps(plan.parameters, ensure_ascii=False, default=str)}")
    from rich.syntax import Syntax

    out.print(Syntax(sql, "sql", word_wrap=True))


@app.command()
def run(
    model: Annotated[str, typer.Argument(help="模型 id 或模型包路径")],
    param: Annotated[list[str] | None, typer.Option("--param", help="K=V")] = None,
    bind: Annotated[list[str] | None, typer.Option("--bind", help="ROLE=DATASET[,DATASET]")] = None,
    engine: Annotated[str, typer.Option("--engine", help="duckdb|spark")] = "duckdb",
    as_json: JsonOpt = False,
) -> None:
    """运行监督模型：碰撞数据、记录运行、生成线索。"""
    ws = workspace()
    result = with_progress(
        as_json,
        lambda report: run_model(
            ws,
            model,
            parameters=_parse_pairs(param or [], "--param"),
            binds=_bind_pairs(bind or []),
            engine_name=engine,
            progress=report,
        ),
        (ModelError, RunError, EngineError, ValueError),
    )
    if as_json:
        emit_json(result.to_dict())
        return
    note = "（与上次运行的模型、数据和参数完全相同，直接返回记录）" if result.reused else ""
    out.print(
        f"运行 #{result.run_id} {result.model_id}: 命中 {result.hits}，新线索 {result.new_clues}，"
        f"用时 {result.seconds:.2f} 秒{note}"
    )


@app.command()
def clues(
    model: Annotated[str | None, typer.Option("--model", help="模型 id")] = None,
    status: Annotated[str | None, typer.Option("--status", help="线索状态")] = None,
    new_only: Annotated[bool, typer.Option("--new-only", help="只看最近一次运行新出现的线索")] = False,
    fmt: Annotated[str, typer.Option("--format", help="table|csv|json|xlsx")] = "table",
    out_file: Annotated[Path | None, typer.Option("--out", help="输出文件")] = None,
    as_json: JsonOpt = False,
) -> None:
    """列出或导出线索。"""
    fmt = "json" if as_json else fmt
    if fmt not in EXPORT_FORMATS:
        fail(f"--format 只能是 {'/'.join(EXPORT_FORMATS)}")
    try:
        records = list_clues(workspace(), model=model, status=status, new_only=new_only)
    except ValueError as exc:
        fail(str(exc))
    if fmt == "xlsx":
        if out_file is None:
            fail("xlsx 格式需要 --out 文件路径")
        write_xlsx(records, out_file)
        out.print(f"已导出 {len(records)} 条线索到 {out_file}")
        return
    text: str | None = None
    if fmt == "json":
        text = json.dumps(records, ensure_ascii=False, indent=2, default=str) + "\n"
    elif fmt == "csv":
        text = to_csv(records)
    if text is not None:
        if out_file:
            out_file.write_text(text, encoding="utf-8")
        else:
            typer.echo(text, nl=False)
        return
    _clue_table(records)


def _clue_table(records: list[dict[str, Any]]) -> None:
    table = Table(title=f"线索（{len(records)} 条）")
    for col in ("编号", "模型", "主体", "标题", "评分", "状态", "新"):
        table.add_column(col)
    for r in records:
        score = "" if r["score"] is None else f"{r['score']:,.2f}"
        table.add_row(
            str(r["clue_id"]),
            r["model_id"],
            f"{r['subject_name'] or ''} {r['subject_key']}",
            r["title"],
            score,
            r["status_label"],
            "●" if r["is_new"] else "",
        )
    out.print(table)


@app.command("test-model")
def test_model(
    model: Annotated[str, typer.Argument(help="模型 id 或模型包路径")],
    as_json: JsonOpt = False,
) -> None:
    """用模型包自带的样例数据运行模型，并与预期命中比对。"""
    from fayan.models.selftest import run_selftest

    try:
        result = run_selftest(find_package(model, workspace().home))
    except (ModelError, RunError, ValueError) as exc:
        fail(str(exc))
    if as_json:
        emit_json(result.to_dict())
    else:
        verdict = "[green]通过[/]" if result.passed else "[red]未通过[/]"
        out.print(f"{result.model_id}: {verdict} 预期 {result.expected} 条，命中 {result.found} 条")
        for label, items in (
            ("漏报", result.missing),
            ("误报", result.unexpected),
            ("不一致", result.mismatched),
        ):
            for item in items:
                out.print(f"  {label}: {item}")
    if not result.passed:
        raise typer.Exit(1)
