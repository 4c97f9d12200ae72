"""Benchmark a model run (issue 3): ``fayan run deceased-benefits`` against hand-written DuckDB and pandas.

    python bench/bench_run.py                  # 1M welfare + 10M pension + 300k deaths, 3 reps
    python bench/bench_run.py --scale 0.1      # a tenth of the rows (quick check)
    python bench/bench_run.py --profile        # also py-spy / cProfile one fayan run
    python bench/bench_run.py --no-readme      # do not rewrite bench/README.md

What it does:

1. Generates the three inputs with DuckDB SQL (vectorised and deterministic: every "random"
   value is a hash of the person number) straight into a fresh workspace under
   ``bench/data/run/home/datasets/…`` as Parquet with the types the importer writes
   (``_row`` BIGINT, ``id_number`` VARCHAR with a valid ISO 7064 check digit, ``pay_month``
   DATE first of month, ``amount`` DECIMAL(18,2), ``death_date`` DATE), and registers them as
   dataset versions in the catalogue. The import is *not* part of this benchmark (issue 2
   measures it); registering the files directly skips its cost.
2. Times, each in its own subprocess, wall time and peak RSS (psutil, polled every 10 ms,
   process tree included):

   * ``fayan --home H run deceased-benefits --json``: a fresh copy of the pristine catalogue
     (no runs, no clues) before every repetition, so each run executes and writes its clues;
   * a hand-written DuckDB script of the same logic that also fetches the evidence rows
     (the hit persons' death records and their payments after death) to Python;
   * a pandas script of the same logic (``read_parquet``, ``merge``, filter, ``groupby``).

   The three are interleaved and repeated (``--reps``, default 3); the median is reported,
   and the three must agree on hits, evidence rows and total amount.

About 2% of deaths are people whose payments went on after the death month (1–12 months), so a
full-size run raises some thousands of clues; payments in the month of death are normal and must
not be flagged.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import textwrap
import time
from datetime import datetime
from pathlib import Path

import duckdb
import psutil

BENCH = Path(__file__).resolve().parent
DATA = BENCH / "data" / "run"
README = BENCH / "README.md"
SECTION = "## Model run: deceased-benefits (issue 3)"
MODEL = "deceased-benefits"

MONTHS = 72  # pay months 2019-01 … 2024-12
REGIONS = ["330282", "330281", "330106", "110101", "320102", "440303", "510104", "370202", "420106", "610113"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国文红玉志海燕春梅"
SCHEMES = ["城镇职工基本养老保险", "城乡居民基本养老保险", "机关事业单位养老保险"]
BENEFITS = ["最低生活保障", "特困人员供养", "临时救助", "高龄津贴"]
SOURCES = ["民政殡葬", "公安户籍注销", "卫健死亡医学证明"]


# --------------------------------------------------------------------------- data


def _u(p: str, salt: str, mod: int) -> str:
    """A deterministic pseudo-random integer in [0, mod) from person number ``p``."""
    return f"CAST(hash({p}, '{salt}') % {mod} AS BIGINT)"


def _pick(values: list[str] | str, index: str) -> str:
    items = ", ".join(f"'{v}'" for v in values)
    return f"[{items}][{index} + 1]"


def generate(home: Path, welfare_rows: int, pension_rows: int, death_rows: int) -> dict[str, object]:
    """Write the three Parquet files into ``home/datasets`` and return their versions and counts."""
    from fayan.normalise.rules import id17_number, id_check_char_sql

    # Population: pensioners [0, P), welfare recipients [P - W/3, P + 2W/3) (a third of them
    # also draw a pension), then people who never drew anything. 35% of payees die in the
    # window; the rest of the deaths are non-payees. 2% of all deaths (≈ 6% of dying payees)
    # go on being paid 1–12 months after the death month. 1% of the dead have a second,
    # later death record from another source.
    pensioners = int(pension_rows / 47.0) + 1
    welfare_people = int(welfare_rows / 40.0) + 1
    w_lo, w_hi = pensioners - welfare_people // 3, pensioners - welfare_people // 3 + welfare_people
    payees = max(pensioners, w_hi)
    dying_payees = int(payees * 0.35)
    distinct_dead = int(death_rows / 1.01)
    others = max(distinct_dead - dying_payees, 0)
    fraud_per_mille = max(1, min(999, round(1000 * 0.02 * distinct_dead / max(dying_payees, 1))))
    people = payees + others

    s17 = (
        _pick(REGIONS, "p % 10")
        + " || strftime(DATE '1930-01-01' + CAST((p // 10) % 10000 AS INTEGER), '%Y%m%d')"
        + " || lpad(CAST(p // 100000 AS VARCHAR), 3, '0')"
    )
    con = duckdb.connect()
    con.execute(
        f"""
        CREATE TABLE person AS
        WITH base AS (
            SELECT range AS p, {s17} AS s17 FROM range({people})
        ), flags AS (
            SELECT p, s17 || {id_check_char_sql(id17_number("s17"))} AS id_number,
                   {_pick(SURNAMES, _u("p", "sn", len(SURNAMES)))}
                     || {_pick(GIVEN, _u("p", "g1", len(GIVEN)))}
                     || CASE WHEN {_u("p", "g2", 2)} = 0 THEN {_pick(GIVEN, _u("p", "g3", len(GIVEN)))} ELSE '' END
                     AS name,
                   p < {pensioners} AS pensioner,
                   p >= {w_lo} AND p < {w_hi} AS welfare,
                   CASE WHEN p >= {payees} THEN TRUE ELSE {_u("p", "dies", 1000)} < 350 END AS dies,
                   {_u("p", "dm", MONTHS)} AS death_month,
                   1 + {_u("p", "dd", 28)} AS death_day,
                   {_u("p", "fraud", 1000)} < {fraud_per_mille} AS fraud,
                   1 + {_u("p", "over", 12)} AS over_months,
                   {_u("p", "ps", 24)} AS pension_start,
                   {_u("p", "ws", 40)} AS welfare_start,
                   {_u("p", "dup", 100)} = 0 AS dup_death
            FROM base
        )
        SELECT *,
               CASE WHEN NOT dies THEN {MONTHS - 1}
                    WHEN fraud AND p < {payees} THEN least(death_month + over_months, {MONTHS - 1})
                    ELSE death_month END AS last_paid
        FROM flags
        """
    )
    datasets = home / "datasets"
    out: dict[str, object] = {"people": people, "pensioners": pensioners, "welfare_people": welfare_people}
    files = {}

    def write(dataset: str, sql: str) -> None:
        version = hashlib.sha256(f"bench-run:{dataset}:{welfare_rows}:{pension_rows}:{death_rows}".encode())
        folder = datasets / dataset / version.hexdigest()[:16]
        folder.mkdir(parents=True, exist_ok=True)
        con.execute(f"COPY ({sql}) TO '{folder / 'data.parquet'}' (FORMAT parquet)")
        con.execute(
            "COPY (SELECT 1::BIGINT AS _source, ''::VARCHAR AS file, 1::BIGINT AS line, "
            "''::VARCHAR AS field, ''::VARCHAR AS value, ''::VARCHAR AS reason WHERE false) "
            f"TO '{folder / 'quarantine.parquet'}' (FORMAT parquet)"
        )
        files[dataset] = str(folder / "data.parquet")

    month = "CAST(DATE '2019-01-01' + to_months(CAST(m AS INTEGER)) AS DATE)"
    write(
        "pension_payment",
        f"""
        SELECT 1000000000 + row_number() OVER () AS _row, id_number, name,
               {month} AS pay_month,
               CAST(1200 + {_u("p", "pa", 380000)} / 100.0 AS DECIMAL(18,2)) AS amount,
               {_pick(SCHEMES, _u("p", "sc", 3))} AS scheme,
               CAST(DATE '2019-01-01' + to_months(CAST(pension_start AS INTEGER)) AS DATE) AS retire_date,
               '正常发放' AS status,
               '社保经办中心' AS agency,
               {_pick(REGIONS, "p % 10")} AS region_code
        FROM (SELECT *, unnest(range(pension_start, last_paid + 1)) AS m FROM person WHERE pensioner)
        LIMIT {pension_rows}
        """,
    )
    write(
        "welfare_payment",
        f"""
        SELECT 1000000000 + row_number() OVER () AS _row, id_number, name,
               {month} AS pay_month,
               CAST(300 + {_u("p", "wa", 90000)} / 100.0 AS DECIMAL(18,2)) AS amount,
               {_pick(BENEFITS, _u("p", "bt", 4))} AS benefit_type,
               'H' || lpad(CAST(p AS VARCHAR), 9, '0') AS household_no,
               name AS head_name,
               '某某街道' || CAST(p % 300 AS VARCHAR) || '号' AS address,
               '民政局' AS agency,
               {_pick(REGIONS, "p % 10")} AS region_code
        FROM (SELECT *, unnest(range(welfare_start, last_paid + 1)) AS m FROM person WHERE welfare)
        LIMIT {welfare_rows}
        """,
    )
    death_date = "CAST(DATE '2019-01-01' + to_months(CAST(death_month AS INTEGER)) + to_days(CAST(death_day - 1 AS INTEGER)) AS DATE)"
    write(
        "death_record",
        f"""
        SELECT 1000000000 + row_number() OVER () AS _row, id_number, name, death_date, source, region_code
        FROM (
            SELECT p, id_number, name, {death_date} AS death_date,
                   {_pick(SOURCES, _u("p", "src", 3))} AS source, {_pick(REGIONS, "p % 10")} AS region_code
            FROM person WHERE dies
            UNION ALL
            SELECT p, id_number, name, {death_date} + 20 AS death_date,
                   '公安户籍注销' AS source, {_pick(REGIONS, "p % 10")} AS region_code
            FROM person WHERE dies AND dup_death
            ORDER BY p, death_date
        )
        LIMIT {death_rows}
        """,
    )
    for dataset, path in files.items():
        out[dataset] = con.execute(f"SELECT count(*) FROM read_parquet('{path}')").fetchone()[0]  # type: ignore[index]
    out["fraud_people"] = con.execute(
        f"SELECT count(*) FROM person WHERE fraud AND dies AND p < {payees}"
    ).fetchone()[0]  # type: ignore[index]
    con.close()
    out["files"] = files
    return out


def setup(home: Path, welfare_rows: int, pension_rows: int, death_rows: int) -> dict[str, object]:
    """A new workspace holding the generated files as dataset versions, as if imported."""
    from fayan.db import DatasetVersion
    from fayan.schemas import get_schema
    from fayan.workspace import current_user, open_workspace

    shutil.rmtree(home, ignore_errors=True)
    # Open first: opening runs recovery, which removes version folders the catalogue lacks.
    ws = open_workspace(home)
    counts = generate(home, welfare_rows, pension_rows, death_rows)
    files: dict[str, str] = counts["files"]  # type: ignore[assignment]
    with ws.session() as session:
        for dataset, path in files.items():
            schema = get_schema(dataset)
            version = Path(path).parent.name
            session.add(
                DatasetVersion(
                    id=version,
                    dataset=dataset,
                    number=1,
                    schema_name=schema.name,
                    content_hash=hashlib.sha256(version.encode()).hexdigest(),
                    path=path,
                    quarantine_path=str(Path(path).parent / "quarantine.parquet"),
                    rows_loaded=int(counts[dataset]),  # type: ignore[call-overload]
                    rows_quarantined=0,
                    sources=[{"number": 1, "file": "bench_run.py", "sha256": "", "encoding": None}],
                    columns=["_row", *schema.field_names],
                    region_code=None,
                    agency=None,
                    imported_by=current_user(),
                    imported_at=datetime.now(),
                    parent_id=None,
                )
            )
        session.commit()
    ws.engine.dispose()
    return counts


# --------------------------------------------------------------------------- contenders

DUCKDB_SCRIPT = r'''
import json, sys
import duckdb

deaths, pension, welfare, grace = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
con = duckdb.connect()
con.execute(f"""
    CREATE TEMP TABLE first_death AS
    SELECT id_number, min(death_date) AS death_date, min(name) AS deceased_name
    FROM read_parquet('{deaths}') GROUP BY id_number
