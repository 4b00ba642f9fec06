"""Wiring for allocation, compliance and unit economics: run their marts, keep money exact.

`query_exact` runs a SQL model like `Warehouse.query` but hands DECIMAL sums over as exact
`Decimal` values (through Arrow) instead of floats, so totals reconcile to the cent however
large they are. Only small aggregated frames cross into pandas.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .allocation import INVOICE_KEYS, SPREAD_KEYS, allocate_costs
from .config import Pool
from .sql import load_sql
from .staging import create_pooled_views
from .warehouse import Warehouse

DATE_COLUMNS = ("billing_month", "charge_date", "metric_date")


def ensure_pooled_view(wh: Warehouse) -> None:
    """Create the views int_charges__pooled(_monthly) (owned charges + their pool) if missing."""
    views = wh.con.execute("SELECT view_name FROM duckdb_views() WHERE view_name = 'int_charges__pooled'").fetchall()
    if not views:
        create_pooled_views(wh.con, wh.config.pools)


def query_exact(wh: Warehouse, model: str, **params) -> pd.DataFrame:
    """A mart as a frame whose DECIMAL columns hold exact Decimals and dates Timestamps."""
    if not wh.materialized:
        wh.materialize()
    frame = wh.con.sql(load_sql(model), params=params or None).to_arrow_table().to_pandas()
    for column in DATE_COLUMNS:
        if column in frame.columns:
            frame[column] = pd.to_datetime(frame[column])
    return frame


@dataclass(frozen=True)
class AllocationInputs:
    """The small frames allocation needs, read once from a warehouse."""
    costs: pd.DataFrame           # allocation_cost_by_pool_month: month, provider, invoice, team, pool
    totals: pd.DataFrame          # allocation_totals_by_invoice_month: the source totals
    teams: pd.DataFrame           # allocation_teams: team, cost_center, business_unit, product
    metrics: pd.DataFrame         # allocation_metrics_by_product_month: volumes per product and month
    usage_by_owner: pd.DataFrame  # allocation_usage_by_owner_source_month: usage cost before pools
    pools: tuple[Pool, ...]
    currency: str

    @property
    def team_products(self) -> dict[str, str]:
        """team -> product for the driver rule and unit economics (teams with one)."""
        known = self.teams.dropna(subset=["product"])
        return dict(zip(known.team, known["product"]))


def load_allocation_inputs(wh: Warehouse) -> AllocationInputs:
    """Run the allocation marts over an open Warehouse."""
    ensure_pooled_view(wh)
    return AllocationInputs(
        costs=query_exact(wh, "marts/allocation_cost_by_pool_month"),
        totals=query_exact(wh, "marts/allocation_totals_by_invoice_month"),
        teams=query_exact(wh, "marts/allocation_teams"),
        metrics=query_exact(wh, "marts/allocation_metrics_by_product_month"),
        usage_by_owner=query_exact(wh, "marts/allocation_usage_by_owner_source_month"),
        pools=wh.config.pools,
        currency=wh.config.currency,
    )


def allocate_inputs(inputs: AllocationInputs, *, cost_basis: str = "effective",
                    per_invoice: bool = False) -> pd.DataFrame:
    """`allocate_costs` on loaded inputs: per billing month and provider (showback), or per
    invoice (chargeback: per_invoice=True). Grain as allocate_costs."""
    return allocate_costs(inputs.costs, inputs.pools, cost_basis=cost_basis,
                          keys=INVOICE_KEYS if per_invoice else SPREAD_KEYS, metrics=inputs.metrics,
                          team_products=inputs.team_products, currency=inputs.currency)


def load_tag_compliance(wh: Warehouse) -> pd.DataFrame:
    """Mart compliance_by_dimension_month (input of compliance.compute_tag_compliance)."""
    return query_exact(wh, "marts/compliance_by_dimension_month")


def load_untagged_resources(wh: Warehouse, start_month: str, end_month: str | None = None, *, limit: int = 20,
                            cost_basis: str = "effective") -> pd.DataFrame:
    """Mart compliance_untagged_resources for billing months "YYYY-MM" to "YYYY-MM"."""
    return query_exact(wh, "marts/compliance_untagged_resources", start_month=f"{start_month}-01",
                       end_month=f"{end_month or start_month}-01", limit=int(limit), cost_basis=cost_basis)


def load_daily_unit_inputs(wh: Warehouse) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(daily direct cost per team, daily volume per product) for unit_economics.fit_fixed_variable."""
    ensure_pooled_view(wh)
    return (query_exact(wh, "marts/unit_economics_daily_cost_by_team"),
            query_exact(wh, "marts/unit_economics_metrics_by_product_day"))
