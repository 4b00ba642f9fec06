"""Schedules from finops.yaml: which pack runs when, in which time zone, and which period
each run reports.

The `schedules:` section maps a schedule name to its settings:

    schedules:
      monthly:                       # the name (letters, digits, - and _) keys the run ledger
        pack: monthly                # monthly | quarterly | showback | pulse
        cron: "0 7 1-10 * *"         # five fields, read in `timezone`
        working_day: 3               # keep only the fire on the 3rd working day of the month
        holidays: [2026-12-25]       # dates that are not working days
        timezone: Europe/London      # an IANA name (default UTC)
        period: previous_month       # a name in schedule_rules.PERIOD_RULES
        team: payments               # showback only: one team (default every team)
        enabled: true

Every key but the name is optional: a schedule named after a pack kind takes that kind, and
a schedule without `cron` takes the kind's default timing (DEFAULTS). Without a `schedules:`
section the four DEFAULTS run; an empty one (`schedules: {}`) runs none.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Iterator
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .config import Config
from .errors import ConfigError
from .schedule_cron import UTC, Cron, parse_cron
from .schedule_rules import PERIOD_RULES, PeriodRule, nth_working_day, period_rule, working_day_number

# pack kind -> the period unit its packs are built for
PACK_UNITS = {"monthly": "month", "quarterly": "quarter", "showback": "month", "pulse": "week"}
# Each kind's timing when a schedule gives no cron. Monthly packs run on the 3rd working day,
# when the providers' invoices for the month have settled; the quarterly review on the 5th
# working day after the quarter closes, after the monthly pack; the pulse every Monday.
DEFAULTS: dict[str, dict[str, Any]] = {
    "monthly": {"pack": "monthly", "cron": "0 7 1-10 * *", "working_day": 3, "timezone": "UTC",
                "period": "previous_month"},
    "quarterly": {"pack": "quarterly", "cron": "0 7 1-10 1,4,7,10 *", "working_day": 5, "timezone": "UTC",
                  "period": "previous_quarter"},
    "showback": {"pack": "showback", "cron": "0 8 1-10 * *", "working_day": 3, "timezone": "UTC",
                 "period": "previous_month"},
    "pulse": {"pack": "pulse", "cron": "0 7 * * MON", "timezone": "UTC", "period": "previous_iso_week"},
}
KEYS = ("pack", "cron", "working_day", "holidays", "timezone", "period", "team", "enabled")
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
MAX_TRIES = 400            # fires examined for one that passes the working-day filter (~ 33 years of months)


@dataclass(frozen=True)
class Schedule:
    """One schedule: a pack kind, when it fires, and the period each run reports."""
    name: str
    pack: str
    cron: Cron
    timezone: str
    period_rule: PeriodRule
    working_day: int | None = None
    holidays: tuple[date, ...] = ()
    team: str | None = None
    enabled: bool = True

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def keeps(self, fire: datetime) -> bool:
        """True when a cron fire time is a run (on the Nth working day, when one is set)."""
        if self.working_day is None:
            return True
        return working_day_number(fire.astimezone(self.tz).date(), self.holidays) == self.working_day

    def period_for(self, run: datetime) -> str:
        """The period a run at `run` reports, read in the schedule's time zone."""
        return self.period_rule.label(run.astimezone(self.tz))

    def runs_between(self, start: datetime, end: datetime) -> Iterator[datetime]:
        """Run times t with start < t <= end, oldest first, in UTC."""
        return (t for t in self.cron.fires_between(start, end, self.tz) if self.keeps(t))

    def next_runs(self, after: datetime, count: int = 3) -> list[datetime]:
        """The next `count` run times after `after`, in UTC."""
        out, t = [], after
        for _ in range(MAX_TRIES * max(count, 1)):
            if len(out) == count:
                break
            t = self.cron.next_after(t, self.tz)
            if self.keeps(t):
                out.append(t)
        return out

    def last_run(self, at_or_before: datetime) -> datetime | None:
        """The latest run time at or before the given moment, in UTC (None if none is found)."""
        t = at_or_before + timedelta(microseconds=1)
        for _ in range(MAX_TRIES):
            t = self.cron.previous_before(t, self.tz)
            if self.keeps(t):
                return t
        return None

    def describe_timing(self) -> str:
        """'0 7 1-10 * * on the 3rd working day (UTC)'."""
        text = self.cron.text
        if self.working_day:
            text += f", {_ordinal(self.working_day)} working day"
        return f"{text} ({self.timezone})"


def load_schedules(config: Config) -> tuple[Schedule, ...]:
    """The schedules of finops.yaml (the DEFAULTS when it has no `schedules:` section)."""
    try:
        if "schedules" not in config.raw:
            return parse_schedules(DEFAULTS)
        return parse_schedules(config.section("schedules"))
    except ConfigError as exc:
        if exc.file is None and config.path:          # say which finops.yaml holds the setting
            exc.file = str(config.path)
            exc.args = (exc.render(),)
        raise


