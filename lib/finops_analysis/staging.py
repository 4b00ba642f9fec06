"""The staging layer: typed FOCUS 1.2 views over the raw files, and the configuration
tables the intermediate SQL joins against.

`stg_billing` and `stg_billing__grouped` are generated rather than read from a .sql file
because their projections depend on each file's own columns (FOCUS 1.0/1.1/1.2 names, CSV
text or typed Parquet). Everything after them is plain SQL in `sql/`.
"""
from __future__ import annotations

import duckdb

from . import schema
from .config import Config
from .io import Inputs, SourceFile, read_call
from .sql import create_view, quote_ident, quote_literal

# FOCUS Date/Time values are ISO 8601 (UTC). Anything else, e.g. "5/1/25", is refused rather
# than guessed: DuckDB would read that as the year 5.
ISO_TIMESTAMP = r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?)?\s*(Z|z|[+-]\d{2}(:?\d{2})?)?$"
NUMERIC_TYPES = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT",
                 "UINTEGER", "UBIGINT", "UHUGEINT", "FLOAT", "DOUBLE", "REAL", "DECIMAL")

# The billing roll-up (sql/staging/stg_billing__rolled_up.sql): the charges summed over what
# only a resource has (its id, name, type and zone, the charge description, split-cost and
# capacity-reservation details), keeping every column an analysis groups by.
ROLLUP_KEYS: tuple[str, ...] = (
    "BillingPeriodStart", "BillingPeriodEnd", "ChargePeriodStart", "ChargePeriodEnd",
    "ProviderName", "PublisherName", "InvoiceIssuerName",
    "BillingAccountId", "BillingAccountName", "BillingAccountType", "BillingCurrency", "InvoiceId",
    "SubAccountId", "SubAccountName", "SubAccountType", "RegionId", "RegionName",
    "ServiceName", "ServiceCategory", "ServiceSubcategory",
    "SkuId", "SkuPriceId", "SkuPriceDetails", "PricingUnit", "ConsumedUnit", "ListUnitPrice", "ContractedUnitPrice",
    "ChargeCategory", "ChargeClass", "ChargeFrequency", "PricingCategory",
    "CommitmentDiscountId", "CommitmentDiscountName", "CommitmentDiscountType", "CommitmentDiscountCategory",
    "CommitmentDiscountStatus", "CommitmentDiscountUnit",
    "Tags",
)
ROLLUP_SUMS: tuple[str, ...] = ("BilledCost", "EffectiveCost", "ListCost", "ContractedCost",
                                "PricingQuantity", "ConsumedQuantity", "CommitmentDiscountQuantity")
# how many charge rows carry a value, for the "every row has it" checks that run on sums
ROLLUP_PRESENCE: dict[str, str] = {"list_cost_rows": "ListCost", "contracted_cost_rows": "ContractedCost",
                                   "commitment_quantity_rows": "CommitmentDiscountQuantity"}
ROLLUP_COLUMNS: tuple[str, ...] = ROLLUP_KEYS + ROLLUP_SUMS   # what the roll-up reads of the files
# every column of the roll-up, in order: its keys, sums, counts and the newest charge end
ROLLUP_OUTPUT: tuple[str, ...] = ROLLUP_KEYS + ROLLUP_SUMS + ("row_count", *ROLLUP_PRESENCE, "latest_charge_end")
EXACT_SCALE = int(schema.DECIMAL_TYPE.split(",")[1].strip(" )"))   # 10: the scale money is kept at


def resummed(drop: tuple[str, ...] = ()) -> str:
    """SELECT list that sums roll-up lines again (with GROUP BY ALL): every column but the
    measures and `drop` kept as a key, the measures summed, the counts as BIGINT and the
    newest charge end kept. Filled into stg_billing__rolled_up and int_charges__monthly."""
    counts = ("row_count", *ROLLUP_PRESENCE)
    measures = ", ".join((*drop, *ROLLUP_SUMS, *counts, "latest_charge_end"))
    sums = [f"sum({quote_ident(c)}) AS {quote_ident(c)}" for c in ROLLUP_SUMS]
    sums += [f"CAST(sum({c}) AS BIGINT) AS {c}" for c in counts]
    return ",\n    ".join([f"* EXCLUDE ({measures})", *sums, "max(latest_charge_end) AS latest_charge_end"])

