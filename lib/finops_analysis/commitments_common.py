"""Small helpers shared by the commitment modules: the on-demand-equivalent column and
percentages that are NaN (not an error) when the base is zero."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .errors import ConfigError

# On-demand equivalent of covered usage: ContractedCost (what it would cost at the prices
# actually negotiated, the default) or ListCost (public list prices).
ON_DEMAND_BASES = {"contracted": "contracted_cost", "list": "list_cost"}


def on_demand_column(on_demand_basis: str, prefix: str = "") -> str:
    """The mart column holding the on-demand equivalent: contracted -> contracted_cost."""
    try:
        return prefix + ON_DEMAND_BASES[on_demand_basis]
    except KeyError:
        raise ConfigError(f"unknown on-demand basis {on_demand_basis!r}; use one of: "
                          f"{', '.join(ON_DEMAND_BASES)}") from None


def ratio_pct(numerator, denominator) -> np.ndarray | float:
    """100 x numerator / denominator, NaN where the denominator is 0."""
    num = np.asarray(numerator, dtype=float)
    den = np.asarray(denominator, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(den != 0, 100.0 * num / np.where(den != 0, den, 1.0), np.nan)
    return float(out) if out.ndim == 0 else out


def as_float(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """A copy with `columns` as floats (marts return DECIMAL sums)."""
    return frame.assign(**{c: frame[c].astype(float) for c in columns})
