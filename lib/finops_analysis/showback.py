"""One team's showback: its own costs only, its share of shared costs, its anomalies, its
tag compliance and its product's unit cost. Wiring over the marts and the analyses; every
table holds the team's rows only (a team never sees another team's line items)."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from . import allocation, compliance, unit_economics
from .allocation_data import allocate_inputs, load_allocation_inputs, load_tag_compliance
from .anomalies import detect_anomalies, events_in
from .errors import InputError
from .formatting import escape_md, money, pct
from .tables import with_meta


@dataclass
class TeamView:
    tiles: list
    narrative: str
    by_service: pd.DataFrame
    by_environment: pd.DataFrame
    by_sub_account: pd.DataFrame
    shared: pd.DataFrame
    anomalies: pd.DataFrame
    compliance: pd.DataFrame
    untagged: pd.DataFrame
    unit_costs: pd.DataFrame


def team_showback(report, team: str) -> TeamView:
    """The showback of `team` for the report's month (EffectiveCost, billing months)."""
    wh, month, cur = report.wh, pd.Timestamp(report.period), report.currency
    prior = month - pd.DateOffset(months=1)
    teams = {r[0] for r in wh.con.execute("SELECT DISTINCT team FROM int_charges__rolled_up").fetchall()}
    if team not in teams:
        raise InputError(f"no team {team!r} in the data", hint=f"the teams are: {', '.join(sorted(teams))}")
    dims = wh.query("marts/showback_cost_by_dimension", team=team, month=str(month.date()), prior_month=str(prior.date()))

    def part(dimension: str) -> pd.DataFrame:
        rows = dims[dims["dimension"] == dimension].drop(columns=["dimension"]).rename(columns={"value": dimension})
        rows = rows.assign(change_pct=(100 * (rows["effective_cost"] - rows["prior_effective_cost"])
                                       / rows["prior_effective_cost"].where(rows["prior_effective_cost"] != 0)))
        return with_meta(rows.reset_index(drop=True), grain=f"one row per {dimension.replace('_', '-')} of {team}'s "
                         "direct cost", cost_basis="effective", currency=cur)

    inputs = load_allocation_inputs(wh)
    allocated = allocate_inputs(inputs, cost_basis="effective")
    mine = allocated[allocated["team"] == team]
    now = mine[pd.to_datetime(mine["billing_month"]) == month]
    before = mine[pd.to_datetime(mine["billing_month"]) == prior]
    direct = float(now.loc[now["source"] == "direct", "allocated_cost"].sum())
    shared_total = float(now.loc[now["source"] != "direct", "allocated_cost"].sum())
    total, previous = direct + shared_total, float(before["allocated_cost"].sum())
    change = 100 * (total - previous) / previous if previous else float("nan")
    shared = allocation.summarize_shared_pools(mine, month).drop(columns=["teams"])

    tags = compliance.compute_tag_compliance(load_tag_compliance(wh), dimension="team")
    tags = tags[(tags["team"] == team) & (pd.to_datetime(tags["billing_month"]) > month - pd.DateOffset(months=3))
                & (pd.to_datetime(tags["billing_month"]) <= month)]
    tag_pct = float(tags.loc[pd.to_datetime(tags["billing_month"]) == month, "compliant_cost_pct"].sum()) if len(tags) else float("nan")
    untagged = wh.query("marts/showback_untagged_resources", team=team, month=str(month.date()), limit=15)

    settings = report.config.section("anomalies")
    daily = wh.query("marts/anomalies_cost_by_sub_account_service_day",
                     start_date=str((month - pd.DateOffset(days=90)).date()),
                     end_date=str((month + pd.DateOffset(months=1)).date()))
    events = detect_anomalies(daily[daily["owner_team"] == team], threshold=settings.get("threshold", 5.0),
                              min_excess_per_day=settings.get("min_excess_per_day", 50), currency=cur)
    events = events_in(events, month, month + pd.DateOffset(months=1)).drop(columns=["sub_account_id", "peak_score"])

    product = inputs.team_products.get(team)
    units = pd.DataFrame()
    if product:
        costs = unit_economics.compute_product_costs(allocated, inputs.team_products)
        units = unit_economics.compute_unit_costs(costs, inputs.metrics)
        units = units[(units["product"] == product) & (pd.to_datetime(units["billing_month"]) == month)]
        units = units.drop(columns=["billing_month", "unit"])

    by_service = part("service")
    top = by_service.iloc[0] if len(by_service) else None
    story = (f"{escape_md(team)} cost {money(total, cur)} in {month:%B %Y} on the amortized basis: "
             f"{money(direct, cur)} of its own resources and {money(shared_total, cur)} of shared costs"
             + (f", {pct(change, signed=True)} on {prior:%B}." if previous else ".")
             + (f" Its largest service was {escape_md(top['service'])} at {money(top['effective_cost'], cur)}." if top is not None else ""))
    tiles = [("Allocated cost", money(total, cur, 0), f"{pct(change, signed=True)} on {prior:%B}" if previous else "", ""),
             ("Own resources", money(direct, cur, 0), "direct EffectiveCost", ""),
             ("Shared costs", money(shared_total, cur, 0), "its share of the pools", ""),
             ("Tag compliance", pct(tag_pct), "target 90%", "good" if tag_pct >= 90 else "bad")]
    return TeamView(tiles=tiles, narrative=story, by_service=by_service, by_environment=part("environment"),
                    by_sub_account=part("sub_account"),
                    shared=with_meta(shared, grain=f"one row per shared-cost pool {team} pays into",
                                     cost_basis="effective", currency=cur),
                    anomalies=events, compliance=tags.drop(columns=["untagged_cost"], errors="ignore"),
                    untagged=with_meta(untagged, grain=f"one row per {team} resource missing a required tag",
                                       cost_basis="effective", currency=cur),
                    unit_costs=with_meta(units, grain=f"one row per unit of {product}", cost_basis="effective",
                                         currency=cur) if len(units) else units)
