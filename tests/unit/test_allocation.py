"""Allocation on hand-made rows: every rule gives exact cents, totals are kept."""
from __future__ import annotations

import pandas as pd
import pytest

from finops_analysis.allocation import (INVOICE_KEYS, allocate_costs, compute_unallocated_share, reconcile_allocation,
                                        summarize_allocation)
from finops_analysis.allocation_data import allocate_inputs, load_allocation_inputs
from finops_analysis.allocation_rules import RULES, get_rule
from finops_analysis.config import Pool
from finops_analysis.errors import ConfigError, InputError
from finops_analysis.warehouse import open_warehouse
from tests.conftest import row, write_csv

MAY = pd.Timestamp("2026-05-01")
JUNE = pd.Timestamp("2026-06-01")
PLATFORM = Pool(name="platform", match=(("team", ("platform",)),), rule="proportional")


def costs(*rows) -> pd.DataFrame:
    """(team, pool, billed, effective[, provider[, month]]) -> the mart's frame."""
    out = []
    for team, pool, billed, effective, *rest in rows:
        provider = rest[0] if rest else "AWS"
        month = rest[1] if len(rest) > 1 else MAY
        out.append({"billing_month": month, "provider": provider, "team": team, "pool": pool,
                    "billed_cost": billed, "effective_cost": effective})
    return pd.DataFrame(out)


def shares(allocated: pd.DataFrame, source: str) -> dict[str, float]:
    part = allocated[allocated.source == source]
    return dict(zip(part.team, part.allocated_cost))


def test_three_teams_share_platform_in_proportion():
    frame = costs(("a", None, 10, 10), ("b", None, 20, 20), ("c", None, 30, 30), ("platform", "platform", 90, 90))
    result = allocate_costs(frame, [PLATFORM])
    platform = result[result.source == "platform"]
    assert platform.team.tolist() == ["a", "b", "c"]
    assert platform.allocated_cost.tolist() == [15.0, 30.0, 45.0]
    assert result.allocated_cents.sum() == 15000
    assert result.attrs["grain"].startswith("one row per billing_month, provider, team")


def test_even_split_that_does_not_divide():
    pool = Pool(name="security", match=(("team", ("security",)),), rule="even")
    frame = costs(("a", None, 1, 1), ("b", None, 5, 5), ("c", None, 9, 9), ("security", "security", 100, 100))
    assert shares(allocate_costs(frame, [pool]), "security") == {"a": 33.34, "b": 33.33, "c": 33.33}


def test_weights_renormalise_over_teams_with_direct_cost():
    pool = Pool(name="ci/cd", match=(("team", ("platform",)),), rule="weights",
                weights=(("a", 1.0), ("b", 3.0), ("c", 5.0)))
    # c has no direct cost this month: it gets nothing; d has cost but no weight: nothing either
    frame = costs(("a", None, 10, 10), ("b", None, 10, 10), ("d", None, 10, 10), ("platform", "ci/cd", 10, 10))
    assert shares(allocate_costs(frame, [pool]), "ci/cd") == {"a": 2.5, "b": 7.5}


def test_driver_spreads_by_product_volume_then_team_direct_cost():
    pool = Pool(name="networking", match=(("team", ("platform",)),), rule="driver", driver="requests")
    metrics = pd.DataFrame({"billing_month": [MAY, MAY, MAY], "product": ["p1", "p2", "p3"],
                            "metric": ["requests"] * 3, "metric_value": [300.0, 100.0, 600.0]})
    # p3 has volume but no recipient team: its share goes to the others (p1 75%, p2 25%)
    frame = costs(("a", None, 10, 10), ("b", None, 30, 30), ("c", None, 5, 5), ("platform", "networking", 80, 80))
    result = allocate_costs(frame, [pool], metrics=metrics, team_products={"a": "p1", "b": "p1", "c": "p2"})
    assert shares(result, "networking") == {"a": 15.0, "b": 45.0, "c": 20.0}
    assert set(result[result.source == "networking"].rule) == {"driver (requests)"}


def test_driver_without_volume_falls_back_to_proportional():
    pool = Pool(name="networking", match=(("team", ("platform",)),), rule="driver", driver="requests")
    frame = costs(("a", None, 10, 10), ("b", None, 30, 30), ("platform", "networking", 8, 8))
    result = allocate_costs(frame, [pool], metrics=None, team_products={"a": "p1"})
    assert shares(result, "networking") == {"a": 2.0, "b": 6.0}
    assert result[result.source == "networking"].rule.iloc[0].startswith("proportional (fallback")


