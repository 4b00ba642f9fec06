"""SQL lives in `sql/{staging,intermediate,marts}/*.sql`; this module loads and runs it.

Values are always bound as named parameters (`$period`), never formatted into the text.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources

import duckdb
import pandas as pd

from .errors import FinopsError


@lru_cache(maxsize=None)
def load_sql(name: str) -> str:
    """The text of `sql/<name>.sql`, e.g. load_sql("intermediate/int_charges__owned")."""
    path = resources.files("finops_analysis").joinpath("sql", f"{name}.sql")
    if not path.is_file():
        raise FinopsError(f"no SQL model named {name!r}", hint="see lib/finops_analysis/sql/ for the models")
    return path.read_text()


def create_view(con: duckdb.DuckDBPyConnection, name: str, model: str | None = None,
                fill: dict[str, str] | None = None) -> None:
    """CREATE OR REPLACE VIEW <name> from the model file (default: the view's own name); a
    model with `{placeholders}` gets them from `fill`: SQL text made from the configuration
    or the schema's constants, never values from data (those are bound)."""
    folder = {"stg": "staging", "int": "intermediate"}.get(name.split("_", 1)[0], "marts")
    sql = load_sql(model or f"{folder}/{name}")
    if fill:
        sql = sql.format(**fill)
    con.execute(f'CREATE OR REPLACE VIEW "{name}" AS\n{sql}')


def create_macro(con: duckdb.DuckDBPyConnection, name: str, parameters: str, model: str) -> None:
    """CREATE OR REPLACE MACRO <name>(<parameters>) AS TABLE from a model file: a step the
    pipeline applies to more than one relation (it reads them with query_table)."""
    con.execute(f'CREATE OR REPLACE MACRO "{name}"({parameters}) AS TABLE\n{load_sql(model)}')


def run_sql(con: duckdb.DuckDBPyConnection, model: str, **params) -> pd.DataFrame:
    """Run a model with named parameters and return the (small, aggregated) result frame."""
    return con.execute(load_sql(model), params or None).df()


def quote_literal(value: str) -> str:
    """A SQL string literal. Only for file paths in view definitions, which DuckDB cannot
    bind as parameters; data values are always bound."""
    return "'" + str(value).replace("'", "''") + "'"


def quote_ident(name: str) -> str:
    return '"' + str(name).replace('"', '""') + '"'
