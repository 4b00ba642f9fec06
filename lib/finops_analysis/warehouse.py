"""One place opens DuckDB over a data folder: `open_warehouse(data_dir)`.

Views, no copies: raw_billing_N (files) -> stg_billing (typed FOCUS 1.2) ->
int_tags__parsed / int_tags__resolved (each distinct Tags object parsed once) ->
int_charges__owned (month, day, canonical tags, compliance, owner) -> int_charges__pooled
(+ the shared-cost pool a charge joins, if any). Optional inputs
become stg_ownership, stg_usage_metrics and stg_budgets, empty when the file is absent.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from .config import Config, load_config
from .errors import InputError
from .io import Inputs, connect, create_raw_views, describe_csv, discover_inputs
from .sql import create_view, run_sql
from .staging import (REFERENCE_COLUMNS, create_config_tables, create_empty_reference,
                      create_stg_billing)

MODEL_VIEWS = (
    "stg_ownership", "stg_usage_metrics", "stg_budgets",
    "int_tags__parsed", "int_tags__resolved", "int_charges__owned", "int_charges__pooled",
)


@dataclass
class Warehouse:
    """A DuckDB connection with every input of one data folder as views."""
    con: duckdb.DuckDBPyConnection
    inputs: Inputs
    config: Config

    def query(self, model: str, **params) -> pd.DataFrame:
        """Run a SQL model (e.g. "marts/cost_by_team_month") with bound parameters."""
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
        create_view(con, view)
    return Warehouse(con=con, inputs=inputs, config=config)
