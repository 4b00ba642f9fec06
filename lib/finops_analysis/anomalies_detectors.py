"""Anomaly detectors: a seasonal baseline and a robust score for every day of every series.

A detector takes a (days x series) matrix of daily cost, oldest day first, NaN where the
day lies before the data starts, and returns two matrices of the same shape: the baseline
each day is expected to cost and a score (how many robust standard deviations above the
baseline it is; NaN where there is not enough history). Pure numpy; `anomalies.py` flags,
merges and reports. Detectors are chosen by name from `DETECTORS`.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from .errors import ConfigError

MAD_TO_SIGMA = 1.4826      # MAD x this estimates a normal standard deviation
WEEK = 7

Detector = Callable[..., tuple[np.ndarray, np.ndarray]]


def shifted(values: np.ndarray, lag: int) -> np.ndarray:
    """`values` moved `lag` rows later (row t holds row t - lag); NaN where undefined.
    A negative lag looks ahead."""
    out = np.full(values.shape, np.nan)
    if lag >= 0:
        out[lag:] = values[:len(values) - lag] if lag else values
    else:
        out[:lag] = values[-lag:]
    return out


def seasonal_median(values: np.ndarray, *, baseline_days: int = 28,
                    min_scale_ratio: float = 0.01) -> tuple[np.ndarray, np.ndarray]:
    """Weekday-aware median baseline with a MAD band.

    Baseline of day t: the median of the same weekday over the previous
    `baseline_days // 7` weeks, so a weekly pattern (quiet weekends) is expected rather than
    flagged, and one outlier week cannot move it. Scale: 1.4826 x the median absolute
    deviation of the baseline's own errors (actual minus baseline) over the previous
    `baseline_days` days, so the score is in units of how far this baseline usually misses
    (the errors of a median of a few weeks are larger than the day-to-day noise alone).
    After a level shift the same-weekday history holds the new level within about half
    the window, so a price step or a launch scores high for its first one or two weeks and
    then is the new normal. The scale never falls below `min_scale_ratio` x the baseline,
    so a flat series does not turn a cent of change into an infinite score. A day needs
    2 x `baseline_days` of history to be scored.
    """
    weeks = baseline_days // WEEK
    if weeks < 2:
        raise ConfigError(f"baseline_days must be at least 14 (two weeks of each weekday), got {baseline_days}")
    history = np.stack([shifted(values, WEEK * k) for k in range(1, weeks + 1)])
    baseline = _median(history)
    errors = values - baseline
    past_errors = np.stack([shifted(errors, lag) for lag in range(1, weeks * WEEK + 1)])
    spread = _median(np.abs(past_errors - _median(past_errors)))
    scale = np.fmax(MAD_TO_SIGMA * spread, min_scale_ratio * np.abs(baseline))
    with np.errstate(divide="ignore", invalid="ignore"):
        score = np.where(scale > 0, (values - baseline) / scale,
                         np.where(values > baseline, np.inf, 0.0))
    score[np.isnan(baseline) | np.isnan(spread)] = np.nan
    return baseline, score


def _median(stack: np.ndarray) -> np.ndarray:
    """Median over the first axis; NaN when any member is NaN (not enough history)."""
    out = np.median(stack, axis=0)
    out[np.isnan(stack).any(axis=0)] = np.nan
    return out


DETECTORS: dict[str, Detector] = {
    "seasonal_median": seasonal_median,
}


def get_detector(method: str) -> Detector:
    """The detector registered under `method`; ConfigError listing the valid names otherwise."""
    try:
        return DETECTORS[method]
    except KeyError:
        raise ConfigError(f"unknown anomaly detector {method!r}; use one of: {', '.join(DETECTORS)}") from None
