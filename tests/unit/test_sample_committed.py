"""The committed sample in data/sample: it reproduces from generate_sample, its money is exact,
its commitments amortize exactly, and the injected events are visible in it."""
from __future__ import annotations

import csv
import json
from datetime import date, timedelta
from decimal import Decimal

import duckdb
import pyarrow.parquet as pq
import pytest

from finops_analysis.config import load_config
from finops_analysis.sample import generate_sample
from tests.conftest import ROOT, SAMPLE


@pytest.fixture(scope="module")
def con():
    c = duckdb.connect()
    c.execute("SET TimeZone = 'UTC'")
    c.execute(f"CREATE VIEW b AS SELECT * FROM read_parquet('{SAMPLE}/billing/*/*.parquet')")
    yield c
    c.close()


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory):
    """The sample regenerated with the defaults (about five seconds)."""
    out = tmp_path_factory.mktemp("regen") / "sample"
    return out, generate_sample(out)


def one(con, sql, *params):
    return con.execute(sql, list(params)).fetchone()[0]


def test_committed_sample_reproduces_from_the_generator(con, regenerated):
    out, summary = regenerated
    committed = {str(p.relative_to(SAMPLE)): pq.ParquetFile(p).metadata.num_rows
                 for p in SAMPLE.glob("billing/*/*.parquet")}
    assert committed == {k: v for k, v in summary.rows_per_file.items() if k.startswith("billing/")}
    totals = con.execute("""SELECT strftime(BillingPeriodStart, '%Y-%m'), sum(BilledCost), sum(EffectiveCost)
                            FROM b GROUP BY 1 ORDER BY 1""").fetchall()
    assert {m: (bc, ec) for m, bc, ec in totals} == summary.monthly_totals
    for name in ("ownership.csv", "usage_metrics.csv", "budgets.csv", "README.md"):
        assert (SAMPLE / name).read_text() == (out / name).read_text(), f"regenerate data/sample: {name} differs"


def test_sample_size_and_spend(con):
    rows = one(con, "SELECT count(*) FROM b")
    assert 800_000 <= rows <= 1_300_000
    first, last = con.execute("""SELECT sum(EffectiveCost) FROM b GROUP BY BillingPeriodStart
                                 ORDER BY BillingPeriodStart""").fetchall()[::17]
    assert 270_000 < first[0] < 330_000 and 380_000 < last[0] < 460_000
    by_provider = dict(con.execute("SELECT ProviderName, sum(EffectiveCost) FROM b GROUP BY 1").fetchall())
    assert max(by_provider, key=by_provider.get) == "AWS"


def test_list_and_contracted_cost_are_quantity_times_unit_price(con):
    assert one(con, """SELECT count(*) FROM b WHERE PricingQuantity IS NOT NULL AND ListUnitPrice IS NOT NULL
                       AND (ListCost <> round(PricingQuantity::DECIMAL(38, 6) * ListUnitPrice, 6)
                            OR ContractedCost <> round(PricingQuantity::DECIMAL(38, 6) * ContractedUnitPrice, 6))""") == 0
    assert one(con, """SELECT count(*) FROM b WHERE PricingCategory = 'Standard' AND ChargeCategory = 'Usage'
                       AND NOT (BilledCost = EffectiveCost AND EffectiveCost = ContractedCost)""") == 0


def test_negotiated_discount_per_provider(con):
    got = dict(con.execute("""SELECT ProviderName, min(ContractedUnitPrice / ListUnitPrice)
                              FROM b WHERE ChargeCategory = 'Usage' AND ListUnitPrice > 0.01
                              AND CommitmentDiscountStatus IS NULL GROUP BY 1""").fetchall())
    assert {k: round(float(v), 4) for k, v in got.items()} == {"AWS": 0.94, "Microsoft": 0.96, "Google Cloud": 1.0}


