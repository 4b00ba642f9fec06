"""Commitment utilization, coverage, unused cost, savings and the effective savings rate
on a hand-made month: exact answers from the SQL marts through the library."""
from __future__ import annotations

import pandas as pd
import pytest

from finops_analysis import commitments as C
from finops_analysis.errors import ConfigError
from finops_analysis.warehouse import open_warehouse
from tests.conftest import row, write_csv

RI = "ri-1"
SP = "sp-1"


def ri(**kw):
    """A row of a database reservation (AWS)."""
    return row(**{"CommitmentDiscountId": RI, "CommitmentDiscountName": "RI one",
                  "CommitmentDiscountType": "Reserved Instance", "CommitmentDiscountCategory": "Usage",
                  "CommitmentDiscountUnit": "Hours", "ServiceName": "Amazon RDS", "ServiceCategory": "Databases",
                  "ServiceSubcategory": "Relational Databases", "ResourceId": "db-0", **kw})


def sp(**kw):
    """A row of a compute savings plan (AWS)."""
    return row(**{"CommitmentDiscountId": SP, "CommitmentDiscountName": "SP one",
                  "CommitmentDiscountType": "Savings Plan", "CommitmentDiscountCategory": "Spend",
                  "CommitmentDiscountUnit": "USD", **kw})


def cost(billed, effective, list_, contracted):
    return dict(BilledCost=billed, EffectiveCost=effective, ListCost=list_, ContractedCost=contracted)


# One month, one day. Eligible usage (contracted): the RI covers 10 of AWS databases, the SP
# 14 of VMs, 16 of VMs run on demand, and a Microsoft database costs 20: eligible with
# any_provider (AWS databases were covered), not with same_provider (nothing at Microsoft was).
MONTH_ROWS = [
    # The RI's one-time purchase: BilledCost only, never in the effective savings rate.
    ri(ChargeCategory="Purchase", ChargeFrequency="One-Time", PricingCategory="Standard", ResourceId=RI,
       ChargePeriodStart="2026-10-01T00:00:00Z", ChargePeriodEnd="2027-10-01T00:00:00Z",
       CommitmentDiscountQuantity="8760", **cost("100", "0", "100", "100")),
    # Used 18 of 24 hours; the unused 6 hours cost 3 (quantity and cost give different ratios).
    ri(PricingCategory="Committed", CommitmentDiscountStatus="Used", CommitmentDiscountQuantity="18",
       **cost("0", "6", "12", "10")),
    ri(PricingCategory="Committed", CommitmentDiscountStatus="Unused", CommitmentDiscountQuantity="6",
       ResourceId=RI, **cost("0", "3", "4", "3")),
    # The savings plan reports no quantity: utilization falls back to EffectiveCost.
    sp(PricingCategory="Committed", CommitmentDiscountStatus="Used", ResourceId="i-0002", **cost("0", "9", "15", "14")),
    sp(PricingCategory="Committed", CommitmentDiscountStatus="Unused", ResourceId=SP, **cost("0", "1", "1", "1")),
    row(ResourceId="i-0003", **cost("16", "16", "20", "16")),
    row(ResourceId="vol-1", ServiceCategory="Storage", ServiceSubcategory="Block Storage", PricingUnit="GB-Months",
        **cost("5", "5", "8", "5")),
    row(ProviderName="Microsoft", ResourceId="db-1", ServiceName="Azure SQL Database", ServiceCategory="Databases",
        ServiceSubcategory="Relational Databases", **cost("20", "20", "25", "20")),
]


def open_rows(data_dir, config, rows):
    write_csv(data_dir / "billing" / "focus.csv", rows)
    return open_warehouse(data_dir, config)


@pytest.fixture
def marts(data_dir, config):
    with open_rows(data_dir, config, MONTH_ROWS) as wh:
        yield (wh.query("marts/commitments_by_commitment_month"),
               wh.query("marts/commitments_usage_by_day", eligible_scope="any_provider"),
               wh.query("marts/commitments_usage_by_day", eligible_scope="same_provider"))


def test_commitment_month_mart_gives_exact_rows(marts):
    by_month, _, _ = marts
    got = by_month[["commitment_id", "commitment_unit", "used_quantity", "unused_quantity", "quantity_missing_rows",
                    "used_cost", "unused_cost", "covered_list_cost", "covered_contracted_cost", "billed_cost",
                    "effective_cost"]].astype({c: float for c in ("used_quantity", "unused_quantity", "used_cost",
                                                                  "unused_cost", "covered_list_cost",
                                                                  "covered_contracted_cost", "billed_cost",
                                                                  "effective_cost")})
    assert got.values.tolist() == [
        [RI, "Hours", 18.0, 6.0, 0, 6.0, 3.0, 12.0, 10.0, 100.0, 9.0],
        [SP, "USD", 0.0, 0.0, 2, 9.0, 1.0, 15.0, 14.0, 0.0, 10.0],
    ]


def test_utilization_per_commitment_uses_quantities_where_present(marts):
    util = C.compute_commitment_utilization(marts[0])
    assert util.commitment_id.tolist() == [RI, SP]
    assert util.utilization_pct.tolist() == [75.0, 90.0]
    assert util.utilization_basis.tolist() == ["CommitmentDiscountQuantity", "EffectiveCost"]
    assert util.unused_cost.tolist() == [3.0, 1.0]
    # realized = on-demand equivalent (contracted) of covered usage - its EffectiveCost
    assert util.realized_savings.tolist() == [4.0, 5.0]
    assert util.net_savings.tolist() == [1.0, 4.0]
    assert util.attrs["grain"] == "one row per commitment"


