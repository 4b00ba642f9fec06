"""How the narratives write numbers, months and data text. Pure helpers; no I/O.

Money in whole currency units with thousands separators ('$41,200'), percentages with one
decimal ('+12.4%'), months by name ('October 2026'), days as ISO dates. A test of the
narrative formats the tables' values with these same functions and finds every number of
the text among them.
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from .formatting import CURRENCY_SYMBOLS, escape_md as escape_markdown  # noqa: F401  (one escaping rule)


def format_money(amount: float, currency: str | None = "USD", *, signed: bool = False) -> str:
    """'$41,200' (whole units; '-$41,200' below zero, '+$41,200' when signed)."""
    value = int(Decimal(str(float(amount))).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    symbol = CURRENCY_SYMBOLS.get(currency or "USD")
    body = f"{symbol}{abs(value):,}" if symbol else f"{abs(value):,} {currency}"
    sign = "-" if value < 0 else "+" if signed and value > 0 else ""
    return sign + body


def format_pct(pct: float, *, signed: bool = True) -> str:
    """'+12.4%' (one decimal; unsigned when `signed` is False)."""
    value = round(float(pct), 1) + 0.0       # + 0.0 turns -0.0 into 0.0
    return f"{value:+.1f}%" if signed and value != 0 else f"{value:.1f}%"


def format_month(month) -> str:
    """'October 2026'."""
    return f"{pd.Timestamp(month):%B %Y}"


def format_day(day) -> str:
    """'2026-11-03'."""
    return f"{pd.Timestamp(day):%Y-%m-%d}"
