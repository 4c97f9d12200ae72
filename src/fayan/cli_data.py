"""CLI commands for data: schemas, import, datasets, quarantine."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from fayan.cli import JsonOpt, app, emit_json, err, fail, out, with_progress, workspace
from fayan.datasets import (
    DatasetError,
    list_versions,
    quarantine_rows,
    resolve_version,
    version_summary,
)
from fayan.schemas import all_schemas


@app.command()
def schemas(as_json: JsonOpt = False) -> None:
    """列出数据标准（字段、类型、必填、表头别名）。"""
    found = all_schemas()
    if as_json:
        emit_json(
            {
                "schemas": [
                    {
                        "name": s.name,
                        "title": s.title,
                        "description": s.description,
                        "fields": [
                            {
                                "name": f.name,
                                "type": f.type,
                                "required": f.required,
                                "title": f.title,
                                "aliases": list(f.aliases),
                            }
                            for f in s.fields
                        ],
                    }
                    for s in found.values()
                ]
            }
        )
        return
    table = Table(title="数据标准")
    for col in ("名称", "中文名", "必填字段", "字段数"):
        table.add_column(col)
    for s in found.values():
        table.add_row(s.name, s.title, ", ".join(s.required), str(len(s.fields)))
    out.print(table)


def _pairs(items: list[str], option: str) -> list[tuple[str, str]]:
    """``A=B`` options as (A, B) pairs; a malformed one fails naming the option."""
    parsed: list[tuple[str, str]] = []
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip() or not value.strip():
            fail(f"{option} 的格式应为 A=B，而不是 {item!r}")
        parsed.append((key.strip(), value.strip()))
    return parsed


def _parse_pairs(items: list[str], option: str) -> dict[str, str]:
    return dict(_pairs(items, option))


@app.command("import")
def import_(
    paths: Annotated[list[str], typer.Argument(help="文件路径或通配符（同一数据标准）")],
    schema: Annotated[str, typer.Option("--schema", help="数据标准，如 death_record")],
    name: Annotated[str | None, typer.Option("--name", help="数据集名称（默认为数据标准名）")] = None,
    sheet: Annotated[str | None, typer.Option("--sheet", help="Excel 工作表名")] = None,
    encoding: Annotated[str, typer.Option("--encoding", help="auto|utf-8|gbk|gb18030")] = "auto",
    mapping: Annotated[list[str] | None, typer.Option("--map", help="源列名=字段名")] = None,
    region: Annotated[str | None, typer.Option("--region", help="行政区划代码")] = None,
    agency: Annotated[str | None, typer.Option("--agency", help="来源单位")] = None,
    append: Annotated[bool, typer.Option("--append", help="在上一版本基础上追加")] = False,
    as_json: JsonOpt = False,
) -> None:
    """导入数据文件为一个新的数据版本；问题行进入问题数据（quarantine）。"""
    from fayan.importer import ImportError_, import_files  # heavy: loaded only for import

    ws = workspace()
    result = with_progress(
        as_json,
        lambda report: import_files(
            ws,
            paths,
            schema,
            name=name,
            sheet=sheet,
            encoding=encoding,
            mapping=_parse_pairs(mapping or [], "--map"),
            region=region,
            agency=agency,
            append=append,
            progress=report,
        ),
        (ImportError_,),
    )
    if as_json:
        emit_json(result.to_dict())
        return
    if result.duplicate:
        out.print(
            f"内容与已有版本 {result.dataset} v{result.version_number}（{result.version}）相同，未创建新版本。"
        )
        return
    out.print(
        f"已导入 [bold]{result.dataset}[/] v{result.version_number}（{result.version}）: "
        f"载入 {result.rows_loaded} 行，问题数据 {result.rows_quarantined} 行，版本共 {result.rows_total} 行。"
    )
    if result.rows_quarantined:
        out.print(f"查看问题数据: fayan quarantine {result.dataset}")
    if result.unmapped_columns:
        out.print(f"未映射到标准字段、原样保留的列: {', '.join(result.unmapped_columns)}")


@app.command()
def datasets(
    all_versions: Annotated[bool, typer.Option("--all", help="列出所有版本")] = False,
    as_json: JsonOpt = False,
) -> None:
    """列出数据集及其最新版本。"""
    versions = [version_summary(v) for v in list_versions(workspace(), latest_only=not all_versions)]
    if as_json:
        emit_json({"datasets": versions})
        return
    table = Table(title="数据集")
    table.add_column("数据集", overflow="fold", min_width=12)
    table.add_column("版本", no_wrap=True)
    table.add_column("数据标准", overflow="fold")
    table.add_column("行数", justify="right")
    table.add_column("问题数据", justify="right")
    table.add_column("来源单位", overflow="fold")
    table.add_column("导入时间", no_wrap=True)
    for v in versions:
        table.add_row(
            v["dataset"],
            f"v{v['version_number']}",
            v["schema"],
            f"{v['rows']:,}",
            f"{v['rows_quarantined']:,}",
            v["agency"] or "",
            v["imported_at"][5:16].replace("T", " "),
        )
    out.print(table)


@app.command()
def quarantine(
    dataset: Annotated[str, typer.Argument(help="数据集（NAME 或 NAME@版本号）")],
    limit: Annotated[int, typer.Option("--limit", help="最多显示行数")] = 200,
    as_json: JsonOpt = False,
) -> None:
    """显示某数据集的问题数据：文件、行号、字段与原因。"""
    try:
        version = resolve_version(workspace(), dataset)
    except DatasetError as exc:
        fail(str(exc))
    rows = quarantine_rows(version, None if as_json else limit)
    if as_json:
        emit_json({"dataset": version.dataset, "version": version.id, "rows": rows})
        return
    table = Table(title=f"{version.dataset} v{version.number} 问题数据（共 {version.rows_quarantined} 行）")
    for col in ("文件", "行号", "原因"):
        table.add_column(col)
    for r in rows:
        table.add_row(r["file"], str(r["line"]), "\n".join(r["reasons"]))
    out.print(table)
    if version.rows_quarantined > limit:
        err.print(f"只显示前 {limit} 行；用 --limit 或 --json 查看全部。")
