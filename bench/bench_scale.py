"""The scale benchmark (`make bench`): the monthly pack over one generated month of 1M, 10M
and 50M FOCUS rows (200M with --rows ...,200m, DuckDB's memory limit then at 2 GB), every
stage run several times, each time in a fresh process. Writes bench/RESULTS.md (medians,
min-max, peak RSS, rows per second, each stage's ratio to a decode-only scan of the columns
it reads, the targets of issue 6 met or not) and bench/scaling.png (time against rows).

Usage: .venv/bin/python bench/bench_scale.py [--rows 1m,10m,50m] [--repeat 3]
         [--memory-limit 4GB] [--skip pack,pandas,validation] [--data-dir DIR]

Every process it starts imports the library of the checkout the script is in (PYTHONPATH),
so a second checkout (git worktree) of a commit can be measured while work goes on here.

Datasets come from the sample generator (`finops sample --months 1 --scale S`) and are
cached in bench/data/ (git-ignored). Measured, never asserted: these machines are shared.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "lib"))
from finops_analysis.staging import ROLLUP_COLUMNS  # noqa: E402  (the library of this checkout)

PY = sys.executable
ROWS_PER_SCALE = 54_943          # rows one generated month holds at --scale 1
# label -> (months, rows per month): one month of each size, and a year of 10M-row months
# (a pack over history: cold, then again with every unchanged file's results in the file cache)
SIZES = {"1m": (1, 1_000_000), "10m": (1, 10_000_000), "50m": (1, 50_000_000), "200m": (1, 200_000_000),
         "12x10m": (12, 10_000_000)}
HISTORY = {"12x10m"}
BIG_MEMORY_LIMIT = "2GB"         # DuckDB's limit for the 200M month: it has to spill
CACHE = ROOT / "bench" / ".cache"
FILE_CACHE = CACHE / "file-cache"   # emptied before every cold run
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "lib"), os.environ.get("PYTHONPATH")]))}
DATA = ROOT / "bench" / "data"   # --data-dir

# The five analyses of the monthly pack's data stage, as its notebooks call them, and the
# FOCUS columns each would have to read if it scanned the rows itself (for its floor).
ANALYSES: dict[str, tuple[str, list[str]]] = {
    "allocation": ("""
from finops_analysis import allocation
from finops_analysis.allocation_chargeback import compute_chargeback
from finops_analysis.allocation_data import allocate_inputs, load_allocation_inputs
inputs = load_allocation_inputs(wh)
billed = allocate_inputs(inputs, cost_basis="billed", per_invoice=True)
effective = allocate_inputs(inputs, cost_basis="effective")
for frame, basis in ((billed, "billed"), (effective, "effective")):
    check = allocation.reconcile_allocation(frame, inputs.totals, cost_basis=basis)
    assert int(check["difference_cents"].abs().sum()) == 0, "allocation does not reconcile"
compute_chargeback(billed, inputs.teams, period=f"{month:%Y-%m}")
allocation.summarize_allocation(billed, inputs.teams, level="cost_center")
allocation.summarize_shared_pools(billed, month)
""", ["BillingPeriodStart", "ProviderName", "InvoiceId", "BillingAccountId", "SubAccountId", "SubAccountName",
      "ChargeCategory", "ChargeClass", "CommitmentDiscountStatus", "PricingCategory", "ServiceCategory",
      "ServiceSubcategory", "ServiceName", "Tags", "BilledCost", "EffectiveCost"]),
    "commitments": ("""
from finops_analysis import briefing, commitments
by_commitment, usage = briefing.commitment_tables(wh, "contracted", "any_provider")
commitments.summarize_commitments(by_commitment, usage, by="month", on_demand_basis="contracted", currency="USD")
commitments.compute_commitment_utilization(by_commitment, by="commitment_month")
""", ["BillingPeriodStart", "ChargePeriodStart", "ChargePeriodEnd", "ProviderName", "ServiceCategory",
      "ChargeCategory", "ChargeFrequency", "PricingCategory", "PricingUnit", "CommitmentDiscountId",
      "CommitmentDiscountName", "CommitmentDiscountType", "CommitmentDiscountCategory", "CommitmentDiscountStatus",
      "CommitmentDiscountUnit", "CommitmentDiscountQuantity", "BilledCost", "EffectiveCost", "ListCost",
      "ContractedCost"]),
    "top movers": ("""
