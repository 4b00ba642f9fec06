"""KPIs against their targets (PRODUCT.md's KPI table; targets from finops.yaml
`kpi_targets`), assembled from the tables the analyses produce, so every figure on a
summary page is a figure of a table. Pure functions.
"""
from __future__ import annotations

import math
from typing import Sequence

import pandas as pd

from .formatting import money, pct
from .tables import with_meta

DEFAULT_TARGETS = {"tag_compliance_pct": 90.0, "unallocated_share_pct": 5.0, "commitment_utilization_pct": 95.0,
                   "commitment_coverage_pct": [60.0, 85.0], "forecast_mape_pct": 10.0, "data_freshness_days": 2.0}
COLUMNS = ["kpi", "value", "display", "target", "status", "note"]


def _status(value: float, *, at_least=None, below=None, band=None) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if at_least is not None:
        return "good" if value >= at_least else "bad"
    if below is not None:
        return "good" if value < below else "bad"
    if band is not None:
        return "good" if band[0] <= value <= band[1] else "bad"
    return ""


def _kpi(name, value, display, target, status, note="") -> dict:
    return {"kpi": name, "value": value, "display": display, "target": target, "status": status, "note": note}


def target_rows(targets: dict | None) -> dict:
    return {**DEFAULT_TARGETS, **(targets or {})}


def ratio_kpis(*, tag_compliance_pct: float, unallocated_pct: float, utilization_pct: float,
               coverage_pct: float, targets: dict | None = None) -> list[dict]:
    """The four KPIs with a fixed target, as rows."""
    t = target_rows(targets)
    low, high = t["commitment_coverage_pct"]
    return [
        _kpi("Tag compliance", tag_compliance_pct, pct(tag_compliance_pct), f">= {t['tag_compliance_pct']:g}%",
             _status(tag_compliance_pct, at_least=t["tag_compliance_pct"]), "share of taggable cost with every required tag"),
        _kpi("Unallocated share", unallocated_pct, pct(unallocated_pct), f"< {t['unallocated_share_pct']:g}%",
             _status(unallocated_pct, below=t["unallocated_share_pct"]), "cost no rule could give an owner, after pools"),
        _kpi("Commitment utilization", utilization_pct, pct(utilization_pct), f">= {t['commitment_utilization_pct']:g}%",
             _status(utilization_pct, at_least=t["commitment_utilization_pct"]), "used / (used + unused)"),
        _kpi("Commitment coverage", coverage_pct, pct(coverage_pct), f"{low:g}-{high:g}%",
             _status(coverage_pct, band=(low, high)), "covered on-demand equivalent / eligible usage"),
    ]


def monthly_kpis(*, month, total_variance: pd.DataFrame, budget_variance: pd.DataFrame,
                 outlook: pd.DataFrame, tag_compliance_pct: float, unallocated_pct: float,
                 utilization_pct: float, coverage_pct: float, targets: dict | None = None,
                 currency: str = "USD") -> pd.DataFrame:
    """The monthly executive summary: spend and its change (compute_variance, total),
    against budget (compute_budget_variance), the fiscal quarter outlook (forecast_vs_budget)
    and the ratio KPIs. One row per KPI."""
    prior = total_variance[total_variance["comparison"] == "prior_month"].iloc[0]
    rows = [_kpi("Spend this month", float(prior["actual_cost"]), money(prior["actual_cost"], currency, 0),
                 "", "", f"{pct(prior['variance_pct'], signed=True)} on the month before "
                         f"({money(prior['variance_amount'], currency, 0)})")]
    budgeted = budget_variance.dropna(subset=["base_cost"])
    if len(budgeted):
        actual, budget = float(budgeted["actual_cost"].sum()), float(budgeted["base_cost"].sum())
        gap = 100 * (actual - budget) / budget if budget else float("nan")
        rows.append(_kpi("Against budget", gap, pct(gap, signed=True), "<= 0%", _status(gap, below=1e-9),
                         f"{money(actual, currency, 0)} direct cost against {money(budget, currency, 0)} budgeted"))
    planned = outlook.dropna(subset=["budget_amount"])
    if len(planned):
        projected, budget = float(planned["projected_cost"].sum()), float(planned["budget_amount"].sum())
        over = sorted(planned.loc[planned["status"] == "over", "cost_center"].astype(str))
        rows.append(_kpi("Quarter outlook", projected, money(projected, currency, 0), money(budget, currency, 0),
                         "bad" if over else "good",
                         ("over budget: " + ", ".join(over)) if over else "every cost center within budget"))
    rows += ratio_kpis(tag_compliance_pct=tag_compliance_pct, unallocated_pct=unallocated_pct,
                       utilization_pct=utilization_pct, coverage_pct=coverage_pct, targets=targets)
    return with_meta(pd.DataFrame(rows, columns=COLUMNS), grain="one row per KPI", currency=currency,
                     month=f"billing month {pd.Timestamp(month):%Y-%m}")


