"""The pandas batches Great Expectations validates, read through DuckDB.

Rows never reach pandas all at once: billing rows stream file group by file group in
batches of `batch_rows`, with only the columns the suite reads. Checks across rows and
files (currency, contiguous months, duplicated rows) are computed in DuckDB into small
frames, which the suite then validates; their `_rows` column says how many charge rows
each line stands for, and `_file` which file it came from.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator

import duckdb
import pandas as pd

from . import schema
from .filecache import FileCache
from .io import Inputs, SourceFile, read_call
from .sql import load_sql, quote_ident
from .staging import REFERENCE_COLUMNS, billing_select, parse_failure_expr, typed_expr

PARSE_FRAME_LIMIT = 10_000
GROUPED_PARSE_KINDS = ("json", "timestamp")    # parsed once per distinct value (see billing_parse_batches)


@dataclass
class Batch:
    """One frame to validate against the expectations of `dataset` tagged with `kind`."""
    dataset: str                      # billing | ownership | usage_metrics | budgets
    kind: str                         # schema | rows | parse | files | currencies | duplicates | periods
    label: str                        # names the batch in messages and Data Docs
    frame: pd.DataFrame
    files: tuple[str, ...]            # the files it covers (rows carry `_file` when several)
    columns: frozenset[str] = field(default_factory=frozenset)  # columns those files carry

    @property
    def weighted(self) -> bool:
        return "_rows" in self.frame.columns


def _relative(inputs: Inputs) -> str:
    """SQL for a row's file name relative to the data folder."""
    return f"substr(source_path, {len(str(inputs.data_dir)) + 2})"


def billing_schema_batches(inputs: Inputs) -> Iterator[Batch]:
    """A zero-row frame per file schema: which FOCUS columns the files carry."""
    for group in inputs.groups():
        cols = list(group[0].focus_columns)
        yield Batch("billing", "schema", _group_label(group), pd.DataFrame(columns=cols),
                    tuple(f.name for f in group), frozenset(cols))


def billing_row_batches(con: duckdb.DuckDBPyConnection, inputs: Inputs, raw_views: list[str],
                        needed: set[str], batch_rows: int) -> Iterator[Batch]:
    """The billing rows, typed, with only `needed` columns, `batch_rows` at a time."""
    for group, view in zip(inputs.groups(), raw_views):
        mapping = group[0].focus_columns
        present = [c for c in schema.COLUMNS if c.name in mapping and c.name in needed]
        if not present:               # nothing for a row check to read
            continue
        exprs = [f"{_relative(inputs)} AS _file"]
        for column in present:
            expr = typed_expr(column, mapping[column.name], group[0].source_type(mapping[column.name]))
            if column.kind == "decimal":   # validation needs no exact decimals; pandas handles floats fast
                expr = f"CAST({expr} AS DOUBLE)"
            exprs.append(f"{expr} AS {quote_ident(column.name)}")
        query = f"SELECT {', '.join(exprs)} FROM {view}"
        reader = _arrow_reader(con.sql(query), batch_rows)
        files = tuple(f.name for f in group)
        for i, record_batch in enumerate(reader):
            frame = record_batch.to_pandas()
            yield Batch("billing", "rows", f"{_group_label(group)} rows part {i + 1}", frame, files,
                        frozenset(mapping))


def billing_value_batches(con: duckdb.DuckDBPyConnection, inputs: Inputs, needed: set[str],
                          cache: FileCache) -> Iterator[Batch]:
    """The distinct combinations, per file, of the columns `needed` by the row checks, with
    `_rows`: how many charge rows each combination stands for. Text columns keep their
    values, date-times are typed, and money columns become their sign (NULL, -1, 0 or 1):
    all a blank, zero or sign check needs, so allowed values, blanks, period order and
    category pairs are judged on a few thousand lines instead of every row.
    `EffectiveCost_amount` keeps the largest EffectiveCost of each line for examples.
    Each file's lines come from the file cache when the file has not changed."""
    for group in inputs.groups():
        sqls = [_value_sql(f, inputs, needed) for f in group]
        if sqls[0] is None:
            continue
        frame = con.execute(_union(cache.relation(con, f, "values", sql) for f, sql in zip(group, sqls))).df()
        yield Batch("billing", "values", f"{_group_label(group)} values", frame,
                    tuple(f.name for f in group), frozenset(group[0].focus_columns))


