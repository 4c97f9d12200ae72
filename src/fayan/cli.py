"""The ``fayan`` command line (Typer + Rich): a thin view over the core API.

The contract in DESIGN.md is public and stable. ``--json`` prints one JSON object on stdout
and nothing else there; a failure exits non-zero with what was wrong and what to do.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from fayan import __version__
from fayan.workspace import open_workspace, resolve_home

app = typer.Typer(add_completion=False, no_args_is_help=True, help="法眼 fayan — 大数据法律监督工作台")
# (the root callback runs without a command only for --version)
out = Console()
err = Console(stderr=True)
STATE: dict[str, Any] = {"home": None}

T = TypeVar("T")
Reporter = Callable[[str, "float | None"], None]
JsonOpt = Annotated[bool, typer.Option("--json", help="输出一个 JSON 对象（供脚本使用）")]


@app.callback(invoke_without_command=True)
def _root(
    home: Annotated[Path | None, typer.Option("--home", envvar="FAYAN_HOME", help="工作区目录")] = None,
    version: Annotated[bool, typer.Option("--version", help="显示版本")] = False,
) -> None:
    if version:
        out.print(f"fayan {__version__}")
        raise typer.Exit()
    STATE["home"] = home


def workspace():  # type: ignore[no-untyped-def]
    return open_workspace(STATE["home"])


def fail(message: str, code: int = 1) -> NoReturn:
    err.print(f"[bold red]错误:[/] {message}", highlight=False)
    raise typer.Exit(code)


def emit_json(doc: object) -> None:
    sys.stdout.write(json.dumps(doc, ensure_ascii=False, default=str, indent=2) + "\n")


def progress_bar(enabled: bool):  # type: ignore[no-untyped-def]
    """A Rich progress bar on stderr, or a no-op for --json and non-terminals."""
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TimeElapsedColumn(),
        console=err,
        disable=not enabled,
        transient=True,
    )
    tasks: dict[str, Any] = {}

    def report(stage: str, fraction: float | None) -> None:
        if stage not in tasks:
            tasks[stage] = progress.add_task(stage, total=1.0 if fraction is not None else None)
        if fraction is not None:
            progress.update(tasks[stage], total=1.0, completed=fraction)

    return progress, report


def with_progress(as_json: bool, work: Callable[[Reporter], T], errors: tuple[type[Exception], ...]) -> T:
    """Run long work under a progress bar (none for --json); listed errors end the command
    with their message."""
    progress, report = progress_bar(not as_json)
    try:
        with progress:
            return work(report)
    except errors as exc:
        fail(str(exc))


@app.command()
def init(as_json: JsonOpt = False) -> None:
    """创建工作区（首次使用时也会自动创建）。"""
    ws = workspace()
    if as_json:
        emit_json({"home": str(ws.home)})
    else:
        out.print(f"工作区: {ws.home}")


from fayan import cli_data, cli_demo, cli_models  # noqa: E402,F401  (register their commands)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        err.print("已中断；工作区保持原样。")
        raise SystemExit(130) from None


__all__ = ["app", "main", "resolve_home"]
