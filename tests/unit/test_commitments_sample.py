"""Commitments on the committed sample company: the figures its README documents
(data/sample/README.md, section Commitments) come out of the library."""
from __future__ import annotations

import dataclasses
import re
from datetime import date

import pytest

from finops_analysis import commitments as C
from finops_analysis.commitments_expiring import DAYS_PER_MONTH
from finops_analysis.config import load_config
from finops_analysis.warehouse import open_warehouse
from tests.conftest import ROOT, SAMPLE

README = (SAMPLE / "README.md").read_text()


def readme_commitments() -> dict[str, dict]:
    """CommitmentDiscountId -> {name, term, daily, utilization} from the README's table."""
    out = {}
    for line in README.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 10 and cells[1].startswith("`"):
            out[cells[1].strip("`")] = {"name": cells[0], "term": cells[6],
                                       "daily": float(cells[7].strip("$").replace(",", "")),
                                       "utilization_pct": float(cells[9].rstrip("%"))}
    return out


DOCUMENTED = readme_commitments()
COVERAGE_PCT = float(re.search(r"Coverage: ([\d.]+)% of the ContractedCost", README).group(1))


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    folder = tmp_path_factory.mktemp("commitments_sample")
    config = dataclasses.replace(load_config(ROOT / "finops.yaml"), temp_dir=folder / "duckdb_tmp",
                                 out_dir=folder / "out")
    with open_warehouse(SAMPLE, config) as wh:
        yield {
            "by_month": wh.query("marts/commitments_by_commitment_month"),
            "usage": wh.query("marts/commitments_usage_by_day", eligible_scope="any_provider"),
            "recent": wh.query("marts/commitments_by_commitment", window_start="2026-10-02", window_end="2026-11-01"),
        }


def test_the_readme_lists_the_commitments():
    assert len(DOCUMENTED) == 13


def test_utilization_per_commitment_matches_the_readme(sample):
    util = C.compute_commitment_utilization(sample["by_month"]).set_index("commitment_id")
    assert sorted(util.index) == sorted(DOCUMENTED)
    got = {cid: round(util.loc[cid, "utilization_pct"], 1) for cid in DOCUMENTED}
    assert got == {cid: doc["utilization_pct"] for cid, doc in DOCUMENTED.items()}
    under_used = [util.loc[cid, "commitment_name"] for cid in DOCUMENTED if got[cid] < 95]
    assert under_used == ["Reserved VM Instance E8s v5 3yr Monthly (insights-prod)"]
    e8s = util[util.commitment_name.str.startswith("Reserved VM Instance E8s")].iloc[0]
    assert 50 < e8s.utilization_pct < 51.5
    assert e8s.unused_cost > 20_000          # about half of what it cost sat idle


def test_coverage_matches_the_readme(sample):
    coverage = C.compute_commitment_coverage(sample["usage"], by="total")
    assert round(coverage.coverage_pct.iloc[0], 1) == COVERAGE_PCT


def test_monthly_kpis_are_complete(sample):
    summary = C.summarize_commitments(sample["by_month"], sample["usage"], by="month")
    assert len(summary) == 18
    assert summary[["coverage_pct", "utilization_pct", "effective_savings_rate_pct"]].notna().all().all()
    assert (summary.net_savings < summary.realized_savings).all()     # some capacity idles every month


def test_ec2_reservations_expiring_2026_12_15_are_listed_with_their_fallback(sample):
    out = C.find_expiring_commitments(sample["recent"], as_of="2026-11-01", horizon_days=90)
    expiring = {cid for cid, doc in DOCUMENTED.items() if doc["term"].endswith("to 2026-12-15")}
    assert len(expiring) == 2
    assert set(out.commitment_id) == expiring
    assert out.term_end.tolist() == [date(2026, 12, 15)] * 2
    assert out.days_to_expiry.tolist() == [44, 44]
    for item in out.itertuples():
        # what they cost now is their daily amortized amount, per month
        assert item.commitment_cost_monthly / DAYS_PER_MONTH == pytest.approx(DOCUMENTED[item.commitment_id]["daily"],
                                                                            abs=0.01)
        assert item.fallback_cost_monthly == item.on_demand_monthly - item.commitment_cost_monthly
        assert item.fallback_cost_monthly > 0                              # the usage gets dearer
