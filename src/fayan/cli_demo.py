"""CLI commands for the synthetic county and the demo."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from fayan.cli import JsonOpt, app, emit_json, out, with_progress, workspace


@app.command()
def synth(
    out_dir: Annotated[Path, typer.Argument(help="输出目录")],
    scale: Annotated[int, typer.Option("--scale", help="背景数据规模倍数")] = 1,
    seed: Annotated[int, typer.Option("--seed", help="随机种子")] = 2022,
    as_json: JsonOpt = False,
) -> None:
    """生成合成县的各部门数据（含预置线索、近似误报和真值文件）。"""
    from fayan.synth import synthesize  # Faker is slow to import: only when asked for

    manifest = with_progress(
        as_json, lambda report: synthesize(out_dir, scale=scale, seed=seed, progress=report), (ValueError,)
    )
    if as_json:
        emit_json(manifest.to_dict())
        return
    table = Table(title=f"合成县数据（{out_dir}）")
    for col in ("数据集", "数据标准", "文件", "行数", "不可修复行"):
        table.add_column(col)
    for f in manifest.files:
        table.add_row(f["dataset"], f["schema"], f["file"], str(f["rows"]), str(f["unrepairable_rows"]))
    out.print(table)
    out.print(f"真值文件: {manifest.truth_path}")


@app.command()
def demo(
    scale: Annotated[int, typer.Option("--scale", help="背景数据规模倍数")] = 1,
    seed: Annotated[int, typer.Option("--seed", help="随机种子")] = 2022,
    no_serve: Annotated[bool, typer.Option("--no-serve", help="不启动网页界面")] = False,
    as_json: JsonOpt = False,
) -> None:
    """演示：合成一个县的数据，全部导入，运行所有内置模型，输出汇总表和 HTML 报告。"""
    from fayan.demo import run_demo

    ws = workspace()
    result = with_progress(
        as_json, lambda report: run_demo(ws, scale=scale, seed=seed, progress=report), (ValueError,)
    )
    if as_json:
        emit_json(result.to_dict())
        return
    table = Table(title="运行汇总")
    for col in ("模型", "命中", "新线索", "用时（秒）"):
        table.add_column(col, justify="right" if col != "模型" else "left")
    for r in result.runs:
        if r.get("error"):
            table.add_row(r["model_id"], "—", "—", "未运行（缺少数据）")
        else:
            table.add_row(r["model_id"], str(r["hits"]), str(r["new_clues"]), f"{r['seconds']:.2f}")
    loaded = sum(i["rows_loaded"] for i in result.imports)
    quarantined = sum(i["rows_quarantined"] for i in result.imports)
    out.print(f"导入 {len(result.imports)} 个文件：载入 {loaded} 行，问题数据 {quarantined} 行。")
    out.print(f"线索报告: {result.report}")
    if not no_serve:
        out.print("网页界面尚未提供；请打开上面的 HTML 报告。")
    out.print(table)
