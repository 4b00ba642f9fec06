"""The weekly pulse on hand-made frames: ISO weeks, movers, new anomalies, compliance, the
forecast shift, and the sentences and tiles built from them."""
from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from finops_analysis import pulse, pulse_describe
from finops_analysis.anomalies import EVENT_COLUMNS
from finops_analysis.errors import ConfigError, InputError
from finops_analysis.pulse_forecast import compute_forecast_shift, forecast_month_path
from finops_analysis.tables import with_meta

W37, W38 = pd.Timestamp("2026-09-07"), pd.Timestamp("2026-09-14")


def weekly(rows) -> pd.DataFrame:
    """(week_start, dimension, member, effective_cost[, usage_days]) -> a pulse_cost_by_week frame."""
    frame = pd.DataFrame([(*r, 7) if len(r) == 4 else r for r in rows],
                         columns=["week_start", "dimension", "member", "effective_cost", "usage_days"])
    return with_meta(frame.assign(billed_cost=frame["effective_cost"] / 2), grain="test", currency="USD")


def test_iso_weeks():
    assert pulse.parse_week("2026-W44") == (date(2026, 10, 26), date(2026, 11, 1))
    assert pulse.parse_week("2026w1") == (date(2025, 12, 29), date(2026, 1, 4))
    assert pulse.parse_week("2026-W53") == (date(2026, 12, 28), date(2027, 1, 3))
    for bad in ("2025-W53", "2026-44", "October"):
        with pytest.raises(ConfigError, match="is not an ISO week"):
            pulse.parse_week(bad)
    assert pulse.week_label(date(2027, 1, 3)) == "2026-W53"
    assert pulse.week_label(pd.Timestamp("2026-09-14")) == "2026-W38"
    # the data ends on a Saturday, a Sunday, a Monday: the last complete week
    assert [pulse.last_complete_week(d) for d in (date(2026, 10, 31), date(2026, 10, 25), date(2026, 10, 26))] == [
        "2026-W43", "2026-W43", "2026-W43"]
    assert pulse.describe_week("2026-W38") == "week 38 of 2026 (14 to 20 September 2026)"
    assert pulse.describe_week("2026-W53") == "week 53 of 2026 (28 December 2026 to 3 January 2027)"


def test_a_week_needs_itself_and_the_week_before_in_the_data():
    assert pulse.check_week("2026-W38", date(2026, 9, 7), date(2026, 9, 20)) == (date(2026, 9, 14), date(2026, 9, 20))
    with pytest.raises(InputError) as err:
        pulse.check_week("2026-W38", date(2026, 9, 8), date(2026, 9, 20))
    assert "from 2026-09-08 to 2026-09-20" in str(err.value)
    assert err.value.hint == "the pulse needs two whole weeks (Monday to Sunday) of usage days: add billing data"
    with pytest.raises(InputError) as err:
        pulse.check_week("2026-W38", date(2026, 1, 1), date(2026, 9, 19))
    assert err.value.hint == "pick a week from 2026-W03 to 2026-W37, or leave period empty for 2026-W37"


def test_movers_rank_the_largest_changes_per_dimension():
    costs = weekly([(W37, "team", "a", 100.0), (W38, "team", "a", 160.0),
                    (W37, "team", "b", 50.0), (W38, "team", "b", 20.0),
                    (W38, "team", "c", 25.0, 3),                       # new this week, three days of it
                    (W37, "team", "d", 10.0), (W38, "team", "d", 10.0),
                    (W37, "service", "S3", 5.0), (W38, "service", "S3", 7.5),
                    (pd.Timestamp("2026-08-31"), "team", "a", 999.0)])    # an older week is ignored
    movers = pulse.compute_weekly_movers(costs, "2026-W38", top_movers=3)
    team = movers[movers.dimension == "team"]
    assert team.member.tolist() == ["a", "b", "c"] and team["rank"].tolist() == [1, 2, 3]
    assert team.change_amount.tolist() == [60.0, -30.0, 25.0] and team.prior_cost.tolist() == [100.0, 50.0, 0.0]
    assert team.change_pct.tolist()[:2] == [60.0, -60.0] and np.isnan(team.change_pct.iloc[2])
    assert team.usage_days.tolist() == [7, 7, 3]
    assert movers[movers.dimension == "service"][["member", "change_amount"]].values.tolist() == [["S3", 2.5]]
    assert (movers.week.unique().tolist(), movers.prior_week.unique().tolist()) == (["2026-W38"], ["2026-W37"])
    billed = pulse.compute_weekly_movers(costs, "2026-W38", dimensions=("team",), cost_basis="billed", top_movers=1)
    assert billed.change_amount.tolist() == [30.0] and billed.attrs["cost_basis"] == "billed"
    with pytest.raises(ConfigError, match="no dimension 'sub_account'"):
        pulse.compute_weekly_movers(costs, "2026-W38", dimensions=("sub_account",))


