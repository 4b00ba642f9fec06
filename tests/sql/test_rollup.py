"""The billing roll-up the analyses read: the same sums and owners as the rows, computed once
and shared through a cache that knows when the files changed."""
from __future__ import annotations

import os

from finops_analysis.warehouse import open_warehouse
from tests.conftest import OWNERSHIP, SAMPLE, row, write_csv


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
        assert (cache / "stg_billing__rolled_up.parquet").is_file()
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
