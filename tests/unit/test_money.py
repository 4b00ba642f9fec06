from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

from finops_analysis.money import round_to_total, split_cents, to_cents


def test_split_in_proportion_exactly():
    assert split_cents(9000, [10, 20, 30]) == [1500, 3000, 4500]


def test_left_over_cents_go_to_the_largest_remainders():
    assert split_cents(100, [1, 1, 1]) == [34, 33, 33]
    assert split_cents(10, [0.3, 0.3, 0.4]) == [3, 3, 4]
    assert split_cents(-100, [1, 1, 1]) == [-34, -33, -33]


def test_zero_weights_split_evenly_and_no_parts_is_an_error():
    assert split_cents(5, [0, 0]) == [3, 2]
    with pytest.raises(ValueError):
        split_cents(5, [])


def test_round_to_total_keeps_the_invoice_total():
    parts = [Decimal("33.333"), Decimal("33.333"), Decimal("33.334")]
    assert round_to_total(parts) == [3333, 3333, 3334]
    # 0.015 in all rounds half-up to 2 cents; each part alone would round to 1 (3 cents in all)
    assert to_cents("0.015") == 2
    assert round_to_total([0.005, 0.005, 0.005]) == [1, 1, 0]


@given(st.integers(min_value=-10**9, max_value=10**9),
       st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=30))
def test_split_always_sums_to_the_total(total, weights):
    parts = split_cents(total, weights)
    assert sum(parts) == total and len(parts) == len(weights)


@given(st.lists(st.decimals(min_value=-10**6, max_value=10**6, places=6, allow_nan=False), min_size=1, max_size=40))
def test_rounding_to_total_sums_exactly(amounts):
    cents = round_to_total(amounts)
    assert sum(cents) == to_cents(sum(amounts))
    assert all(abs(c - a * 100) < 1 + 1e-9 for c, a in zip(cents, amounts))