REFERENCE_COLUMNS: dict[str, tuple[str, ...]] = {
    "ownership": ("rule_type", "match_key", "match_value", "team", "cost_center", "business_unit"),
    "usage_metrics": ("date", "product", "metric", "value"),
    "budgets": ("month", "cost_center", "amount", "currency"),
}


def is_textual(source_type: str) -> bool:
    return source_type.upper().startswith("VARCHAR")


def typed_expr(column: schema.Column, source: str | None, source_type: str | None) -> str:
    """SQL that turns a file's column into the FOCUS 1.2 column's type (NULL when absent).

    Text that does not parse becomes NULL here; `parse_failure_expr` reports it.
    """
    target = column.duckdb_type
    if source is None:
        return f"CAST(NULL AS {target})"
    q = quote_ident(source)
    stype = (source_type or "VARCHAR").upper()
    if column.kind == "decimal":
        if stype.startswith(NUMERIC_TYPES):
            return f"TRY_CAST({q} AS {target})"
        return f"TRY_CAST(trim(CAST({q} AS VARCHAR)) AS {target})"
    if column.kind == "timestamp":
        # A UTC instant to a naive UTC timestamp through its epoch: as exact as a cast, and
        # some 20 times faster than the time-zone conversion a cast runs on every row.
        if stype.startswith("TIMESTAMP WITH TIME ZONE"):
            return f"make_timestamp(epoch_us({q}))"
        if stype.startswith(("TIMESTAMP", "DATE")):
            return f"CAST({q} AS {target})"
        text = f"trim(CAST({q} AS VARCHAR))"
        return (f"CASE WHEN regexp_full_match({text}, '{ISO_TIMESTAMP}') "
                f"THEN make_timestamp(epoch_us(TRY_CAST({text} AS TIMESTAMPTZ))) END")
    if column.kind == "json" and stype.startswith(("MAP", "STRUCT")):
        return f"CAST(to_json({q}) AS VARCHAR)"
    return f"CAST({q} AS VARCHAR)"


def parse_failure_expr(column: schema.Column, source: str, source_type: str) -> str | None:
    """SQL giving the raw text of a value that did not parse (else NULL), or None when the
    file's type already guarantees the value (a Parquet DECIMAL cannot hold 'n/a')."""
    q = quote_ident(source)
    if column.kind in ("decimal", "timestamp"):
        if not is_textual(source_type):
            return None
        typed = typed_expr(column, source, source_type)
        return f"CASE WHEN {q} IS NOT NULL AND {typed} IS NULL THEN CAST({q} AS VARCHAR) END"
    if column.kind == "json" and is_textual(source_type):
        # CASE, not AND: DuckDB may evaluate json_type on text that is not JSON, which raises.
        is_object = f"CASE WHEN json_valid({q}) THEN json_type({q}) = 'OBJECT' ELSE false END"
        return f"CASE WHEN {q} IS NOT NULL AND NOT {is_object} THEN CAST({q} AS VARCHAR) END"
    return None


def billing_select(group: list[SourceFile], view: str, data_dir_prefix: str) -> str:
    """SELECT of one schema group as typed FOCUS 1.2 columns plus `source_file`."""
    first = group[0]
    mapping = first.focus_columns
    parts = []
    for column in schema.COLUMNS:
        source = mapping.get(column.name)
        stype = first.source_type(source) if source else None
        parts.append(f"{typed_expr(column, source, stype)} AS {quote_ident(column.name)}")
    parts.append(f"substr(source_path, {len(data_dir_prefix) + 1}) AS source_file")
    return "SELECT " + ",\n       ".join(parts) + f"\nFROM {view}"


