"""SQL marts behind the forecasts: given charge rows in, exact rows out."""
from __future__ import annotations

import pytest

from finops_analysis.warehouse import open_warehouse
from tests.conftest import OWNERSHIP, row, write_csv

OCT = {"BillingPeriodStart": "2026-10-01T00:00:00Z", "BillingPeriodEnd": "2026-11-01T00:00:00Z"}
SEP = {"BillingPeriodStart": "2026-09-01T00:00:00Z", "BillingPeriodEnd": "2026-10-01T00:00:00Z"}
ML = {"team": "ml", "environment": "prod", "product": "insights"}


def day(date: str, next_date: str) -> dict:
    return {"ChargePeriodStart": f"{date}T00:00:00Z", "ChargePeriodEnd": f"{next_date}T00:00:00Z"}


ROWS = [
    row(**OCT, **day("2026-10-05", "2026-10-06"), BilledCost="10.00", EffectiveCost="10.00"),
    row(**OCT, **day("2026-10-31", "2026-11-01"), BilledCost="5.25", EffectiveCost="4.00",
        ProviderName="Microsoft", ServiceName="Virtual Machines", Tags=ML),
    # tax spans the month: counted in its billing month, never on a usage day
    row(**OCT, **day("2026-10-01", "2026-11-01"), BilledCost="1.10", EffectiveCost="1.10", ChargeCategory="Tax",
        ChargeFrequency="Recurring", ServiceName="Tax", SubAccountId=None, SubAccountName=None, Tags=None,
        PricingQuantity=None),
    # a restatement spanning 14 days: left out of the daily series too
    row(**OCT, **day("2026-10-02", "2026-10-16"), BilledCost="-0.50", EffectiveCost="-0.50", Tags=ML),
    row(**SEP, **day("2026-09-30", "2026-10-01"), BilledCost="7.00", EffectiveCost="7.00"),
]


@pytest.fixture
def wh(data_dir, config):
    write_csv(data_dir / "billing" / "a.csv", ROWS)
    write_csv(data_dir / "ownership.csv", OWNERSHIP)
    with open_warehouse(data_dir, config) as warehouse:
        yield warehouse


def plain(value):
    """Dates as 'YYYY-MM-DD', NULL (NaT/NaN) as None, the rest as is."""
    if value is None or value != value:
        return None
    return str(value.date()) if hasattr(value, "date") else value


def rows_of(frame, dimension):
    out = frame[frame["dimension"] == dimension].drop(columns="dimension")
    return [tuple(plain(v) for v in r) for r in out.itertuples(index=False)]


def test_monthly_mart_rolls_every_dimension_up_from_the_charges(wh):
    frame = wh.query("marts/forecast_cost_by_month")
    assert rows_of(frame, "total") == [
        ("2026-09-01", "Total", 7.00, 7.00, "2026-09-30"),
        ("2026-10-01", "Total", 15.85, 14.60, "2026-10-31"),
    ]
    assert rows_of(frame, "team") == [
        ("2026-09-01", "payments", 7.00, 7.00, "2026-09-30"),
        ("2026-10-01", "Unallocated", 1.10, 1.10, None),     # tax: no day-long usage
        ("2026-10-01", "ml", 4.75, 3.50, "2026-10-31"),
        ("2026-10-01", "payments", 10.00, 10.00, "2026-10-05"),
    ]
    assert rows_of(frame, "cost_center")[1:] == [
        ("2026-10-01", "CC-1100", 10.00, 10.00, "2026-10-05"),
        ("2026-10-01", "CC-1200", 4.75, 3.50, "2026-10-31"),
        ("2026-10-01", "Unallocated", 1.10, 1.10, None),
    ]
    assert rows_of(frame, "sub_account")[1:] == [
        ("2026-10-01", "(no sub-account)", 1.10, 1.10, None),
        ("2026-10-01", "storefront-prod", 14.75, 13.50, "2026-10-31"),
    ]
    assert sorted(set(frame["dimension"])) == ["cost_center", "provider", "service", "sub_account", "team", "total"]


def test_daily_mart_counts_only_day_long_usage(wh):
    frame = wh.query("marts/forecast_cost_by_day")
    assert rows_of(frame, "total") == [
        ("2026-09-30", "Total", 7.00, 7.00),
        ("2026-10-05", "Total", 10.00, 10.00),
        ("2026-10-31", "Total", 5.25, 4.00),
    ]
    assert rows_of(frame, "provider") == [
        ("2026-09-30", "AWS", 7.00, 7.00),
        ("2026-10-05", "AWS", 10.00, 10.00),
        ("2026-10-31", "Microsoft", 5.25, 4.00),
    ]
    assert sorted(set(frame["dimension"])) == ["cost_center", "provider", "team", "total"]
