"""run-due driven with explicit `now` values through a fast builder: each due pack built
exactly once across a quarter boundary and a gap of missed runs, catch-up of the latest
missed run only (older ones with `since`), failed runs retried, the ledger's records, and
the lock (two processes at once: one builds)."""
from __future__ import annotations

import json
import subprocess
import sys
import time
from collections import Counter
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from types import SimpleNamespace

import pytest

from finops_analysis.errors import InputError
from finops_analysis.schedule import run_due
from finops_analysis.schedule_config import DEFAULTS, parse_schedules
from finops_analysis.schedule_ledger import (LEDGER_FIELDS, append_record, is_built, load_state, make_record,
                                             read_ledger, run_lock)
from tests.conftest import ROOT

UTC = timezone.utc


def at(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


class FastBuilder:
    """Stands in for packs.build_packs: writes OUT/KIND-PERIOD/manifest.json (one folder per
    team for a showback without a team) and remembers each call; fails for `failing`."""

    def __init__(self, failing=(), teams=("payments", "search")):
        self.calls: list[tuple] = []
        self.failing = set(failing)
        self.teams = teams

    def __call__(self, kind, period, config, *, data_dir, out_dir, team, progress):
        self.calls.append((kind, period, team))
        if (kind, period) in self.failing:
            raise InputError(f"no billing data for {period}", hint="wait for the provider's export")
        names = [f"{kind}-{period}"] if kind != "showback" else [
            f"{kind}-{period}/{t}" for t in ([team] if team else self.teams)]
        runs = []
        for name in names:
            folder = Path(out_dir) / name
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "manifest.json").write_text(json.dumps({"pack": name}))
            runs.append(SimpleNamespace(folder=folder))
        return runs


@pytest.fixture
def schedules():
    return parse_schedules({k: v for k, v in DEFAULTS.items() if k != "showback"})


def successes(out) -> Counter:
    return Counter((r["schedule"], r["period"]) for r in read_ledger(out) if r["outcome"] == "success")


def test_every_due_pack_built_once_across_a_quarter_boundary_and_a_gap(schedules, config):
    out, build = config.out_dir, FastBuilder()
    day = at(2026, 9, 21, 9, 0)
    while day < at(2026, 10, 10):                      # every morning through the quarter's end ...
        run_due(schedules, config, now=day, builder=build)
        day += timedelta(days=1)
    run_due(schedules, config, now=at(2026, 11, 19, 9, 0), builder=build)   # ... then off for six weeks
    run_due(schedules, config, now=at(2026, 11, 19, 9, 15), builder=build)
    built = successes(out)
    assert set(built.values()) == {1}                  # nothing built twice
    assert sorted(p for s, p in built if s == "monthly") == ["2026-08", "2026-09", "2026-10"]
    assert sorted(p for s, p in built if s == "quarterly") == ["2026Q2", "2026Q3"]
    # the gap missed five Mondays: only the latest (W46) is caught up, W41-W45 are skipped
    assert sorted(p for s, p in built if s == "pulse") == ["2026-W38", "2026-W39", "2026-W40", "2026-W46"]
    skipped = [(r["period"], r["scheduled_for"][:10]) for r in read_ledger(out) if r["outcome"] == "skipped"]
    assert skipped == [("2026-W41", "2026-10-12"), ("2026-W42", "2026-10-19"), ("2026-W43", "2026-10-26"),
                       ("2026-W44", "2026-11-02"), ("2026-W45", "2026-11-09")]
    assert len(build.calls) == sum(built.values())
    # asked for, the missed weeks are built, each once, and nothing else is rebuilt
    run_due(schedules, config, now=at(2026, 11, 20, 9, 0), since=date(2026, 10, 1), builder=build)
    run_due(schedules, config, now=at(2026, 11, 20, 9, 0), since=date(2026, 10, 1), builder=build)
    built = successes(out)
    assert set(built.values()) == {1} and len(build.calls) == len(built) == 14
    assert sorted(p for s, p in built if s == "pulse") == [f"2026-W{w}" for w in range(38, 47)]