def test_unallocated_stays_visible_and_receives_nothing():
    frame = costs(("a", None, 10, 10), ("Unallocated", None, 7, 7), ("Unallocated", "platform", 20, 20))
    result = allocate_costs(frame, [PLATFORM])
    assert result[["team", "source", "allocated_cost"]].values.tolist() == [
        ["Unallocated", "direct", 7.0], ["a", "direct", 10.0], ["a", "platform", 20.0]]


def test_credit_pool_is_spread_negative():
    credits = Pool(name="credits", match=(("ChargeCategory", ("Credit",)),), rule="proportional")
    frame = costs(("a", None, 10, 10), ("b", None, 20, 20), ("Unallocated", "credits", -30, -30))
    assert shares(allocate_costs(frame, [credits]), "credits") == {"a": -10.0, "b": -20.0}


def test_pool_owners_give_but_never_receive():
    sre = Pool(name="observability", match=(("team", ("sre",)),), rule="even")
    frame = costs(("a", None, 10, 10), ("platform", None, 50, 50), ("sre", "observability", 4, 4))
    result = allocate_costs(frame, [PLATFORM, sre])
    assert shares(result, "observability") == {"a": 4.0}
    assert shares(result, "direct") == {"a": 10.0, "platform": 50.0}   # a pool owner's unpooled cost stays its own


def test_weights_come_from_the_whole_month_across_providers():
    tax = Pool(name="tax", match=(("ChargeCategory", ("Tax",)),), rule="proportional")
    frame = costs(("a", None, 10, 10, "AWS"), ("b", None, 30, 30, "Google Cloud"), ("Unallocated", "tax", 4, 4, "AWS"))
    result = allocate_costs(frame, [tax])
    assert result[["provider", "team", "source", "allocated_cost"]].values.tolist() == [
        ["AWS", "a", "direct", 10.0], ["AWS", "a", "tax", 1.0], ["AWS", "b", "tax", 3.0],
        ["Google Cloud", "b", "direct", 30.0]]
    assert reconcile_allocation(result, frame).difference.tolist() == [0.0, 0.0]


def test_month_without_recipients_keeps_pools_in_unallocated():
    frame = costs(("a", None, 10, 10, "AWS", MAY), ("platform", "platform", 9, 9, "AWS", JUNE))
    result = allocate_costs(frame, [PLATFORM])
    june = result[result.billing_month == JUNE]
    assert june[["team", "source", "rule", "allocated_cost"]].values.tolist() == [
        ["Unallocated", "platform", "unspread (no recipient team)", 9.0]]


def test_sub_cent_parts_round_to_the_partition_total():
    frame = costs(("a", None, 0.004, 0.004), ("b", None, 0.004, 0.004), ("c", None, 0.004, 0.004))
    result = allocate_costs(frame, [])
    assert result.allocated_cents.tolist() == [1, 0, 0]      # 0.012 -> 0.01, one cent to the first part
    assert reconcile_allocation(result, frame).difference_cents.tolist() == [0]


def test_a_provider_month_reconciles_as_the_sum_of_its_rounded_invoices():
    # two invoices of half a cent each: one cent each on its invoice, two for the provider's
    # month (not the one cent that rounding the month's 0.010 would give)
    frame = costs(("a", None, 0.005, 0.005), ("b", None, 0.005, 0.005)).assign(
        BillingAccountId="100", InvoiceId=["I-1", "I-2"])
    result = allocate_costs(frame, [], cost_basis="billed", keys=INVOICE_KEYS)
    by_invoice = reconcile_allocation(result, frame, cost_basis="billed", keys=INVOICE_KEYS)
    by_provider = reconcile_allocation(result, frame, cost_basis="billed")
    assert by_invoice[["InvoiceId", "source_cents", "difference_cents"]].values.tolist() == [["I-1", 1, 0], ["I-2", 1, 0]]
    assert by_provider[["provider", "source_cents", "allocated_cents", "difference_cents"]].values.tolist() == [
        ["AWS", 2, 2, 0]]
    showback = allocate_costs(frame, [], cost_basis="billed")        # per provider month: one cent
    assert reconcile_allocation(showback, frame, cost_basis="billed")["source_cents"].tolist() == [1]


def test_reconcile_reports_a_difference():
    frame = costs(("a", None, 10, 10), ("b", None, 20, 20))
    result = allocate_costs(frame, [])
    broken = result.assign(allocated_cents=result.allocated_cents.where(result.team != "b", 1999))
    check = reconcile_allocation(broken, frame)
    assert check[["source_cost", "allocated_cost", "difference"]].values.tolist() == [[30.0, 29.99, -0.01]]