from finops_analysis import forecast_data, variance
monthly = forecast_data.load_monthly_costs(wh)
variance.compute_top_movers(monthly, month, cost_basis="billed", top_movers=5)
""", ["BillingPeriodStart", "SubAccountId", "SubAccountName", "ServiceName", "ProviderName", "Tags",
      "BilledCost", "EffectiveCost"]),
    "tag compliance": ("""
from finops_analysis import compliance
from finops_analysis.allocation_data import load_tag_compliance
by_dimension = load_tag_compliance(wh)
for dimension in ("all", "team", "sub_account", "service"):
    compliance.compute_tag_compliance(by_dimension, dimension=dimension)
""", ["BillingPeriodStart", "SubAccountId", "SubAccountName", "ServiceName", "ChargeCategory", "ChargeFrequency",
      "Tags", "BilledCost", "EffectiveCost"]),
    "variance": ("""
from finops_analysis import forecast_budget, forecast_data, variance, variance_pvm
monthly = forecast_data.load_monthly_costs(wh)
budget_actuals = forecast_data.load_budget_actuals(wh)
variance.compute_variance(monthly, month, dimension="total", cost_basis="billed")
variance.compute_variance(monthly, month, dimension="provider", cost_basis="billed")
variance.compute_budget_variance(budget_actuals, month)
variance_pvm.summarize_price_volume_mix(
    variance_pvm.compute_price_volume_mix(forecast_data.load_sku_costs(wh, month), cost_basis="billed"), by=("service",))
