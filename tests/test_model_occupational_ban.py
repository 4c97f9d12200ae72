"""occupational-ban beyond its self-test: each parameter moves exactly the near-miss it should,
and one person with two jobs and two barred records is one clue."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from fayan.clues import list_clues
from fayan.importer import import_files
from fayan.models.loader import all_packages
from fayan.models.selftest import sample_schema
from fayan.runs import run_model
from fayan.workspace import Workspace
from tests.conftest import make_id, write_csv

MODEL = "occupational-ban"
PACKAGE = all_packages()[MODEL]
POSITIVES = {"刘一", "陈二", "杨三", "黄四", "赵五"}


def _ids() -> dict[str, str]:
    ids: dict[str, str] = {}
    for path in PACKAGE.sample_dir.glob("*.csv"):
        with path.open(encoding="utf-8-sig", newline="") as fh:
            ids.update({row["姓名"]: row["身份证号"] for row in csv.DictReader(fh)})
    return ids


IDS = _ids()


@pytest.fixture
def sample_ws(ws: Workspace) -> Workspace:
    for path in sorted(PACKAGE.sample_dir.glob("*.csv")):
        import_files(ws, [str(path)], sample_schema(path), name=path.stem)
    return ws


def _names(ws: Workspace, **parameters: object) -> set[str]:
    run = run_model(ws, MODEL, parameters=parameters)
    by_id = {v: k for k, v in IDS.items()}
    return {by_id[c["subject_key"]] for c in list_clues(ws, model=MODEL) if c["last_seen_run"] == run.run_id}


def test_each_parameter_moves_exactly_its_near_miss(sample_ws: Workspace) -> None:
    assert _names(sample_ws) == POSITIVES
    # 郑八 left the kindergarten in 2019.
    assert _names(sample_ws, include_departed=True) == POSITIVES | {"郑八"}
    # 冯十 works at a university: not in the default kinds.
    kinds = [*PACKAGE.model.parameters["employer_kinds"].default, "高等学校"]
    assert _names(sample_ws, employer_kinds=kinds) == POSITIVES | {"冯十"}
    # 吴六 (theft) is at a primary school; 周七 (rape) at a logistics company stays out.
    offences = [*PACKAGE.model.parameters["barred_offences"].default, "盗窃罪"]
    assert _names(sample_ws, barred_offences=offences) == POSITIVES | {"吴六"}
    # 王九 is on no roster and 褚十一 has no record: never found.
    assert not {"王九", "褚十一", "周七"} & _names(sample_ws, include_departed=True, barred_offences=offences)


def test_two_jobs_and_two_barred_records_make_one_clue(ws: Workspace, tmp_path: Path) -> None:
    pid = make_id(region="330106", birth="19800101", seq="555")
    staff = [
        ["身份证号", "姓名", "单位名称", "单位类型", "岗位"],
        [pid, "某甲", "某小学", "小学", "保安"],
        [pid, "某甲", "某托育中心", "托育机构", "厨师"],
    ]
    records = [
        ["身份证号", "姓名", "罪名", "判决日期", "主刑种类", "刑期", "刑满释放日期"],
        [pid, "某甲", "强制猥亵、侮辱罪", "2016-10-01", "有期徒刑", "12", "2017-10-01"],
        [pid, "某甲", "虐待被监护、看护人罪", "2018-10-01", "有期徒刑", "30", "2021-04-01"],
    ]
    import_files(ws, [str(write_csv(tmp_path / "s.csv", staff, "gb18030"))], "staff_roster", name="staff")
    import_files(
        ws, [str(write_csv(tmp_path / "r.csv", records, "utf-8-sig"))], "criminal_record", name="rec"
    )
    run_model(ws, MODEL)
    clues = list_clues(ws, model=MODEL)
    assert [c["subject_key"] for c in clues] == [pid]
    clue = clues[0]
    assert len(clue["evidence"]["banned_staff"]) == 4 and len(clue["evidence"]["barred_records"]) == 2
    # The row shown is the one with the longest sentence (the score).
    assert "虐待被监护、看护人罪" in clue["title"] and clue["score"] == 31
