"""Expiring commitments with their on-demand fallback cost, and the what-if simulation of
one more spend-based commitment, on hand-made rows and a hand-made usage profile."""
from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from finops_analysis import commitments as C
from finops_analysis.commitments_expiring import DAYS_PER_MONTH
from finops_analysis.errors import ConfigError, InputError
from finops_analysis.warehouse import open_warehouse
from tests.conftest import row, write_csv


def commitment(cid, **kw):
    return row(**{"CommitmentDiscountId": cid, "CommitmentDiscountName": cid.upper(),
                  "CommitmentDiscountType": "Reserved Instance", "CommitmentDiscountCategory": "Usage",
                  "CommitmentDiscountUnit": "Hours", "PricingCategory": "Committed", **kw})


def day(n):
    return dict(ChargePeriodStart=f"2026-10-{n:02d}T00:00:00Z", ChargePeriodEnd=f"2026-10-{n + 1:02d}T00:00:00Z")


def purchase(cid, start, end, frequency="One-Time"):
    return commitment(cid, ChargeCategory="Purchase", ChargeFrequency=frequency, PricingCategory="Standard",
                      ResourceId=cid, ChargePeriodStart=start, ChargePeriodEnd=end, BilledCost="500",
                      EffectiveCost="0", ListCost="500", ContractedCost="500")


def used(cid, n, effective, contracted):
    return commitment(cid, CommitmentDiscountStatus="Used", BilledCost="0", EffectiveCost=effective,
                      ListCost=contracted, ContractedCost=contracted, **day(n))


ROWS = [
    # expires in 44 days; two days of use in the window, and 2 idle on the second day
    purchase("ri-soon", "2025-12-15T00:00:00Z", "2026-12-15T00:00:00Z"),
    used("ri-soon", 20, "6", "10"), used("ri-soon", 21, "6", "10"),
    commitment("ri-soon", CommitmentDiscountStatus="Unused", ResourceId="ri-soon", BilledCost="0",
               EffectiveCost="2", ListCost="3", ContractedCost="3", **day(21)),
    # ends after the horizon
    purchase("ri-later", "2026-06-01T00:00:00Z", "2027-06-01T00:00:00Z"), used("ri-later", 20, "5", "9"),
    # paid monthly: no term end in the data; the caller knows it
    purchase("ri-monthly", "2026-10-01T00:00:00Z", "2026-11-01T00:00:00Z", frequency="Recurring"),
    used("ri-monthly", 20, "4", "8"),
    # already over before the as-of date
    purchase("ri-past", "2025-10-01T00:00:00Z", "2026-10-21T00:00:00Z"), used("ri-past", 20, "3", "6"),
]


@pytest.fixture
def by_commitment(data_dir, config):
    write_csv(data_dir / "billing" / "focus.csv", ROWS)
    with open_warehouse(data_dir, config) as wh:
        return wh.query("marts/commitments_by_commitment", window_start="2026-10-02", window_end="2026-11-01")


def test_commitment_mart_reads_terms_from_upfront_purchases(by_commitment):
    got = by_commitment.set_index("commitment_id")
    assert got.loc["ri-soon", ["term_start", "term_end"]].tolist() == [pd.Timestamp("2025-12-15"),
                                                                       pd.Timestamp("2026-12-15")]
    assert pd.isna(got.loc["ri-monthly", "term_end"])
    assert got.loc["ri-soon", ["window_days", "used_cost", "unused_cost", "covered_contracted_cost"]].astype(
        float).tolist() == [2.0, 12.0, 2.0, 20.0]


def test_expiring_commitments_with_their_fallback_cost(by_commitment):
    out = C.find_expiring_commitments(by_commitment, as_of="2026-11-01", horizon_days=90,
                                      term_ends={"ri-monthly": "2027-01-01"})
    assert out.commitment_id.tolist() == ["ri-soon", "ri-monthly"]
    assert out.term_end.tolist() == [date(2026, 12, 15), date(2027, 1, 1)]
    assert out.term_end_source.tolist() == ["purchase", "given"]
    assert out.days_to_expiry.tolist() == [44, 61]
    # ri-soon: 20 of on-demand usage and 14 of commitment cost over 2 days, per month of 365.25/12 days
    assert out.on_demand_monthly.tolist() == [10 * DAYS_PER_MONTH, 8 * DAYS_PER_MONTH]
    assert out.commitment_cost_monthly.tolist() == [7 * DAYS_PER_MONTH, 4 * DAYS_PER_MONTH]
    assert out.fallback_cost_monthly.tolist() == [3 * DAYS_PER_MONTH, 4 * DAYS_PER_MONTH]
    assert out.fallback_cost_monthly.tolist() == [91.3125, 121.75]


