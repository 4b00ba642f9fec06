"""Commitments that expire soon, and what their usage will cost when it falls back to
on-demand prices.

Input: the mart `marts/commitments_by_commitment`, run with window_start = as_of minus the
look-back (e.g. 30 days) and window_end = as_of, so its window columns describe the
commitment's recent month. Pure functions.
"""
from __future__ import annotations

from datetime import date, timedelta
from typing import Mapping

import pandas as pd

from .commitments_common import as_float, on_demand_column
from .errors import InputError
from .tables import with_meta

DAYS_PER_MONTH = 365.25 / 12     # "monthly" figures are the recent daily average x this
EXPIRING_COLUMNS = ["provider", "commitment_id", "commitment_name", "commitment_type", "term_end",
                    "term_end_source", "days_to_expiry", "window_days", "on_demand_monthly",
                    "commitment_cost_monthly", "fallback_cost_monthly"]


def find_expiring_commitments(commitments: pd.DataFrame, as_of: date | str, horizon_days: int = 90,
                              term_ends: Mapping[str, date | str] | None = None,
                              on_demand_basis: str = "contracted",
                              currency: str | None = None) -> pd.DataFrame:
    """Commitments whose term ends after `as_of` and at most `horizon_days` later.

    Grain: one row per expiring commitment, soonest first. term_end (exclusive, as FOCUS
    charge periods) comes from the commitment's one-time purchase; commitments paid only
    monthly carry no term end in FOCUS 1.2, so pass theirs in `term_ends`
    (CommitmentDiscountId -> date; it wins over the data). Monthly figures are the
    window's daily averages x 365.25/12: on_demand_monthly is the on-demand equivalent of
    the usage it covers (`on_demand_basis`), commitment_cost_monthly what the commitment
    costs now (its used + unused EffectiveCost), fallback_cost_monthly the difference: how
    much more a month costs once that usage falls back to on-demand.
    """
    as_of = pd.Timestamp(as_of).date()
    covered = on_demand_column(on_demand_basis, prefix="covered_")
    missing = [c for c in ("commitment_id", "term_end", "window_days", "used_cost", "unused_cost", covered)
               if c not in commitments.columns]
    if missing:
        raise InputError(f"the commitments frame lacks the column {missing[0]!r}", column=missing[0],
                         hint="build it with marts/commitments_by_commitment")
    frame = as_float(commitments, ["used_cost", "unused_cost", covered])
    given = {str(k): pd.Timestamp(v).date() for k, v in (term_ends or {}).items()}
    from_data = frame["term_end"].map(lambda d: None if pd.isna(d) else pd.Timestamp(d).date())
    end = frame["commitment_id"].map(given).where(frame["commitment_id"].isin(list(given)), from_data)
    source = pd.Series("purchase", index=frame.index).where(from_data.notna(), None)
    source = source.where(~frame["commitment_id"].isin(list(given)), "given")
    frame = frame.assign(term_end=end, term_end_source=source)
    limit = as_of + timedelta(days=horizon_days)
    soon = frame[frame["term_end"].map(lambda d: d is not None and as_of < d <= limit)]
    per_month = DAYS_PER_MONTH / soon["window_days"].where(soon["window_days"] > 0)
    out = soon.assign(
        days_to_expiry=soon["term_end"].map(lambda d: (d - as_of).days),
        on_demand_monthly=soon[covered] * per_month,
        commitment_cost_monthly=(soon["used_cost"] + soon["unused_cost"]) * per_month,
    )
    out = out.assign(fallback_cost_monthly=out["on_demand_monthly"] - out["commitment_cost_monthly"])
    out = out.sort_values(["term_end", "commitment_id"]).reset_index(drop=True)
    for column in EXPIRING_COLUMNS:
        if column not in out.columns:
            out[column] = None
    return with_meta(out[EXPIRING_COLUMNS], grain="one row per commitment expiring within the horizon",
                     cost_basis="effective", currency=currency, as_of=f"as of {as_of.isoformat()}",
                     horizon=f"next {horizon_days} days")
