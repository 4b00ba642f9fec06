"""The loader: FOCUS versions mapped to 1.2, typed staging, tags parsed once, owners."""
from __future__ import annotations

from decimal import Decimal

import pytest

from finops_analysis.errors import InputError
from finops_analysis.warehouse import open_warehouse
from tests.conftest import OWNERSHIP, row, write_csv, write_parquet

# A FOCUS 1.0 export (e.g. a provider's raw CSV): no 1.1/1.2 columns (CommitmentDiscount
# Quantity/Unit, ServiceSubcategory, InvoiceId, BillingAccountType ...), provider `x_`
# extensions, and lower-cased names as some exporters write them.
FOCUS_10_COLUMNS = [
    "AvailabilityZone", "BilledCost", "BillingAccountId", "BillingAccountName", "BillingCurrency",
    "BillingPeriodEnd", "BillingPeriodStart", "ChargeCategory", "ChargeClass", "ChargeDescription",
    "ChargeFrequency", "ChargePeriodEnd", "ChargePeriodStart", "CommitmentDiscountCategory",
    "CommitmentDiscountId", "CommitmentDiscountName", "CommitmentDiscountStatus", "CommitmentDiscountType",
    "ConsumedQuantity", "ConsumedUnit", "ContractedCost", "ContractedUnitPrice", "EffectiveCost",
    "InvoiceIssuerName", "ListCost", "ListUnitPrice", "PricingCategory", "PricingQuantity", "PricingUnit",
    "ProviderName", "PublisherName", "RegionId", "RegionName", "ResourceId", "ResourceName", "ResourceType",
    "ServiceCategory", "ServiceName", "SkuId", "SkuPriceId", "SubAccountId", "SubAccountName", "Tags",
    "x_ServiceCode", "x_UsageType",
]


def focus10_rows():
    base = {c: None for c in FOCUS_10_COLUMNS}
    first = {**base, **row(BilledCost="0.1234567891", EffectiveCost="0.1234567891", ListCost="0.2",
                           ContractedCost="0.1234567891", RegionId="us-east-1", x_ServiceCode="AmazonEC2",
                           Tags={"Team": "Payments", "env": "production", "product": "storefront"})}
    second = {**base, **row(BilledCost="-5", EffectiveCost="-5", ListCost="0", ContractedCost="-5",
                            ChargeCategory="Credit", ChargePeriodStart="2026-10-31T00:00:00Z",
                            ChargePeriodEnd="2026-11-01T00:00:00Z", Tags=None)}
    return [{c: r.get(c) for c in FOCUS_10_COLUMNS} for r in (first, second)]


def test_focus_10_csv_maps_to_12_columns(data_dir, config):
    columns = [c.lower() if c in ("BilledCost", "ServiceName") else c for c in FOCUS_10_COLUMNS]
    rows = [{(k.lower() if k in ("BilledCost", "ServiceName") else k): v for k, v in r.items()} for r in focus10_rows()]
    write_csv(data_dir / "billing" / "aws-focus-1.0.csv", rows, columns)
    with open_warehouse(data_dir, config) as wh:
        (source,) = wh.inputs.billing
        assert source.focus_version == "1.0"
        got = wh.con.execute("""
            SELECT BilledCost, EffectiveCost, ServiceName, RegionId, CommitmentDiscountQuantity, InvoiceId,
                   ChargePeriodStart, source_file
            FROM stg_billing ORDER BY BilledCost""").fetchall()
        columns = [r[0] for r in wh.con.execute("DESCRIBE stg_billing").fetchall()]
    assert got[0][:6] == (Decimal("-5"), Decimal("-5"), "Amazon EC2", None, None, None)
    assert got[1][:6] == (Decimal("0.1234567891"), Decimal("0.1234567891"), "Amazon EC2", "us-east-1", None, None)
    assert str(got[1][6]) == "2026-10-05 00:00:00"
    assert got[1][7] == "billing/aws-focus-1.0.csv"
    assert "x_ServiceCode" not in columns and "CommitmentDiscountQuantity" in columns and len(columns) == 58


def test_older_and_newer_names_are_renamed(data_dir, config):
    r = row(Tags=None)
    r["AmortizedCost"] = r.pop("EffectiveCost")          # FOCUS 0.5
    r["ServiceProviderName"] = r.pop("ProviderName")     # FOCUS 1.3
    write_csv(data_dir / "billing" / "old.csv", [r])
    with open_warehouse(data_dir, config) as wh:
        assert wh.con.execute("SELECT EffectiveCost, ProviderName FROM stg_billing").fetchall() == [
            (Decimal("10"), "AWS")]


def test_csv_and_parquet_union_exactly(data_dir, config):
    write_csv(data_dir / "billing" / "a.csv", [row(BilledCost="0.10"), row(BilledCost="0.20")])
    write_parquet(data_dir / "billing" / "b.parquet", [row(BilledCost="0.30", ProviderName="Microsoft")])
    with open_warehouse(data_dir, config) as wh:
        assert len(wh.inputs.groups()) == 2
        total, = wh.con.execute("SELECT sum(BilledCost) FROM stg_billing").fetchone()
        by_file = wh.con.execute("SELECT source_file, count(*) FROM stg_billing GROUP BY 1 ORDER BY 1").fetchall()
    assert total == Decimal("0.6")          # exact: DECIMAL, not 0.6000000000000001
    assert by_file == [("billing/a.csv", 2), ("billing/b.parquet", 1)]


