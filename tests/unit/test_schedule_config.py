"""Schedules from finops.yaml: working days, period rules, defaults and the errors that name
the key."""
from __future__ import annotations

import dataclasses
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

import pytest
import yaml

from finops_analysis.config import load_config
from finops_analysis.errors import ConfigError
from finops_analysis.schedule_config import DEFAULTS, load_schedules, parse_schedules
from finops_analysis.schedule_rules import (PERIOD_RULES, nth_working_day, period_rule, previous_iso_week,
                                            previous_month, previous_quarter, working_day_number)

UTC = timezone.utc


def at(*args, tz=UTC) -> datetime:
    return datetime(*args, tzinfo=tz)


def one(**settings):
    return parse_schedules({"s": settings})[0]


def test_nth_working_day_skips_weekends_and_holidays():
    assert nth_working_day(2026, 11, 3) == date(2026, 11, 4)           # Sun 1st: Mon 2, Tue 3, Wed 4
    assert nth_working_day(2026, 11, 3, holidays=[date(2026, 11, 3)]) == date(2026, 11, 5)
    assert nth_working_day(2026, 2, 25) is None                       # February has 20 working days
    assert working_day_number(date(2026, 10, 5)) == 3                 # Thu 1, Fri 2, Mon 5
    assert working_day_number(date(2026, 10, 4)) == 0                 # a Sunday is no working day


def test_the_monthly_default_runs_on_the_third_working_day_of_each_month():
    monthly = one(pack="monthly", timezone="Europe/London")
    runs = list(monthly.runs_between(at(2025, 12, 31), at(2026, 12, 31)))
    assert [t.astimezone(ZoneInfo("Europe/London")).date() for t in runs] == [
        date(2026, 1, 5), date(2026, 2, 4), date(2026, 3, 4), date(2026, 4, 3), date(2026, 5, 5), date(2026, 6, 3),
        date(2026, 7, 3), date(2026, 8, 5), date(2026, 9, 3), date(2026, 10, 5), date(2026, 11, 4), date(2026, 12, 3)]
    assert runs[0] == at(2026, 1, 5, 7, 0) and runs[5] == at(2026, 6, 3, 6, 0)     # 07:00 London, GMT then BST


def test_holidays_move_the_working_day():
    monthly = one(pack="monthly", holidays=["2026-12-01", date(2026, 12, 2)])
    assert monthly.next_runs(at(2026, 11, 30), 1) == [at(2026, 12, 7, 7, 0)]   # Thu 3, Fri 4, Mon 7
    assert monthly.last_run(at(2026, 12, 6)) == at(2026, 11, 4, 7, 0)


def test_period_rules_read_the_run_in_its_time_zone():
    assert previous_month(at(2027, 1, 5, 7)) == "2026-12"
    assert previous_quarter(at(2026, 4, 7, 7)) == "2026Q1" and previous_quarter(at(2027, 1, 7, 7)) == "2026Q4"
    assert previous_quarter(at(2026, 12, 31, 23)) == "2026Q3"
    assert previous_iso_week(at(2027, 1, 4, 7)) == "2026-W53"        # 2026 has 53 ISO weeks
    assert previous_iso_week(at(2026, 1, 5, 7)) == "2026-W01"
    # 00:30 UTC on 1 November is still 31 October in New York: the run reports September there
    run = at(2026, 11, 1, 0, 30)
    assert one(pack="monthly", cron="30 * * * *").period_for(run) == "2026-10"
    assert one(pack="monthly", cron="30 * * * *", timezone="America/New_York").period_for(run) == "2026-09"


