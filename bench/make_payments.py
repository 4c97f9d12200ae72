"""Write synthetic pension payments (养老待遇发放明细) as GBK and UTF-8 CSV for the import benchmark.

    python bench/make_payments.py                 # 10M and 1M rows into bench/data/
    python bench/make_payments.py --rows 200000   # one size only

Rows are built in DuckDB with SQL (vectorised, deterministic: every value is a hash of the row
number), written as UTF-8 by DuckDB's COPY, then transcoded to GBK in a streamed Python pass.
Columns: 身份证号,姓名,发放年月,发放金额,险种,行政区划代码. The ID column carries the forms
agencies really send:

    81.5%  valid 18-digit ID (check digit by ISO 7064 MOD 11-2)
     3.0%  lower-case (chosen so that ~10/11 of them end in a lower-case x)
     4.0%  15-digit legacy ID
     4.0%  full-width digits (０１２…)
     5.0%  blanks around or inside
     2.0%  wrong check digit                         → quarantined
     0.5%  Excel scientific notation (3.30282195001011E+17) → quarantined

so about 2.5% of rows end in quarantine. Months come as 2022-03 / 202203 / 2022年3月, amounts
as "1,234.50" or 1234.50. A ``.meta.json`` beside each file records the expected counts.
"""

from __future__ import annotations

import argparse
import codecs
import json
import os
import sys
import time
from pathlib import Path

import duckdb

DATA = Path(__file__).resolve().parent / "data"
SIZES = (10_000_000, 1_000_000)
CHUNK = 8 << 20

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK = "10X98765432"
REGIONS = ["330282", "330281", "330106", "110101", "320102", "440303", "510104", "370202", "420106", "610113"]
SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹")
GIVEN = list("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂英华建国文红玉兰志军海燕春梅")
SCHEMES = ["城镇职工基本养老保险", "城乡居民基本养老保险", "机关事业单位养老保险"]

# Share of rows (per mille, cumulative) for each ID form.
FORMS = [
    ("valid", 815),
    ("lower", 845),
    ("legacy15", 885),
    ("fullwidth", 925),
    ("spaces", 975),
    ("bad_check", 995),
    ("scientific", 1000),
]


def _lit_list(items: list[str]) -> str:
    return "[" + ", ".join("'" + s + "'" for s in items) + "]"


def _weighted(expr17: str, n: int) -> str:
    """Sum of digit × weight over the first ``n`` characters of a digit string expression."""
    return " + ".join(f"(ascii(substr({expr17}, {k + 1}, 1)) - 48) * {ID_WEIGHTS[k]}" for k in range(n))


def rows_sql(rows: int) -> str:
    cut = dict(FORMS)
    return f"""
WITH base AS (
    SELECT i,
           hash(i, 1) AS h1, hash(i, 2) AS h2, hash(i, 3) AS h3, hash(i, 4) AS h4,
           CAST(hash(i, 5) % 1000 AS INTEGER) AS form_pm,
           {_lit_list(REGIONS)}[1 + CAST(hash(i, 6) % {len(REGIONS)} AS INTEGER)] AS region,
           DATE '1930-01-01' + CAST(hash(i, 7) % 13000 AS INTEGER) AS birth
    FROM range({rows}) t(i)
),
p16 AS (
    SELECT *, region || strftime(birth, '%Y%m%d') || lpad(CAST(h1 % 100 AS VARCHAR), 2, '0') AS prefix16
    FROM base
),
s16 AS (
    SELECT *, ({_weighted("prefix16", 16)}) AS s16 FROM p16
),
d17 AS (
    SELECT *,
           -- for the lower-case form pick the 17th digit that makes the check character X
           -- (weighted sum ≡ 2 mod 11; weight of digit 17 is 2, and 2⁻¹ ≡ 6 mod 11)
           CASE WHEN form_pm >= {cut["valid"]} AND form_pm < {cut["lower"]}
                     AND ((6 * (2 - s16 % 11)) % 11 + 11) % 11 < 10
                THEN ((6 * (2 - s16 % 11)) % 11 + 11) % 11
                ELSE CAST(h2 % 10 AS BIGINT) END AS d17
    FROM s16
),
ids AS (
    SELECT *,
           prefix16 || CAST(d17 AS VARCHAR) AS body17,
           (s16 + 2 * d17) % 11 AS m
    FROM d17
),
ids18 AS (
    SELECT *, body17 || substr('{CHECK}', CAST(m AS INTEGER) + 1, 1) AS id18 FROM ids
)
SELECT
    CASE
        WHEN form_pm < {cut["valid"]} THEN id18
        WHEN form_pm < {cut["lower"]} THEN lower(id18)
        WHEN form_pm < {cut["legacy15"]}
            THEN region || strftime(birth, '%y%m%d') || substr(body17, 15, 3)
        WHEN form_pm < {cut["fullwidth"]}
            THEN translate(id18, '0123456789X', '０１２３４５６７８９Ｘ')
        WHEN form_pm < {cut["spaces"]}
            THEN CASE WHEN h3 % 2 = 0 THEN ' ' || id18 || ' '
                      ELSE substr(id18, 1, 6) || ' ' || substr(id18, 7, 8) || ' ' || substr(id18, 15) END
        WHEN form_pm < {cut["bad_check"]}
            THEN body17 || substr('{CHECK}', CAST((m + 1 + h3 % 10) % 11 AS INTEGER) + 1, 1)
        ELSE substr(id18, 1, 1) || '.' || rtrim(substr(id18, 2, 14), '0') || 'E+17'
    END AS "身份证号",
    {_lit_list(SURNAMES)}[1 + CAST(h4 % {len(SURNAMES)} AS INTEGER)]
        || {_lit_list(GIVEN)}[1 + CAST((h4 >> 8) % {len(GIVEN)} AS INTEGER)]
        || CASE WHEN (h4 >> 16) % 3 = 0 THEN ''
                ELSE {_lit_list(GIVEN)}[1 + CAST((h4 >> 24) % {len(GIVEN)} AS INTEGER)] END AS "姓名",
    CASE WHEN (h1 >> 16) % 10 < 5 THEN strftime(DATE '2018-01-01' + to_months(CAST((h1 >> 8) % 72 AS INTEGER)), '%Y-%m')
         WHEN (h1 >> 16) % 10 < 8 THEN strftime(DATE '2018-01-01' + to_months(CAST((h1 >> 8) % 72 AS INTEGER)), '%Y%m')
         ELSE strftime(DATE '2018-01-01' + to_months(CAST((h1 >> 8) % 72 AS INTEGER)), '%Y年%-m月') END AS "发放年月",
    CASE WHEN (h2 >> 8) % 10 < 6 THEN format('{{:,.2f}}', (500 + (h2 >> 16) % 750000 / 100.0)::DOUBLE)
         ELSE format('{{:.2f}}', (500 + (h2 >> 16) % 750000 / 100.0)::DOUBLE) END AS "发放金额",
    CASE WHEN (h3 >> 8) % 10 < 6 THEN '{SCHEMES[0]}'
         WHEN (h3 >> 8) % 10 < 9 THEN '{SCHEMES[1]}'
         ELSE '{SCHEMES[2]}' END AS "险种",
    region AS "行政区划代码"
FROM ids18
ORDER BY i
"""