def test_the_records_say_why_when_and_where(schedules, config):
    run_due(schedules, config, now=at(2026, 11, 4, 6, 0), builder=FastBuilder())     # first call: catch-up
    run_due(schedules, config, now=at(2026, 11, 4, 7, 5), builder=FastBuilder())     # the monthly run time
    records = read_ledger(config.out_dir)
    assert [(r["schedule"], r["period"], r["trigger"], r["scheduled_for"]) for r in records] == [
        ("monthly", "2026-09", "catch-up", "2026-10-05T07:00:00+00:00"),      # oldest run time first
        ("quarterly", "2026Q3", "catch-up", "2026-10-07T07:00:00+00:00"),
        ("pulse", "2026-W44", "catch-up", "2026-11-02T07:00:00+00:00"),
        ("monthly", "2026-10", "scheduled", "2026-11-04T07:00:00+00:00")]
    last = records[-1]
    assert list(last) == list(LEDGER_FIELDS)
    assert last["outcome"] == "success" and last["pack_paths"] == ["monthly-2026-10"] and last["error"] is None
    assert "@" in last["who"] and isinstance(last["pid"], int) and last["duration_seconds"] >= 0
    assert load_state(config.out_dir) == {name: at(2026, 11, 4, 7, 5) for name in ("monthly", "quarterly", "pulse")}


def test_a_failed_run_is_recorded_and_retried_at_the_next_call(schedules, config):
    flaky = FastBuilder(failing={("pulse", "2026-W46")})
    first = run_due(schedules, config, now=at(2026, 11, 16, 8, 0), builder=flaky)
    assert first.failed == 1
    failed = [r for r in first.records if r["outcome"] == "failed"]
    assert [(r["period"], r["pack_paths"]) for r in failed] == [("2026-W46", [])]
    assert "no billing data for 2026-W46" in failed[0]["error"] and "what to do" in failed[0]["error"]
    flaky.failing.clear()
    second = run_due(schedules, config, now=at(2026, 11, 16, 8, 15), builder=flaky)
    assert [(r["period"], r["trigger"], r["outcome"]) for r in second.records] == [("2026-W46", "retry", "success")]
    third = run_due(schedules, config, now=at(2026, 11, 16, 8, 30), builder=flaky)
    assert third.records == [] and third.failed == 0
    assert successes(config.out_dir)[("pulse", "2026-W46")] == 1


def test_a_pack_deleted_by_hand_is_not_built_and_since_rebuilds_it(schedules, config):
    build = FastBuilder()
    run_due(schedules, config, now=at(2026, 11, 16, 8, 0), builder=build)
    records = read_ledger(config.out_dir)
    assert is_built(records, "pulse", "2026-W46", config.out_dir)
    (config.out_dir / "pulse-2026-W46" / "manifest.json").unlink()
    assert not is_built(records, "pulse", "2026-W46", config.out_dir)
    run_due(schedules, config, now=at(2026, 11, 16, 9, 0), since=date(2026, 11, 16), builder=build)
    assert build.calls.count(("pulse", "2026-W46", None)) == 2


def test_a_showback_schedule_records_every_team_folder(config):
    showback = parse_schedules({"showback": {}, "payments": {"pack": "showback", "team": "payments"}})
    result = run_due(showback, config, now=at(2026, 11, 4, 9, 0), builder=FastBuilder())
    assert [(r["schedule"], r["team"], r["pack_paths"]) for r in result.records] == [
        ("payments", "payments", ["showback-2026-10/payments"]),
        ("showback", None, ["showback-2026-10/payments", "showback-2026-10/search"])]


def test_disabled_schedules_do_not_run(config):
    off = parse_schedules({"pulse": {"enabled": False}})
    assert run_due(off, config, now=at(2026, 11, 16, 8, 0), builder=FastBuilder()).records == []
    assert load_state(config.out_dir) == {}


