"""The model engine: validation with lines, the sandbox, golden SQL executed on DuckDB."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import duckdb
import pytest
import sqlglot

from fayan.engines import get_engine
from fayan.models.compiler import KEY, BoundVersion, compile_model
from fayan.models.loader import all_packages, find_package
from fayan.models.spec import ModelError, load_model_text
from fayan.runs import execute_plan

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("FAYAN_UPDATE_GOLDEN") == "1"

BASE = """
id: probe
version: 0.1.0
title: 测试模型
inputs:
  deaths: death_record
  payments: [welfare_payment, pension_payment]
parameters:
  grace_months: {type: int, default: 0, min: 0}
steps:
  - id: joined
    join: {left: payments, right: deaths, on: id_number}
    where: {where}
clue:
  subject: {type: person, key: id_number, name: name}
  title: "{name}"
  evidence: [deaths]
"""


def probe(where: str) -> str:
    return BASE.replace("{where}", where)


def fake_bindings() -> dict[str, list[BoundVersion]]:
    return {
        "deaths": [BoundVersion("death_record", "d1", "death_record", "/nowhere")],
        "payments": [
            BoundVersion("welfare", "w1", "welfare_payment", "/nowhere"),
            BoundVersion("pension", "p1", "pension_payment", "/nowhere"),
        ],
    }


@pytest.mark.parametrize(
    ("where", "named"),
    [
        ("exists (select 1 from read_csv('/etc/passwd'))", "READ_CSV"),
        ("id_number in (select * from read_csv('/etc/passwd'))", "READ_CSV"),
        ("read_parquet('/etc/x') is not null", "read_parquet"),
        ("frobnicate(amount) > 1", "frobnicate"),
        ("pay_month > :no_such_param", ":no_such_param"),
        ("no_such_column > 1", "no_such_column"),
    ],
)
def test_expressions_outside_the_allow_list_are_rejected_by_name(where: str, named: str) -> None:
    model = load_model_text(probe(f'"{where}"'))
    with pytest.raises(ModelError) as info:
        compile_model(model, fake_bindings())
    assert named.lower() in str(info.value).lower()
    assert info.value.line == 13  # the line of the step's where


@pytest.mark.parametrize(
    ("sql", "named"),
    [
        ("ATTACH 'other.db' AS o", "ATTACH"),
        ("COPY deaths TO '/tmp/out.csv'", "COPY"),
        ("PRAGMA database_list", "PRAGMA"),
        ("SET enable_external_access = true", "SET"),
        ("INSTALL httpfs", "INSTALL"),
        ("LOAD httpfs", "LOAD"),
        ("SELECT * FROM read_csv('/etc/passwd')", "READ_CSV"),
        ("SELECT * FROM deaths; SELECT 1", "多条"),
        ("SELECT * FROM main.deaths", "main.deaths"),
        ("SELECT * FROM secrets", "secrets"),
    ],
)
def test_sql_steps_cannot_touch_files_catalogue_or_settings(sql: str, named: str) -> None:
    text = BASE.replace(
        "    join: {left: payments, right: deaths, on: id_number}\n    where: {where}",
        f'    sql: "{sql}"',
    )
    with pytest.raises(ModelError) as info:
        compile_model(load_model_text(text), fake_bindings())
    assert named.lower() in str(info.value).lower()


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        (BASE.replace("version: 0.1.0\n", ""), None, "version"),
        (BASE.replace("death_record\n", "no_schema\n", 1), 6, "no_schema"),
        (BASE.replace("{type: int, default: 0, min: 0}", "{type: int, default: abc}"), 9, "grace_months"),
        (BASE.replace("join: {", "joinx: {"), 11, "需要且只能有一种类型"),
        (BASE.replace('title: "{name}"', 'title: "{nobody}"'), 16, "nobody"),
        (BASE.replace("on: id_number", "on: idx"), 12, "idx"),
        ("id: x\n  - broken: [", 2, "YAML"),
    ],
)
def test_validation_errors_name_the_line(text: str, line: int | None, fragment: str) -> None:
    with pytest.raises(ModelError) as info:
        compile_model(
            load_model_text(probe("'1=1'") if text is None else text.replace("{where}", "'1=1'")),
            fake_bindings(),
        )
    assert fragment in str(info.value)
    if line is not None:
        assert info.value.line == line, str(info.value)


def test_golden_sql_for_every_builtin_model_and_spark_round_trip() -> None:
    for model_id, package in sorted(all_packages().items()):
        bindings = {
            role: [
                BoundVersion(f"{schema}_ds", f"{role}{i}", schema, "/nowhere")
                for i, schema in enumerate(spec.schemas)
            ]
            for role, spec in package.model.inputs.items()
        }
        plan = compile_model(package.model, bindings)
        duck = plan.sql("duckdb")
        golden = GOLDEN / f"{model_id}.duckdb.sql"
        if UPDATE or not golden.exists():
            golden.write_text(duck + "\n", encoding="utf-8")
        assert duck + "\n" == golden.read_text("utf-8"), (
            f"{model_id}: compiled SQL changed (FAYAN_UPDATE_GOLDEN=1)"
        )
        spark = plan.sql("spark")
        reparsed = sqlglot.parse_one(spark, dialect="spark")
        assert reparsed.find(sqlglot.exp.With) is not None
        assert {c.alias for c in reparsed.find_all(sqlglot.exp.CTE)} == {layer.name for layer in plan.layers}


def _write(con: duckdb.DuckDBPyConnection, path: Path, sql: str) -> str:
    con.execute(f"COPY ({sql}) TO '{path}' (FORMAT parquet)")
    return str(path)


def test_deceased_benefits_on_duckdb_returns_exactly_the_expected_hits(tmp_path: Path) -> None:
    con = duckdb.connect()
    deaths = _write(
        con,
        tmp_path / "d.parquet",
        """
        SELECT * FROM (VALUES
          (1, 'A', '甲', DATE '2022-03-15', NULL, NULL),
          (2, 'B', '乙', DATE '2022-05-20', NULL, NULL),
          (3, 'C', '丙', DATE '2022-08-01', NULL, NULL)
        ) t(_row, id_number, name, death_date, source, region_code)""",
    )
    welfare = _write(
        con,
        tmp_path / "w.parquet",
        """
        SELECT r AS _row, id, NULL AS name, m, 100.00::DECIMAL(18,2) AS amount,
               NULL AS benefit_type, NULL AS household_no, NULL AS head_name, NULL AS address,
               NULL AS agency, NULL AS region_code
        FROM (VALUES (1, 'A', DATE '2022-03-01'), (2, 'A', DATE '2022-04-01'), (3, 'A', DATE '2022-05-01'),
                     (4, 'B', DATE '2022-05-01'), (5, 'C', DATE '2022-06-01'), (6, 'Z', DATE '2022-09-01'))
             t(r, id, m)""".replace("id, NULL AS name, m,", "id AS id_number, NULL AS name, m AS pay_month,"),
    )
    pension = _write(
        con,
        tmp_path / "p.parquet",
        """
        SELECT 1 AS _row, 'A' AS id_number, '甲' AS name, DATE '2022-06-01' AS pay_month,
               2000.00::DECIMAL(18,2) AS amount, NULL AS scheme, NULL AS retire_date, NULL AS status,
               NULL AS agency, NULL AS region_code""",
    )
    model = find_package("deceased-benefits").model
    bindings = {
        "deaths": [BoundVersion("deaths", "d1", "death_record", deaths)],
        "payments": [
            BoundVersion("welfare", "w1", "welfare_payment", welfare),
            BoundVersion("pension", "p1", "pension_payment", pension),
        ],
    }
    engine = get_engine("duckdb", [tmp_path])
    result = execute_plan(compile_model(model, bindings), engine, tmp_path / "evidence")
    evidence = {
        name: [dict(zip([d[0] for d in cur.description], row, strict=True)) for row in cur.fetchall()]
        for name, path in result.evidence_files.items()
        for cur in [con.execute("SELECT * FROM read_parquet(?)", [str(path)])]
    }
    hits = {h[KEY]: h for h in result.hits}
    assert set(hits) == {"A"}
    # died 2022-03-15: March is the month of death; April, May (welfare) and June (pension) are not
    assert hits["A"]["months"] == 3 and str(hits["A"]["total"]) == "2200.00"
    assert {r["_row"] for r in evidence["paid_after_death"]} == {2, 3, 1}
    assert {r["_version"] for r in evidence["paid_after_death"]} == {"w1", "p1"}
    assert [r["death_date"] for r in evidence["deaths"]] == [dt.date(2022, 3, 15)]
    assert result.evidence["A"].counts == {"deaths": 1, "paid_after_death": 3, "per_person": 1}
    engine.close()
    engine = get_engine("duckdb", [tmp_path])
    grace = execute_plan(compile_model(model, bindings, {"grace_months": 1}), engine)
    assert {h[KEY]: h["months"] for h in grace.hits} == {"A": 2}


def test_engine_reads_only_the_workspace(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    inside = tmp_path / "inside"
    inside.mkdir()
    con = duckdb.connect()
    _write(con, outside / "x.parquet", "SELECT 1 AS a")
    engine = get_engine("duckdb", [inside])
    with pytest.raises(Exception, match="(?i)permission|disabled"):
        engine.fetch(f"SELECT * FROM read_parquet('{outside / 'x.parquet'}')")
    with pytest.raises(Exception, match="(?i)locked"):
        engine.fetch("SET enable_external_access = true")


def test_param_types_are_checked() -> None:
    model = find_package("deceased-benefits").model
    with pytest.raises(ValueError, match="grace_months"):
        model.resolve_parameters({"grace_months": "-1"})
    with pytest.raises(ValueError, match="没有参数"):
        model.resolve_parameters({"nope": "1"})
    assert model.resolve_parameters({"grace_months": "2"}) == {"grace_months": 2}


def _ignored(_: Any) -> None:
    return None


def test_a_cte_cannot_vouch_for_a_system_table_in_another_scope() -> None:
    sql = (
        "SELECT a.id_number AS id_number, t.table_name AS tn FROM "
        "(WITH duckdb_tables AS (SELECT 1 AS x) SELECT id_number FROM deaths) a CROSS JOIN duckdb_tables t"
    )
    text = BASE.replace(
        "    join: {left: payments, right: deaths, on: id_number}\n    where: {where}", f'    sql: "{sql}"'
    )
    with pytest.raises(ModelError, match="duckdb_tables"):
        compile_model(load_model_text(text), fake_bindings())
    for path_table in ('"/etc/passwd"', '"/tmp/x.parquet"'):
        text = BASE.replace(
            "    join: {left: payments, right: deaths, on: id_number}\n    where: {where}",
            f"    sql: 'SELECT * FROM {path_table}'",
        )
        with pytest.raises(ModelError):
            compile_model(load_model_text(text), fake_bindings())


def test_engine_reads_only_the_bound_files(tmp_path: Path) -> None:
    con = duckdb.connect()
    bound, other = tmp_path / "bound.parquet", tmp_path / "other.parquet"
    _write(con, bound, "SELECT 1 AS a")
    _write(con, other, "SELECT 2 AS a")
    engine = get_engine("duckdb", [tmp_path / "staging"], allowed_files=[bound])
    assert engine.fetch(f"SELECT a FROM read_parquet('{bound}')") == [{"a": 1}]
    with pytest.raises(Exception, match="(?i)permission|disabled"):
        engine.fetch(f"SELECT a FROM read_parquet('{other}')")