""", ["BillingPeriodStart", "ProviderName", "SubAccountId", "ServiceName", "SkuId", "SkuPriceId", "PricingUnit",
      "PricingQuantity", "ChargeCategory", "Tags", "BilledCost", "EffectiveCost"]),
}

# A stage is a Python snippet run in a fresh process; `wh` is the warehouse over the data.
PROLOGUE = """
import dataclasses, json, resource, time
from pathlib import Path
from finops_analysis.config import load_config
from finops_analysis.warehouse import open_warehouse
cfg = dataclasses.replace(load_config({config!r}), memory_limit={memory!r})
wh = open_warehouse(Path({data!r}), cfg)
wh.materialize()
from finops_analysis.warehouse import latest_complete_month
month = latest_complete_month(wh)
rolled_up = time.perf_counter()
"""
EPILOGUE = """
print("BENCH " + json.dumps({"analysis_seconds": time.perf_counter() - rolled_up,
                             "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""
DECODE = """
import json, resource
import duckdb
con = duckdb.connect(config={{"memory_limit": {memory!r}}})
con.execute("SET enable_progress_bar = false")
con.execute("SELECT " + ", ".join(f'count("{{c}}")' for c in {columns!r}) +
            " FROM read_parquet(" + repr({files!r}) + ")").fetchall()
print("BENCH " + json.dumps({{"peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def dataset(label: str) -> Path:
    """The generated months of `label`, made once and kept in bench/data/."""
    months, rows = SIZES[label]
    scale = max(1, round(rows / ROWS_PER_SCALE))
    folder = DATA / (f"months-{label}" if months > 1 else f"month-{label}")
    if not (folder / "billing").is_dir():
        print(f"generating {folder} (scale {scale}, {months} months) ...", file=sys.stderr, flush=True)
        subprocess.run([PY, "-m", "finops_analysis", "sample", "--out", str(folder), "--scale", str(scale),
                        "--months", str(months)], check=True, cwd=ROOT, stdout=subprocess.DEVNULL, env=ENV)
    return folder


def parquet_files(folder: Path) -> list[str]:
    return sorted(str(p) for p in (folder / "billing").rglob("*.parquet"))


def rows_of(folder: Path) -> int:
    import duckdb
    return int(duckdb.connect().execute("SELECT sum(num_rows) FROM parquet_file_metadata(?)",
                                        [parquet_files(folder)]).fetchone()[0])


def run_python(code: str) -> dict:
    """A snippet in a fresh interpreter: its wall time as the caller sees it (start and
    imports included), and what it reports of itself (peak RSS, the analysis part)."""
    started = time.perf_counter()
    done = subprocess.run([PY, "-c", code], capture_output=True, text=True, cwd=ROOT, env=ENV)
    seconds = time.perf_counter() - started
    if done.returncode:
        raise RuntimeError(done.stderr[-3000:])
    line = next(x for x in reversed(done.stdout.splitlines()) if "BENCH " in x)
    return {**json.loads(line[line.index("BENCH ") + 6:]), "seconds": seconds}


def run_command(args: list[str]) -> dict:
    """Wall time and peak RSS of a command's whole process tree: the sum over the processes
    alive at once (a pack's kernels count too), sampled every 0.1 s."""
    import psutil

    started = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=ENV)
    root, peak = psutil.Process(proc.pid), 0
    while proc.poll() is None:
        try:
            tree = [root, *root.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
        except psutil.Error:
            pass
        time.sleep(0.1)
    seconds = time.perf_counter() - started
    if proc.returncode:
        raise RuntimeError(proc.stderr.read()[-3000:])
    return {"seconds": seconds, "peak_rss_mb": peak / 2**20}


def measure(runs: list[dict], floor: float | None = None, analysis: bool = False) -> dict:
    secs = [r["seconds"] for r in runs]
    out = {"median": statistics.median(secs), "min": min(secs), "max": max(secs),
           "rss": max(r["peak_rss_mb"] for r in runs), "floor": floor}
    if analysis and all("analysis_seconds" in r for r in runs):
        out["analysis"] = statistics.median(r["analysis_seconds"] for r in runs)
    return out


def config_file(memory: str) -> Path:
    """finops.yaml with DuckDB's memory limit set, for the commands (the notebooks, the
    suites and the templates still come from this checkout)."""
    import yaml

    data = yaml.safe_load((ROOT / "finops.yaml").read_text())
    data.setdefault("duckdb", {})["memory_limit"] = memory
    data["duckdb"]["temp_dir"] = str(CACHE / "duckdb_tmp")
    data["cache_dir"] = str(FILE_CACHE)
    folder = CACHE / f"config-{memory}"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "finops.yaml").write_text(yaml.safe_dump(data, sort_keys=False))
    return folder / "finops.yaml"


def bench_size(label: str, repeat: int, memory: str, skip: set[str]) -> tuple[int, dict]:
    folder = dataset(label)
    rows = rows_of(folder)
    files = parquet_files(folder)
    config = config_file(memory)
    fill = {"config": str(config), "memory": memory, "data": str(folder)}
    results: dict[str, dict] = {}

    floors: dict[tuple, float] = {}

    def floor(columns: list[str]) -> float:
        key = tuple(sorted(columns))
        if key not in floors:
            runs = [run_python(DECODE.format(memory=memory, columns=columns, files=files)) for _ in range(repeat)]
            floors[key] = statistics.median(r["seconds"] for r in runs)
        return floors[key]

    def stage(name: str, code: str, columns: list[str] | None) -> None:
        base = floor(columns) if columns else None
        results[name] = measure([run_python(PROLOGUE.format(**fill) + code + EPILOGUE) for _ in range(repeat)], base,
                                analysis=bool(code))
        say(f"{label} {name}: {results[name]['median']:.2f} s")

    def cold() -> None:
        shutil.rmtree(FILE_CACHE, ignore_errors=True)

    def command(name: str, args: list[str], warm: bool = False, runs: int = repeat) -> None:
        measured = []
        for _ in range(runs):
            if not warm:
                cold()
            measured.append(run_command(args))
        results[name] = measure(measured)
        say(f"{label} {name}: {results[name]['median']:.2f} s")

    cold()
    history = label in HISTORY
    data_stage = "".join(code for code, _ in ANALYSES.values())
    if not history:
        rollup_floor = floor(list(ROLLUP_COLUMNS))
        results["decode-only scan of the roll-up's columns"] = {"median": rollup_floor, "min": rollup_floor,
                                                                "max": rollup_floor, "rss": 0, "floor": rollup_floor}
        stage("roll-up (the one scan of the rows; open, types, owners)", "", list(ROLLUP_COLUMNS))
        for name, (code, columns) in ANALYSES.items():
            stage(f"{name}: roll-up + analysis", code, columns)
    stage("data stage: roll-up + all five analyses", data_stage, None if history else list(ROLLUP_COLUMNS))
    cli = [PY, "-m", "finops_analysis", "--config", str(config)]
    validate = cli + ["validate", "--data", str(folder), "--docs", str(CACHE / "docs")]
    pack = cli + ["pack", "monthly", "--data", str(folder), "--out", str(CACHE / "packs")]
    if "validation" not in skip:
        command("validation (finops validate)", validate)
    if "pack" not in skip:
        command("whole monthly pack (finops pack monthly)", pack)
        # the pack left every file's results in the file cache: the same again, nothing changed
        command("whole monthly pack, warm file cache (no file changed)", pack, warm=True)
        if "validation" not in skip:
            command("validation, warm file cache", validate, warm=True)
        stage("data stage, warm file cache", data_stage, None)
    if "pandas" not in skip and not history and rows <= 60_000_000:
        command("allocation in pandas (baseline, not the product)",
                [PY, str(ROOT / "bench" / "pandas_allocation.py"), str(folder)], warm=True)
    return rows, results


def say(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def main() -> None:
    global DATA
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", default="1m,10m,50m", help="comma-separated sizes: 1m, 10m, 50m, 200m, 12x10m")
    parser.add_argument("--repeat", type=int, default=3, help="runs per stage (the 200M month runs once)")
    parser.add_argument("--memory-limit", default="4GB", help="DuckDB's memory limit (the 200M month: 2GB)")
    parser.add_argument("--skip", default="", help="comma-separated: validation, pack, pandas")
    parser.add_argument("--data-dir", default="", help="where the generated months are kept (default bench/data)")
    args = parser.parse_args()
    if args.data_dir:
        DATA = Path(args.data_dir).resolve()
    labels = [x.strip().lower() for x in args.rows.split(",") if x.strip()]
    unknown = [x for x in labels if x not in SIZES]
    if unknown:
        parser.error(f"unknown size {unknown[0]!r}; sizes: {', '.join(SIZES)}")
    skip = {x.strip() for x in args.skip.split(",") if x.strip()}
    help_time = measure([run_command([str(Path(PY).with_name("finops")), "--help"]) for _ in range(7)])
    table: dict[str, tuple[int, dict]] = {}
    for label in labels:               # the results so far are written after each size
        big = label == "200m"
        once = big or label in HISTORY
        table[label] = bench_size(label, 1 if once else args.repeat, BIG_MEMORY_LIMIT if big else args.memory_limit,
                                  skip | ({"pandas"} if big else set()))
        write_results(table, help_time, args)
        chart(table)


TARGETS = [  # (size, stage, seconds, MB) from issue 6
    ("10m", "data stage: roll-up + all five analyses", 5, 1024),
    ("50m", "data stage: roll-up + all five analyses", 20, 1024),
    ("50m", "whole monthly pack (finops pack monthly)", 60, 2048),
    ("50m", "validation (finops validate)", 30, 2048),
]


def _commit() -> str:
    """The measured checkout's commit (with "+changes" when its files differ from it)."""
    def git(*args: str) -> str:
        done = subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True)
        return done.stdout.strip() if done.returncode == 0 else ""
    head = git("rev-parse", "--short", "HEAD") or "unknown"
    return head + ("+changes" if git("status", "--porcelain", "--untracked-files=no", "lib") else "")


def write_results(table: dict, help_time: dict, args) -> None:
    import duckdb

    lines = [
        "# Scale benchmark", "",
        f"`python bench/bench_scale.py --rows {args.rows} --repeat {args.repeat}` (`make bench`) at commit "
        f"{_commit()} on {time.strftime('%Y-%m-%d')}: {os.cpu_count()} cores, {_memory_gb():.0f} GB RAM, {_cpu_name()}, "
        f"Python {platform.python_version()}, DuckDB {duckdb.__version__}, DuckDB memory limit {args.memory_limit} "
        f"({BIG_MEMORY_LIMIT} for 200M rows). Each dataset is one generated month, "
        "`finops sample --months 1 --scale S` (three providers, one zstd Parquet file each), except 12x10m: "
        "twelve months of 10M rows, a pack over a year of history. Every stage ran "
        f"{args.repeat} times (200M and 12x10m: once), each time in a fresh process.", "",
        "- **median s, min-max s**: wall time of a fresh process, interpreter start and imports included "
        "(the decode-only scans too).",
        "- **peak RSS MB**: the process's peak; for the commands, the sum over the process tree at its peak "
        "(a pack's notebook kernels included).",
        "- **x floor**: the stage's median over a decode-only scan (DuckDB counting every value of the columns "
        "it reads, nothing else, same files) of the columns it would read from the rows: what no analysis "
        "can beat without reading less. The analyses read one roll-up of the rows, computed once per pack "
        "and shared by its notebooks; *roll-up + analysis* is one analysis run alone, scan included, and "
        "*analysis alone* what it adds once the roll-up exists.",
        "- **cold / warm file cache**: the commands ran with the file cache (`cache_dir`) emptied before each "
        "run, then again with what the previous run left there (each unchanged file's roll-up, validation "
        "scans and hash). The data-stage rows run alone, as in JupyterLab: they read the file cache when it "
        "holds every file (the *warm* row, after a pack filled it) and never write it.",
        "- The pandas baseline reads its 9 columns into pandas, resolves owners (tags, then sub-account rules) "
        "and spreads every pool in proportion to direct cost (the product spreads each pool by its own rule).",
        ""]
    met = _targets(table, help_time)
    if met:
        lines += ["## Targets (issue 6)", "", "| target | measured | met |", "|---|---|---|", *met, ""]
    for label, (rows, results) in table.items():
        months = SIZES[label][0]
        title = f"## {rows:,} rows" + (f", {months} months of {rows / months / 1e6:.0f}M (history)" if months > 1 else "")
        lines += [title + (f" (DuckDB memory limit {BIG_MEMORY_LIMIT})" if label == "200m" else ""), "",
                  "| stage | median s | min-max s | rows/s | peak RSS MB | x floor | analysis alone s |",
                  "|---|---|---|---|---|---|---|"]
        for name, r in results.items():
            ratio = f"{r['median'] / r['floor']:.1f}" if r.get("floor") else ""
            alone = f"{r['analysis']:.2f}" if "analysis" in r else ""
            rss = f"{r['rss']:.0f}" if r["rss"] else ""
            lines.append(f"| {name} | {r['median']:.2f} | {r['min']:.2f}-{r['max']:.2f} | {rows / r['median']:,.0f} | "
                         f"{rss} | {ratio} | {alone} |")
        lines.append("")
        pandas = results.get("allocation in pandas (baseline, not the product)")
        ours = results.get("allocation: roll-up + analysis")
        if pandas and ours:
            lines += [f"Allocation in pandas took {pandas['median'] / ours['median']:.1f}x the time and "
                      f"{pandas['rss'] / ours['rss']:.1f}x the memory of the library's (roll-up included).", ""]
    lines += [f"`finops --help`: median {help_time['median']:.3f} s (min {help_time['min']:.3f}, "
              f"max {help_time['max']:.3f}, 7 runs).", "", "![time against rows](scaling.png)", ""]
    (ROOT / "bench" / "RESULTS.md").write_text("\n".join(lines))
    say("wrote bench/RESULTS.md")


def _targets(table: dict, help_time: dict) -> list[str]:
    out = []
    for label, stage, seconds, mb in TARGETS:
        r = table.get(label, (0, {}))[1].get(stage)
        if r:
            ok = r["median"] < seconds and r["rss"] < mb
            out.append(f"| {stage}, {label.upper()} rows: under {seconds} s, peak RSS under {mb / 1024:g} GB | "
                       f"{r['median']:.1f} s, {r['rss']:.0f} MB | {'yes' if ok else 'NO'} |")
    big = table.get("200m", (0, {}))[1]
    for stage in ("data stage: roll-up + all five analyses", "validation (finops validate)",
                  "whole monthly pack (finops pack monthly)"):
        if stage in big:
            out.append(f"| {stage}, 200M rows, DuckDB limit {BIG_MEMORY_LIMIT}: finishes | "
                       f"{big[stage]['median']:.1f} s, {big[stage]['rss']:.0f} MB | yes |")
    out.append(f"| `finops --help` under 0.5 s | {help_time['median']:.3f} s | "
               f"{'yes' if help_time['median'] < 0.5 else 'NO'} |")
    return out


def chart(table: dict) -> None:
    from matplotlib.figure import Figure

    from finops_analysis.charts import apply_house_style, PALETTE

    apply_house_style()
    fig = Figure(figsize=(7.2, 4.0), layout="constrained")
    ax = fig.add_subplot()
    shown = ["decode-only scan of the roll-up's columns", "roll-up (the one scan of the rows; open, types, owners)",
             "data stage: roll-up + all five analyses", "validation (finops validate)",
             "whole monthly pack (finops pack monthly)", "allocation in pandas (baseline, not the product)"]
    for color, stage in zip(PALETTE, shown):
        points = sorted((rows, res[stage]["median"]) for label, (rows, res) in table.items()
                        if stage in res and label not in HISTORY)
        if points:
            ax.plot([p[0] for p in points], [p[1] for p in points], marker="o", color=color,
                    label=re.sub(r" \(.*\)$", "", stage))
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("FOCUS rows in the month")
    ax.set_ylabel("seconds (median, log scale)")
    ax.set_title("Time against rows, one generated month (2 cores)")
    ax.legend(loc="upper left")
    fig.savefig(ROOT / "bench" / "scaling.png", dpi=150)


def _memory_gb() -> float:
    return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30


def _cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


if __name__ == "__main__":
    main()
