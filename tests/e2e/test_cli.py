"""The `finops` command as a user runs it: real subprocesses, exit status and messages."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, row, write_csv

pytestmark = pytest.mark.e2e
FINOPS = [sys.executable, "-m", "finops_analysis"]


def finops(*args, cwd=ROOT, env=None):
    return subprocess.run([*FINOPS, *args], cwd=cwd, capture_output=True, text=True, timeout=600,
                          env={**os.environ, **(env or {})})


def test_help_is_fast_and_lists_commands():
    started = time.perf_counter()
    done = finops("--help")
    elapsed = time.perf_counter() - started
    assert done.returncode == 0
    for command in ("validate", "summary", "sample"):
        assert command in done.stdout
    # Not a benchmark (bench/ measures that); a guard against importing pandas or GX at start-up.
    assert "great_expectations" not in subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "finops_analysis", "--help"],
        capture_output=True, text=True, cwd=ROOT).stderr
    assert elapsed < 30


def test_validate_passes_and_fails_with_exit_status(tmp_path):
    data = tmp_path / "data"
    write_csv(data / "billing" / "a.csv", [row(ResourceId="r1"), row(ResourceId="r2")])
    ok = finops("validate", "--data", str(data), "--docs", str(tmp_path / "docs"))
    assert ok.returncode == 0, ok.stderr
    assert "Result: PASSED" in ok.stdout and "budgets.csv: absent (optional)" in ok.stdout

    write_csv(data / "billing" / "b.csv", [{k: v for k, v in row(ResourceId="r3").items() if k != "BilledCost"}])
    bad = finops("validate", "--data", str(data), "--docs", str(tmp_path / "docs"))
    assert bad.returncode == 1
    assert "CRITICAL" in bad.stdout and "file billing/b.csv, column BilledCost: column missing" in bad.stdout
    assert "Traceback" not in bad.stdout + bad.stderr


@pytest.mark.parametrize("args, message", [
    (["validate", "--data", "/nonexistent/folder"], "data folder not found"),
    (["summary", "--data", "/nonexistent/folder"], "data folder not found"),
])
def test_user_mistakes_give_a_message_not_a_traceback(args, message):
    done = finops(*args)
    assert done.returncode == 1
    assert message in done.stderr and "what to do:" in done.stderr and "Traceback" not in done.stderr


def test_bad_config_names_the_file_and_key(tmp_path):
    cfg = tmp_path / "finops.yaml"
    cfg.write_text("currency: dollars\n")
    done = finops("--config", str(cfg), "summary")
    assert done.returncode == 1
    assert "currency" in done.stderr and str(cfg) in done.stderr and "Traceback" not in done.stderr


def test_config_is_taken_after_the_command_too(tmp_path):
    cfg = tmp_path / "elsewhere" / "finops.yaml"      # kept with the data, away from the checkout
    cfg.parent.mkdir()
    cfg.write_text("currency: EUR\n")
    data = tmp_path / "data"
    write_csv(data / "billing" / "a.csv", [row(ResourceId="r1")])
    done = finops("validate", "--data", str(data), "--docs", str(tmp_path / "docs"), "--config", str(cfg))
    # the suites come from the checkout; the currency from this file: USD rows now fail it
    assert done.returncode == 1 and "BillingCurrency" in done.stdout, done.stdout + done.stderr
    assert "Traceback" not in done.stderr


def test_summary_of_a_billing_only_folder(tmp_path):
    data = tmp_path / "data"
    write_csv(data / "billing" / "a.csv", [row(ResourceId="r1", BilledCost="10.25", EffectiveCost="9.75"),
                                           row(ResourceId="r2", BilledCost="1.00", EffectiveCost="1.00", Tags=None)])
    done = finops("summary", "--data", str(data))
    assert done.returncode == 0, done.stderr
    assert "AWS" in done.stdout and "11.25" in done.stdout and "10.75" in done.stdout
    assert "ownership.csv: absent" in done.stdout
    assert "tag compliance" in done.stdout and "90.7% of cost" in done.stdout


def test_run_writes_the_executed_notebook_and_html(tmp_path):
    done = finops("run", "tests/fixtures/notebooks/10_hello.ipynb", "-p", "rows", "2", "--out", str(tmp_path / "run"))
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "run" / "10_hello.ipynb").is_file() and (tmp_path / "run" / "10_hello.html").is_file()
    html = (tmp_path / "run" / "10_hello.html").read_text()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script" not in html


def test_run_with_an_undeclared_parameter_lists_the_declared_ones(tmp_path):
    done = finops("run", "tests/fixtures/notebooks/10_hello.ipynb", "-p", "colour", "red", "--out", str(tmp_path / "r"))
    assert done.returncode == 1
    assert "has no parameter colour" in done.stderr and "rows (int, default 3)" in done.stderr
    assert not (tmp_path / "r").exists()
