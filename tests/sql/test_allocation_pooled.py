"""int_charges__pooled and the allocation marts: hand-made rows in, exact rows out."""
from __future__ import annotations

import dataclasses
from decimal import Decimal

import pandas as pd

from finops_analysis.allocation_data import ensure_pooled_view, query_exact
from finops_analysis.config import Pool
from finops_analysis.warehouse import open_warehouse
from tests.conftest import row, write_csv

TEAMS = [("payments", "CC-1100", "Commerce"), ("search", "CC-1100", "Commerce"), ("platform", "CC-1900", "Technology"),
         ("sre", "CC-1900", "Technology"), ("nocc", "", "")]
OWNERSHIP = [{"rule_type": "team", "match_key": "", "match_value": "", "team": t, "cost_center": cc, "business_unit": bu}
             for t, cc, bu in TEAMS]


def clean(frame):
    """Rows as tuples, missing values as None (pandas reads NULL text as NaN)."""
    return [tuple(None if pd.isna(v) else v for v in r) for r in frame.itertuples(index=False)]


def tags(team, product="storefront"):
    return {"team": team, "environment": "prod", "product": product}


def pooled(data_dir, config, rows, pools=None):
    # The pool view sums over resources: each hand-made row gets its id as SkuId too, which
    # the roll-up keeps, so rows stay apart and can be named.
    rows = [{**r, "SkuId": r["ResourceId"]} for r in rows]
    write_csv(data_dir / "billing" / "a.csv", rows)
    write_csv(data_dir / "ownership.csv", OWNERSHIP)
    cfg = dataclasses.replace(config, pools=pools) if pools is not None else config
    with open_warehouse(data_dir, cfg) as wh:
        ensure_pooled_view(wh)
        return wh.con.execute("SELECT SkuId, team, pool FROM int_charges__pooled ORDER BY SkuId").fetchall()


def test_first_matching_pool_by_priority(data_dir, config):
    rows = [
        row(ResourceId="r01", ChargeCategory="Purchase", EffectiveCost="0", Tags=None),
        row(ResourceId="r02", ChargeCategory="Tax", ServiceName="Tax", Tags=None),
        row(ResourceId="r03", ServiceCategory="Networking", ServiceSubcategory="Network Infrastructure", Tags=tags("platform")),
        row(ResourceId="r04", Tags=tags("platform")),
        row(ResourceId="r05", ServiceCategory="Developer Tools", ServiceSubcategory="Continuous Integration and Deployment",
            Tags=tags("platform")),
        row(ResourceId="r06", CommitmentDiscountStatus="Unused", BilledCost="0", Tags=tags("platform")),
        row(ResourceId="r07", ServiceCategory="Management and Governance", ServiceSubcategory="Support", Tags=None),
        row(ResourceId="r08", Tags=tags("payments")),
        row(ResourceId="r09", ServiceCategory="Networking", Tags=tags("payments")),   # networking needs team platform too
        row(ResourceId="r10", ChargeCategory="Credit", BilledCost="-5", EffectiveCost="-5", Tags=tags("sre")),
        row(ResourceId="r11", Tags=tags("sre")),
        row(ResourceId="r12", Tags=None),
    ]
    assert pooled(data_dir, config, rows) == [
        ("r01", "Unallocated", "commitment purchases"),
        ("r02", "Unallocated", "tax"),
        ("r03", "platform", "networking"),         # also matches platform (priority 7): the first wins
        ("r04", "platform", "platform"),
        ("r05", "platform", "ci/cd"),
        ("r06", "platform", "unused commitments"),  # priority 1 beats platform
        ("r07", "Unallocated", "support"),
        ("r08", "payments", None),
        ("r09", "payments", None),
        ("r10", "sre", "credits"),                  # credits (3) before observability (8)
        ("r11", "sre", "observability"),
        ("r12", "Unallocated", None),               # Unallocated direct cost stays visible
    ]