def test_defaults_and_a_schedule_named_after_its_pack(config):
    without = dataclasses.replace(config, raw={k: v for k, v in config.raw.items() if k != "schedules"})
    assert [s.name for s in load_schedules(without)] == list(DEFAULTS)     # no schedules: section, the defaults
    pulse, = parse_schedules({"pulse": None})
    assert (pulse.pack, pulse.cron.text, pulse.period_rule.name, pulse.timezone) == (
        "pulse", "0 7 * * MON", "previous_iso_week", "UTC")
    assert parse_schedules({}) == ()
    custom = one(pack="monthly", cron="0 6 2 * *")                          # own cron: no working-day filter
    assert custom.working_day is None and custom.next_runs(at(2026, 11, 30), 1) == [at(2026, 12, 2, 6, 0)]


def test_an_empty_section_turns_the_schedules_off(config, tmp_path):
    path = tmp_path / "finops.yaml"
    path.write_text(yaml.safe_dump({**config.raw, "schedules": {}}))
    assert load_schedules(load_config(path)) == ()


def test_showback_for_one_team_and_a_disabled_schedule():
    payments, = parse_schedules({"payments-showback": {"pack": "showback", "team": "payments", "enabled": False}})
    assert (payments.team, payments.enabled, payments.working_day) == ("payments", False, 3)


@pytest.mark.parametrize("settings, message", [
    ({"pack": "weekly"}, "setting 'schedules.s.pack': 'weekly' is not a pack kind; use one of: monthly, quarterly"),
    ({}, "setting 'schedules.s.pack': None is not a pack kind"),
    ({"pack": "pulse", "period": "previous_month"},
     "setting 'schedules.s.period': previous_month reports a month, but a pulse pack reports a week; "
     "use previous_iso_week"),
    ({"pack": "monthly", "period": "last_month"}, "setting 'schedules.s.period': 'last_month' is not a period rule"),
    ({"pack": "monthly", "timezone": "Europe/Londres"}, "setting 'schedules.s.timezone': 'Europe/Londres' is not"),
    ({"pack": "monthly", "when": "daily"}, "setting 'schedules.s.when' is not a schedule setting"),
    ({"pack": "monthly", "working_day": 0}, "setting 'schedules.s.working_day': 0 is not a whole number 1-20"),
    ({"pack": "monthly", "holidays": ["25 Dec"]}, "setting 'schedules.s.holidays': '25 Dec' is not a date"),
    ({"pack": "pulse", "team": "payments"}, "setting 'schedules.s.team': only a showback schedule takes a team"),
    ({"pack": "monthly", "enabled": "yes"}, "setting 'schedules.s.enabled': 'yes' is not true or false"),
    ({"pack": "monthly", "cron": "0 7 * *"}, "setting 'schedules.s.cron': cron '0 7 * *' has 4 fields"),
    # the 3rd working day can fall on the 5th: a cron firing on days 1-3 misses it
    ({"pack": "monthly", "cron": "0 7 1-3 * *", "working_day": 3},
     "setting 'schedules.s.cron': '0 7 1-3 * *' does not fire on"),
])
def test_bad_settings_name_the_key(settings, message):
    with pytest.raises(ConfigError) as err:
        parse_schedules({"s": settings})
    assert message in str(err.value)


def test_errors_from_finops_yaml_name_the_file(config, tmp_path):
    path = tmp_path / "finops.yaml"
    path.write_text(yaml.safe_dump({**config.raw, "schedules": {"monthly": {"cron": "bad"}}}))
    with pytest.raises(ConfigError) as err:
        load_schedules(load_config(path))
    assert f"file {path}" in str(err.value) and "schedules.monthly.cron" in str(err.value)
    with pytest.raises(ConfigError, match="a schedule name holds only"):
        parse_schedules({"month ly": {}})
    with pytest.raises(ConfigError, match="setting 'schedules' must be a mapping"):
        load_schedules(dataclasses.replace(config, raw={"schedules": ["monthly"]}))


def test_unknown_period_rule_lists_the_rules():
    with pytest.raises(ConfigError) as err:
        period_rule("weekly")
    assert all(name in str(err.value) for name in PERIOD_RULES)
