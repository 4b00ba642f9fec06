"""The rules a schedule applies to its fire times: which period a run reports (by name, from
`PERIOD_RULES`) and which fires are the Nth working day of their month.

A run time is read in the schedule's own time zone: the monthly pack run at 07:00 on
3 November in Europe/London reports October. Working days are Monday to Friday, minus the
schedule's holidays. Pure; no I/O.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Callable, Iterable

from .errors import ConfigError


@dataclass(frozen=True)
class PeriodRule:
    """Turns a run's local time into the label of the period it reports."""
    name: str
    unit: str                              # "month" | "quarter" | "week": what the label names
    label: Callable[[datetime], str]
    description: str


def previous_month(run: datetime) -> str:
    """'2026-10' for a run in November 2026."""
    last = run.date().replace(day=1) - timedelta(days=1)
    return f"{last:%Y-%m}"


def previous_quarter(run: datetime) -> str:
    """'2026Q3' for a run in October to December 2026 (calendar quarters)."""
    quarter = (run.month - 1) // 3          # 0-3: the quarter the run is in
    return f"{run.year}Q{quarter}" if quarter else f"{run.year - 1}Q4"


def previous_iso_week(run: datetime) -> str:
    """'2026-W44' for a run in ISO week 45 of 2026 (weeks run Monday to Sunday)."""
    year, week, _ = (run.date() - timedelta(days=7)).isocalendar()
    return f"{year}-W{week:02d}"


PERIOD_RULES: dict[str, PeriodRule] = {
    "previous_month": PeriodRule("previous_month", "month", previous_month,
                                 "the calendar month before the run (YYYY-MM)"),
    "previous_quarter": PeriodRule("previous_quarter", "quarter", previous_quarter,
                                   "the calendar quarter before the run (YYYYQn)"),
    "previous_iso_week": PeriodRule("previous_iso_week", "week", previous_iso_week,
                                    "the ISO week (Monday to Sunday) before the run (YYYY-Www)"),
}


def period_rule(name: str, where: str = "period") -> PeriodRule:
    """The rule registered under `name`; ConfigError listing the valid names otherwise."""
    try:
        return PERIOD_RULES[name]
    except (KeyError, TypeError):
        raise ConfigError(f"setting {where!r}: {name!r} is not a period rule; use one of: "
                          f"{', '.join(PERIOD_RULES)}") from None


def is_working_day(day: date, holidays: Iterable[date] = ()) -> bool:
    """Monday to Friday and not a holiday."""
    return day.weekday() < 5 and day not in set(holidays)


def working_day_number(day: date, holidays: Iterable[date] = ()) -> int:
    """Which working day of its month `day` is (1 = the first); 0 when it is not one."""
    holidays = set(holidays)
    if not is_working_day(day, holidays):
        return 0
    return sum(is_working_day(day.replace(day=d), holidays) for d in range(1, day.day + 1))


def nth_working_day(year: int, month: int, n: int, holidays: Iterable[date] = ()) -> date | None:
    """The `n`th working day of a month (None when the month has fewer)."""
    holidays = set(holidays)
    day, count = date(year, month, 1), 0
    while day.month == month:
        if is_working_day(day, holidays):
            count += 1
            if count == n:
                return day
        day += timedelta(days=1)
    return None
