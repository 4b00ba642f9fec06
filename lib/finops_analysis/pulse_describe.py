"""The weekly pulse in sentences and KPI tiles, built only from the pulse's tables.

Money in whole currency units ('$2,462'), percentages with one decimal, as in the monthly
narrative (`variance_format`). `describe_*` return markdown: text from the data (team,
service, account names) goes through `formatting.escape_md`, and every dollar sign is
escaped, since Jupyter reads `$...$` as mathematics. Pure; no I/O.
"""
from __future__ import annotations

import math

import pandas as pd

from .formatting import escape_md
from .formatting import money as money_text
from .pulse import describe_week, parse_week
from .variance_format import format_money, format_pct

LABELS = {"team": "team", "service": "service"}


def _md(text) -> str:
    return escape_md(text).replace("$", "\\$")


def _money(amount: float, currency: str | None, signed: bool = False) -> str:
    return format_money(amount, currency, signed=signed).replace("$", "\\$")


def _known(value) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value))


def _week_number(week: str) -> str:
    return f"week {parse_week(week)[0].isocalendar()[1]}"


def _points(value: float) -> str:
    """'+0.5 points' (percentage points, one decimal)."""
    return f"{format_pct(value).rstrip('%')} points"


def _move(amount: float, pct_value, currency: str | None) -> str:
    word = "up" if amount > 0 else "down"
    share = f" ({format_pct(pct_value)})" if _known(pct_value) else " (new)"
    return f"{word} {_money(abs(amount), currency)}{share}"


def describe_week_movers(total: pd.DataFrame, movers: pd.DataFrame) -> str:
    """Markdown: the week's total against the week before (pulse.compute_week_total), then
    one bullet per dimension of pulse.compute_weekly_movers."""
    cur = total.attrs.get("currency")
    t = total.iloc[0]
    change = ("unchanged" if t.change_amount == 0 else _move(t.change_amount, t.change_pct, cur))
    lines = [f"Usage cost in {describe_week(t.week)} was {_money(t.actual_cost, cur)}, {change} on "
             f"{_week_number(t.prior_week)}."]
    if t.usage_days < 7:
        lines[0] += f" The data holds only {int(t.usage_days)} days of this week, so the week is not complete."
    for dimension, rows in movers.groupby("dimension", sort=False):
        items = ", ".join(f"{_md(r.member)} {_move(r.change_amount, r.change_pct, cur)}"
                          for r in rows.sort_values("rank").itertuples())
        lines.append(f"Largest moves by {LABELS.get(dimension, _md(dimension))}: {items}.")
    return "\n".join(f"- {line}" for line in lines)


def describe_new_anomalies(new_anomalies: pd.DataFrame, week: str) -> str:
    """Markdown: how many anomalies started in the week, their excess, and each of the
    three largest (pulse.select_new_anomalies)."""
    cur = new_anomalies.attrs.get("currency")
    n = len(new_anomalies)
    if n == 0:
        return f"- No new anomaly started in {_week_number(week)}."
    total = float(new_anomalies["excess_cost"].sum())
    lines = [f"1 anomaly started in {_week_number(week)}, {_money(total, cur)} above its baseline." if n == 1 else
             f"{n} anomalies started in {_week_number(week)}, {_money(total, cur)} above their baselines in all."]
    for e in new_anomalies.head(3).itertuples():
        owner = f" (owner {_md(e.owner_team)})" if _known(e.owner_team) and e.owner_team else ""
        days = f"{int(e.duration_days)} day{'s' if e.duration_days != 1 else ''}"
        lines.append(f"{_md(e.service_name)} in {_md(e.sub_account_name or e.sub_account_id)}{owner}: from "
                     f"{pd.Timestamp(e.start_date):%Y-%m-%d} for {days}, {_money(e.excess_cost, cur)} above its "
                     f"baseline.")
    return "\n".join(f"- {line}" for line in lines)