def test_summary_rolls_up_to_cost_centers_and_keeps_unallocated():
    frame = costs(("a", None, 10, 10), ("b", None, 30, 30), ("x", None, 5, 5), ("platform", "platform", 40, 40))
    result = allocate_costs(frame, [PLATFORM])
    teams = pd.DataFrame({"team": ["a", "b", "x", "platform"], "cost_center": ["CC-1", "CC-2", None, "CC-9"],
                          "business_unit": ["BU", "BU", None, "Tech"]})
    by_team = summarize_allocation(result, teams)
    assert by_team[["team", "direct_cost", "shared_cost", "allocated_cost"]].values.tolist() == [
        ["Unallocated", 0.0, 0.0, 0.0], ["a", 10.0, 8.89, 18.89], ["b", 30.0, 26.67, 56.67], ["x", 5.0, 4.44, 9.44]]
    by_center = summarize_allocation(result, teams, level="cost_center")
    assert [(None if pd.isna(c) else c, v) for c, v in by_center[["cost_center", "allocated_cost"]].values.tolist()] == [
        ("CC-1", 18.89), ("CC-2", 56.67), ("Unallocated", 0.0), (None, 9.44)]
    with pytest.raises(ConfigError, match="team, cost_center, business_unit"):
        summarize_allocation(result, teams, level="division")


def test_unallocated_share_before_and_after_pools():
    usage = pd.DataFrame({"billing_month": [MAY, MAY], "owner_source": ["tag", "unallocated"],
                          "billed_cost": [75, 25], "effective_cost": [75, 25]})
    frame = costs(("a", None, 75, 75), ("Unallocated", None, 25, 25), ("Unallocated", "platform", 100, 100))
    share = compute_unallocated_share(usage, allocate_costs(frame, [PLATFORM]))
    assert share[["unallocated_before_pools_pct", "unallocated_after_pools_pct"]].values.tolist() == [[25.0, 12.5]]


def test_unknown_rule_and_unknown_pool_are_config_errors():
    with pytest.raises(ConfigError, match="proportional, even, weights, driver"):
        get_rule("headcount")
    assert list(RULES) == ["proportional", "even", "weights", "driver"]
    with pytest.raises(ConfigError, match="ghost"):
        allocate_costs(costs(("a", "ghost", 1, 1)), [PLATFORM])
    with pytest.raises(InputError, match="effective_cost"):
        allocate_costs(costs(("a", None, 1, 1)).drop(columns="effective_cost"), [])


def test_billed_and_effective_differ_on_commitment_rows(data_dir, config):
    """A commitment purchase is billed (30.00, EffectiveCost 0) and amortized into the usage it
    covers (a: BilledCost 0, EffectiveCost 10). Billed: a pays its share of the purchase,
    weighed by consumption (10 of 30 effective); effective: a pays its amortized usage."""
    team_tags = lambda t: {"team": t, "environment": "prod", "product": "storefront"}  # noqa: E731
    rows = [
        row(ResourceId="p1", ChargeCategory="Purchase", ChargeFrequency="One-Time", BilledCost="30", EffectiveCost="0",
            CommitmentDiscountId="ri-1", Tags=None),
        row(ResourceId="i-a", BilledCost="0", EffectiveCost="10", PricingCategory="Committed",
            CommitmentDiscountId="ri-1", CommitmentDiscountStatus="Used", Tags=team_tags("payments")),
        row(ResourceId="i-b", BilledCost="20", EffectiveCost="20", Tags=team_tags("search")),
    ]
    write_csv(data_dir / "billing" / "a.csv", [{**r, "InvoiceId": "INV-1"} for r in rows])
    write_csv(data_dir / "ownership.csv", [
        {"rule_type": "team", "match_key": "", "match_value": "", "team": t, "cost_center": "CC-1", "business_unit": "BU"}
        for t in ("payments", "search")])
    with open_warehouse(data_dir, config) as wh:
        inputs = load_allocation_inputs(wh)
    billed = allocate_inputs(inputs, cost_basis="billed")
    effective = allocate_inputs(inputs, cost_basis="effective")
    total = lambda f: f.groupby("team").allocated_cost.sum().to_dict()  # noqa: E731
    assert total(billed) == {"payments": 10.0, "search": 40.0}
    assert total(effective) == {"payments": 10.0, "search": 20.0}
    assert shares(billed, "commitment purchases") == {"payments": 10.0, "search": 20.0}
    assert "commitment purchases" not in set(effective.source)           # 0.00 on the effective basis
    per_invoice = allocate_inputs(inputs, cost_basis="billed", per_invoice=True)
    assert reconcile_allocation(per_invoice, inputs.totals, cost_basis="billed", keys=INVOICE_KEYS).difference.tolist() == [0.0]
    for basis, frame in (("billed", billed), ("effective", effective)):
        assert reconcile_allocation(frame, inputs.totals, cost_basis=basis).difference.tolist() == [0.0]