def transcode(src: Path, dst: Path, encoding: str) -> None:
    """UTF-8 → ``encoding`` in fixed-size chunks (memory does not grow with the file)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with src.open("rb") as fin, dst.open("wb") as fout:
        while chunk := fin.read(CHUNK):
            fout.write(decoder.decode(chunk).encode(encoding))
        fout.write(decoder.decode(b"", final=True).encode(encoding))


def paths_for(rows: int, out: Path = DATA) -> tuple[Path, Path]:
    return out / f"payments_{rows}.gbk.csv", out / f"payments_{rows}.utf8.csv"


def make(rows: int, out: Path, check: bool = True) -> dict[str, object]:
    out.mkdir(parents=True, exist_ok=True)
    gbk, utf8 = paths_for(rows, out)
    con = duckdb.connect()
    started = time.perf_counter()
    tmp = utf8.with_suffix(".tmp")
    con.execute(f"COPY ({rows_sql(rows)}) TO '{tmp}' (FORMAT csv, HEADER true)")
    os.replace(tmp, utf8)
    built = time.perf_counter()
    tmp = gbk.with_suffix(".tmp")
    transcode(utf8, tmp, "gbk")
    os.replace(tmp, gbk)
    done = time.perf_counter()
    cut = dict(FORMS)
    counts = con.execute(
        f"SELECT count(*) FILTER (WHERE hash(i, 5) % 1000 >= {cut['spaces']}) FROM range({rows}) t(i)"
    ).fetchone()
    meta: dict[str, object] = {
        "rows": rows,
        "expected_quarantined": int(counts[0]) if counts else None,
        "gbk_bytes": gbk.stat().st_size,
        "utf8_bytes": utf8.stat().st_size,
        "seconds_build_utf8": round(built - started, 1),
        "seconds_transcode_gbk": round(done - built, 1),
    }
    if check:
        meta["check"] = self_check(con, utf8)
    (out / f"payments_{rows}.meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2))
    return meta


def self_check(con: duckdb.DuckDBPyConnection, utf8: Path, sample: int = 200_000) -> dict[str, int]:
    """Verify the check digits of a sample with an independent Python implementation."""
    rows = con.execute(
        f"SELECT \"身份证号\" FROM read_csv('{utf8}', all_varchar = true) LIMIT {sample}"
    ).fetchall()
    full = str.maketrans("０１２３４５６７８９Ｘ", "0123456789X")
    tally = {"valid18": 0, "bad_check": 0, "legacy15": 0, "scientific": 0, "other": 0}
    for (raw,) in rows:
        v = "".join(raw.split()).translate(full).upper()
        if len(v) == 18 and v[:17].isdigit():
            want = CHECK[sum(int(c) * w for c, w in zip(v[:17], ID_WEIGHTS, strict=True)) % 11]
            tally["valid18" if v[17] == want else "bad_check"] += 1
        elif len(v) == 15 and v.isdigit():
            tally["legacy15"] += 1
        elif "E+" in v:
            tally["scientific"] += 1
        else:
            tally["other"] += 1
    if tally["other"]:
        raise SystemExit(f"self-check failed: unexpected ID forms {tally}")
    return tally


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, action="append", help="rows (repeatable); default 10M and 1M")
    parser.add_argument("--out", type=Path, default=DATA)
    parser.add_argument("--force", action="store_true", help="rebuild even if the files exist")
    args = parser.parse_args(argv)
    for rows in args.rows or SIZES:
        gbk, utf8 = paths_for(rows, args.out)
        if gbk.exists() and utf8.exists() and not args.force:
            print(f"{gbk.name}: exists (use --force to rebuild)")
            continue
        meta = make(rows, args.out)
        print(f"{gbk.name}: {json.dumps(meta, ensure_ascii=False)}", file=sys.stderr)


if __name__ == "__main__":
    main()
