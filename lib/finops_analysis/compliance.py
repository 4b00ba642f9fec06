"""Tag compliance: the share of cost, and of rows, carrying every required tag key with an
allowed value, by team, sub-account and service; and the largest untagged resources.

Which charges count: taggable charges only, i.e. usage rows (ChargeCategory 'Usage')
except recurring fees (ChargeFrequency 'Recurring', e.g. support plans) and unused
commitment capacity (CommitmentDiscountStatus 'Unused'). Purchases, tax, credits, fees and
unused commitments belong to no resource anyone could tag, so they are left out of both the
numerator and the denominator. A value that only an alias repairs (production -> prod) is
not compliant. Inputs are the marts compliance_by_dimension_month and
compliance_untagged_resources; pure functions, no I/O.
"""
from __future__ import annotations

import pandas as pd

from .errors import ConfigError, InputError
from .tables import cost_column, with_meta

# dimension name -> what the rows of that dimension are, for captions
DIMENSIONS = {
    "all": "all taggable charges",
    "team": "owner team",
    "sub_account": "sub-account (SubAccountId, name alongside)",
    "service": "ServiceName",
}


def _check(frame: pd.DataFrame, columns, what: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise InputError(f"{what} lacks the column {missing[0]!r}", column=missing[0],
                         hint=f"{what} needs the columns {', '.join(columns)}")


def compute_tag_compliance(by_dimension: pd.DataFrame, *, dimension: str = "team", cost_basis: str = "effective",
                           by_month: bool = True) -> pd.DataFrame:
    """Compliance for one dimension ('all', 'team', 'sub_account' or 'service').

    by_dimension: mart compliance_by_dimension_month. Returns one row per billing month
    and dimension value (or per dimension value over the whole window when by_month is
    False) with row_count, compliant_rows, cost, compliant_cost, untagged_cost,
    compliant_cost_pct and compliant_rows_pct (0-100; NaN where there is nothing taggable).
    """
    if dimension not in DIMENSIONS:
        raise ConfigError(f"unknown compliance dimension {dimension!r}; use one of: {', '.join(DIMENSIONS)}")
    column = cost_column(cost_basis)
    _check(by_dimension, ["billing_month", "dimension", "dimension_value", "dimension_name", "row_count",
                          "compliant_rows", column, f"compliant_{column}"], "the compliance frame")
    rows = by_dimension[by_dimension.dimension == dimension]
    rows = rows.assign(cost=rows[column].astype(float), compliant_cost=rows[f"compliant_{column}"].astype(float))
    keys = (["billing_month"] if by_month else []) + ["dimension_value"]
    out = rows.groupby(keys, dropna=False, sort=True).agg(
        dimension_name=("dimension_name", "first"), row_count=("row_count", "sum"),
        compliant_rows=("compliant_rows", "sum"), cost=("cost", "sum"), compliant_cost=("compliant_cost", "sum"))
    out = out.reset_index().rename(columns={"dimension_value": dimension})
    out = out.assign(
        untagged_cost=out.cost - out.compliant_cost,
        compliant_cost_pct=100 * (out.compliant_cost / out.cost.where(out.cost != 0)),
        compliant_rows_pct=100 * (out.compliant_rows / out.row_count.where(out.row_count != 0)))
    if dimension != "sub_account":
        out = out.drop(columns="dimension_name")
    else:
        out = out.rename(columns={"dimension_name": "SubAccountName"})
    grain = f"one row per {'billing month and ' if by_month else ''}{DIMENSIONS[dimension]}"
    return with_meta(out, grain=grain, cost_basis=cost_basis, currency=by_dimension.attrs.get("currency"),
                     charges="taggable usage rows (recurring fees and unused commitments excluded)")


def compare_tag_compliance(compliance: pd.DataFrame, *, before: str, after: str, dimension: str = "team") -> pd.DataFrame:
    """Compliance of each dimension value in two billing months ("YYYY-MM"), side by side,
    largest drop first. compliance: compute_tag_compliance(..., by_month=True).
    Returns one row per dimension value with compliant_cost_pct_before, _after and
    change_pct_points."""
    _check(compliance, ["billing_month", dimension, "compliant_cost_pct"], "the compliance frame")
    month = compliance.billing_month.dt.strftime("%Y-%m")
    pick = lambda m, name: compliance[month == m].set_index(dimension).compliant_cost_pct.rename(name)  # noqa: E731
    out = pd.concat([pick(before, "compliant_cost_pct_before"), pick(after, "compliant_cost_pct_after")], axis=1)
    out = out.assign(change_pct_points=out.compliant_cost_pct_after - out.compliant_cost_pct_before)
    out = out.reset_index().sort_values(["change_pct_points", dimension], na_position="last", ignore_index=True)
    return with_meta(out, grain=f"one row per {DIMENSIONS[dimension]}", cost_basis=compliance.attrs.get("cost_basis"),
                     months=f"{before} vs {after}")


def rank_untagged_resources(resources: pd.DataFrame, *, cost_basis: str = "effective", limit: int = 20,
                            untagged_total: float | None = None) -> pd.DataFrame:
    """The `limit` largest untagged resources by cost. resources: mart
    compliance_untagged_resources. Returns one row per ResourceId: name, service,
    sub-account, owner team (and how it was found), days seen, cost, missing_keys and
    invalid_tags; with untagged_total (e.g. the untagged_cost of compute_tag_compliance for
    the same months) also each resource's untagged_share_pct of it."""
    column = cost_column(cost_basis)
    _check(resources, ["ResourceId", "ResourceName", "ServiceName", "SubAccountName", "team", column,
                       "missing_keys", "invalid_tags"], "the untagged-resources frame")
    out = resources.assign(cost=resources[column].astype(float))
    out = out.sort_values(["cost", "ResourceId"], ascending=[False, True], ignore_index=True).head(limit)
    if untagged_total:
        out = out.assign(untagged_share_pct=100 * (out.cost / untagged_total))
    columns = ["ResourceId", "ResourceName", "ServiceName", "SubAccountId", "SubAccountName", "team", "owner_source",
               "first_day", "last_day", "cost", "untagged_share_pct", "missing_keys", "invalid_tags"]
    return with_meta(out[[c for c in columns if c in out.columns]], grain="one row per untagged resource (ResourceId)",
                     cost_basis=cost_basis, currency=resources.attrs.get("currency"))
