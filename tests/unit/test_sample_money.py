"""Exact integer money arithmetic of the sample generator, and the commitment split."""
from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from finops_analysis.sample.commitments import Commitment, CommitmentSpec, allocate
from finops_analysis.sample.money import mul_round, mul_round_scalar, price_e10, scale_price


def test_mul_round_matches_python_integers_half_away_from_zero():
    qty = np.array([24_000_000, 1, 5, 15, -15, 123_456_789_012, 0], dtype=np.int64)   # micro-units
    price = np.array([3_840_000_000, 5_000_000_000, 1_000_000_000, 1_000_000_000, 1_000_000_000, 1_880, 7])
    assert mul_round(qty, price).tolist() == [9_216_000, 1, 1, 2, -2, 23_210, 0]
    rng = np.random.default_rng(1)
    q = rng.integers(-10**13, 10**13, 2000)
    p = rng.integers(0, 10**10, 2000)
    assert mul_round(q, p).tolist() == [mul_round_scalar(int(a), int(b)) for a, b in zip(q, p)]


def test_mul_round_refuses_what_int64_cannot_hold():
    with pytest.raises(OverflowError):
        mul_round(np.array([10**15]), np.array([10**12]))


def test_prices_scale_exactly():
    assert price_e10("0.384") == 3_840_000_000
    assert scale_price(price_e10("0.384"), "0.94") == 3_609_600_000
    assert scale_price(price_e10("0.2521"), "1.15") == 2_899_150_000


def _commitment(daily: int, units: int = 0, category: str = "Spend") -> Commitment:
    spec = CommitmentSpec("t", "t", "aws", "Savings Plan", category, "No Upfront", date(2026, 1, 1),
                          date(2027, 1, 1), "aws-mgmt", (), "ec2", {"*": .5}, 1.0, date(2026, 1, 1))
    c = Commitment(spec, "t", daily=daily, units=units)
    c.eligible = np.array([0, 1, 2])
    c.rates = np.array([1_000_000_000, 2_000_000_000, 5_000_000_000])   # $0.10, $0.20, $0.50 per unit
    return c


def test_allocate_splits_the_meter_that_does_not_fit_and_leaves_no_unused():
    remaining = np.array([10_000_000, 20_000_000, 30_000_000])      # 10, 20 and 30 units
    a = allocate(_commitment(daily=7_000_000), remaining)           # $7.00 a day
    assert a.meters.tolist() == [0, 1, 2]
    assert a.cost.tolist() == [1_000_000, 4_000_000, 2_000_000]     # the third meter takes what is left
    assert a.quantity.tolist() == [10_000_000, 20_000_000, 4_000_000]
    assert a.unused == 0 and int(a.cost.sum()) == 7_000_000
    assert remaining.tolist() == [0, 0, 26_000_000]                 # the rest stays on demand


def test_allocate_under_used_commitment_reports_the_rest_as_unused():
    remaining = np.array([10_000_000, 0, 0])
    a = allocate(_commitment(daily=3_000_000, units=48_000_000, category="Usage"), remaining)
    assert a.cost.tolist() == [1_000_000]
    assert a.unused == 2_000_000
    assert a.unused_units == 38_000_000
    assert int(a.cost.sum()) + a.unused == 3_000_000


def test_service_categories_are_focus_values():
    import json
    from tests.conftest import ROOT
    from finops_analysis.sample.services import SERVICES
    suite = json.loads((ROOT / "expectations" / "billing.json").read_text())
    pairs = next(e["kwargs"]["value_pairs_set"] for e in suite["expectations"]
                 if e["type"] == "expect_column_pair_values_to_be_in_set")
    pairs = {tuple(p) for p in pairs}
    for s in SERVICES.values():
        assert (s.category, s.subcategory) in pairs, s


def test_a_unit_price_of_a_large_upfront_purchase_fits_its_column():
    import pyarrow as pa

    from finops_analysis.sample.rows import SCHEMA, _decimal

    price = 1_234_567_890_123_456_789    # $123,456,789.0123456789 in units of 1e-10: over 1e8 dollars
    array = _decimal(np.array([price, -1], dtype=np.int64), SCHEMA.field("ListUnitPrice").type)
    assert array.type == pa.decimal128(28, 10) and str(array[0].as_py()) == "123456789.0123456789"
