"""Variance on the committed sample (data/sample) against the events its README documents:
E2 (Azure SQL Database +15% from 2026-07-01) is price, E4 (mobile launch 2026-06-02) is
volume, and CC-1200 runs over budget from July 2026."""
from __future__ import annotations

import dataclasses

import pytest

from finops_analysis.config import load_config
from finops_analysis.forecast_data import load_budget_actuals, load_monthly_costs, load_sku_costs
from finops_analysis.narrative import narrate_price_volume
from finops_analysis.variance import compute_budget_variance, compute_top_movers, compute_variance
from finops_analysis.variance_pvm import compute_price_volume_mix, summarize_price_volume_mix
from finops_analysis.warehouse import open_warehouse
from tests.conftest import ROOT, SAMPLE


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    config = dataclasses.replace(load_config(ROOT / "finops.yaml"), temp_dir=tmp_path_factory.mktemp("duckdb"))
    with open_warehouse(SAMPLE, config) as wh:
        yield {"monthly": load_monthly_costs(wh), "budgets": load_budget_actuals(wh, unowned_cost_center="CC-1900"),
               "skus_jul": load_sku_costs(wh, "2026-07"), "skus_jun": load_sku_costs(wh, "2026-06")}


def test_monthly_totals_match_the_readme(sample):
    total = sample["monthly"][sample["monthly"].dimension == "total"].set_index("billing_month")
    assert total.loc["2025-05-01", ["effective_cost", "billed_cost"]].tolist() == [301959.80, 278480.40]
    assert total.loc["2026-10-01", ["effective_cost", "billed_cost"]].tolist() == [429999.95, 398893.60]


def test_azure_sql_price_increase_is_a_price_effect(sample):
    pvm = compute_price_volume_mix(sample["skus_jul"], "2026-07")
    sql = pvm[pvm.service == "Azure SQL Database"]
    print("\n" + sql[["sku_id", "prior_unit_price", "unit_price", "price_effect", "volume_effect", "mix_effect",
                      "residual"]].to_string(index=False))
    # every SKU's unit price rose 15%
    assert (sql.unit_price / sql.prior_unit_price).round(4).tolist() == [1.15] * len(sql)
    row = summarize_price_volume_mix(pvm).set_index("service").loc["Azure SQL Database"]
    assert row.price_effect == pytest.approx(0.15 * row.prior_cost, rel=0.001)
    assert abs(row.volume_effect) + abs(row.mix_effect) < row.price_effect / 2
    assert "Azure SQL Database rose" in narrate_price_volume(summarize_price_volume_mix(pvm))
    assert "mostly price" in narrate_price_volume(summarize_price_volume_mix(pvm)).split("Azure SQL Database")[1]
    # and in June, before the increase, the same service moved on volume only
    june = summarize_price_volume_mix(compute_price_volume_mix(sample["skus_jun"], "2026-06")).set_index("service")
    assert abs(june.loc["Azure SQL Database", "price_effect"]) < 0.001 * june.loc["Azure SQL Database", "prior_cost"]


def test_mobile_launch_is_a_volume_effect(sample):
    skus = sample["skus_jun"]
    pvm = compute_price_volume_mix(skus[skus.team == "mobile-api"], "2026-06", by=("team",))
    row = summarize_price_volume_mix(pvm, by=("team",)).iloc[0]
    print(f"\nmobile-api June vs May 2026: change {row.change_amount:,.2f}: price {row.price_effect:,.2f}, "
          f"volume {row.volume_effect:,.2f}, mix {row.mix_effect:,.2f}, residual {row.residual:,.2f}")
    assert row.volume_effect + row.mix_effect > 0.2 * row.prior_cost      # the launch: about +40% on its meters
    assert abs(row.price_effect) < 0.001 * row.prior_cost
    assert abs(row.residual) < 0.01 * row.prior_cost


def test_cc_1200_is_over_budget_from_july_2026(sample):
    for month in ["2026-07", "2026-08", "2026-09", "2026-10"]:
        result = compute_budget_variance(sample["budgets"], month).set_index("member")
        assert result.loc["CC-1200", "variance_amount"] > 0
        assert result.variance_pct.idxmax() == "CC-1200"          # the furthest over budget
    july = compute_budget_variance(sample["budgets"], "2026-07").set_index("member")
    print("\n" + july[["actual_cost", "base_cost", "variance_amount", "variance_pct"]].to_string())


def test_variance_and_movers_on_the_sample(sample):
    variance = compute_variance(sample["monthly"], materiality_amount=5000, materiality_pct=5)
    assert f"{variance.billing_month[0]:%Y-%m}" == "2026-10"
    prior_year = variance[variance.comparison == "prior_year"].iloc[0]
    assert (prior_year.base_cost, prior_year.actual_cost) == (334120.64, 429999.95)
    assert bool(prior_year.is_material)
    # September's runaway logging (E1) falls away in October: CloudWatch is a top service mover, down
    movers = compute_top_movers(sample["monthly"], "2026-10")
    cloudwatch = movers[(movers.dimension == "service") & (movers.member == "AmazonCloudWatch")]
    assert len(cloudwatch) == 1 and cloudwatch.change_amount.iloc[0] < 0
    assert movers.groupby("dimension").size().to_dict() == {"service": 5, "sub_account": 5, "team": 5}
    assert all(group.abs().is_monotonic_decreasing for _, group in movers.groupby("dimension").change_amount)
