"""Tag compliance on hand-made rows: which charges count, exact shares, missing keys."""
from __future__ import annotations

import pandas as pd
import pytest

from finops_analysis.allocation_data import load_tag_compliance, load_untagged_resources
from finops_analysis.compliance import compare_tag_compliance, compute_tag_compliance, rank_untagged_resources
from finops_analysis.errors import ConfigError
from finops_analysis.warehouse import open_warehouse
from tests.conftest import OWNERSHIP, row, write_csv

OK = {"team": "payments", "environment": "prod", "product": "storefront"}


@pytest.fixture
def warehouse(data_dir, config):
    rows = [
        row(ResourceId="ok", BilledCost="10", EffectiveCost="10", Tags=OK),
        row(ResourceId="no-team", BilledCost="20", EffectiveCost="20", SubAccountId="200000000009",
            Tags={"environment": "prod", "product": "storefront"}),
        row(ResourceId="drifted", BilledCost="5", EffectiveCost="5",   # 'production' is repaired but not compliant
            Tags={"team": "payments", "env": "production", "product": "storefront"}),
        row(ResourceId="search", BilledCost="5", EffectiveCost="5", ServiceName="AWS Lambda",
            Tags={"app": "search-api"}),
        # cannot carry tags: not counted at all
        row(ResourceId="ri", ChargeCategory="Purchase", ChargeFrequency="One-Time", BilledCost="900", EffectiveCost="0", Tags=None),
        row(ResourceId="ri", CommitmentDiscountStatus="Unused", BilledCost="0", EffectiveCost="70", Tags=None),
        row(ResourceId=None, ChargeFrequency="Recurring", ServiceName="AWS Support", ServiceSubcategory="Support",
            BilledCost="100", EffectiveCost="100", Tags=None),
        row(ResourceId=None, ChargeCategory="Tax", BilledCost="3", EffectiveCost="3", Tags=None),
    ]
    write_csv(data_dir / "billing" / "a.csv", rows)
    write_csv(data_dir / "ownership.csv", OWNERSHIP)
    with open_warehouse(data_dir, config) as wh:
        yield wh


def test_share_of_cost_and_rows_over_taggable_charges(warehouse):
    compliance = load_tag_compliance(warehouse)
    overall = compute_tag_compliance(compliance, dimension="all", by_month=False)
    assert overall[["row_count", "compliant_rows", "cost", "compliant_cost", "untagged_cost"]].values.tolist() == [
        [4, 1, 40.0, 10.0, 30.0]]
    assert overall[["compliant_cost_pct", "compliant_rows_pct"]].values.tolist() == [[25.0, 25.0]]
    by_team = compute_tag_compliance(compliance, dimension="team")
    assert by_team[["team", "compliant_cost_pct", "compliant_rows_pct"]].values.tolist() == [
        ["ml", 0.0, 0.0], ["payments", 100 * (10 / 15), 50.0], ["search", 0.0, 0.0]]
    by_service = compute_tag_compliance(compliance, dimension="service", by_month=False)
    assert by_service[["service", "cost", "compliant_cost_pct"]].values.tolist() == [
        ["AWS Lambda", 5.0, 0.0], ["Amazon EC2", 35.0, 100 * (10 / 35)]]
    by_account = compute_tag_compliance(compliance, dimension="sub_account", by_month=False)
    assert by_account[["sub_account", "SubAccountName", "cost"]].values.tolist() == [
        ["200000000001", "storefront-prod", 20.0], ["200000000009", "storefront-prod", 20.0]]
    with pytest.raises(ConfigError, match="all, team, sub_account, service"):
        compute_tag_compliance(compliance, dimension="region")


def test_untagged_resources_name_their_missing_keys(warehouse):
    resources = load_untagged_resources(warehouse, "2026-10", limit=10)
    ranked = rank_untagged_resources(resources, untagged_total=30.0)
    got = [tuple(None if pd.isna(v) else v for v in r) for r in
           ranked[["ResourceId", "team", "owner_source", "cost", "untagged_share_pct", "missing_keys", "invalid_tags"]]
           .itertuples(index=False)]
    assert got == [
        ("no-team", "ml", "sub_account_rule", 20.0, 100 * (20 / 30), "team", None),
        ("drifted", "payments", "tag", 5.0, 100 * (5 / 30), None, "environment=production"),
        ("search", "search", "tag_rule", 5.0, 100 * (5 / 30), "environment, product, team", None),
    ]
    assert rank_untagged_resources(resources, limit=1).ResourceId.tolist() == ["no-team"]
    assert load_untagged_resources(warehouse, "2026-09").empty                # other months: nothing


def test_compare_two_months_lists_the_largest_drop_first():
    frame = pd.DataFrame({"billing_month": pd.to_datetime(["2026-07-01", "2026-07-01", "2026-09-01", "2026-09-01"]),
                          "team": ["a", "b", "a", "b"], "compliant_cost_pct": [90.0, 100.0, 95.0, 40.0]})
    out = compare_tag_compliance(frame, before="2026-07", after="2026-09")
    assert out[["team", "change_pct_points"]].values.tolist() == [["b", -60.0], ["a", 5.0]]
