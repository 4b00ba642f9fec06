"""Each validation rule, with a hand-made fixture that breaks it (real Great Expectations)."""
from __future__ import annotations

import json
import shutil

import pytest

from finops_analysis.validate import validate_inputs
from tests.conftest import OWNERSHIP, row, write_csv, write_parquet

GOOD = [row(ResourceId="r1"), row(ResourceId="r2", BilledCost="20.50", EffectiveCost="20.50")]


def run(data_dir, config):
    return validate_inputs(data_dir, config, docs_dir=data_dir.parent / "docs")


def found(report):
    """(severity, description, file, column, bad rows, examples) of each finding, sorted."""
    return sorted((f.severity, f.description, f.file, f.column, f.bad_rows, tuple(f.examples))
                  for f in report.findings)


def test_clean_billing_only_folder_passes(data_dir, config):
    write_csv(data_dir / "billing" / "a.csv", GOOD)
    report = run(data_dir, config)
    assert found(report) == [] and report.passed
    assert [name for name, _ in report.absent] == ["ownership.csv", "usage_metrics.csv", "budgets.csv"]
    assert report.checks_run > 40
    assert (data_dir.parent / "docs" / "index.html").is_file()
    summary = json.loads((data_dir.parent / "docs" / "summary.json").read_text())
    assert summary["passed"] and summary["files"][0]["rows"] == 2


def test_missing_mandatory_column(data_dir, config):
    rows = [{k: v for k, v in r.items() if k != "BilledCost"} for r in GOOD]
    write_csv(data_dir / "billing" / "a.csv", rows)
    assert found(run(data_dir, config)) == [
        ("critical", "FOCUS mandatory column BilledCost is present", "billing/a.csv", "BilledCost", None, ())]


@pytest.mark.parametrize("column, bad, severity, description", [
    ("BilledCost", "12,50", "critical", "BilledCost values are numbers"),
    ("ListUnitPrice", "$3", "warning", "ListUnitPrice values are numbers"),
    ("ChargePeriodStart", "10/05/2026", "critical", "ChargePeriodStart values are ISO 8601 date-times (UTC)"),
    ("Tags", "{team: payments}", "warning", "Tags values are JSON objects"),
])
def test_values_that_do_not_parse(data_dir, config, column, bad, severity, description):
    write_csv(data_dir / "billing" / "a.csv", GOOD + [row(ResourceId="r3", **{column: bad})] * 2)
    assert found(run(data_dir, config)) == [(severity, description, "billing/a.csv", column, 2, (bad,))]


def test_values_that_do_not_parse_in_rows_and_in_repeated_values_together(data_dir, config):
    # amounts are parsed row by row, date-times and tags once per distinct value: both found
    write_csv(data_dir / "billing" / "a.csv", GOOD + [row(ResourceId="r3", BilledCost="12,50"),
                                                      row(ResourceId="r4", Tags="{team: payments}"),
                                                      row(ResourceId="r5", Tags="{team: payments}", BilledCost="n/a")])
    assert sorted(found(run(data_dir, config))) == [
        ("critical", "BilledCost values are numbers", "billing/a.csv", "BilledCost", 2, ("12,50", "n/a")),
        ("warning", "Tags values are JSON objects", "billing/a.csv", "Tags", 2, ("{team: payments}",))]


def test_blank_cost_is_reported_as_blank(data_dir, config):
    write_csv(data_dir / "billing" / "a.csv", GOOD + [row(ResourceId="r3", EffectiveCost=None)])
    assert found(run(data_dir, config)) == [
        ("critical", "EffectiveCost has a value on every row", "billing/a.csv", "EffectiveCost", 1, ("(blank)",))]


@pytest.mark.parametrize("column, bad, severity", [
    ("ChargeCategory", "Refund", "critical"),
    ("ChargeClass", "Adjustment", "critical"),
    ("CommitmentDiscountStatus", "Partial", "critical"),
    ("PricingCategory", "OnDemand", "warning"),
    ("ChargeFrequency", "Monthly", "warning"),
    ("ServiceCategory", "Servers", "warning"),
    ("ServiceSubcategory", "Big Machines", "warning"),
])
def test_allowed_values(data_dir, config, column, bad, severity):
    write_csv(data_dir / "billing" / "a.csv", GOOD + [row(ResourceId="r3", **{column: bad})])
    got = found(run(data_dir, config))
    pair = [f for f in got if f[1] == "ServiceSubcategory belongs to its ServiceCategory"]
    assert [f for f in got if f not in pair] == [
        (severity, f"{column} holds a FOCUS 1.2 allowed value", "billing/a.csv", column, 1, (bad,))]
    assert len(pair) == (1 if column in ("ServiceCategory", "ServiceSubcategory") else 0)


def test_charge_period_must_end_after_it_starts(data_dir, config):
    write_csv(data_dir / "billing" / "a.csv", GOOD + [row(ChargePeriodEnd="2026-10-05T00:00:00Z")])
    [(severity, description, file, column, bad, _)] = found(run(data_dir, config))
    assert (severity, description, file, column, bad) == (
        "critical", "ChargePeriodStart is before ChargePeriodEnd", "billing/a.csv", "ChargePeriodEnd, ChargePeriodStart", 1)