""")
con.execute(f"""
    CREATE TEMP TABLE paid_after_death AS
    SELECT p.*, d.death_date, d.deceased_name
    FROM (
        SELECT 'pension_payment' AS _dataset, * FROM read_parquet('{pension}')
        UNION ALL BY NAME
        SELECT 'welfare_payment' AS _dataset, * FROM read_parquet('{welfare}')
    ) AS p
    JOIN first_death AS d USING (id_number)
    WHERE p.pay_month > date_trunc('month', d.death_date) + to_months({grace})
""")
hits = con.execute("""
    SELECT id_number, coalesce(min(name), min(deceased_name)) AS name, min(death_date) AS death_date,
           count(DISTINCT pay_month) AS months, count(*) AS payments,
           min(pay_month) AS first_month, max(pay_month) AS last_month, sum(amount) AS total
    FROM paid_after_death GROUP BY id_number
""").fetchall()
death_rows = con.execute(f"""
    SELECT * FROM read_parquet('{deaths}')
    WHERE id_number IN (SELECT id_number FROM paid_after_death)
""").fetchall()
payment_rows = con.execute("SELECT * FROM paid_after_death").fetchall()
print(json.dumps({
    "hits": len(hits),
    "evidence_deaths": len(death_rows),
    "evidence_payments": len(payment_rows),
    "total": str(sum(h[7] for h in hits)),
}))
'''

PANDAS_SCRIPT = r"""
import json, sys
import numpy as np
import pandas as pd