def _value_sql(source: SourceFile, inputs: Inputs, needed: set[str]) -> str | None:
    mapping = source.focus_columns
    present = [c for c in schema.COLUMNS if c.name in mapping and c.name in needed]
    if not present:
        return None
    # Group the raw values first (cheap: no casts on every row), then type the few groups.
    inner, outer = [], []
    for c in present:
        src, stype = mapping[c.name], source.source_type(mapping[c.name])
        name = quote_ident(c.name)
        if c.kind == "decimal":
            inner.append(f"sign({typed_expr(c, src, stype)}) AS {name}")
            outer.append(name)
        else:
            inner.append(f"{quote_ident(src)} AS {name}")
            outer.append(f"{typed_expr(c, c.name, stype)} AS {name}")
    amount = ""
    if "EffectiveCost" in mapping and "EffectiveCost" in needed:
        effective = typed_expr(schema.BY_NAME["EffectiveCost"], mapping["EffectiveCost"],
                               source.source_type(mapping["EffectiveCost"]))
        amount = f", CAST(max({effective}) AS DOUBLE) AS EffectiveCost_amount"
        outer.append("max(EffectiveCost_amount) AS EffectiveCost_amount")
    return (f"SELECT _file, {', '.join(outer)}, CAST(sum(_n) AS BIGINT) AS _rows FROM ("
            f"SELECT {_relative(inputs)} AS _file, {', '.join(inner)}{amount}, count(*) AS _n "
            f"FROM {_read(source)} GROUP BY ALL) GROUP BY ALL")


def billing_parse_batches(con: duckdb.DuckDBPyConnection, inputs: Inputs, cache: FileCache) -> Iterator[Batch]:
    """Values in text columns that do not parse as the FOCUS type: one line per file and
    distinct bad value (typed Parquet columns cannot hold such values and are skipped).
    Date-times and JSON repeat (hours, tag sets), so they are grouped before they are parsed:
    a JSON check per distinct Tags text, not per row; amounts rarely repeat and are parsed
    row by row. Each file's lines come from the file cache when the file has not changed."""
    for group in inputs.groups():
        grouped, per_row = _parse_failures(group[0])
        if not grouped and not per_row:
            continue
        parts = []
        for f in group:
            for kind, sql in _parse_sqls(f, inputs).items():
                parts.append(cache.relation(con, f, kind, sql))
        order = ", ".join(quote_ident(name) for name in [*grouped, *per_row])
        frame = con.execute(f"SELECT * FROM ({_union(parts, by_name=True)}) "
                            f"ORDER BY _rows DESC, _file, {order} LIMIT {PARSE_FRAME_LIMIT}").df()
        yield Batch("billing", "parse", f"{_group_label(group)} values",
                    frame.reindex(columns=["_file", *grouped, *per_row, "_rows"]),
                    tuple(f.name for f in group), frozenset(grouped) | frozenset(per_row))


def _parse_failures(source: SourceFile) -> tuple[dict, dict]:
    """{column: (source column, SQL of its unparsable text)}, for the columns parsed once per
    distinct value and for those parsed row by row."""
    grouped, per_row = {}, {}
    for name, src in source.focus_columns.items():
        column = schema.BY_NAME[name]
        expr = parse_failure_expr(column, src, source.source_type(src))
        if expr:
            (grouped if column.kind in GROUPED_PARSE_KINDS else per_row)[name] = (src, expr)
    return grouped, per_row


def _parse_sqls(source: SourceFile, inputs: Inputs) -> dict[str, str]:
    grouped, per_row = _parse_failures(source)
    out = {}
    if grouped:
        sources = ", ".join(dict.fromkeys(quote_ident(src) for src, _ in grouped.values()))
        out["parse-values"] = _failures_sql(inputs, grouped, f"(SELECT source_path, {sources}, count(*) AS _n "
                                                             f"FROM {_read(source)} GROUP BY ALL)", "sum(_n)")
    if per_row:
        out["parse-rows"] = _failures_sql(inputs, per_row, _read(source), "count(*)")
    return out


def _failures_sql(inputs: Inputs, fails: dict[str, tuple[str, str]], source: str, rows: str) -> str:
    select = ", ".join(f"{expr} AS {quote_ident(name)}" for name, (_, expr) in fails.items())
    where = " OR ".join(f"({expr}) IS NOT NULL" for _, expr in fails.values())
    order = ", ".join(quote_ident(name) for name in fails)          # ties in a stable order
    return (f"SELECT {_relative(inputs)} AS _file, {select}, CAST({rows} AS BIGINT) AS _rows "
            f"FROM {source} WHERE {where} GROUP BY ALL "
            f"ORDER BY _rows DESC, _file, {order} LIMIT {PARSE_FRAME_LIMIT}")


def billing_profile(con: duckdb.DuckDBPyConnection, inputs: Inputs, cache: FileCache) -> pd.DataFrame:
    """validation/billing_profile over every file (each file's lines cached while it is unchanged)."""
    prefix = str(inputs.data_dir) + "/"
    template = load_sql("validation/billing_profile")
    parts = [cache.relation(con, f, "profile", template.format(rows=f"({billing_select([f], _read(f), prefix)})"))
             for f in inputs.billing]
    return con.execute(_union(parts)).df()


def _read(source: SourceFile) -> str:
    return read_call([source.path], source.format)


