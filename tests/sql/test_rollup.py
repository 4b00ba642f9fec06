"""The billing roll-up the analyses read: the same sums and owners as the rows, computed once
and shared through a cache that knows when the files changed."""
from __future__ import annotations

import dataclasses
import os
from decimal import Decimal

import pytest

from finops_analysis.allocation_data import load_tag_compliance
from finops_analysis.staging import rollup_is_grouped
from finops_analysis.warehouse import latest_complete_month, open_warehouse
from tests.conftest import OWNERSHIP, SAMPLE, row, write_csv, write_parquet


def test_rollup_keeps_every_sum_and_count(data_dir, config):
    rows = [row(ResourceId=f"r{i}", BilledCost=f"{i}.25", EffectiveCost=f"{i}.5") for i in range(6)]
    rows += [row(ResourceId="x", ServiceName="Amazon S3", BilledCost="1.10", ListCost=None)]
    write_csv(data_dir / "billing" / "a.csv", rows)
    with open_warehouse(data_dir, config) as wh:
        got = wh.con.execute("""SELECT ServiceName, sum(BilledCost), sum(EffectiveCost), sum(row_count), sum(list_cost_rows)
                                FROM stg_billing__rolled_up GROUP BY 1 ORDER BY 1""").fetchall()
        lines = wh.con.execute("SELECT count(*) FROM stg_billing__rolled_up").fetchone()[0]
    assert [(s, float(b), float(e), n, k) for s, b, e, n, k in got] == [
        ("Amazon EC2", 16.5, 18.0, 6, 6),      # six resources of the same kind: one line
        ("Amazon S3", 1.1, 10.0, 1, 0)]        # its ListCost is missing: 0 rows carry it
    assert lines == 2


def test_owners_of_the_rollup_match_the_rows(config):
    with open_warehouse(SAMPLE, config) as wh:
        by_rows = wh.con.execute("""SELECT team, owner_source, sum(EffectiveCost), count(*) FROM int_charges__owned
                                    GROUP BY ALL ORDER BY ALL""").fetchall()
        wh.materialize()
        by_rollup = wh.con.execute("""SELECT team, owner_source, sum(EffectiveCost), sum(row_count) FROM int_charges__rolled_up
                                      GROUP BY ALL ORDER BY ALL""").fetchall()
    assert by_rollup == by_rows


def test_the_cache_is_reused_until_a_file_changes(data_dir, config, tmp_path):
    path = write_csv(data_dir / "billing" / "a.csv", [row(ResourceId="r1"), row(ResourceId="r2")])
    write_csv(data_dir / "ownership.csv", OWNERSHIP)
    cache = tmp_path / "cache"
    with open_warehouse(data_dir, config) as wh:
        wh.materialize(cache)
        assert (cache / "rollup.duckdb").is_file()
    with open_warehouse(data_dir, config) as wh:
        assert wh._cached_rollup(cache) is not None
        wh.materialize(cache)
        assert wh.con.execute("SELECT sum(BilledCost) FROM int_charges__rolled_up").fetchone()[0] == 20
    write_csv(path, [row(ResourceId="r1", BilledCost="99")])
    os.utime(path, ns=(1, 1))                     # a different file: size and time differ
    with open_warehouse(data_dir, config) as wh:
        assert wh._cached_rollup(cache) is None   # stale: rebuilt from the files
        wh.materialize(cache)
        assert wh.con.execute("SELECT sum(BilledCost) FROM int_charges__rolled_up").fetchone()[0] == 99


def test_files_of_two_schemas_and_two_spellings_of_an_instant_make_one_line(data_dir, config):
    # a typed Parquet export and a CSV export of the same charge keys (the CSV writes the
    # instant another way): grouped per schema on raw values, then summed again once typed
    write_parquet(data_dir / "billing" / "a.parquet", [row(ResourceId="r1", BilledCost="1.25", EffectiveCost="1.5")])
    write_csv(data_dir / "billing" / "b.csv", [
        row(ResourceId="r2", BilledCost="2.10", EffectiveCost="2", ChargePeriodStart="2026-10-05 00:00:00+00:00"),
        row(ResourceId="r3", BilledCost="0.65", EffectiveCost="0.5", ListCost=None)])
    with open_warehouse(data_dir, config) as wh:
        assert not rollup_is_grouped(wh.inputs.groups())
        got = wh.con.execute("""SELECT ChargePeriodStart, BilledCost, EffectiveCost, ListCost, row_count, list_cost_rows
                                FROM stg_billing__rolled_up""").fetchall()
    assert [(str(t), str(b), str(e), str(lc), n, k) for t, b, e, lc, n, k in got] == [
        ("2026-10-05 00:00:00", "4.0000000000", "4.0000000000", "24.0000000000", 3, 2)]


def test_one_typed_parquet_schema_is_rolled_up_in_one_pass(data_dir, config):
    # raw DECIMAL(18, 6) sums typed after grouping: the same digits as typing every row first
    costs = ["0.000001", "123456789.123456", "-0.5", "7.333333"]
    write_parquet(data_dir / "billing" / "a.parquet", [row(ResourceId=f"r{i}", BilledCost=c) for i, c in enumerate(costs)])
    with open_warehouse(data_dir, config) as wh:
        assert rollup_is_grouped(wh.inputs.groups())
        rolled = wh.con.execute("SELECT BilledCost, row_count FROM stg_billing__rolled_up").fetchall()
        rows = wh.con.execute("SELECT sum(BilledCost), count(*) FROM stg_billing").fetchall()
    assert rolled == rows == [(Decimal("123456795.956790"), 4)]