def test_week_total():
    total = pulse.compute_week_total(weekly([(W37, "total", "Total", 80.0), (W38, "total", "Total", 100.0, 6)]),
                                     "2026-W38")
    assert total[["prior_cost", "actual_cost", "change_amount", "change_pct", "usage_days"]].values.tolist() == [
        [80.0, 100.0, 20.0, 25.0, 6]]


def events(*starts) -> pd.DataFrame:
    rows = [{"provider": "AWS", "sub_account_id": "1", "sub_account_name": "prod", "service_name": f"svc{i}",
             "owner_team": "checkout", "start_date": date.fromisoformat(s), "end_date": date.fromisoformat(s),
             "duration_days": 2, "flagged_days": 2, "actual_cost": 300.0, "baseline_cost": 100.0,
             "excess_cost": 100.0 * (i + 1), "peak_score": 9.0} for i, s in enumerate(starts)]
    return with_meta(pd.DataFrame(rows, columns=EVENT_COLUMNS), grain="one row per anomaly event", currency="USD")


def test_new_anomalies_are_those_that_started_in_the_week():
    new = pulse.select_new_anomalies(events("2026-09-13", "2026-09-14", "2026-09-20", "2026-09-21"), "2026-W38")
    assert new.service_name.tolist() == ["svc2", "svc1"] and new.excess_cost.tolist() == [300.0, 200.0]
    assert pulse.select_new_anomalies(events(), "2026-W38").empty


def compliance_rows(rows) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["week_start", "scope", "team", "row_count", "compliant_rows",
                                        "effective_cost", "compliant_effective_cost"])
    frame = frame.assign(billed_cost=frame.effective_cost, compliant_billed_cost=frame.compliant_effective_cost)
    return with_meta(frame, grain="test", currency="USD")


def test_compliance_by_team_against_the_week_before():
    frame = compliance_rows([
        (W37, "team", "search", 10, 10, 200.0, 200.0), (W38, "team", "search", 10, 0, 200.0, 0.0),
        (W37, "team", "ml", 4, 3, 100.0, 75.0), (W38, "team", "ml", 4, 3, 100.0, 80.0),
        (W37, "all", "(all teams)", 14, 13, 300.0, 275.0), (W38, "all", "(all teams)", 14, 3, 300.0, 80.0)])
    out = pulse.compute_weekly_compliance(frame, "2026-W38")
    assert out.team.tolist() == ["search", "ml", "(all teams)"]
    assert out.compliant_cost_pct.tolist() == pytest.approx([0.0, 80.0, 80 / 3])
    assert out.prior_compliant_cost_pct.tolist() == pytest.approx([100.0, 75.0, 275 / 3])
    assert out.change_pct_points.tolist() == pytest.approx([-100.0, 5.0, -65.0])
    assert out.untagged_cost.tolist() == [200.0, 20.0, 220.0] and out.compliant_rows_pct.tolist()[:2] == [0.0, 75.0]
    text = pulse_describe.describe_weekly_compliance(out, target_pct=90)
    assert text.splitlines() == [
        "- 26.7% of taggable cost carried every required tag (-65.0 points on the week before), "
        "below the 90.0% target.",
        "- Lowest below target: search 0.0% (\\$200 untagged), ml 80.0% (\\$20 untagged).",
        "- Largest drop: search, from 100.0% to 0.0%."]


def test_sentences_come_from_the_tables_and_escape_data_text():
    costs = weekly([(W37, "total", "Total", 1000.0), (W38, "total", "Total", 1250.0),
                    (W37, "team", "*ml_ops*", 100.0), (W38, "team", "*ml_ops*", 350.0),
                    (W37, "service", "<b>S3</b>", 0.0), (W38, "service", "<b>S3</b>", 40.0)])
    total = pulse.compute_week_total(costs, "2026-W38")
    movers = pulse.compute_weekly_movers(costs, "2026-W38")
    assert pulse_describe.describe_week_movers(total, movers).splitlines() == [
        "- Usage cost in week 38 of 2026 (14 to 20 September 2026) was \\$1,250, up \\$250 (+25.0%) on week 37.",
        "- Largest moves by team: \\*ml\\_ops\\* up \\$250 (+250.0%).",
        "- Largest moves by service: \\<b\\>S3\\</b\\> up \\$40 (new)."]
    new = pulse.select_new_anomalies(events("2026-09-15"), "2026-W38")
    assert pulse_describe.describe_new_anomalies(new, "2026-W38").splitlines() == [
        "- 1 anomaly started in week 38, \\$100 above its baseline.",
        "- svc0 in prod (owner checkout): from 2026-09-15 for 2 days, \\$100 above its baseline."]
    assert pulse_describe.describe_new_anomalies(new.iloc[:0], "2026-W38") == "- No new anomaly started in week 38."