def parse_schedules(section: dict[str, Any]) -> tuple[Schedule, ...]:
    """Check and parse a `schedules:` mapping (name -> settings)."""
    if not isinstance(section, dict):
        raise ConfigError("setting 'schedules' must map each schedule's name to its settings")
    return tuple(_schedule(str(name), settings) for name, settings in section.items())


def _schedule(name: str, settings: Any) -> Schedule:
    where = f"schedules.{name}"
    if not NAME.match(name):
        raise ConfigError(f"setting {where!r}: a schedule name holds only letters, digits, - and _")
    settings = {} if settings is None else settings
    if not isinstance(settings, dict):
        raise ConfigError(f"setting {where!r} must be a mapping of settings ({', '.join(KEYS)})")
    unknown = [k for k in settings if k not in KEYS]
    if unknown:
        raise ConfigError(f"setting '{where}.{unknown[0]}' is not a schedule setting; use: {', '.join(KEYS)}")
    pack = settings.get("pack", name if name in PACK_UNITS else None)
    if pack not in PACK_UNITS:
        raise ConfigError(f"setting '{where}.pack': {pack!r} is not a pack kind; use one of: {', '.join(PACK_UNITS)}")
    base = DEFAULTS[pack] if "cron" not in settings else {"working_day": None}
    cron = parse_cron(settings.get("cron", DEFAULTS[pack]["cron"]), f"{where}.cron")
    zone = settings.get("timezone", "UTC")
    try:
        ZoneInfo(str(zone))
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"setting '{where}.timezone': {zone!r} is not an IANA time zone",
                          hint="use a name such as UTC or Europe/London (on Windows, pip install tzdata)") from None
    rule = period_rule(settings.get("period", DEFAULTS[pack]["period"]), f"{where}.period")
    if rule.unit != PACK_UNITS[pack]:
        fits = [r for r, spec in PERIOD_RULES.items() if spec.unit == PACK_UNITS[pack]]
        raise ConfigError(f"setting '{where}.period': {rule.name} reports a {rule.unit}, but a {pack} pack "
                          f"reports a {PACK_UNITS[pack]}; use {' or '.join(fits)}")
    working_day = settings.get("working_day", base.get("working_day"))
    if working_day is not None and (not isinstance(working_day, int) or isinstance(working_day, bool)
                                    or not 1 <= working_day <= 20):
        raise ConfigError(f"setting '{where}.working_day': {working_day!r} is not a whole number 1-20")
    holidays = _holidays(settings.get("holidays") or [], f"{where}.holidays")
    team = settings.get("team")
    if team is not None and (pack != "showback" or not isinstance(team, str) or not team.strip()):
        raise ConfigError(f"setting '{where}.team': only a showback schedule takes a team (a team name)")
    enabled = settings.get("enabled", True)
    if not isinstance(enabled, bool):
        raise ConfigError(f"setting '{where}.enabled': {enabled!r} is not true or false")
    schedule = Schedule(name=name, pack=pack, cron=cron, timezone=str(zone), period_rule=rule,
                        working_day=working_day, holidays=holidays, team=team.strip() if team else None,
                        enabled=enabled)
    if working_day:
        _check_covers(schedule, where)
    return schedule


def _holidays(items: Any, where: str) -> tuple[date, ...]:
    if not isinstance(items, list):
        raise ConfigError(f"setting {where!r} must be a list of dates (YYYY-MM-DD)")
    out = []
    for item in items:
        if isinstance(item, datetime):
            item = item.date()
        if not isinstance(item, date):
            try:
                item = date.fromisoformat(str(item))
            except ValueError:
                raise ConfigError(f"setting {where!r}: {item!r} is not a date (YYYY-MM-DD)") from None
        out.append(item)
    return tuple(sorted(set(out)))


def _check_covers(schedule: Schedule, where: str) -> None:
    """The cron must fire on whichever day is the Nth working day, in every month it allows
    (checked without holidays over 28 years, which holds every calendar pattern)."""
    n = schedule.working_day
    for year in range(2000, 2028):
        for month in sorted(schedule.cron.months):
            day = nth_working_day(year, month, n)
            if day is not None and not schedule.cron.matches_day(day):
                last = n + 2 * math.ceil(n / 5)
                raise ConfigError(
                    f"setting '{where}.cron': {schedule.cron.text!r} does not fire on {day:%a %d %b %Y}, the "
                    f"{_ordinal(n)} working day of that month",
                    hint=f"let the cron fire every day from the 1st to at least the {_ordinal(last)} "
                         f"(e.g. '0 7 1-10 * *') and working_day picks the day")


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


__all__ = ["DEFAULTS", "PACK_UNITS", "Schedule", "load_schedules", "parse_schedules", "UTC"]