def _owned(data_dir, config, rows, ownership=True):
    write_csv(data_dir / "billing" / "a.csv", rows)
    if ownership:
        write_csv(data_dir / "ownership.csv", OWNERSHIP)
    with open_warehouse(data_dir, config) as wh:
        return wh.con.execute("""
            SELECT ResourceId, team, owner_source, cost_center, business_unit, tag_environment, tags_compliant
            FROM int_charges__owned ORDER BY ResourceId""").fetchall()


def test_owner_resolution_order(data_dir, config):
    rows = [
        row(ResourceId="r1", Tags={"Team": "Payments", "environment": "prod", "product": "storefront"}),
        row(ResourceId="r2", Tags={"owner": "payments", "env": "production", "product": "storefront"}),
        row(ResourceId="r3", Tags={"team": "nobody", "environment": "dev"}, SubAccountId="200000000009"),
        row(ResourceId="r4", Tags={"APP": "Search-API", "environment": "prod"}),
        row(ResourceId="r5", Tags=None),
        row(ResourceId="r6", Tags="not json"),
    ]
    assert _owned(data_dir, config, rows) == [
        ("r1", "payments", "tag", "CC-1100", "Commerce", "prod", True),
        ("r2", "payments", "tag", "CC-1100", "Commerce", "prod", False),   # 'production' repaired, not compliant
        ("r3", "ml", "sub_account_rule", "CC-1200", "Data", "dev", False),  # unknown team tag falls through
        ("r4", "search", "tag_rule", "CC-1100", "Commerce", "prod", False),
        ("r5", "Unallocated", "unallocated", "Unallocated", "Unallocated", None, False),
        ("r6", "Unallocated", "unallocated", "Unallocated", "Unallocated", None, False),
    ]


def test_without_ownership_any_team_tag_owns(data_dir, config):
    rows = [row(ResourceId="r1", Tags={"team": "whoever", "environment": "prod", "product": "storefront"}),
            row(ResourceId="r2", Tags={"environment": "prod"})]
    assert _owned(data_dir, config, rows, ownership=False) == [
        ("r1", "whoever", "tag", None, None, "prod", True),
        ("r2", "Unallocated", "unallocated", "Unallocated", "Unallocated", "prod", False),
    ]


def test_each_distinct_tag_set_is_parsed_once(data_dir, config):
    tags = {"team": "payments", "environment": "prod", "product": "storefront"}
    write_csv(data_dir / "billing" / "a.csv", [row(ResourceId=f"r{i}", Tags=tags) for i in range(50)])
    with open_warehouse(data_dir, config) as wh:
        assert wh.con.execute("SELECT count(*) FROM int_tags__parsed").fetchone() == (3,)
        assert wh.con.execute("SELECT count(*) FROM int_tags__resolved").fetchone() == (1,)


def test_memory_limit_and_spill_folder_come_from_config(data_dir, config):
    import dataclasses
    write_csv(data_dir / "billing" / "a.csv", [row()])
    cfg = dataclasses.replace(config, memory_limit="512MB")
    with open_warehouse(data_dir, cfg) as wh:
        limit, = wh.con.execute("SELECT current_setting('memory_limit')").fetchone()
        temp, = wh.con.execute("SELECT current_setting('temp_directory')").fetchone()
    assert limit in ("512.0 MiB", "488.2 MiB", "512.0 MB", "488.2 MB") and temp == str(cfg.temp_dir)


@pytest.mark.parametrize("setup, message, where", [
    (lambda d: d.rename(d.parent / "elsewhere"), "data folder not found", "data"),
    (lambda d: (d / "billing").rmdir(), "no billing/ folder", "billing"),
    (lambda d: None, "holds no .parquet, .csv or .csv.gz files", "billing"),
    (lambda d: (d / "billing" / "x.parquet").write_bytes(b"not parquet at all"), "cannot read this Parquet file", "billing/x.parquet"),
    (lambda d: (d / "billing" / "x.csv").write_text("a;b;c\n1;2;3\n"), "semicolon-separated", "billing/x.csv"),
])
def test_unusable_input_is_a_clear_error(data_dir, config, setup, message, where):
    setup(data_dir)
    with pytest.raises(InputError) as err:
        open_warehouse(data_dir, config)
    assert message in str(err.value) and where in str(err.value) and "what to do" in str(err.value)


def test_reference_csv_missing_a_column(data_dir, config):
    write_csv(data_dir / "billing" / "a.csv", [row()])
    write_csv(data_dir / "ownership.csv", [{"rule_type": "team", "team": "x"}])
    with pytest.raises(InputError) as err:
        open_warehouse(data_dir, config)
    assert err.value.file == "ownership.csv" and err.value.column == "match_key"