def test_the_cache_follows_ownership_and_tag_settings(data_dir, config, tmp_path):
    write_csv(data_dir / "billing" / "a.csv", [row(ResourceId="r1", SubAccountId="200000000009", Tags=None)])
    cache = tmp_path / "cache"
    with open_warehouse(data_dir, config) as wh:
        wh.materialize(cache)
        assert wh.con.execute("SELECT team FROM int_charges__rolled_up").fetchall() == [("Unallocated",)]
    path = write_csv(data_dir / "ownership.csv", OWNERSHIP)       # a rule now claims the sub-account
    with open_warehouse(data_dir, config) as wh:
        assert wh._cached_rollup(cache) is None
        wh.materialize(cache)
        assert wh.con.execute("SELECT team FROM int_charges__rolled_up").fetchall() == [("ml",)]
    required = dataclasses.replace(config, required_tags=("team",))
    with open_warehouse(data_dir, required) as wh:
        assert wh._cached_rollup(cache) is None                   # compliance depends on the required keys
    assert path.is_file()


def test_notebooks_attach_the_cached_rollup_read_only(data_dir, config, tmp_path):
    write_csv(data_dir / "billing" / "a.csv", [row(ResourceId="r1"), row(ResourceId="r2", BilledCost="5")])
    cache = tmp_path / "cache"
    with open_warehouse(data_dir, config) as wh:
        wh.materialize(cache)
    first, second = open_warehouse(data_dir, config), open_warehouse(data_dir, config)
    try:   # two readers at once, as two notebook kernels are
        for wh in (first, second):
            wh.materialize(cache)
            assert wh.con.execute("SELECT sum(BilledCost), sum(row_count) FROM stg_billing__rolled_up").fetchall() == [
                (Decimal("15.0000000000"), 2)]
    finally:
        first.close()
        second.close()


def test_the_latest_month_leaves_the_connection_free(config):
    # DuckDB 2 refuses a relation while an execute() result is unread: the helpers read theirs whole
    with open_warehouse(SAMPLE, config) as wh:
        wh.materialize()
        assert str(latest_complete_month(wh)) == "2026-10-01"
        assert len(load_tag_compliance(wh)) > 0


HOURLY = [("2026-10-05T00:00:00Z", "2026-10-05T01:00:00Z", "1.5"), ("2026-10-05T01:00:00Z", "2026-10-05T02:00:00Z", "2"),
          ("2026-10-05T13:00:00Z", "2026-10-05T14:00:00Z", "0.25"),
          ("2026-10-05T23:00:00Z", "2026-10-06T01:00:00Z", "4")]          # across midnight: kept as it is


def hourly_rows():
    rows = [row(ResourceId=f"r{i}", ChargePeriodStart=s, ChargePeriodEnd=e, BilledCost=c, EffectiveCost=c)
            for i, (s, e, c) in enumerate(HOURLY)]
    rows.append(row(ResourceId="fee", ChargeCategory="Purchase", ChargeFrequency="Recurring", EffectiveCost="0",
                    BilledCost="30", ChargePeriodStart="2026-10-01T00:00:00Z", ChargePeriodEnd="2026-11-01T00:00:00Z"))
    return rows


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_hourly_charges_roll_up_by_usage_day(data_dir, config, fmt):
    writer = write_parquet if fmt == "parquet" else write_csv
    writer(data_dir / "billing" / f"a.{fmt}", hourly_rows())
    with open_warehouse(data_dir, config) as wh:
        wh.materialize()
        got = wh.con.execute("""SELECT ChargePeriodStart, ChargePeriodEnd, BilledCost, row_count, latest_charge_end
                                FROM stg_billing__rolled_up ORDER BY ChargePeriodStart, ChargePeriodEnd""").fetchall()
        day = wh.con.execute("SELECT charge_date, sum(BilledCost) FROM int_charges__rolled_up "
                             "WHERE ChargeCategory = 'Usage' GROUP BY 1 ORDER BY 1").fetchall()
        as_of = wh.con.execute("SELECT max(latest_charge_end) FROM stg_billing__rolled_up").fetchall()[0][0]
    assert [(str(s), str(e), str(b), n, str(last)) for s, e, b, n, last in got] == [
        ("2026-10-01 00:00:00", "2026-11-01 00:00:00", "30.0000000000", 1, "2026-11-01 00:00:00"),   # a month's fee
        ("2026-10-05 00:00:00", "2026-10-06 00:00:00", "3.7500000000", 3, "2026-10-05 14:00:00"),  # three hours: their day
        ("2026-10-05 23:00:00", "2026-10-06 01:00:00", "4.0000000000", 1, "2026-10-06 01:00:00")]
    assert [(str(d), str(c)) for d, c in day] == [("2026-10-05", "7.7500000000")]
    assert str(as_of) == "2026-11-01 00:00:00"
