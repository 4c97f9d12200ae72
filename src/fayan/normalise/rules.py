"""The cleaning rules per field type, as DuckDB SQL templates over ``__v__``.

Sources: resident ID check digit ISO 7064 MOD 11-2 (GB 11643-1999); USCC check character
GB 32100-2015; see DOMAIN.md §5. An 18-digit ID typed as a number in Excel keeps only 15
significant digits: the lost digits cannot be recovered, so such a value is rejected, never
"repaired".
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import sqlglot
from sqlglot import exp

PLACEHOLDER = "__v__"
PREPARED = "__p__"
FULL_WIDTH = "０１２３４５６７８９ＸｘＡＢＣＤＥＦＧＨＪＫＬＭＮＰＱＲＴＵＷＹ－／．：，"
HALF_WIDTH = "0123456789XxABCDEFGHJKLMNPQRTUWY-/.:,"
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def _sql_str(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _clean(v: str = PLACEHOLDER) -> str:
    """Trim, drop inner blanks (incl. ideographic space), full-width → half-width.

    Guarded by one regexp test: nearly every value is already clean, and translate() plus
    regexp_replace() on every row cost more than half of a 10 M-row import (bench/README.md).
    """
    dirty = "[\\s\u3000\u00a0" + FULL_WIDTH + "]"
    return (
        f"nullif(CASE WHEN regexp_matches({v}, '{dirty}') THEN translate(regexp_replace({v}, "
        f"'[\\s\u3000\u00a0]+', '', 'g'), {_sql_str(FULL_WIDTH)}, {_sql_str(HALF_WIDTH)}) "
        f"ELSE {v} END, '')"
    )


def id_check_char_sql(number: str) -> str:
    """The ISO 7064 MOD 11-2 check character of the first 17 digits, given as one BIGINT.

    Digits are taken from the number by division: twice as fast in DuckDB as 17 ×
    ascii(substr(…)) when the number is computed once (the ``prepare`` layer), see
    bench/README.md (issue 2).
    """
    terms = " + ".join(f"(({number} // {10 ** (16 - k)}) % 10) * {w}" for k, w in enumerate(ID_WEIGHTS))
    return f"substr('{ID_CHECK_CHARS}', (({terms}) % 11) + 1, 1)"


def id17_number(s17: str) -> str:
    return f"TRY_CAST(substr({s17}, 1, 17) AS BIGINT)"


def uscc_check_char_sql(s: str) -> str:
    alphabet = _sql_str(USCC_ALPHABET)
    terms = " + ".join(
        f"(instr({alphabet}, substr({s}, {k + 1}, 1)) - 1) * {w}" for k, w in enumerate(USCC_WEIGHTS)
    )
    return f"substr({alphabet}, ((31 - (({terms}) % 31)) % 31) + 1, 1)"


_ID18 = "regexp_full_match(__v__, '[0-9]{17}[0-9X]')"
_ID15 = "regexp_full_match(__v__, '[0-9]{15}')"
_ID15_TO_17 = "(substr(__v__, 1, 6) || '19' || substr(__v__, 7, 9))"
_BIRTH18 = "try_strptime(substr(__v__, 7, 8), '%Y%m%d') IS NOT NULL"
_BIRTH15 = "try_strptime('19' || substr(__v__, 7, 6), '%Y%m%d') IS NOT NULL"


@dataclass(frozen=True)
class Normaliser:
    """How one field type is cleaned: text → cleaned text → typed value → reason when null."""

    type: str
    sql_type: str
    clean_sql: str
    value_sql: str
    error_sql: str
    # Computed once per row from the cleaned text, in a layer of its own, and referred to as
    # __p__ by value and error: DuckDB does not share a subexpression repeated inside CASE.
    prepare_sql: str | None = None

    def clean(self, column: exp.Expr) -> exp.Expr:
        return _substitute(self.clean_sql, column)

    def prepare(self, cleaned: exp.Expr) -> exp.Expr:
        return _substitute(self.prepare_sql or "NULL", cleaned)

    def value(self, cleaned: exp.Expr, prepared: exp.Expr | None = None) -> exp.Expr:
        return _substitute(self.value_sql, cleaned, prepared)

    def error(self, cleaned: exp.Expr, value: exp.Expr, prepared: exp.Expr | None = None) -> exp.Expr:
        """A reason string when ``cleaned`` is present but ``value`` came out null."""
        reason = _substitute(self.error_sql, cleaned, prepared)
        return exp.Case(
            ifs=[
                exp.If(this=exp.Is(this=cleaned.copy(), expression=exp.Null()), true=exp.Null()),
                exp.If(this=exp.not_(exp.Is(this=value, expression=exp.Null())), true=exp.Null()),
            ],
            default=reason,
        )


@cache
def _parse(template: str) -> exp.Expr:
    return sqlglot.parse_one(template, dialect="duckdb")


def _substitute(template: str, column: exp.Expr, prepared: exp.Expr | None = None) -> exp.Expr:
    def swap(node: exp.Expr) -> exp.Expr:
        if isinstance(node, exp.Column) and node.name == PLACEHOLDER:
            return column.copy()
        if isinstance(node, exp.Column) and node.name == PREPARED:
            if prepared is None:
                raise ValueError("this normaliser needs its prepared column (__p__)")
            return prepared.copy()
        return node

    return _parse(template).copy().transform(swap)


def _id_number() -> Normaliser:
    value = (
        f"CASE WHEN {_ID18} AND {_BIRTH18} AND substr(__v__, 18, 1) = "
        f"{id_check_char_sql('__p__')} THEN __v__ "
        f"WHEN {_ID15} AND {_BIRTH15} THEN {_ID15_TO_17} || {id_check_char_sql(id17_number(_ID15_TO_17))} END"
    )
    error = (
        "CASE WHEN regexp_full_match(__v__, '[0-9]+(\\.[0-9]+)?E\\+?[0-9]+') "
        "THEN '身份证号被存成了数字（科学计数法），末几位已丢失、无法恢复：请把该列设为文本后重新导出' "
        "WHEN regexp_full_match(__v__, '[0-9]{15,18}\\.0+') "
        "THEN '身份证号被存成了数字（带小数点），可能已丢失末几位：请把该列设为文本后重新导出' "
        f"WHEN {_ID15} THEN '15位旧身份证号中的出生日期无效: ' || __v__ "
        f"WHEN NOT {_ID18} THEN '身份证号格式错误（应为18位或15位）: ' || __v__ "
        f"WHEN NOT ({_BIRTH18}) THEN '身份证号中的出生日期无效: ' || __v__ "
        f"ELSE '身份证号校验位错误（应为 ' || {id_check_char_sql('__p__')} || '）: ' || __v__ END"
    )
    return Normaliser("id_number", "VARCHAR", f"upper({_clean()})", value, error, id17_number("__v__"))


def _uscc() -> Normaliser:
    shape = "regexp_full_match(__v__, '[0-9A-HJ-NPQRTUWXY]{18}')"
    value = f"CASE WHEN {shape} AND substr(__v__, 18, 1) = {uscc_check_char_sql('__v__')} THEN __v__ END"
    error = (
        f"CASE WHEN NOT {shape} THEN '统一社会信用代码格式错误（应为18位，不含 I O S V Z）: ' || __v__ "
        f"ELSE '统一社会信用代码校验位错误（应为 ' || {uscc_check_char_sql('__v__')} || '）: ' || __v__ END"
    )
    return Normaliser("uscc", "VARCHAR", f"upper({_clean()})", value, error)


def _party() -> Normaliser:
    """A party of an administrative case: a person (resident ID) or an enterprise (USCC)."""
    person, enterprise = _id_number(), _uscc()
    # A USCC starts with its registering department (1-9, A-G or Y); an ID with a digit 1-8.
    looks_enterprise = "regexp_matches(__v__, '[A-HJ-NPQRTUWXY]') AND length(__v__) = 18"
    value = f"coalesce(({person.value_sql}), ({enterprise.value_sql}))"
    error = f"CASE WHEN {looks_enterprise} THEN {enterprise.error_sql} ELSE {person.error_sql} END"
    return Normaliser("id_or_uscc", "VARCHAR", person.clean_sql, value, error, person.prepare_sql)


# 2022年3月1日 / 2022/3/1 / 2022.3.1 → 2022-3-1 by replace() (cheap); translate() (costly in
# DuckDB: it rebuilds its map per row) only for values with full-width characters; a time part
# after a blank or T is cut only where there is one.


def _date_separators(text: str) -> str:
    for old, new in (("年", "-"), ("月", "-"), ("日", ""), ("号", ""), ("/", "-"), (".", "-")):
        text = f"replace({text}, '{old}', '{new}')"
    return text


_DATE_SEPARATORS = _date_separators("trim(__v__)")
_DATE_CLEAN = (
    f"nullif(CASE WHEN regexp_matches(__v__, '[{FULL_WIDTH}]') "
    f"THEN {_date_separators(f'translate(trim(__v__), {_sql_str(FULL_WIDTH)}, {_sql_str(HALF_WIDTH)})')} "
    f"WHEN regexp_matches(__v__, '[ T]') "
    f"THEN regexp_replace({_DATE_SEPARATORS}, '^([0-9]{{4}}-[0-9]{{1,2}}-[0-9]{{1,2}})[ T].*$', '\\1') "
    f"ELSE {_DATE_SEPARATORS} END, '')"
)


def _unless_plain(plain: str, full: str) -> str:
    """Skip the full cleaning for values that are already plain (nearly all of them)."""
    return f"CASE WHEN regexp_full_match(__v__, '{plain}') THEN __v__ ELSE {full} END"


_DATE_CLEAN = _unless_plain("[0-9-]+", _DATE_CLEAN)
# Excel stores dates as days since 1899-12-30; five digits up to 73050 cover 1927-05-18 to
# 2099-12-31 (a bare 4-digit number is far likelier a year than a serial).
_EXCEL_SERIAL = (
    "regexp_full_match(__v__, '[0-9]{5}(\\.[0-9]+)?') AND TRY_CAST(__v__ AS DOUBLE) BETWEEN 1 AND 73050"
)
_DATE_CASE = (
    "CASE WHEN regexp_full_match(__v__, '[0-9]{8}') THEN try_strptime(__v__, '%Y%m%d') "
    "WHEN regexp_full_match(__v__, '[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}') "
    "THEN try_strptime(__v__, '%Y-%m-%d') "
    f"WHEN {_EXCEL_SERIAL} THEN CAST(DATE '1899-12-30' + "
    "CAST(floor(TRY_CAST(__v__ AS DOUBLE)) AS INTEGER) AS TIMESTAMP) END"
)
_DATE_VALUE = f"CAST({_DATE_CASE} AS DATE)"
_MONTH_VALUE = (
    "CAST(CASE WHEN regexp_full_match(__v__, '[0-9]{6}') THEN try_strptime(__v__ || '01', '%Y%m%d') "
    "WHEN regexp_full_match(__v__, '[0-9]{4}-[0-9]{1,2}-?') "
    "THEN try_strptime(rtrim(__v__, '-') || '-1', '%Y-%m-%d') "
    f"ELSE date_trunc('month', {_DATE_CASE}) "
    "END AS DATE)"
)
# 故意/过失 appear in criminal records' "intentional" column (罪过形式).
_TRUE = "('是', 'Y', 'YES', 'TRUE', 'T', '1', '有', '√', '故意')"
_FALSE = "('否', 'N', 'NO', 'FALSE', 'F', '0', '无', '×', '过失')"


def _number_clean(dropped: str) -> str:
    """One translate() maps full-width characters and deletes separators, units and blanks
    (characters of the first list beyond the second's length are deleted): far cheaper than a
    regexp, and skipped altogether for values that are already plain."""
    mapped = [(f, h) for f, h in zip(FULL_WIDTH, HALF_WIDTH, strict=True) if h not in dropped]
    source = "".join(f for f, _ in mapped) + dropped
    target = "".join(h for _, h in mapped)
    full = f"nullif(translate(trim(__v__), {_sql_str(source)}, {_sql_str(target)}), '')"
    plain = "-?[0-9]+(\\.[0-9]+)?"
    # "1,234.50" is the usual dirt: dropping commas by replace() spares most rows translate().
    no_commas = "replace(__v__, ',', '')"
    return _unless_plain(
        plain, f"CASE WHEN regexp_full_match({no_commas}, '{plain}') THEN {no_commas} ELSE {full} END"
    )


_BLANKS = " \t\u3000\u00a0"
_AMOUNT_CLEAN = _number_clean(",，元¥￥" + _BLANKS)
_NUMBER_CLEAN = _number_clean(",，°" + _BLANKS)


def _numeric(kind: str, sql_type: str, value: str, what: str) -> Normaliser:
    return Normaliser(kind, sql_type, _NUMBER_CLEAN, value, f"'{what}: ' || __v__")


NORMALISERS: dict[str, Normaliser] = {
    n.type: n
    for n in (
        _id_number(),
        _uscc(),
        _party(),
        Normaliser("text", "VARCHAR", "nullif(trim(__v__), '')", "__v__", "NULL"),
        Normaliser("date", "DATE", _DATE_CLEAN, _DATE_VALUE, "'无法识别的日期: ' || __v__"),
        Normaliser(
            "month",
            "DATE",
            _DATE_CLEAN,
            _MONTH_VALUE,
            "'无法识别的年月: ' || __v__",
        ),
        Normaliser(
            "bool",
            "BOOLEAN",
            f"upper({_clean()})",
            f"CASE WHEN __v__ IN {_TRUE} THEN TRUE WHEN __v__ IN {_FALSE} THEN FALSE END",
            "'无法识别的是/否值（应为 是/否、Y/N、1/0、true/false）: ' || __v__",
        ),
        Normaliser(
            "amount",
            "DECIMAL(18,2)",
            _AMOUNT_CLEAN,
            "TRY_CAST(__v__ AS DECIMAL(18,2))",
            "'无法识别的金额: ' || __v__",
        ),
        _numeric("number", "DOUBLE", "TRY_CAST(__v__ AS DOUBLE)", "无法识别的数值"),
        _numeric(
            "int",
            "BIGINT",
            "CASE WHEN TRY_CAST(__v__ AS DOUBLE) = floor(TRY_CAST(__v__ AS DOUBLE)) "
            "THEN TRY_CAST(TRY_CAST(__v__ AS DOUBLE) AS BIGINT) END",
            "无法识别的整数",
        ),
        _numeric(
            "lat",
            "DOUBLE",
            "CASE WHEN TRY_CAST(__v__ AS DOUBLE) BETWEEN -90 AND 90 THEN TRY_CAST(__v__ AS DOUBLE) END",
            "纬度无效（应为 -90 到 90 的十进制度数）",
        ),
        _numeric(
            "lon",
            "DOUBLE",
            "CASE WHEN TRY_CAST(__v__ AS DOUBLE) BETWEEN -180 AND 180 THEN TRY_CAST(__v__ AS DOUBLE) END",
            "经度无效（应为 -180 到 180 的十进制度数）",
        ),
    )
}


def normaliser_for(field_type: str) -> Normaliser:
    return NORMALISERS[field_type]
