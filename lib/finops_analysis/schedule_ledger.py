"""What the scheduler remembers, under OUT/.schedule/: the run ledger, the state file and
the lock.

- `ledger.jsonl`: append-only JSON Lines, one record per attempt (LEDGER_FIELDS): schedule,
  pack kind, team, period, trigger, scheduled/started/finished times (UTC, ISO 8601),
  duration, outcome (success | failed | skipped), who (user@host) and pid, the pack folders
  (relative to OUT) and the error. A line cut short by a crash is ignored when read.
- `state.json`: per schedule, the latest moment `run-due` has considered, so the next call
  looks only at fire times after it. Written whole and renamed into place.
- `run-due.lock`: an exclusive fcntl.flock held for a whole `run-due`, so two calls started
  at once never build the same pack; the file holds the holder's pid. The lock dies with
  its process, so a killed run never leaves it stuck.
"""
from __future__ import annotations

import contextlib
import getpass
import json
import os
import socket
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterator

from .errors import FinopsError

FOLDER = ".schedule"
LEDGER_FIELDS = ("schedule", "pack", "team", "period", "trigger", "scheduled_for", "started_at", "finished_at",
                 "duration_seconds", "outcome", "who", "pid", "pack_paths", "error")
OUTCOMES = ("success", "failed", "skipped")


def schedule_folder(out_dir: str | Path) -> Path:
    """OUT/.schedule: the ledger, the state, the lock and cron's log."""
    return Path(out_dir) / FOLDER


def iso(moment: datetime | None) -> str | None:
    """An aware datetime as ISO 8601 in UTC, to the second ('2026-11-04T07:00:00+00:00')."""
    if moment is None:
        return None
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")


def who() -> str:
    """user@host of this process."""
    try:
        user = getpass.getuser()
    except Exception:        # no user name in a bare container: the uid still says who
        user = str(os.getuid())
    return f"{user}@{socket.gethostname()}"


def make_record(**fields) -> dict:
    """A ledger record with every field of LEDGER_FIELDS, in that order (missing ones None)."""
    unknown = set(fields) - set(LEDGER_FIELDS)
    if unknown:
        raise ValueError(f"not ledger fields: {', '.join(sorted(unknown))}")
    if fields.get("outcome") not in OUTCOMES:
        raise ValueError(f"outcome must be one of {OUTCOMES}, got {fields.get('outcome')!r}")
    return {name: fields.get(name) for name in LEDGER_FIELDS}


def append_record(out_dir: str | Path, record: dict) -> None:
    """Append one record to OUT/.schedule/ledger.jsonl and flush it to disk."""
    path = schedule_folder(out_dir) / "ledger.jsonl"
    path.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps(record, default=str) + "\n"
    with open(path, "a+b") as handle:
        if handle.tell() > 0:
            handle.seek(-1, os.SEEK_END)
            if handle.read(1) != b"\n":        # a line cut short by a crash: end it, keep this record whole
                line = "\n" + line
        handle.write(line.encode("utf-8"))
        handle.flush()
        os.fsync(handle.fileno())


def read_ledger(out_dir: str | Path) -> list[dict]:
    """Every record of the ledger, oldest first ([] when there is none yet)."""
    path = schedule_folder(out_dir) / "ledger.jsonl"
    if not path.is_file():
        return []
    records = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            try:
                record = json.loads(line)
            except json.JSONDecodeError:      # a line cut short by a crash or a full disk
                continue
            if isinstance(record, dict):
                records.append(record)
    return records


def is_built(records: list[dict], schedule: str, period: str, out_dir: str | Path) -> bool:
    """True when the ledger has a success for (schedule, period) and each of its pack
    folders still holds its manifest.json (a pack deleted by hand counts as not built)."""
    for record in records:
        if record.get("schedule") == schedule and record.get("period") == period and record.get("outcome") == "success":
            paths = record.get("pack_paths") or []
            if paths and all((Path(out_dir) / p / "manifest.json").is_file() for p in paths):
                return True
    return False


def latest_records(records: list[dict]) -> dict[tuple[str, str], dict]:
    """The latest record of each (schedule, period)."""
    out: dict[tuple[str, str], dict] = {}
    for record in records:
        out[(record.get("schedule"), record.get("period"))] = record
    return out


def load_state(out_dir: str | Path) -> dict[str, datetime]:
    """schedule name -> the latest moment run-due has considered for it."""
    path = schedule_folder(out_dir) / "state.json"
    if not path.is_file():
        return {}
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError:
        raise FinopsError("the scheduler's state file is not valid JSON", file=path,
                          hint="delete it: the next run-due catches up the latest run of each schedule") from None
    return {name: datetime.fromisoformat(value) for name, value in (raw.get("considered_through") or {}).items()}


def save_state(out_dir: str | Path, state: dict[str, datetime]) -> None:
    """Write state.json whole: to a temporary file renamed into place."""
    folder = schedule_folder(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f".state-{os.getpid()}.json"
    tmp.write_text(json.dumps({"considered_through": {k: iso(v) for k, v in sorted(state.items())}}, indent=2))
    os.replace(tmp, folder / "state.json")


@contextlib.contextmanager
def run_lock(out_dir: str | Path, wait: bool = False,
             on_wait: Callable[[str], None] | None = None) -> Iterator[str | None]:
    """Hold OUT/.schedule/run-due.lock. Yields None when this process holds it. When another
    process holds it: with `wait`, calls on_wait(holder) and blocks until it is free;
    otherwise yields the holder's description at once."""
    import fcntl

    folder = schedule_folder(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "run-due.lock", "a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            if not wait:
                yield holder
                return
            if on_wait:
                on_wait(holder)
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            handle.seek(0)
            handle.truncate()
            handle.write(f"pid {os.getpid()} ({who()}) since {iso(datetime.now(timezone.utc))}\n")
            handle.flush()
            yield None
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