def quarterly_kpis(*, tag_compliance_pct: float, unallocated_pct: float, allocation_difference: float,
                   utilization_pct: float, coverage_pct: float, forecast_mape_pct: float, backtest_mape_pct: float,
                   savings: Sequence[float], savings_rates: Sequence[float], unit_cost_change_pct: float,
                   anomaly_excess: float, freshness_days: float, targets: dict | None = None,
                   currency: str = "USD") -> pd.DataFrame:
    """The quarterly review's KPI set. `savings` and `savings_rates` are (previous quarter,
    this quarter); unit_cost_change_pct is this quarter's cost per unit against the last
    (cost-weighted over products). One row per KPI."""
    t = target_rows(targets)
    rows = ratio_kpis(tag_compliance_pct=tag_compliance_pct, unallocated_pct=unallocated_pct,
                      utilization_pct=utilization_pct, coverage_pct=coverage_pct, targets=targets)
    rows.insert(2, _kpi("Allocation accuracy", allocation_difference, money(allocation_difference, currency),
                        money(0, currency), "good" if abs(allocation_difference) < 0.005 else "bad",
                        "allocated minus billed, every month and provider"))
    prev_save, save = savings
    prev_rate, rate = savings_rates
    rows += [
        _kpi("Effective savings rate", rate, pct(rate), "rising", "good" if rate >= prev_rate else "bad",
             f"{pct(prev_rate)} the quarter before"),
        _kpi("Forecast accuracy (MAPE)", forecast_mape_pct, pct(forecast_mape_pct), f"< {t['forecast_mape_pct']:g}%",
             _status(forecast_mape_pct, below=t["forecast_mape_pct"]),
             f"forecasts made before each month; backtest {pct(backtest_mape_pct)}"),
        _kpi("Unit cost trend", unit_cost_change_pct, pct(unit_cost_change_pct, signed=True), "flat or falling",
             _status(unit_cost_change_pct, below=0.5), "cost per unit against the quarter before"),
        _kpi("Realized savings", save, money(save, currency, 0), "rising", "good" if save >= prev_save else "bad",
             f"{money(prev_save, currency, 0)} the quarter before"),
        _kpi("Anomaly cost", anomaly_excess, money(anomaly_excess, currency, 0), "falling", "",
             "excess over baseline of the quarter's anomalies"),
        _kpi("Data freshness", freshness_days, f"{freshness_days:.1f} days", f"< {t['data_freshness_days']:g} days",
             _status(freshness_days, below=t["data_freshness_days"]), "newest usage day against the run time"),
    ]
    return with_meta(pd.DataFrame(rows, columns=COLUMNS), grain="one row per KPI", currency=currency)


def kpi_tiles_from(frame: pd.DataFrame) -> list[tuple]:
    """(label, value, note, status) tiles for notebook.show_kpis, from a KPI table."""
    out = []
    for r in frame.itertuples(index=False):
        note = r.note if not r.target else f"target {r.target} · {r.note}" if r.note else f"target {r.target}"
        out.append((r.kpi, r.display, note, r.status))
    return out


