"""Import end to end on real files: every row is loaded or quarantined with its reason."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
import xlwt

from fayan.datasets import quarantine_rows, resolve_version
from fayan.importer import ImportError_, import_files
from fayan.workspace import Workspace, open_workspace
from tests.conftest import as_json, legacy_id, make_id, write_csv, write_xlsx

GOOD = make_id("330282", "19500101", "011")
GOOD_X = next(
    make_id("330282", "19510203", f"{s:03d}")
    for s in range(1000)
    if make_id("330282", "19510203", f"{s:03d}").endswith("X")
)
LEGACY = legacy_id("330282", "520304", "021")
BAD_CHECK = GOOD[:-1] + ("0" if GOOD[-1] != "0" else "1")
EXCEL_NUMBER = "3.30282195001011E+17"


def dirty_death_rows() -> tuple[list[list[object]], int, int]:
    header = ["序号", "公民身份号码", "姓名", "死亡日期"]
    rows: list[list[object]] = [
        [1, GOOD, "张一", "2022年3月1日"],
        [2, GOOD_X.lower(), "张二", "2022/3/2"],
        [3, LEGACY, "张三", "20220303"],
        [4, "".join(chr(ord(c) + 0xFEE0) for c in make_id(seq="044")), "张四", "2022-03-04"],
        [5, f" {make_id(seq='055')} ", "张五", "44625"],
        [6, BAD_CHECK, "坏一", "2022-03-06"],
        [7, EXCEL_NUMBER, "坏二", "2022-03-07"],
        [8, make_id(seq="088"), "坏三", "2022年13月1日"],
        [9, "", "坏四", "2022-03-09"],
    ]
    return [header, *rows], 5, 4


def assert_counts_exact(ws: Workspace, dataset: str, loaded: int, quarantined: int) -> None:
    version = resolve_version(ws, dataset)
    con = duckdb.connect()
    assert con.execute("SELECT count(*) FROM read_parquet(?)", [version.path]).fetchone() == (loaded,)
    assert len(quarantine_rows(version)) == quarantined == version.rows_quarantined


@pytest.mark.parametrize("encoding", ["gbk", "utf-8-sig"])
def test_csv_with_title_row_and_dirty_ids(ws: Workspace, tmp_path: Path, encoding: str) -> None:
    rows, good, bad = dirty_death_rows()
    path = write_csv(tmp_path / "deaths.csv", rows, encoding, title="某县民政局死亡人员名单（2022年）")
    result = import_files(ws, [str(path)], "death_record")
    assert (result.rows_loaded, result.rows_quarantined) == (good, bad)
    assert result.rows_loaded + result.rows_quarantined == len(rows) - 1
    assert result.sources[0]["encoding"] == ("gb18030" if encoding == "gbk" else "utf-8-sig")
    assert_counts_exact(ws, "death_record", good, bad)
    con = duckdb.connect()
    ids = {r[0] for r in con.execute("SELECT id_number FROM read_parquet(?)", [result.path]).fetchall()}
    assert GOOD in ids and GOOD_X in ids and (LEGACY[:6] + "19" + LEGACY[6:]) in {i[:17] for i in ids}
    reasons = {
        q["line"]: " ".join(q["reasons"]) for q in quarantine_rows(resolve_version(ws, "death_record"))
    }
    assert "校验位错误" in reasons[8]
    assert "科学计数法" in reasons[9] and "无法恢复" in reasons[9]
    assert "death_date: 无法识别的日期" in reasons[10]
    assert "id_number: 必填字段为空" in reasons[11]


def test_xlsx_with_merged_title_and_number_ids(ws: Workspace, tmp_path: Path) -> None:
    rows, good, bad = dirty_death_rows()
    rows = [list(r) for r in rows]
    rows[7][1] = 330282195001011234.0  # typed as a number: Excel keeps 15 significant digits
    path = write_xlsx(tmp_path / "deaths.xlsx", rows, title="死亡人员名单")
    result = import_files(ws, [str(path)], "death_record", name="deaths_xlsx")
    assert (result.rows_loaded, result.rows_quarantined) == (good, bad)
    reasons = {q["line"]: " ".join(q["reasons"]) for q in quarantine_rows(resolve_version(ws, "deaths_xlsx"))}
    assert "科学计数法" in reasons[9]  # Excel row 9: title, header, then the 7th data row


def test_xls_parquet_and_jsonl(ws: Workspace, tmp_path: Path) -> None:
    book = xlwt.Workbook()
    sheet = book.add_sheet("名单")
    for r, row in enumerate(
        [["身份证号", "姓名", "死亡时间"], [GOOD, "甲", "2021-01-01"], ["x", "乙", "2021-01-02"]]
    ):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    book.save(str(tmp_path / "d.xls"))
    assert import_files(ws, [str(tmp_path / "d.xls")], "death_record", name="xls").rows_loaded == 1
    jsonl = tmp_path / "d.jsonl"
    jsonl.write_text(
        json.dumps({"id_number": GOOD, "death_date": "2021-01-01"}) + "\n{broken\n",
        encoding="utf-8",
    )
    result = import_files(ws, [str(jsonl)], "death_record", name="jsonl")
    assert (result.rows_loaded, result.rows_quarantined) == (1, 1)
    parquet = tmp_path / "d.parquet"
    duckdb.connect().execute(
        f"COPY (SELECT '{GOOD}' AS 证件号码, DATE '2021-01-01' AS 死亡日期) TO '{parquet}'"
    )
    assert import_files(ws, [str(parquet)], "death_record", name="pq").rows_loaded == 1


def test_unmapped_required_field_lists_headers_and_fields(ws: Workspace, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "x.csv", [["编号", "人名", "日期"], ["1", "甲", "2022-01-01"]], "utf-8")
    with pytest.raises(ImportError_) as info:
        import_files(ws, [str(path)], "death_record")
    message = str(info.value)
    assert "id_number" in message and "人名" in message and "--map" in message
    assert "death_date*" in message
    result = import_files(
        ws, [str(path)], "death_record", mapping={"编号": "id_number", "日期": "death_date"}
    )
    assert result.rows_quarantined == 1  # "1" is no ID: quarantined, not dropped
    assert os.listdir(ws.staging_dir) == []


def test_units_and_role_prefixed_headers(ws: Workspace, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "p.csv",
        [["领取人公民身份号码", "待遇年月", "实发金额（元）"], [GOOD, "2022年3月", "1,234.50元"]],
        "gbk",
    )
    result = import_files(ws, [str(path)], "welfare_payment")
    assert result.rows_loaded == 1
    row = (
        duckdb.connect()
        .execute("SELECT id_number, pay_month, amount FROM read_parquet(?)", [result.path])
        .fetchone()
    )
    assert row is not None and row[0] == GOOD and str(row[1]) == "2022-03-01" and str(row[2]) == "1234.50"


def test_identical_reimport_and_append(ws: Workspace, tmp_path: Path) -> None:
    jan = write_csv(tmp_path / "jan.csv", [["身份证号", "发放年月", "金额"], [GOOD, "2022-01", "100"]], "gbk")
    feb = write_csv(
        tmp_path / "feb.csv",
        [["身份证号", "发放年月", "金额"], [GOOD, "2022-02", "100"], [GOOD, "bad", "1"]],
        "gbk",
    )
    first = import_files(ws, [str(jan)], "pension_payment", name="pensions")
    again = import_files(ws, [str(jan)], "pension_payment", name="pensions")
    assert again.duplicate and again.version == first.version
    appended = import_files(ws, [str(feb)], "pension_payment", name="pensions", append=True)
    assert appended.version_number == 2 and appended.rows_loaded == 1 and appended.rows_total == 2
    assert resolve_version(ws, "pensions").rows_quarantined == 1
    both = import_files(ws, [str(tmp_path / "*.csv")], "pension_payment", name="both")
    assert both.rows_total == 2 and len(both.sources) == 2


def test_cli_import_json(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rows, good, bad = dirty_death_rows()
    path = write_csv(tmp_path / "d.csv", rows, "gbk", title="标题")
    doc = as_json(cli("import", str(path), "--schema", "death_record", "--json"))
    assert {"dataset", "version", "rows_loaded", "rows_quarantined"} <= doc.keys()
    assert (doc["rows_loaded"], doc["rows_quarantined"]) == (good, bad)
    listed = as_json(cli("datasets", "--json"))
    assert listed["datasets"][0]["rows"] == good
    q = as_json(cli("quarantine", "death_record", "--json"))
    assert len(q["rows"]) == bad
    missing = cli("import", str(path), "--schema", "no_such_schema", check=False)
    assert missing.returncode != 0 and "未知的数据标准" in missing.stderr and missing.stdout == ""


def _snapshot(home: Path) -> tuple[list[str], list[tuple]]:
    files = sorted(
        str(p.relative_to(home))
        for p in home.rglob("*")
        if ".staging" not in p.parts and p.name not in ("fayan.db", "fayan.db-journal")
    )
    return files, _catalogue(home)


def _catalogue(home: Path) -> list[tuple]:
    import sqlite3

    with sqlite3.connect(home / "fayan.db") as db:
        return db.execute(
            "SELECT id, dataset, number, rows_loaded FROM dataset_versions ORDER BY id"
        ).fetchall()


@pytest.mark.slow
def test_sigkill_midway_leaves_workspace_as_it_was(tmp_path: Path) -> None:
    home = tmp_path / "home"
    ws = open_workspace(home)
    small = write_csv(tmp_path / "small.csv", [["身份证号", "死亡日期"], [GOOD, "2022-01-01"]], "gbk")
    import_files(ws, [str(small)], "death_record")
    big = tmp_path / "big.csv"
    with big.open("wb") as fh:
        fh.write("身份证号,姓名,死亡日期\n".encode("gbk"))
        line = f"{GOOD},张某某,2022年3月1日\n".encode("gbk")
        fh.write(line * 3_000_000)
    before = _snapshot(home)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "fayan",
            "--home",
            str(home),
            "import",
            str(big),
            "--schema",
            "death_record",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 60
    while time.time() < deadline:  # wait until it is writing into staging
        if any(p.is_file() and p.stat().st_size > 1 << 20 for p in (home / ".staging").rglob("*")):
            break
        time.sleep(0.05)
    else:
        proc.kill()
        pytest.fail("the import never started writing")
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert _snapshot(home) == before
    reopened = open_workspace(home)  # recovery clears what the killed import staged
    assert list(reopened.staging_dir.iterdir()) == []
    assert _snapshot(home) == before


def test_import_fayan_needs_no_optional_extra() -> None:
    code = "import sys, fayan, fayan.cli, fayan.importer; assert 'pyspark' not in sys.modules; print('ok')"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "ok"


def test_reimporting_fayans_own_parquet_keeps_its_row_column_as_an_extra(
    ws: Workspace, tmp_path: Path
) -> None:
    from fayan.importer.headers import map_headers
    from fayan.schemas import get_schema

    mapping = map_headers(["id_number", "death_date", "_row", "_row"], get_schema("death_record"))
    assert set(mapping.extras) == {"src_row", "src_row_2"}
    first = import_files(
        ws,
        [str(write_csv(tmp_path / "d.csv", [["身份证号", "死亡日期"], [GOOD, "2022-01-01"]], "utf-8"))],
        "death_record",
    )
    again = import_files(ws, [first.path], "death_record", name="copy")
    assert again.rows_loaded == 1 and "src_row" in again.unmapped_columns


def test_reimport_with_another_encoding_is_a_new_version(ws: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "late_gbk.csv"
    ascii_rows = "".join(f"{GOOD},2022-01-{1 + i % 28:02d}\n" for i in range(40_000))
    path.write_bytes(("id_number,death_date\n" + ascii_rows).encode("utf-8") + f"{GOOD},李四\n".encode("gbk"))
    first = import_files(ws, [str(path)], "death_record")
    assert first.rows_loaded + first.rows_quarantined == 40_001
    again = import_files(ws, [str(path)], "death_record", encoding="gbk")
    assert not again.duplicate and again.rows_loaded + again.rows_quarantined == 40_001
    assert again.rows_loaded == 40_000


def test_extra_columns_differing_only_in_case_keep_both_values(ws: Workspace, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "x.csv",
        [["身份证号", "死亡日期", "Remark", "remark"], [GOOD, "2022-01-01", "a", "b"]],
        "utf-8",
    )
    result = import_files(ws, [str(path)], "death_record")
    row = duckdb.connect().execute("SELECT * FROM read_parquet(?)", [result.path]).fetchone()
    assert row is not None and "a" in row and "b" in row


def test_empty_first_sheet_is_skipped_and_an_empty_workbook_is_refused(ws: Workspace, tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    first = book.active
    assert first is not None
    first.title = "说明"
    data = book.create_sheet("数据")
    data.append(["身份证号", "死亡日期"])
    data.append([GOOD, "2022-01-01"])
    book.save(tmp_path / "two.xlsx")
    assert import_files(ws, [str(tmp_path / "two.xlsx")], "death_record").rows_loaded == 1
    openpyxl.Workbook().save(tmp_path / "empty.xlsx")
    with pytest.raises(ImportError_, match="都是空的"):
        import_files(ws, [str(tmp_path / "empty.xlsx")], "death_record", name="empty")


def test_line_numbers_stay_physical_after_a_malformed_row(ws: Workspace, tmp_path: Path) -> None:
    lines = [
        "名单",  # line 1: title
        "身份证号,死亡日期",  # line 2: header
        f"{GOOD},2022-01-01",  # 3
        "too,many,columns,here",  # 4: malformed
        "only-one-column",  # 5: malformed
        f"{GOOD},2022-01-02",  # 6
        f"{BAD_CHECK},2022-01-03",  # 7: bad ID
        f"{GOOD},bad-date",  # 8: bad date
    ]
    path = tmp_path / "m.csv"
    path.write_text("\n".join(lines) + "\n", encoding="gbk")
    result = import_files(ws, [str(path)], "death_record")
    assert (result.rows_loaded, result.rows_quarantined) == (2, 4)
    lines_by_reason = {
        q["line"]: " ".join(q["reasons"]) for q in quarantine_rows(resolve_version(ws, "death_record"))
    }
    assert set(lines_by_reason) == {4, 5, 7, 8}
    assert "校验位" in lines_by_reason[7] and "日期" in lines_by_reason[8]
    rows = (
        duckdb.connect()
        .execute("SELECT _row % 1000000000 FROM read_parquet(?) ORDER BY 1", [result.path])
        .fetchall()
    )
    assert rows == [(3,), (6,)]
