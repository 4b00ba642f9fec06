"""The monthly variance narrative: plain-English sentences built only from the tables.

Every figure in a sentence is a figure of one of the tables passed in, formatted with
`format_money` (whole currency units), `format_pct` (one decimal) or `format_month`, so a
reader can find each number in a table. The sentences are deterministic: same tables,
same text.

`narrate_*` return plain text (reports escape it for their format); `describe_*` return
markdown in which text that comes from the data (team, service, account names) is
backslash-escaped, and so is the dollar sign (Jupyter reads `$...$` as mathematics), so a
name such as `*ml_ops*` or `<legacy>` cannot break the formatting.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

import pandas as pd

from .variance_format import escape_markdown, format_day, format_money, format_month, format_pct

DIMENSION_LABELS = {"team": "team", "service": "service", "sub_account": "sub-account",
                    "provider": "provider", "cost_center": "cost center", "total": "total"}
EFFECT_LABELS = {"price_effect": "price", "volume_effect": "volume", "mix_effect": "mix", "residual": "other"}


@dataclass(frozen=True)
class _Style:
    text: Callable[[str], str]
    dollar: str

    def money(self, amount: float, currency: str | None, signed: bool = False) -> str:
        return format_money(amount, currency, signed=signed).replace("$", self.dollar)


PLAIN = _Style(text=str, dollar="$")
MARKDOWN = _Style(text=escape_markdown, dollar="\\$")


def _known(value) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value))


def _basis(frame: pd.DataFrame) -> str:
    return {"billed": "BilledCost, invoiced", "effective": "EffectiveCost, amortized"}.get(
        frame.attrs.get("cost_basis") or "", "cost")


def _variance(variance: pd.DataFrame, st: _Style) -> list[str]:
    cur, out = variance.attrs.get("currency"), []
    for member, rows in variance.groupby("member", sort=False):
        first = rows.iloc[0]
        subject = "Spend" if member == "Total" else f"Spend on {st.text(member)}"
        clauses = []
        for r in rows.itertuples():
            if not _known(r.base_cost):
                continue
            word = ("up" if r.variance_amount > 0 else "down" if r.variance_amount < 0 else "unchanged")
            size = "" if word == "unchanged" else f" {st.money(abs(r.variance_amount), cur)}"
            flag = ", material" if r.is_material else ""
            pct = f" ({format_pct(r.variance_pct)}{flag})" if _known(r.variance_pct) else ""
            if r.comparison == "forecast":
                side = "above" if r.variance_amount > 0 else "below" if r.variance_amount < 0 else "equal to"
                clauses.append(f"{size.strip()}{pct} {side} the forecast made before the month "
                               f"({st.money(r.base_cost, cur)})".strip())
            else:
                clauses.append(f"{word}{size}{pct} on {format_month(r.base_month)}")
        tail = (": " + "; ".join(clauses)) if clauses else ""
        out.append(f"{subject} in {format_month(first.billing_month)} ({_basis(variance)}) was "
                   f"{st.money(first.actual_cost, cur)}{tail}.")
    return out


def _budget(budget_variance: pd.DataFrame | None, outlook: pd.DataFrame | None, st: _Style) -> list[str]:
    out = []
    budgets = [t["base_cost" if "base_cost" in t.columns else "budget_amount"]
               for t in (budget_variance, outlook) if t is not None and len(t)]
    if budgets and all(b.isna().all() for b in budgets):
        return ["No budgets to compare with: add budgets.csv (month, cost_center, amount, currency)."]
    if budget_variance is not None and len(budget_variance):
        cur = budget_variance.attrs.get("currency")
        rows = budget_variance.sort_values(["variance_pct", "member"], ascending=[False, True], na_position="last")
        month = format_month(rows.iloc[0].billing_month)
        parts = []
        for r in rows.itertuples():
            if not _known(r.base_cost):
                parts.append(f"{st.text(r.member)} has no budget ({st.money(r.actual_cost, cur)} of direct cost)")
                continue
            word = "over" if r.variance_amount > 0 else "under"
            parts.append(f"{st.text(r.member)} {word} by {st.money(abs(r.variance_amount), cur)} "
                         f"({format_pct(r.variance_pct)}{', material' if r.is_material else ''}) "
                         f"on a budget of {st.money(r.base_cost, cur)}")
        out.append(f"Against budget in {month} (direct EffectiveCost): " + "; ".join(parts) + ".")
    if outlook is not None and len(outlook):
        cur = outlook.attrs.get("currency")
        first = outlook.iloc[0]
        span = f"the fiscal quarter {format_month(first.quarter_start)} to {format_month(first.quarter_end)}"
        low = min(outlook.attrs.get("intervals") or [80])
        over = outlook[outlook["status"] == "over"]
        for r in over.itertuples():
            sure = getattr(r, f"projected_lo_{low}", float("nan"))
            extra = (f"; even the low end of its {low}% range ({st.money(sure, cur)}) exceeds the budget"
                     if _known(sure) and sure > r.budget_amount else "")
            partial = (f" (budgeted for {r.budget_months} of its months)"
                       if getattr(r, "budget_months", 3) < r.actual_months + r.forecast_months else "")
            out.append(f"For {span}, {st.text(r.cost_center)} is projected at {st.money(r.projected_cost, cur)} "
                       f"against a budget of {st.money(r.budget_amount, cur)}{partial}, over by "
                       f"{st.money(r.over_amount, cur)} ({format_pct(r.over_pct)}): "
                       f"{st.money(r.actual_to_date, cur)} to date plus {st.money(r.forecast_rest, cur)} "
                       f"forecast{extra}.")
        within = outlook[outlook["status"] == "within"]
        if len(within):
            names = ", ".join(f"{st.text(r.cost_center)} ({st.money(r.projected_cost, cur)} of "
                              f"{st.money(r.budget_amount, cur)})" for r in within.itertuples())
            out.append(f"Projected within budget for {span}: {names}.")
        if not len(over):
            out.append(f"No cost center is projected over budget for {span}.")
    return out


def _movers(movers: pd.DataFrame, st: _Style) -> list[str]:
    cur, out = movers.attrs.get("currency"), []
    for dimension, rows in movers.groupby("dimension", sort=False):
        first = rows.iloc[0]
        items = ", ".join(
            f"{st.text(r.member)} {'up' if r.change_amount > 0 else 'down'} {st.money(abs(r.change_amount), cur)}"
            + (f" ({format_pct(r.change_pct)})" if _known(r.change_pct) else " (new)")
            for r in rows.sort_values("rank").itertuples())
        out.append(f"Largest moves by {DIMENSION_LABELS.get(dimension, st.text(dimension))}, "
                   f"{format_month(first.billing_month)} against {format_month(first.prior_month)}: {items}.")
    return out


def _price_volume(summary: pd.DataFrame, st: _Style, top: int) -> list[str]:
    cur, out = summary.attrs.get("currency"), []
    group = [c for c in summary.columns if c not in ("billing_month", "prior_month", "prior_cost", "actual_cost",
                                                    "change_amount", "change_pct", *EFFECT_LABELS)]
    for r in summary[summary["change_amount"] != 0].head(top).itertuples(index=False):
        row = r._asdict()
        name = " / ".join(st.text(row[g]) for g in group) or "Spend"
        driver = max(EFFECT_LABELS, key=lambda e: (abs(row[e]), -list(EFFECT_LABELS).index(e)))
        parts = ", ".join(f"{label} {st.money(row[e], cur, signed=True)}" for e, label in EFFECT_LABELS.items())
        pct = f" ({format_pct(row['change_pct'])})" if _known(row["change_pct"]) else ""
        why = ("other changes: new or retired SKUs, charges without a quantity, and price and volume moving "
               "together" if driver == "residual" else EFFECT_LABELS[driver])
        out.append(f"{name} {'rose' if row['change_amount'] > 0 else 'fell'} "
                   f"{st.money(abs(row['change_amount']), cur)}{pct} from {format_month(row['prior_month'])} "
                   f"to {format_month(row['billing_month'])}, mostly {why} ({parts}).")
    return out


def _forecast(forecast: pd.DataFrame, backtest: pd.DataFrame | None, st: _Style, max_steps: int = 12) -> list[str]:
    cur, out = forecast.attrs.get("currency"), []
    monthly = "billing_month" in forecast.columns
    low = min(forecast.attrs.get("intervals") or [80])
    for member, rows in forecast.groupby("member", sort=False):
        label = "" if member == "Total" else f" for {st.text(member)}"
        steps = "; ".join(
            f"{format_month(r['billing_month']) if monthly else format_day(r['charge_date'])} "
            f"{st.money(r['forecast_cost'], cur)} "
            + (f"({low}% range {st.money(r[f'lo_{low}'], cur)} to {st.money(r[f'hi_{low}'], cur)})"
               if _known(r[f"lo_{low}"]) and _known(r[f"hi_{low}"]) else "(too little history for a range)")
            for _, r in rows.head(max_steps).iterrows())
        out.append(f"Forecast{label} ({st.text(rows.iloc[0].method)}, {_basis(forecast)}): {steps}.")
    if backtest is not None:
        for r in backtest.itertuples():
            if not _known(r.mape_pct):
                continue
            label = "" if r.member == "Total" else f" for {st.text(r.member)}"
            out.append(f"Backtest{label}: {st.text(r.method)} was off by {format_pct(r.mape_pct, signed=False)} "
                       f"on average (MAPE over {r.forecasts} forecasts), against "
                       f"{format_pct(r.baseline_mape_pct, signed=False)} for the {st.text(r.baseline)} baseline.")
    return out


def _month(st: _Style, variance=None, budget_variance=None, budget_outlook=None, movers=None,
           price_volume=None, forecast=None, backtest=None, top: int = 3) -> list[str]:
    sentences = []
    if variance is not None:
        sentences += _variance(variance, st)
    sentences += _budget(budget_variance, budget_outlook, st)
    if movers is not None:
        sentences += _movers(movers, st)
    if price_volume is not None:
        sentences += _price_volume(price_volume, st, top)
    if forecast is not None:
        sentences += _forecast(forecast, backtest, st)
    return sentences


def narrate_month(**tables) -> str:
    """Plain-text paragraph from any of: variance (compute_variance), budget_variance
    (compute_budget_variance), budget_outlook (forecast_vs_budget), movers
    (compute_top_movers), price_volume (summarize_price_volume_mix), forecast
    (forecast_spend), backtest (backtest_forecast); `top` services for price/volume."""
    return " ".join(_month(PLAIN, **tables))


def describe_month(**tables) -> str:
    """The same sentences as `narrate_month`, as a markdown bullet list with data text escaped."""
    return _lines(_month(MARKDOWN, **tables))


def _lines(sentences: list[str]) -> str:
    return "\n".join(f"- {s}" for s in sentences)


def narrate_variance(variance: pd.DataFrame) -> str:
    """Plain text: one sentence per member of a compute_variance table."""
    return " ".join(_variance(variance, PLAIN))


def describe_variance(variance: pd.DataFrame) -> str:
    """Markdown bullets: one per member of a compute_variance table."""
    return _lines(_variance(variance, MARKDOWN))


def narrate_budget(budget_variance: pd.DataFrame | None = None, budget_outlook: pd.DataFrame | None = None) -> str:
    """Plain text: the month against budget, and the quarter's outlook (forecast_vs_budget)."""
    return " ".join(_budget(budget_variance, budget_outlook, PLAIN))