def test_billing_period_must_end_after_it_starts(data_dir, config):
    write_csv(data_dir / "billing" / "a.csv", GOOD + [row(BillingPeriodEnd="2026-09-01T00:00:00Z")])
    descriptions = [(f[0], f[1], f[4]) for f in found(run(data_dir, config))]
    assert descriptions == [("critical", "BillingPeriodStart is before BillingPeriodEnd", 1)]


def test_usage_before_its_billing_period_must_be_a_correction(data_dir, config):
    early = dict(ChargePeriodStart="2026-09-30T00:00:00Z", ChargePeriodEnd="2026-10-01T00:00:00Z")
    write_csv(data_dir / "billing" / "a.csv", GOOD + [row(ResourceId="late", **early),
                                                      row(ResourceId="fix", ChargeClass="Correction", **early)])
    assert [(f[0], f[1], f[4]) for f in found(run(data_dir, config))] == [
        ("warning", "usage is charged in or after its billing period", 1)]


def test_commitment_purchase_with_effective_cost_counts_twice(data_dir, config):
    purchase = dict(ChargeCategory="Purchase", ChargeFrequency="One-Time", CommitmentDiscountId="ri-1",
                    BilledCost="8760", ContractedCost="8760", ListCost="8760", Tags=None)
    write_csv(data_dir / "billing" / "a.csv", GOOD + [row(EffectiveCost="0", **purchase),
                                                      row(EffectiveCost="8760", **purchase)])
    assert [(f[0], f[1], f[4], f[5]) for f in found(run(data_dir, config))] == [
        ("critical", "commitment purchases have EffectiveCost 0", 1, ("8760.0",))]


def test_commitment_usage_needs_a_status(data_dir, config):
    write_csv(data_dir / "billing" / "a.csv", GOOD + [
        row(PricingCategory="Committed", CommitmentDiscountId="sp-1", CommitmentDiscountStatus="Used"),
        row(PricingCategory="Committed", CommitmentDiscountId="sp-1", CommitmentDiscountStatus=None)])
    assert [(f[0], f[1], f[4]) for f in found(run(data_dir, config))] == [
        ("warning", "commitment usage says Used or Unused", 1)]


def test_mixed_currencies(data_dir, config):
    write_csv(data_dir / "billing" / "a.csv", GOOD)
    write_csv(data_dir / "billing" / "b.csv", [row(BillingCurrency="EUR", BillingAccountId="EU1")] * 3)
    assert found(run(data_dir, config)) == [
        ("critical", "rows are billed in the configured currency", "billing/b.csv", "BillingCurrency", 3, ("EUR",))]


def test_same_file_twice(data_dir, config):
    write_parquet(data_dir / "billing" / "aws" / "2026-10.parquet", GOOD)
    shutil.copy(data_dir / "billing" / "aws" / "2026-10.parquet", data_dir / "billing" / "aws" / "2026-10 (1).parquet")
    got = found(run(data_dir, config))
    assert got == [
        ("critical", "each billing file is present once", "billing/aws/2026-10 (1).parquet", "sha256", 1, (got[0][5][0],)),
        ("critical", "each billing file is present once", "billing/aws/2026-10.parquet", "sha256", 1, (got[1][5][0],)),
        ("critical", "no charge row appears in two files", "billing/aws/2026-10.parquet", None, 2,
         ("billing/aws/2026-10 (1).parquet",)),
    ]


def test_overlapping_exports_report_the_repeated_rows(data_dir, config):
    write_csv(data_dir / "billing" / "a.csv", GOOD)
    write_csv(data_dir / "billing" / "b.csv", [GOOD[1], row(ResourceId="r9")])   # one row repeats a.csv
    assert found(run(data_dir, config)) == [
        ("critical", "no charge row appears in two files", "billing/b.csv", None, 1, ("billing/a.csv",))]


def test_gap_in_billing_months(data_dir, config):
    def month(m):
        return row(BillingPeriodStart=f"2026-{m:02d}-01T00:00:00Z", BillingPeriodEnd=f"2026-{m + 1:02d}-01T00:00:00Z",
                   ChargePeriodStart=f"2026-{m:02d}-02T00:00:00Z", ChargePeriodEnd=f"2026-{m:02d}-03T00:00:00Z")
    write_csv(data_dir / "billing" / "a.csv", [month(1), month(2), month(5), month(6)])
    assert found(run(data_dir, config)) == [
        ("warning", "billing months are contiguous for each provider", None, "months_since_previous", 2,
         ("AWS: 2026-03 to 2026-04",))]


def test_empty_file_is_a_warning(data_dir, config):
    write_csv(data_dir / "billing" / "a.csv", GOOD)
    write_csv(data_dir / "billing" / "empty.csv", [], columns=list(GOOD[0]))
    assert found(run(data_dir, config)) == [
        ("warning", "billing files are not empty", "billing/empty.csv", "rows", 1, ("0",))]


