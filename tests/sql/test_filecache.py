"""The file cache: each billing file's roll-up, validation scans and hash are computed once
and reused until that file changes; results are the same with or without it."""
from __future__ import annotations

import dataclasses
import os

import duckdb
import pytest

from finops_analysis.filecache import FileCache
from finops_analysis.io import discover_inputs
from finops_analysis.validate import validate_inputs
from finops_analysis.warehouse import open_warehouse
from tests.conftest import OWNERSHIP, row, write_csv, write_parquet

ROLLUP_SQL = "SELECT team, sum(BilledCost), sum(row_count) FROM int_charges__rolled_up GROUP BY ALL ORDER BY ALL"
MONTHLY_SQL = ("SELECT billing_month, team, sum(BilledCost)::DOUBLE, sum(row_count), max(last_usage_date) "
               "FROM int_charges__monthly GROUP BY ALL ORDER BY ALL")


def entries(cache_dir, kind: str) -> dict[str, int]:
    """Entry file name -> modification time, for one kind of entry."""
    return {p.name: p.stat().st_mtime_ns for p in cache_dir.glob("*")
            if p.name.split("-", 1)[1].rsplit("-", 1)[0] == kind}


def two_months(data_dir):
    september = write_parquet(data_dir / "billing" / "aws" / "2026-09.parquet", [
        row(ResourceId="r1", BillingPeriodStart="2026-09-01T00:00:00Z", BillingPeriodEnd="2026-10-01T00:00:00Z",
            ChargePeriodStart="2026-09-05T00:00:00Z", ChargePeriodEnd="2026-09-06T00:00:00Z", BilledCost="3.5")])
    october = write_csv(data_dir / "billing" / "aws" / "2026-10.csv", [row(ResourceId="r1"), row(ResourceId="r2")])
    write_csv(data_dir / "ownership.csv", OWNERSHIP)
    return september, october


def test_each_file_is_rolled_up_once_and_reused_until_it_changes(data_dir, config, tmp_path):
    september, october = two_months(data_dir)
    with open_warehouse(data_dir, config) as wh:       # an ad hoc run: reads entries, writes none
        wh.materialize()
        first = wh.con.execute(ROLLUP_SQL).fetchall()
    assert entries(config.cache_dir, "rollup") == {} and first == [("payments", 23.5, 3)]
    with open_warehouse(data_dir, config) as wh:       # a pack's build writes them
        wh.materialize(tmp_path / "pack1")
        assert wh.con.execute(ROLLUP_SQL).fetchall() == first
    kept = entries(config.cache_dir, "rollup")
    assert len(kept) == 2

    with open_warehouse(data_dir, config) as wh:       # nothing changed: both read back
        wh.materialize()
        assert wh.con.execute(ROLLUP_SQL).fetchall() == first
        assert "read_parquet" in wh.con.execute("SELECT sql FROM duckdb_views() WHERE view_name = "
                                                "'stg_billing__unique'").fetchall()[0][0]
    assert entries(config.cache_dir, "rollup") == kept

    write_csv(october, [row(ResourceId="r1", BilledCost="1")])
    os.utime(october, ns=(1, 1))
    with open_warehouse(data_dir, config) as wh:       # October rolled up again, September reused
        wh.materialize(tmp_path / "pack2")
        assert wh.con.execute(ROLLUP_SQL).fetchall() == [("payments", 4.5, 2)]
    now = entries(config.cache_dir, "rollup")
    assert len(now) == 2 and len(set(now) & set(kept)) == 1 and all(now[n] == kept[n] for n in set(now) & set(kept))