deaths_path, pension, welfare, grace = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
# Arrow-backed columns: DECIMAL stays exact and strings stay compact (the default would
# turn 11M amounts into Python Decimal objects).
deaths = pd.read_parquet(deaths_path, dtype_backend="pyarrow")
pen = pd.read_parquet(pension, dtype_backend="pyarrow")
wel = pd.read_parquet(welfare, dtype_backend="pyarrow")
pen.insert(0, "_dataset", "pension_payment")
wel.insert(0, "_dataset", "welfare_payment")
payments = pd.concat([pen, wel], ignore_index=True)
del pen, wel
first = deaths.groupby("id_number", as_index=False).agg(
    death_date=("death_date", "min"), deceased_name=("name", "min")
)
merged = payments.merge(first, on="id_number")
death_month = merged["death_date"].astype("datetime64[s]").to_numpy().astype("datetime64[M]")
pay_month = merged["pay_month"].astype("datetime64[s]").to_numpy().astype("datetime64[M]")
paid_after_death = merged[pay_month > death_month + np.timedelta64(grace, "M")]
per_person = paid_after_death.groupby("id_number").agg(
    name=("name", "min"),
    deceased_name=("deceased_name", "min"),
    death_date=("death_date", "min"),
    months=("pay_month", "nunique"),
    payments=("pay_month", "size"),
    first_month=("pay_month", "min"),
    last_month=("pay_month", "max"),
    total=("amount", "sum"),
)
per_person["name"] = per_person["name"].fillna(per_person["deceased_name"])
death_rows = deaths[deaths["id_number"].isin(per_person.index)]
print(json.dumps({
    "hits": len(per_person),
    "evidence_deaths": len(death_rows),
    "evidence_payments": len(paid_after_death),
    "total": str(per_person["total"].sum()),
}))
"""


def _hwm(pid: int) -> int:
    """VmHWM (peak resident set, bytes) of a live process; 0 when it is gone."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def measure(cmd: list[str], label: str) -> dict[str, object]:
    """Wall time and peak RSS of one subprocess (its whole process tree).

    Peak is the process's VmHWM (the kernel's high-water mark, so short spikes between polls
    are not missed) plus its children's, polled every 10 ms. ``ru_maxrss`` is not used: it
    carries this process's own high-water mark over the fork.
    """
    out_path = DATA / f"{label}.stdout"
    err_path = DATA / f"{label}.stderr"
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err)
        watched = psutil.Process(proc.pid)
        peaks: dict[int, int] = {}
        while proc.poll() is None:
            try:
                pids = [proc.pid, *(c.pid for c in watched.children(recursive=True))]
            except psutil.Error:
                pids = [proc.pid]
            for pid in pids:
                peaks[pid] = max(peaks.get(pid, 0), _hwm(pid))
            time.sleep(0.01)
        wall = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"{label} failed ({proc.returncode}):\n{err_path.read_text()[-3000:]}")
    return {"wall": wall, "peak_mb": sum(peaks.values()) / 2**20, "stdout": out_path.read_text()}


