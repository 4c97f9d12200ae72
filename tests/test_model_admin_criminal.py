"""admin-to-criminal (S6 行刑衔接): every reason fires, and every boundary sits where the
parameters say — amounts "以上" include the threshold itself (刑法 art. 99), a transfer is
overdue only after ``filing_days`` full days, a filing is idle only after ``idle_days``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from fayan.importer import import_files
from fayan.models.compiler import KEY
from fayan.models.loader import find_package
from fayan.runs import preview_hits
from fayan.workspace import Workspace, open_workspace
from tests.conftest import make_id, write_csv

MODEL = "admin-to-criminal"
PENALTY_HEADER = [
    "案件编号",
    "处罚机关",
    "身份证号",
    "当事人姓名",
    "违法行为",
    "涉案金额",
    "处罚决定日期",
    "是否移送",
    "移送日期",
]
FILING_HEADER = [
    "案件编号",
    "身份证号",
    "犯罪嫌疑人姓名",
    "立案日期",
    "移送案件编号",
    "案件状态",
    "最后办理日期",
]


def penalty(case_no: str, seq: int, violation: str, amount: str, decided: str, sent: str = "") -> list[str]:
    transferred = "是" if sent or case_no.startswith("移送无日期") else "否"
    party = [make_id(seq=f"{seq:03d}"), f"当事人{seq}"]
    return [case_no, "某执法局", *party, violation, amount, decided, transferred, sent]


def filing(case_no: str, seq: int, filed: str, source: str, status: str, last: str) -> list[str]:
    return [case_no, make_id(seq=f"{seq:03d}"), f"当事人{seq}", filed, source, status, last]


PENALTIES = [
    penalty("伪劣-差一分", 1, "销售伪劣产品", "49,999.99", "2022-05-01"),
    penalty("伪劣-恰五万", 2, "销售伪劣产品", "50,000.00", "2022-05-01"),
    penalty("伪劣-多一分", 3, "销售伪劣产品", "50000.01", "2022-05-01"),
    penalty("有毒-无金额", 4, "在食品中掺入非食品原料", "", "2022-05-01"),
    penalty("一般违法", 5, "未按规定明码标价", "900000", "2022-05-01"),
    penalty("移送30日", 6, "走私成品油", "200000", "2022-11-28", "2022-12-01"),
    penalty("移送31日", 7, "走私成品油", "200000", "2022-11-28", "2022-11-30"),
    penalty("移送无日期", 8, "非法经营", "80000", "2022-05-01"),
    penalty("第30日立案", 9, "走私冻品", "200000", "2022-07-30", "2022-08-01"),
    penalty("第31日立案", 10, "走私冻品", "200000", "2022-07-30", "2022-08-01"),
    penalty("滞留180日", 11, "非法捕捞", "200000", "2022-02-27", "2022-03-01"),
    penalty("滞留181日", 12, "非法捕捞", "200000", "2022-02-27", "2022-03-01"),
    penalty("已撤案", 13, "非法采矿", "200000", "2021-02-27", "2021-03-01"),
]
FILINGS = [
    filing("A001", 9, "2022-08-31", "第30日立案", "已移送审查起诉", "2022-10-01"),
    filing("A002", 10, "2022-09-01", "第31日立案", "已移送审查起诉", "2022-10-01"),
    filing("A003", 11, "2022-03-05", "滞留180日", "侦查中", "2022-07-04"),
    filing("A004", 12, "2022-03-05", "滞留181日", "侦查中", "2022-07-03"),
    filing("A005", 13, "2021-03-05", "已撤案", "已撤案", "2021-04-01"),
    filing("A006", 14, "2021-06-01", "", "侦查中", ""),
]


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    root = tmp_path_factory.mktemp("admin_criminal")
    ws = open_workspace(root / "home")
    files = [
        ("admin_penalty", write_csv(root / "p.csv", [PENALTY_HEADER, *PENALTIES], "utf-8-sig")),
        ("criminal_filing", write_csv(root / "f.csv", [FILING_HEADER, *FILINGS], "utf-8-sig")),
    ]
    for schema, path in files:
        result = import_files(ws, [str(path)], schema, name=schema)
        assert result.rows_quarantined == 0
    return ws


def reasons(ws: Workspace, **parameters: Any) -> dict[str, set[str]]:
    """Subject key → the reasons it was hit for, under these parameters."""
    model = find_package(MODEL).model
    hits = preview_hits(ws, model, parameters)
    found: dict[str, set[str]] = {}
    for row in hits:
        found.setdefault(str(row[KEY]), set()).add(str(row["reason"]))
    return found


DEFAULT = {
    "伪劣-恰五万": {"应移送未移送"},
    "伪劣-多一分": {"应移送未移送"},
    "有毒-无金额": {"应移送未移送"},
    "移送31日": {"移送未立案"},
    "移送无日期": {"移送未立案"},
    "第31日立案": {"移送未立案"},
    "滞留181日": {"立案后滞留"},
    "A006": {"立案后滞留"},
}


def test_defaults_flag_exactly_the_cases_past_each_boundary(workspace: Workspace) -> None:
    assert reasons(workspace) == DEFAULT


@pytest.mark.parametrize(
    ("parameters", "gained", "lost"),
    [
        ({"fake_goods_threshold": 50000.01}, set(), {"伪劣-恰五万"}),
        ({"fake_goods_threshold": 49999.99}, {"伪劣-差一分"}, set()),
        ({"toxic_food_threshold": 1}, set(), {"有毒-无金额"}),
        ({"filing_days": 29}, {"移送30日", "第30日立案"}, set()),
        ({"idle_days": 179}, {"滞留180日"}, set()),
        ({"as_of": "2022-12-30"}, set(), {"移送31日", "滞留181日"}),
        ({"open_statuses": ["侦查中", "已撤案"]}, {"已撤案"}, set()),
        ({"fake_goods_keywords": ["明码标价"]}, {"一般违法"}, {"伪劣-恰五万", "伪劣-多一分"}),
    ],
)
def test_each_boundary_moves_with_its_parameter(
    workspace: Workspace, parameters: dict[str, Any], gained: set[str], lost: set[str]
) -> None:
    found = set(reasons(workspace, **parameters))
    assert found == (set(DEFAULT) | gained) - lost


def test_package_sample_shows_every_reason(tmp_path: Path) -> None:
    package = find_package(MODEL)
    ws = open_workspace(tmp_path / "home")
    for sample in sorted(package.sample_dir.glob("*.csv")):
        import_files(ws, [str(sample)], sample.stem, name=sample.stem)
    found = reasons(ws)
    assert set().union(*found.values()) == {"应移送未移送", "移送未立案", "立案后滞留"}
    # a filing with no source case is its own subject
    assert found["A3309035000002022010002"] == {"立案后滞留"}


def test_one_case_can_carry_several_reasons(tmp_path: Path) -> None:
    ws = open_workspace(tmp_path / "home")
    rows = [PENALTY_HEADER, penalty("双重", 20, "非法捕捞", "300000", "2021-12-30", "2022-01-01")]
    late = [FILING_HEADER, filing("A100", 20, "2022-03-01", "双重", "侦查中", "2022-04-01")]
    import_files(ws, [str(write_csv(tmp_path / "p.csv", rows, "utf-8"))], "admin_penalty", name="p")
    import_files(ws, [str(write_csv(tmp_path / "f.csv", late, "utf-8"))], "criminal_filing", name="f")
    assert reasons(ws) == {"双重": {"移送未立案", "立案后滞留"}}
