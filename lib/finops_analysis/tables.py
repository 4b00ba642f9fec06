"""Every table says what it is: its grain, its cost basis and its currency.

Analysis functions return pandas frames with these in `DataFrame.attrs`, so a notebook or a
report can caption any table without guessing. Pure helpers; no I/O.
"""
from __future__ import annotations

import pandas as pd

from .errors import ConfigError

# Cost basis name -> the FOCUS column it sums, and the snake_case column marts give it.
COST_BASES: dict[str, tuple[str, str]] = {
    "billed": ("BilledCost", "billed_cost"),        # what the invoice says (finance, reconciliation)
    "effective": ("EffectiveCost", "effective_cost"),  # amortized (showback, unit economics)
    "contracted": ("ContractedCost", "contracted_cost"),  # on-demand equivalent at negotiated prices
    "list": ("ListCost", "list_cost"),                  # on-demand equivalent at public prices
}
BASIS_LABEL = {"billed": "BilledCost (invoiced)", "effective": "EffectiveCost (amortized)",
               "contracted": "ContractedCost (on-demand equivalent)", "list": "ListCost (public on-demand price)"}


def cost_column(cost_basis: str) -> str:
    """The mart column holding `cost_basis` ("billed" -> billed_cost, "effective" -> effective_cost)."""
    try:
        return COST_BASES[cost_basis][1]
    except KeyError:
        raise ConfigError(f"unknown cost basis {cost_basis!r}; use one of: {', '.join(COST_BASES)}") from None


def with_meta(frame: pd.DataFrame, *, grain: str, cost_basis: str | None = None,
              currency: str | None = None, **extra: str) -> pd.DataFrame:
    """A copy of `frame` whose attrs record its grain ("one row per team per billing month"),
    cost basis and currency (and any extra notes, e.g. month="billing period")."""
    if cost_basis is not None:
        cost_column(cost_basis)
    out = frame.copy()
    out.attrs = {**frame.attrs, "grain": grain, "cost_basis": cost_basis, "currency": currency, **extra}
    return out


def caption(frame: pd.DataFrame) -> str:
    """'One row per team per billing month · EffectiveCost (amortized) · USD'."""
    attrs = frame.attrs
    parts = [attrs.get("grain", "").strip()]
    if attrs.get("cost_basis"):
        parts.append(BASIS_LABEL[attrs["cost_basis"]])
    if attrs.get("currency"):
        parts.append(attrs["currency"])
    parts += [str(v) for k, v in attrs.items() if k not in ("grain", "cost_basis", "currency") and v]
    text = " · ".join(p for p in parts if p)
    return text[:1].upper() + text[1:]
