"""Wiring for the summary pages: runs the marts and the analyses a pack's executive summary
or quarterly review needs, once, and returns their tables. The analyses stay pure; this
module only reads through the warehouse and passes finops.yaml's settings on.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timezone

import pandas as pd

from . import allocation, commitments, compliance, forecast, forecast_budget, forecast_data, kpis, variance
from .allocation_data import allocate_inputs, load_allocation_inputs, load_tag_compliance
from .forecast_calendar import add_months


@dataclass
class Briefing:
    """The tables behind a summary page."""
    kpis: pd.DataFrame
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)


def settings(report) -> dict:
    """The finops.yaml values the summaries pass to the analyses."""
    cfg = report.config
    return {"variance": cfg.section("variance"), "forecast": cfg.section("forecast"),
            "commitments": cfg.section("commitments"), "targets": cfg.section("kpi_targets"),
            "fy_start": cfg.fiscal_year_start_month}


def commitment_tables(wh, on_demand_basis: str = "contracted", eligible_scope: str = "any_provider"):
    """(per commitment per month, usage per day) marts the commitment analyses take."""
    return (wh.query("marts/commitments_by_commitment_month"),
            wh.query("marts/commitments_usage_by_day", eligible_scope=eligible_scope))


def _month_rows(frame: pd.DataFrame, months) -> pd.DataFrame:
    wanted = {pd.Timestamp(m) for m in months}
    return frame[pd.to_datetime(frame["billing_month"]).isin(wanted)]


def monthly_briefing(report) -> Briefing:
    """KPIs of the month (spend and change, budget, quarter outlook, utilization, coverage,
    tag compliance, unallocated share) and the tables they come from."""
    s = settings(report)
    wh, month, cur = report.wh, pd.Timestamp(report.period), report.currency
    v = s["variance"]
    monthly = forecast_data.load_monthly_costs(wh)
    total = variance.compute_variance(monthly, month, dimension="total", cost_basis="billed",
                                      materiality_amount=v.get("materiality_amount", 5000),
                                      materiality_pct=v.get("materiality_pct", 5))
    budget_actuals = forecast_data.load_budget_actuals(wh, unowned_cost_center=v.get("unowned_cost_center"))
    budget = variance.compute_budget_variance(budget_actuals, month)
    outlook = forecast_budget.forecast_vs_budget(budget_actuals, through_month=month,
                                                 fiscal_year_start_month=s["fy_start"])
    by_commitment, usage = commitment_tables(wh, s["commitments"].get("on_demand_basis", "contracted"),
                                             s["commitments"].get("eligible_scope", "any_provider"))
    commit = _month_rows(commitments.summarize_commitments(by_commitment, usage, by="month"), [month])
    tags = _month_rows(compliance.compute_tag_compliance(load_tag_compliance(wh), dimension="all"), [month])
    inputs = load_allocation_inputs(wh)
    allocated = allocate_inputs(inputs, cost_basis="effective")
    unallocated = _month_rows(allocation.compute_unallocated_share(inputs.usage_by_owner, allocated), [month])
    table = kpis.monthly_kpis(
        month=month, total_variance=total, budget_variance=budget, outlook=outlook,
        tag_compliance_pct=float(tags["compliant_cost_pct"].iloc[0]),
        unallocated_pct=float(unallocated["unallocated_after_pools_pct"].iloc[0]),
        utilization_pct=float(commit["utilization_pct"].iloc[0]), coverage_pct=float(commit["coverage_pct"].iloc[0]),
        targets=s["targets"], currency=cur)
    trend = monthly[(monthly["dimension"] == "provider")
                    & (pd.to_datetime(monthly["billing_month"]) > month - pd.DateOffset(months=12))
                    & (pd.to_datetime(monthly["billing_month"]) <= month)]
    return Briefing(kpis=table, tables={"variance": total, "budget": budget, "outlook": outlook,
                                        "commitments": commit, "tags": tags, "unallocated": unallocated,
                                        "trend": trend})


def quarter_months(quarter_start: date) -> list[pd.Timestamp]:
    return [pd.Timestamp(add_months(quarter_start, i)) for i in range(3)]


def quarterly_briefing(report, quarter_start: date, now: datetime | None = None) -> Briefing:
    """The quarterly review's KPIs (PRODUCT.md's set against finops.yaml's targets) for the
    calendar quarter starting `quarter_start`, compared with the quarter before."""
    s = settings(report)
    wh, cur = report.wh, report.currency
    months = quarter_months(quarter_start)
    before = quarter_months(add_months(quarter_start, -3))
    inputs = load_allocation_inputs(wh)
    allocated = allocate_inputs(inputs, cost_basis="effective")
    diff = allocation.reconcile_allocation(allocated, inputs.totals, cost_basis="effective")
    unalloc = allocation.compute_unallocated_share(inputs.usage_by_owner, allocated)
    q_unalloc = _month_rows(unalloc, months)
    tags = _month_rows(compliance.compute_tag_compliance(load_tag_compliance(wh), dimension="all"), months)
    by_commitment, usage = commitment_tables(wh, s["commitments"].get("on_demand_basis", "contracted"),
                                             s["commitments"].get("eligible_scope", "any_provider"))
    commit = commitments.summarize_commitments(by_commitment, usage, by="month")
    now_q, prev_q = _month_rows(commit, months), _month_rows(commit, before)
    monthly = forecast_data.load_monthly_costs(wh)
    errors = []
    for m in months:
        made = forecast.forecast_before_month(monthly, m, dimension="total", cost_basis="effective",
                                              method=s["forecast"].get("method", "ets"))
        actual = monthly[(monthly["dimension"] == "total") & (pd.to_datetime(monthly["billing_month"]) == m)]
        if len(made) and len(actual):
            a = float(actual["effective_cost"].iloc[0])
            errors.append(abs(float(made["forecast_cost"].iloc[0]) - a) / a * 100)
    backtest = forecast.backtest_forecast(monthly, methods=(s["forecast"].get("method", "ets"),),
                                          backtest_origins=s["forecast"].get("backtest_origins", 6))
    unit = _unit_cost_change(inputs, allocated, months, before)
    from .anomalies import detect_anomalies
    daily = wh.query("marts/anomalies_cost_by_sub_account_service_day",
                     start_date=str((months[0] - pd.DateOffset(days=70)).date()),
                     end_date=str((months[-1] + pd.DateOffset(months=1)).date()))
    anomaly_cfg = report.config.section("anomalies")
    events = detect_anomalies(daily, threshold=anomaly_cfg.get("threshold", 5.0),
                              min_excess_per_day=anomaly_cfg.get("min_excess_per_day", 50),
                              baseline_days=anomaly_cfg.get("baseline_days", 28))
    events = events[(pd.to_datetime(events["start_date"]) >= months[0])
                    & (pd.to_datetime(events["start_date"]) < months[-1] + pd.DateOffset(months=1))]
    newest = wh.con.execute("SELECT max(latest_charge_end) FROM stg_billing__rolled_up "
                            "WHERE ChargePeriodEnd <= ChargePeriodStart + INTERVAL 1 DAY").fetchall()[0][0]
    now = now or datetime.now(timezone.utc)
    fresh = (now.replace(tzinfo=None) - newest).total_seconds() / 86400 if newest else float("nan")

    def weighted(frame, value, weight):
        w = frame[weight].astype(float)
        return float((frame[value].astype(float) * w).sum() / w.sum()) if w.sum() else float("nan")

    table = kpis.quarterly_kpis(
        tag_compliance_pct=100 * float(tags["compliant_cost"].sum()) / float(tags["cost"].sum()),
        unallocated_pct=100 * float(q_unalloc["unallocated_cost"].sum()) / float(q_unalloc["total_cost"].sum()),
        allocation_difference=float(diff[pd.to_datetime(diff["billing_month"]).isin(months)]["difference"].abs().sum()),
        utilization_pct=100 * float(now_q["used_cost"].sum()) / float((now_q["used_cost"] + now_q["unused_cost"]).sum()),
        coverage_pct=100 * float(now_q["covered_on_demand_cost"].sum()) / float(now_q["eligible_on_demand_cost"].sum()),
        forecast_mape_pct=sum(errors) / len(errors) if errors else float("nan"),
        backtest_mape_pct=float(backtest["mape_pct"].iloc[0]),
        savings=(float(prev_q["realized_savings"].sum()), float(now_q["realized_savings"].sum())),
        savings_rates=(weighted(prev_q, "effective_savings_rate_pct", "eligible_on_demand_cost"),
                       weighted(now_q, "effective_savings_rate_pct", "eligible_on_demand_cost")),
        unit_cost_change_pct=unit, anomaly_excess=float(events["excess_cost"].sum()), freshness_days=fresh,
        targets=s["targets"], currency=cur)
    return Briefing(kpis=table, tables={"commitments": now_q, "commitments_before": prev_q, "anomalies": events,
                                        "unallocated": q_unalloc, "reconciliation": diff})


def _unit_cost_change(inputs, allocated, months, before) -> float:
    """Cost per 1k requests this quarter against the quarter before, over all products."""
    from .unit_economics import UNITS, compute_product_costs, compute_unit_costs

    products = compute_product_costs(allocated, inputs.team_products)
    units = compute_unit_costs(products, inputs.metrics, {k: v for k, v in UNITS.items() if k == "requests"})

    def per_unit(ms):
        part = _month_rows(units, ms)
        return float(part["cost"].sum()) / float(part["volume"].sum()) if float(part["volume"].sum()) else float("nan")

    now, prev = per_unit(months), per_unit(before)
    return 100 * (now - prev) / prev if prev else float("nan")


def opportunity_backlog(report, as_of: date) -> pd.DataFrame:
    """The optimization backlog as of `as_of` (exclusive end of the window), from the
    opportunities_* marts and the commitment, compliance and anomaly analyses, with
    finops.yaml's `opportunities` settings."""
    from . import opportunities as op
    from .anomalies import detect_anomalies
    from .commitments import find_expiring_commitments

    cfg = report.config.section("opportunities")
    wh, end = report.wh, pd.Timestamp(as_of)
    days = int(cfg.get("lookback_days", 28))
    start = end - pd.Timedelta(days=days)
    month_start = (end - pd.Timedelta(days=1)).replace(day=1)
    ws, we = str(start.date()), str(end.date())
    by_commitment = wh.query("marts/commitments_by_commitment", window_start=ws, window_end=we)
    owners = wh.query("marts/opportunities_commitment_owners", window_start=ws, window_end=we)
    expiring = find_expiring_commitments(by_commitment, we, horizon_days=report.config.section("commitments")
                                         .get("expiring_horizon_days", 90))
    weekends = wh.query("marts/opportunities_nonprod_weekends", window_start=ws, window_end=we,
                        environments=list(cfg.get("nonprod_environments", ["dev", "staging"])))
    instances = wh.query("marts/opportunities_instance_types", window_start=ws, window_end=we)
    prices = wh.query("marts/opportunities_instance_prices")
    tags = compliance.compute_tag_compliance(load_tag_compliance(wh), dimension="team")
    tags = tags[pd.to_datetime(tags["billing_month"]) == month_start]
    anomaly_cfg = report.config.section("anomalies")
    daily = wh.query("marts/anomalies_cost_by_sub_account_service_day",
                     start_date=str((start - pd.Timedelta(days=70)).date()), end_date=we)
    events = detect_anomalies(daily, threshold=anomaly_cfg.get("threshold", 5.0),
                              min_excess_per_day=anomaly_cfg.get("min_excess_per_day", 50),
                              baseline_days=anomaly_cfg.get("baseline_days", 28))
    events = events[pd.to_datetime(events["end_date"]) >= start]
    rows = (op.commitment_opportunities(by_commitment, owners, cfg.get("utilization_target_pct", 95))
            + op.expiring_opportunities(expiring, owners)
            + op.weekend_opportunities(weekends, cfg.get("weekend_ratio_pct", 60), cfg.get("weekend_floor_pct", 15))
            + op.previous_generation_opportunities(instances, prices, days,
                                                   op.replacements_from_config(cfg.get("previous_generation")))
            + op.untagged_opportunities(tags)
            + op.anomaly_opportunities(events, end - pd.Timedelta(days=1)))
    return op.rank_opportunities(rows, engineer_day_cost=cfg.get("engineer_day_cost", 800), currency=report.currency)
