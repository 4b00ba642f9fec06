"""The weekly pulse on the committed sample company (data/sample/README.md, Injected events):
E1, the runaway logging of 2026-09-14 to 2026-09-17, is the top mover and a new anomaly in
the pulse for its week; E3, the tagging regression from 2026-08-18, is the largest
compliance drop of its week."""
from __future__ import annotations

import dataclasses
from datetime import date

import pandas as pd
import pytest

from finops_analysis import pulse, pulse_data
from finops_analysis.anomalies import detect_anomalies
from finops_analysis.config import load_config
from finops_analysis.forecast_data import load_daily_costs
from finops_analysis.pulse_forecast import compute_forecast_shift
from finops_analysis.warehouse import open_warehouse
from tests.conftest import ROOT, SAMPLE

# E1 as the README gives it: where, owner, days and size (excess over the 4 days)
E1 = {"provider": "AWS", "sub_account": "storefront-prod", "service": "AmazonCloudWatch", "owner": "checkout",
      "start": date(2026, 9, 14), "end": date(2026, 9, 17), "excess": 2478.05}
E3 = {"owner": "search", "start": date(2026, 8, 18)}
END = date(2026, 10, 31)               # the last usage day of the sample ("end of data")


@pytest.fixture(scope="module")
def wh(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pulse_sample")
    config = dataclasses.replace(load_config(ROOT / "finops.yaml"), temp_dir=folder / "duckdb_tmp",
                                 out_dir=folder / "out")
    with open_warehouse(SAMPLE, config) as warehouse:
        yield warehouse


@pytest.fixture(scope="module")
def week() -> str:
    return pulse.week_label(E1["start"])


def test_the_default_week_is_the_last_complete_one(wh):
    assert pulse_data.resolve_week(wh, "") == pulse.week_label(END - pd.Timedelta(days=(END.weekday() + 1) % 7))


def test_runaway_logging_is_the_top_mover_by_team_and_by_service(wh, week):
    movers = pulse.compute_weekly_movers(pulse_data.load_weekly_costs(wh, week), week)
    top = movers[movers["rank"] == 1].set_index("dimension")
    assert top.loc["team", "member"] == E1["owner"] and top.loc["service", "member"] == E1["service"]
    # the week's rise is the event's excess, give or take the usual noise of a week
    assert top.loc["team", "change_amount"] == pytest.approx(E1["excess"], rel=0.05)
    assert top.loc["service", "change_amount"] == pytest.approx(E1["excess"], rel=0.05)
    second = movers[(movers["dimension"] == "team") & (movers["rank"] == 2)]["change_amount"].abs().iloc[0]
    assert second < E1["excess"] / 5                   # nothing else moved like it


def test_runaway_logging_is_a_new_anomaly_of_its_week(wh, week):
    settings = wh.config.section("anomalies")
    days = pulse_data.load_anomaly_days(wh, week, settings["baseline_days"])
    events = detect_anomalies(days, method=settings["method"], cost_basis=settings["cost_basis"],
                              baseline_days=settings["baseline_days"], threshold=settings["threshold"],
                              min_excess_per_day=settings["min_excess_per_day"], max_gap_days=settings["max_gap_days"])
    new = pulse.select_new_anomalies(events, week)
    largest = new.iloc[0]
    assert (largest.provider, largest.sub_account_name, largest.service_name, largest.owner_team) == (
        E1["provider"], E1["sub_account"], E1["service"], E1["owner"])
    assert (largest.start_date, largest.end_date) == (E1["start"], E1["end"])
    assert largest.excess_cost == pytest.approx(E1["excess"], rel=0.05)
    # the week before has no anomaly starting in E1's series
    before = pulse.select_new_anomalies(events, pulse.week_label(E1["start"] - pd.Timedelta(days=7)))
    assert not (before["service_name"] == E1["service"]).any()


def test_the_week_cost_more_than_forecast_a_week_earlier(wh, week):
    shift = compute_forecast_shift(load_daily_costs(wh), week, method=wh.config.section("forecast")["method"])
    before, after = shift.iloc[0], shift.iloc[1]
    assert after.week_cost - before.week_cost > E1["excess"] / 2
    assert after.month_end_cost > before.month_end_cost
    assert after.actual_to_date_cost - before.actual_to_date_cost == pytest.approx(after.week_cost, abs=0.02)


def test_the_tagging_regression_is_the_largest_compliance_drop_of_its_week(wh):
    week = pulse.week_label(E3["start"])
    compliance = pulse.compute_weekly_compliance(pulse_data.load_weekly_compliance(wh, week), week)
    teams = compliance[compliance["team"] != "(all teams)"].sort_values("change_pct_points")
    assert teams.iloc[0]["team"] == E3["owner"] and teams.iloc[0]["change_pct_points"] < -50
    following = pulse.week_label(E3["start"] + pd.Timedelta(days=7))
    after = pulse.compute_weekly_compliance(pulse_data.load_weekly_compliance(wh, following), following)
    assert after.set_index("team").loc[E3["owner"], "compliant_cost_pct"] == 0.0
