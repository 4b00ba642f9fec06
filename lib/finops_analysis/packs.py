"""The report packs a FinOps practice runs on, by kind: what each holds, who reads it, how
its period is written, and how to build it (`build_packs`).

| kind | reader | period | folder |
|---|---|---|---|
| monthly | finance | YYYY-MM | OUT/monthly-YYYY-MM/ |
| quarterly | leadership | YYYYQn | OUT/quarterly-YYYYQn/ |
| showback | each engineering team | YYYY-MM (+ team) | OUT/showback-YYYY-MM/TEAM/ |
| pulse | engineering | YYYY-Www (ISO week) | OUT/pulse-YYYY-Www/ |
"""
from __future__ import annotations

import os
import re
import shutil
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Callable

from .config import Config
from .errors import ConfigError, InputError
from .pack import PackRun, PackSpec, build_pack, parse_month, parse_quarter, validate_for_pack
from .warehouse import latest_complete_month, open_warehouse

PACKS: dict[str, PackSpec] = {
    "monthly": PackSpec(
        "monthly", "Monthly finance pack",
        ("00_executive_summary", "20_allocation", "60_variance", "65_anomalies", "30_forecast",
         "40_commitments", "50_unit_economics", "10_data_quality"),
        cost_basis="billed", audience="Finance (FP&A, accounting)", exports=("chargeback",)),
    "quarterly": PackSpec(
        "quarterly", "Quarterly optimization review",
        ("05_quarterly_review", "80_optimization", "30_forecast", "40_commitments", "10_data_quality"),
        cost_basis="effective", audience="Leadership"),
    "showback": PackSpec(
        "showback", "Team showback", ("90_showback",),
        cost_basis="effective", audience="Engineering teams"),
    "pulse": PackSpec(
        "pulse", "Weekly spend pulse", ("95_weekly_pulse",),
        cost_basis="effective", audience="Engineering"),
}


def pack_spec(kind: str) -> PackSpec:
    try:
        return PACKS[kind]
    except KeyError:
        raise ConfigError(f"unknown pack kind {kind!r}; the packs are: {', '.join(PACKS)}") from None


def build_packs(kind: str, period: str | None, config: Config, *, data_dir: str | Path | None = None,
                out_dir: str | Path | None = None, team: str | None = None,
                progress: Callable[[str], None] | None = None, timeout: int = 600) -> list[PackRun]:
    """Build the packs of `kind` for `period` (None: the latest complete one in the data;
    for showback: one pack per team, or `team`)."""
    spec = pack_spec(kind)
    data = Path(data_dir or config.data_dir).resolve()
    out = Path(out_dir) if out_dir else config.out_dir
    notebooks = config.project_path("notebooks")
    if period:
        _period_parameters(kind, period)              # a malformed period fails before any work
    say = progress or (lambda line: None)
    shared = out / f".shared-{os.getpid()}"           # work every pack of this run shares
    out.mkdir(parents=True, exist_ok=True)
    try:
        validation = validate_for_pack(data, config, shared / "validation", say)
        t = time.perf_counter()
        with open_warehouse(data, config) as wh:
            wh.materialize(shared / "cache")          # one scan of the billing rows for every pack
            facts = _facts(wh)
            period = period or _latest_period(kind, wh)
        say(f"billing roll-up computed in {time.perf_counter() - t:.1f} s")
        label, params, subtitle = _period_parameters(kind, period)
        teams = [team] if team else (facts["teams"] if kind == "showback" else [None])
        if kind == "showback" and team and team not in facts["teams"]:
            raise InputError(f"no team {team!r} in the data", hint=f"the teams are: {', '.join(facts['teams'])}")
        runs = []
        for who in teams:
            name = f"{kind}-{label}" + (f"/{who}" if who else "")
            meta = _cover(spec, config, subtitle + (f" · {who}" if who else ""), facts, label, who)
            run_params = {**params, **({"team": who} if who else {})}
            exports = _exports(kind, label, config, data) if spec.exports else None
            runs.append(build_pack(spec, name, run_params, config, data, out, notebooks, meta, exports=exports,
                                   progress=progress, timeout=timeout, validation=validation,
                                   cache_dir=shared / "cache"))
        return runs
    finally:
        shutil.rmtree(shared, ignore_errors=True)