def _sums_raw(source_type: str) -> bool:
    """Whether a money column of this file type can be summed as it is and typed after: an
    integer, or a DECIMAL no finer than the scale money is kept at (the sum is then the same,
    digit for digit, as the sum of the typed rows). Text and floats are typed row by row."""
    t = source_type.upper()
    if t in ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER"):
        return True
    if t.startswith("DECIMAL(") and "," in t:
        return int(t.split(",")[1].strip(" )")) <= EXACT_SCALE
    return False


US_PER_DAY = 86_400_000_000
PERIOD = ("ChargePeriodStart", "ChargePeriodEnd")


def _usage_day(start_us: str, end_us: str) -> tuple[str, str]:
    """SQL (epoch microseconds) of a charge period with a usage charge's hours widened to its
    UTC day: a period that lies within one day becomes that day, [00:00, 24:00); a longer one
    (a monthly fee, a purchase) stays as it is. Hourly exports roll up by day, as daily ones."""
    within = f"({end_us} - {start_us} <= {US_PER_DAY} AND {start_us} // {US_PER_DAY} = ({end_us} - 1) // {US_PER_DAY})"
    day = f"{start_us} // {US_PER_DAY} * {US_PER_DAY}"
    return (f"CASE WHEN {within} THEN {day} ELSE {start_us} END",
            f"CASE WHEN {within} THEN {day} + {US_PER_DAY} ELSE {end_us} END")


def _epoch_us(expr: str, source_type: str) -> str:
    return f"epoch_us(CAST({expr} AS TIMESTAMP))" if source_type.upper() == "DATE" else f"epoch_us({expr})"


def rollup_select(group: list[SourceFile], view: str) -> str:
    """The roll-up of one schema group: the raw values grouped first (no cast on any of the
    millions of rows where the file's type allows it), then the few groups typed. Typing can
    merge groups (two spellings of one instant in a CSV), so stg_billing__rolled_up sums again.
    Charge periods within a day become the day (see _usage_day); `latest_charge_end` keeps the
    newest ChargePeriodEnd of the line's charges, before that widening."""
    first = group[0]
    mapping = first.focus_columns
    inner, outer = [], []
    start, end = mapping.get("ChargePeriodStart"), mapping.get("ChargePeriodEnd")
    periods_typed = (start is not None and end is not None and not is_textual(first.source_type(start))
                     and not is_textual(first.source_type(end)))
    # the charge period as epoch microseconds: on the raw instants (inner, before grouping)
    # when the file types them, else on the text once typed (outer; the second GROUP BY
    # merges the hours)
    period_us: dict[str, str] = {}
    if start is not None and end is not None:
        for name, source in (("ChargePeriodStart", start), ("ChargePeriodEnd", end)):
            stype = first.source_type(source)
            period_us[name] = (_epoch_us(quote_ident(source), stype) if periods_typed
                               else f"epoch_us({typed_expr(schema.BY_NAME[name], name, stype)})")
        widened = dict(zip(PERIOD, _usage_day(period_us["ChargePeriodStart"], period_us["ChargePeriodEnd"])))
    for name in ROLLUP_KEYS:
        column, source = schema.BY_NAME[name], mapping.get(name)
        if source is None:
            outer.append(f"CAST(NULL AS {column.duckdb_type}) AS {quote_ident(name)}")
            continue
        stype = first.source_type(source)
        if name in period_us and periods_typed:
            inner.append(f"{widened[name]} AS {quote_ident(name)}")
            outer.append(f"make_timestamp({quote_ident(name)}) AS {quote_ident(name)}")
            continue
        inner.append(f"{quote_ident(source)} AS {quote_ident(name)}")
        typed = f"make_timestamp({widened[name]})" if name in period_us else typed_expr(column, name, stype)
        outer.append(f"{typed} AS {quote_ident(name)}")
    for name in ROLLUP_SUMS:
        column, source = schema.BY_NAME[name], mapping.get(name)
        if source is None:
            inner.append(f"CAST(NULL AS {column.duckdb_type}) AS {quote_ident(name)}")
        else:
            stype = first.source_type(source)
            value = quote_ident(source) if _sums_raw(stype) else typed_expr(column, source, stype)
            inner.append(f"sum({value}) AS {quote_ident(name)}")
        outer.append(f"CAST({quote_ident(name)} AS {column.duckdb_type}) AS {quote_ident(name)}")
    inner.append("count(*) AS row_count")
    outer.append("row_count")
    for alias, name in ROLLUP_PRESENCE.items():
        source = mapping.get(name)
        if source is None:
            counted = "NULL"
        else:
            stype = first.source_type(source)
            counted = quote_ident(source) if _sums_raw(stype) else typed_expr(schema.BY_NAME[name], source, stype)
        inner.append(f"count({counted}) AS {alias}")
        outer.append(alias)
    if periods_typed:
        inner.append(f"max({period_us['ChargePeriodEnd']}) AS latest_charge_end")
        outer.append("make_timestamp(latest_charge_end) AS latest_charge_end")
    elif end is not None:
        # the raw end is a key of the inner groups: typed, it is exact per group
        outer.append(f"{typed_expr(schema.BY_NAME['ChargePeriodEnd'], 'ChargePeriodEnd', first.source_type(end))} "
                     "AS latest_charge_end")
    else:
        outer.append("CAST(NULL AS TIMESTAMP) AS latest_charge_end")
    return (f"SELECT {', '.join(outer)}\nFROM (SELECT {', '.join(inner)}\n      FROM {view}\n      GROUP BY ALL)")


