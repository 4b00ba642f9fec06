"""What `finops schedule list` and `finops schedule cron` print: every schedule with its next
run times and its last outcome, and the crontab line (or systemd timer) that calls run-due.
Pure functions returning rows and text; the CLI prints them.
"""
from __future__ import annotations

import shlex
import sys
from datetime import datetime
from pathlib import Path
from typing import Sequence

from .config import Config
from .schedule_config import Schedule
from .schedule_ledger import schedule_folder

RUN_DUE_EVERY_MINUTES = 15


def describe_schedules(schedules: Sequence[Schedule], records: list[dict], now: datetime,
                       count: int = 3) -> list[dict]:
    """One dict per schedule: name, pack, team, timing, timezone, period rule, enabled, the
    next `count` run times (local and UTC) after `now`, the period the next run reports, and
    the latest ledger record of the schedule (None when it never ran)."""
    rows = []
    for schedule in schedules:
        runs = schedule.next_runs(now, count) if schedule.enabled else []
        last = next((r for r in reversed(records) if r.get("schedule") == schedule.name), None)
        rows.append({
            "name": schedule.name, "pack": schedule.pack, "team": schedule.team,
            "timing": schedule.describe_timing(), "timezone": schedule.timezone,
            "period_rule": schedule.period_rule.name, "enabled": schedule.enabled,
            "next_runs": [(t.astimezone(schedule.tz), t) for t in runs],
            "next_period": schedule.period_for(runs[0]) if runs else None,
            "last": last,
        })
    return rows


def render_schedule_list(rows: list[dict]) -> str:
    """The rows of describe_schedules as text: a block per schedule."""
    if not rows:
        return "no schedules (finops.yaml has an empty schedules: section)"
    blocks = []
    for row in rows:
        team = f" for {row['team']}" if row["team"] else (" for every team" if row["pack"] == "showback" else "")
        head = f"{row['name']}: the {row['pack']} pack{team}, {row['timing']}, reporting {row['period_rule']}"
        lines = [head + ("" if row["enabled"] else " [disabled]")]
        if row["next_runs"]:
            lines.append(f"  next run reports {row['next_period']}; next runs:")
            for local, utc in row["next_runs"]:
                in_utc = "" if row["timezone"] == "UTC" else f"   ({utc:%Y-%m-%d %H:%M} UTC)"
                lines.append(f"    {local:%a %Y-%m-%d %H:%M %Z}{in_utc}")
        last = row["last"]
        if last is None:
            lines.append("  last run: none yet")
        else:
            where = f" -> {', '.join(last.get('pack_paths') or [])}" if last.get("pack_paths") else ""
            lines.append(f"  last run: {last.get('outcome')} for {last.get('period')} "
                         f"(run time {_short(last.get('scheduled_for'))}, finished {_short(last.get('finished_at'))}, "
                         f"{last.get('duration_seconds') or 0:.1f} s){where}")
            if last.get("error"):
                lines.append(f"    {str(last['error']).splitlines()[0]}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def _short(stamp: str | None) -> str:
    return datetime.fromisoformat(stamp).strftime("%Y-%m-%d %H:%M UTC") if stamp else "?"


def finops_command(config: Config) -> Path:
    """The finops executable: the project's .venv, else the one beside this Python."""
    for candidate in (config.root / ".venv" / "bin" / "finops", Path(sys.executable).with_name("finops")):
        if candidate.is_file():
            return candidate.absolute()
    return config.root / ".venv" / "bin" / "finops"


def render_cron(config: Config, every_minutes: int = RUN_DUE_EVERY_MINUTES, finops: Path | None = None) -> str:
    """A crontab line and a systemd service + timer pair that call `finops schedule run-due`
    every `every_minutes` minutes, with absolute paths from the config root. The schedules'
    own cron expressions decide what is due; this only wakes run-due up (a run that is still
    building when the next one starts makes the second exit at once: the lock)."""
    root = config.root.resolve()
    exe = str(finops or finops_command(config))
    log_dir = schedule_folder(config.out_dir.resolve())
    config_arg = f" --config {_q(config.path.resolve())}" if config.path else ""
    run = f"{_q(exe)}{config_arg} schedule run-due"
    line = (f"*/{every_minutes} * * * * cd {_q(root)} && mkdir -p {_q(log_dir)} && {run} "
            f">> {_q(log_dir / 'cron.log')} 2>&1").replace("%", r"\%")
    return f"""# crontab: add this line with `crontab -e` (run-due decides what is due; the line only wakes it up)
{line}

# or a systemd user timer: save the two units below, then run
#   systemctl --user daemon-reload && systemctl --user enable --now finops-schedule.timer
#   loginctl enable-linger "$USER"    # keep user timers running while you are logged out
# and read the runs with: journalctl --user -u finops-schedule.service

# ~/.config/systemd/user/finops-schedule.service
[Unit]
Description=FinOps report packs: build the scheduled packs that are due

[Service]
Type=oneshot
WorkingDirectory={root}
ExecStart={run}

# ~/.config/systemd/user/finops-schedule.timer
[Unit]
Description=Wake finops schedule run-due every {every_minutes} minutes

[Timer]
OnCalendar=*:0/{every_minutes}
Persistent=true

[Install]
WantedBy=timers.target
"""


def _q(path) -> str:
    return shlex.quote(str(path))
