"""Reading inputs: the DuckDB connection, the data folder's files and their raw views.

Nothing here copies rows into pandas. Every billing file is described once (its columns
and types); files that share a schema are read together by one `raw_billing_N` view.
The staging layer (`staging.py`) turns those into the typed `stg_billing` view.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import duckdb

from . import schema
from .errors import InputError
from .sql import quote_literal

BILLING_DIR = "billing"
BILLING_SUFFIXES = (".parquet", ".csv", ".csv.gz")

# Optional inputs: file name, and what a report loses without it.
OPTIONAL_INPUTS: dict[str, tuple[str, str]] = {
    "ownership": ("ownership.csv",
                  "owners come from tags only; no ownership rules, cost centers or business units"),
    "usage_metrics": ("usage_metrics.csv", "no unit costs (cost per request, tenant, GB)"),
    "budgets": ("budgets.csv", "no budget comparison"),
}

CSV_OPTIONS = ("all_varchar = true, header = true, delim = ',', quote = '\"', escape = '\"', "
               "nullstr = ['', 'null', 'NULL'], strict_mode = true")


@dataclass(frozen=True)
class SourceFile:
    """One billing export file and how its columns map onto FOCUS 1.2."""
    path: Path
    name: str                                  # relative to the data folder, e.g. billing/aws/2026-10.parquet
    format: str                                # parquet | csv
    columns: tuple[tuple[str, str], ...]       # (source column, DuckDB type)
    mapping: tuple[tuple[str, str], ...]       # (FOCUS 1.2 column, source column)
    focus_version: str

    @property
    def focus_columns(self) -> dict[str, str]:
        return dict(self.mapping)

    def source_type(self, source_column: str) -> str:
        return dict(self.columns)[source_column]

    @property
    def signature(self) -> tuple:
        return (self.format, self.columns)

    def sha256(self) -> str:
        digest = hashlib.sha256()
        with open(self.path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        return digest.hexdigest()


@dataclass(frozen=True)
class Inputs:
    """What a data folder holds: the billing files (required) and the optional CSVs."""
    data_dir: Path
    billing: tuple[SourceFile, ...]
    ownership: Path | None = None
    usage_metrics: Path | None = None
    budgets: Path | None = None

    def optional(self, key: str) -> Path | None:
        return getattr(self, key)

    def absent(self) -> list[tuple[str, str]]:
        """(file name, what is missing without it) for each optional input not present."""
        return [(fname, effect) for key, (fname, effect) in OPTIONAL_INPUTS.items()
                if self.optional(key) is None]

    def groups(self) -> list[list[SourceFile]]:
        """Billing files grouped by identical schema, in file-name order."""
        groups: dict[tuple, list[SourceFile]] = {}
        for f in self.billing:
            groups.setdefault(f.signature, []).append(f)
        return list(groups.values())


def connect(memory_limit: str = "4GB", threads: int | None = None,
            temp_dir: Path | None = None) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB that spills to `temp_dir` above `memory_limit`; times are UTC."""
    config = {"memory_limit": memory_limit, "preserve_insertion_order": False}
    if threads:
        config["threads"] = threads
    if temp_dir is not None:
        Path(temp_dir).mkdir(parents=True, exist_ok=True)
        config["temp_directory"] = str(temp_dir)
    try:
        con = duckdb.connect(":memory:", config=config)
    except duckdb.Error as exc:
        raise InputError(f"cannot start DuckDB with memory_limit={memory_limit!r}: {exc}",
                         file="finops.yaml", hint="set duckdb.memory_limit to a size such as 4GB") from None
    con.execute("SET TimeZone = 'UTC'")
    try:   # no progress bars in reports, logs or pipes
        con.execute("SET enable_progress_bar = false")
    except duckdb.Error:   # inside Jupyter DuckDB refuses to touch the setting without ipywidgets
        pass
    return con


