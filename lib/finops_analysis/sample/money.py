"""Exact money arithmetic on integers: costs in micro-dollars, unit prices in 1e-10 dollars.

Floats would drift by a micro-dollar here and there; the sample promises that
ListCost = round(PricingQuantity x ListUnitPrice, 6) holds exactly on every row, and that a
commitment's used plus unused amortized cost equals its daily amount to the micro-dollar.
"""
from __future__ import annotations

from decimal import Decimal

import numpy as np

MICRO = 1_000_000            # quantities and costs: 6 decimals
PRICE = 10_000_000_000       # unit prices: 10 decimals
NULL = np.iinfo(np.int64).min  # sentinel for a NULL in an int64 column
_SPLIT = 100_000


def mul_round(qty_micro: np.ndarray, price_e10: np.ndarray | int) -> np.ndarray:
    """round(qty x price) in micro-dollars, half away from zero, without int64 overflow.

    qty x price has 16 decimals and can exceed int64, so the price is split into a high and a
    low part (price = hi * 1e5 + lo) and the two partial products are recombined.
    """
    q = np.asarray(qty_micro, dtype=np.int64)
    p = np.broadcast_to(np.asarray(price_e10, dtype=np.int64), q.shape)
    sign = np.where((q < 0) ^ (p < 0), -1, 1)
    q, p = np.abs(q), np.abs(p)
    hi, lo = np.divmod(p, _SPLIT)
    if q.size and np.any(q.astype(np.float64) * np.maximum(hi, np.minimum(p, _SPLIT)).astype(np.float64) > 9.0e18):
        raise OverflowError("quantity x unit price is too large for exact int64 arithmetic")
    a1, a0 = np.divmod(q * hi, _SPLIT)          # q*hi*1e5 = a1*1e10 + a0*1e5
    rest = a0 * _SPLIT + q * lo                  # < 1e10 + 9e18
    return sign * (a1 + (rest + PRICE // 2) // PRICE)


def mul_round_scalar(qty_micro: int, price_e10: int) -> int:
    """The scalar form of mul_round, on Python ints (no overflow)."""
    value = abs(qty_micro * price_e10)
    rounded = (value + PRICE // 2) // PRICE
    return -rounded if (qty_micro < 0) != (price_e10 < 0) else rounded


def price_e10(value: str | Decimal) -> int:
    """A decimal price string such as '0.384' as an integer count of 1e-10 dollars."""
    return int((Decimal(value) * PRICE).to_integral_value())


def scale_price(price: int, factor: str | Decimal) -> int:
    """price x factor rounded half-up to 1e-10 (the negotiated discount, a price increase)."""
    return int((Decimal(price) * Decimal(factor)).quantize(Decimal(1), rounding="ROUND_HALF_UP"))


def to_micro(values: np.ndarray) -> np.ndarray:
    """Float quantities as integer micro-units (rounded to nearest)."""
    return np.rint(np.asarray(values, dtype=np.float64) * MICRO).astype(np.int64)


def dollars(micro: int) -> Decimal:
    """Micro-dollars as an exact Decimal with 6 places."""
    return Decimal(int(micro)).scaleb(-6)


def round_to_cents(micro: int | float) -> int:
    """Micro-dollars rounded half-up to whole cents (still in micro-dollars)."""
    cents = int((Decimal(int(round(micro))) / 10_000).quantize(Decimal(1), rounding="ROUND_HALF_UP"))
    return cents * 10_000
