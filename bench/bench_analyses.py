"""Benchmark: each analysis over a generated dataset, out of DuckDB, in its own process.

Usage: .venv/bin/python bench/bench_analyses.py [--scale 100] [--months 2] [--repeat 3]
         [--memory-limit 4GB] [--out bench/RESULTS-analyses.md]

The dataset comes from the sample generator (`finops sample --scale S --months M`) and is
cached in bench/data/ (git-ignored). Each stage runs `--repeat` times in a fresh Python
process; the report gives the median and min-max wall time, the peak RSS of the process,
and the largest frame the stage handed to pandas (which shows that rows stay in DuckDB).
Measured, never asserted: these machines are shared and noisy.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Each stage: the code run in a child process with `wh` (an open warehouse) and `frames`
# (a list the stage appends its pandas results to).
STAGES: dict[str, str] = {
    "open warehouse": "pass",
    "allocation (both bases) + reconciliation": """
from finops_analysis.allocation_data import load_allocation_inputs, allocate_inputs
from finops_analysis.allocation import reconcile_allocation
inputs = load_allocation_inputs(wh)
for basis in ("effective", "billed"):
    allocated = allocate_inputs(inputs, cost_basis=basis)
    diff = reconcile_allocation(allocated, inputs.totals, cost_basis=basis)
    assert float(diff["difference"].abs().sum()) == 0.0, diff
    frames += [inputs.costs, allocated, diff]
""",
    "tag compliance + untagged resources": """
from finops_analysis.allocation_data import load_tag_compliance, load_untagged_resources
from finops_analysis.compliance import compute_tag_compliance
c = load_tag_compliance(wh)
frames += [c, compute_tag_compliance(c, dimension="team"), load_untagged_resources(wh, LAST_MONTH)]
""",
    "commitments (utilization, coverage, savings)": """
from finops_analysis import commitments
by_month = wh.query("marts/commitments_by_commitment_month")
usage = wh.query("marts/commitments_usage_by_day", eligible_scope="any_provider")
frames += [by_month, usage, commitments.summarize_commitments(by_month, usage, by="month")]
""",
    "forecast (monthly and daily series, ETS)": """
from finops_analysis import forecast, forecast_data
monthly = forecast_data.load_monthly_costs(wh)
daily = forecast_data.load_daily_costs(wh)
frames += [monthly, daily, forecast.forecast_spend(monthly, dimension="total")]
""",
    "variance (movers, price/volume/mix)": """
import pandas as pd
from finops_analysis import variance, variance_pvm, forecast_data
monthly = forecast_data.load_monthly_costs(wh)
sku = forecast_data.load_sku_costs(wh, pd.Timestamp(LAST_MONTH + "-01").date())
frames += [sku, variance.compute_top_movers(monthly), variance_pvm.compute_price_volume_mix(sku)]
""",
    "anomalies (daily series per sub-account and service)": """
from finops_analysis import anomalies
daily = wh.query("marts/anomalies_cost_by_sub_account_service_day", start_date=FIRST_MONTH + "-01", end_date=END)
frames += [daily, anomalies.detect_anomalies(daily)]
""",
    "unit economics inputs": """
from finops_analysis.allocation_data import load_daily_unit_inputs
frames += list(load_daily_unit_inputs(wh))
""",
}

CHILD = """
import json, resource, sys, time
started = time.perf_counter()
from finops_analysis.config import load_config
from finops_analysis.warehouse import open_warehouse
import dataclasses
cfg = dataclasses.replace(load_config({config!r}), memory_limit={memory!r})
wh = open_warehouse({data!r}, cfg)
FIRST_MONTH, LAST_MONTH, END = {first!r}, {last!r}, {end!r}
frames = []
t = time.perf_counter()
exec(compile({code!r}, "stage", "exec"))
stage = time.perf_counter() - t
largest = max((len(f) for f in frames), default=0)
print("BENCH " + json.dumps({{"seconds": stage, "with_open": time.perf_counter() - started, "largest_frame": largest,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def dataset(scale: float, months: int) -> Path:
    folder = ROOT / "bench" / "data" / f"sample-scale{scale:g}-months{months}"
    if not (folder / "billing").is_dir():
        print(f"generating {folder} ...", file=sys.stderr, flush=True)
        subprocess.run([sys.executable, "-m", "finops_analysis", "sample", "--out", str(folder), "--scale", str(scale),
                        "--months", str(months)], check=True, cwd=ROOT)
    return folder


def billing_rows(folder: Path) -> int:
    import duckdb
    return duckdb.connect().execute(
        f"SELECT sum(num_rows) FROM parquet_file_metadata('{folder}/billing/**/*.parquet')").fetchone()[0]


def months_of(folder: Path) -> tuple[str, str, str]:
    import duckdb
    first, last = duckdb.connect().execute(
        f"SELECT strftime(min(BillingPeriodStart), '%Y-%m'), strftime(max(BillingPeriodStart), '%Y-%m') "
        f"FROM read_parquet('{folder}/billing/**/*.parquet')").fetchone()
    year, month = map(int, last.split("-"))
    end = f"{year + (month == 12):04d}-{month % 12 + 1:02d}-01"
    return first, last, end


def run_stage(name: str, code: str, folder: Path, memory: str) -> dict:
    first, last, end = months_of(folder)
    script = CHILD.format(config=str(ROOT / "finops.yaml"), memory=memory, data=str(folder), first=first,
                          last=last, end=end, code=code)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        raise SystemExit(f"stage {name!r} failed:\n{done.stderr[-3000:]}")
    line = next(x for x in reversed(done.stdout.splitlines()) if x.startswith("BENCH "))
    return json.loads(line[len("BENCH "):])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=100)
    parser.add_argument("--months", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--memory-limit", default="4GB")
    parser.add_argument("--out", default=str(ROOT / "bench" / "RESULTS-analyses.md"))
    args = parser.parse_args()
    folder = dataset(args.scale, args.months)
    rows = billing_rows(folder)
    lines = [f"# Analyses over {rows:,} generated FOCUS rows",
             "",
             f"`{' '.join(['python', 'bench/bench_analyses.py'] + sys.argv[1:])}` on {time.strftime('%Y-%m-%d')}: "
             f"{os.cpu_count()} cores, {_memory_gb():.0f} GB RAM, {platform.python_version()}, DuckDB memory limit "
             f"{args.memory_limit}; dataset `finops sample --scale {args.scale:g} --months {args.months}`. "
             f"Each stage ran {args.repeat} times in a fresh process (after opening the warehouse, which is "
             f"timed apart). Largest frame = the most rows any pandas frame of the stage held.",
             "",
             "| stage | median s | min-max s | rows/s | peak RSS MB | largest frame (rows) |",
             "|---|---|---|---|---|---|"]
    for name, code in STAGES.items():
        runs = [run_stage(name, code, folder, args.memory_limit) for _ in range(args.repeat)]
        secs = [r["seconds"] if name != "open warehouse" else r["with_open"] for r in runs]
        med = statistics.median(secs)
        lines.append(f"| {name} | {med:.2f} | {min(secs):.2f}-{max(secs):.2f} | {rows / med:,.0f} | "
                     f"{max(r['peak_rss_mb'] for r in runs):.0f} | {max(r['largest_frame'] for r in runs):,} |")
        print(lines[-1], flush=True)
    Path(args.out).write_text("\n".join(lines) + "\n")
    print(f"wrote {args.out}")


def _memory_gb() -> float:
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    except (ValueError, OSError):
        return 0.0


if __name__ == "__main__":
    main()
