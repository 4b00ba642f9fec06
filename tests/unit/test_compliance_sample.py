"""Tag compliance on the committed sample: the E3 tagging regression (2026-08-18) shows."""
from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from finops_analysis.allocation_data import load_tag_compliance, load_untagged_resources
from finops_analysis.compliance import compare_tag_compliance, compute_tag_compliance, rank_untagged_resources
from finops_analysis.config import load_config
from finops_analysis.warehouse import open_warehouse
from tests.conftest import ROOT, SAMPLE


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    config = dataclasses.replace(load_config(ROOT / "finops.yaml"), temp_dir=tmp_path_factory.mktemp("duckdb"))
    with open_warehouse(SAMPLE, config) as wh:
        yield load_tag_compliance(wh), load_untagged_resources(wh, "2026-09", "2026-10", limit=200)


def test_search_compliance_drops_after_the_tagging_regression(sample):
    by_team = compute_tag_compliance(sample[0], dimension="team")
    search = by_team[by_team.team == "search"].set_index(by_team[by_team.team == "search"].billing_month.dt.strftime("%Y-%m"))
    assert search.loc["2026-07", "compliant_cost_pct"] == 100.0
    assert 0 < search.loc["2026-08", "compliant_cost_pct"] < 100           # regression from the 18th
    assert search.loc["2026-09", "compliant_cost_pct"] == 0.0 and search.loc["2026-10", "compliant_rows_pct"] == 0.0
    drop = compare_tag_compliance(by_team, before="2026-07", after="2026-09")
    assert drop.team.iloc[0] == "search" and drop.change_pct_points.iloc[0] == -100.0
    others = drop[drop.team != "search"].change_pct_points.abs()
    assert (others < 1).all()                                            # nobody else moved


def test_overall_compliance_falls_with_search(sample):
    overall = compute_tag_compliance(sample[0], dimension="all")
    pct = overall.set_index(overall.billing_month.dt.strftime("%Y-%m")).compliant_cost_pct
    assert pct["2026-09"] < pct["2026-07"] - 5
    by_month = compute_tag_compliance(sample[0], dimension="team")
    search_share = by_month[(by_month.team == "search")].set_index("billing_month").cost / overall.set_index("billing_month").cost
    july = pd.Timestamp("2026-07-01")
    # the fall is about search's share of taggable cost, as search was fully compliant before
    assert abs((pct["2026-07"] - pct["2026-09"]) - 100 * search_share[july]) < 1.5


def test_search_resources_lead_the_untagged_list_with_team_missing(sample):
    ranked = rank_untagged_resources(sample[1], limit=200)
    search = ranked[ranked.team == "search"]
    assert len(search) > 0
    assert set(search.owner_source) == {"tag_rule"} and set(search.missing_keys) == {"team"}
    assert search.first_day.min() >= pd.Timestamp("2026-09-01").date()
