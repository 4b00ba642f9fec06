"""One place opens DuckDB over a data folder: `open_warehouse(data_dir)`.

Views over the files, no copies: raw_billing_N (files) -> stg_billing (typed FOCUS 1.2,
one row per charge) and stg_billing__grouped (each file schema's rows grouped on their raw
values, then typed) -> stg_billing__rolled_up (summed over what only a resource has) ->
stg_billing__tags -> int_tags__parsed / int_tags__resolved (each distinct Tags object
parsed once) -> int_charges__rolled_up (month, day, canonical tags, compliance, owner) ->
int_charges__monthly (the same by month, no days: what month-grain marts read; owners
resolved on stg_billing__monthly, the roll-up by month) ->
int_charges__pooled(_monthly) (+ the shared-cost pool a charge joins, if any, by a CASE
written from finops.yaml's pools). Charge periods within one UTC day roll up as that day,
so hourly exports cost no more than daily ones past the scan. int_charges__owned is
the same owner resolution on the charge rows themselves, for resource-level questions.
Optional inputs become stg_ownership, stg_usage_metrics and stg_budgets, empty when the
file is absent.

`Warehouse.materialize()` computes the roll-up with its owners once (one scan of the
billing rows) and keeps it, and its monthly sum, as tables, in memory, or in a DuckDB file in a cache folder
that a pack's notebooks attach read-only; every analysis after it reads thousands of rows
instead of millions.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd

from .config import Config, load_config
from .errors import InputError
from .io import Inputs, connect, create_raw_views, describe_csv, discover_inputs
from .sql import create_macro, create_view, quote_literal, run_sql
from .filecache import file_cache
from .staging import (REFERENCE_COLUMNS, ROLLUP_OUTPUT, create_config_tables,
                      create_empty_reference, create_pooled_views, create_stg_billing, resummed,
                      rollup_is_grouped, rollup_sql)

MODEL_VIEWS = (
    "stg_ownership", "stg_usage_metrics", "stg_budgets", "stg_billing__tags",
    "int_tags__parsed", "int_tags__resolved", "int_charges__owned", "int_charges__rolled_up",
    "stg_billing__monthly", "int_charges__monthly",
)
ROLLUP = "stg_billing__rolled_up"
OWNED = "int_charges__rolled_up"
MONTHLY = "int_charges__monthly"
TAGS = "stg_billing__tags"
ROLLUP_COLUMNS_SQL = ", ".join(ROLLUP_OUTPUT)   # the roll-up as a projection of the owned table
CACHE_DB = "rollup"                # the attached database that holds ROLLUP and OWNED
CACHE_FILE = "rollup.duckdb"
CACHE_ENV = "FINOPS_CACHE_DIR"   # a pack points its notebooks at the roll-up it computed


@dataclass
class Warehouse:
    """A DuckDB connection with every input of one data folder as views."""
    con: duckdb.DuckDBPyConnection
    inputs: Inputs
    config: Config
    materialized: bool = False

    def materialize(self, cache_dir: Path | str | None = None) -> None:
        """Compute the billing roll-up and its owners once (one scan of the billing rows),
        or attach them from `cache_dir` (default $FINOPS_CACHE_DIR) when it holds those of
        these very files and this ownership and tag configuration; an empty or stale cache
        folder is filled. With a cache they live in a DuckDB file there, compressed, that
        every notebook of a pack attaches read-only (no copy per kernel); else in memory (DuckDB
        spills it to duckdb.temp_dir above its memory limit).

        Each billing file's own roll-up is read from the file cache (finops.yaml cache_dir)
        when every file has one; a pack's build (with `cache_dir`) writes the missing ones,
        which costs it a few tenths of a second per 10M rows and saves the next pack the scan
        of every unchanged file. An ad hoc run (no `cache_dir`) does not write them."""
        cache_dir = cache_dir or os.environ.get(CACHE_ENV)
        folder = Path(cache_dir) if cache_dir else None
        if folder is not None and self._cached_rollup(folder) is not None:
            self._attach(folder / CACHE_FILE, read_only=True)
            return
        if folder is None:
            self._attach(None, read_only=False)
            self._build(fill_file_cache=False)
            return
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".{CACHE_FILE}.{os.getpid()}"
        tmp.unlink(missing_ok=True)
        try:
            self._attach(tmp, read_only=False)
            self._build(fill_file_cache=True)
            self.con.execute(f"DETACH {CACHE_DB}")
            tmp.replace(folder / CACHE_FILE)
        finally:
            tmp.unlink(missing_ok=True)
        (folder / "fingerprint.json").write_text(json.dumps(self.fingerprint()))
        self._attach(folder / CACHE_FILE, read_only=True)

    def _attach(self, path: Path | None, read_only: bool) -> None:
        """Attach the roll-up database (a file, or memory) and, when it is already built,
        point the roll-up views at it."""
        self.con.execute(f"DETACH DATABASE IF EXISTS {CACHE_DB}")
        target = quote_literal(str(path)) if path else "':memory:'"
        self.con.execute(f"ATTACH {target} AS {CACHE_DB}" + (" (READ_ONLY)" if read_only else ""))
        if read_only:
            self._point_views()

    def _build(self, fill_file_cache: bool) -> None:
        """Each file's roll-up (from the file cache, or scanned and kept there), the distinct
        tag sets (one pass over the Tags column), then one table: the roll-up with its owners
        (int_charges__rolled_up); the roll-up itself (stg_billing__rolled_up) becomes the
        projection of its columns. Written to a file, the tables are compressed when it is
        detached."""
        from_file_cache = self._read_file_rollups(fill_file_cache)
        self.con.execute(f"CREATE TABLE {CACHE_DB}.{TAGS} AS SELECT * FROM {TAGS}")
        self.con.execute(f"CREATE OR REPLACE VIEW {TAGS} AS SELECT * FROM {CACHE_DB}.{TAGS}")
        # By month, owners resolved on the month's lines: from the files' cached roll-ups when
        # the roll-up reads them (cheaper than the table while it fills memory), else from the
        # table once built (the billing rows are scanned once).
        if from_file_cache:
            self.con.execute(f"CREATE TABLE {CACHE_DB}.{MONTHLY} AS SELECT * FROM {MONTHLY}")
        self.con.execute(f"CREATE TABLE {CACHE_DB}.{OWNED} AS SELECT * FROM owned_charges('{ROLLUP}')")
        self.con.execute(f"CREATE OR REPLACE VIEW {ROLLUP} AS SELECT {ROLLUP_COLUMNS_SQL} FROM {CACHE_DB}.{OWNED}")
        if not from_file_cache:
            self.con.execute(f"CREATE TABLE {CACHE_DB}.{MONTHLY} AS SELECT * FROM {MONTHLY}")
        self._point_views()

    def _read_file_rollups(self, fill: bool) -> bool:
        """With a file cache, the roll-up reads each billing file's own roll-up, computed once
        per file (a month's export is scanned once, not at every pack); `fill` computes the
        missing ones, else the cache is used only when it holds every file. A file's lines
        pass through as they are when no other file holds its provider, billing account and
        billing period (they cannot share a line) and its typing merged nothing; the others
        are summed again together. A year of monthly files is thus read, not re-aggregated.
        True when the roll-up now reads the cached roll-ups."""
        cache = file_cache(self.config.cache_dir)
        if cache.folder is None:
            return False
        sqls = {f.name: rollup_sql(f) for f in self.inputs.billing}
        if not fill and not all(cache.entry(f, "rollup", sqls[f.name]).is_file() for f in self.inputs.billing):
            return False
        parts = {f.name: cache.relation(self.con, f, "rollup", sqls[f.name]) for f in self.inputs.billing}
        owners: dict[tuple, set[str]] = {}
        for f in self.inputs.billing:
            for key in self.con.execute(f"SELECT DISTINCT ProviderName, BillingAccountId, BillingPeriodStart "
                                        f"FROM {parts[f.name]}").fetchall():
                owners.setdefault(key, set()).add(f.name)
        shared = {name for names in owners.values() if len(names) > 1 for name in names}
        unique = [f.name for f in self.inputs.billing if f.name not in shared and rollup_is_grouped([[f]])]
        _define_rollup(self.con, [parts[n] for n in unique], [parts[n] for n in parts if n not in unique])
        return True

    def _point_views(self) -> None:
        self.con.execute(f"CREATE OR REPLACE VIEW {TAGS} AS SELECT * FROM {CACHE_DB}.{TAGS}")
        self.con.execute(f"CREATE OR REPLACE VIEW {OWNED} AS SELECT * FROM {CACHE_DB}.{OWNED}")
        self.con.execute(f"CREATE OR REPLACE VIEW {MONTHLY} AS SELECT * FROM {CACHE_DB}.{MONTHLY}")
        self.con.execute(f"CREATE OR REPLACE VIEW {ROLLUP} AS SELECT {ROLLUP_COLUMNS_SQL} FROM {CACHE_DB}.{OWNED}")
        self.materialized = True

    def fingerprint(self) -> dict:
        """What the cached tables depend on: each billing file's name, size and modification
        time, the same of ownership.csv, and the tag configuration that decides owners."""
        def stamp(path: Path) -> list[int]:
            st = path.stat()
            return [st.st_size, st.st_mtime_ns]
        ownership = self.inputs.optional("ownership")
        tags = [[k.name, list(k.aliases), sorted(k.value_aliases.items()), sorted(k.allowed or ())]
                for k in self.config.tag_keys]
        fingerprint = {"billing": {f.name: stamp(f.path) for f in self.inputs.billing},
                       "ownership": stamp(ownership) if ownership else None,
                       "tags": [tags, sorted(self.config.required_tags)]}
        return json.loads(json.dumps(fingerprint))     # as it reads back from the cache

    def _cached_rollup(self, folder: Path) -> Path | None:
        path, stamp = folder / CACHE_FILE, folder / "fingerprint.json"
        if path.is_file() and stamp.is_file() and json.loads(stamp.read_text()) == self.fingerprint():
            return path
        return None

    def query(self, model: str, **params) -> pd.DataFrame:
        """Run a SQL model (e.g. "marts/cost_by_team_month") with bound parameters; the
        first query materializes the roll-up the marts read."""
        if not self.materialized:
            self.materialize()
        return run_sql(self.con, model, **params)

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> "Warehouse":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def latest_complete_month(wh: Warehouse) -> date:
    """The newest billing month whose usage reaches its last day (else the newest month);
    from the roll-up once it is built (thousands of rows), else from the charge rows."""
    rows, end = ("stg_billing__rolled_up", "latest_charge_end") if wh.materialized else ("stg_billing", "ChargePeriodEnd")
    row = wh.con.execute(f"""
        SELECT max(billing_month) FROM (
            SELECT CAST(date_trunc('month', BillingPeriodStart) AS DATE) AS billing_month,
                   max(CAST({end} AS DATE)) AS last_end
            FROM {rows} WHERE ChargeCategory = 'Usage' GROUP BY 1)
        WHERE last_end >= billing_month + INTERVAL 1 MONTH""").fetchall()[0]
    if row is None or row[0] is None:
        row = wh.con.execute(f"SELECT CAST(date_trunc('month', max(BillingPeriodStart)) AS DATE) FROM {rows}").fetchall()[0]
    return row[0]


def alive(pid: int) -> bool:
    """Whether a process of this machine still runs (for files named after their process)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _fills() -> dict[str, dict[str, str]]:
    """The models whose select list is generated: both sum roll-up lines again."""
    return {ROLLUP: {"resummed": resummed()},
            "stg_billing__monthly": {"resummed": resummed(drop=("ChargePeriodStart", "ChargePeriodEnd"))}}


def _define_rollup(con: duckdb.DuckDBPyConnection, unique: list[str], overlapping: list[str]) -> None:
    """stg_billing__rolled_up (sql/staging) over two views of roll-up lines: the parts that
    are the roll-up already (stg_billing__unique) and those summed again together
    (stg_billing__overlapping), each a UNION ALL of relations (empty when there are none)."""
    for view, relations in (("stg_billing__unique", unique), ("stg_billing__overlapping", overlapping)):
        body = "\nUNION ALL\n".join(f"SELECT * FROM {r}" for r in relations) or "SELECT * FROM stg_billing__grouped WHERE false"
        con.execute(f"CREATE OR REPLACE VIEW {view} AS\n{body}")
    create_view(con, ROLLUP, fill=_fills()[ROLLUP])


def open_warehouse(data_dir: Path | str | None = None, config: Config | None = None,
                   con: duckdb.DuckDBPyConnection | None = None) -> Warehouse:
    """Open DuckDB over `data_dir` (default: finops.yaml's data_dir) and create the views."""
    config = config or load_config()
    data_dir = Path(data_dir or config.data_dir).resolve()
    con = con or connect(config.memory_limit, config.threads, config.temp_dir)
    inputs = discover_inputs(data_dir, con)
    raw_views = create_raw_views(con, inputs)
    for key, required in REFERENCE_COLUMNS.items():
        path = inputs.optional(key)
        if path is None:
            create_empty_reference(con, key)
            continue
        present = {c.strip().lower() for c in describe_csv(path, con, data_dir)}
        missing = [c for c in required if c not in present]
        if missing:
            raise InputError(f"{path.name} lacks the column {missing[0]!r}", file=path.name, column=missing[0],
                             hint=f"{path.name} needs the columns {', '.join(required)}")
    create_stg_billing(con, inputs, raw_views)
    create_config_tables(con, config)
    # Without the file cache, each schema group's lines (stg_billing__grouped) are the roll-up
    # when there is one group whose typing merges nothing; else they are summed again.
    if rollup_is_grouped(inputs.groups()):
        _define_rollup(con, ["stg_billing__grouped"], [])
    else:
        _define_rollup(con, [], ["stg_billing__grouped"])
    for view in MODEL_VIEWS:
        if view == "int_charges__owned":
            create_macro(con, "owned_charges", "charges", "intermediate/owned_charges")
        create_view(con, view, fill=_fills().get(view))
    create_pooled_views(con, config.pools)
    return Warehouse(con=con, inputs=inputs, config=config)
