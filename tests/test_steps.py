"""Step kinds executed on DuckDB over small fixtures: window, union, anti_join, sql, keywords."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from fayan.engines import get_engine
from fayan.models.compiler import KEY, BoundVersion, compile_model
from fayan.models.spec import load_model_text
from fayan.runs import execute_plan
from fayan.schemas import get_schema

HEADER = """
id: probe
version: 0.1.0
title: 步骤测试
inputs:
  deaths: death_record
  settlements: medical_settlement
parameters:
  days: {type: int, default: 30}
"""
CLUE = """
clue:
  subject: {type: person, key: id_number}
  title: "{id_number}"
"""


@pytest.fixture
def bindings(tmp_path: Path) -> dict[str, list[BoundVersion]]:
    con = duckdb.connect()
    deaths = tmp_path / "deaths.parquet"
    con.execute(f"""COPY (SELECT * FROM (VALUES
        (1, 'A', '甲', DATE '2022-03-15', NULL, NULL),
        (2, 'B', '乙', DATE '2022-03-15', NULL, NULL),
        (3, 'C', '丙', DATE '2022-03-15', NULL, NULL),
        (4, 'D', '丁', DATE '2022-03-15', NULL, NULL)
      ) t(_row, id_number, name, death_date, source, region_code)) TO '{deaths}'""")
    settlements = tmp_path / "settlements.parquet"
    given = {
        "settlement_id": "'S' || i",
        "id_number": "id",
        "institution_code": "'H1'",
        "visit_type": "'住院'",
        "admit_date": "d",
        "total_amount": "100.00::DECIMAL(18,2)",
    }
    columns = ", ".join(
        f"{given.get(f, 'NULL')} AS {f}" for f in get_schema("medical_settlement").field_names
    )
    con.execute(f"""COPY (SELECT 10 + i AS _row, {columns} FROM (VALUES
          (1, 'A', DATE '2022-03-20'),   -- 5 days after death
          (2, 'B', DATE '2022-05-01'),   -- 47 days after
          (3, 'C', DATE '2022-03-01'),   -- 14 days before
          (4, 'Z', DATE '2022-03-20')    -- nobody died
        ) t(i, id, d)) TO '{settlements}'""")
    return {
        "deaths": [BoundVersion("deaths", "d1", "death_record", str(deaths))],
        "settlements": [BoundVersion("settlements", "s1", "medical_settlement", str(settlements))],
    }


def hits(text: str, bindings: dict[str, list[BoundVersion]], tmp_path: Path, **params: object) -> set[str]:
    plan = compile_model(load_model_text(text), bindings, params)
    engine = get_engine("duckdb", [tmp_path])
    try:
        return {str(h[KEY]) for h in execute_plan(plan, engine).hits}
    finally:
        engine.close()


@pytest.mark.parametrize(
    ("relation", "bounds", "expected"),
    [
        ("after", "min: 1\n      max: :days", {"A"}),
        ("after", "min: 1", {"A", "B"}),
        ("before", "min: 1\n      max: :days", {"C"}),
        ("within", "max: 20", {"A", "C"}),
    ],
)
def test_window_relations(bindings, tmp_path: Path, relation: str, bounds: str, expected: set[str]) -> None:  # type: ignore[no-untyped-def]
    text = (
        HEADER
        + f"""
steps:
  - id: near_death
    window:
      event: settlements
      {relation}: deaths
      on: id_number
      event_time: admit_date
      reference_time: death_date
      {bounds}
"""
        + CLUE
    )
    assert hits(text, bindings, tmp_path) == expected


def test_window_in_months_and_parameter_override(bindings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = (
        HEADER
        + """
steps:
  - id: later
    window: {event: settlements, after: deaths, on: id_number, event_time: admit_date,
             reference_time: death_date, min: 1, unit: month}
"""
        + CLUE
    )
    assert hits(text, bindings, tmp_path) == {"B"}  # March → May is 2 calendar months; March → March is 0
    day_text = text.replace("min: 1, unit: month", "min: 1, max: ':days'")
    assert hits(day_text, bindings, tmp_path, days=60) == {"A", "B"}


def test_union_anti_join_sql_and_keywords(bindings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = (
        HEADER
        + """
steps:
  - id: unmatched
    anti_join: {left: settlements, right: deaths, on: id_number}
  - id: early
    filter: {from: settlements, where: "admit_date < DATE '2022-03-10'"}
  - id: both
    union: [unmatched, early]
  - id: tagged
    sql: "SELECT id_number, count(*) AS n, max(_layer) AS layer FROM both GROUP BY id_number"
  - id: hospital_only
    filter:
      from: tagged
      keywords: {field: layer, any: [early, unmatched], none: [nothing]}
"""
        + CLUE
    )
    assert hits(text, bindings, tmp_path) == {"Z", "C"}