def test_ownership_rules(data_dir, config):
    write_csv(data_dir / "billing" / "a.csv", GOOD)
    bad = OWNERSHIP + [
        {"rule_type": "team", "match_key": "", "match_value": "", "team": "growth", "cost_center": "", "business_unit": "Commerce"},
        {"rule_type": "team", "match_key": "", "match_value": "", "team": "payments", "cost_center": "CC-9", "business_unit": "X"},
        {"rule_type": "tag", "match_key": "app", "match_value": "ledger", "team": "ledger-team", "cost_center": "", "business_unit": ""},
        {"rule_type": "account", "match_key": "", "match_value": "1", "team": "ml", "cost_center": "", "business_unit": ""},
    ]
    write_csv(data_dir / "ownership.csv", bad)
    assert [(f[0], f[1], f[3], f[4], f[5]) for f in found(run(data_dir, config))] == [
        ("critical", "each team is defined once", "team", 2, ("payments",)),
        ("critical", "every rule's team is defined by a team line", "team_is_defined", 1, ("ledger-team",)),
        ("critical", "every team has a cost center", "cost_center", 1, ("(blank)",)),
        ("critical", "rule_type is team, sub_account or tag", "rule_type", 1, ("account",)),
    ]


def test_usage_metrics_rules(data_dir, config):
    write_csv(data_dir / "billing" / "a.csv", GOOD)
    write_csv(data_dir / "usage_metrics.csv", [
        {"date": "2026-10-01", "product": "storefront", "metric": "requests", "value": "1200"},
        {"date": "2026-10-01", "product": "storefront", "metric": "requests", "value": "1300"},
        {"date": "01/10/2026", "product": "storefront", "metric": "Active Tenants", "value": "-4"},
    ])
    assert [(f[0], f[1], f[4], f[5]) for f in found(run(data_dir, config))] == [
        ("critical", "date is an ISO date (YYYY-MM-DD)", 1, ("01/10/2026",)),
        ("critical", "metric is a snake_case name", 1, ("Active Tenants",)),
        ("critical", "one value per date, product and metric", 2, ("date=2026-10-01, product=storefront, metric=requests",)),
        ("critical", "value is a non-negative number", 1, ("-4",)),
    ]


def test_budget_rules(data_dir, config):
    write_csv(data_dir / "billing" / "a.csv", GOOD)
    write_csv(data_dir / "ownership.csv", OWNERSHIP)
    write_csv(data_dir / "budgets.csv", [
        {"month": "2026-10", "cost_center": "CC-1100", "amount": "120000", "currency": "USD"},
        {"month": "2026-13", "cost_center": "CC-1200", "amount": "1,000", "currency": "EUR"},
        {"month": "2026-10", "cost_center": "CC-7777", "amount": "5", "currency": "USD"},
    ])
    assert [(f[0], f[1], f[4], f[5]) for f in found(run(data_dir, config))] == [
        ("critical", "amount is a non-negative number", 1, ("1,000",)),
        ("critical", "budgets are in the configured currency", 1, ("EUR",)),
        ("critical", "month is YYYY-MM", 1, ("2026-13",)),
        ("warning", "every cost center is one ownership.csv defines", 1, ("CC-7777",)),
    ]


def test_unreadable_csv_row_is_an_input_error(data_dir, config):
    from finops_analysis.errors import InputError
    path = write_csv(data_dir / "billing" / "a.csv", GOOD)
    path.write_text(path.read_text() + '1,2,3\n')
    with pytest.raises(InputError) as err:
        run(data_dir, config)
    assert "a.csv" in str(err.value) and "what to do" in str(err.value)


def test_summary_groups_a_failure_repeated_across_files(data_dir, config):
    for month in ("a", "b", "c", "d"):
        write_csv(data_dir / "billing" / f"{month}.csv", [row(ResourceId=f"{month}1", PricingCategory="OnDemand"),
                                                          row(ResourceId=f"{month}2")])
    report = run(data_dir, config)
    assert len(report.findings) == 4 and report.passed
    text = report.summary()
    assert "0 critical failures, 1 warning" in text
    assert "column PricingCategory: 4 rows of 8 in 4 files, e.g. 'OnDemand'" in text
    assert "files: billing/a.csv, billing/b.csv, billing/c.csv and 1 more" in text
    assert text.endswith("Result: PASSED with 1 warning")


def test_subcategory_must_belong_to_its_category(data_dir, config):
    write_csv(data_dir / "billing" / "a.csv", GOOD + [row(ServiceCategory="Storage", ServiceSubcategory="Virtual Machines")])
    assert [(f[0], f[1], f[3], f[4], f[5]) for f in found(run(data_dir, config))] == [
        ("warning", "ServiceSubcategory belongs to its ServiceCategory", "ServiceCategory, ServiceSubcategory", 1,
         ("Storage / Virtual Machines",))]
