"""Header mapping (字段映射): which source column holds which schema field.

Agencies' headers vary: 身份证号 / 公民身份号码 / 被告人身份证号, units in brackets such as
“发放金额（元）”, full-width characters, a trailing * marking a required column. Headers are
compared after normalisation; an exact alias wins, then a unique alias the header ends with
(so role-prefixed forms map without listing every prefix).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from fayan.schemas import Schema

_BRACKETED = re.compile(r"[(\[【{<].*?[)\]】}>]")


class HeaderError(ValueError):
    """The file's headers do not fit the schema."""


def normalise_header(text: object) -> str:
    s = unicodedata.normalize("NFKC", str(text or ""))
    s = _BRACKETED.sub("", s)
    s = re.sub(r"[\s*:：_\-]+", "", s)
    return s.lower()


@dataclass(frozen=True)
class HeaderMapping:
    """Source column index → schema field, plus the source columns kept as extra text."""

    fields: dict[str, int]
    extras: dict[str, int]
    headers: tuple[str, ...]


@cache
def _alias_table(schema: Schema) -> dict[str, str]:
    table: dict[str, str] = {}
    for f in schema.fields:
        for alias in (f.name, f.title, *f.aliases):
            if alias:
                table.setdefault(normalise_header(alias), f.name)
    return table


def match_header(header: str, schema: Schema) -> str | None:
    """The schema field a header names, or None."""
    table = _alias_table(schema)
    key = normalise_header(header)
    if not key:
        return None
    if key in table:
        return table[key]
    suffix_hits = {field for alias, field in table.items() if len(alias) >= 2 and key.endswith(alias)}
    return suffix_hits.pop() if len(suffix_hits) == 1 else None


def score_header_row(row: Sequence[object], schema: Schema) -> int:
    return len({f for cell in row if (f := match_header(str(cell or ""), schema))})


def find_header_row(rows: Sequence[Sequence[object]], schema: Schema) -> int:
    """Index of the header among the first rows: title rows above it are skipped."""
    best, best_score = 0, -1
    for index, row in enumerate(rows[:30]):
        score = score_header_row(row, schema)
        if score > best_score:
            best, best_score = index, score
    return best


def map_headers(
    headers: Sequence[object], schema: Schema, overrides: dict[str, str] | None = None
) -> HeaderMapping:
    """Map headers to fields; ``overrides`` is --map SOURCE_COLUMN=FIELD."""
    names = tuple(str(h if h is not None else "").strip() for h in headers)
    overrides = overrides or {}
    for source, target in overrides.items():
        schema.field(target)
        if source not in names:
            raise HeaderError(
                f"--map {source}={target}: 文件中没有名为“{source}”的列。文件的列: {', '.join(names)}"
            )
    fields: dict[str, int] = {}
    extras: dict[str, int] = {}
    for index, header in enumerate(names):
        field: str | None = overrides.get(header) or (
            None if header in overrides else match_header(header, schema)
        )
        if field and field not in fields:
            fields[field] = index
        elif header:
            extras[_unique(header, extras, schema)] = index
    missing = [f for f in schema.required if f not in fields]
    if missing:
        raise HeaderError(_missing_message(names, schema, missing))
    return HeaderMapping(fields=fields, extras=extras, headers=names)


def _unique(header: str, taken: dict[str, int], schema: Schema) -> str:
    """A name for a kept extra column. Names compare case-blind, as DuckDB's do (Remark and
    remark would be one column); names starting with _ are fayan's own (_row, …)."""
    base = f"src{header}" if header.startswith("_") else header
    used = {n.lower() for n in [*taken, *schema.field_names]}
    name, n = base, 2
    while name.lower() in used:
        name = f"{base}_{n}"
        n += 1
    return name


def _missing_message(headers: Sequence[str], schema: Schema, missing: list[str]) -> str:
    width = max([len(h) for h in headers] + [8])
    lines = [
        f"必填字段未能映射: {', '.join(missing)}（数据标准 {schema.name}）。",
        "请用 --map 源列名=字段名 指定，例如 --map 证件号=id_number。",
        "",
        f"{'文件的列'.ljust(width)}  数据标准的字段",
    ]
    rows = max(len(headers), len(schema.fields))
    for i in range(rows):
        left = headers[i] if i < len(headers) else ""
        right = ""
        if i < len(schema.fields):
            f = schema.fields[i]
            right = f"{f.name}{'*' if f.required else ''} ({f.title}; 别名: {'/'.join(f.aliases[:4])})"
        lines.append(f"{left.ljust(width)}  {right}")
    return "\n".join(lines)
