"""The usage model: how much each meter uses on a day.

A group (a fleet, or one SKU of a metered line) has a level: its size at REFERENCE_DAY,
grown daily, shaped by the weekday pattern, shaken by shared noise and multiplied by any
injected event. A fleet's level is a count of running resources: slot i runs
clip(level - i, 0, 1) of a day. A metered resource uses its base quantity times the level,
with a little noise of its own.
"""
from __future__ import annotations

import numpy as np


def day_rng(seed: int, day: int) -> np.random.Generator:
    """The random stream of one day: chunking the days differently never changes a value."""
    return np.random.default_rng([seed, 101, day])


def group_levels(g_n0: np.ndarray, g_growth: np.ndarray, weekly: np.ndarray, g_sigma: np.ndarray,
                 t: int, z: np.ndarray | None = None, event: np.ndarray | None = None) -> np.ndarray:
    """Level of every group on day t (days since REFERENCE_DAY); `weekly` is each group's factor."""
    level = g_n0 * np.exp(g_growth * t) * weekly
    if z is not None:
        level = level * np.maximum(0.0, 1.0 + g_sigma * z)
    if event is not None:
        level = level * event
    return level


def meter_quantities(level: np.ndarray, m_group: np.ndarray, m_fleet: np.ndarray, m_slot: np.ndarray,
                     m_cap: np.ndarray, m_q0: np.ndarray, m_sigma: np.ndarray,
                     z: np.ndarray | None = None) -> np.ndarray:
    """Quantity (pricing units) of each meter given its group's level."""
    g = level[m_group]
    fleet_q = m_cap * np.clip(g - m_slot, 0.0, 1.0)
    noise = 1.0 if z is None else np.maximum(0.0, 1.0 + m_sigma * z)
    metered_q = m_q0 * g * noise
    return np.where(m_fleet, fleet_q, metered_q)


def slot_activity(levels: np.ndarray, slots: np.ndarray) -> np.ndarray:
    """sum over days of clip(level_day - slot, 0, 1), for many slots at once (sorted-prefix trick)."""
    s = np.sort(np.asarray(levels, dtype=np.float64))
    prefix = np.concatenate([[0.0], np.cumsum(s)])
    lo = np.searchsorted(s, slots, side="right")          # days with level <= slot add nothing
    hi = np.searchsorted(s, slots + 1.0, side="left")     # days with level >= slot+1 add one
    partial = (prefix[hi] - prefix[lo]) - slots * (hi - lo)
    return (len(s) - hi) + partial
