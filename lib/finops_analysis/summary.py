"""`finops summary`: what a data folder holds, as plain text for the terminal."""
from __future__ import annotations

from pathlib import Path

from .config import Config
from .warehouse import open_warehouse


def describe_data(data_dir: Path | str | None, config: Config) -> str:
    """Billing rows and totals per provider, optional inputs, and how costs find owners."""
    with open_warehouse(data_dir, config) as wh:
        providers = wh.query("marts/billing_summary_by_provider")
        owners = wh.query("marts/ownership_coverage")
        inputs = wh.inputs
    cur = config.currency
    lines = [f"Data folder {inputs.data_dir}", "",
             f"Billing by provider (billing months; {cur}; billed = invoice basis, effective = amortized):"]
    header = f"  {'provider':<16}{'files':>6}{'rows':>11}{'sub-accts':>10}{'months':>7}  {'span':<17}{'billed':>16}{'effective':>16}"
    lines.append(header)
    for r in providers.itertuples():
        lines.append(f"  {str(r.provider):<16}{r.files:>6}{r.row_count:>11,}{r.sub_accounts:>10}{r.months:>7}  "
                     f"{r.first_month} to {r.last_month}  {float(r.billed_cost):>16,.2f}{float(r.effective_cost):>16,.2f}")
    lines.append(f"  {'total':<16}{providers.files.sum():>6}{providers.row_count.sum():>11,}{'':>10}{'':>7}  {'':<17}"
                 f"{float(providers.billed_cost.sum()):>16,.2f}{float(providers.effective_cost.sum()):>16,.2f}")
    lines += ["", "Optional inputs:"]
    for key in ("ownership", "usage_metrics", "budgets"):
        path = inputs.optional(key)
        if path is not None:
            lines.append(f"  {path.name}: present")
    for name, effect in inputs.absent():
        lines.append(f"  {name}: absent - {effect}")
    total = float(owners.effective_cost.sum()) or 1.0
    lines += ["", f"Owners of taggable usage cost (EffectiveCost; recurring fees and unused commitments left out; {cur}):"]
    for r in owners.itertuples():
        lines.append(f"  {r.owner_source:<18}{float(r.effective_cost):>16,.2f}  {100 * float(r.effective_cost) / total:5.1f}%")
    compliant = float(owners.compliant_cost.fillna(0).sum())
    lines.append(f"  tag compliance (every required tag with an allowed value): "
                 f"{100 * compliant / total:.1f}% of cost, "
                 f"{100 * owners.compliant_rows.sum() / max(owners.row_count.sum(), 1):.1f}% of rows")
    return "\n".join(lines)
