"""The FOCUS specification's own commitment examples load, and validate with exactly the
findings their excerpted columns explain (tests/fixtures/focus_spec_examples, CC BY 4.0)."""
from __future__ import annotations

import shutil
from decimal import Decimal

import pytest

from finops_analysis.validate import validate_inputs
from finops_analysis.warehouse import open_warehouse
from tests.conftest import FIXTURES

EXAMPLES = FIXTURES / "focus_spec_examples"
MISSING_CRITICAL = ["BillingAccountId", "BillingCurrency", "ContractedCost", "ListCost", "ProviderName",
                    "ServiceCategory", "ServiceName"]
MISSING_WARNING = ["BillingAccountName", "ChargeClass", "ChargeDescription", "InvoiceIssuerName", "PricingQuantity",
                   "PricingUnit", "PublisherName"]
SCENARIOS = sorted(p.name for p in EXAMPLES.glob("commitment_discount_*.csv"))
FLEXIBILITY = sorted(p.name for p in EXAMPLES.glob("*_utilization_*.csv"))

# EffectiveCost and BilledCost by (ChargeCategory, CommitmentDiscountStatus), as the spec gives them.
TOTALS = {
    "commitment_discount_purchase_scenario_1.csv": [("Purchase", None, "8760", "0")],
    "commitment_discount_purchase_scenario_2.csv": [("Purchase", None, "3", "0")],
    "commitment_discount_purchase_scenario_3.csv": [("Purchase", None, "4381.5", "0")],
    "commitment_discount_usage_scenario_1.csv": [("Usage", "Used", "0", "1")],
    "commitment_discount_usage_scenario_2.csv": [("Usage", "Unused", "0", "1")],
    "commitment_discount_usage_scenario_3.csv": [("Usage", "Unused", "0", "0.25"), ("Usage", "Used", "0", "0.75")],
    "commitment_discount_usage_scenario_4.csv": [("Usage", "Used", "0", "1"), ("Usage", None, "0.5", "0.5")],
    "zero_percent_utilization_without_commitment_discount_flexibility.csv": [
        ("Purchase", None, "1.5", "0"), ("Usage", "Unused", "0", "1.5"), ("Usage", None, "2", "2")],
}


def _folder(tmp_path, name):
    folder = tmp_path / "data"
    (folder / "billing").mkdir(parents=True)
    shutil.copy(EXAMPLES / name, folder / "billing" / name)
    return folder


@pytest.mark.parametrize("name", sorted(TOTALS))
def test_example_loads_with_the_spec_figures(tmp_path, config, name):
    with open_warehouse(_folder(tmp_path, name), config) as wh:
        got = wh.con.execute("""
            SELECT ChargeCategory, CommitmentDiscountStatus, sum(BilledCost), sum(EffectiveCost)
            FROM stg_billing GROUP BY ALL ORDER BY 1, 2""").fetchall()
    assert got == [(c, s, Decimal(b), Decimal(e)) for c, s, b, e in TOTALS[name]]


@pytest.mark.parametrize("name", SCENARIOS + FLEXIBILITY)
def test_example_validates_except_for_the_columns_it_leaves_out(tmp_path, config, name):
    report = validate_inputs(_folder(tmp_path, name), config, docs_dir=tmp_path / "docs")
    flexible = name in FLEXIBILITY       # these carry ListCost and PricingQuantity too
    expected = [("critical", c) for c in MISSING_CRITICAL if not (flexible and c == "ListCost")]
    expected += [("warning", c) for c in MISSING_WARNING if not (flexible and c == "PricingQuantity")]
    schema = sorted((f.severity, f.column) for f in report.findings if f.kind == "schema")
    others = [(f.severity, f.description, f.column, f.bad_rows, f.examples) for f in report.findings if f.kind != "schema"]
    assert schema == sorted(expected)
    if name in ("commitment_discount_purchase_scenario_2.csv", "commitment_discount_purchase_scenario_3.csv"):
        # The spec writes hour 30 ("2023-02-01T30:00:00Z"): not a date-time, and validation says so.
        assert others == [("critical", "ChargePeriodEnd values are ISO 8601 date-times (UTC)", "ChargePeriodEnd", 1,
                           ["2023-02-01T30:00:00Z"])]
    else:
        assert others == []