def daily_costs(values: dict) -> pd.DataFrame:
    """{(first day, last day): cost per day} -> a forecast_cost_by_day frame (total only)."""
    parts = [pd.DataFrame({"charge_date": pd.date_range(a, b), "effective_cost": cost})
             for (a, b), cost in values.items()]
    frame = pd.concat(parts, ignore_index=True).assign(dimension="total", member="Total")
    return with_meta(frame.assign(billed_cost=frame.effective_cost), grain="test", currency="USD")


def test_forecast_shift_with_the_naive_method():
    # 100 a day, then 200 a day from the week of 14 September: the naive forecast is the last day
    daily = daily_costs({("2026-08-01", "2026-09-13"): 100.0, ("2026-09-14", "2026-09-20"): 200.0})
    shift = compute_forecast_shift(daily, "2026-W38", method="naive")
    assert shift.forecast.tolist() == ["before the week", "after the week"]
    assert shift.data_through.tolist() == [date(2026, 9, 13), date(2026, 9, 20)]
    assert shift.month.tolist() == ["2026-09", "2026-09"] and shift.method.tolist() == ["naive", "naive"]
    assert shift.week_cost.tolist() == [700.0, 1400.0]                  # 7 x 100 forecast, 7 x 200 actual
    assert shift.actual_to_date_cost.tolist() == [1300.0, 2700.0]       # 13 x 100; + 7 x 200
    assert shift.forecast_rest_cost.tolist() == [1700.0, 2000.0]        # 17 x 100; 10 x 200
    assert shift.month_end_cost.tolist() == [3000.0, 4700.0]
    assert pulse_describe.describe_forecast_shift(shift).splitlines() == [
        "- With this week's data the forecast of September 2026's usage cost moved up \\$1,700 (+56.7%): from "
        "\\$3,000 (data through 2026-09-13) to \\$4,700 (data through 2026-09-20).",
        "- The week cost \\$1,400 against \\$700 forecast a week earlier (+\\$700)."]
    history, ahead = forecast_month_path(daily, "2026-W38", method="naive", history_days=3)
    assert history.cost.tolist() == [200.0, 200.0, 200.0] and len(ahead) == 10
    assert ahead["mean"].tolist() == [200.0] * 10 and {"lo80", "hi80", "lo95", "hi95"} <= set(ahead.columns)


def test_a_week_across_two_months_forecasts_the_month_of_its_sunday():
    daily = daily_costs({("2026-08-01", "2026-10-04"): 100.0})
    shift = compute_forecast_shift(daily, "2026-W40", method="naive")     # Mon 28 Sep to Sun 4 Oct
    assert shift.month.tolist() == ["2026-10", "2026-10"]
    assert shift.actual_to_date_cost.tolist() == [0.0, 400.0] and shift.month_end_cost.tolist() == [3100.0, 3100.0]
    assert "did not change" in pulse_describe.describe_forecast_shift(shift)


def test_kpi_tiles():
    total = pulse.compute_week_total(weekly([(W37, "total", "Total", 1000.0), (W38, "total", "Total", 1250.0)]),
                                     "2026-W38")
    comp = pulse.compute_weekly_compliance(compliance_rows([
        (W37, "all", "(all teams)", 2, 2, 100.0, 95.0), (W38, "all", "(all teams)", 2, 2, 100.0, 92.5)]), "2026-W38")
    shift = compute_forecast_shift(daily_costs({("2026-08-01", "2026-09-13"): 100.0,
                                                ("2026-09-14", "2026-09-20"): 200.0}), "2026-W38", method="naive")
    tiles = pulse_describe.pulse_kpis(total, pulse.select_new_anomalies(events("2026-09-15", "2026-09-16"), "2026-W38"),
                                      comp, shift, target_pct=90)
    assert tiles == [("Usage cost this week", "$1,250", "+25.0% on week 37", ""),
                     ("New anomalies", "2", "$300 excess", "bad"),
                     ("Tag compliance", "92.5%", "-2.5 points; target 90.0%", "good"),
                     ("Month-end forecast", "$4,700", "+$1,700 this week", "")]
