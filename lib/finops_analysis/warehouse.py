"""One place opens DuckDB over a data folder: `open_warehouse(data_dir)`.

Views over the files, no copies: raw_billing_N (files) -> stg_billing (typed FOCUS 1.2,
one row per charge) -> stg_billing__rolled_up (summed over what only a resource has) ->
int_tags__parsed / int_tags__resolved (each distinct Tags object parsed once) ->
int_charges__rolled_up (month, day, canonical tags, compliance, owner) ->
int_charges__pooled (+ the shared-cost pool a charge joins, if any). int_charges__owned is
the same owner resolution on the charge rows themselves, for resource-level questions.
Optional inputs become stg_ownership, stg_usage_metrics and stg_budgets, empty when the
file is absent.

`Warehouse.materialize()` computes the roll-up once (one scan of the billing rows) and
keeps it as a table, or reads it from a cache folder a pack shares between its notebooks,
so every analysis after it reads thousands of rows instead of millions.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from .config import Config, load_config
from .errors import InputError
from .io import Inputs, connect, create_raw_views, describe_csv, discover_inputs
from .sql import create_macro, create_view, quote_literal, run_sql
from .staging import (REFERENCE_COLUMNS, create_config_tables, create_empty_reference,
                      create_stg_billing)

MODEL_VIEWS = (
    "stg_ownership", "stg_usage_metrics", "stg_budgets", "stg_billing__rolled_up",
    "int_tags__parsed", "int_tags__resolved", "int_charges__owned", "int_charges__rolled_up",
    "int_charges__pooled",
)
ROLLUP = "stg_billing__rolled_up"
CACHE_ENV = "FINOPS_CACHE_DIR"   # a pack points its notebooks at the roll-up it computed


@dataclass
class Warehouse:
    """A DuckDB connection with every input of one data folder as views."""
    con: duckdb.DuckDBPyConnection
    inputs: Inputs
    config: Config
    materialized: bool = False

    def materialize(self, cache_dir: Path | str | None = None) -> None:
        """Compute the billing roll-up once and keep it (a temporary table), or read it from
        `cache_dir` (default $FINOPS_CACHE_DIR) when it holds the roll-up of these very files;
        an empty cache folder is filled. The owned roll-up over it is kept as a table too."""
        cache_dir = cache_dir or os.environ.get(CACHE_ENV)
        rollup = self._cached_rollup(Path(cache_dir)) if cache_dir else None
        if rollup is None:
            self.con.execute(f"CREATE OR REPLACE TEMP TABLE {ROLLUP}_t AS SELECT * FROM {ROLLUP}")
            if cache_dir:
                self._write_cache(Path(cache_dir))
        else:
            self.con.execute(f"CREATE OR REPLACE TEMP TABLE {ROLLUP}_t AS SELECT * FROM read_parquet({quote_literal(str(rollup))})")
        self.con.execute(f"CREATE OR REPLACE VIEW {ROLLUP} AS SELECT * FROM {ROLLUP}_t")
        self.con.execute("CREATE OR REPLACE TEMP TABLE int_charges__rolled_up_t AS SELECT * FROM owned_charges('stg_billing__rolled_up')")
        self.con.execute("CREATE OR REPLACE VIEW int_charges__rolled_up AS SELECT * FROM int_charges__rolled_up_t")
        self.materialized = True

    def fingerprint(self) -> dict:
        """What the roll-up depends on: each billing file's name, size and modification time."""
        return {f.name: [f.path.stat().st_size, f.path.stat().st_mtime_ns] for f in self.inputs.billing}

    def _cached_rollup(self, folder: Path) -> Path | None:
        path, stamp = folder / f"{ROLLUP}.parquet", folder / "fingerprint.json"
        if path.is_file() and stamp.is_file() and json.loads(stamp.read_text()) == self.fingerprint():
            return path
        return None

    def _write_cache(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".{ROLLUP}.{os.getpid()}.parquet"
        self.con.execute(f"COPY {ROLLUP}_t TO {quote_literal(str(tmp))} (FORMAT parquet)")
        tmp.replace(folder / f"{ROLLUP}.parquet")
        (folder / "fingerprint.json").write_text(json.dumps(self.fingerprint()))

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
    for view in MODEL_VIEWS:
        if view == "int_charges__owned":
            create_macro(con, "owned_charges", "charges", "intermediate/owned_charges")
        create_view(con, view)
    return Warehouse(con=con, inputs=inputs, config=config)