def _union(relations, by_name: bool = False) -> str:
    glue = "\nUNION ALL BY NAME\n" if by_name else "\nUNION ALL\n"
    return glue.join(f"SELECT * FROM {r}" for r in relations)


def billing_folder_batches(con: duckdb.DuckDBPyConnection, inputs: Inputs, sha256: dict[str, str],
                           profile: pd.DataFrame) -> Iterator[Batch]:
    """Checks across files: each file once, one currency, no duplicated rows, no gaps."""
    names = tuple(f.name for f in inputs.billing)
    rows = profile.groupby("source_file")["row_count"].sum()
    files = pd.DataFrame({"_file": list(names), "sha256": [sha256[n] for n in names],
                          "rows": [int(rows.get(n, 0)) for n in names]})
    yield Batch("billing", "files", "billing files", files, names, frozenset(files.columns))

    currencies = (profile.groupby(["source_file", "currency"], dropna=False)["row_count"].sum()
                  .reset_index().rename(columns={"source_file": "_file", "currency": "BillingCurrency",
                                                 "row_count": "_rows"}))
    yield Batch("billing", "currencies", "billing currencies", currencies, names,
                frozenset(currencies.columns))

    yield Batch("billing", "duplicates", "billing rows repeated across files",
                _duplicates(con, profile), names, frozenset({"_file", "duplicate_of", "_rows"}))

    periods = _periods(profile)
    yield Batch("billing", "periods", "billing months per provider", periods, names,
                frozenset(periods.columns))


def _duplicates(con: duckdb.DuckDBPyConnection, profile: pd.DataFrame) -> pd.DataFrame:
    keyed = profile.dropna(subset=["billing_month"])[["source_file", "provider", "billing_month"]].drop_duplicates()
    shared = keyed.groupby(["provider", "billing_month"])["source_file"].transform("nunique") > 1
    candidates = sorted(keyed.loc[shared, "source_file"].unique())
    if not candidates:
        return pd.DataFrame({"_file": pd.Series(dtype=str), "duplicate_of": pd.Series(dtype=str),
                             "_rows": pd.Series(dtype="int64")})
    return con.execute(load_sql("validation/billing_duplicates"), {"files": candidates}).df()


def _periods(profile: pd.DataFrame) -> pd.DataFrame:
    months = (profile.dropna(subset=["billing_month"])[["provider", "billing_month"]]
              .drop_duplicates().sort_values(["provider", "billing_month"]))
    months["billing_month"] = pd.to_datetime(months["billing_month"])
    prev = months.groupby("provider", dropna=False)["billing_month"].shift()
    gap = (months["billing_month"].dt.year - prev.dt.year) * 12 + (months["billing_month"].dt.month - prev.dt.month)
    missing = [
        f"{p}: {(a + pd.DateOffset(months=1)):%Y-%m}" + (f" to {(b - pd.DateOffset(months=1)):%Y-%m}" if g > 2 else "")
        if pd.notna(g) and g > 1 else None
        for p, a, b, g in zip(months["provider"], prev, months["billing_month"], gap)
    ]
    return pd.DataFrame({
        "provider": months["provider"].astype(str).to_numpy(),
        "billing_month": months["billing_month"].dt.strftime("%Y-%m").to_numpy(),
        "months_since_previous": gap.astype("Int64").to_numpy(),
        "missing_months": missing,
        "_rows": (gap.fillna(1) - 1).clip(lower=0).astype("int64").to_numpy(),
    })


def reference_batches(con: duckdb.DuckDBPyConnection, inputs: Inputs, key: str,
                      columns: list[str], has_stg_ownership: bool) -> Iterator[Batch]:
    """Schema and rows batches for one optional CSV (ownership, usage_metrics, budgets)."""
    path = inputs.optional(key)
    name = path.relative_to(inputs.data_dir).as_posix()
    yield Batch(key, "schema", name, pd.DataFrame(columns=columns), (name,), frozenset(columns))
    required = set(REFERENCE_COLUMNS[key])
    query = "SELECT * FROM raw_" + key
    if required <= set(columns):
        if key == "ownership":
            query = load_sql("validation/ownership_rows")
        elif key == "budgets" and has_stg_ownership:
            query = load_sql("validation/budgets_rows")
    frame = con.execute(query).df()
    yield Batch(key, "rows", name, frame, (name,), frozenset(frame.columns))


def _group_label(group) -> str:
    if len(group) == 1:
        return group[0].name
    return f"{group[0].name} and {len(group) - 1} more {group[0].format} files"


def _arrow_reader(relation, batch_rows: int):
    """A stream of Arrow record batches (DuckDB 1.4+ `to_arrow_reader`, older `fetch_record_batch`)."""
    if hasattr(relation, "to_arrow_reader"):
        return relation.to_arrow_reader(batch_rows)
    return relation.fetch_record_batch(batch_rows)