def test_no_row_carries_both_cost_bases(con):
    assert one(con, "SELECT count(*) FROM b WHERE ChargeCategory = 'Purchase' AND EffectiveCost <> 0") == 0
    assert one(con, "SELECT count(*) FROM b WHERE ChargeCategory = 'Purchase'") > 0
    assert one(con, "SELECT count(*) FROM b WHERE CommitmentDiscountStatus IS NOT NULL AND BilledCost <> 0") == 0
    assert one(con, """SELECT count(*) FROM b WHERE Tags IS NOT NULL AND (ChargeCategory IN ('Purchase', 'Tax',
                       'Credit') OR CommitmentDiscountStatus = 'Unused')""") == 0


def test_each_commitment_amortizes_its_daily_amount_exactly(con):
    daily = con.execute("""SELECT CommitmentDiscountId, count(DISTINCT s) FROM (
                             SELECT CommitmentDiscountId, ChargePeriodStart, sum(EffectiveCost) s FROM b
                             WHERE CommitmentDiscountStatus IS NOT NULL GROUP BY ALL) GROUP BY 1""").fetchall()
    assert len(daily) >= 8 and all(n == 1 for _, n in daily)


def test_all_upfront_term_inside_the_window_sums_to_its_purchase(con):
    rows = con.execute("""
        SELECT p.CommitmentDiscountId, p.BilledCost,
               (SELECT sum(u.EffectiveCost) FROM b u WHERE u.CommitmentDiscountId = p.CommitmentDiscountId
                AND u.CommitmentDiscountStatus IS NOT NULL)
        FROM b p WHERE p.ChargeCategory = 'Purchase' AND p.ChargeFrequency = 'One-Time'
        AND p.ChargePeriodStart >= TIMESTAMPTZ '2025-05-01' AND p.ChargePeriodEnd <= TIMESTAMPTZ '2026-11-01'
    """).fetchall()
    assert len(rows) >= 1
    for _, purchase, amortized in rows:
        assert amortized == purchase


def test_monthly_fees_equal_that_months_amortized_cost(con):
    rows = con.execute("""
        WITH fee AS (SELECT CommitmentDiscountId id, BillingPeriodStart m, BilledCost fee FROM b
                     WHERE ChargeCategory = 'Purchase' AND ChargeFrequency = 'Recurring'),
             used AS (SELECT CommitmentDiscountId id, date_trunc('month', ChargePeriodStart) m, sum(EffectiveCost) a
                      FROM b WHERE CommitmentDiscountStatus IS NOT NULL GROUP BY ALL)
        SELECT fee.id, fee.m, fee.fee, used.a FROM fee LEFT JOIN used USING (id, m)""").fetchall()
    assert len(rows) >= 18 * 4
    assert all(f == a for _, _, f, a in rows)


def test_coverage_and_utilization(con):
    coverage = one(con, """
        SELECT sum(ContractedCost) FILTER (WHERE CommitmentDiscountStatus = 'Used') / sum(ContractedCost) FROM b
        WHERE ChargeCategory = 'Usage' AND ChargeClass IS NULL AND PricingUnit = 'Hours'
        AND ServiceSubcategory IN ('Virtual Machines', 'Relational Databases')
        AND coalesce(CommitmentDiscountStatus, '') <> 'Unused'""")
    assert 0.60 <= coverage <= 0.70
    util = dict(con.execute("""
        SELECT CommitmentDiscountName, sum(CommitmentDiscountQuantity) FILTER (WHERE CommitmentDiscountStatus = 'Used')
               / sum(CommitmentDiscountQuantity) FROM b WHERE CommitmentDiscountStatus IS NOT NULL GROUP BY 1""").fetchall())
    under = [n for n, u in util.items() if u < 0.65]
    assert under == ["Reserved VM Instance E8s v5 3yr Monthly (insights-prod)"]
    assert all(u >= 0.95 for n, u in util.items() if n not in under)


def _required_tags():
    cfg = load_config(ROOT / "finops.yaml")
    teams = {r["team"] for r in csv.DictReader(open(SAMPLE / "ownership.csv")) if r["rule_type"] == "team"}
    return [(k.aliases, set(k.allowed) if k.allowed is not None else teams)
            for k in cfg.tag_keys if k.name in cfg.required_tags]


def _compliant(tags: str | None, required) -> bool:
    lowered = {k.lower(): str(v).lower() for k, v in json.loads(tags or "{}").items()}
    for aliases, allowed in required:
        value = next((lowered[a.lower()] for a in aliases if a.lower() in lowered), None)
        if value not in allowed:
            return False
    return True


