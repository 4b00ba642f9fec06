"""SQL marts behind the variances: given charge rows (and budgets) in, exact rows out."""
from __future__ import annotations

import datetime as dt

from finops_analysis.warehouse import open_warehouse
from tests.conftest import OWNERSHIP, row, write_csv

OCT = {"BillingPeriodStart": "2026-10-01T00:00:00Z", "BillingPeriodEnd": "2026-11-01T00:00:00Z"}
MONTH_LONG = {"ChargePeriodStart": "2026-10-01T00:00:00Z", "ChargePeriodEnd": "2026-11-01T00:00:00Z"}
ML = {"team": "ml", "environment": "prod", "product": "insights"}
BUDGETS = [
    {"month": "2026-10", "cost_center": "CC-1100", "amount": "20.00", "currency": "USD"},
    {"month": "2026-10", "cost_center": "CC-1200", "amount": "3.00", "currency": "USD"},
    {"month": "2026-10", "cost_center": "CC-1900", "amount": "5.00", "currency": "USD"},
    {"month": "2026-11", "cost_center": "CC-1100", "amount": "21.00", "currency": "USD"},
]


def budget_rows(data_dir, config, unowned):
    rows = [
        row(**OCT, BilledCost="10.00", EffectiveCost="10.00"),                                   # payments
        row(**OCT, BilledCost="0.00", EffectiveCost="4.00", Tags=ML, PricingCategory="Committed"),  # ml
        row(**OCT, **MONTH_LONG, BilledCost="1.10", EffectiveCost="1.10", ChargeCategory="Tax", Tags=None,
            ServiceName="Tax", ChargeFrequency="Recurring"),                                     # nobody's by nature
        row(**OCT, BilledCost="0.00", EffectiveCost="0.40", Tags=None, CommitmentDiscountStatus="Unused"),
        row(**OCT, BilledCost="2.00", EffectiveCost="2.00", Tags=None),                          # untagged usage
    ]
    write_csv(data_dir / "billing" / "a.csv", rows)
    write_csv(data_dir / "ownership.csv", OWNERSHIP)
    write_csv(data_dir / "budgets.csv", BUDGETS)
    with open_warehouse(data_dir, config) as wh:
        frame = wh.query("marts/variance_budget_by_cost_center_month", unowned_cost_center=unowned)
    return [(str(r.billing_month.date()), r.cost_center, none(r.budget_amount), none(r.effective_cost),
             bool(r.has_actuals)) for r in frame.itertuples()]


def none(value):
    """NULL comes back from DuckDB as NaN (or None): one spelling for the comparisons."""
    return None if value is None or value != value else value


def test_budget_mart_puts_unowned_charges_under_the_named_cost_center(data_dir, config):
    assert budget_rows(data_dir, config, "CC-1900") == [
        ("2026-10-01", "CC-1100", 20.00, 10.00, True),
        ("2026-10-01", "CC-1200", 3.00, 4.00, True),
        ("2026-10-01", "CC-1900", 5.00, 1.50, True),       # tax 1.10 + unused commitment 0.40
        ("2026-10-01", "Unallocated", None, 2.00, True),   # untagged usage has no budget, stays visible
        ("2026-11-01", "CC-1100", 21.00, None, False),     # a budget month the data does not reach yet
    ]


def test_budget_mart_without_an_unowned_cost_center_keeps_them_unallocated(data_dir, config):
    assert budget_rows(data_dir, config, None) == [
        ("2026-10-01", "CC-1100", 20.00, 10.00, True),
        ("2026-10-01", "CC-1200", 3.00, 4.00, True),
        ("2026-10-01", "CC-1900", 5.00, 0.00, True),
        ("2026-10-01", "Unallocated", None, 3.50, True),
        ("2026-11-01", "CC-1100", 21.00, None, False),
    ]


def test_sku_mart_keys_on_sku_id_not_price_id(data_dir, config):
    rows = [
        row(**OCT, SkuId="SKU-A", SkuPriceId="P1", PricingQuantity="24", BilledCost="2.40", EffectiveCost="2.40"),
        row(**OCT, SkuId="SKU-A", SkuPriceId="P2", PricingQuantity="12", BilledCost="1.44", EffectiveCost="1.44",
            ChargePeriodStart="2026-10-20T00:00:00Z", ChargePeriodEnd="2026-10-21T00:00:00Z"),
        row(**OCT, **MONTH_LONG, SkuId=None, PricingQuantity=None, BilledCost="0.70", EffectiveCost="0.70",
            ChargeCategory="Tax", ServiceName="Tax", Tags=None),
        row(**OCT, SkuId="SKU-B", PricingQuantity="0", BilledCost="0.30", EffectiveCost="0.30"),
        row(BillingPeriodStart="2026-08-01T00:00:00Z", BillingPeriodEnd="2026-09-01T00:00:00Z",
            SkuId="SKU-A", PricingQuantity="1", BilledCost="9.00", EffectiveCost="9.00"),      # outside the window
    ]
    write_csv(data_dir / "billing" / "a.csv", rows)
    write_csv(data_dir / "ownership.csv", OWNERSHIP)
    with open_warehouse(data_dir, config) as wh:
        frame = wh.query("marts/variance_sku_cost_by_month", month_from=dt.date(2026, 9, 1),
                         month_to=dt.date(2026, 10, 1))
    got = [(r.team, r.service, none(r.sku_id), none(r.pricing_unit), none(r.pricing_quantity), r.effective_cost)
           for r in frame.itertuples()]
    assert got == [
        ("Unallocated", "Tax", None, None, None, 0.70),
        ("payments", "Amazon EC2", "SKU-A", "Hours", 36.0, 3.84),
        ("payments", "Amazon EC2", None, None, None, 0.30),       # a zero quantity cannot price a SKU
    ]
