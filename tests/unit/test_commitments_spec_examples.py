"""The FOCUS specification's worked commitment examples are known answers
(tests/fixtures/focus_spec_examples, CC BY 4.0). The excerpts lack ContractedCost (and
some ListCost), which load as NULL: figures that need them are NaN, never a silent 0."""
from __future__ import annotations

import math
import shutil

import pytest

from finops_analysis import commitments as C
from finops_analysis.warehouse import open_warehouse
from tests.conftest import FIXTURES

EXAMPLES = FIXTURES / "focus_spec_examples"

# file -> (utilization_pct, utilization basis, used EffectiveCost, unused EffectiveCost)
UTILIZATION = {
    "commitment_discount_usage_scenario_1.csv": (100.0, 1.0, 0.0),       # fully used
    "commitment_discount_usage_scenario_2.csv": (0.0, 0.0, 1.0),         # fully unused
    "commitment_discount_usage_scenario_3.csv": (75.0, 0.75, 0.25),      # partly used
    "commitment_discount_usage_scenario_4.csv": (100.0, 1.0, 0.0),       # used, plus on-demand overage
    "one_hundred_percent_utilization_with_commitment_discount_flexibility_with_1_resource.csv": (100.0, 0.5, 0.0),
    "one_hundred_percent_utilization_with_commitment_discount_flexibility_with_2_resources.csv": (100.0, 2.0, 0.0),
    "one_hundred_percent_utilization_without_commitment_discount_flexibility.csv": (100.0, 1.5, 0.0),
    "zero_percent_utilization_without_commitment_discount_flexibility.csv": (0.0, 0.0, 1.5),
}


def marts_of(tmp_path, config, name):
    folder = tmp_path / "data"
    (folder / "billing").mkdir(parents=True)
    shutil.copy(EXAMPLES / name, folder / "billing" / name)
    with open_warehouse(folder, config) as wh:
        return (wh.query("marts/commitments_by_commitment_month"),
                wh.query("marts/commitments_usage_by_day", eligible_scope="any_provider"))


@pytest.mark.parametrize("name", sorted(UTILIZATION))
def test_utilization_matches_the_spec_example(tmp_path, config, name):
    by_month, _ = marts_of(tmp_path, config, name)
    util = C.compute_commitment_utilization(by_month, on_demand_basis="list")
    pct, used, unused = UTILIZATION[name]
    assert util.commitment_id.tolist() == ["<my-commitment-discount-id>"]
    assert util.utilization_pct.tolist() == [pct]
    assert util.utilization_basis.tolist() == ["CommitmentDiscountQuantity"]
    assert util.used_cost.tolist() == [used]
    assert util.unused_cost.tolist() == [unused]


def test_overage_runs_on_demand_and_leaves_utilization_at_100(tmp_path, config):
    _, usage = marts_of(tmp_path, config, "commitment_discount_usage_scenario_4.csv")
    on_demand = usage[usage.commitment_type.isna()]
    assert on_demand.effective_cost.astype(float).tolist() == [0.5]


def test_flexibility_examples_savings_and_rates(tmp_path, config):
    # 100% without flexibility: a 3.00 list VM hour bought for 1.50.
    by_month, usage = marts_of(tmp_path, config,
                               "one_hundred_percent_utilization_without_commitment_discount_flexibility.csv")
    util = C.compute_commitment_utilization(by_month, on_demand_basis="list")
    assert util.realized_savings.tolist() == [1.5]
    assert C.compute_effective_savings_rate(usage, by="total").effective_savings_rate_pct.tolist() == [50.0]
    assert C.compute_commitment_coverage(usage, by="total", on_demand_basis="list").coverage_pct.tolist() == [100.0]
    # ContractedCost is not in the excerpt: coverage on it is unknown, not 0.
    assert math.isnan(C.compute_commitment_coverage(usage, by="total").coverage_pct.iloc[0])
    assert math.isnan(C.compute_commitment_utilization(by_month).realized_savings.iloc[0])


def test_two_resources_share_one_flexible_commitment(tmp_path, config):
    name = "one_hundred_percent_utilization_with_commitment_discount_flexibility_with_2_resources.csv"
    by_month, usage = marts_of(tmp_path, config, name)
    util = C.compute_commitment_utilization(by_month, on_demand_basis="list")
    assert util[["used_quantity", "unused_quantity", "realized_savings"]].values.tolist() == [[4.0, 0.0, 2.0]]
    assert C.compute_effective_savings_rate(usage, by="total").effective_savings_rate_pct.tolist() == [50.0]


def test_zero_utilization_loses_money(tmp_path, config):
    # The idle 1.50 commitment plus a 2.00 on-demand VM, whose list price is 2.00: the
    # company paid 3.50 for 2.00 of list-priced usage.
    _, usage = marts_of(tmp_path, config, "zero_percent_utilization_without_commitment_discount_flexibility.csv")
    assert C.compute_effective_savings_rate(usage, by="total").effective_savings_rate_pct.tolist() == [-75.0]
