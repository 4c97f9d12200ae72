"""Readers: every supported file becomes rows of text for DuckDB, with the source row number.

CSV/TSV stay on disk and are read by DuckDB itself (GBK/GB18030 first transcoded to UTF-8 in
a streamed pass, since DuckDB cannot read them offline: DOMAIN.md §7). Spreadsheets, JSON
Lines and Parquet become Arrow tables or DuckDB views of text columns.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa

SAMPLE_BYTES = 1 << 20
CHUNK_BYTES = 8 << 20
ENCODINGS = ("auto", "utf-8", "utf-8-sig", "gbk", "gb18030")
Progress = Callable[[int], None]


class ReadError(ValueError):
    """A file cannot be read as the format it claims to be."""


@dataclass
class TableSource:
    """Rows already in memory as text (spreadsheets, JSON Lines, Parquet)."""

    table: pa.Table
    header: list[str]
    first_row_number: int


def detect_encoding(sample: bytes) -> str:
    """UTF-8 with BOM, UTF-8 or GB18030 (a superset of GBK and GB2312)."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        codecs.getincrementaldecoder("gb18030")().decode(sample, final=False)
        return "gb18030"
    except UnicodeDecodeError as exc:
        raise ReadError(
            "无法识别文件编码（已尝试 UTF-8、GBK、GB18030）：请用 --encoding 指定，或另存为 UTF-8"
        ) from exc


def _codec(encoding: str) -> str:
    # GB18030 decodes every GBK and GB2312 byte sequence the same way, and more.
    return "gb18030" if encoding in ("gbk", "gb2312") else encoding


def sniff_delimiter(line: str) -> str:
    counts = {d: line.count(d) for d in (",", "\t", "|", ";")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def read_csv_head(path: Path, encoding: str, lines: int = 30) -> tuple[str, str, list[list[str]]]:
    """The encoding in force, the delimiter and the first rows, parsed, for header detection."""
    with path.open("rb") as fh:
        sample = fh.read(SAMPLE_BYTES)
    if encoding == "auto":
        encoding = detect_encoding(sample)
    text = codecs.getincrementaldecoder(_codec(encoding))(errors="replace").decode(sample)
    if text.startswith("\ufeff"):
        text = text[1:]
    head_lines = text.splitlines()[:lines]
    delimiter = sniff_delimiter(max(head_lines, key=len, default=""))
    rows = list(csv.reader(io.StringIO("\n".join(head_lines)), delimiter=delimiter))
    return encoding, delimiter, rows


def transcode_to_utf8(src: Path, dst: Path, encoding: str, progress: Progress | None) -> None:
    """Stream ``src`` into UTF-8 at ``dst`` in fixed-size chunks: memory does not grow."""
    decoder = codecs.getincrementaldecoder(_codec(encoding))()
    with src.open("rb") as fin, dst.open("wb") as fout:
        while chunk := fin.read(CHUNK_BYTES):
            try:
                fout.write(decoder.decode(chunk).encode("utf-8"))
            except UnicodeDecodeError as exc:
                raise ReadError(
                    f"{src.name}: 第 {fin.tell() - len(chunk) + exc.start} 字节附近不是有效的 "
                    f"{encoding} 编码：请确认文件编码后用 --encoding 指定"
                ) from exc
            if progress:
                progress(len(chunk))
        fout.write(decoder.decode(b"", final=True).encode("utf-8"))


def cell_text(value: object) -> str | None:
    """One spreadsheet cell as the text a person sees, never inventing digits.

    A number ≥ 1e15 keeps its float form (1.1010519491231002e+17): an 18-digit ID stored as
    a number has lost its last digits, and the ID normaliser rejects that form by name.
    """
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    return str(value)


def _rows_to_table(rows: list[list[str | None]], width: int, first_row: int) -> pa.Table:
    columns = {
        f"c{i}": pa.array([r[i] if i < len(r) else None for r in rows], pa.string()) for i in range(width)
    }
    columns["__row"] = pa.array(range(first_row, first_row + len(rows)), pa.int64())
    return pa.table(columns)


def read_spreadsheet(
    path: Path, sheet: str | None, find_header: Callable[[Sequence[Sequence[object]]], int]
) -> TableSource:
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error types per format
        raise ReadError(f"{path.name}: 不是可读取的 Excel 文件（{exc}）") from exc
    names = workbook.sheet_names
    if sheet is not None and sheet not in names:
        raise ReadError(f"{path.name}: 没有名为“{sheet}”的工作表。现有工作表: {', '.join(names)}")
    raw = _sheet_rows(workbook, path, sheet, names)
    header_index = find_header(raw)
    header = [cell_text(c) or "" for c in raw[header_index]]
    body = [[cell_text(c) for c in row] for row in raw[header_index + 1 :]]
    body_numbers = [i for i, row in enumerate(body) if any(c is not None for c in row)]
    rows = [body[i] for i in body_numbers]
    table = _rows_to_table(rows, len(header), 0)
    # Excel row numbers as a person sees them (1-based, header row included).
    excel_rows = [header_index + 2 + i for i in body_numbers]
    table = table.set_column(table.num_columns - 1, "__row", pa.array(excel_rows, pa.int64()))
    return TableSource(table=table, header=header, first_row_number=header_index + 2)


def _sheet_rows(workbook: Any, path: Path, sheet: str | None, names: list[str]) -> list[list[object]]:
    """The named sheet, or else the first sheet that holds anything (an empty 说明 sheet in
    front of the data is common)."""
    for name in [sheet] if sheet is not None else names:
        rows = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
        if any(c not in (None, "") for row in rows for c in row):
            return list(rows)
    where = f"工作表“{sheet}”" if sheet is not None else f"所有工作表（{', '.join(names)}）"
    raise ReadError(f"{path.name}: {where}都是空的，没有可导入的数据")


def read_json_lines(path: Path, encoding: str) -> TableSource:
    records: list[dict[str, object]] = []
    keys: dict[str, None] = {}
    codec = "utf-8-sig" if encoding == "auto" else _codec(encoding)
    with path.open(encoding=codec) as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                record = {"__invalid__": f"第 {number} 行不是有效的 JSON: {exc.msg}"}
            if not isinstance(record, dict):
                record = {"__invalid__": f"第 {number} 行不是 JSON 对象"}
            record["__line__"] = number
            records.append(record)
            keys.update(dict.fromkeys(k for k in record if k not in ("__line__",)))
    header = [k for k in keys if k != "__invalid__"]
    rows = [[_json_text(r.get(k)) for k in header] for r in records]
    table = _rows_to_table(rows, len(header), 1)
    table = table.set_column(
        table.num_columns - 1, "__row", pa.array([r["__line__"] for r in records], pa.int64())
    )
    invalid = pa.array([r.get("__invalid__") for r in records], pa.string())
    return TableSource(table=table.append_column("__invalid", invalid), header=header, first_row_number=1)


def _json_text(value: object) -> str | None:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return cell_text(value)


def iter_paths(patterns: list[str]) -> Iterator[Path]:
    import glob

    for pattern in patterns:
        matches = sorted(glob.glob(pattern)) if any(ch in pattern for ch in "*?[") else [pattern]
        if not matches:
            raise ReadError(f"没有文件匹配 {pattern}")
        for match in matches:
            path = Path(match)
            if not path.is_file():
                raise ReadError(f"文件不存在: {match}")
            yield path
