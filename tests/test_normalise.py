"""Normalisers, executed in DuckDB exactly as the import runs them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlglot import exp
from stdnum.cn import ric, uscc

from fayan.normalise import normaliser_for
from fayan.normalise.rules import USCC_ALPHABET

CON = duckdb.connect()


def check_digit_ok(value: str) -> bool:
    """The MOD 11-2 check per python-stdnum; its is_valid also wants a known region code,
    which fayan deliberately does not require (old codes stay valid, GB/T 2260)."""
    return len(value) == 18 and value[:17].isdigit() and ric.calc_check_digit(value) == value[-1]


def normalise(field_type: str, values: Sequence[str | None]) -> list[tuple[object, str | None]]:
    n = normaliser_for(field_type)
    clean = n.clean(exp.column("raw")).sql("duckdb")
    prepare = n.prepare(exp.column("c")).sql("duckdb")
    value = n.value(exp.column("c"), exp.column("p")).sql("duckdb")
    error = n.error(exp.column("c"), exp.column("v"), exp.column("p")).sql("duckdb")
    sql = (
        f"SELECT v, {error} FROM (SELECT i, c, p, {value} AS v FROM (SELECT i, c, {prepare} AS p FROM "
        f"(SELECT i, {clean} AS c FROM "
        f"(SELECT unnest(?::VARCHAR[]) AS raw, generate_subscripts(?::VARCHAR[], 1) AS i)))) ORDER BY i"
    )
    return [(v, e) for v, e in CON.execute(sql, [list(values), list(values)]).fetchall()]


def test_id_check_digit_test_vectors() -> None:
    got = normalise("id_number", ["11010519491231002X", "440524188001010014", "440524188001010015"])
    assert got[0] == ("11010519491231002X", None)
    assert got[1] == ("440524188001010014", None)
    assert got[2][0] is None and "校验位错误（应为 4）" in str(got[2][1])


def test_dirty_id_forms_are_repaired() -> None:
    got = normalise(
        "id_number",
        [" 11010519491231002x ", "１１０１０５１９４９１２３１００２Ｘ", "110105 491231002"],
    )
    assert [v for v, _ in got] == ["11010519491231002X"] * 3


def test_excel_number_ids_are_rejected_not_repaired() -> None:
    got = normalise("id_number", ["1.10105194912310E+17", "1.1010519491231002e+17", "110105194912310016.0"])
    assert all(v is None for v, _ in got)
    assert "科学计数法" in str(got[0][1]) and "科学计数法" in str(got[1][1])
    assert "带小数点" in str(got[2][1])


regions = st.from_regex(r"[1-8][0-9]{5}", fullmatch=True)
births = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(1999, 12, 31))
sequences = st.from_regex(r"[0-9]{3}", fullmatch=True)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(regions, births, sequences), min_size=1, max_size=50))
def test_15_digit_ids_upgrade_to_valid_18(parts: list[tuple[str, dt.date, str]]) -> None:
    legacy = [r + b.strftime("%y%m%d") + s for r, b, s in parts]
    got = normalise("id_number", legacy)
    for (region, birth, seq), (value, error) in zip(parts, got, strict=True):
        assert error is None
        body = region + birth.strftime("%Y%m%d") + seq
        assert value == body + ric.calc_check_digit(body + "0")
        assert check_digit_ok(str(value))
    # round trip: the 18-digit form normalises to itself
    assert [v for v, _ in normalise("id_number", [v for v, _ in got])] == [v for v, _ in got]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(regions, births, sequences, st.integers(0, 10)), min_size=1, max_size=50))
def test_18_digit_check_digit_agrees_with_stdnum(
    parts: list[tuple[str, dt.date, str, int]],
) -> None:
    ids = [r + b.strftime("%Y%m%d") + s + "0123456789X"[k] for r, b, s, k in parts]
    got = normalise("id_number", ids)
    for candidate, (value, error) in zip(ids, got, strict=True):
        if check_digit_ok(candidate):
            assert value == candidate and error is None
        else:
            assert value is None and "校验位错误" in str(error)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text(max_size=30)), min_size=1, max_size=40))
def test_arbitrary_text_never_raises_and_never_yields_an_invalid_id(
    values: list[str | None],
) -> None:
    cleaned = [v.replace("\x00", "") if v else v for v in values]
    for value, error in normalise("id_number", cleaned):
        assert value is None or check_digit_ok(str(value))
        assert value is None or error is None
    for value, _ in normalise("uscc", cleaned):
        assert value is None or uscc.calc_check_digit(str(value)[:17]) == str(value)[-1]


uscc_bodies = st.text(alphabet=USCC_ALPHABET, min_size=17, max_size=17)


@settings(max_examples=60, deadline=None)
@given(st.lists(uscc_bodies, min_size=1, max_size=40))
def test_uscc_check_character_agrees_with_stdnum(bodies: list[str]) -> None:
    valid = [b + uscc.calc_check_digit(b) for b in bodies]
    assert [v for v, _ in normalise("uscc", [v.lower() for v in valid])] == valid
    wrong = [b + USCC_ALPHABET[(USCC_ALPHABET.index(uscc.calc_check_digit(b)) + 1) % 31] for b in bodies]
    for value, error in normalise("uscc", wrong):
        assert value is None and "校验位错误" in str(error)


def test_uscc_rejects_forbidden_letters() -> None:
    [(value, error)] = normalise("uscc", ["91350100M000100Y4I"])
    assert value is None and "不含 I O S V Z" in str(error)


@pytest.mark.parametrize(
    "raw",
    [
        "2022-03-01",
        "2022年3月1日",
        "20220301",
        "2022/3/1",
        "2022.3.1",
        "44621",
        "2022-03-01 08:30:00",
        "２０２２年３月１日",
    ],
)
def test_date_forms(raw: str) -> None:
    assert normalise("date", [raw]) == [(dt.date(2022, 3, 1), None)]


@pytest.mark.parametrize("raw", ["2022-03", "202203", "2022年3月", "2022/3", "2022-03-17", "44621"])
def test_month_forms(raw: str) -> None:
    assert normalise("month", [raw]) == [(dt.date(2022, 3, 1), None)]


def test_bad_dates_say_why() -> None:
    got = normalise("date", ["2022-02-30", "someday"])
    assert all(v is None and "无法识别的日期" in str(e) for v, e in got)


def test_booleans_amounts_coordinates() -> None:
    assert [v for v, _ in normalise("bool", ["是", "否", "Y", "n", "1", "0", "true", "FALSE"])] == [
        True,
        False,
        True,
        False,
        True,
        False,
        True,
        False,
    ]
    assert [str(v) for v, _ in normalise("amount", ["1,234.50", "1234.5元", "￥12", " 8 "])] == [
        "1234.50",
        "1234.50",
        "12.00",
        "8.00",
    ]
    assert normalise("lat", ["30.25", "95"])[0] == (30.25, None)
    assert "纬度无效" in str(normalise("lat", ["95"])[0][1])
    assert normalise("lon", ["121.5°"])[0] == (121.5, None)
    assert "无法识别的金额" in str(normalise("amount", ["十元"])[0][1])


def test_party_is_a_person_or_an_enterprise() -> None:
    got = normalise(
        "id_or_uscc", ["11010519491231002x", "91350100m000100y43", "91350100M000100Y44", "110105194912310021"]
    )
    assert got[0] == ("11010519491231002X", None)
    assert got[1] == ("91350100M000100Y43", None)
    assert got[2][0] is None and "统一社会信用代码校验位错误" in str(got[2][1])
    assert got[3][0] is None and "身份证号校验位错误" in str(got[3][1])
