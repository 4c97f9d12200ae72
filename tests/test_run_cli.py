"""deceased-benefits end to end through the CLI on messy exports."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl

from tests.conftest import as_json, legacy_id, make_id, write_csv, write_xlsx

# Planted: A (paid 2 months after death, welfare), B (15-digit legacy ID in the death file,
# pension after death). Near-misses: C died in the last paid month; D died after payments
# stopped. E is alive. F dies later (added in a second import).
A = make_id("330327", "19400312", "011")
B18 = make_id("330327", "19380701", "023")
B15 = legacy_id("330327", "380701", "023")
C = make_id("330327", "19451105", "031")
D = make_id("330327", "19330220", "042")
E = make_id("330327", "19500101", "053")
F = make_id("330327", "19470615", "065")


def write_exports(tmp_path: Path) -> dict[str, Path]:
    deaths = write_csv(
        tmp_path / "deaths.csv",
        [
            ["公民身份号码", "姓名", "死亡日期"],
            [A, "陈阿大", "2022年3月15日"],
            [B15, "林阿二", "2022/2/3"],
            [C, "王阿三", "20220520"],
            [D, "郑阿四", "2022-08-01"],
            ["330327194001010000", "坏号", "2022-01-01"],
        ],
        "gbk",
        title="某县2022年死亡人员信息",
    )
    welfare_rows: list[list[object]] = [["身份证号", "姓名", "发放年月", "发放金额（元）"]]
    for month in range(1, 6):
        welfare_rows.append([A.lower(), "陈阿大", f"2022年{month}月", "800"])
        welfare_rows.append([C, "王阿三", f"2022-{month:02d}", "600"])
        welfare_rows.append([E, "李阿五", f"2022{month:02d}", "700"])
        welfare_rows.append([F, "何阿六", f"2022-{month:02d}", "650"])
    for month in range(1, 4):
        welfare_rows.append([D, "郑阿四", f"2022-{month:02d}", "500"])
    welfare = write_xlsx(tmp_path / "welfare.xlsx", welfare_rows, title="2022年低保金发放明细")
    pension = write_csv(
        tmp_path / "pension.csv",
        [
            ["证件号码", "姓名", "待遇年月", "实发金额"],
            [B18, "林阿二", "2022-02", "2,000.00"],
            [B18, "林阿二", "2022-03", "2,000.00"],
            [B18, "林阿二", "2022-04", "2,000.00"],
        ],
        "utf-8-sig",
    )
    return {"deaths": deaths, "welfare": welfare, "pension": pension}


def test_deceased_benefits_end_to_end(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    files = write_exports(tmp_path)
    assert (
        as_json(
            cli("import", str(files["deaths"]), "--schema", "death_record", "--name", "deaths", "--json")
        )["rows_quarantined"]
        == 1
    )
    cli("import", str(files["welfare"]), "--schema", "welfare_payment", "--json")
    cli("import", str(files["pension"]), "--schema", "pension_payment", "--json")

    first = as_json(cli("run", "deceased-benefits", "--json"))
    assert {"run_id", "hits", "new_clues", "seconds"} <= first.keys()
    assert (first["hits"], first["new_clues"]) == (2, 2)
    clues = json.loads(cli("clues", "--model", "deceased-benefits", "--format", "json").stdout)
    assert {c["subject_key"] for c in clues} == {A, B18}
    for field in (
        "clue_id",
        "model_id",
        "subject_type",
        "subject_key",
        "subject_name",
        "title",
        "score",
        "status",
        "first_seen_run",
        "evidence",
    ):
        assert all(field in c for c in clues)
    by_key = {c["subject_key"]: c for c in clues}
    assert by_key[A]["score"] == 1600.0 and "2 个月" in by_key[A]["title"]
    assert by_key[B18]["score"] == 4000.0
    evidence = by_key[B18]["evidence"]
    assert [r["death_date"] for r in evidence["deaths"]] == ["2022-02-03"]
    assert sorted(r["pay_month"] for r in evidence["paid_after_death"]) == ["2022-03-01", "2022-04-01"]
    assert all(r["_version"] and r["_row"] for r in evidence["paid_after_death"])

    second = as_json(cli("run", "deceased-benefits", "--json"))
    assert second["new_clues"] == 0 and second["hits"] == 2

    more = write_csv(
        tmp_path / "deaths_more.csv", [["身份证号", "姓名", "死亡日期"], [F, "何阿六", "2022-02-10"]], "gbk"
    )
    cli("import", str(more), "--schema", "death_record", "--name", "deaths", "--append", "--json")
    third = as_json(cli("run", "deceased-benefits", "--json"))
    assert (third["hits"], third["new_clues"]) == (3, 1)
    new_only = json.loads(cli("clues", "--new-only", "--format", "json").stdout)
    assert [c["subject_key"] for c in new_only] == [F]

    table = cli("clues").stdout
    assert "陈阿大" in table and "林阿二" in table
    out_csv = tmp_path / "clues.csv"
    cli("clues", "--format", "csv", "--out", str(out_csv))
    with out_csv.open(encoding="utf-8") as fh:
        assert len(list(csv.DictReader(fh))) == 3
    out_xlsx = tmp_path / "clues.xlsx"
    cli("clues", "--format", "xlsx", "--out", str(out_xlsx))
    sheet = openpyxl.load_workbook(out_xlsx)["线索"]
    assert sheet.max_row == 4

    explain = cli("explain", "deceased-benefits").stdout
    assert "paid_after_death" in explain and "deaths" in explain


def test_run_failures_say_what_to_do(cli) -> None:  # type: ignore[no-untyped-def]
    missing = cli("run", "deceased-benefits", "--json", check=False)
    assert missing.returncode != 0 and "fayan import" in missing.stderr and missing.stdout == ""
    unknown = cli("run", "no-such-model", check=False)
    assert unknown.returncode != 0 and "deceased-benefits" in unknown.stderr
    spark = cli("run", "deceased-benefits", "--engine", "spark", check=False)
    assert spark.returncode != 0


def test_formula_injection_is_escaped() -> None:
    from fayan.clues import escape_cell, to_csv

    assert escape_cell('=HYPERLINK("x")') == '\'=HYPERLINK("x")'
    assert (
        escape_cell("@SUM(A1)") == "'@SUM(A1)"
        and escape_cell("-1+2") == "'-1+2"
        and escape_cell("+1") == "'+1"
    )
    assert escape_cell("张三") == "张三" and escape_cell(12.5) == 12.5
    record = {
        "clue_id": 1,
        "model_id": "m",
        "subject_type": "person",
        "subject_key": "k",
        "subject_name": "=cmd|' /C calc'!A0",
        "title": "t",
        "score": 1.0,
        "status": "new",
        "first_seen_run": 1,
        "last_seen_run": 1,
    }
    assert "'=cmd" in to_csv([record])


def test_test_model_command(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ok = as_json(cli("test-model", "deceased-benefits", "--json"))
    assert ok["passed"] and ok["expected"] == 2
    import shutil

    from fayan.models.loader import find_package

    copy = tmp_path / "pkg"
    shutil.copytree(find_package("deceased-benefits").path, copy)
    expected = copy / "expected.csv"
    expected.write_text(expected.read_text("utf-8").replace("2400.00", "9999.00"), encoding="utf-8")
    failed = cli("test-model", str(copy), "--json", check=False)
    assert failed.returncode == 1 and json.loads(failed.stdout)["mismatched"]


def test_unfounded_clue_returns_only_when_evidence_changes(tmp_path: Path) -> None:
    from sqlalchemy import select

    from fayan.db import Clue, ClueEvent
    from fayan.importer import import_files
    from fayan.runs import run_model
    from fayan.workspace import open_workspace

    ws = open_workspace(tmp_path / "home")
    files = write_exports(tmp_path)
    import_files(ws, [str(files["deaths"])], "death_record", name="deaths")
    import_files(ws, [str(files["welfare"])], "welfare_payment")
    import_files(ws, [str(files["pension"])], "pension_payment")
    assert run_model(ws, "deceased-benefits").new_clues == 2
    with ws.session() as session:
        for clue in session.scalars(select(Clue)):
            clue.status = "unfounded"
        session.commit()
    # The same facts re-exported as XLSX: a new version of the dataset, the same evidence.
    same_facts = write_xlsx(
        tmp_path / "pension.xlsx",
        [["证件号码", "姓名", "待遇年月", "实发金额"]]
        + [[B18, "林阿二", f"2022-0{m}", "2000"] for m in (2, 3, 4)],
    )
    assert import_files(ws, [str(same_facts)], "pension_payment").version_number == 2
    again = run_model(ws, "deceased-benefits")
    assert not again.reused and again.new_clues == 0
    # One more payment after death for B changes B's evidence: B comes back, A does not.
    extra = write_csv(
        tmp_path / "p2.csv", [["证件号码", "待遇年月", "实发金额"], [B18, "2022-05", "2000"]], "utf-8"
    )
    import_files(ws, [str(extra)], "pension_payment", append=True)
    third = run_model(ws, "deceased-benefits")
    assert third.new_clues == 1
    with ws.session() as session:
        statuses = {c.subject_key: c.status for c in session.scalars(select(Clue))}
        events = session.scalars(select(ClueEvent).where(ClueEvent.from_status == "unfounded")).all()
    assert statuses == {A: "unfounded", B18: "new"}
    assert len(events) == 1 and "证据" in events[0].reason