def test_ledger_round_trip_ignores_a_line_cut_short(config):
    record = make_record(schedule="pulse", pack="pulse", period="2026-W44", outcome="success", pack_paths=["p"])
    append_record(config.out_dir, record)
    with open(config.out_dir / ".schedule" / "ledger.jsonl", "a") as handle:
        handle.write('{"schedule": "pul')                 # a crash in the middle of a write
    append_record(config.out_dir, {**record, "period": "2026-W45"})
    assert [r["period"] for r in read_ledger(config.out_dir)] == ["2026-W44", "2026-W45"]
    with pytest.raises(ValueError, match="outcome must be one of"):
        make_record(schedule="pulse", outcome="done")


def test_a_second_call_while_the_lock_is_held_does_nothing(schedules, config):
    with run_lock(config.out_dir) as holder:
        assert holder is None
        with run_lock(config.out_dir) as other:           # another open file description: a second caller
            assert other is not None and other.startswith("pid ")
        result = run_due(schedules, config, now=at(2026, 11, 16, 8, 0), builder=FastBuilder())
        assert result.locked_by and result.records == []
    assert read_ledger(config.out_dir) == []


SCRIPT = """
import dataclasses, sys, time
from datetime import datetime, timezone
from pathlib import Path
from types import SimpleNamespace
from finops_analysis.config import load_config
from finops_analysis.schedule import run_due
from finops_analysis.schedule_config import parse_schedules

out, mode, name = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
config = dataclasses.replace(load_config({root!r}), out_dir=out)

def held(kind, period, config, *, data_dir, out_dir, team, progress):
    (out / "building").touch()                 # the test starts the second process now ...
    deadline = time.time() + 60
    while not (out / "release").exists() and time.time() < deadline:
        time.sleep(0.05)                       # ... and lets this build finish when it has seen it
    folder = Path(out_dir) / f"{{kind}}-{{period}}"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "manifest.json").write_text("{{}}")
    return [SimpleNamespace(folder=folder)]

def say(line):
    with open(out / f"{{name}}.log", "a") as handle:
        handle.write(line + "\\n")

result = run_due(parse_schedules({{"pulse": {{}}}}), config, now=datetime(2026, 11, 16, 8, tzinfo=timezone.utc),
                 builder=held, wait=mode == "wait", progress=say)
print("LOCKED" if result.locked_by else f"BUILT {{len(result.records)}}")
"""


def wait_for(condition, seconds: float = 60.0) -> None:
    deadline = time.time() + seconds
    while not condition():
        assert time.time() < deadline, "timed out"
        time.sleep(0.05)


@pytest.mark.parametrize("mode", ["nowait", "wait"])
def test_two_processes_at_once_build_the_pack_once(tmp_path, mode):
    script, out = SCRIPT.format(root=str(ROOT / "finops.yaml")), tmp_path / "out"
    out.mkdir()
    start = lambda name: subprocess.Popen([sys.executable, "-c", script, str(out), mode, name],  # noqa: E731
                                          stdout=subprocess.PIPE, text=True, cwd=ROOT)
    first = start("first")
    wait_for(lambda: (out / "building").exists())              # the first holds the lock, mid-build
    second = start("second")
    if mode == "nowait":
        assert second.communicate(timeout=60)[0].strip() == "LOCKED"      # exits at once, builds nothing
    else:
        log = out / "second.log"
        wait_for(lambda: log.exists() and "waiting for another run-due" in log.read_text())
    (out / "release").touch()
    assert first.communicate(timeout=60)[0].strip() == "BUILT 1"
    if mode == "wait":
        assert second.communicate(timeout=60)[0].strip() == "BUILT 0"     # waited, then found it built
    assert [(r["period"], r["outcome"]) for r in read_ledger(out)] == [("2026-W46", "success")]
