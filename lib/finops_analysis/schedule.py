"""Packs that run themselves: once, on time, and catching up.

`run_due` is what cron calls every few minutes. For each enabled schedule it looks at the
run times after the moment it last considered (state.json) up to `now`:

- the most recent of them is due (on a first call ever, the schedule's latest run time
  before `now`: installing the schedule builds the latest period of each pack);
- older ones were missed (the machine was off): they are recorded as `skipped`, and built
  only when asked, with `since` (every run time from that date on);
- a period whose latest attempt failed is retried at every call until it succeeds.

Each due (schedule, period) not yet built (schedule_ledger.is_built) is built once, through
the injected `builder` (packs.build_packs by default), and every attempt is appended to the
ledger. One lock around the whole call makes two calls at once safe: the second exits
without building (or waits, with `wait`).
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from datetime import date, datetime, time as clock_time, timedelta, timezone
from pathlib import Path
from typing import Callable, Sequence

from .config import Config
from .errors import FinopsError
from .schedule_config import Schedule
from .schedule_ledger import (append_record, iso, is_built, latest_records, load_state, make_record, read_ledger,
                              run_lock, save_state, who)

UTC = timezone.utc
# builder(kind, period, config, *, data_dir, out_dir, team, progress) -> runs with a .folder each
Builder = Callable[..., Sequence]


@dataclass(frozen=True)
class Job:
    """One (schedule, period) to build, and why: scheduled | catch-up | since | retry | missed."""
    schedule: Schedule
    period: str
    scheduled_for: datetime
    trigger: str


@dataclass(frozen=True)
class Plan:
    """What a run-due call does: the jobs to build (oldest first) and the missed runs it records."""
    jobs: tuple[Job, ...]
    missed: tuple[Job, ...]


@dataclass
class RunDueResult:
    """The records one run-due call appended, or who held the lock when it did nothing."""
    records: list[dict] = field(default_factory=list)
    locked_by: str | None = None

    @property
    def failed(self) -> int:
        return sum(r["outcome"] == "failed" for r in self.records)


def plan_runs(schedules: Sequence[Schedule], records: list[dict], state: dict[str, datetime], now: datetime,
              out_dir: str | Path, since: date | datetime | None = None) -> Plan:
    """The jobs due at `now` and the missed runs to record, from the ledger and the state.
    `since` (a date, read in each schedule's time zone, or an aware moment) adds every run
    from then on."""
    latest = latest_records(records)
    jobs: list[Job] = []
    missed: list[Job] = []
    for schedule in schedules:
        if not schedule.enabled:
            continue
        chosen: dict[str, Job] = {}
        if since is not None:                 # older runs asked for: each period once, its latest run
            for fire in schedule.runs_between(_start(since, schedule) - timedelta(microseconds=1), now):
                chosen[schedule.period_for(fire)] = Job(schedule, schedule.period_for(fire), fire, "since")
        last = state.get(schedule.name)
        if last is None:
            recent = schedule.last_run(now)
            window = [recent] if recent else []
        else:
            window = list(schedule.runs_between(last, now))
        if window:
            fire = window[-1]
            trigger = "scheduled" if last is not None and len(window) == 1 else "catch-up"
            chosen[schedule.period_for(fire)] = Job(schedule, schedule.period_for(fire), fire, trigger)
        for (name, period), record in latest.items():
            if name == schedule.name and record.get("outcome") == "failed" and period not in chosen:
                fire = datetime.fromisoformat(record["scheduled_for"])
                chosen[period] = Job(schedule, period, fire, "retry")
        jobs += [job for period, job in chosen.items() if not is_built(records, schedule.name, period, out_dir)]
        older: dict[str, Job] = {}
        for fire in window[:-1]:
            period = schedule.period_for(fire)
            if period not in chosen and (schedule.name, period) not in latest:
                older[period] = Job(schedule, period, fire, "missed")
        missed += older.values()
    order = lambda job: (job.scheduled_for, job.schedule.name)  # noqa: E731
    return Plan(jobs=tuple(sorted(jobs, key=order)), missed=tuple(sorted(missed, key=order)))


def _start(since: date | datetime, schedule: Schedule) -> datetime:
    if isinstance(since, datetime):
        return since if since.tzinfo else since.replace(tzinfo=UTC)
    return datetime.combine(since, clock_time(0), tzinfo=schedule.tz)


def run_due(schedules: Sequence[Schedule], config: Config, *, now: datetime | None = None,
            since: date | datetime | None = None, builder: Builder | None = None, data_dir: str | Path | None = None,
            out_dir: str | Path | None = None, wait: bool = False,
            progress: Callable[[str], None] | None = None) -> RunDueResult:
    """Build every due pack not yet built, record each attempt, and advance the state.
    Returns the records appended (none, with `locked_by` set, when another call holds the lock)."""
    if builder is None:
        from .packs import build_packs as builder
    say = progress or (lambda _: None)
    now = (now or datetime.now(UTC)).astimezone(UTC)
    out = Path(out_dir or config.out_dir).resolve()
    data = Path(data_dir or config.data_dir).resolve()
    with run_lock(out, wait=wait, on_wait=lambda h: say(f"waiting for another run-due to finish ({h}) ...")) as holder:
        if holder is not None:
            say(f"another run-due holds the lock ({holder}); nothing done")
            return RunDueResult(locked_by=holder)
        records = read_ledger(out)
        state = load_state(out)
        plan = plan_runs(schedules, records, state, now, out, since=since)
        result = RunDueResult()
        for job in plan.missed:
            record = _record(job, "skipped", error=(
                f"missed: nothing ran at {iso(job.scheduled_for)} (machine off?); only the latest missed run is "
                f"caught up. Build it with: finops schedule run-due --since {job.scheduled_for:%Y-%m-%d}"))
            append_record(out, record)
            result.records.append(record)
        if not plan.jobs:
            say(f"nothing due at {iso(now)}")
        for job in plan.jobs:
            record = _attempt(job, builder, config, data, out, say)
            append_record(out, record)
            result.records.append(record)
        # `now`, not the later of it and the old state: a drill with a future --now must not
        # silence the schedules until that date (anything it built stays built: is_built).
        state.update({schedule.name: now for schedule in schedules if schedule.enabled})
        save_state(out, state)
    return result


def _attempt(job: Job, builder: Builder, config: Config, data: Path, out: Path,
             say: Callable[[str], None]) -> dict:
    """Build one job and return its ledger record (failures are recorded, not raised)."""
    team = f" for {job.schedule.team}" if job.schedule.team else ""
    say(f"[{job.schedule.name}] building the {job.schedule.pack} pack for {job.period}{team} "
        f"({job.trigger}, run time {iso(job.scheduled_for)}) ...")
    started, clock = datetime.now(UTC), time.perf_counter()
    try:
        runs = builder(job.schedule.pack, job.period, config, data_dir=data, out_dir=out,
                       team=job.schedule.team, progress=say)
        paths = [_relative(Path(run.folder), out) for run in runs]
        if not paths:
            raise FinopsError("the build made no pack", hint="check that the data has teams for a showback pack")
    except Exception as exc:   # any failure is the run's outcome: record it, retry at the next call
        error = exc.render() if isinstance(exc, FinopsError) else f"{type(exc).__name__}: {exc}"
        say(f"[{job.schedule.name}] FAILED: {error}")
        return _record(job, "failed", started=started, seconds=time.perf_counter() - clock, error=error[:4000])
    seconds = time.perf_counter() - clock
    say(f"[{job.schedule.name}] built {', '.join(paths)} in {seconds:.1f} s")
    return _record(job, "success", started=started, seconds=seconds, paths=paths)


def _record(job: Job, outcome: str, *, started: datetime | None = None, seconds: float | None = None,
            paths: list[str] | None = None, error: str | None = None) -> dict:
    finished = datetime.now(UTC)
    return make_record(
        schedule=job.schedule.name, pack=job.schedule.pack, team=job.schedule.team, period=job.period,
        trigger=job.trigger, scheduled_for=iso(job.scheduled_for), started_at=iso(started or finished),
        finished_at=iso(finished), duration_seconds=round(seconds or 0.0, 3), outcome=outcome, who=who(),
        pid=os.getpid(), pack_paths=paths or [], error=error)


def _relative(folder: Path, out: Path) -> str:
    try:
        return folder.resolve().relative_to(out).as_posix()
    except ValueError:        # a builder that wrote elsewhere: keep the absolute path
        return str(folder.resolve())
