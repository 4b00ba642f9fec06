"""`finops schedule list | run-due | cron` through schedule_cli's parser (the same one cli.py
registers): what they print and their exit status."""
from __future__ import annotations

import argparse

import pytest
import yaml

from finops_analysis.schedule_cli import add_parser, main, parse_moment
from finops_analysis.schedule_ledger import read_ledger
from tests.conftest import ROOT


@pytest.fixture
def project(tmp_path, config):
    """A finops.yaml in tmp_path with two schedules, an empty data folder and OUT in tmp_path."""
    (tmp_path / "data" / "billing").mkdir(parents=True)
    raw = {**config.raw, "data_dir": "data", "out_dir": "out",
           "schedules": {"monthly": {"timezone": "Europe/London"},
                         "pulse": {"cron": "0 7 * * MON", "period": "previous_iso_week"}}}
    path = tmp_path / "finops.yaml"
    path.write_text(yaml.safe_dump(raw))
    return path


def run(project, *args) -> int:
    return main(["--config", str(project), "schedule", *args])


def test_the_parser_registers_three_commands():
    parser = argparse.ArgumentParser(prog="finops")
    add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["schedule", "run-due", "--now", "2026-11-04T07:30:00Z", "--since", "2026-10-01",
                              "--wait"])
    assert (args.schedule_command, args.now, args.since, args.wait) == ("run-due", "2026-11-04T07:30:00Z",
                                                                        "2026-10-01", True)
    assert parser.parse_args(["schedule", "list"]).func.__name__ == "cmd_list"
    assert parser.parse_args(["schedule", "cron"]).func.__name__ == "cmd_cron"


def test_list_shows_next_runs_in_local_time_and_utc(project, capsys):
    assert run(project, "list", "--now", "2026-05-30T12:00") == 0
    text = capsys.readouterr().out
    assert "monthly: the monthly pack, 0 7 1-10 * *, 3rd working day (Europe/London), reporting previous_month" in text
    assert "next run reports 2026-05" in text
    assert "Wed 2026-06-03 07:00 BST   (2026-06-03 06:00 UTC)" in text          # 3rd working day of June
    assert "Mon 2026-06-01 07:00 UTC" in text and "last run: none yet" in text


def test_run_due_exits_1_when_a_build_fails_and_list_shows_it(project, capsys):
    # the data folder has no billing files: the real pack builder fails with a message
    assert run(project, "run-due", "--now", "2026-11-04T09:00:00+00:00") == 1
    out = capsys.readouterr()
    assert "failed  monthly 2026-10 (catch-up)" in out.out and "failed  pulse 2026-W44 (catch-up)" in out.out
    assert "retried at the next run-due" in out.err
    records = read_ledger(project.parent / "out")
    assert [(r["schedule"], r["outcome"]) for r in records] == [("pulse", "failed"), ("monthly", "failed")]
    assert "billing/ holds no .parquet, .csv or .csv.gz files" in records[1]["error"] and records[0]["error"]
    assert run(project, "list", "--now", "2026-11-04T09:00") == 0
    assert "last run: failed for 2026-10" in capsys.readouterr().out


def test_cron_prints_a_crontab_line_and_systemd_units_with_absolute_paths(project, capsys):
    assert run(project, "cron") == 0
    text = capsys.readouterr().out
    root = project.parent
    line = next(x for x in text.splitlines() if x.startswith("*/15 "))
    assert line.startswith(f"*/15 * * * * cd {root} && mkdir -p {root}/out/.schedule && ")
    assert f"finops --config {project} schedule run-due >> {root}/out/.schedule/cron.log 2>&1" in line
    assert "[Timer]\nOnCalendar=*:0/15\nPersistent=true" in text and f"WorkingDirectory={root}" in text
    assert run(project, "cron", "--every", "90") == 1


def test_moments_and_bad_input():
    assert parse_moment("2026-11-04T07:30").isoformat() == "2026-11-04T07:30:00+00:00"      # naive is UTC
    assert parse_moment("2026-11-04T07:30+01:00").isoformat() == "2026-11-04T07:30:00+01:00"
    assert parse_moment(None) is None
    with pytest.raises(Exception, match="is not an ISO 8601 timestamp"):
        parse_moment("next tuesday")


def test_a_bad_schedule_is_an_error_message_not_a_traceback(project, capsys):
    raw = yaml.safe_load(project.read_text())
    project.write_text(yaml.safe_dump({**raw, "schedules": {"pulse": {"cron": "0 7 * * FUNDAY"}}}))
    assert run(project, "list") == 1
    err = capsys.readouterr().err
    assert err.startswith("error: setting 'schedules.pulse.cron'") and str(project) in err


def test_the_module_runs_on_its_own():
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "finops_analysis.schedule_cli", "schedule", "--help"],
                          capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0 and "run-due" in done.stdout and "cron" in done.stdout
