"""Business volumes (usage_metrics.csv) and budgets (budgets.csv) for the sample company."""
from __future__ import annotations

import math
from datetime import date

import numpy as np

from .company import COST_CENTERS, GROWTH_PER_MONTH, WEEKLY
from .dims import Window, add_months, day_number
from .events import EVENTS
from .generate import days_of
from .workloads import REFERENCE_DAY

# Per product at REFERENCE_DAY and scale 1: (requests, active tenants, GB processed) and weekday pattern.
VOLUMES: dict[str, tuple[float, float, float, str]] = {
    "storefront": (42_000_000, 1_200, 3_400, "prod"),
    "insights": (6_500_000, 410, 11_800, "batch"),
    "mobile": (18_000_000, 950, 720, "prod"),
}
LAUNCH_UPLIFT = {"requests": 1.42, "active_tenants": 1.36, "gb_processed": 1.40}
# Budget = trend of the actuals before the unplanned events, x this plan factor per cost center.
PLAN_FACTORS = {"CC-1100": 1.03, "CC-1200": 0.98, "CC-1300": 1.03, "CC-1900": 1.07}
PLAN_FIT_BEFORE = date(2026, 5, 1)


def usage_metric_rows(window: Window, scale: float, seed: int) -> list[list]:
    """One row per date, product and metric (date, product, metric, value)."""
    launch = next(e for e in EVENTS if e.kind == "step")
    rows = []
    for month in window.months:
        for day in days_of(month):
            dn = day_number(day)
            rng = np.random.default_rng([seed, 211, dn])
            noise = 1 + 0.025 * rng.standard_normal(9)
            t = (day - REFERENCE_DAY).days
            for p, (product, (req, tenants, gb, pattern)) in enumerate(VOLUMES.items()):
                growth = math.exp(math.log1p(GROWTH_PER_MONTH[product]) / 30.4375 * t)
                week = WEEKLY[pattern][day.weekday()]
                launched = product == "mobile" and day >= launch.start
                values = {
                    "requests": req * scale * growth * week * noise[3 * p],
                    # tenants churn slowly and barely feel the weekday
                    "active_tenants": tenants * scale * growth ** 0.6 * (0.97 if day.weekday() >= 5 else 1.0)
                    * (1 + (noise[3 * p + 1] - 1) * 0.3),
                    "gb_processed": gb * scale * growth * week * noise[3 * p + 2],
                }
                for metric, value in values.items():
                    if launched:
                        value *= LAUNCH_UPLIFT[metric]
                    value = max(0.0, value)
                    text = f"{value:.2f}" if metric == "gb_processed" else str(int(round(value)))
                    rows.append([day.isoformat(), product, metric, text])
    return rows


def budget_months(window: Window, fiscal_year_start_month: int) -> list[date]:
    """Every month of the data plus the months to the end of the fiscal year after end_month."""
    after = window.end                                  # the month after end_month
    fy_start = date(after.year if after.month >= fiscal_year_start_month else after.year - 1,
                    fiscal_year_start_month, 1)
    last = add_months(fy_start, 11)
    months = list(window.months)
    m = after
    while m <= last:
        months.append(m)
        m = add_months(m, 1)
    return months


def budget_rows(window: Window, cost_center_month: dict, launch_share: float,
                fiscal_year_start_month: int) -> list[list]:
    """month, cost_center, amount, currency: a plan from the trend of the early months.

    Finance planned each cost center from the daily run rate of the months before May 2026
    (log-linear trend), times a plan factor; the mobile launch was planned, so CC-1300
    includes it. Unplanned events (the Azure SQL price increase, weekend dev VMs, the
    logging spike) are not in the plan, which is what makes CC-1200 run over.
    """
    launch = next(e for e in EVENTS if e.kind == "step")
    fit = [m for m in window.months if m < PLAN_FIT_BEFORE] or list(window.months[:1])
    rows = []
    for code in COST_CENTERS:
        x = np.array([_index(m) for m in fit], dtype=float)
        y = np.log([max(cost_center_month.get((m.strftime("%Y-%m"), code), 0.0), 1.0) / len(days_of(m)) for m in fit])
        if len(fit) >= 3:
            slope, intercept = np.polyfit(x, y, 1)
        else:
            slope, intercept = math.log1p(0.015), float(y[0]) - math.log1p(0.015) * x[0]
        for month in budget_months(window, fiscal_year_start_month):
            days = days_of(month)
            daily = math.exp(intercept + slope * _index(month))
            uplift = 1.0
            if code == "CC-1300":
                launched = sum(d >= launch.start for d in days) / len(days)
                uplift = 1 + (launch.factor - 1) * launch_share * launched
            amount = round(daily * len(days) * uplift * PLAN_FACTORS[code], -2)
            rows.append([month.strftime("%Y-%m"), code, f"{amount:.2f}", "USD"])
    rows.sort(key=lambda r: (r[0], r[1]))
    return rows


def _index(month: date) -> int:
    return month.year * 12 + month.month
