"""Render a dataset as an agency would export it: encodings, title rows, dirty IDs and dates.

The dirt is the repairable kind of DESIGN.md's "bad input" section (lower-case x, 15-digit
legacy IDs, full-width digits, stray spaces, 2022年3月1日 / 20220301 / 2022/3/1 dates), plus a
few rows that cannot be repaired (wrong check digit, ID stored as a number) and must land in
quarantine. Planted rows are dirtied only in repairable ways.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path
from typing import TYPE_CHECKING, Any

import openpyxl
from stdnum.cn import ric

from fayan.schemas import get_schema

if TYPE_CHECKING:
    from fayan.synth.county import Dataset, SynthContext

FORMATS = ("gbk_csv", "bom_csv", "xlsx_title")


def header_for(schema_name: str, field_name: str) -> str:
    f = get_schema(schema_name).field(field_name)
    return f.aliases[0] if f.aliases else f.name


def dirty_id(value: str, rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.06 and value.endswith("X"):
        return value.lower()
    if roll < 0.12 and value[6:8] == "19":
        return value[:6] + value[8:17]  # the legacy 15-digit form of the same person
    if roll < 0.16:
        return "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in value)
    if roll < 0.20:
        return f" {value} "
    return value


def dirty_date(value: dt.date, rng: random.Random, month_only: bool = False) -> str:
    roll = rng.random()
    if month_only:
        forms = [f"{value:%Y-%m}", f"{value:%Y%m}", f"{value.year}年{value.month}月"]
        return forms[int(roll * len(forms))]
    forms = [
        value.isoformat(),
        f"{value.year}年{value.month}月{value.day}日",
        f"{value:%Y%m%d}",
        f"{value.year}/{value.month}/{value.day}",
    ]
    return forms[int(roll * len(forms))]


def _is_resident_id(value: str) -> bool:
    return len(value) == 18 and value[:17].isdigit() and ric.calc_check_digit(value) == value[-1]


def _render(schema_name: str, row: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    schema = get_schema(schema_name)
    rendered: dict[str, Any] = {}
    for f in schema.fields:
        value = row.get(f.name)
        if value is None:
            rendered[f.name] = ""
        elif f.type == "id_number" or (f.type == "id_or_uscc" and _is_resident_id(str(value))):
            rendered[f.name] = dirty_id(str(value), rng)
        elif f.type == "month" and isinstance(value, dt.date):
            rendered[f.name] = dirty_date(value, rng, month_only=True)
        elif f.type == "date" and isinstance(value, dt.date):
            rendered[f.name] = dirty_date(value, rng)
        elif f.type == "bool" and isinstance(value, bool):
            rendered[f.name] = rng.choice(["是", "Y", "1"]) if value else rng.choice(["否", "N", "0"])
        else:
            rendered[f.name] = value
    return rendered


def _noise_rows(schema_name: str, template: dict[str, Any], ctx: SynthContext) -> list[dict[str, Any]]:
    """Rows that must be quarantined: a wrong check digit, an ID stored as a number."""
    schema = get_schema(schema_name)
    id_fields = [
        f.name for f in schema.fields if f.type in ("id_number", "id_or_uscc", "uscc") and f.required
    ]
    if not id_fields:
        return []
    rows = []
    for broken in ("check", "number"):
        row = dict(template)
        for name in id_fields:
            good = ctx.person_id() if schema.field(name).type == "id_number" else ctx.enterprise_code()
            if broken == "check":
                row[name] = good[:-1] + ("0" if good[-1] != "0" else "1")
            elif schema.field(name).type == "id_number":
                row[name] = f"{int(good[:17]) / 10**16:.14f}".rstrip("0") + "E+17"
            else:  # a USCC has letters, so it cannot be "stored as a number": use a banned letter
                row[name] = good[:8] + "O" + good[9:]
        rows.append(row)
    return rows


def write_dataset(out_dir: Path, ds: Dataset, rng: random.Random, ctx: SynthContext) -> tuple[Path, int]:
    fields = get_schema(ds.schema).field_names
    rows = [_render(ds.schema, r, rng) for r in ds.rows]
    noise = _noise_rows(ds.schema, rows[0], ctx) if rows else []
    all_rows = rows + noise
    rng.shuffle(all_rows)
    header = [header_for(ds.schema, f) for f in fields]
    body = [[r.get(f, "") for f in fields] for r in all_rows]
    if ds.format == "xlsx_title":
        path = out_dir / f"{ds.name}.xlsx"
        wb = openpyxl.Workbook()
        sheet = wb.active
        assert sheet is not None
        sheet.append([ds.title or ds.name])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
        sheet.append(header)
        for r in body:
            sheet.append([str(c) if c != "" else None for c in r])
        wb.save(path)
    else:
        path = out_dir / f"{ds.name}.csv"
        # GB18030 is what "GBK" exports really are once a rare name character appears.
        encoding = "gb18030" if ds.format == "gbk_csv" else "utf-8-sig"
        with path.open("w", encoding=encoding, newline="", errors="strict") as fh:
            writer = csv.writer(fh)
            writer.writerow(header)
            writer.writerows(body)
    return path, len(noise)
