"""health-certificate beyond its self-test: every reason on the package's sample data, the
boundaries (expiry on the roster date, first and last authorised day, a second
authorisation period, a legacy 15-digit ID) and the ``as_of`` parameter."""

from __future__ import annotations

import pytest

from fayan.clues import list_clues
from fayan.importer import import_files
from fayan.models.loader import all_packages
from fayan.models.selftest import sample_schema
from fayan.runs import run_model
from fayan.workspace import Workspace

MODEL = "health-certificate"
VALID = "331003199001011236"  # 张一
NOT_ISSUED = "331003199203152344"  # 李二
BORROWED = "331003198811203454"  # 王三 uses 赵四's certificate
HOLDER = "331003199505054563"  # 赵四, the real holder, also on the roster
EXPIRED = "33100319970707567X"  # 钱五, expired 2022-12-30 (roster shows a lower-case x)
EXPIRES_ON_DAY = "331003199309096782"  # 孙六, expires 2022-12-31
AFTER_AUTH = "33100319910211789X"  # 周七, issued the day after HY002's authorisation ended
FIRST_DAY = "33100319890612891X"  # 吴八, issued on HY004's first authorised day
LAST_DAY = "331003199608309127"  # 郑九, issued on HY002's last authorised day
UNKNOWN_INST = "331003199401011358"  # 冯十, institution not on the list
GAP_AND_EXPIRED = "331003198704172461"  # 陈十一, issued between HY003's two periods, expired
SECOND_PERIOD = "331003196805233578"  # 褚十二, HY003's second period; 15-digit ID on the roster


@pytest.fixture
def sample_ws(ws: Workspace) -> Workspace:
    package = all_packages()[MODEL]
    for path in sorted(package.sample_dir.glob("*.csv")):
        import_files(ws, [str(path)], sample_schema(path), name=path.stem)
    return ws


def _clues(ws: Workspace, **parameters: object) -> dict[str, dict]:
    run = run_model(ws, MODEL, parameters=parameters)
    return {c["subject_key"]: c for c in list_clues(ws, model=MODEL) if c["last_seen_run"] == run.run_id}


def test_each_reason_and_no_near_miss(sample_ws: Workspace) -> None:
    clues = _clues(sample_ws)
    reasons = {key: c["hit"]["reasons"] for key, c in clues.items()}
    assert reasons == {
        NOT_ISSUED: "健康证未签发",
        BORROWED: "健康证登记在他人名下",
        EXPIRED: "健康证已过期",
        AFTER_AUTH: "发证机构签发时未获授权",
        UNKNOWN_INST: "发证机构签发时未获授权",
        GAP_AND_EXPIRED: "健康证已过期；发证机构签发时未获授权",
    }
    assert HOLDER in clues[BORROWED]["title"] and "赵四" in clues[BORROWED]["title"]
    assert "不在授权体检机构名录中" in clues[UNKNOWN_INST]["title"]
    assert "2021-03-01 至 2022-06-30" in clues[AFTER_AUTH]["title"]
    assert "2018-01-01 至 2019-12-31；2021-01-01 至 长期" in clues[GAP_AND_EXPIRED]["title"]
    # Two problems, one clue, scored above a single problem of the same severity.
    assert clues[GAP_AND_EXPIRED]["score"] > clues[AFTER_AUTH]["score"]
    assert clues[NOT_ISSUED]["score"] > clues[EXPIRED]["score"]
    for near_miss in (VALID, HOLDER, EXPIRES_ON_DAY, FIRST_DAY, LAST_DAY, SECOND_PERIOD):
        assert near_miss not in clues


def test_evidence_holds_every_reason_row(sample_ws: Workspace) -> None:
    clue = _clues(sample_ws)[GAP_AND_EXPIRED]
    rows = clue["evidence"]["findings"]
    assert sorted(r["reason"] for r in rows) == ["健康证已过期", "发证机构签发时未获授权"]
    assert clue["evidence"]["workers"][0]["health_cert_no"] == "JK3310032020000010"


def test_roster_date_parameter(sample_ws: Workspace) -> None:
    later = _clues(sample_ws, as_of="2023-01-01")
    assert later[EXPIRES_ON_DAY]["hit"]["reasons"] == "健康证已过期"
    earlier = _clues(sample_ws, as_of="2022-12-30")
    assert EXPIRED not in earlier and EXPIRES_ON_DAY not in earlier
    assert earlier[NOT_ISSUED]["hit"]["reasons"] == "健康证未签发"
