"""missed-recidivism beyond its self-test: the five-year boundary and its parameter, parole,
the 18th birthday, art. 66 at any interval, art. 74 and the scoring order."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from fayan.clues import list_clues
from fayan.importer import import_files
from fayan.runs import run_model
from fayan.workspace import Workspace
from tests.conftest import make_id, write_csv

MODEL = "missed-recidivism"
JUDGMENT = [
    "案号",
    "被告人身份证号",
    "被告人姓名",
    "罪名",
    "犯罪日期",
    "判决日期",
    "主刑种类",
    "是否缓刑",
    "是否认定累犯",
]
RECORD = ["身份证号", "姓名", "原判案号", "罪名", "是否故意犯罪", "犯罪日期", "判决日期", "主刑种类"]
RECORD += ["刑满释放日期", "释放原因", "假释考验期满日期"]


Case = tuple[str, list[object], list[object]]


def _load(ws: Workspace, tmp_path: Path, cases: list[Case], birth: str = "19800101") -> None:
    """cases: (case_no, the prior record from 罪名 on, the new judgment from 罪名 on)."""
    judgments: list[list[object]] = [JUDGMENT]
    records: list[list[object]] = [RECORD]
    for n, (case_no, prior, new) in enumerate(cases):
        pid = make_id(birth=birth, seq=f"{n + 100:03d}")
        records.append([pid, f"甲{n}", f"（2010）浙0282刑初{n}号", *prior])
        judgments.append([case_no, pid, f"甲{n}", *new])
    write_csv(tmp_path / "j.csv", judgments, "utf-8-sig")
    write_csv(tmp_path / "r.csv", records, "gb18030")
    import_files(ws, [str(tmp_path / "j.csv")], "judgment", name="judgment")
    import_files(ws, [str(tmp_path / "r.csv")], "criminal_record", name="criminal_record")


def _found(ws: Workspace, **parameters: object) -> dict[str, dict]:
    run = run_model(ws, MODEL, parameters=parameters)
    return {c["subject_key"]: c for c in list_clues(ws, model=MODEL) if c["last_seen_run"] == run.run_id}


def _rec(
    release: str,
    parole_end: str = "",
    reason: str = "刑满释放",
    offence: str = "盗窃罪",
    sentence: str = "有期徒刑",
    intent: str = "故意",
    offence_date: str = "2012-01-01",
) -> list[object]:
    return [offence, intent, offence_date, "2012-06-01", sentence, release, reason, parole_end]


def _new(
    offence_date: str,
    offence: str = "盗窃罪",
    sentence: str = "有期徒刑",
    found: str = "否",
    suspended: str = "否",
) -> list[object]:
    return [offence, offence_date, "2022-06-01", sentence, suspended, found]


def test_five_years_include_the_anniversary_and_follow_the_parameter(ws: Workspace, tmp_path: Path) -> None:
    _load(
        ws,
        tmp_path,
        [
            ("J-ANNIV", _rec("2016-05-20"), _new("2021-05-20")),
            ("J-NEXT", _rec("2016-05-20"), _new("2021-05-21")),
            ("J-SAMEDAY", _rec("2016-05-20"), _new("2016-05-20")),
            ("J-BEFORE", _rec("2016-05-20"), _new("2016-01-01")),
            ("J-LEAP", _rec("2016-02-29"), _new("2021-02-28")),
        ],
    )
    found = _found(ws)
    assert set(found) == {"J-ANNIV", "J-LEAP"}
    assert found["J-ANNIV"]["hit"]["interval_days"] == 1826 and found["J-ANNIV"]["score"] == 1
    assert "2016-05-20" in found["J-ANNIV"]["title"] and "1826 天" in found["J-ANNIV"]["title"]
    assert set(_found(ws, years=6)) == {"J-ANNIV", "J-NEXT", "J-LEAP"}
    assert set(_found(ws, years=4)) == set()


def test_parole_counts_from_its_end_and_a_suspended_prior_is_not_executed(
    ws: Workspace, tmp_path: Path
) -> None:
    _load(
        ws,
        tmp_path,
        [
            ("J-PAROLE", _rec("2013-01-15", "2016-07-31", "假释"), _new("2021-07-01")),
            ("J-DURING", _rec("2013-01-15", "2016-07-31", "假释"), _new("2015-07-01")),
            ("J-LATE", _rec("2013-01-15", "2016-07-31", "假释"), _new("2021-08-01")),
            ("J-PROBATION", _rec("2019-01-15", reason="缓刑考验期满"), _new("2021-07-01")),
        ],
    )
    found = _found(ws)
    assert set(found) == {"J-PAROLE"}
    assert "假释考验期满 2016-07-31" in found["J-PAROLE"]["title"]
    assert set(_found(ws, not_executed_reasons=["不存在的原因"])) == {"J-PAROLE", "J-PROBATION"}


def test_under_eighteen_until_the_day_after_the_birthday(ws: Workspace, tmp_path: Path) -> None:
    _load(
        ws,
        tmp_path,
        [
            ("J-BIRTHDAY", _rec("2018-09-01", offence_date="2014-03-14"), _new("2019-04-02")),
            ("J-DAYAFTER", _rec("2018-09-01", offence_date="2014-03-15"), _new("2019-04-02")),
            ("J-NODATE", _rec("2018-09-01", offence_date=""), _new("2019-04-02")),
        ],
        birth="19960314",
    )
    # J-NODATE: no offence date, judged 2012-06-01 (aged 16): certainly a minor's offence.
    assert set(_found(ws)) == {"J-DAYAFTER"}


def test_negligence_light_sentences_and_recognised_recidivism(ws: Workspace, tmp_path: Path) -> None:
    _load(
        ws,
        tmp_path,
        [
            ("J-OK", _rec("2018-01-01"), _new("2020-01-01")),
            ("J-NEG-NAME", _rec("2018-01-01", offence="过失致人重伤罪", intent=""), _new("2020-01-01")),
            ("J-NEG-FLAG", _rec("2018-01-01", intent="过失"), _new("2020-01-01")),
            ("J-NEG-NEW", _rec("2018-01-01"), _new("2020-01-01", offence="交通肇事罪")),
            ("J-LIGHT-PRIOR", _rec("2018-01-01", sentence="拘役"), _new("2020-01-01")),
            ("J-LIGHT-NEW", _rec("2018-01-01"), _new("2020-01-01", sentence="拘役")),
            ("J-FOUND", _rec("2018-01-01"), _new("2020-01-01", found="是")),
        ],
    )
    assert set(_found(ws)) == {"J-OK"}
    assert set(_found(ws, heavy_sentences=["有期徒刑", "拘役"])) == {"J-OK", "J-LIGHT-PRIOR", "J-LIGHT-NEW"}


def test_article_66_at_any_interval_only_when_both_offences_qualify(ws: Workspace, tmp_path: Path) -> None:
    gang = "组织、领导、参加黑社会性质组织罪"
    terror = "帮助恐怖活动罪"
    _load(
        ws,
        tmp_path,
        [
            ("J-GANG", _rec("2009-07-15", offence=gang), _new("2020-10-01", offence=gang)),
            ("J-MIXED", _rec("2009-07-15", offence=gang), _new("2020-10-01")),
            (
                "J-TERROR-LIGHT",
                _rec("2019-03-20", offence=terror, sentence="拘役"),
                _new("2021-08-08", offence=terror),
            ),
            (
                "J-GANG-RECENT",
                _rec("2018-01-01", offence=gang),
                _new("2020-10-01", offence="包庇、纵容黑社会性质组织罪"),
            ),
            ("J-PLAIN", _rec("2018-01-01"), _new("2020-10-01")),
        ],
    )
    found = _found(ws)
    assert set(found) == {"J-GANG", "J-TERROR-LIGHT", "J-GANG-RECENT", "J-PLAIN"}
    assert {found[k]["hit"]["reason"] for k in ("J-GANG", "J-TERROR-LIGHT")} == {"特别累犯（刑法第六十六条）"}
    assert found["J-PLAIN"]["hit"]["reason"] == "一般累犯（刑法第六十五条）"
    # Both routes apply to J-GANG-RECENT: its clue keeps the art. 66 row (the higher score).
    assert found["J-GANG-RECENT"]["hit"]["reason"] == "特别累犯（刑法第六十六条）"
    assert found["J-GANG"]["score"] > found["J-PLAIN"]["score"]
    assert len(found["J-GANG-RECENT"]["evidence"]["missed"]) == 2
    assert set(_found(ws, art66_offences=["不存在的罪名"])) == {"J-GANG-RECENT", "J-PLAIN"}


def test_a_suspended_sentence_for_a_recidivist_is_named(ws: Workspace, tmp_path: Path) -> None:
    _load(ws, tmp_path, [("J-SUSP", _rec("2018-01-01"), _new("2020-01-01", suspended="是"))])
    title = _found(ws)["J-SUSP"]["title"]
    assert "刑法第七十四条" in title and dt.date(2018, 1, 1).isoformat() in title