def rollup_sql(source: SourceFile) -> str:
    """The roll-up of one billing file on its own (what the file cache keeps of it)."""
    return rollup_select([source], read_call([source.path], source.format))


def rollup_is_grouped(parts: list[list[SourceFile]]) -> bool:
    """Whether the rows of stg_billing__grouped are already the roll-up: one part (a schema
    group, or a file) whose typed keys stay as distinct as their raw values (no date-time or
    number read from text; text and JSON text stay as they are)."""
    if len(parts) != 1:
        return False
    first = parts[0][0]
    mapping = first.focus_columns
    return not any(schema.BY_NAME[k].kind in ("decimal", "timestamp") and is_textual(first.source_type(mapping[k]))
                   for k in ROLLUP_KEYS if k in mapping)


def create_stg_billing(con: duckdb.DuckDBPyConnection, inputs: Inputs, raw_views: list[str]) -> None:
    """stg_billing (every charge row, typed) and stg_billing__grouped (each schema group's
    roll-up, which sql/staging/stg_billing__rolled_up.sql sums across groups)."""
    prefix = str(inputs.data_dir) + "/"
    pairs = list(zip(inputs.groups(), raw_views))
    selects = [billing_select(group, view, prefix) for group, view in pairs]
    con.execute("CREATE OR REPLACE VIEW stg_billing AS\n" + "\nUNION ALL\n".join(selects))
    grouped = [rollup_select(group, view) for group, view in pairs]
    con.execute("CREATE OR REPLACE VIEW stg_billing__grouped AS\n" + "\nUNION ALL\n".join(grouped))


def pool_case(pools) -> str:
    """SQL naming the first pool (in finops.yaml order) whose every match field holds one of
    its values, compared lower-cased; NULL (direct cost) when none does. Pool names and
    values come from finops.yaml and are quoted as SQL literals (views cannot bind them)."""
    whens = []
    for pool in pools:
        conditions = []
        for field, values in pool.match:
            column = "o.team" if field == "team" else f"o.{quote_ident(field)}"
            listed = ", ".join(quote_literal(str(v).lower()) for v in values)
            conditions.append(f"lower({column}) IN ({listed})" if listed else "false")
        whens.append(f"WHEN {' AND '.join(conditions)} THEN {quote_literal(pool.name)}")
    return f"CASE {' '.join(whens)} END" if whens else "CAST(NULL AS VARCHAR)"