def reset_catalogue(home: Path) -> None:
    """A pristine catalogue: datasets registered, no runs, no clues."""
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{home / 'fayan.db'}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(DATA / "fayan.db.pristine", home / "fayan.db")


def fayan_cmd(home: Path) -> list[str]:
    exe = shutil.which("fayan") or ""
    return (
        [exe, "--home", str(home), "run", MODEL, "--json"]
        if exe
        else [sys.executable, "-m", "fayan", "--home", str(home), "run", MODEL, "--json"]
    )


def fayan_check(home: Path) -> dict[str, object]:
    """What the fayan run recorded, in the units the other two print."""
    import sqlite3

    con = sqlite3.connect(home / "fayan.db")
    (hits,) = con.execute("SELECT count(*) FROM clues").fetchone()
    # The evidence rows themselves, as the run wrote them (runs/<id>/<layer>.parquet).
    run_dir = max((home / "runs").iterdir(), key=lambda p: int(p.name))
    count = duckdb.connect()
    deaths = count.execute("SELECT count(*) FROM read_parquet(?)", [str(run_dir / "deaths.parquet")]).fetchone()[0]
    payments = count.execute("SELECT count(*) FROM read_parquet(?)", [str(run_dir / "paid_after_death.parquet")]).fetchone()[0]
    totals = [row[0] for row in con.execute("SELECT json_extract(hit, '$.total') FROM clues")]
    con.close()
    from decimal import Decimal

    return {
        "hits": hits,
        "evidence_deaths": deaths or 0,
        "evidence_payments": payments or 0,
        "total": str(sum((Decimal(str(t)) for t in totals), Decimal(0))),
    }