def describe_weekly_compliance(compliance: pd.DataFrame, target_pct: float = 90, lowest: int = 3) -> str:
    """Markdown: the week's tag compliance for all teams against `target_pct` and the week
    before, the `lowest` teams below target, and the largest drop (pulse.compute_weekly_compliance)."""
    teams = compliance[compliance["team"] != "(all teams)"]
    every = compliance[compliance["team"] == "(all teams)"]
    lines = []
    if len(every) and _known(every.iloc[0].compliant_cost_pct):
        a = every.iloc[0]
        versus = (f" ({_points(a.change_pct_points)} on the week before)"
                  if _known(a.change_pct_points) else "")
        side = "at or above" if a.compliant_cost_pct >= target_pct else "below"
        lines.append(f"{format_pct(a.compliant_cost_pct, signed=False)} of taggable cost carried every required "
                     f"tag{versus}, {side} the {format_pct(target_pct, signed=False)} target.")
    below = teams[teams["compliant_cost_pct"] < target_pct].sort_values(["compliant_cost_pct", "team"]).head(lowest)
    if len(below):
        items = ", ".join(f"{_md(r.team)} {format_pct(r.compliant_cost_pct, signed=False)} "
                          f"({_money(r.untagged_cost, compliance.attrs.get('currency'))} untagged)"
                          for r in below.itertuples())
        lines.append(f"Lowest below target: {items}.")
    drops = teams[teams["change_pct_points"] <= -1].sort_values(["change_pct_points", "team"])
    if len(drops):
        d = drops.iloc[0]
        lines.append(f"Largest drop: {_md(d.team)}, from {format_pct(d.prior_compliant_cost_pct, signed=False)} "
                     f"to {format_pct(d.compliant_cost_pct, signed=False)}.")
    return "\n".join(f"- {line}" for line in lines) or "- Nothing taggable this week."


def describe_forecast_shift(shift: pd.DataFrame) -> str:
    """Markdown: how the week moved the month-end forecast (pulse_forecast.compute_forecast_shift)."""
    cur = shift.attrs.get("currency")
    before, after = shift.iloc[0], shift.iloc[1]
    moved = after.month_end_cost - before.month_end_cost
    pct_value = moved / before.month_end_cost * 100 if before.month_end_cost else float("nan")
    month = f"{pd.Timestamp(after.month + '-01'):%B %Y}"
    change = "did not change" if round(moved) == 0 else f"moved {_move(moved, pct_value, cur)}"
    lines = [f"With this week's data the forecast of {month}'s usage cost {change}: from "
             f"{_money(before.month_end_cost, cur)} (data through {before.data_through:%Y-%m-%d}) to "
             f"{_money(after.month_end_cost, cur)} (data through {after.data_through:%Y-%m-%d}).",
             f"The week cost {_money(after.week_cost, cur)} against {_money(before.week_cost, cur)} forecast a week "
             f"earlier ({_money(after.week_cost - before.week_cost, cur, signed=True)})."]
    return "\n".join(f"- {line}" for line in lines)


def pulse_kpis(total: pd.DataFrame, new_anomalies: pd.DataFrame, compliance: pd.DataFrame, shift: pd.DataFrame,
               target_pct: float = 90) -> list[tuple[str, str, str, str]]:
    """KPI tiles (label, value, note, status) for notebook.show_kpis: the week's usage cost,
    new anomalies, tag compliance against target and the month-end forecast shift."""
    cur = total.attrs.get("currency") or "USD"
    t = total.iloc[0]
    tiles = [("Usage cost this week", money_text(t.actual_cost, cur, 0),
              (f"{format_pct(t.change_pct)} on {_week_number(t.prior_week)}" if _known(t.change_pct) else ""), "")]
    excess = float(new_anomalies["excess_cost"].sum()) if len(new_anomalies) else 0.0
    tiles.append(("New anomalies", str(len(new_anomalies)), f"{money_text(excess, cur, 0)} excess",
                  "bad" if len(new_anomalies) else "good"))
    every = compliance[compliance["team"] == "(all teams)"]
    if len(every) and _known(every.iloc[0].compliant_cost_pct):
        a = every.iloc[0]
        note = f"target {format_pct(target_pct, signed=False)}"
        if _known(a.change_pct_points):
            note = f"{_points(a.change_pct_points)}; " + note
        tiles.append(("Tag compliance", format_pct(a.compliant_cost_pct, signed=False), note,
                      "good" if a.compliant_cost_pct >= target_pct else "bad"))
    moved = shift.iloc[1].month_end_cost - shift.iloc[0].month_end_cost
    sign = "+" if moved > 0 else ""
    tiles.append(("Month-end forecast", money_text(shift.iloc[1].month_end_cost, cur, 0),
                  f"{sign}{money_text(moved, cur, 0)} this week", ""))
    return tiles
