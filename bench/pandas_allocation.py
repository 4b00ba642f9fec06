"""The allocation stage in plain pandas: the comparison baseline for bench_scale.py (not part
of the product). It does what the DuckDB pipeline does for showback allocation: read the
columns it needs, resolve each charge's owner from its tags (aliases, known teams) or the
sub-account rules, put charges in the first matching shared pool, and spread every pool over
the recipient teams in proportion to their direct cost, per billing month and provider.

Run: python bench/pandas_allocation.py DATA_DIR  (prints JSON: seconds, rows, total)
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[1]
COLUMNS = ["BillingPeriodStart", "ProviderName", "SubAccountId", "ChargeCategory", "CommitmentDiscountStatus",
           "ServiceCategory", "ServiceSubcategory", "EffectiveCost", "Tags"]


def allocate(data_dir: Path) -> tuple[int, float]:
    sys.path.insert(0, str(ROOT / "lib"))
    from finops_analysis.config import load_config

    config = load_config(ROOT / "finops.yaml")
    frames = [pq.read_table(p, columns=COLUMNS).to_pandas() for p in sorted((data_dir / "billing").rglob("*.parquet"))]
    rows = pd.concat(frames, ignore_index=True)
    del frames
    rows["EffectiveCost"] = rows["EffectiveCost"].astype(float)
    rows["month"] = pd.to_datetime(rows["BillingPeriodStart"], utc=True).dt.strftime("%Y-%m")

    ownership = pd.read_csv(data_dir / "ownership.csv", dtype=str).fillna("")
    teams = set(ownership.loc[ownership.rule_type == "team", "team"].str.lower())
    sub_rules = dict(zip(ownership.loc[ownership.rule_type == "sub_account", "match_value"],
                         ownership.loc[ownership.rule_type == "sub_account", "team"].str.lower()))
    aliases = [a.lower() for a in config.tag_key("team").aliases]

    def team_of(tags: str | None):
        if not tags:
            return None
        parsed = {k.lower(): str(v).lower() for k, v in json.loads(tags).items()}
        value = next((parsed[a] for a in aliases if a in parsed), None)
        return value if value in teams else None

    # parse each distinct tag set once, as the DuckDB pipeline does
    unique = rows["Tags"].dropna().unique()
    tag_team = pd.Series({t: team_of(t) for t in unique}, dtype=object)
    rows["team"] = rows["Tags"].map(tag_team)
    rows["team"] = rows["team"].fillna(rows["SubAccountId"].map(sub_rules)).fillna("Unallocated")

    rows["pool"] = None
    for pool in reversed(config.pools):          # the first matching pool wins: apply in reverse
        hit = pd.Series(True, index=rows.index)
        for field, values in pool.match:
            column = rows["team"] if field == "team" else rows[field]
            hit &= column.str.lower().isin([v.lower() for v in values])
        rows.loc[hit, "pool"] = pool.name

    keys = ["month", "ProviderName"]
    direct = rows[rows["pool"].isna()].groupby(keys + ["team"], as_index=False)["EffectiveCost"].sum()
    pools = rows[rows["pool"].notna()].groupby(keys + ["pool"], as_index=False)["EffectiveCost"].sum()
    owners = {t for p in config.pools for f, vals in p.match if f == "team" for t in vals}
    base = direct[(direct.team != "Unallocated") & (~direct.team.isin(owners))]
    weights = base.groupby(["month", "team"], as_index=False)["EffectiveCost"].sum()
    weights["share"] = weights["EffectiveCost"] / weights.groupby("month")["EffectiveCost"].transform("sum")
    spread = pools.merge(weights[["month", "team", "share"]], on="month")
    spread["EffectiveCost"] = spread["EffectiveCost_x"] * spread["share"] if "EffectiveCost_x" in spread else \
        spread["EffectiveCost"] * spread["share"]
    allocated = pd.concat([direct.assign(pool=None), spread[keys + ["team", "pool", "EffectiveCost"]]])
    return len(rows), float(allocated["EffectiveCost"].sum())


if __name__ == "__main__":
    started = time.perf_counter()
    n, total = allocate(Path(sys.argv[1]))
    print("BENCH " + json.dumps({"seconds": time.perf_counter() - started, "rows": n, "total": total}))
