"""Price / volume / mix on hand-made SKUs: exact effects that add up to the change."""
from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from finops_analysis.money import to_cents
from finops_analysis.variance_pvm import EFFECTS, compute_price_volume_mix, summarize_price_volume_mix

SEP, OCT = "2026-09-01", "2026-10-01"


def skus(rows):
    """A frame shaped like marts/variance_sku_cost_by_month from
    (month, service, sku_id, pricing_unit, quantity, effective_cost)."""
    frame = pd.DataFrame(rows, columns=["billing_month", "service", "sku_id", "pricing_unit", "pricing_quantity",
                                        "effective_cost"])
    return frame.assign(billing_month=pd.to_datetime(frame["billing_month"]), provider="AWS", team="t",
                        billed_cost=frame["effective_cost"])


ROWS = [
    # A: 100 h at 1.00 -> 120 h at 1.10; B: 100 h at 2.00 -> 90 h at 2.00 (same unit, so mix)
    (SEP, "db", "A", "Hours", 100.0, 100.0), (OCT, "db", "A", "Hours", 120.0, 132.0),
    (SEP, "db", "B", "Hours", 100.0, 200.0), (OCT, "db", "B", "Hours", 90.0, 180.0),
    (OCT, "db", "C", "GB", 10.0, 7.0),                       # new SKU
    (SEP, "db", None, None, None, 3.0), (OCT, "db", None, None, None, 4.0),   # fees without a quantity
]


def test_two_skus_split_exactly_into_price_volume_mix_and_residual():
    result = compute_price_volume_mix(skus(ROWS), OCT)
    # total quantity of the hours grew 200 -> 210 (G = 1.05):
    # A: price (1.10 - 1.00) x 100 = 10; volume 0.05 x 100 = 5; mix (120 - 105) x 1.00 = 15;
    #    residual (interaction) 0.10 x 20 = 2; together 32 = 132 - 100
    # B: price 0; volume 0.05 x 200 = 10; mix (90 - 105) x 2.00 = -30; together -20 = 180 - 200
    assert result[["sku_id", "sku_status", "change_amount", *EFFECTS]].values.tolist() == [
        ["A", "continuing", 32.0, 10.0, 5.0, 15.0, 2.0],
        ["B", "continuing", -20.0, 0.0, 10.0, -30.0, 0.0],
        ["C", "new", 7.0, 0.0, 0.0, 0.0, 7.0],
        [None, "no quantity", 1.0, 0.0, 0.0, 0.0, 1.0],
    ]
    assert result[["prior_unit_price", "unit_price"]].values.tolist()[:2] == [[1.0, 1.1], [2.0, 2.0]]
    summary = summarize_price_volume_mix(result)
    assert summary[["service", "prior_cost", "actual_cost", "change_amount", *EFFECTS]].values.tolist() == [
        ["db", 303.0, 323.0, 20.0, 10.0, 15.0, -15.0, 10.0]]


def test_a_retired_sku_and_a_pure_price_change():
    rows = [(SEP, "sql", "S", "Hours", 50.0, 50.0), (OCT, "sql", "S", "Hours", 50.0, 57.5),
            (SEP, "vm", "V", "Hours", 10.0, 30.0)]
    result = compute_price_volume_mix(skus(rows), OCT)
    assert result[["service", "sku_status", "change_amount", *EFFECTS]].values.tolist() == [
        ["sql", "continuing", 7.5, 7.5, 0.0, 0.0, 0.0],
        ["vm", "retired", -30.0, 0.0, 0.0, 0.0, -30.0],
    ]


amounts = st.floats(min_value=0.01, max_value=100000, allow_nan=False).map(lambda x: round(x, 6))
quantities = st.floats(min_value=0.001, max_value=1e6, allow_nan=False).map(lambda x: round(x, 6))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["s1", "s2"]), st.sampled_from(["A", "B", "C", None]),
                          st.sampled_from([SEP, OCT]), quantities, amounts), min_size=1, max_size=8))
def test_parts_add_up_to_the_change_to_the_cent(items):
    rows = [(m, svc, sku, "Hours" if sku else None, q if sku else None, c) for svc, sku, m, q, c in items]
    frame = skus(rows)
    if not (frame.billing_month == pd.Timestamp(OCT)).any():
        frame = pd.concat([frame, skus([(OCT, "s1", None, None, None, 0.0)])])
    result = compute_price_volume_mix(frame, OCT)
    for r in result.itertuples():
        parts = sum(to_cents(getattr(r, e)) for e in EFFECTS)
        assert parts == to_cents(r.change_amount) == to_cents(r.actual_cost) - to_cents(r.prior_cost)
    months = frame.groupby("billing_month").effective_cost.sum()
    total_change = to_cents(months.get(pd.Timestamp(OCT), 0.0)) - to_cents(months.get(pd.Timestamp(SEP), 0.0))
    assert sum(to_cents(x) for x in result.change_amount) == total_change
    summary = summarize_price_volume_mix(result, by=())
    assert sum(to_cents(summary[e].iloc[0]) for e in EFFECTS) == total_change
