"""The import pipeline: read → map headers → normalise → validate → quarantine → commit.

Every row of every file ends either in the dataset version or in its quarantine (问题数据)
with the field and the reason. Work happens in a staging folder; the version folder is moved
into place and its catalogue row committed last, so a failed or killed import leaves the
workspace as it was (see ``Workspace.recover``).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb
from sqlalchemy import func, select
from sqlglot import exp

from fayan.db import DatasetVersion
from fayan.importer import readers
from fayan.importer.headers import HeaderError, HeaderMapping, find_header_row, map_headers
from fayan.normalise import normaliser_for
from fayan.schemas import Schema, SchemaError, get_schema
from fayan.workspace import Workspace, current_user

# Bump when a normaliser changes meaning: identical bytes then make a new version.
NORMALISER_VERSION = "1"
ROW_ID_STRIDE = 1_000_000_000  # _row = source number × stride + row number in that source
SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
DATASET_NAME = re.compile(r"^[\w\u4e00-\u9fff][\w\u4e00-\u9fff.-]{0,99}$")

ProgressCallback = Callable[[str, float | None], None]


class ImportError_(ValueError):  # noqa: N801 - ImportError is a builtin
    """An import that cannot proceed; the message says what was wrong and what to do."""


@dataclass
class ImportResult:
    dataset: str
    version: str
    version_number: int
    schema: str
    rows_loaded: int
    rows_quarantined: int
    rows_total: int
    duplicate: bool
    sources: list[dict[str, object]] = field(default_factory=list)
    unmapped_columns: list[str] = field(default_factory=list)
    path: str = ""

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass
class _Source:
    number: int
    path: Path
    sha256: str
    view: str
    mapping: HeaderMapping
    encoding: str | None = None
    rejects_table: str | None = None
    header_line: int = 0  # CSV: the header's physical line (1-based)


def import_files(
    workspace: Workspace,
    patterns: list[str],
    schema_name: str,
    *,
    name: str | None = None,
    sheet: str | None = None,
    encoding: str = "auto",
    mapping: dict[str, str] | None = None,
    region: str | None = None,
    agency: str | None = None,
    append: bool = False,
    progress: ProgressCallback | None = None,
) -> ImportResult:
    """Import one or more files of one schema as a new version of dataset ``name``."""
    try:
        schema = get_schema(schema_name)
    except SchemaError as exc:
        raise ImportError_(str(exc)) from exc
    if encoding not in readers.ENCODINGS:
        raise ImportError_(f"--encoding 只能是 {'/'.join(readers.ENCODINGS)}，而不是 {encoding}")
    dataset = name or schema.name
    if not DATASET_NAME.match(dataset):
        raise ImportError_(f"数据集名称不合法: {dataset!r}（字母、数字、汉字、._- ，最长100）")
    try:
        paths = list(readers.iter_paths(patterns))
    except readers.ReadError as exc:
        raise ImportError_(str(exc)) from exc
    report = progress or (lambda stage, fraction: None)
    parent = _latest_version(workspace, dataset)
    if parent and parent.schema_name != schema.name:
        raise ImportError_(
            f"数据集 {dataset} 的数据标准是 {parent.schema_name}，不能导入为 {schema.name}：请换一个 --name"
        )
    if append and parent is None:
        raise ImportError_(f"--append: 数据集 {dataset} 还没有任何版本，请先不带 --append 导入")
    hashes = [_sha256(p, report) for p in paths]
    content_hash = _content_hash(schema, hashes, mapping, sheet, region, encoding, parent if append else None)
    existing = _version_with_hash(workspace, dataset, content_hash)
    if existing:
        return _result(existing, duplicate=True, rows_loaded=0, rows_quarantined=0)
    staging = workspace.new_staging("import")
    try:
        return _import_in(
            workspace,
            staging,
            schema,
            dataset,
            paths,
            hashes,
            content_hash,
            sheet=sheet,
            encoding=encoding,
            mapping=mapping,
            region=region,
            agency=agency,
            parent=parent if append else None,
            report=report,
        )
    except (HeaderError, readers.ReadError, SchemaError) as exc:
        raise ImportError_(str(exc)) from exc
    except duckdb.Error as exc:
        raise ImportError_(f"读取或清洗数据失败: {exc}") from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _import_in(
    workspace: Workspace,
    staging: Path,
    schema: Schema,
    dataset: str,
    paths: list[Path],
    hashes: list[str],
    content_hash: str,
    *,
    sheet: str | None,
    encoding: str,
    mapping: dict[str, str] | None,
    region: str | None,
    agency: str | None,
    parent: DatasetVersion | None,
    report: ProgressCallback,
) -> ImportResult:
    con = _connect(staging)
    first_number = len(parent.sources) + 1 if parent else 1
    sources = [
        _register_source(con, staging, schema, number, path, digest, sheet, encoding, mapping, report)
        for number, (path, digest) in enumerate(zip(paths, hashes, strict=True), start=first_number)
    ]
    extras = list(dict.fromkeys(e for s in sources for e in s.mapping.extras))
    raw_sql = _materialise_raw(
        con,
        staging,
        " UNION ALL ".join(_source_select(s, schema, extras).sql("duckdb") for s in sources),
        report,
    )
    raw_sql = _shift_past_rejects(con, raw_sql, sources)
    staged = staging / "staged.parquet"
    out = staging / "version"
    out.mkdir()
    with _query_progress(con, report, "清洗与校验"):
        con.execute(
            f"COPY ({staged_query(schema, raw_sql, extras, region).sql('duckdb')}) "
            f"TO '{staged}' (FORMAT parquet)"
        )
    columns = ["_row", *schema.field_names, *extras]
    data_select = (
        f"SELECT __source * {ROW_ID_STRIDE} + __row AS _row, "
        + ", ".join(_q(c) for c in [*schema.field_names, *extras])
        + f" FROM read_parquet('{staged}') WHERE len(__errors) = 0"
    )
    if parent:
        columns = list(dict.fromkeys([*columns, *parent.columns]))  # as _union_by_name orders them
        data_select = _union_by_name(
            f"SELECT * FROM read_parquet('{parent.path}')", data_select, columns, con
        )
    with _query_progress(con, report, "写入数据版本"):
        con.execute(f"COPY ({data_select}) TO '{out / 'data.parquet'}' (FORMAT parquet)")
        con.execute(
            f"COPY ({_quarantine_select(schema, staged, sources, extras, parent)}) "
            f"TO '{out / 'quarantine.parquet'}' (FORMAT parquet)"
        )
    loaded, quarantined = _count_new(con, staged, sources)
    total = con.execute(f"SELECT count(*) FROM read_parquet('{out / 'data.parquet'}')").fetchone()
    con.close()
    source_docs: list[dict[str, object]] = list(parent.sources if parent else []) + [
        {
            "number": s.number,
            "file": s.path.name,
            "sha256": s.sha256,
            "encoding": s.encoding,
            "mapped": {f: s.mapping.headers[i] for f, i in s.mapping.fields.items()},
            "extras": list(s.mapping.extras),
        }
        for s in sources
    ]
    version = _commit(
        workspace,
        out,
        schema,
        dataset,
        content_hash,
        source_docs,
        columns,
        rows_loaded=int(total[0]) if total else 0,
        rows_quarantined=quarantined + (parent.rows_quarantined if parent else 0),
        region=region,
        agency=agency,
        parent=parent,
    )
    report("完成", 1.0)
    result = _result(version, duplicate=False, rows_loaded=loaded, rows_quarantined=quarantined)
    result.unmapped_columns = extras
    return result


def _materialise_raw(
    con: duckdb.DuckDBPyConnection, staging: Path, raw_sql: str, report: ProgressCallback
) -> str:
    """Read every source once into numbered raw text (Parquet); return the query over it.

    ``row_number() OVER ()`` numbers rows in a single thread, and DuckDB runs everything
    downstream of it in the same pipeline in that one thread. Numbering in its own pass (on
    one thread, which also keeps the ordered Parquet writer from buffering batches) lets the
    normalisers run on every core over the Parquet file, in the same order.
    """
    raw = staging / "raw.parquet"
    with _query_progress(con, report, "读取数据"):
        con.execute("SET threads = 1")
        try:
            con.execute(
                f"COPY (SELECT * REPLACE (CAST(__invalid AS VARCHAR) AS __invalid) FROM ({raw_sql})) "
                f"TO '{_lit(raw)}' (FORMAT parquet)"
            )
        finally:
            con.execute("RESET threads")
    return f"SELECT * FROM read_parquet('{_lit(raw)}')"


def _shift_past_rejects(con: duckdb.DuckDBPyConnection, raw_sql: str, sources: list[_Source]) -> str:
    """Give CSV rows their physical line when malformed rows were rejected before them.

    Rows are numbered as they come out of the reader, which skips rejected lines; DuckDB's
    reject table holds those lines. A row numbered n lies after the i-th rejected line L_i
    (sorted) when n > L_i - i, so its line is n + #{i : L_i - i < n}.
    """
    parts = [
        f"SELECT DISTINCT {s.number} AS source, line FROM {s.rejects_table}"
        for s in sources
        if s.rejects_table
    ]
    if not parts:
        return raw_sql
    con.execute(
        "CREATE TEMP TABLE fy_reject_shift AS SELECT source, "
        "CAST(line AS BIGINT) - row_number() OVER (PARTITION BY source ORDER BY line) AS before_row "
        f"FROM ({' UNION ALL '.join(parts)})"
    )
    if con.execute("SELECT count(*) FROM fy_reject_shift").fetchone() == (0,):
        return raw_sql
    return (
        "SELECT * REPLACE (__row + (SELECT count(*) FROM fy_reject_shift s "
        "WHERE s.source = r.__source AND s.before_row < r.__row) AS __row) "
        f"FROM ({raw_sql}) AS r"
    )


def _connect(staging: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(config={"memory_limit": os.environ.get("FAYAN_IMPORT_MEMORY", "2GB")})
    con.execute(f"SET temp_directory = '{staging / 'spill'}'")
    con.execute("SET preserve_insertion_order = true")
    return con


def _register_source(
    con: duckdb.DuckDBPyConnection,
    staging: Path,
    schema: Schema,
    number: int,
    path: Path,
    digest: str,
    sheet: str | None,
    encoding: str,
    mapping: dict[str, str] | None,
    report: ProgressCallback,
) -> _Source:
    view = f"src_{number}"
    suffix = path.suffix.lower()
    if suffix in SPREADSHEET_SUFFIXES:
        table = readers.read_spreadsheet(path, sheet, lambda rows: find_header_row(rows, schema))
        con.register(view, table.table)
        return _Source(number, path, digest, view, map_headers(table.header, schema, mapping))
    if suffix in (".jsonl", ".ndjson", ".json"):
        table = readers.read_json_lines(path, encoding)
        con.register(view, table.table)
        return _Source(number, path, digest, view, map_headers(table.header, schema, mapping))
    if suffix == ".parquet":
        return _register_parquet(con, schema, number, path, digest, view, mapping)
    return _register_csv(con, staging, schema, number, path, digest, view, encoding, mapping, report)


def _register_parquet(
    con: duckdb.DuckDBPyConnection,
    schema: Schema,
    number: int,
    path: Path,
    digest: str,
    view: str,
    mapping: dict[str, str] | None,
) -> _Source:
    names = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM read_parquet('{_lit(path)}')").fetchall()]
    casts = ", ".join(f"CAST({_q(n)} AS VARCHAR) AS c{i}" for i, n in enumerate(names))
    con.execute(
        f"CREATE VIEW {view} AS SELECT {casts}, row_number() OVER () AS __row "
        f"FROM read_parquet('{_lit(path)}')"
    )
    return _Source(number, path, digest, view, map_headers(names, schema, mapping))


def _register_csv(
    con: duckdb.DuckDBPyConnection,
    staging: Path,
    schema: Schema,
    number: int,
    path: Path,
    digest: str,
    view: str,
    encoding: str,
    mapping: dict[str, str] | None,
    report: ProgressCallback,
) -> _Source:
    encoding, delimiter, head = readers.read_csv_head(path, encoding)
    if not head:
        raise readers.ReadError(f"{path.name}: 文件是空的")
    header_index = find_header_row(head, schema)
    header = head[header_index]
    header_mapping = map_headers(header, schema, mapping)
    utf8_path = path
    if encoding not in ("utf-8", "utf-8-sig"):
        utf8_path = staging / f"{view}.utf8.csv"
        size = max(path.stat().st_size, 1)
        done = [0]

        def transcoded(n: int) -> None:
            done[0] += n
            report("转码为 UTF-8", min(done[0] / size, 1.0))

        readers.transcode_to_utf8(path, utf8_path, encoding, transcoded)
    rejects = f"rejects_{number}"
    columns = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(len(header))) + "}"
    con.execute(
        f"CREATE VIEW {view} AS SELECT *, {header_index + 1} + row_number() OVER () AS __row "
        f"FROM read_csv('{_lit(utf8_path)}', delim = '{_lit(delimiter)}', header = false, "
        f"skip = {header_index + 1}, columns = {columns}, quote = '\"', escape = '\"', "
        f"auto_detect = false, store_rejects = true, rejects_table = '{rejects}', "
        f"rejects_scan = 'scan_{number}', max_line_size = 10000000)"
    )
    return _Source(number, path, digest, view, header_mapping, encoding, rejects, header_index + 1)


def _source_select(source: _Source, schema: Schema, extras: list[str]) -> exp.Select:
    """One source's rows with the schema's fields (missing optional ones as NULL)."""
    projections: list[exp.Expr] = [
        exp.Literal.number(source.number).as_("__source"),
        exp.column("__row"),
        (exp.column("__invalid") if source.view and _has_invalid(source) else exp.Null()).as_("__invalid"),
    ]
    for name in schema.field_names:
        index = source.mapping.fields.get(name)
        value = exp.column(f"c{index}") if index is not None else exp.Null()
        projections.append(exp.cast(value, "VARCHAR").as_(name, quoted=True))
    for extra in extras:
        index = source.mapping.extras.get(extra)
        value = exp.column(f"c{index}") if index is not None else exp.Null()
        projections.append(exp.cast(value, "VARCHAR").as_(extra, quoted=True))
    return exp.select(*projections).from_(source.view)


def _has_invalid(source: _Source) -> bool:
    return source.path.suffix.lower() in (".jsonl", ".ndjson", ".json")


def staged_query(schema: Schema, raw_sql: str, extras: list[str], region: str | None) -> exp.Select:
    """Layers over the raw text: cleaned text → prepared helper → typed value → reasons (pure)."""
    cleaned = exp.select(
        "__source",
        "__row",
        "__invalid",
        *[exp.column(f.name, quoted=True).as_(f"raw__{f.name}") for f in schema.fields],
        *[
            normaliser_for(f.type).clean(exp.column(f.name, quoted=True)).as_(f"c__{f.name}")
            for f in schema.fields
        ],
        *[exp.column(e, quoted=True) for e in extras],
    ).from_(exp.paren(_subquery(raw_sql), copy=False).as_("raw"))
    prepared = exp.select(
        "*",
        *[
            normaliser_for(f.type).prepare(exp.column(f"c__{f.name}")).as_(f"p__{f.name}")
            for f in schema.fields
        ],
    ).from_(cleaned.subquery("cleaned"))
    typed = exp.select(
        "*", *[_typed_value(f.name, f.type, region).as_(f"v__{f.name}") for f in schema.fields]
    ).from_(prepared.subquery("prepared"))
    reasons: list[exp.Expr] = [exp.column("__invalid")]
    for f in schema.fields:
        normaliser = normaliser_for(f.type)
        cleaned_col, value_col = exp.column(f"c__{f.name}"), exp.column(f"v__{f.name}")
        reason = normaliser.error(cleaned_col, value_col, exp.column(f"p__{f.name}"))
        if f.required:
            reason = exp.Coalesce(
                this=exp.If(
                    this=exp.Is(this=exp.column(f"c__{f.name}"), expression=exp.Null()),
                    true=exp.Literal.string("必填字段为空"),
                ),
                expressions=[reason],
            )
        reasons.append(exp.DPipe(this=exp.Literal.string(f"{f.name}: "), expression=reason))
    errors = exp.func(
        "list_filter",
        exp.Array(expressions=reasons),
        exp.Lambda(
            this=exp.Not(this=exp.Is(this=exp.column("x"), expression=exp.Null())),
            expressions=[exp.to_identifier("x")],
        ),
    )
    return exp.select(
        "__source",
        "__row",
        *[exp.column(f"raw__{f.name}") for f in schema.fields],
        *[
            exp.cast(exp.column(f"v__{f.name}"), normaliser_for(f.type).sql_type).as_(f.name, quoted=True)
            for f in schema.fields
        ],
        *[exp.column(e, quoted=True) for e in extras],
        errors.as_("__errors"),
    ).from_(typed.subquery("typed"))


def _typed_value(name: str, field_type: str, region: str | None) -> exp.Expr:
    value = normaliser_for(field_type).value(exp.column(f"c__{name}"), exp.column(f"p__{name}"))
    if name == "region_code" and region:
        return exp.Coalesce(this=value, expressions=[exp.Literal.string(region)])
    return value


def _subquery(sql: str) -> exp.Expr:
    import sqlglot

    return sqlglot.parse_one(sql, dialect="duckdb")


def _quarantine_select(
    schema: Schema,
    staged: Path,
    sources: list[_Source],
    extras: list[str],
    parent: DatasetVersion | None,
) -> str:
    names = {s.number: s.path.name for s in sources}
    file_case = "CASE " + " ".join(f"WHEN __source = {n} THEN '{_lit(f)}'" for n, f in names.items()) + " END"
    raw_struct = "{" + ", ".join(f"'{_lit(f.name)}': raw__{f.name}" for f in schema.fields) + "}"
    parts = [
        f"SELECT __source AS _source, {file_case} AS file, __row AS line, "
        f"to_json({raw_struct})::VARCHAR AS raw, __errors AS reasons "
        f"FROM read_parquet('{staged}') WHERE len(__errors) > 0"
    ]
    for s in sources:
        if s.rejects_table:
            parts.append(
                # DuckDB files one reject row per error: a line with three extra columns has
                # three. One quarantine row per line, with every reason.
                f"SELECT {s.number} AS _source, '{_lit(s.path.name)}' AS file, "
                f"CAST(line AS BIGINT) AS line, to_json({{'csv_line': any_value(csv_line)}})::VARCHAR AS raw, "
                f"list(DISTINCT '行格式错误（' || error_type || '）: ' || error_message) AS reasons "
                f"FROM {s.rejects_table} GROUP BY line"
            )
    if parent:
        parts.insert(0, f"SELECT * FROM read_parquet('{_lit(Path(parent.quarantine_path))}')")
    return " UNION ALL ".join(parts) + " ORDER BY _source, line"


def _count_new(con: duckdb.DuckDBPyConnection, staged: Path, sources: list[_Source]) -> tuple[int, int]:
    row = con.execute(
        f"SELECT count(*) FILTER (WHERE len(__errors) = 0), count(*) FILTER (WHERE len(__errors) > 0) "
        f"FROM read_parquet('{staged}')"
    ).fetchone()
    loaded, quarantined = (int(row[0]), int(row[1])) if row else (0, 0)
    for s in sources:
        if s.rejects_table:
            rejected = con.execute(f"SELECT count(DISTINCT line) FROM {s.rejects_table}").fetchone()
            quarantined += int(rejected[0]) if rejected else 0
    return loaded, quarantined


def _union_by_name(parent_sql: str, new_sql: str, columns: list[str], con: duckdb.DuckDBPyConnection) -> str:
    parent_columns = {r[0] for r in con.execute(f"DESCRIBE {parent_sql}").fetchall()}
    new_columns = {r[0] for r in con.execute(f"DESCRIBE {new_sql}").fetchall()}
    ordered = list(dict.fromkeys([*columns, *[c for c in parent_columns if c not in columns]]))

    def pick(have: set[str]) -> str:
        return ", ".join(_q(c) if c in have else f"NULL AS {_q(c)}" for c in ordered)

    return (
        f"SELECT {pick(parent_columns)} FROM ({parent_sql}) UNION ALL "
        f"SELECT {pick(new_columns)} FROM ({new_sql})"
    )


def _commit(
    workspace: Workspace,
    out: Path,
    schema: Schema,
    dataset: str,
    content_hash: str,
    sources: list[dict[str, object]],
    columns: list[str],
    *,
    rows_loaded: int,
    rows_quarantined: int,
    region: str | None,
    agency: str | None,
    parent: DatasetVersion | None,
) -> DatasetVersion:
    # The same content may be imported under two dataset names: the id covers both.
    version_id = hashlib.sha256(f"{dataset}\n{content_hash}".encode()).hexdigest()[:16]
    final = workspace.datasets_dir / dataset / version_id
    final.parent.mkdir(parents=True, exist_ok=True)
    with workspace.session() as session:
        number = (
            session.scalar(select(func.max(DatasetVersion.number)).where(DatasetVersion.dataset == dataset))
            or 0
        ) + 1
        version = DatasetVersion(
            id=version_id,
            dataset=dataset,
            number=number,
            schema_name=schema.name,
            content_hash=content_hash,
            path=str(final / "data.parquet"),
            quarantine_path=str(final / "quarantine.parquet"),
            rows_loaded=rows_loaded,
            rows_quarantined=rows_quarantined,
            sources=sources,
            columns=columns,
            region_code=region,
            agency=agency,
            imported_by=current_user(),
            imported_at=datetime.now(),
            parent_id=parent.id if parent else None,
        )
        session.add(version)
        session.flush()
        os.replace(out, final)  # the folder is in place before the row commits
        try:
            session.commit()
        except Exception:
            shutil.rmtree(final, ignore_errors=True)
            raise
    return version


def _latest_version(workspace: Workspace, dataset: str) -> DatasetVersion | None:
    with workspace.session() as session:
        return session.scalars(
            select(DatasetVersion)
            .where(DatasetVersion.dataset == dataset)
            .order_by(DatasetVersion.number.desc())
            .limit(1)
        ).first()


def _version_with_hash(workspace: Workspace, dataset: str, content_hash: str) -> DatasetVersion | None:
    with workspace.session() as session:
        return session.scalars(
            select(DatasetVersion).where(
                DatasetVersion.dataset == dataset, DatasetVersion.content_hash == content_hash
            )
        ).first()


def _result(
    version: DatasetVersion, *, duplicate: bool, rows_loaded: int, rows_quarantined: int
) -> ImportResult:
    return ImportResult(
        dataset=version.dataset,
        version=version.id,
        version_number=version.number,
        schema=version.schema_name,
        rows_loaded=rows_loaded,
        rows_quarantined=rows_quarantined,
        rows_total=version.rows_loaded,
        duplicate=duplicate,
        sources=list(version.sources),
        path=version.path,
    )


def _sha256(path: Path, report: ProgressCallback) -> str:
    digest = hashlib.sha256()
    size, done = max(path.stat().st_size, 1), 0
    with path.open("rb") as fh:
        while chunk := fh.read(readers.CHUNK_BYTES):
            digest.update(chunk)
            done += len(chunk)
            report("计算文件指纹", min(done / size, 1.0))
    return digest.hexdigest()


def _content_hash(
    schema: Schema,
    hashes: list[str],
    mapping: dict[str, str] | None,
    sheet: str | None,
    region: str | None,
    encoding: str,
    parent: DatasetVersion | None,
) -> str:
    """Everything that decides the version's rows: the bytes and every option that reads them."""
    doc = {
        "schema": schema.name,
        "fields": [(f.name, f.type, f.required) for f in schema.fields],
        "files": hashes,
        "map": sorted((mapping or {}).items()),
        "sheet": sheet,
        "region": region,
        "encoding": encoding,
        "normaliser": NORMALISER_VERSION,
        "parent": parent.content_hash if parent else None,
    }
    return hashlib.sha256(json.dumps(doc, sort_keys=True).encode()).hexdigest()


@contextmanager
def _query_progress(con: duckdb.DuckDBPyConnection, report: ProgressCallback, stage: str) -> Iterator[None]:
    """Report DuckDB's own progress of the running query, polled from a thread."""
    done = threading.Event()

    def poll() -> None:
        while not done.wait(0.3):
            try:
                fraction = con.query_progress()
            except duckdb.Error:
                return
            report(stage, fraction / 100 if fraction and fraction >= 0 else None)

    report(stage, None)
    thread = threading.Thread(target=poll, daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()


def _q(name: str) -> str:
    return exp.to_identifier(name, quoted=True).sql("duckdb")


def _lit(value: object) -> str:
    return str(value).replace("'", "''")
