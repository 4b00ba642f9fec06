"""Charts: one house style, money axes, stable team colours; each plot returns a Figure."""
from __future__ import annotations

import io

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.figure import Figure

from finops_analysis import charts


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.mark.parametrize("value, text", [
    (1_234_567, "$1.2M"), (45_200, "$45.2k"), (830, "$830"), (-12_500, "-$12.5k"), (2.4e9, "$2.4B"), (0, "$0"),
])
def test_money_format(value, text):
    assert charts.format_money(value) == text


def test_money_format_other_currencies():
    assert charts.format_money(1500, "EUR") == "€1.5k"
    assert charts.format_money(1500, "CHF") == "CHF 1.5k"


def test_team_colours_do_not_depend_on_the_chart():
    everyone = charts.team_colors(["payments", "search", "checkout", "ml", "Unallocated"])
    assert everyone["Unallocated"] == charts.FIXED_COLORS["Unallocated"]
    assert len({everyone[t] for t in ("payments", "search", "checkout", "ml")}) == 4
    # a chart showing two teams keeps the pack's colours
    assert charts._colors_for(["search", "ml"], everyone) == {**everyone}
    assert charts._colors_for(["search", "newcomer"], everyone)["search"] == everyone["search"]


def _png(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


def test_stacked_cost_trend_has_one_bar_series_per_team_and_money_ticks():
    frame = pd.DataFrame({"month": pd.to_datetime(["2026-09-01", "2026-09-01", "2026-10-01", "2026-10-01"]),
                          "team": ["a", "b", "a", "b"], "cost": [1000.0, 3000.0, 1500.0, 2500.0]})
    fig = charts.plot_cost_trend(frame, "month", "cost", title="Cost by team", hue="team")
    ax = fig.axes[0]
    assert isinstance(fig, Figure) and len(ax.containers) == 2
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2026-09", "2026-10"]
    assert ax.yaxis.get_major_formatter()(4000, 0) == "$4.0k"
    assert _png(fig).startswith(b"\x89PNG")


def test_ranked_bars_largest_on_top_with_target():
    frame = pd.DataFrame({"team": ["a", "b", "c"], "pct": [95.0, 70.0, 88.0]})
    fig = charts.plot_ranked_bars(frame, "team", "pct", currency=None, target=90)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["b", "c", "a"]
    assert ax.xaxis.get_major_formatter()(90, 0) == "90%"


def test_forecast_fan_and_waterfall_and_budget_render():
    hist = pd.DataFrame({"month": pd.date_range("2026-01-01", periods=6, freq="MS"), "cost": range(100, 160, 10)})
    fut = pd.DataFrame({"month": pd.date_range("2026-07-01", periods=3, freq="MS"), "mean": [160, 170, 180],
                        "lo80": [150, 155, 160], "hi80": [170, 185, 200], "lo95": [140, 145, 150], "hi95": [180, 195, 210]})
    fig = charts.plot_forecast(hist, fut, "month", "cost")
    assert len(fig.axes[0].collections) == 2          # the 80% and 95% bands
    steps = pd.DataFrame({"part": ["price", "volume", "mix"], "amount": [30.0, -10.0, 5.0]})
    fig = charts.plot_waterfall(steps, "part", "amount", "September", "October", start=100.0)
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == ["September", "price", "volume", "mix", "October"]
    budget = pd.DataFrame({"cc": ["CC-1", "CC-2"], "actual": [120.0, 80.0], "budget": [100.0, 100.0]})
    fig = charts.plot_budget_vs_actual(budget, "cc", "actual", "budget")
    actual_bars = fig.axes[0].containers[1]
    assert [b.get_facecolor()[:3] for b in actual_bars] == [
        tuple(int(charts.BAD[i:i + 2], 16) / 255 for i in (1, 3, 5)),
        tuple(int(charts.GOOD[i:i + 2], 16) / 255 for i in (1, 3, 5))]


def test_anomaly_and_ratio_charts_render():
    days = pd.DataFrame({"day": pd.date_range("2026-09-01", periods=20), "actual": [100.0] * 20, "expected": [100.0] * 20})
    events = pd.DataFrame({"start": [pd.Timestamp("2026-09-10")], "end": [pd.Timestamp("2026-09-12")]})
    fig = charts.plot_anomalies(days, "day", "actual", "expected", events)
    assert len(fig.axes[0].patches) == 1
    ratio = pd.DataFrame({"month": ["2026-09", "2026-10"], "pct": [62.0, 64.0]})
    fig = charts.plot_ratio_trend(ratio, "month", "pct", target=(60, 85))
    assert _png(fig).startswith(b"\x89PNG")
