"""Months, fiscal quarters and fiscal years, as pandas Timestamps at the first of the month.

A fiscal year starts in `fiscal_year_start_month` (finops.yaml; 2 = February); its
quarters are the three-month blocks from that month. Pure helpers; no I/O.
"""
from __future__ import annotations

import pandas as pd

from .errors import ConfigError


def month_start(value) -> pd.Timestamp:
    """The first day of the month holding `value` (a date, a Timestamp or 'YYYY-MM[-DD]')."""
    ts = pd.Timestamp(value)
    return pd.Timestamp(year=ts.year, month=ts.month, day=1)


def add_months(month, n: int) -> pd.Timestamp:
    """The month `n` months after `month` (before, when negative)."""
    return month_start(month) + pd.DateOffset(months=n)


def months_between(first, last) -> int:
    """Whole months from `first` to `last` (0 when they are the same month)."""
    a, b = month_start(first), month_start(last)
    return (b.year - a.year) * 12 + b.month - a.month


def _check(fiscal_year_start_month: int) -> int:
    if not isinstance(fiscal_year_start_month, int) or not 1 <= fiscal_year_start_month <= 12:
        raise ConfigError(f"fiscal_year_start_month {fiscal_year_start_month!r} is not a month number 1-12")
    return fiscal_year_start_month


def fiscal_quarter_start(month, fiscal_year_start_month: int = 2) -> pd.Timestamp:
    """The first month of the fiscal quarter holding `month`."""
    m = month_start(month)
    into_year = (m.month - _check(fiscal_year_start_month)) % 12
    return add_months(m, -(into_year % 3))


def fiscal_year_end(month, fiscal_year_start_month: int = 2) -> pd.Timestamp:
    """The last month of the fiscal year holding `month`."""
    m = month_start(month)
    into_year = (m.month - _check(fiscal_year_start_month)) % 12
    return add_months(m, 11 - into_year)


def quarter_months(month, fiscal_year_start_month: int = 2) -> list[pd.Timestamp]:
    """The three months of the fiscal quarter holding `month`."""
    first = fiscal_quarter_start(month, fiscal_year_start_month)
    return [add_months(first, k) for k in range(3)]
