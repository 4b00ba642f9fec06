"""Anomaly detection on hand-made daily series (a planted spike, a weekly pattern, a level
shift) with exact answers, and the daily cost mart: rows in, exact rows out."""
from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest

from finops_analysis.anomalies import DETECTORS, detect_anomalies, score_daily_costs, summarize_anomalies
from finops_analysis.errors import ConfigError
from finops_analysis.warehouse import open_warehouse
from tests.conftest import OWNERSHIP, row, write_csv

START = date(2026, 1, 5)          # a Monday
DAYS = 84                         # twelve weeks


def weekly_series(days: int = DAYS) -> np.ndarray:
    """100 on weekdays and 20 at weekends, +2 in even weeks and -2 in odd weeks: every
    same-weekday median of four weeks is exactly the pattern, and the noise is known."""
    out = []
    for t in range(days):
        level = 20.0 if t % 7 >= 5 else 100.0
        out.append(level + (2.0 if (t // 7) % 2 == 0 else -2.0))
    return np.array(out)


def frame(values, service="Amazon EC2", sub_account="111", team="payments") -> pd.DataFrame:
    return pd.DataFrame({
        "charge_date": [START + timedelta(days=t) for t in range(len(values))],
        "provider": "AWS", "sub_account_id": sub_account, "sub_account_name": f"account-{sub_account}",
        "service_name": service, "owner_team": team, "contracted_cost": values,
        "effective_cost": values, "billed_cost": values, "list_cost": values,
    })


def test_a_weekly_pattern_is_not_an_anomaly():
    scored = score_daily_costs(frame(weekly_series()), min_excess_per_day=1)
    assert not scored.flagged.any()
    # the first weeks are not judged: the baseline needs history
    assert scored.score.isna().sum() == 56
    # Mondays after quiet weekends are expected, not flagged: their baseline is a Monday
    assert scored.baseline_cost[scored.charge_date == date(2026, 3, 16)].tolist() == [100.0]


def test_a_planted_spike_is_one_event_with_exact_start_duration_and_excess():
    values = weekly_series()
    values[63:66] += 300.0            # Monday to Wednesday of week 10 (an odd week: 98 + 300)
    events = detect_anomalies(frame(values), min_excess_per_day=50)
    assert len(events) == 1
    event = events.iloc[0]
    assert event.start_date == START + timedelta(days=63) == date(2026, 3, 9)
    assert event.end_date == date(2026, 3, 11)
    assert event.duration_days == 3
    assert event.excess_cost == 3 * 298.0          # actual 398 against the Monday-Wednesday baseline of 100
    assert event.baseline_cost == 300.0
    assert [event.provider, event.sub_account_name, event.service_name, event.owner_team] == [
        "AWS", "account-111", "Amazon EC2", "payments"]


def test_a_small_spike_below_the_minimum_excess_is_not_reported():
    values = weekly_series()
    values[63] += 40.0
    assert detect_anomalies(frame(values), min_excess_per_day=50).empty
    assert len(detect_anomalies(frame(values), min_excess_per_day=30)) == 1


def test_a_level_shift_is_reported_once_then_becomes_the_new_normal():
    values = weekly_series()
    values[56:] *= 1.5                # a price step on Monday 2 March, kept to the end (four weeks)
    scored = score_daily_costs(frame(values), min_excess_per_day=20)
    events = detect_anomalies(frame(values), min_excess_per_day=20)
    assert len(events) == 1
    event = events.iloc[0]
    # Flagged on the working days of the first two weeks (the weekend step, 13, is below
    # the minimum excess): one event across the weekend gap, from Monday to Friday a week on.
    assert [event.start_date, event.end_date] == [date(2026, 3, 2), date(2026, 3, 13)]
    assert [event.duration_days, event.flagged_days] == [12, 10]
    assert event.excess_cost == 5 * (153 - 100) + 2 * (33 - 20) + 5 * (147 - 100)
    # From the third week the same-weekday median is at least halfway up and the band has
    # widened: the new level is the normal one.
    assert not scored[scored.charge_date >= date(2026, 3, 14)].flagged.any()
    # with max_gap_days=0 the weekend splits it into one event per working week
    assert detect_anomalies(frame(values), min_excess_per_day=20, max_gap_days=0).duration_days.tolist() == [5, 5]


def test_each_series_is_judged_on_its_own():
    quiet = frame(weekly_series(), service="Amazon S3", team="search")
    spiky_values = weekly_series()
    spiky_values[70] += 500.0
    spiky = frame(spiky_values, service="Amazon EC2")
    events = detect_anomalies(pd.concat([quiet, spiky]))
    assert events.service_name.tolist() == ["Amazon EC2"]
    assert events.start_date.tolist() == [date(2026, 3, 16)]
    summary = summarize_anomalies(events, by="owner_team")
    assert summary[["owner_team", "anomalies", "anomaly_days", "excess_cost"]].values.tolist() == [
        ["payments", 1, 1, 502.0]]


def test_missing_days_count_as_zero_cost():
    values = weekly_series()
    values[64] = 0.0
    daily = frame(values)
    daily_without = daily.drop(index=64)
    assert score_daily_costs(daily_without).actual_cost.tolist() == score_daily_costs(daily).actual_cost.tolist()


def test_a_commitment_ending_is_not_a_usage_anomaly():
    # The same usage every week; a commitment covering 40% off ends on day 63, so the
    # amortized cost steps up while the on-demand equivalent does not move.
    usage = weekly_series()
    effective = np.where(np.arange(DAYS) < 63, usage * 0.6, usage)
    daily = frame(usage).assign(effective_cost=effective)
    assert detect_anomalies(daily, min_excess_per_day=20).empty                       # contracted (default)
    on_effective = detect_anomalies(daily, cost_basis="effective", min_excess_per_day=20)
    assert on_effective.start_date.tolist() == [date(2026, 3, 9)]


def test_unknown_detector_and_basis_list_the_valid_ones():
    assert "seasonal_median" in DETECTORS
    with pytest.raises(ConfigError, match="seasonal_median"):
        detect_anomalies(frame(weekly_series()), method="prophet")
    with pytest.raises(ConfigError, match="contracted, list, effective, billed"):
        detect_anomalies(frame(weekly_series()), cost_basis="amortized")
    with pytest.raises(ConfigError, match="at least 14"):
        detect_anomalies(frame(weekly_series()), baseline_days=7)


def test_the_input_frame_is_left_alone():
    daily = frame(weekly_series())
    before = daily.copy()
    detect_anomalies(daily)
    pd.testing.assert_frame_equal(daily, before)


def day(n: int) -> dict:
    return dict(ChargePeriodStart=f"2026-10-{n:02d}T00:00:00Z", ChargePeriodEnd=f"2026-10-{n + 1:02d}T00:00:00Z")


def test_daily_cost_mart_gives_exact_rows(data_dir, config):
    ml = {"team": "ml", "environment": "prod", "product": "storefront"}
    rows = [
        row(**day(5)),                                                     # payments, on demand
        row(**day(6)),
        row(**day(5), Tags=ml, PricingCategory="Committed", CommitmentDiscountId="sp-1",
            CommitmentDiscountStatus="Used", BilledCost="0", EffectiveCost="6"),
        # left out: idle commitment, a monthly fee, a purchase, a correction
        row(**day(5), CommitmentDiscountId="sp-1", CommitmentDiscountStatus="Unused", ResourceId="sp-1",
            BilledCost="0", EffectiveCost="4", Tags=None),
        row(ChargePeriodStart="2026-10-01T00:00:00Z", ChargePeriodEnd="2026-11-01T00:00:00Z",
            ChargeFrequency="Recurring", BilledCost="29", EffectiveCost="29", ListCost="29", ContractedCost="29"),
        row(**day(5), ChargeCategory="Purchase", ChargeFrequency="One-Time", CommitmentDiscountId="sp-1",
            EffectiveCost="0"),
        row(**day(6), ChargeClass="Correction", BilledCost="-10", EffectiveCost="-10", ListCost="-12",
            ContractedCost="-10"),
        row(**day(6), SubAccountId="200000000009", SubAccountName="ml-prod", Tags=None),
    ]
    write_csv(data_dir / "billing" / "focus.csv", rows)
    write_csv(data_dir / "ownership.csv", OWNERSHIP)
    with open_warehouse(data_dir, config) as wh:
        got = wh.query("marts/anomalies_cost_by_sub_account_service_day", start_date=None, end_date=None)
        window = wh.query("marts/anomalies_cost_by_sub_account_service_day", start_date="2026-10-06",
                          end_date="2026-10-06")
    money = ["billed_cost", "effective_cost", "list_cost", "contracted_cost"]
    got = got.assign(charge_date=pd.to_datetime(got.charge_date).dt.date, **{c: got[c].astype(float) for c in money})
    assert got.values.tolist() == [
        [date(2026, 10, 5), "AWS", "200000000001", "storefront-prod", "Amazon EC2", "payments", 10.0, 16.0, 24.0, 20.0],
        [date(2026, 10, 6), "AWS", "200000000001", "storefront-prod", "Amazon EC2", "payments", 10.0, 10.0, 12.0, 10.0],
        [date(2026, 10, 6), "AWS", "200000000009", "ml-prod", "Amazon EC2", "ml", 10.0, 10.0, 12.0, 10.0],
    ]
    assert len(window) == 2
