"""The cron parser: exact next and previous fire times, day-of-month / day-of-week OR, names,
steps, macros, daylight-saving changes, and errors that name the setting."""
from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from finops_analysis.errors import ConfigError
from finops_analysis.schedule_cron import parse_cron

UTC = timezone.utc
LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")


def at(*args, tz=UTC) -> datetime:
    return datetime(*args, tzinfo=tz)


def fires(expression: str, start: datetime, count: int, tz=UTC) -> list[datetime]:
    cron, out, t = parse_cron(expression), [], start
    for _ in range(count):
        t = cron.next_after(t, tz)
        out.append(t)
    return out


def test_fields_lists_ranges_and_steps():
    cron = parse_cron("5/20 9-17/4 1,15,28-31 * *")
    assert cron.minutes == (5, 25, 45)
    assert cron.hours == (9, 13, 17)
    assert sorted(cron.days) == [1, 15, 28, 29, 30, 31]
    assert sorted(cron.months) == list(range(1, 13)) and sorted(cron.weekdays) == list(range(7))


def test_names_any_case_and_sunday_as_0_or_7():
    cron = parse_cron("0 0 * jan,JUL mon-Wed,7")
    assert sorted(cron.months) == [1, 7]
    assert sorted(cron.weekdays) == [0, 1, 2, 3]          # SUN (7) folds to 0
    assert parse_cron("@weekly").weekdays == frozenset({0}) and parse_cron("@hourly").minutes == (0,)


def test_next_skips_the_weekend():
    # Friday 2026-11-06 17:50 -> the next quarter-hour in office hours is Monday 09:00
    assert fires("*/15 9-17 * * MON-FRI", at(2026, 11, 6, 17, 50), 2) == [at(2026, 11, 9, 9, 0), at(2026, 11, 9, 9, 15)]


def test_day_of_month_or_day_of_week_when_both_are_restricted():
    # 1st and 15th of the month, or any Monday: Nov 2026 starts on a Sunday
    assert [t.date() for t in fires("0 7 1,15 * MON", at(2026, 11, 1, 8, 0), 5)] == [
        date(2026, 11, 2), date(2026, 11, 9), date(2026, 11, 15), date(2026, 11, 16), date(2026, 11, 23)]


def test_day_of_month_and_day_of_week_when_either_starts_with_a_star():
    # '*/2' starts with '*': both fields must match (Vixie cron): odd days that are Mondays
    assert [t.date() for t in fires("0 7 */2 * MON", at(2026, 11, 1), 3)] == [
        date(2026, 11, 9), date(2026, 11, 23), date(2026, 12, 7)]
    assert [t.date() for t in fires("0 7 * * MON", at(2026, 11, 1), 2)] == [date(2026, 11, 2), date(2026, 11, 9)]


def test_previous_is_strictly_before():
    cron = parse_cron("0 7 * * MON")
    assert cron.previous_before(at(2026, 11, 9, 7, 0), UTC) == at(2026, 11, 2, 7, 0)
    assert cron.previous_before(at(2026, 11, 9, 7, 0, 1), UTC) == at(2026, 11, 9, 7, 0)
    assert cron.next_after(at(2026, 11, 9, 7, 0), UTC) == at(2026, 11, 16, 7, 0)


def test_times_are_read_in_the_time_zone():
    # 07:00 in London is 07:00 UTC in winter and 06:00 UTC in summer
    cron = parse_cron("0 7 * * *")
    assert cron.next_after(at(2026, 1, 10), LONDON) == at(2026, 1, 10, 7, 0)
    assert cron.next_after(at(2026, 7, 10), LONDON) == at(2026, 7, 10, 6, 0)
    assert cron.next_after(at(2026, 7, 10), NEW_YORK) == at(2026, 7, 10, 11, 0)


def test_a_local_time_skipped_in_spring_does_not_fire():
    # London skips 01:00-02:00 on 2026-03-29: 01:30 that day does not exist
    assert fires("30 1 * * *", at(2026, 3, 28, 0, 0), 3, LONDON) == [
        at(2026, 3, 28, 1, 30), at(2026, 3, 30, 0, 30), at(2026, 3, 31, 0, 30)]
    # New York skips 02:00-03:00 on 2026-03-08
    assert fires("0 2 * * *", at(2026, 3, 7, 12), 2, NEW_YORK) == [at(2026, 3, 9, 6, 0), at(2026, 3, 10, 6, 0)]


def test_a_local_time_repeated_in_autumn_fires_once():
    # London repeats 01:00-02:00 on 2026-10-25: 01:30 fires at its first occurrence (BST) only
    assert fires("30 1 * * *", at(2026, 10, 24, 12), 3, LONDON) == [
        at(2026, 10, 25, 0, 30), at(2026, 10, 26, 1, 30), at(2026, 10, 27, 1, 30)]
    cron = parse_cron("30 1 * * *")
    # between the two occurrences, the previous fire is the first one and the next is tomorrow
    assert cron.previous_before(at(2026, 10, 25, 1, 45), LONDON) == at(2026, 10, 25, 0, 30)
    assert cron.next_after(at(2026, 10, 25, 0, 45), LONDON) == at(2026, 10, 26, 1, 30)
    # every quarter-hour through the repeated hour: each wall-clock time once
    quarter = fires("*/15 1 25 10 *", at(2026, 10, 24, 23, 0), 4, LONDON)
    assert quarter == [at(2026, 10, 25, 0, minute) for minute in (0, 15, 30, 45)]
    assert parse_cron("*/15 1 25 10 *").next_after(quarter[-1], LONDON) == at(2027, 10, 25, 0, 0)


def test_fires_between_is_exclusive_then_inclusive():
    cron = parse_cron("0 7 * * MON")
    got = list(cron.fires_between(at(2026, 11, 2, 7, 0), at(2026, 11, 16, 7, 0), UTC))
    assert got == [at(2026, 11, 9, 7, 0), at(2026, 11, 16, 7, 0)]


def test_29_february_is_found_years_ahead():
    assert parse_cron("0 0 29 2 *").next_after(at(2026, 3, 1), UTC) == at(2028, 2, 29, 0, 0)


@pytest.mark.parametrize("text, message", [
    ("", "is empty"),
    ("0 7 * *", "has 4 fields"),
    ("60 * * * *", "minute: 60 is outside 0-59"),
    ("0 24 * * *", "hour: 24 is outside 0-23"),
    ("0 7 * * FUNDAY", "day of week: 'FUNDAY' is not a number 0-7 or a name (SUN"),
    ("0 7 10-1 * *", "range '10-1' runs backwards"),
    ("*/0 * * * *", "step '0' is not a whole number"),
    ("0 0 30 2 *", "never fires"),
    ("@often", "is not a known macro"),
])
def test_bad_expressions_name_the_setting_and_the_problem(text, message):
    with pytest.raises(ConfigError) as err:
        parse_cron(text, "schedules.monthly.cron")
    assert "setting 'schedules.monthly.cron'" in str(err.value) and message in str(err.value)