def test_tag_compliance_share_of_cost(con):
    required = _required_tags()
    rows = con.execute("SELECT Tags, ChargeCategory = 'Usage', sum(EffectiveCost) FROM b GROUP BY ALL").fetchall()
    for usage_only in (False, True):
        kept = [(t, float(c)) for t, usage, c in rows if usage or not usage_only]
        share = sum(c for t, c in kept if _compliant(t, required)) / sum(c for _, c in kept)
        assert 0.80 <= share <= 0.85, (usage_only, share)


def _daily(con, where: str) -> dict[date, float]:
    return {d.date(): float(c) for d, c in con.execute(
        f"SELECT ChargePeriodStart, sum(ContractedCost) FROM b WHERE ChargeCategory = 'Usage' AND {where} "
        "AND ChargeClass IS NULL GROUP BY 1").fetchall()}


def _median(values):
    values = sorted(values)
    return values[len(values) // 2]


def test_runaway_logging_spike_stands_out_and_nothing_else_does(con):
    series = _daily(con, "SubAccountName = 'storefront-prod' AND SkuMeter = 'DataProcessing-Bytes' "
                         "AND ResourceName LIKE '/checkout/%'")
    days = sorted(series)
    spike = [date(2026, 9, 14) + timedelta(days=i) for i in range(4)]
    for d in days[28:]:
        base = _median(series[d - timedelta(days=i)] for i in range(1, 29) if d - timedelta(days=i) not in spike)
        ratio = series[d] / base
        assert (ratio >= 5) if d in spike else (ratio < 1.5), (d, ratio)


def test_azure_sql_price_rose_15_percent_on_july_1(con):
    prices = con.execute("""SELECT ChargePeriodStart >= TIMESTAMPTZ '2026-07-01', min(ListUnitPrice), max(ListUnitPrice),
                            list(DISTINCT SkuPriceId) FROM b WHERE ServiceName = 'Azure SQL Database'
                            AND SkuMeter = 'vCore' AND ChargePeriodStart >= TIMESTAMPTZ '2026-06-01' GROUP BY 1 ORDER BY 1""").fetchall()
    (_, lo0, hi0, ids0), (_, lo1, hi1, ids1) = prices
    assert lo0 == hi0 == Decimal("0.2521") and lo1 == hi1 == Decimal("0.289915")
    assert not set(ids0) & set(ids1)                  # the new price has new SkuPriceIds
    june, july = (_daily(con, "ServiceName = 'Azure SQL Database' AND SkuMeter = 'vCore'") for _ in range(2))
    before = [v for d, v in june.items() if date(2026, 6, 17) <= d < date(2026, 7, 1)]
    after = [v for d, v in july.items() if date(2026, 7, 1) <= d < date(2026, 7, 15)]
    assert 1.12 < (sum(after) / len(after)) / (sum(before) / len(before)) < 1.19


def test_search_lost_its_team_tag_on_august_18(con):
    rows = con.execute("""SELECT ChargePeriodStart >= TIMESTAMPTZ '2026-08-18', Tags, sum(EffectiveCost) FROM b
                          WHERE Tags LIKE '%"app":"search-api"%' AND ChargePeriodStart >= TIMESTAMPTZ '2026-07-01'
                          GROUP BY ALL""").fetchall()
    team = lambda t: any(k.lower() in ("team", "owner", "team_name", "owning-team") for k in json.loads(t))
    before = [(team(t), float(c)) for after, t, c in rows if not after]
    assert sum(c for has, c in before if has) / sum(c for _, c in before) > 0.95
    assert not any(team(t) for after, t, c in rows if after)


def test_mobile_launch_steps_up_usage_and_cost(con):
    metrics = con.execute(f"""SELECT date >= DATE '2026-06-02', avg(value) FROM read_csv('{SAMPLE}/usage_metrics.csv')
                              WHERE product = 'mobile' AND metric = 'requests'
                              AND date BETWEEN DATE '2026-05-19' AND DATE '2026-06-15' GROUP BY 1 ORDER BY 1""").fetchall()
    assert 1.35 <= metrics[1][1] / metrics[0][1] <= 1.45
    cost = _daily(con, "SubAccountName = 'pocketly-mobile-prod' AND ServiceName = 'Amazon Elastic Compute Cloud'")
    before = sum(v for d, v in cost.items() if date(2026, 5, 19) <= d < date(2026, 6, 2))
    after = sum(v for d, v in cost.items() if date(2026, 6, 2) <= d < date(2026, 6, 16))
    assert 1.3 <= after / before <= 1.5


def test_data_eng_dev_vms_run_through_weekends_from_may_2(con):
    cost = _daily(con, "SubAccountName = 'insights-dev' AND ResourceName LIKE 'vm-de-dev-%'")
    def weekend_ratio(start, end):
        days = [d for d in cost if start <= d < end]
        weekend = [cost[d] for d in days if d.weekday() >= 5]
        weekday = [cost[d] for d in days if d.weekday() < 5]
        return (sum(weekend) / len(weekend)) / (sum(weekday) / len(weekday))
    assert weekend_ratio(date(2026, 3, 1), date(2026, 5, 1)) < 0.25
    assert weekend_ratio(date(2026, 5, 2), date(2026, 7, 1)) > 0.85


def test_previous_generation_instances_run_throughout(con):
    months = one(con, """SELECT count(DISTINCT BillingPeriodStart) FROM b WHERE SubAccountName = 'pocketly-mobile-prod'
                         AND json_extract_string(SkuPriceDetails, '$.InstanceSeries') IN ('m4', 'c4')""")
    assert months == 18
    price = dict(con.execute("""SELECT json_extract_string(SkuPriceDetails, '$.InstanceType'), max(ListUnitPrice) FROM b
                                WHERE SkuMeter IN ('BoxUsage:m4.xlarge', 'BoxUsage:m6i.xlarge') GROUP BY 1""").fetchall())
    assert price["m4.xlarge"] > price["m6i.xlarge"]


def test_refund_restates_the_previous_month(con):
    rows = con.execute("""SELECT BillingPeriodStart, ChargePeriodStart, ChargePeriodEnd, BilledCost FROM b
                          WHERE ChargeClass IS NOT NULL""").fetchall()
    assert len(rows) == 1
    billing, start, end, billed = rows[0]
    assert end <= billing and billed < 0
    assert one(con, "SELECT count(*) FROM b WHERE ChargeCategory = 'Credit' AND BilledCost >= 0") == 0


def test_budgets_cover_the_fiscal_year_and_one_cost_center_runs_over(regenerated):
    out, summary = regenerated
    budgets = {(r["month"], r["cost_center"]): float(r["amount"]) for r in csv.DictReader(open(SAMPLE / "budgets.csv"))}
    months = sorted({m for m, _ in budgets})
    assert months[0] == "2025-05" and months[-1] == "2027-01"      # fiscal years start in February
    ratio = {cc: sum(summary.cost_center_actuals[m][cc] for m in ("2026-08", "2026-09", "2026-10")) /
             sum(budgets[(m, cc)] for m in ("2026-08", "2026-09", "2026-10")) for cc in ("CC-1100", "CC-1200",
                                                                                          "CC-1300", "CC-1900")}
    assert ratio["CC-1200"] > 1.03 and min(ratio.values()) < 0.95


def test_ownership_rules_point_at_real_accounts_and_tags(con):
    rules = list(csv.DictReader(open(SAMPLE / "ownership.csv")))
    teams = {r["team"] for r in rules if r["rule_type"] == "team"}
    assert len(teams) == 10 and all(r["cost_center"] and r["business_unit"] for r in rules if r["rule_type"] == "team")
    accounts = {a for (a,) in con.execute("SELECT DISTINCT SubAccountId FROM b").fetchall()}
    for r in rules:
        assert r["team"] in teams
        if r["rule_type"] == "sub_account":
            assert r["match_key"] == "SubAccountId" and r["match_value"] in accounts
    assert [(r["match_key"], r["match_value"]) for r in rules if r["rule_type"] == "tag"] == [("app", "search-api")]
