"""Money that reconciles: amounts in cents that sum exactly to a total (largest remainder).

Pure functions on plain values; no I/O.
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Sequence

CENT = Decimal("0.01")


def to_cents(amount) -> int:
    """An amount (Decimal, float, int or str) rounded half-up to whole cents."""
    return int((Decimal(str(amount)) / CENT).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def split_cents(total_cents: int, weights: Sequence) -> list[int]:
    """Split `total_cents` in proportion to `weights` so the parts sum exactly to it.

    Largest remainder (Hamilton): each part gets the floor of its exact share, and the
    cents left over go one each to the largest remainders (ties to the earlier part).
    Weights may be any non-negative numbers; all-zero weights split evenly. Negative
    totals (credits) are split by magnitude and keep their sign.
    """
    if not weights:
        if total_cents:
            raise ValueError("cannot split a non-zero amount among no parts")
        return []
    w = [Decimal(str(x)) for x in weights]
    if any(x < 0 for x in w):
        raise ValueError("weights must be non-negative")
    if sum(w) == 0:
        w = [Decimal(1)] * len(w)
    sign = -1 if total_cents < 0 else 1
    magnitude = abs(int(total_cents))
    total_w = sum(w)
    exact = [Decimal(magnitude) * x / total_w for x in w]
    floors = [int(e) for e in exact]
    left = magnitude - sum(floors)
    order = sorted(range(len(w)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[:left]:
        floors[i] += 1
    return [sign * f for f in floors]


def round_to_total(amounts: Sequence, total_cents: int | None = None) -> list[int]:
    """Round each amount to cents so the parts sum to `total_cents` (default: the rounded
    sum of the amounts), moving the fewest cents (largest remainder on the exact values)."""
    exact = [Decimal(str(a)) / CENT for a in amounts]
    if total_cents is None:
        total_cents = to_cents(sum((Decimal(str(a)) for a in amounts), Decimal(0)))
    floors = [int(e.to_integral_value(rounding="ROUND_FLOOR")) for e in exact]
    left = total_cents - sum(floors)
    if left < 0 or left > len(amounts):
        raise ValueError(f"cannot round {len(amounts)} amounts to a total {left} cents away from their floors")
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[:left]:
        floors[i] += 1
    return floors
