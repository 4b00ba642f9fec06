"""`finops schedule list | run-due | cron`. Thin: parses arguments, calls the library, prints.

cli.py registers these with `schedule_cli.add_parser(sub)`; `python -m
finops_analysis.schedule_cli ...` runs them on their own. Heavy imports stay inside the
commands so `finops --help` stays fast.
"""
from __future__ import annotations

import argparse
import sys
from datetime import date, datetime, timezone

from .errors import ConfigError, FinopsError


def add_parser(subparsers) -> argparse.ArgumentParser:
    """Register `schedule` and its three commands on the finops sub-command parsers."""
    p = subparsers.add_parser(
        "schedule", help="scheduled packs: list the schedules, build what is due, print the crontab line",
        description="Packs that run themselves: finops.yaml's schedules: section gives each pack kind a cron "
                    "expression, a time zone and the period a run reports. Cron calls `finops schedule run-due` "
                    "every few minutes; it builds each due pack once and records every attempt in "
                    "OUT/.schedule/ledger.jsonl.")
    commands = p.add_subparsers(dest="schedule_command", metavar="COMMAND")
    commands.required = True

    c = commands.add_parser("list", help="every schedule with its next run times and its last outcome")
    c.add_argument("--now", metavar="TIMESTAMP", help="ISO 8601 moment to list from (default: now; naive = UTC)")
    c.add_argument("--count", type=int, default=3, help="next run times shown per schedule (default 3)")
    c.add_argument("--out", metavar="DIR", help="output root holding .schedule/ (default: finops.yaml out_dir)")
    c.set_defaults(func=cmd_list)

    c = commands.add_parser(
        "run-due", help="build every pack that is due and not yet built (cron calls this)",
        description="Build each scheduled pack whose run time has come and that is not built yet: the latest run "
                    "of each schedule, a missed one included (older missed runs are recorded as skipped; "
                    "--since builds them), and any run that failed before. Exit status 1 when a build failed.")
    c.add_argument("--now", metavar="TIMESTAMP", help="ISO 8601 moment to act as now (default: now; naive = UTC)")
    c.add_argument("--since", metavar="DATE", help="also build missed runs from this date (YYYY-MM-DD, in each "
                                                  "schedule's time zone) or ISO 8601 moment on")
    c.add_argument("--wait", action="store_true", help="wait for a run-due already running instead of exiting")
    c.add_argument("--data", metavar="DIR", help="data folder (default: finops.yaml data_dir)")
    c.add_argument("--out", metavar="DIR", help="output root (default: finops.yaml out_dir, reports/out)")
    c.set_defaults(func=cmd_run_due)

    c = commands.add_parser("cron", help="print the crontab line (and a systemd timer) that calls run-due")
    c.add_argument("--every", type=int, default=15, metavar="MINUTES", help="minutes between calls (default 15)")
    c.set_defaults(func=cmd_cron)
    return p


def parse_moment(text: str | None, what: str = "--now") -> datetime | None:
    """An ISO 8601 date or date-time as an aware datetime; naive values are UTC."""
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ConfigError(f"{what} {text!r} is not an ISO 8601 timestamp",
                          hint="write e.g. 2026-11-04T07:30:00Z or 2026-11-04") from None
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment


def _since(text: str | None) -> date | datetime | None:
    """--since: a date (each schedule reads it in its own time zone) or an ISO 8601 moment."""
    if text is None:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return parse_moment(text, "--since")


def _config(args):
    from .config import load_config
    return load_config(getattr(args, "config", None))


def cmd_list(args) -> int:
    from .schedule_config import load_schedules
    from .schedule_describe import describe_schedules, render_schedule_list
    from .schedule_ledger import read_ledger

    config = _config(args)
    now = parse_moment(args.now) or datetime.now(timezone.utc)
    rows = describe_schedules(load_schedules(config), read_ledger(args.out or config.out_dir), now, args.count)
    print(render_schedule_list(rows))
    return 0


def cmd_run_due(args) -> int:
    from .schedule import run_due
    from .schedule_config import load_schedules

    config = _config(args)
    say = lambda line: print(line, file=sys.stderr, flush=True)  # noqa: E731
    result = run_due(load_schedules(config), config, now=parse_moment(args.now), since=_since(args.since),
                     data_dir=args.data, out_dir=args.out, wait=args.wait, progress=say)
    if result.locked_by:
        print(f"another run-due is running ({result.locked_by}); it builds what is due, so this call did nothing")
        return 0
    for r in result.records:
        where = f": {', '.join(r['pack_paths'])}" if r["pack_paths"] else ""
        print(f"{r['outcome']:7} {r['schedule']} {r['period']} ({r['trigger']}){where}")
    if result.failed:
        print(f"{result.failed} run(s) failed; they are retried at the next run-due "
              f"(see OUT/.schedule/ledger.jsonl)", file=sys.stderr)
    return 1 if result.failed else 0


def cmd_cron(args) -> int:
    from .schedule_describe import render_cron

    if not 1 <= args.every <= 59:
        raise ConfigError(f"--every {args.every} is not a number of minutes 1-59")
    print(render_cron(_config(args), every_minutes=args.every), end="")
    return 0


def main(argv: list[str] | None = None) -> int:
    """`python -m finops_analysis.schedule_cli [--config FILE] COMMAND ...`"""
    parser = argparse.ArgumentParser(prog="finops")
    parser.add_argument("--config", metavar="FILE", help="finops.yaml to use")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    add_parser(sub)
    args = parser.parse_args(argv)
    try:
        return args.func(args) or 0
    except FinopsError as exc:
        print(f"error: {exc.render()}", file=sys.stderr)
        return exc.exit_code


if __name__ == "__main__":
    sys.exit(main())