def _period_parameters(kind: str, period: str) -> tuple[str, dict, str]:
    """A pack's period as its folder label, its notebooks' parameters and its cover line."""
    if kind == "quarterly":
        first, last = parse_quarter(period)
        label = period.strip().upper()
        return label, {"quarter": label, "period": f"{last:%Y-%m}"}, f"{label[:4]} Q{label[-1]} ({first:%B} to {last:%B %Y})"
    if kind == "pulse":
        from .pulse import describe_week, parse_week, week_label
        label = week_label(parse_week(period)[0])          # '2026w38' -> '2026-W38'
        return label, {"period": label}, describe_week(label).capitalize()
    month = parse_month(period)
    return f"{month:%Y-%m}", {"period": f"{month:%Y-%m}"}, f"{month:%B %Y}"


def _cover(spec: PackSpec, config: Config, subtitle: str, facts: dict, label: str, team: str | None) -> dict:
    org = str(config.raw.get("organization") or "").strip()
    basis = {"billed": "BilledCost (invoiced)", "effective": "EffectiveCost (amortized)"}[spec.cost_basis]
    return {
        "kicker": org or "FinOps report",
        "title": spec.title,
        "subtitle": subtitle,
        "running_title": f"{spec.title} · {label}" + (f" · {team}" if team else ""),
        "footer": f"{org + ' · ' if org else ''}Internal · generated {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC",
        "meta": [("Prepared for", spec.audience), ("Period", subtitle), ("Currency", config.currency),
                 ("Main cost basis", basis), ("Data as of", facts["as_of"]),
                 ("Input", f"{facts['files']} billing files, {facts['rows']:,} rows")],
        "note": ("Figures come from the FOCUS billing exports listed in the appendix, validated before any number "
                 "was computed. BilledCost is what the invoices say; EffectiveCost spreads commitment purchases over "
                 "the usage they cover. Each table states its grain, cost basis and currency."),
    }


def _facts(wh) -> dict:
    """The data's span and size, and its teams, for covers and showback (from the roll-up)."""
    as_of, rows = wh.con.execute("""
        SELECT max(latest_charge_end) FILTER (WHERE ChargePeriodEnd <= ChargePeriodStart + INTERVAL 1 DAY),
               sum(row_count)
        FROM stg_billing__rolled_up""").fetchall()[0]
    teams = [r[0] for r in wh.con.execute(
        "SELECT DISTINCT team FROM int_charges__rolled_up WHERE team <> 'Unallocated' ORDER BY 1").fetchall()]
    return {"as_of": f"{as_of:%Y-%m-%d %H:%M} UTC" if as_of else "unknown", "rows": int(rows or 0),
            "files": len(wh.inputs.billing), "teams": [t for t in teams if re.fullmatch(r"[A-Za-z0-9._-]+", t)]}


def _exports(kind: str, label: str, config: Config, data: Path) -> Callable[[Path], list[Path]]:
    """The files a pack carries besides its reports (monthly: the chargeback CSV)."""
    def write(folder: Path) -> list[Path]:
        from .allocation_chargeback import compute_chargeback, render_chargeback_csv
        from .allocation_data import allocate_inputs, load_allocation_inputs
        from .warehouse import open_warehouse

        with open_warehouse(data, config) as wh:
            inputs = load_allocation_inputs(wh)
        per_invoice = allocate_inputs(inputs, cost_basis="billed", per_invoice=True)
        frame = compute_chargeback(per_invoice, inputs.teams, period=label)
        path = folder / f"chargeback-{label}.csv"
        render_chargeback_csv(frame, path)
        return [path]
    return write if kind == "monthly" else (lambda folder: [])


def latest_period(kind: str, config: Config, data_dir: str | Path | None = None) -> str:
    """The newest complete period in the data (see _latest_period)."""
    with open_warehouse(Path(data_dir or config.data_dir).resolve(), config) as wh:
        return _latest_period(kind, wh)


def _latest_period(kind: str, wh) -> str:
    """The newest complete period: the latest complete billing month, the quarter that month
    completes (else the quarter before), or the last complete ISO week."""
    if kind == "pulse":
        from .pulse_data import resolve_week
        return resolve_week(wh, "")
    month = latest_complete_month(wh)
    if kind != "quarterly":
        return f"{month:%Y-%m}"
    q = (month.month - 1) // 3 + 1
    if month.month % 3 == 0:
        return f"{month.year}Q{q}"
    return f"{month.year}Q{q - 1}" if q > 1 else f"{month.year - 1}Q4"


def default_period(kind: str, today: date | None = None) -> str:
    """The period a pack run today reports: the previous month, quarter or ISO week."""
    today = today or date.today()
    if kind == "pulse":
        from .pulse import week_label
        return week_label(today - timedelta(days=7))
    prev = date(today.year - (today.month == 1), (today.month - 2) % 12 + 1, 1)
    if kind == "quarterly":
        q = (today.month - 1) // 3
        year = today.year - (q == 0)
        return f"{year}Q{q or 4}"
    return f"{prev:%Y-%m}"