def test_horizon_bounds_the_list(by_commitment):
    assert C.find_expiring_commitments(by_commitment, as_of="2026-11-01", horizon_days=43).empty
    later = C.find_expiring_commitments(by_commitment, as_of="2026-11-01", horizon_days=365)
    assert later.commitment_id.tolist() == ["ri-soon", "ri-later"]


# Four days: eligible on-demand spend not yet covered, and what commitments already cover.
PROFILE = pd.DataFrame({"charge_date": pd.date_range("2026-10-01", periods=4).date,
                        "uncovered_on_demand_cost": [100.0, 100.0, 50.0, 0.0],
                        "covered_on_demand_cost": [50.0, 50.0, 100.0, 50.0]})


def test_what_if_a_commitment_pays_above_break_even():
    # 2.50/hour at 40% off: 60 a day buys up to 100 of on-demand usage a day.
    out = C.simulate_commitment(PROFILE, hourly_commitment=2.5, discount_rate=0.4)
    row_ = out.iloc[0]
    assert row_.commitment_cost == 240.0                 # 4 days x 60
    assert row_.covered_on_demand_cost == 250.0          # 100 + 100 + 50 + 0
    assert row_.utilization_pct == 62.5                  # 250 x 0.6 / 240
    assert row_.break_even_utilization_pct == 60.0
    assert row_.net_savings == 10.0
    assert [row_.coverage_before_pct, row_.coverage_after_pct] == [50.0, 100.0]


def test_what_if_a_commitment_too_large_loses_money():
    out = C.simulate_commitment(PROFILE, monthly_commitment=3650, discount_rate=0.4)   # 5.00 an hour
    assert out.hourly_commitment.tolist() == [5.0]
    assert out.utilization_pct.tolist() == [31.25]           # 150 of 480 used
    assert out.net_savings.tolist() == [-230.0]              # below break-even (60%) it loses


def test_break_even_utilization_is_where_net_savings_cross_zero():
    # 100 a day of on-demand usage; at 25% off, a commitment of 100 a day (100/24 an hour)
    # could buy 133.33 of it, uses 75%, and saves exactly nothing.
    flat = pd.DataFrame({"uncovered_on_demand_cost": [100.0] * 3, "covered_on_demand_cost": [0.0] * 3})
    at_break_even = C.simulate_commitment(flat, hourly_commitment=100 / 24, discount_rate=0.25)
    assert at_break_even.utilization_pct.round(9).tolist() == [75.0]
    assert at_break_even.break_even_utilization_pct.tolist() == [75.0]
    assert at_break_even.net_savings.round(9).tolist() == [0.0]
    # 2/hour: 48 a day covers 64, saves 16 a day; 5/hour: 120 a day for 100 of usage, loses 20 a day
    curve = C.simulate_commitments(flat, [0.0, 2.0, 5.0], discount_rate=0.25)
    assert curve.net_savings.round(9).tolist() == [0.0, 48.0, -60.0]


def test_what_if_refuses_bad_arguments():
    with pytest.raises(ConfigError, match="exactly one"):
        C.simulate_commitment(PROFILE, discount_rate=0.3)
    with pytest.raises(ConfigError, match="discount_rate"):
        C.simulate_commitment(PROFILE, hourly_commitment=1, discount_rate=1.2)


def test_usage_profile_from_the_mart(data_dir, config):
    rows = [used("sp-1", 30, "6", "10"), row(**day(30)), row(**day(29)),
            row(ServiceSubcategory="Block Storage", PricingUnit="GB-Months", **day(30))]
    write_csv(data_dir / "billing" / "focus.csv", rows)
    with open_warehouse(data_dir, config) as wh:
        usage = wh.query("marts/commitments_usage_by_day", eligible_scope="any_provider")
    profile = C.build_usage_profile(usage, last_days=1, provider="AWS")
    # the last day only; the storage row is not eligible; row() costs 10 on demand
    assert profile.charge_date.tolist() == [date(2026, 10, 30)]
    assert profile[["covered_on_demand_cost", "uncovered_on_demand_cost"]].values.tolist() == [[10.0, 10.0]]
    vms = C.build_usage_profile(usage, last_days=1, service_subcategories=["Virtual Machines"])
    assert vms.uncovered_on_demand_cost.tolist() == [10.0]
    with pytest.raises(InputError, match="eligible values: Virtual Machines"):
        C.build_usage_profile(usage, service_subcategories=["Relational Databases"])
