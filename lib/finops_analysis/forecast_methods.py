"""The forecasting methods, chosen by name from `FORECASTERS`.

Each method takes a plain series (floats, oldest first, evenly spaced), a horizon, the
season length (1 for monthly series, 7 for daily ones) and the interval levels, and returns
a `Path`: the point forecast and, per level, the lower and upper prediction bounds for
each step ahead.

Library: statsmodels (already a dependency) rather than prophet, pmdarima or
statsforecast: its `ETSModel` is the state-space form of exponential smoothing, so one
maximum-likelihood fit gives both the forecast and analytic prediction intervals, with no
compiled extras to install.

- "ets": additive errors, additive damped trend (AAdN). With 18 monthly points there is
  no yearly seasonality to fit; daily series add an additive weekly season (AAdA). The
  intervals are statsmodels' exact ones for these all-additive models (normal errors,
  variance growing with the horizon as the state-space recursion gives it).
- "naive": the last value. Intervals assume a random walk: sigma * sqrt(h), sigma the
  root mean square of the one-step changes.
- "seasonal_naive": the value one season earlier; intervals sigma * sqrt(k + 1), k the
  whole seasons elapsed before the step, sigma from the seasonal differences.
- "linear": an ordinary least squares trend line; statsmodels' prediction intervals for
  a new observation.

A series too short for a method falls back to the naive one of its kind, and says so in
`Path.method`. When the history never goes below 0, forecasts and bounds are floored at
0 (a cost cannot turn into a refund because a trend or an interval runs on).
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass
from statistics import NormalDist
from typing import Callable, Sequence

import numpy as np
import pandas as pd

from .errors import ConfigError, InputError

DEFAULT_LEVELS = (80, 95)
MIN_POINTS_ETS = 8          # fewer than this cannot pin down level, trend and damping
MIN_SEASONS_ETS = 3         # whole seasons of history before a seasonal ETS is fitted


@dataclass(frozen=True)
class Path:
    """A forecast path: `mean[h-1]` for step h, and `bounds[level] = (lower, upper)`."""
    method: str
    mean: np.ndarray
    bounds: dict[int, tuple[np.ndarray, np.ndarray]]


def _z(level: int) -> float:
    if not 0 < level < 100:
        raise ConfigError(f"interval level {level!r} must be a percentage between 0 and 100")
    return NormalDist().inv_cdf(0.5 + level / 200)    # the standard library's: no SciPy import for a quantile


def _normal_path(method: str, mean: np.ndarray, sd: np.ndarray, levels: Sequence[int]) -> Path:
    return Path(method, mean, {lv: (mean - _z(lv) * sd, mean + _z(lv) * sd) for lv in levels})


def _rms(values: np.ndarray) -> float:
    return float(np.sqrt(np.mean(values ** 2))) if len(values) else float("nan")


def naive(y: np.ndarray, horizon: int, season_length: int = 1, levels: Sequence[int] = DEFAULT_LEVELS) -> Path:
    """Every step ahead equals the last value."""
    steps = np.arange(1, horizon + 1)
    sigma = _rms(np.diff(y))
    return _normal_path("naive", np.full(horizon, y[-1], dtype=float), sigma * np.sqrt(steps), levels)


def seasonal_naive(y: np.ndarray, horizon: int, season_length: int = 7,
                   levels: Sequence[int] = DEFAULT_LEVELS) -> Path:
    """Each step ahead equals the value one season before it (naive when m = 1 or too short)."""
    m = season_length
    if m <= 1 or len(y) < m:
        return naive(y, horizon, 1, levels)
    steps = np.arange(1, horizon + 1)
    mean = np.array([y[len(y) - m + (h - 1) % m] for h in steps], dtype=float)
    sigma = _rms(y[m:] - y[:-m])
    return _normal_path("seasonal_naive", mean, sigma * np.sqrt((steps - 1) // m + 1), levels)


def ets(y: np.ndarray, horizon: int, season_length: int = 1, levels: Sequence[int] = DEFAULT_LEVELS) -> Path:
    """Exponential smoothing, additive damped trend (+ additive season when m > 1)."""
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    seasonal = season_length > 1
    if seasonal and len(y) < MIN_SEASONS_ETS * season_length:
        return seasonal_naive(y, horizon, season_length, levels)
    if len(y) < MIN_POINTS_ETS:
        return (seasonal_naive if seasonal else naive)(y, horizon, season_length, levels)
    # a Series, not an array: statsmodels' prediction results need an index
    model = ETSModel(pd.Series(np.asarray(y, dtype=float)), error="add", trend="add", damped_trend=True,
                     seasonal="add" if seasonal else None,
                     seasonal_periods=season_length if seasonal else None)
    with warnings.catch_warnings():
        # optimiser chatter (convergence notes) on short series; the fit is still usable
        warnings.simplefilter("ignore")
        fit = model.fit(disp=False)
        pred = fit.get_prediction(start=len(y), end=len(y) + horizon - 1)
        mean = np.asarray(pred.predicted_mean, dtype=float)
        bounds = {}
        for lv in levels:
            _z(lv)
            frame = pred.summary_frame(alpha=1 - lv / 100)
            bounds[lv] = (frame["pi_lower"].to_numpy(float), frame["pi_upper"].to_numpy(float))
    return Path("ets", mean, bounds)


def _trend(first: int, stop: int) -> np.ndarray:
    """Regression design of an intercept and a time trend over steps first..stop-1."""
    steps = np.arange(first, stop, dtype=float)
    return np.column_stack([np.ones(len(steps)), steps])


def linear(y: np.ndarray, horizon: int, season_length: int = 1, levels: Sequence[int] = DEFAULT_LEVELS) -> Path:
    """A least-squares trend line through the history."""
    # the regression module alone: statsmodels.api takes seconds to import
    from statsmodels.regression.linear_model import OLS

    if len(y) < 3:
        return naive(y, horizon, 1, levels)
    fit = OLS(np.asarray(y, dtype=float), _trend(0, len(y))).fit()
    ahead = _trend(len(y), len(y) + horizon)
    pred = fit.get_prediction(ahead)
    mean = np.asarray(pred.predicted_mean, dtype=float)
    bounds = {}
    for lv in levels:
        frame = pred.summary_frame(alpha=1 - lv / 100)
        bounds[lv] = (frame["obs_ci_lower"].to_numpy(float), frame["obs_ci_upper"].to_numpy(float))
    return Path("linear", mean, bounds)


Forecaster = Callable[..., Path]
FORECASTERS: dict[str, Forecaster] = {
    "ets": ets,
    "naive": naive,
    "seasonal_naive": seasonal_naive,
    "linear": linear,
}


def get_forecaster(method: str) -> Forecaster:
    """The method registered as `method`; an unknown name lists the valid ones."""
    try:
        return FORECASTERS[method]
    except KeyError:
        raise ConfigError(f"unknown forecast method {method!r}; use one of: {', '.join(FORECASTERS)}") from None


def forecast_path(y: Sequence[float], method: str, horizon: int, season_length: int = 1,
                  levels: Sequence[int] = DEFAULT_LEVELS) -> Path:
    """Forecast `horizon` steps of `y` with the named method; floored at 0 when the
    history has no negative value."""
    forecaster = get_forecaster(method)
    values = np.asarray(pd.to_numeric(pd.Series(list(y)), errors="coerce"), dtype=float)
    if len(values) == 0 or np.isnan(values).any():
        raise InputError("a forecast needs a non-empty series of numbers without gaps",
                         hint="fill missing periods with 0 before forecasting")
    if horizon < 1:
        raise ConfigError(f"forecast horizon {horizon!r} must be at least 1")
    levels = tuple(sorted(int(lv) for lv in levels))
    path = forecaster(values, horizon, season_length, levels)
    if values.min() >= 0:
        path = Path(path.method, np.maximum(path.mean, 0.0),
                    {lv: (np.maximum(lo, 0.0), np.maximum(hi, 0.0)) for lv, (lo, hi) in path.bounds.items()})
    return path


def baseline_method(season_length: int) -> str:
    """The baseline a backtest reports next to a method: the last value for monthly series,
    the same weekday a week earlier (seasonal naive) for daily ones."""
    return "naive" if season_length <= 1 else "seasonal_naive"
