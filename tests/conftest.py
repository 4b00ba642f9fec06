"""Shared test helpers: hand-made FOCUS rows, data folders and the project's config."""
from __future__ import annotations

import csv
import dataclasses
import json
from pathlib import Path

import duckdb
import pytest

from finops_analysis.config import load_config

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
SAMPLE = ROOT / "data" / "sample"

TAGS_OK = {"team": "payments", "environment": "prod", "product": "storefront"}

BASE_ROW = {
    "BilledCost": "10.00", "EffectiveCost": "10.00", "ListCost": "12.00", "ContractedCost": "10.00",
    "BillingAccountId": "100000000001", "BillingAccountName": "Acme Payer", "BillingCurrency": "USD",
    "BillingPeriodStart": "2026-10-01T00:00:00Z", "BillingPeriodEnd": "2026-11-01T00:00:00Z",
    "ChargeCategory": "Usage", "ChargeClass": None, "ChargeDescription": "m6i.large hours",
    "ChargeFrequency": "Usage-Based",
    "ChargePeriodStart": "2026-10-05T00:00:00Z", "ChargePeriodEnd": "2026-10-06T00:00:00Z",
    "InvoiceIssuerName": "AWS", "ProviderName": "AWS", "PublisherName": "AWS",
    "PricingQuantity": "24", "PricingUnit": "Hours", "PricingCategory": "Standard",
    "ServiceName": "Amazon EC2", "ServiceCategory": "Compute", "ServiceSubcategory": "Virtual Machines",
    "SubAccountId": "200000000001", "SubAccountName": "storefront-prod",
    "ResourceId": "i-0001", "CommitmentDiscountId": None, "CommitmentDiscountStatus": None,
    "Tags": json.dumps(TAGS_OK),
}


def row(**overrides) -> dict:
    """A valid FOCUS 1.2 usage row; keyword arguments replace columns (None = empty)."""
    out = dict(BASE_ROW)
    for key, value in overrides.items():
        if isinstance(value, dict):
            value = json.dumps(value)
        out[key] = value
    return out


def write_csv(path: Path, rows: list[dict], columns: list[str] | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if columns is None:
        columns = list(dict.fromkeys(key for r in rows for key in r))
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for r in rows:
            writer.writerow(["" if r.get(c) is None else r.get(c) for c in columns])
    return path


def write_parquet(path: Path, rows: list[dict]) -> Path:
    """The rows as a typed Parquet file (DECIMAL costs, TIMESTAMPTZ periods), like a real export."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = write_csv(path.with_suffix(".tmp.csv"), rows)
    casts = ", ".join(
        f'CAST("{c}" AS DECIMAL(18, 6)) AS "{c}"' if c.endswith("Cost") or c == "PricingQuantity" else
        f'CAST("{c}" AS TIMESTAMPTZ) AS "{c}"' if c.endswith(("PeriodStart", "PeriodEnd")) else f'"{c}"'
        for c in rows[0])
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    con.execute(f"COPY (SELECT {casts} FROM read_csv('{tmp}', all_varchar = true, header = true)) "
                f"TO '{path}' (FORMAT parquet)")
    con.close()
    tmp.unlink()
    return path


@pytest.fixture
def config(tmp_path):
    """The project's finops.yaml, with spill, output and file-cache folders inside the test's tmp_path."""
    cfg = load_config(ROOT / "finops.yaml")
    return dataclasses.replace(cfg, temp_dir=tmp_path / "duckdb_tmp", out_dir=tmp_path / "out",
                               cache_dir=tmp_path / "file_cache")


@pytest.fixture
def data_dir(tmp_path) -> Path:
    folder = tmp_path / "data"
    (folder / "billing").mkdir(parents=True)
    return folder


OWNERSHIP = [
    {"rule_type": "team", "match_key": "", "match_value": "", "team": "payments", "cost_center": "CC-1100", "business_unit": "Commerce"},
    {"rule_type": "team", "match_key": "", "match_value": "", "team": "search", "cost_center": "CC-1100", "business_unit": "Commerce"},
    {"rule_type": "team", "match_key": "", "match_value": "", "team": "ml", "cost_center": "CC-1200", "business_unit": "Data"},
    {"rule_type": "sub_account", "match_key": "SubAccountId", "match_value": "200000000009", "team": "ml", "cost_center": "", "business_unit": ""},
    {"rule_type": "tag", "match_key": "app", "match_value": "search-api", "team": "search", "cost_center": "", "business_unit": ""},
]
