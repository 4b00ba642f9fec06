"""The allocation stage in plain pandas: the comparison baseline for bench_scale.py (not part
of the product). It does what the DuckDB pipeline does for showback allocation: read the
columns it needs, resolve each charge's owner from its tags (aliases, known teams) or the
sub-account rules, put charges in the first matching shared pool, and spread every pool over
the recipient teams in proportion to their direct cost, per billing month and provider.

Written as a careful pandas user would: only the needed columns, text as categoricals (a
few thousand distinct tag sets, not millions of strings), each tag set parsed once, pool
rules judged on categories rather than rows.

Run: python bench/pandas_allocation.py DATA_DIR  (prints JSON: seconds, rows, total)
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[1]
COLUMNS = ["BillingPeriodStart", "ProviderName", "SubAccountId", "ChargeCategory", "CommitmentDiscountStatus",
           "ServiceCategory", "ServiceSubcategory", "EffectiveCost", "Tags"]


def allocate(data_dir: Path) -> tuple[int, float]:
    sys.path.insert(0, str(ROOT / "lib"))
    from finops_analysis.config import load_config

    config = load_config(ROOT / "finops.yaml")
    paths = sorted(str(p) for p in (data_dir / "billing").rglob("*.parquet"))
    table = pq.ParquetDataset(paths).read(columns=COLUMNS)
    i = table.schema.get_field_index("EffectiveCost")      # money as float64 in Arrow, not Decimal objects
    table = table.set_column(i, "EffectiveCost", table.column(i).cast(pa.float64()))
    rows = table.to_pandas(strings_to_categorical=True)
    del table
    codes, starts = pd.factorize(rows["BillingPeriodStart"])
    rows["month"] = pd.Series(np.asarray(starts.strftime("%Y-%m"))[codes], dtype="category")

    ownership = pd.read_csv(data_dir / "ownership.csv", dtype=str).fillna("")
    teams = set(ownership.loc[ownership.rule_type == "team", "team"].str.lower())
    sub_rules = dict(zip(ownership.loc[ownership.rule_type == "sub_account", "match_value"],
                         ownership.loc[ownership.rule_type == "sub_account", "team"].str.lower()))
    aliases = [a.lower() for a in config.tag_key("team").aliases]

    def team_of(tags: str | None):
        if not isinstance(tags, str) or not tags:
            return None
        parsed = {k.lower(): str(v).lower() for k, v in json.loads(tags).items()}
        value = next((parsed[a] for a in aliases if a in parsed), None)
        return value if value in teams else None

    # each distinct tag set parsed once; owners per tag set and per sub-account, then per row
    tag_team = rows["Tags"].cat.categories.map(team_of)
    by_tags = pd.Series(np.asarray(tag_team, dtype=object)[rows["Tags"].cat.codes.to_numpy()])
    by_tags[rows["Tags"].cat.codes.to_numpy() < 0] = None
    by_account = rows["SubAccountId"].map(sub_rules).astype(object)
    rows["team"] = by_tags.fillna(by_account).fillna("Unallocated").astype("category")

    pool_of = np.full(len(rows), -1, dtype=np.int16)
    for index in reversed(range(len(config.pools))):     # the first matching pool wins: apply in reverse
        hit = np.ones(len(rows), dtype=bool)
        for field, values in config.pools[index].match:
            column = rows[field]
            wanted = {v.lower() for v in values}
            matches = np.asarray(column.cat.categories.str.lower().isin(wanted))
            column_codes = column.cat.codes.to_numpy()
            hit &= (column_codes >= 0) & matches[np.maximum(column_codes, 0)]
        pool_of[hit] = index
    names = np.array([p.name for p in config.pools] + [None], dtype=object)
    rows["pool"] = pd.Categorical.from_codes(np.where(pool_of < 0, len(config.pools), pool_of),
                                             categories=pd.Index(names[:-1].tolist() + ["(direct)"]))

    keys = ["month", "ProviderName"]
    direct = (rows[rows["pool"] == "(direct)"].groupby(keys + ["team"], observed=True, as_index=False)
              ["EffectiveCost"].sum())
    pools = (rows[rows["pool"] != "(direct)"].groupby(keys + ["pool"], observed=True, as_index=False)
             ["EffectiveCost"].sum())
    owners = {t for p in config.pools for f, vals in p.match if f == "team" for t in vals}
    base = direct[(direct.team != "Unallocated") & (~direct.team.isin(owners))]
    weights = base.groupby(["month", "team"], observed=True, as_index=False)["EffectiveCost"].sum()
    weights["share"] = weights["EffectiveCost"] / weights.groupby("month", observed=True)["EffectiveCost"].transform("sum")
    spread = pools.merge(weights[["month", "team", "share"]], on="month", suffixes=("", "_w"))
    spread["EffectiveCost"] = spread["EffectiveCost"] * spread["share"]
    allocated = pd.concat([direct.assign(pool=None), spread[keys + ["team", "pool", "EffectiveCost"]]])
    return len(rows), float(allocated["EffectiveCost"].sum())


if __name__ == "__main__":
    started = time.perf_counter()
    n, total = allocate(Path(sys.argv[1]))
    print("BENCH " + json.dumps({"seconds": time.perf_counter() - started, "rows": n, "total": total}))
