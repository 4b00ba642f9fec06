"""Allocation and chargeback on the committed sample (data/sample and its README)."""
from __future__ import annotations

import csv
import dataclasses
from decimal import Decimal

import pandas as pd
import pytest

from finops_analysis.allocation import (INVOICE_KEYS, SPREAD_KEYS, compute_unallocated_share, exact,
                                        reconcile_allocation, summarize_allocation)
from finops_analysis.allocation_chargeback import compute_chargeback, render_chargeback_csv, render_chargeback_csvs
from finops_analysis.allocation_data import allocate_inputs, load_allocation_inputs
from finops_analysis.config import load_config
from finops_analysis.money import to_cents
from finops_analysis.warehouse import open_warehouse
from tests.conftest import ROOT, SAMPLE


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    config = dataclasses.replace(load_config(ROOT / "finops.yaml"), temp_dir=tmp_path_factory.mktemp("duckdb"))
    with open_warehouse(SAMPLE, config) as wh:
        inputs = load_allocation_inputs(wh)
        search = wh.con.execute("""
            SELECT billing_month, ProviderName, owner_source, team, sum(EffectiveCost), sum(ContractedCost), count(*)
            FROM int_charges__owned
            WHERE json_extract_string(Tags, '$.app') = 'search-api' AND tag_team IS NULL AND charge_date >= DATE '2026-08-18'
            GROUP BY ALL ORDER BY ALL""").fetchall()
    return inputs, search


@pytest.fixture(scope="module")
def allocated(sample):
    inputs, _ = sample
    return {basis: allocate_inputs(inputs, cost_basis=basis) for basis in ("billed", "effective")}


@pytest.mark.parametrize("basis", ["billed", "effective"])
def test_sample_reconciles_to_the_cent_every_month_and_provider(sample, allocated, basis):
    inputs, _ = sample
    check = reconcile_allocation(allocated[basis], inputs.totals, cost_basis=basis)
    months = inputs.totals.billing_month.nunique()
    providers = inputs.totals.provider.nunique()
    assert (months, providers) == (18, 3)                    # README: 18 billing months, three providers
    assert len(check) == months * providers
    assert check.difference_cents.abs().sum() == 0
    # and the grand total equals the billing total the README states for the first and last months
    by_month = check.groupby("billing_month").source_cost.sum().round(2)
    readme = {"billed": (278480.40, 398893.60), "effective": (301959.80, 429999.95)}[basis]
    assert abs(by_month.iloc[0] - readme[0]) <= 0.03 and abs(by_month.iloc[-1] - readme[1]) <= 0.03


def test_every_pool_is_spread_and_only_unallocated_direct_cost_stays(allocated):
    frame = allocated["effective"]
    assert set(frame[frame.team == "Unallocated"].source) == {"direct"}          # nothing unspread
    assert not frame[frame.source != "direct"].team.isin(["platform", "sre", "security"]).any()
    assert set(frame.source) - {"direct"} == {"unused commitments", "tax", "credits", "support", "networking",
                                               "ci/cd", "platform", "observability", "security tooling"}


def test_search_keeps_its_cost_after_the_tagging_regression(sample, allocated):
    """E3: from 2026-08-18 search resources lost their team tag but keep app=search-api;
    ownership.csv maps it to search, so search's cost stays with search."""
    inputs, search = sample
    assert {(team, source) for _, _, source, team, *_ in search} == {("search", "tag_rule")}
    untagged = sum(r[5] for r in search)                    # the README sizes E3 in ContractedCost
    assert round(untagged, 2) == Decimal("158245.83")
    direct = allocated["effective"]
    direct = direct[(direct.team == "search") & (direct.source == "direct")]
    by_provider = {}
    for month, provider, _, _, effective, _, _ in search:
        if month.strftime("%Y-%m") == "2026-10":
            by_provider[provider] = by_provider.get(provider, Decimal(0)) + effective
    october = direct[direct.billing_month == pd.Timestamp("2026-10-01")].set_index("provider").allocated_cents
    for provider, effective in by_provider.items():          # all of search's October cost came by the tag rule
        assert abs(october[provider] - to_cents(effective)) <= 1
    summary = summarize_allocation(allocated["effective"], inputs.teams)
    search_total = summary[summary.team == "search"].set_index("billing_month").allocated_cost
    assert search_total[pd.Timestamp("2026-09-01")] > 0.95 * search_total[pd.Timestamp("2026-07-01")]


def test_unallocated_share_of_usage_before_pools(sample, allocated):
    inputs, _ = sample
    share = compute_unallocated_share(inputs.usage_by_owner, allocated["effective"], by_month=False)
    assert round(share.unallocated_before_pools_pct.iloc[0], 1) == 7.5          # README: 7.5% of usage cost
    assert share.unallocated_after_pools_pct.iloc[0] < share.unallocated_before_pools_pct.iloc[0]


def test_chargeback_sums_exactly_to_every_invoice(sample, tmp_path):
    inputs, _ = sample
    per_invoice = allocate_inputs(inputs, cost_basis="billed", per_invoice=True)
    chargeback = compute_chargeback(per_invoice, inputs.teams)
    invoices = inputs.totals.assign(invoice_cents=[to_cents(exact(v)) for v in inputs.totals.billed_cost])
    charged = chargeback.groupby(list(INVOICE_KEYS)).chargeback_cents.sum()
    expected = invoices.set_index(list(INVOICE_KEYS)).invoice_cents
    assert len(expected) == 18 * 4                                               # one invoice per account and month
    assert charged.sort_index().to_dict() == expected.sort_index().to_dict()
    assert set(chargeback.cost_center) == {"CC-1100", "CC-1200", "CC-1300", "Unallocated"}   # CC-1900 is all pools
    october = compute_chargeback(per_invoice, inputs.teams, period="2026-10")
    path = render_chargeback_csv(october, tmp_path / "out" / "chargeback-2026-10.csv")
    with open(path, newline="") as handle:
        lines = list(csv.DictReader(handle))
    assert {(r["billing_month"], r["currency"], r["cost_basis"]) for r in lines} == {("2026-10", "USD", "BilledCost")}
    written = sum(Decimal(r["chargeback_amount"]) for r in lines)
    assert written == Decimal(int(expected.loc[expected.index.get_level_values(0) == pd.Timestamp("2026-10-01")].sum())) / 100
    files = render_chargeback_csvs(october, tmp_path / "centers")
    assert [p.name for p in files] == ["chargeback-2026-10-CC-1100.csv", "chargeback-2026-10-CC-1200.csv",
                                       "chargeback-2026-10-CC-1300.csv", "chargeback-2026-10-Unallocated.csv"]
    assert not list((tmp_path / "out").glob(".*.tmp"))                          # no temporary file left behind


def test_showback_keys_are_month_and_provider(allocated):
    assert allocated["billed"].attrs["keys"] == ",".join(SPREAD_KEYS)
    assert allocated["billed"].attrs["cost_basis"] == "billed" and allocated["effective"].attrs["currency"] == "USD"