def test_pool_values_any_of_a_list_and_case_insensitive(data_dir, config):
    pools = (
        Pool(name="two fields", match=(("ProviderName", ("aws",)), ("ServiceName", ("Amazon S3", "Amazon EC2"))),
             rule="even"),
        Pool(name="by account", match=(("SubAccountName", ("storefront-prod",)),), rule="proportional"),
    )
    rows = [
        row(ResourceId="r1"),                                                   # AWS + Amazon EC2
        row(ResourceId="r2", ServiceName="Amazon S3"),
        row(ResourceId="r3", ServiceName="Amazon RDS"),                         # one field only: next pool
        row(ResourceId="r4", ServiceName="Amazon RDS", SubAccountName="other"),
        row(ResourceId="r5", ProviderName="Microsoft", ServiceName="Amazon S3", SubAccountName="other"),
    ]
    assert pooled(data_dir, config, rows, pools) == [
        ("r1", "payments", "two fields"), ("r2", "payments", "two fields"), ("r3", "payments", "by account"),
        ("r4", "payments", None), ("r5", "payments", None)]


def test_pooled_keeps_every_row_once(data_dir, config):
    rows = [row(ResourceId=f"r{i}", ChargeClass=None if i % 2 else "Correction") for i in range(20)]
    assert len(pooled(data_dir, config, rows)) == 20


def test_cost_by_pool_month_mart(data_dir, config):
    rows = [
        row(ResourceId="r1", BilledCost="10.005", EffectiveCost="10.005", Tags=tags("payments")),
        row(ResourceId="r2", BilledCost="0.001", EffectiveCost="0.002", Tags=tags("payments")),
        row(ResourceId="r3", BilledCost="90", EffectiveCost="90", Tags=tags("platform")),
        row(ResourceId="r4", ChargeCategory="Purchase", BilledCost="30", EffectiveCost="0", Tags=None,
            ProviderName="Microsoft", InvoiceId="INV-2"),
    ]
    write_csv(data_dir / "billing" / "a.csv", [{**r, "InvoiceId": r.get("InvoiceId", "INV-1")} for r in rows])
    write_csv(data_dir / "ownership.csv", OWNERSHIP)
    with open_warehouse(data_dir, config) as wh:
        ensure_pooled_view(wh)
        got = query_exact(wh, "marts/allocation_cost_by_pool_month")
        totals = query_exact(wh, "marts/allocation_totals_by_invoice_month")
        teams = query_exact(wh, "marts/allocation_teams")
    month = pd.Timestamp("2026-10-01")
    assert clean(got.drop(columns="BillingAccountId")) == [
        (month, "AWS", "INV-1", "payments", None, Decimal("10.006"), Decimal("10.007"), 2),
        (month, "AWS", "INV-1", "platform", "platform", Decimal("90"), Decimal("90"), 1),
        (month, "Microsoft", "INV-2", "Unallocated", "commitment purchases", Decimal("30"), Decimal("0"), 1),
    ]
    assert [tuple(r) for r in totals[["provider", "InvoiceId", "billed_cost", "effective_cost", "row_count"]]
            .itertuples(index=False)] == [("AWS", "INV-1", Decimal("100.006"), Decimal("100.007"), 3),
                                          ("Microsoft", "INV-2", Decimal("30"), Decimal("0"), 1)]
    # every team of ownership.csv and of the data; product from tags, only for products usage_metrics knows (none here)
    assert clean(teams) == [
        ("nocc", None, None, None), ("payments", "CC-1100", "Commerce", None), ("platform", "CC-1900", "Technology", None),
        ("search", "CC-1100", "Commerce", None), ("sre", "CC-1900", "Technology", None),
        ("Unallocated", "Unallocated", "Unallocated", None)]


def test_team_product_is_the_dominant_metric_product(data_dir, config):
    rows = [
        row(ResourceId="r1", BilledCost="10", EffectiveCost="10", Tags=tags("payments", "storefront")),
        row(ResourceId="r2", BilledCost="30", EffectiveCost="30", Tags=tags("payments", "insights")),
        row(ResourceId="r3", BilledCost="99", EffectiveCost="99", Tags=tags("payments", "shared")),   # not a metric product
        row(ResourceId="r4", BilledCost="5", EffectiveCost="5", Tags=tags("search", "storefront")),
    ]
    write_csv(data_dir / "billing" / "a.csv", rows)
    write_csv(data_dir / "ownership.csv", OWNERSHIP)
    write_csv(data_dir / "usage_metrics.csv", [
        {"date": "2026-10-05", "product": p, "metric": "requests", "value": "1"} for p in ("storefront", "insights")])
    with open_warehouse(data_dir, config) as wh:
        ensure_pooled_view(wh)
        teams = query_exact(wh, "marts/allocation_teams")
    assert {team: product for team, _, _, product in clean(teams)} == {
        "nocc": None, "payments": "insights", "platform": None, "search": "storefront", "sre": None, "Unallocated": None}
