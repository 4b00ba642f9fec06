"""Forecasting methods: exact naive and seasonal naive paths, interval ordering, the registry."""
from __future__ import annotations

import math

import numpy as np
import pytest

from finops_analysis.config import load_config
from finops_analysis.errors import ConfigError, InputError
from finops_analysis.forecast import FORECASTERS as REEXPORTED
from finops_analysis.forecast_methods import FORECASTERS, forecast_path
from tests.conftest import ROOT

Z80, Z95 = 1.2815515655446004, 1.959963984540054   # standard normal quantiles 0.90 and 0.975


def test_naive_repeats_the_last_value_with_random_walk_intervals():
    path = forecast_path([10.0, 12.0, 11.0, 13.0], "naive", 3)
    assert path.method == "naive"
    assert path.mean.tolist() == [13.0, 13.0, 13.0]
    sigma = math.sqrt((2 ** 2 + 1 ** 2 + 2 ** 2) / 3)     # root mean square of the one-step changes
    lo80, hi80 = path.bounds[80]
    assert hi80.tolist() == pytest.approx([13 + Z80 * sigma * math.sqrt(h) for h in (1, 2, 3)], abs=1e-9)
    assert lo80.tolist() == pytest.approx([13 - Z80 * sigma * math.sqrt(h) for h in (1, 2, 3)], abs=1e-9)
    assert path.bounds[95][1][0] == pytest.approx(13 + Z95 * sigma, abs=1e-9)


def test_seasonal_naive_repeats_last_week():
    week = [10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0]
    y = week + [v + 1 for v in week]
    path = forecast_path(y, "seasonal_naive", 9, season_length=7)
    assert path.mean.tolist() == [11.0, 21.0, 31.0, 41.0, 51.0, 61.0, 71.0, 11.0, 21.0]
    lo95, hi95 = path.bounds[95]
    # every seasonal difference is 1, so sigma = 1; the second week ahead has sqrt(2)
    assert (hi95 - path.mean).tolist() == pytest.approx([Z95] * 7 + [Z95 * math.sqrt(2)] * 2, abs=1e-9)


def test_seasonal_naive_on_a_series_shorter_than_a_season_is_naive():
    path = forecast_path([5.0, 6.0, 7.0], "seasonal_naive", 2, season_length=7)
    assert (path.method, path.mean.tolist()) == ("naive", [7.0, 7.0])


def test_ets_on_a_short_series_falls_back_to_naive_and_says_so():
    path = forecast_path([100.0, 110.0, 120.0], "ets", 2)
    assert (path.method, path.mean.tolist()) == ("naive", [120.0, 120.0])


def noisy(n, season=1, seed=3):
    rng = np.random.default_rng(seed)
    t = np.arange(n)
    weekly = np.where(t % 7 >= 5, -30.0, 10.0) if season == 7 else 0.0
    return 1000 + 5 * t + weekly + rng.normal(0, 15, n)


@pytest.mark.parametrize("method", sorted(FORECASTERS))
@pytest.mark.parametrize("season, n", [(1, 18), (7, 120)])
def test_intervals_nest_around_the_forecast(method, season, n):
    path = forecast_path(noisy(n, season), method, 10, season_length=season, levels=(95, 80))
    lo80, hi80 = path.bounds[80]
    lo95, hi95 = path.bounds[95]
    assert path.method == ("naive" if (method, season) == ("seasonal_naive", 1) else method)
    assert np.all(lo95 <= lo80) and np.all(lo80 <= path.mean) and np.all(path.mean <= hi80)
    assert np.all(hi80 <= hi95) and np.all(hi95 - lo95 > 0)


def test_ets_follows_a_trend():
    path = forecast_path(noisy(18), "ets", 3)
    assert path.method == "ets"
    # the series rises 5 a step from about 1085 at its end: damped, but still rising
    assert 1060 < path.mean[0] < path.mean[2] < 1130


def test_forecasts_of_a_cost_never_go_below_zero():
    path = forecast_path([30.0, 20.0, 10.0, 5.0], "linear", 3)
    assert path.mean.min() >= 0 and all(lo.min() >= 0 for lo, _ in path.bounds.values())


def test_unknown_method_lists_the_valid_ones():
    with pytest.raises(ConfigError, match="ets, naive, seasonal_naive, linear"):
        forecast_path([1.0, 2.0], "prophet", 1)


def test_a_series_with_a_gap_is_refused():
    with pytest.raises(InputError, match="without gaps"):
        forecast_path([1.0, float("nan"), 2.0], "naive", 1)


def test_the_configured_method_and_levels_are_valid():
    section = load_config(ROOT / "finops.yaml").section("forecast")
    assert section["method"] in REEXPORTED
    path = forecast_path(noisy(18), section["method"], section["horizon_months"], levels=section["intervals"])
    assert sorted(path.bounds) == sorted(section["intervals"]) and len(path.mean) == section["horizon_months"]