def commitment_kpis(month_row: pd.DataFrame, targets: dict | None = None, currency: str = "USD") -> pd.DataFrame:
    """A month's commitment KPIs from one row of commitments.summarize_commitments(by="month")."""
    r = month_row.iloc[0]
    rows = ratio_kpis(tag_compliance_pct=float("nan"), unallocated_pct=float("nan"),
                      utilization_pct=float(r["utilization_pct"]), coverage_pct=float(r["coverage_pct"]),
                      targets=targets)[2:]
    rows += [_kpi("Effective savings rate", float(r["effective_savings_rate_pct"]), pct(r["effective_savings_rate_pct"]),
                  "", "", "(ListCost - EffectiveCost) / ListCost of usage"),
             _kpi("Realized savings", float(r["realized_savings"]), money(r["realized_savings"], currency, 0), "", "",
                  "on-demand equivalent minus EffectiveCost of covered usage"),
             _kpi("Unused commitment", float(r["unused_cost"]), money(r["unused_cost"], currency, 0), "",
                  "bad" if float(r["unused_cost"]) > 0.05 * float(r["used_cost"]) else "good",
                  "paid for and not used this month")]
    return with_meta(pd.DataFrame(rows, columns=COLUMNS), grain="one row per KPI", currency=currency)


def describe_savings(now: pd.DataFrame, before: pd.DataFrame, currency: str = "USD") -> str:
    """Markdown: the quarter's realized and net commitment savings against the quarter before."""
    saved, prev = float(now["realized_savings"].sum()), float(before["realized_savings"].sum())
    net, unused = float(now["net_savings"].sum()), float(now["unused_cost"].sum())
    change = 100 * (saved - prev) / prev if prev else float("nan")
    return (f"Commitments saved {money(saved, currency, 0)} against on-demand prices this quarter "
            f"({pct(change, signed=True)} on the quarter before, {money(prev, currency, 0)}); after "
            f"{money(unused, currency, 0)} of unused commitment, the net saving was {money(net, currency, 0)}.")


def backlog_by_category(backlog: pd.DataFrame) -> pd.DataFrame:
    """The backlog summed per kind of opportunity: how many, the monthly cost concerned and
    the estimated monthly saving. One row per category, largest saving first."""
    out = (backlog.groupby("category", as_index=False)
           .agg(opportunities=("opportunity", "size"), monthly_cost_affected=("monthly_cost_affected", "sum"),
                monthly_saving=("monthly_saving", "sum"))
           .sort_values(["monthly_saving", "monthly_cost_affected"], ascending=False).reset_index(drop=True))
    return with_meta(out, grain="one row per kind of opportunity", cost_basis="effective",
                     currency=backlog.attrs.get("currency"))


def describe_backlog(backlog: pd.DataFrame, currency: str = "USD", top: int = 3) -> str:
    """Markdown: the backlog's size and worth, and its top opportunities by return on effort."""
    from .formatting import escape_md

    if backlog.empty:
        return "No optimization opportunities found in the window."
    total = float(backlog["monthly_saving"].sum())
    lines = [f"{len(backlog)} opportunities worth an estimated {money(total, currency, 0)} a month "
             f"({money(total * 12, currency, 0)} a year). The best returns on effort:"]
    for r in backlog.head(top).itertuples(index=False):
        lines.append(f"- {escape_md(r.opportunity)} ({escape_md(r.owner)}): {money(r.monthly_saving, currency, 0)} a month, "
                     f"{r.effort} effort, {r.risk} risk")
    return "\n".join(lines)


def describe_risks(outlook: pd.DataFrame, backlog: pd.DataFrame, anomalies: pd.DataFrame, currency: str = "USD") -> str:
    """Markdown bullets: cost centers projected over budget, commitments about to expire,
    and anomalies still running — each figure from its table."""
    from .formatting import escape_md

    lines = []
    for r in outlook[outlook["status"] == "over"].itertuples(index=False):
        lines.append(f"- {escape_md(r.cost_center)} is projected {money(r.over_amount, currency, 0)} "
                     f"({pct(r.over_pct, signed=True)}) over its budget for the fiscal quarter.")
    for r in backlog[backlog["category"] == "expiring commitment"].itertuples(index=False):
        lines.append(f"- {escape_md(r.opportunity)}: without renewal, {money(r.monthly_saving, currency, 0)} a month "
                     f"more at on-demand prices.")
    if len(anomalies):
        last = pd.to_datetime(anomalies["end_date"]).max()
        running = anomalies[pd.to_datetime(anomalies["end_date"]) >= last]
        for r in running.itertuples(index=False):
            lines.append(f"- {escape_md(r.service_name)} in {escape_md(r.sub_account_name)} has run "
                         f"{money(r.excess_cost, currency, 0)} above its baseline since {pd.Timestamp(r.start_date):%Y-%m-%d}.")
    return "\n".join(lines) if lines else "No budget, commitment or anomaly risks found."
