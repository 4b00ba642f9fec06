"""generate_sample: the whole sample folder, generated month by month into a temporary
folder and swapped into place when complete.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

import numpy as np
import pyarrow as pa

from ..errors import ConfigError
from .catalog import build_catalog
from .commitments import register_entries, size_commitments
from .company import BILLING_ACCOUNTS, COST_CENTERS, SUB_ACCOUNTS, TEAMS
from .dims import US_PER_DAY, Window, add_months, day_number
from .extras import REFUND_MONTH, MonthEnd
from .generate import DayGenerator, Stats, days_of
from .metrics import budget_rows, usage_metric_rows
from .money import dollars
from .readme import render_readme
from .writer import BackgroundWrites, MonthFile, staged_folder, write_csv

PROVIDER_FOLDERS = ("aws", "azure", "gcp")


@dataclass
class SampleSummary:
    """What generate_sample wrote: files and row counts, monthly totals, and the sizes of
    the commitments, tagging and injected events as generated."""
    out_dir: Path
    arguments: dict
    files: list[str] = field(default_factory=list)               # paths relative to out_dir
    rows_per_file: dict[str, int] = field(default_factory=dict)
    monthly_totals: dict[str, tuple[Decimal, Decimal]] = field(default_factory=dict)  # month -> (Billed, Effective)
    events: dict[str, dict] = field(default_factory=dict)         # event id -> its computed size
    commitments: dict[str, dict] = field(default_factory=dict)    # commitment key -> utilization and amounts
    coverage_ratio: float = 0.0
    tag_compliance_ratio: float = 0.0          # compliant EffectiveCost / all EffectiveCost
    usage_tag_compliance_ratio: float = 0.0    # the same over ChargeCategory = Usage rows
    cost_center_actuals: dict[str, dict[str, float]] = field(default_factory=dict)  # month -> cc -> EffectiveCost
    budgets: dict[str, dict[str, float]] = field(default_factory=dict)              # month -> cc -> budget

    @property
    def total_rows(self) -> int:
        return sum(self.rows_per_file.values())

    def describe(self) -> str:
        """A few lines for the terminal: where, how much, and the headline figures."""
        months = list(self.monthly_totals)
        first, last = self.monthly_totals[months[0]], self.monthly_totals[months[-1]]
        lines = [f"sample written to {self.out_dir}: {len(self.files)} files, {self.total_rows:,} rows",
                 f"EffectiveCost {months[0]} ${first[1]:,.2f} -> {months[-1]} ${last[1]:,.2f}",
                 f"commitment coverage {self.coverage_ratio:.1%}; tag compliance {self.tag_compliance_ratio:.1%} "
                 "of cost",
                 "injected events (see README.md): " + ", ".join(
                     f"{k} {v['title']}" for k, v in self.events.items())]
        return "\n".join(lines)


def generate_sample(out_dir: Path, months: int = 18, end_month: str = "2026-10", scale: float = 1.0,
                    seed: int = 42, *, fiscal_year_start_month: int = 2) -> SampleSummary:
    """Generate the fictional sample company into out_dir (replacing a previous sample there).

    Deterministic: the same arguments give the same rows. Refuses a non-empty folder that is
    not a previous sample; an interrupted run leaves out_dir untouched.
    """
    if not isinstance(months, int) or months < 1:
        raise ConfigError(f"months must be a whole number >= 1, not {months!r}")
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", str(end_month)):
        raise ConfigError(f"end_month must look like 2026-10, not {end_month!r}")
    if not scale > 0:
        raise ConfigError(f"scale must be a positive number, not {scale!r}")
    if not isinstance(seed, int) or seed < 0:
        raise ConfigError(f"seed must be a whole number >= 0, not {seed!r}")
    args = dict(months=months, end_month=end_month, scale=scale, seed=seed,
                fiscal_year_start_month=fiscal_year_start_month)
    window = Window.ending(end_month, months)
    summary = SampleSummary(Path(out_dir), args)
    with staged_folder(Path(out_dir), {"generator": "finops_analysis.sample", **args}) as folder:
        _generate(folder, window, scale, seed, fiscal_year_start_month, summary)
    return summary


def _invoice_id(ba_key: str, month: date) -> str:
    ba = BILLING_ACCOUNTS[ba_key]
    number = ba.invoice_base + (month.year - 2024) * 12 + month.month
    return f"G{number:09d}" if ba.provider == "azure" else str(number)


def _generate(folder: Path, window: Window, scale: float, seed: int, fy: int, summary: SampleSummary) -> None:
    cat = build_catalog(window, scale, seed)
    commitments = size_commitments(cat)
    register_entries(cat, commitments)
    stats = Stats()
    month_end = MonthEnd(cat, commitments)
    gen = DayGenerator(cat, commitments, stats)
    cat.freeze()
    ba_keys = list(BILLING_ACCOUNTS)
    sa_ba = np.array([-1] + [ba_keys.index(k[3:] if k.startswith("ba:") else SUB_ACCOUNTS[k].billing)
                             for k in cat.sa_keys[1:]])
    m = cat.meters
    writes = BackgroundWrites()
    try:
        _months(folder, window, cat, gen, month_end, stats, sa_ba, ba_keys, writes, summary)
    finally:
        writes.close()
    _summarise(summary, stats, commitments)
    _write_tables(folder, window, scale, seed, fy, stats, summary)
    (folder / "README.md").write_text(render_readme(summary, cat, commitments, stats))
    summary.files.append("README.md")


def _months(folder: Path, window: Window, cat, gen: DayGenerator, month_end: MonthEnd, stats: Stats,
            sa_ba: np.ndarray, ba_keys: list[str], writes: BackgroundWrites, summary: SampleSummary) -> None:
    """Generate and write the billing files, month by month."""
    m = cat.meters
    for month in window.months:
        label = month.strftime("%Y-%m")
        invoices = (sa_ba, pa.array([_invoice_id(k, month) for k in ba_keys]))
        period = (day_number(month) * US_PER_DAY, day_number(add_months(month, 1)) * US_PER_DAY)
        files = {p: MonthFile(folder / "billing" / p / f"{label}.parquet", cat.dims, invoices, period, writes)
                 for p in PROVIDER_FOLDERS}
        billed = np.zeros(len(ba_keys))
        usage = np.zeros(len(ba_keys))
        totals = [0, 0]

        def take(provider: str, block) -> None:
            files[provider].add(block)
            gen.account(block, label)
            w = np.bincount(sa_ba[block.sa], weights=block.billed.astype(float), minlength=len(ba_keys))
            billed[:] += w
            totals[0] += int(block.billed.sum())
            totals[1] += int(block.effective.sum())

        for day in days_of(month):
            for provider, block in gen.day(day).items():
                usage[:] += np.bincount(sa_ba[block.sa], weights=block.billed.astype(float), minlength=len(ba_keys))
                take(provider, block)
        refund = None
        if month == REFUND_MONTH and stats.refund_qty > 0:
            i = gen.refund_meter
            refund = (int(m["sa"][i]), int(m["sp"][i]), int(m["res"][i]), int(m["tag"][i]), int(gen.m_cc[i]),
                      stats.refund_qty)
        extra = month_end.rows(month, {k: int(billed[j]) for j, k in enumerate(ba_keys)},
                               {k: int(usage[j]) for j, k in enumerate(ba_keys)}, refund)
        for provider, blocks in extra.items():
            for block in blocks:
                take(provider, block)
        for provider, f in files.items():
            rel = f"billing/{provider}/{label}.parquet"
            summary.rows_per_file[rel] = f.close()
            summary.files.append(rel)
        summary.monthly_totals[label] = (dollars(totals[0]), dollars(totals[1]))


def _summarise(summary: SampleSummary, stats: Stats, commitments) -> None:
    summary.coverage_ratio = stats.covered_contracted / max(stats.eligible_contracted, 1)
    summary.tag_compliance_ratio = stats.all_compliant_cost / max(stats.total_cost, 1)
    summary.usage_tag_compliance_ratio = stats.compliant_cost / max(stats.usage_cost, 1)
    for (month, code), value in sorted(stats.cost_center_month.items()):
        summary.cost_center_actuals.setdefault(month, {})[code] = round(value, 2)
    for c in commitments:
        st = stats.commitments[c.spec.key]
        summary.commitments[c.spec.key] = dict(
            id=c.id, name=c.spec.name, utilization=st.utilization, used_usd=float(dollars(st.used)),
            unused_usd=float(dollars(st.unused)), daily_usd=float(dollars(c.daily)),
            units_per_day=c.units / 1e6 if c.spec.category == "Usage" else None)
    for key, size in stats.events.items():
        e = size.event
        summary.events[key] = dict(
            title=e.title, start=e.start.isoformat() if e.start else None,
            end=e.end.isoformat() if e.end else None, days=size.days, excess_usd=round(size.excess, 2),
            actual_usd=round(size.actual, 2), counterfactual_usd=round(size.counterfactual, 2),
            by_month={k: round(v, 2) for k, v in sorted(size.by_month.items())}, peak_ratio=size.peak_ratio())


def _write_tables(folder: Path, window: Window, scale: float, seed: int, fy: int, stats: Stats,
                  summary: SampleSummary) -> None:
    ownership = [["team", "", "", t.name, t.cost_center, COST_CENTERS[t.cost_center].business_unit,
                  f"{COST_CENTERS[t.cost_center].name}: {t.description}"] for t in TEAMS.values()]
    ownership += [["sub_account", "SubAccountId", s.id, s.dedicated, "", "", f"{s.name} is used only by {s.dedicated}"]
                  for s in SUB_ACCOUNTS.values() if s.dedicated]
    ownership += [["tag", "app", "search-api", "search", "", "", "resources of the search-api application"]]
    tables = {
        "ownership.csv": (["rule_type", "match_key", "match_value", "team", "cost_center", "business_unit",
                           "description"], ownership),
        "usage_metrics.csv": (["date", "product", "metric", "value"], usage_metric_rows(window, scale, seed)),
        "budgets.csv": (["month", "cost_center", "amount", "currency"],
                        budget_rows(window, stats.cost_center_month, _launch_share(stats, window), fy)),
    }
    for month, code, amount, _ in tables["budgets.csv"][1]:
        summary.budgets.setdefault(month, {})[code] = float(amount)
    for name, (header, rows) in tables.items():
        summary.rows_per_file[name] = write_csv(folder / name, header, rows)
        summary.files.append(name)


def _launch_share(stats: Stats, window: Window) -> float:
    """Share of CC-1300's cost that the launch scales (measured before the launch)."""
    size = stats.events.get("E4")
    if size is None or size.event.start is None:
        return 0.0
    before = [m for m in window.months if add_months(m, 1) <= size.event.start]
    if not before:
        return 0.35
    launched = sum(v for d, v in size.series.items() if d < day_number(add_months(before[-1], 1)))
    total = sum(stats.cost_center_month.get((m.strftime("%Y-%m"), "CC-1300"), 0.0) for m in before)
    return min(1.0, launched / total) if total > 0 else 0.35