def describe_budget(budget_variance: pd.DataFrame | None = None, budget_outlook: pd.DataFrame | None = None) -> str:
    """Markdown bullets: the month against budget, and the quarter's outlook."""
    return _lines(_budget(budget_variance, budget_outlook, MARKDOWN))


def narrate_movers(movers: pd.DataFrame) -> str:
    """Plain text: one sentence per dimension of a compute_top_movers table."""
    return " ".join(_movers(movers, PLAIN))


def describe_movers(movers: pd.DataFrame) -> str:
    """Markdown bullets: one per dimension of a compute_top_movers table."""
    return _lines(_movers(movers, MARKDOWN))


def narrate_price_volume(price_volume: pd.DataFrame, top: int = 3) -> str:
    """Plain text: the `top` largest changes of a summarize_price_volume_mix table, split."""
    return " ".join(_price_volume(price_volume, PLAIN, top))


def describe_price_volume(price_volume: pd.DataFrame, top: int = 3) -> str:
    """Markdown bullets: the `top` largest changes, split into price, volume, mix, other."""
    return _lines(_price_volume(price_volume, MARKDOWN, top))


def narrate_forecast(forecast: pd.DataFrame, backtest: pd.DataFrame | None = None) -> str:
    """Plain text: the forecast path per member (lowest interval level) and the backtest."""
    return " ".join(_forecast(forecast, backtest, PLAIN))


def describe_forecast(forecast: pd.DataFrame, backtest: pd.DataFrame | None = None) -> str:
    """Markdown bullets: the forecast path per member and the backtest."""
    return _lines(_forecast(forecast, backtest, MARKDOWN))
