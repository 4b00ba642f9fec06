"""The appendix every pack ends with: what the data was, what validation found, the shared-
cost pools, the definitions and the settings used. Pure functions over the config and the
validation summary."""
from __future__ import annotations

import pandas as pd

from .config import Config
from .formatting import escape_md
from .tables import with_meta

DEFINITIONS = """
- **BilledCost** is what the invoice says (finance, reconciliation, chargeback). **EffectiveCost** is amortized: a commitment purchase is spread over the usage it covers, and the purchase row itself has EffectiveCost 0 (showback, unit economics, forecasts). The two are never added together.
- **ListCost** is the usage at public on-demand prices; **ContractedCost** at the negotiated prices. Either is the *on-demand equivalent* of usage a commitment covered.
- A **month** is a billing period (`BillingPeriodStart`); a **usage day** is a charge period (`ChargePeriodStart`, UTC, end exclusive). Each table says which it uses. Rows with `ChargeClass = Correction` restate an earlier period and are billed in the month they appear.
- **Owner**: the team tag (any configured alias) when it names a known team; else an ownership rule on the sub-account; else a rule on a tag value; else the visible **Unallocated** bucket. Nothing is dropped.
- **Shared costs** (pools) are spread over the teams with direct cost by each pool's rule, per billing month and provider, in cents with the largest remainder: allocated totals equal billed totals to the cent.
- **Tag compliance**: the share of taggable cost (usage rows, without recurring fees and unused commitment capacity) carrying every required tag key with an allowed value. A value only an alias repairs (`production` for `prod`) does not count.
- **Commitment utilization**: used over used plus unused (CommitmentDiscountStatus), in CommitmentDiscountQuantity where present, else EffectiveCost.
- **Commitment coverage**: the on-demand equivalent of usage covered by commitments over all commitment-eligible usage (usage of a kind some commitment covered).
- **Effective savings rate**: (ListCost - EffectiveCost) / ListCost over usage rows, purchases excluded; unused commitment capacity counts as cost with no list price, so idle commitments lower it.
- **Forecast**: exponential smoothing (or the configured method) on monthly cost per day, with 80% and 95% prediction intervals; its accuracy is the mean absolute percentage error (MAPE) of a rolling-origin backtest, next to a naive baseline.
- **Variance**: actual against budget, the prior month, the same month last year and the forecast made before the month; material when both the amount and the percent pass finops.yaml's thresholds. Price, volume and mix split a change per SKU; "other" holds new and retired SKUs so the parts add up.
- **Anomaly**: a day whose on-demand-equivalent cost for a sub-account and service rises above its weekday-aware baseline by more than the threshold; consecutive days form one event.
""".strip()


def describe_validation(summary: dict) -> str:
    """Markdown: how many files and rows were validated, the result, and the optional inputs."""
    files = summary.get("files", [])
    rows = sum(f.get("rows", 0) for f in files)
    versions = sorted({f.get("focus_version", "") for f in files})
    result = ("passed" if summary.get("passed") else "FAILED") + (
        f" with {summary.get('warnings', 0)} warning findings" if summary.get("warnings") else "")
    present = ", ".join(summary.get("optional_present", [])) or "none"
    absent = ", ".join(summary.get("optional_absent", [])) or "none"
    return (f"{len(files)} billing files, {rows:,} rows (FOCUS {', '.join(versions)} column sets), checked against "
            f"the Great Expectations suites in `expectations/`: validation {result} "
            f"({summary.get('checks_run', 0):,} checks). Optional inputs present: {escape_md(present)}; absent: "
            f"{escape_md(absent)}.")


def pools_table(config: Config) -> pd.DataFrame:
    """The shared-cost pools of finops.yaml: one row per pool, in matching order."""
    rows = []
    for p in config.pools:
        match = "; ".join(f"{field} in {', '.join(values)}" for field, values in p.match)
        detail = (", ".join(f"{t} {w:g}" for t, w in p.weights) if p.rule == "weights"
                  else f"usage metric {p.driver}" if p.rule == "driver" else "")
        rows.append({"pool": p.name, "charges": match, "rule": p.rule, "detail": detail})
    return with_meta(pd.DataFrame(rows, columns=["pool", "charges", "rule", "detail"]),
                     grain="one row per shared-cost pool, in the order charges are matched")


def settings_table(config: Config) -> pd.DataFrame:
    """The settings behind this pack's numbers: one row per setting."""
    f, v, a = config.section("forecast"), config.section("variance"), config.section("anomalies")
    rows = [
        ("currency", config.currency), ("fiscal year starts in month", config.fiscal_year_start_month),
        ("required tags", ", ".join(config.required_tags)),
        ("forecast method", f.get("method", "ets")), ("prediction intervals", ", ".join(f"{x}%" for x in f.get("intervals", [80, 95]))),
        ("backtest origins", f.get("backtest_origins", 6)),
        ("materiality", f"{v.get('materiality_amount', 5000)} {config.currency} and {v.get('materiality_pct', 5)}%"),
        ("anomaly threshold", f"score {a.get('threshold', 5.0)}, at least {a.get('min_excess_per_day', 50)} {config.currency} a day"),
        ("anomaly baseline", f"{a.get('baseline_days', 28)} days, same weekday"),
        ("configuration", str(config.path or "defaults (no finops.yaml)")),
    ]
    return with_meta(pd.DataFrame(rows, columns=["setting", "value"]).astype({"value": str}), grain="one row per setting")