def test_utilization_above_one_commitment_is_in_effective_cost(marts):
    by_type = C.compute_commitment_utilization(marts[0], by="type")
    assert by_type.commitment_type.tolist() == ["Reserved Instance", "Savings Plan"]
    assert by_type.utilization_pct.round(4).tolist() == [66.6667, 90.0]     # 6 / (6 + 3)
    total = C.compute_commitment_utilization(marts[0], by="total", on_demand_basis="list")
    assert total.utilization_pct.round(4).tolist() == [78.9474]            # 15 / 19
    assert total.realized_savings.tolist() == [12.0]                         # (12 - 6) + (15 - 9)
    assert total.unused_cost.tolist() == [4.0]


def test_coverage_over_eligible_usage(marts):
    _, any_provider, same_provider = marts
    # covered 10 + 14 over eligible 10 + 14 + 16 + 20 (the database is eligible: some provider covered one)
    assert C.compute_commitment_coverage(any_provider, by="total").coverage_pct.tolist() == [40.0]
    # with same_provider the Microsoft database is not eligible: 24 / 40
    assert C.compute_commitment_coverage(same_provider, by="total").coverage_pct.tolist() == [60.0]
    # on list prices: (12 + 15) / (12 + 15 + 20 + 25)
    listed = C.compute_commitment_coverage(any_provider, by="total", on_demand_basis="list")
    assert listed.coverage_pct.round(4).tolist() == [37.5]


def test_coverage_by_type_adds_up_to_the_provider(marts):
    by_type = C.compute_commitment_coverage(marts[1], by="type")
    assert by_type[["provider", "commitment_type"]].fillna("on-demand").values.tolist() == [
        ["AWS", "Reserved Instance"], ["AWS", "Savings Plan"], ["AWS", "on-demand"], ["Microsoft", "on-demand"]]
    assert by_type.covered_on_demand_cost.tolist() == [10.0, 14.0, 16.0, 20.0]
    assert by_type.coverage_pct.tolist() == [25.0, 35.0, 40.0, 100.0]


def test_effective_savings_rate_counts_unused_cost_but_not_its_list_price(marts):
    esr = C.compute_effective_savings_rate(marts[1], by="total")
    # list 12 + 15 + 20 + 8 + 25 = 80; effective 6 + 3 + 9 + 1 + 16 + 5 + 20 = 60; purchase excluded
    assert esr[["list_cost", "effective_cost", "savings", "effective_savings_rate_pct"]].values.tolist() == [
        [80.0, 60.0, 20.0, 25.0]]
    literal = C.compute_effective_savings_rate(marts[1], by="total", unused_list_cost=True)
    assert literal.list_cost.tolist() == [85.0]                              # + the idle capacity's 4 + 1
    by_provider = C.compute_effective_savings_rate(marts[1], by="provider")
    assert by_provider.effective_savings_rate_pct.round(4).tolist() == [27.2727, 20.0]   # 15/55, 5/25


def test_summary_puts_the_kpis_side_by_side(marts):
    summary = C.summarize_commitments(marts[0], marts[1], by="month")
    assert summary.billing_month.tolist() == [pd.Timestamp("2026-10-01")]
    assert summary[["coverage_pct", "utilization_pct", "unused_cost", "realized_savings", "net_savings",
                    "purchase_billed_cost", "effective_savings_rate_pct"]].round(4).values.tolist() == [
        [40.0, 78.9474, 4.0, 9.0, 5.0, 100.0, 25.0]]


def test_utilization_per_month(data_dir, config):
    rows = [sp(PricingCategory="Committed", CommitmentDiscountStatus="Used", **cost("0", "9", "15", "14")),
            sp(PricingCategory="Committed", CommitmentDiscountStatus="Unused", **cost("0", "1", "1", "1")),
            sp(PricingCategory="Committed", CommitmentDiscountStatus="Used", **cost("0", "10", "16", "15"),
               BillingPeriodStart="2026-11-01T00:00:00Z", BillingPeriodEnd="2026-12-01T00:00:00Z",
               ChargePeriodStart="2026-11-02T00:00:00Z", ChargePeriodEnd="2026-11-03T00:00:00Z")]
    with open_rows(data_dir, config, rows) as wh:
        by_month = wh.query("marts/commitments_by_commitment_month")
    util = C.compute_commitment_utilization(by_month, by="commitment_month")
    assert util.billing_month.tolist() == [pd.Timestamp("2026-10-01"), pd.Timestamp("2026-11-01")]
    assert util.utilization_pct.tolist() == [90.0, 100.0]
    assert C.compute_commitment_utilization(by_month, by="month").unused_cost.tolist() == [1.0, 0.0]


def test_unknown_names_list_the_valid_ones(marts):
    with pytest.raises(ConfigError, match="commitment, commitment_month, type"):
        C.compute_commitment_utilization(marts[0], by="team")
    with pytest.raises(ConfigError, match="contracted, list"):
        C.compute_commitment_coverage(marts[1], on_demand_basis="amortized")
    with pytest.raises(ConfigError, match="month, provider, provider_month, total"):
        C.summarize_commitments(marts[0], marts[1], by="commitment")


def test_inputs_are_not_mutated(marts):
    before = [m.copy() for m in marts]
    C.summarize_commitments(marts[0], marts[1], by="total")
    C.compute_commitment_utilization(marts[0], by="commitment_month")
    for old, new in zip(before, marts):
        pd.testing.assert_frame_equal(old, new)
