"""Property: for any teams, pools, rules and amounts (credits, zero-direct-cost months,
months without recipients), allocation reconciles to the cent per billing month and
provider on both cost bases, and shared cost only reaches recipient teams."""
from __future__ import annotations

from decimal import Decimal

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from finops_analysis.allocation import SPREAD_KEYS, UNALLOCATED, allocate_costs, reconcile_allocation
from finops_analysis.allocation_rules import RULES, pool_owners
from finops_analysis.config import Pool

MONTHS = [pd.Timestamp("2026-01-01"), pd.Timestamp("2026-02-01"), pd.Timestamp("2026-03-01")]
PROVIDERS = ["AWS", "Google Cloud"]
TEAMS = ["a", "b", "c", "d", "owner", UNALLOCATED]
PRODUCTS = ["p1", "p2"]

# amounts with up to six decimals, negative ones included (credits, refunds)
amounts = st.decimals(min_value=Decimal("-500"), max_value=Decimal("5000"), places=6, allow_nan=False,
                      allow_infinity=False)


@st.composite
def pools(draw):
    names = draw(st.lists(st.sampled_from(["p-one", "p-two", "p-three"]), min_size=0, max_size=3, unique=True))
    out = []
    for name in names:
        rule = draw(st.sampled_from(list(RULES)))
        match = (("team", ("owner",)),) if draw(st.booleans()) else (("ChargeCategory", ("Tax",)),)
        weights = tuple((t, float(draw(st.integers(0, 9)))) for t in draw(
            st.lists(st.sampled_from(TEAMS[:4]), min_size=1, max_size=4, unique=True))) if rule == "weights" else ()
        out.append(Pool(name=name, match=match, rule=rule, weights=weights,
                        driver="requests" if rule == "driver" else None))
    return out


@st.composite
def inputs(draw):
    pool_list = draw(pools())
    names = [None] + [p.name for p in pool_list]
    rows = draw(st.lists(st.tuples(st.sampled_from(MONTHS), st.sampled_from(PROVIDERS), st.sampled_from(TEAMS),
                                   st.sampled_from(names), amounts, amounts), min_size=1, max_size=25))
    frame = pd.DataFrame(rows, columns=["billing_month", "provider", "team", "pool", "billed_cost", "effective_cost"])
    metric_rows = draw(st.lists(st.tuples(st.sampled_from(MONTHS), st.sampled_from(PRODUCTS),
                                          st.floats(min_value=0, max_value=1e9)), max_size=6))
    metrics = pd.DataFrame([(m, p, "requests", v) for m, p, v in metric_rows],
                           columns=["billing_month", "product", "metric", "metric_value"])
    team_products = draw(st.dictionaries(st.sampled_from(TEAMS[:4]), st.sampled_from(PRODUCTS)))
    return frame, pool_list, metrics, team_products


@settings(max_examples=150, deadline=None)
@given(inputs(), st.sampled_from(["billed", "effective"]))
def test_allocation_reconciles_to_the_cent(data, cost_basis):
    frame, pool_list, metrics, team_products = data
    result = allocate_costs(frame, pool_list, cost_basis=cost_basis, metrics=metrics, team_products=team_products)
    check = reconcile_allocation(result, frame, cost_basis=cost_basis)
    assert check.difference_cents.tolist() == [0] * len(check)
    assert len(check) == len(frame.groupby(list(SPREAD_KEYS)))
    # every pool lands on recipients only: never on a pool owner, and on Unallocated only when unspread
    shared = result[result.source != "direct"]
    owners = pool_owners(pool_list)
    assert not shared.team.isin(owners).any()
    unspread = shared[shared.team == UNALLOCATED]
    assert (unspread.rule == "unspread (no recipient team)").all()
    # direct cost never moves: each team keeps its own (rounded) direct cost
    direct = frame[frame.pool.isna()].groupby([*SPREAD_KEYS, "team"])[f"{cost_basis}_cost"].sum()
    allocated_direct = result[result.source == "direct"].set_index([*SPREAD_KEYS, "team"]).allocated_cents
    for key, value in direct.items():
        assert abs(allocated_direct[key] - value * 100) <= len(frame)   # moved by rounding cents at most
