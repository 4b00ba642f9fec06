"""The optimization backlog: each finder on hand-made frames with exact answers, the ranking,
and the sample company's planted waste found."""
from __future__ import annotations

import pandas as pd
import pytest

from finops_analysis import opportunities as op
from finops_analysis.allocation_data import load_tag_compliance
from finops_analysis.commitments import find_expiring_commitments
from finops_analysis.compliance import compute_tag_compliance
from finops_analysis.warehouse import open_warehouse
from tests.conftest import SAMPLE

M = op.DAYS_PER_MONTH


def test_under_used_commitment_saves_its_unused_cost():
    frame = pd.DataFrame({"provider": ["AWS", "AWS"], "commitment_id": ["a", "b"], "commitment_name": ["RI a", "RI b"],
                          "window_days": [30, 30], "used_cost": [60.0, 99.0], "unused_cost": [60.0, 1.0]})
    owners = pd.DataFrame({"commitment_id": ["a"], "owner_team": ["ml"]})
    [row] = op.commitment_opportunities(frame, owners, utilization_target_pct=95)
    assert row["opportunity"] == "Exchange or resize RI a (50.0% used)" and row["owner"] == "ml"
    assert row["monthly_saving"] == round(60.0 / 30 * M, 2) and row["monthly_cost_affected"] == round(120 / 30 * M, 2)


def test_weekend_shutdown_saving_down_to_the_floor():
    frame = pd.DataFrame({"sub_account": ["dev", "dev2"], "service": ["VMs", "VMs"], "team": ["a", "b"],
                          "environment": ["dev", "dev"], "weekday_daily_cost": [100.0, 100.0],
                          "weekend_daily_cost": [90.0, 20.0]})
    [row] = op.weekend_opportunities(frame, weekend_ratio_pct=60, weekend_floor_pct=15)
    assert row["owner"] == "a" and row["monthly_saving"] == round((90 - 15) * op.WEEKEND_DAYS_PER_MONTH, 2)


def test_previous_generation_uses_the_data_price_else_the_expected_saving():
    instances = pd.DataFrame({"provider": ["AWS", "Microsoft", "AWS"], "instance_type": ["m4.xlarge", "Standard_D4_v3", "m6i.xlarge"],
                              "sub_account": ["p", "q", "p"], "team": ["a", "b", "a"], "effective_cost": [300.0, 300.0, 50.0]})
    prices = pd.DataFrame({"provider": ["AWS", "AWS", "Microsoft"], "instance_type": ["m4.xlarge", "m6i.xlarge", "Standard_D4_v3"],
                           "list_unit_price": [0.20, 0.15, 0.19]})
    rows = op.previous_generation_opportunities(instances, prices, window_days=30)
    assert [(r["opportunity"], r["monthly_saving"]) for r in rows] == [
        ("Move m4.xlarge to m6i.xlarge in p", round(300 / 30 * M * 0.25, 2)),          # 0.15 vs 0.20 in the data
        ("Move Standard_D4_v3 to Standard_D4as_v5 in q", round(300 / 30 * M * 0.10, 2)),  # not in the data: 10%
    ]


def test_ongoing_anomaly_counts_its_daily_excess_and_a_past_one_does_not():
    events = pd.DataFrame({"service_name": ["Logs", "DB"], "sub_account_name": ["prod", "prod"], "owner_team": ["a", "b"],
                           "start_date": pd.to_datetime(["2026-10-20", "2026-10-01"]),
                           "end_date": pd.to_datetime(["2026-10-31", "2026-10-03"]),
                           "duration_days": [12, 3], "excess_cost": [1200.0, 300.0]})
    rows = op.anomaly_opportunities(events, as_of="2026-10-31")
    assert [r["monthly_saving"] for r in rows] == [round(100 * M, 2), 0.0]


def test_ranking_by_return_on_effort():
    rows = [op._row("big but hard", "x", "a", "", 0, 1000, "high", "low", ""),
            op._row("small and easy", "x", "b", "", 0, 100, "low", "low", ""),
            op._row("tagging", "untagged spend", "c", "", 500, 0, "low", "low", "")]
    ranked = op.rank_opportunities(rows, engineer_day_cost=800, currency="USD")
    assert ranked["opportunity"].tolist() == ["small and easy", "big but hard", "tagging"]
    assert ranked["return_multiple"].tolist() == [1.5, 1.0, 0.0]      # 100x12/800, 1000x12/(15x800), 0
    assert ranked.attrs["grain"] == "one row per opportunity"


@pytest.fixture(scope="module")
def sample_backlog():
    wh = open_warehouse(SAMPLE)
    ws, we = "2026-10-01", "2026-11-01"
    cm = wh.query("marts/commitments_by_commitment", window_start=ws, window_end=we)
    owners = wh.query("marts/opportunities_commitment_owners", window_start=ws, window_end=we)
    weekends = wh.query("marts/opportunities_nonprod_weekends", window_start="2026-09-05", window_end=we,
                        environments=["dev", "staging"])
    instances = wh.query("marts/opportunities_instance_types", window_start=ws, window_end=we)
    prices = wh.query("marts/opportunities_instance_prices")
    compliance = compute_tag_compliance(load_tag_compliance(wh), dimension="team")
    compliance = compliance[pd.to_datetime(compliance["billing_month"]) == "2026-10-01"]
    rows = (op.commitment_opportunities(cm, owners) + op.expiring_opportunities(find_expiring_commitments(cm, we), owners)
            + op.weekend_opportunities(weekends) + op.previous_generation_opportunities(instances, prices, 31)
            + op.untagged_opportunities(compliance))
    return op.rank_opportunities(rows, currency="USD")


def test_the_sample_backlog_finds_the_planted_waste(sample_backlog):
    b = sample_backlog
    top = b.iloc[0]
    assert top["category"] == "expiring commitment" and "2026-12-15" in top["opportunity"]
    weekend = b[(b.category == "idle non-production") & (b.owner == "data-eng")]
    assert weekend["where"].tolist() == ["insights-dev"]                       # E5: dev VMs left on at weekends
    assert 900 < weekend["monthly_saving"].iloc[0] < 1400                     # README: $1,370 excess in 2026-10
    under = b[b.category == "under-used commitment"]
    assert len(under) == 1 and "E8s v5" in under["opportunity"].iloc[0]       # the Azure reservation at ~50%
    previous = b[(b.category == "previous generation") & (b.owner == "mobile-api")]
    assert {"m4", "c4"} <= {o.split()[1].split(".")[0] for o in previous["opportunity"]}   # E6
    assert b[b.category == "untagged spend"].set_index("owner").loc["search", "monthly_cost_affected"] > 40_000  # E3