POOLED_VIEWS = {"int_charges__pooled": "int_charges__rolled_up", "int_charges__pooled_monthly": "int_charges__monthly"}


def create_pooled_views(con: duckdb.DuckDBPyConnection, pools) -> None:
    """int_charges__pooled and int_charges__pooled_monthly (sql/intermediate/int_charges__pooled)
    with the pools' CASE written in."""
    for view, charges in POOLED_VIEWS.items():
        create_view(con, view, "intermediate/int_charges__pooled", fill={"pool": pool_case(pools), "charges": charges})


def create_empty_reference(con: duckdb.DuckDBPyConnection, key: str) -> None:
    """An absent optional CSV reads as an empty table with the expected columns."""
    cols = ", ".join(f"CAST(NULL AS VARCHAR) AS {quote_ident(c)}" for c in REFERENCE_COLUMNS[key])
    con.execute(f"CREATE OR REPLACE VIEW raw_{key} AS SELECT {cols} WHERE false")


def create_config_tables(con: duckdb.DuckDBPyConnection, config: Config) -> None:
    """Tag keys, aliases, allowed values, required keys and shared-cost pools from
    finops.yaml, as tables the SQL models join against."""
    con.execute("CREATE OR REPLACE TABLE cfg_tag_aliases (tag_key VARCHAR, alias VARCHAR, priority INTEGER)")
    con.execute("CREATE OR REPLACE TABLE cfg_tag_value_aliases (tag_key VARCHAR, raw_value VARCHAR, value VARCHAR)")
    con.execute("CREATE OR REPLACE TABLE cfg_tag_allowed (tag_key VARCHAR, value VARCHAR)")
    con.execute("CREATE OR REPLACE TABLE cfg_required_tags (tag_key VARCHAR)")
    aliases, values, allowed = [], [], []
    for key in config.tag_keys:
        seen = set()
        for priority, alias in enumerate(key.aliases):
            if alias.lower() not in seen:
                seen.add(alias.lower())
                aliases.append((key.name, alias.strip().lower(), priority))
        values += [(key.name, raw, value) for raw, value in key.value_aliases.items()]
        allowed += [(key.name, v) for v in key.allowed or ()]
    if aliases:
        con.executemany("INSERT INTO cfg_tag_aliases VALUES (?, ?, ?)", aliases)
    if values:
        con.executemany("INSERT INTO cfg_tag_value_aliases VALUES (?, ?, ?)", values)
    if allowed:
        con.executemany("INSERT INTO cfg_tag_allowed VALUES (?, ?)", allowed)
    if config.required_tags:
        con.executemany("INSERT INTO cfg_required_tags VALUES (?)", [(k,) for k in config.required_tags])
    # Shared-cost pools: a charge joins the first pool (by priority) all of whose fields match.
    con.execute("CREATE OR REPLACE TABLE cfg_pools (priority INTEGER, pool VARCHAR, rule VARCHAR, "
                "driver VARCHAR, fields INTEGER)")
    con.execute("CREATE OR REPLACE TABLE cfg_pool_rules (pool VARCHAR, field VARCHAR, value VARCHAR)")
    con.execute("CREATE OR REPLACE TABLE cfg_pool_weights (pool VARCHAR, team VARCHAR, weight DOUBLE)")
    if config.pools:
        con.executemany("INSERT INTO cfg_pools VALUES (?, ?, ?, ?, ?)",
                        [(i, p.name, p.rule, p.driver, len(p.match)) for i, p in enumerate(config.pools)])
        con.executemany("INSERT INTO cfg_pool_rules VALUES (?, ?, ?)",
                        [(p.name, field, value) for p in config.pools for field, values in p.match for value in values])
        weights = [(p.name, team, w) for p in config.pools for team, w in p.weights]
        if weights:
            con.executemany("INSERT INTO cfg_pool_weights VALUES (?, ?, ?)", weights)