# --------------------------------------------------------------------------- report


def profile_fayan(home: Path) -> str:
    """cProfile of run_model in-process (top functions by cumulative time), on a fresh catalogue."""
    reset_catalogue(home)
    code = textwrap.dedent(
        f"""
        import cProfile, pstats, io
        from fayan.runs import run_model
        from fayan.workspace import open_workspace
        ws = open_workspace({str(home)!r})
        prof = cProfile.Profile()
        prof.enable()
        result = run_model(ws, {MODEL!r})
        prof.disable()
        s = io.StringIO()
        pstats.Stats(prof, stream=s).sort_stats("cumulative").print_stats(30)
        print(result.timings)
        print(s.getvalue())
        """
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return done.stdout


def render(
    args: argparse.Namespace,
    counts: dict[str, object],
    results: dict[str, list[dict[str, object]]],
    checks: dict[str, dict[str, object]],
    timings: dict[str, float],
) -> str:
    med = {name: statistics.median(float(r["wall"]) for r in rs) for name, rs in results.items()}  # type: ignore[arg-type]
    peak = {name: max(float(r["peak_mb"]) for r in rs) for name, rs in results.items()}  # type: ignore[arg-type]
    f_over_d = med["fayan"] / med["duckdb"]
    p_over_f = med["pandas"] / med["fayan"]
    labels = {
        "fayan": f"`fayan run {MODEL} --json`",
        "duckdb": "hand-written DuckDB SQL + fetch evidence",
        "pandas": "pandas (`read_parquet`, `merge`, `groupby`)",
    }
    lines = [
        f"Inputs: {counts['pension_payment']:,} pension payments + {counts['welfare_payment']:,} welfare "
        f"payments + {counts['death_record']:,} death records (Parquet, {_size_mb(counts):,.0f} MB); "
        f"{checks['fayan']['hits']:,} clues, {checks['fayan']['evidence_payments']:,} payments after death "
        f"as evidence. Median of {args.reps}, each in its own process (start-up included); "
        f"{os.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GB RAM, "
        f"DuckDB {duckdb.__version__}, {datetime.now():%Y-%m-%d}.",
        "",
        "| | median wall (s) | runs (s) | peak RSS (MB) |",
        "|---|---:|---:|---:|",
    ]
    for name in ("fayan", "duckdb", "pandas"):
        runs = ", ".join(f"{float(r['wall']):.2f}" for r in results[name])  # type: ignore[arg-type]
        lines.append(f"| {labels[name]} | {med[name]:.2f} | {runs} | {peak[name]:,.0f} |")
    lines += [
        "",
        f"* fayan / DuckDB = **{f_over_d:.2f}×** (target ≤ 1.3×: {'met' if f_over_d <= 1.3 else 'missed'})",
        f"* pandas / fayan = **{p_over_f:.1f}×** (target ≥ 10×: {'met' if p_over_f >= 10 else 'missed'})",
        "",
        "Where fayan's time goes (median of the repetitions, seconds; `hits` = DuckDB join + aggregate"
        " into the hits table (evidence layers that are steps materialised on the way) and fetch;"
        " `evidence:*` = DuckDB COPY of the layer's hit rows to Parquet; `evidence:digest` = per-subject"
        " row counts and content hash in DuckDB; `clues` = titles, hit rows and the SQLite insert):",
        "",
        "| stage | s | share of wall |",
        "|---|---:|---:|",
        *(f"| {k} | {v:.2f} | {100 * v / timings['wall']:.0f}% |" for k, v in timings.items() if k != "wall"),
    ]
    engine = sum(v for k, v in timings.items() if k == "hits" or k.startswith("evidence:"))
    fixed = timings["wall"] - engine
    lines += [
        "",
        f"Reading it: the DuckDB work inside fayan (hits + evidence) takes {engine:.2f} s, against "
        f"{med['duckdb']:.2f} s for the whole hand-written script (its interpreter start-up included); "
        f"the other {fixed:.2f} s of fayan's wall time are fixed costs — CLI start-up (imports), model "
        "loading and the clue store (titles, hit rows, SQLite), the last of which grows with the "
        "number of clues, not with the input rows.",
        "",
        "What was done about it: evidence moved from JSON in SQLite to one Parquet file per run and layer, "
        "written and hashed by DuckDB (clue stage 1.34 s → ~0.4 s); evidence layers that are steps are "
        "materialised once instead of recomputed; the clue source layer's evidence is copied from the hits "
        "table; the CLI imports the importer, Faker and the demo only when their commands run "
        "(start-up 1.12 s → ~0.75 s). Before: 3.36 s, 4.6× DuckDB. What remains is Python start-up with "
        "SQLAlchemy, Typer and Rich (~0.75 s, more than the whole DuckDB script) and a per-clue SQLite "
        "insert; at this input size the 1.3× target is below fayan's fixed costs. The ratio falls as "
        "inputs grow, since only the DuckDB part scales with rows.",
    ]
    return "\n".join(lines)


def _size_mb(counts: dict[str, object]) -> float:
    files: dict[str, str] = counts["files"]  # type: ignore[assignment]
    return sum(Path(p).stat().st_size for p in files.values()) / 2**20


HOW_TO = """\
`bench/bench_run.py` generates the inputs with DuckDB SQL (deterministic; valid 18-digit IDs;
~2% of deaths paid 1–12 months after the death month, payments in the death month are normal),
writes them straight into a fresh workspace as dataset versions (the import is not timed here —
see issue 2), then runs three contenders in their own processes, interleaved, and reports the
median wall time and the peak RSS of the process tree (VmHWM polled every 10 ms):

* `fayan --home H run deceased-benefits --json`, on a fresh copy of the catalogue each time
  (no earlier runs or clues, so the run really executes and writes its clues);
* a hand-written DuckDB script of the same logic that fetches the hits and the evidence rows
  (death records and payments after death of the hit persons) into Python;
* a pandas script of the same logic with Arrow-backed columns.

All three must agree on the number of hits, evidence rows and the total amount, or the script
fails.

```
python bench/bench_run.py                 # full size (~2 min on 2 cores), rewrites this section
python bench/bench_run.py --scale 0.1     # a tenth of the rows
python bench/bench_run.py --profile       # plus a cProfile of run_model
python bench/bench_run.py --no-readme     # print only
```

Needs `pandas` and `psutil` (`pip install pandas psutil`). Data goes to `bench/data/run/`
(git-ignored; `--keep` reuses it).
"""


def write_readme(body: str) -> None:
    section = f"{SECTION}\n\n{body.rstrip()}\n"
    text = README.read_text(encoding="utf-8") if README.exists() else "# Benchmarks\n"
    start = text.find(SECTION)
    if start < 0:
        text = text.rstrip() + "\n\n" + section
    else:
        rest = text.find("\n## ", start + len(SECTION))
        text = text[:start] + section + ("\n" + text[rest + 1 :] if rest >= 0 else "")
    README.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of 1M/10M/300k rows")
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="reuse bench/data/run if it has the same sizes")
    parser.add_argument("--profile", action="store_true", help="also cProfile one fayan run")
    parser.add_argument("--no-readme", action="store_true")
    parser.add_argument("--only", choices=["fayan", "duckdb", "pandas"], action="append")
    args = parser.parse_args()

    welfare, pension, deaths = (int(n * args.scale) for n in (1_000_000, 10_000_000, 300_000))
    home = DATA / "home"
    meta_path = DATA / "meta.json"
    wanted = {"welfare": welfare, "pension": pension, "deaths": deaths}
    DATA.mkdir(parents=True, exist_ok=True)
    meta = json.loads(meta_path.read_text()) if meta_path.exists() else {}
    if args.keep and meta.get("wanted") == wanted and (DATA / "fayan.db.pristine").exists():
        counts = meta["counts"]
        print(f"reusing {home}")
    else:
        t = time.perf_counter()
        counts = setup(home, welfare, pension, deaths)
        shutil.copyfile(home / "fayan.db", DATA / "fayan.db.pristine")
        meta_path.write_text(json.dumps({"wanted": wanted, "counts": counts}, ensure_ascii=False, indent=1))
        print(
            f"generated in {time.perf_counter() - t:.1f}s: {json.dumps({k: v for k, v in counts.items() if k != 'files'})}"
        )
    files: dict[str, str] = counts["files"]  # type: ignore[assignment]
    paths = [files["death_record"], files["pension_payment"], files["welfare_payment"], "0"]
    commands = {
        "fayan": fayan_cmd(home),
        "duckdb": [sys.executable, "-c", DUCKDB_SCRIPT, *paths],
        "pandas": [sys.executable, "-c", PANDAS_SCRIPT, *paths],
    }
    names = args.only or list(commands)
    results: dict[str, list[dict[str, object]]] = {n: [] for n in names}
    fayan_timings: list[dict[str, float]] = []
    checks: dict[str, dict[str, object]] = {}
    for rep in range(args.reps):
        for name in names:
            if name == "fayan":
                reset_catalogue(home)
            r = measure(commands[name], name)
            results[name].append(r)
            out = json.loads(str(r["stdout"]))
            if name == "fayan":
                assert not out["reused"], "the run was reused: the catalogue was not reset"
                stages = {k: float(v) for k, v in out["timings"].items()}
                fayan_timings.append(
                    {
                        "start-up + exit (imports, outside run_model)": float(r["wall"]) - out["seconds"],  # type: ignore[arg-type]
                        "model load, bind, compile, engine": out["seconds"] - sum(stages.values()),
                        **stages,
                        "run_model total": out["seconds"],
                        "wall": float(r["wall"]),  # type: ignore[arg-type]
                    }
                )
                checks[name] = fayan_check(home)
            else:
                checks[name] = out
            print(f"rep {rep + 1} {name:7s} {float(r['wall']):7.2f}s {float(r['peak_mb']):8.0f} MB")  # type: ignore[arg-type]
    print("checks:", json.dumps(checks, ensure_ascii=False))
    if len({json.dumps(c, sort_keys=True) for c in checks.values()}) != 1:
        raise SystemExit("the contenders disagree: " + json.dumps(checks, ensure_ascii=False, indent=1))
    if args.profile:
        print(profile_fayan(home))
    if set(names) != {"fayan", "duckdb", "pandas"}:
        return
    keys = list(fayan_timings[0])
    timings = {k: statistics.median(t.get(k, 0.0) for t in fayan_timings) for k in keys}
    table = render(args, counts, results, checks, timings)
    print()
    print(table)
    if not args.no_readme and args.scale == 1.0:
        write_readme(HOW_TO + "\n" + table)
        print(f"\nwrote {README.relative_to(BENCH.parent)} ({SECTION})")


if __name__ == "__main__":
    main()