def discover_inputs(data_dir: Path | str, con: duckdb.DuckDBPyConnection) -> Inputs:
    """List and describe the inputs of a data folder; only `billing/` is required."""
    data_dir = Path(data_dir)
    if not data_dir.exists():
        raise InputError("data folder not found", file=data_dir,
                         hint="pass --data with a folder that holds billing/ (the sample is data/sample)")
    if not data_dir.is_dir():
        raise InputError("--data must be a folder, not a file", file=data_dir,
                         hint="point --data at the folder that holds billing/")
    billing_dir = data_dir / BILLING_DIR
    if not billing_dir.is_dir():
        raise InputError("the data folder has no billing/ folder", file=billing_dir,
                         hint="put your FOCUS exports (.parquet, .csv or .csv.gz) in a billing/ folder inside it")
    paths = sorted(p for p in billing_dir.rglob("*")
                   if p.is_file() and p.name.lower().endswith(BILLING_SUFFIXES)
                   and not any(part.startswith((".", "_")) for part in p.relative_to(billing_dir).parts))
    if not paths:
        raise InputError("billing/ holds no .parquet, .csv or .csv.gz files", file=billing_dir,
                         hint="copy your FOCUS cost and usage exports into it")
    billing = tuple(describe_file(p, data_dir, con) for p in paths)
    optional = {key: (data_dir / fname if (data_dir / fname).is_file() else None)
                for key, (fname, _) in OPTIONAL_INPUTS.items()}
    return Inputs(data_dir=data_dir, billing=billing, **optional)


def read_call(paths: list[Path], fmt: str) -> str:
    """The DuckDB table function that reads these files, with a `source_path` column."""
    files = "[" + ", ".join(quote_literal(str(p)) for p in paths) + "]"
    if fmt == "parquet":
        return f"read_parquet({files}, filename = 'source_path')"
    return f"read_csv({files}, {CSV_OPTIONS}, filename = 'source_path')"


def read_csv_call(path: Path) -> str:
    """A small reference CSV (ownership, metrics, budgets), every column as text."""
    return f"read_csv({quote_literal(str(path))}, {CSV_OPTIONS})"


def describe_file(path: Path, data_dir: Path, con: duckdb.DuckDBPyConnection) -> SourceFile:
    fmt = "parquet" if path.name.lower().endswith(".parquet") else "csv"
    name = path.relative_to(data_dir).as_posix()
    try:
        rows = con.execute(f"DESCRIBE SELECT * FROM {read_call([path], fmt)}").fetchall()
    except duckdb.Error as exc:
        kind = "Parquet" if fmt == "parquet" else "CSV"
        raise InputError(f"cannot read this {kind} file: {_first_line(exc)}", file=name,
                         hint=f"re-export it as {kind} (UTF-8, comma-separated with a header row for CSV)") from None
    columns = tuple((r[0], r[1]) for r in rows if r[0] != "source_path")
    names = [c for c, _ in columns]
    if fmt == "csv" and len(names) == 1 and ";" in names[0]:
        raise InputError("this CSV looks semicolon-separated", file=name,
                         hint="export billing CSVs comma-separated, as FOCUS exports are")
    mapping = schema.map_columns(names)
    return SourceFile(path=path, name=name, format=fmt, columns=columns,
                      mapping=tuple(sorted(mapping.items())), focus_version=schema.guess_version(names))


def describe_csv(path: Path, con: duckdb.DuckDBPyConnection, data_dir: Path) -> list[str]:
    """Column names of a reference CSV, or an InputError naming the file."""
    try:
        rows = con.execute(f"DESCRIBE SELECT * FROM {read_csv_call(path)}").fetchall()
    except duckdb.Error as exc:
        raise InputError(f"cannot read this CSV file: {_first_line(exc)}", file=path.relative_to(data_dir).as_posix(),
                         hint="save it as UTF-8, comma-separated, with a header row") from None
    return [r[0] for r in rows]


def create_raw_views(con: duckdb.DuckDBPyConnection, inputs: Inputs) -> list[str]:
    """One `raw_billing_N` view per schema group, plus raw views of the optional CSVs."""
    names = []
    for i, group in enumerate(inputs.groups()):
        view = f"raw_billing_{i}"
        con.execute(f"CREATE OR REPLACE VIEW {view} AS SELECT * FROM "
                    f"{read_call([f.path for f in group], group[0].format)}")
        names.append(view)
    for key in OPTIONAL_INPUTS:
        path = inputs.optional(key)
        if path is not None:
            con.execute(f"CREATE OR REPLACE VIEW raw_{key} AS SELECT * FROM {read_csv_call(path)}")
    return names


def _first_line(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