def test_files_that_share_an_invoice_month_are_summed_again(data_dir, config, tmp_path):
    # two exports of one provider, account and month (split by size): the same line in both
    write_csv(data_dir / "billing" / "part-1.csv", [row(ResourceId="r1", BilledCost="1.25")])
    write_csv(data_dir / "billing" / "part-2.csv", [row(ResourceId="r2", BilledCost="2.5"),
                                                    row(ResourceId="r3", ServiceName="Amazon S3", BilledCost="4")])
    with open_warehouse(data_dir, config) as wh:
        wh.materialize(tmp_path / "pack")
        got = wh.con.execute("SELECT ServiceName, BilledCost, row_count FROM stg_billing__rolled_up "
                             "ORDER BY 1").fetchall()
        assert wh.con.execute("SELECT count(*) FROM stg_billing__unique").fetchall() == [(0,)]
    assert [(s, float(b), n) for s, b, n in got] == [("Amazon EC2", 3.75, 2), ("Amazon S3", 4.0, 1)]


def test_results_are_the_same_without_a_cache(data_dir, config, tmp_path):
    two_months(data_dir)
    uncached = dataclasses.replace(config, cache_dir=None)
    with open_warehouse(data_dir, uncached) as wh:
        wh.materialize(tmp_path / "pack1")
        without = wh.con.execute(ROLLUP_SQL).fetchall()
        monthly = wh.con.execute(MONTHLY_SQL).fetchall()
    assert not config.cache_dir.exists()
    assert [(str(m), t, c, n) for m, t, c, n, _ in monthly][:1] == [("2026-09-01", "payments", 3.5, 1)]
    assert str(monthly[0][4]) == "2026-09-05"
    with open_warehouse(data_dir, config) as wh:       # fills the file cache
        wh.materialize(tmp_path / "pack2")
        assert wh.con.execute(ROLLUP_SQL).fetchall() == without
        assert wh.con.execute(MONTHLY_SQL).fetchall() == monthly
    with open_warehouse(data_dir, config) as wh:       # by month from the cached roll-ups
        wh.materialize()
        assert wh.con.execute(MONTHLY_SQL).fetchall() == monthly


def test_validation_reuses_the_scans_of_unchanged_files(data_dir, config, tmp_path):
    september, october = two_months(data_dir)
    first = validate_inputs(data_dir, config, docs_dir=tmp_path / "docs1")
    kept = {kind: entries(config.cache_dir, kind) for kind in ("values", "profile", "sha256", "parse-values", "parse-rows")}
    assert first.passed and [len(kept[k]) for k in kept] == [2, 2, 2, 2, 1]  # amounts are text in the CSV only
    again = validate_inputs(data_dir, config, docs_dir=tmp_path / "docs2")
    assert {kind: entries(config.cache_dir, kind) for kind in kept} == kept
    assert [(f.name, f.rows, f.sha256) for f in again.files] == [(f.name, f.rows, f.sha256) for f in first.files]

    write_csv(october, [row(ResourceId="r1", ChargeCategory="Refund", ChargePeriodStart="10/05/2026")])
    os.utime(october, ns=(1, 1))
    changed = validate_inputs(data_dir, config, docs_dir=tmp_path / "docs3")
    assert not changed.passed
    assert {(f.file, f.column) for f in changed.findings} == {
        ("billing/aws/2026-10.csv", "ChargeCategory"), ("billing/aws/2026-10.csv", "ChargePeriodStart")}
    assert entries(config.cache_dir, "values").items() & kept["values"].items()    # September's kept


def test_a_failed_write_leaves_no_entry(data_dir, tmp_path):
    path = write_csv(data_dir / "billing" / "a.csv", [row(ResourceId="r1")])
    con = duckdb.connect()
    source = discover_inputs(data_dir, con).billing[0]
    cache = FileCache(tmp_path / "cache")
    with pytest.raises(duckdb.Error):
        cache.relation(con, source, "values", "SELECT error('the disk is full')")
    assert not list((tmp_path / "cache").iterdir())
    assert cache.text(source, "sha256", lambda: "abc") == "abc"
    assert cache.text(source, "sha256", lambda: "recomputed") == "abc"       # read back while unchanged
    assert path.is_file()
