"""The pulse's SQL marts: hand-made FOCUS rows in, exact rows out."""
from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from finops_analysis import pulse_data
from finops_analysis.errors import InputError
from finops_analysis.warehouse import open_warehouse
from tests.conftest import row, write_csv

PAYMENTS = {"team": "payments", "environment": "prod", "product": "storefront"}


def day(start: str, end: str | None = None, **overrides) -> dict:
    """A usage row charged on `start` (to `end`, default the next day) in September's invoice."""
    end = end or (pd.Timestamp(start) + pd.Timedelta(days=1)).strftime("%Y-%m-%d")
    return row(ChargePeriodStart=f"{start}T00:00:00Z", ChargePeriodEnd=f"{end}T00:00:00Z",
               BillingPeriodStart="2026-09-01T00:00:00Z", BillingPeriodEnd="2026-10-01T00:00:00Z", **overrides)


@pytest.fixture
def wh(data_dir, config):
    write_csv(data_dir / "billing" / "sep.csv", [
        day("2026-09-07", EffectiveCost="10", BilledCost="10", Tags=PAYMENTS),                   # week 37
        day("2026-09-14", EffectiveCost="30", BilledCost="20", Tags=PAYMENTS),                   # week 38, Monday
        day("2026-09-20", EffectiveCost="5", BilledCost="5", ServiceName="Amazon S3",
            Tags={"team": "search"}),                                                            # Sunday, untagged env
        day("2026-09-15", EffectiveCost="7", BilledCost="7", ChargeFrequency="Recurring", Tags=PAYMENTS),
        day("2026-09-01", "2026-10-01", EffectiveCost="900", BilledCost="900", Tags=PAYMENTS),  # a month long
        day("2026-09-21", EffectiveCost="50", BilledCost="50", Tags=PAYMENTS),                  # week 39
        day("2026-09-16", ChargeCategory="Tax", EffectiveCost="3", BilledCost="3", Tags=None),
    ])
    with open_warehouse(data_dir, config) as warehouse:
        yield warehouse


def test_cost_by_week(wh):
    out = pulse_data.load_weekly_costs(wh, "2026-W38")
    rows = [(r.week_start.strftime("%Y-%m-%d"), r.dimension, r.member, r.usage_days, r.billed_cost, r.effective_cost)
            for r in out.itertuples()]
    assert rows == [
        ("2026-09-07", "service", "Amazon EC2", 1, 10.0, 10.0),
        ("2026-09-07", "team", "payments", 1, 10.0, 10.0),
        ("2026-09-07", "total", "Total", 1, 10.0, 10.0),
        ("2026-09-14", "service", "Amazon EC2", 2, 27.0, 37.0),
        ("2026-09-14", "service", "Amazon S3", 1, 5.0, 5.0),
        ("2026-09-14", "team", "payments", 2, 27.0, 37.0),
        ("2026-09-14", "team", "search", 1, 5.0, 5.0),
        ("2026-09-14", "total", "Total", 3, 32.0, 42.0)]
    assert out.attrs["currency"] == "USD"


def test_compliance_by_team_week(wh):
    out = pulse_data.load_weekly_compliance(wh, "2026-W38")
    rows = [(r.week_start.strftime("%Y-%m-%d"), r.scope, r.team, r.row_count, r.compliant_rows, r.billed_cost,
             r.effective_cost, r.compliant_billed_cost, r.compliant_effective_cost) for r in out.itertuples()]
    assert rows == [
        ("2026-09-07", "team", "payments", 1, 1, 10.0, 10.0, 10.0, 10.0),
        ("2026-09-07", "all", "(all teams)", 1, 1, 10.0, 10.0, 10.0, 10.0),
        ("2026-09-14", "team", "payments", 1, 1, 20.0, 30.0, 20.0, 30.0),
        ("2026-09-14", "team", "search", 1, 0, 5.0, 5.0, 0.0, 0.0),
        ("2026-09-14", "all", "(all teams)", 2, 1, 25.0, 35.0, 20.0, 30.0)]


def test_usage_window_and_the_week_it_picks(wh):
    assert pulse_data.load_usage_window(wh) == (date(2026, 9, 7), date(2026, 9, 21))
    assert pulse_data.resolve_week(wh, "") == "2026-W38"           # the data stops on a Monday
    assert pulse_data.resolve_week(wh, "2026w38") == "2026-W38"
    with pytest.raises(InputError) as err:                          # W37 has no week before it in the data
        pulse_data.resolve_week(wh, "2026-W37")
    assert err.value.hint == "pick a week from 2026-W38 to 2026-W38, or leave period empty for 2026-W38"


def test_anomaly_days_reach_back_two_baselines_and_a_week(wh):
    days = pulse_data.load_anomaly_days(wh, "2026-W39", baseline_days=14)     # from 2026-08-14 to 2026-09-27
    assert sorted(pd.to_datetime(days["charge_date"]).dt.strftime("%m-%d")) == ["09-07", "09-14", "09-15", "09-20",
                                                                                 "09-21"]
    # baseline_days 0 still reaches one week back (the margin) and stops at the week's Sunday
    assert sorted(pulse_data.load_anomaly_days(wh, "2026-W38", baseline_days=0)["charge_date"].astype(str)) == [
        "2026-09-07", "2026-09-14", "2026-09-15", "2026-09-20"]
