"""Cron expressions: five fields (minute hour day-of-month month day-of-week) and their fire
times in an IANA time zone.

Syntax: `*`, numbers, ranges `a-b`, steps `*/n`, `a-b/n` and `a/n` (from a to the field's
end), comma lists, names (JAN-DEC, SUN-SAT, any case; 0 and 7 are both Sunday), and the
macros @yearly, @annually, @monthly, @weekly, @daily, @midnight and @hourly.

Day-of-month and day-of-week combine as in Vixie cron (cronie, the cron of most Linux
systems): when either field starts with `*`, a day must match both (so the `*` one matches
every day); when both are restricted, a day matching either fires. `0 7 1-7 * MON` fires on
days 1 to 7 AND on every Monday, not on the first Monday.

Fire times are wall-clock times in the zone. Daylight saving time: a local time that does not
exist (the hour skipped in spring) does not fire that day; a local time that happens twice
(the hour repeated in autumn) fires once, at its first occurrence. Times come back as aware
datetimes in UTC. Pure; no I/O.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Iterator
from zoneinfo import ZoneInfo

from .errors import ConfigError

UTC = timezone.utc
MONTH_NAMES = {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
DAY_NAMES = {"sun": 0, "mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6}
# (name in messages, lowest, highest, names)
FIELDS = (("minute", 0, 59, {}), ("hour", 0, 23, {}), ("day of month", 1, 31, {}),
          ("month", 1, 12, MONTH_NAMES), ("day of week", 0, 7, DAY_NAMES))
MACROS = {"@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *",
          "@weekly": "0 0 * * 0", "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *"}
# Enough days to meet any valid expression: 29 February on a given weekday recurs within 28 years.
MAX_DAYS = 366 * 28 + 7


@dataclass(frozen=True)
class Cron:
    """A parsed cron expression: the values each field allows."""
    text: str
    minutes: tuple[int, ...]
    hours: tuple[int, ...]
    days: frozenset[int]
    months: frozenset[int]
    weekdays: frozenset[int]         # 0 = Sunday ... 6 = Saturday
    either_day: bool                 # both day fields restricted: a day matching either fires

    def matches_day(self, day: date) -> bool:
        """True when the expression fires on `day` (a local calendar date) at some time."""
        if day.month not in self.months:
            return False
        dom, dow = day.day in self.days, day.isoweekday() % 7 in self.weekdays
        return (dom or dow) if self.either_day else (dom and dow)

    def next_after(self, after: datetime, tz: ZoneInfo) -> datetime:
        """The first fire time strictly after `after` (aware), in UTC."""
        after = _aware(after)
        day = after.astimezone(tz).date()
        for _ in range(MAX_DAYS):
            if self.matches_day(day):
                for hour in self.hours:
                    for minute in self.minutes:
                        fire = wall_time(day, hour, minute, tz)
                        if fire is not None and fire > after:
                            return fire
            day += timedelta(days=1)
        raise ConfigError(f"cron {self.text!r} never fires")

    def previous_before(self, before: datetime, tz: ZoneInfo) -> datetime:
        """The last fire time strictly before `before` (aware), in UTC."""
        before = _aware(before)
        day = before.astimezone(tz).date()
        for _ in range(MAX_DAYS):
            if self.matches_day(day):
                for hour in reversed(self.hours):
                    for minute in reversed(self.minutes):
                        fire = wall_time(day, hour, minute, tz)
                        if fire is not None and fire < before:
                            return fire
            day -= timedelta(days=1)
        raise ConfigError(f"cron {self.text!r} never fires")

    def fires_between(self, start: datetime, end: datetime, tz: ZoneInfo) -> Iterator[datetime]:
        """Every fire time t with start < t <= end, oldest first, in UTC."""
        t = self.next_after(start, tz)
        end = _aware(end)
        while t <= end:
            yield t
            t = self.next_after(t, tz)


def wall_time(day: date, hour: int, minute: int, tz: ZoneInfo) -> datetime | None:
    """The UTC instant of a local wall-clock time: None when the time does not exist that
    day (skipped by a daylight-saving change); the first occurrence when it happens twice."""
    naive = datetime.combine(day, time(hour, minute))
    local = naive.replace(tzinfo=tz, fold=0)
    instant = local.astimezone(UTC)
    if instant.astimezone(tz).replace(tzinfo=None) != naive:
        return None
    return instant


def parse_cron(text: str, where: str = "cron") -> Cron:
    """Parse a five-field cron expression; `where` names the setting in error messages."""
    if not isinstance(text, str) or not text.strip():
        raise _error(where, text, "is empty; write five fields: minute hour day-of-month month day-of-week")
    expression = MACROS.get(text.strip().lower(), text.strip())
    if expression.startswith("@"):
        raise _error(where, text, f"is not a known macro; use one of: {', '.join(MACROS)}")
    parts = expression.split()
    if len(parts) != 5:
        raise _error(where, text, f"has {len(parts)} fields; write five: minute hour day-of-month month day-of-week "
                                  "(e.g. '0 7 * * MON')")
    values = [_field(part, spec, where, text) for part, spec in zip(parts, FIELDS)]
    weekdays = frozenset(v % 7 for v in values[4])
    cron = Cron(text=text.strip(), minutes=tuple(sorted(values[0])), hours=tuple(sorted(values[1])),
                days=frozenset(values[2]), months=frozenset(values[3]), weekdays=weekdays,
                either_day=not parts[2].startswith("*") and not parts[4].startswith("*"))
    if not cron.either_day and not any(d <= _longest(m) for m in cron.months for d in cron.days):
        raise _error(where, text, "never fires: no month in it has those days")
    return cron


def _longest(month: int) -> int:
    return 29 if month == 2 else calendar.monthrange(2001, month)[1]


def _field(part: str, spec: tuple, where: str, text: str) -> set[int]:
    name, low, high, names = spec
    out: set[int] = set()
    for item in part.split(","):
        body, _, step_text = item.partition("/")
        step = 1
        if step_text:
            if not step_text.isdigit() or int(step_text) < 1:
                raise _error(where, text, f"{name}: step {step_text!r} is not a whole number of 1 or more")
            step = int(step_text)
        if body == "*":
            first, last = low, high
        elif "-" in body:
            a, b = body.split("-", 1)
            first, last = _value(a, spec, where, text), _value(b, spec, where, text)
            if first > last:
                raise _error(where, text, f"{name}: range {body!r} runs backwards; write it low-high")
        else:
            first = _value(body, spec, where, text)
            last = high if step_text else first
        out.update(range(first, last + 1, step))
    return out


def _value(token: str, spec: tuple, where: str, text: str) -> int:
    name, low, high, names = spec
    key = token.strip().lower()
    if key in names:
        return names[key]
    if not key.isdigit():
        hint = f" or a name ({', '.join(n.upper() for n in names)})" if names else ""
        raise _error(where, text, f"{name}: {token!r} is not a number {low}-{high}{hint}")
    value = int(key)
    if not low <= value <= high:
        raise _error(where, text, f"{name}: {value} is outside {low}-{high}")
    return value


def _error(where: str, text, why: str) -> ConfigError:
    return ConfigError(f"setting {where!r}: cron {text!r} {why}")


def _aware(moment: datetime) -> datetime:
    """Naive datetimes are taken as UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment
