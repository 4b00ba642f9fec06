"""`finops validate` on the committed sample and on broken copies of it (the foundation's
acceptance checks)."""
from __future__ import annotations

import shutil

import duckdb
import pytest

from tests.conftest import SAMPLE
from tests.e2e.test_cli import finops

pytestmark = pytest.mark.e2e
TARGET = "billing/aws/2026-10.parquet"


@pytest.fixture
def sample_copy(tmp_path):
    copy = tmp_path / "sample"
    shutil.copytree(SAMPLE, copy)
    return copy


def test_the_sample_passes_with_no_critical_failure(tmp_path):
    done = finops("validate", "--data", str(SAMPLE), "--docs", str(tmp_path / "docs"))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 critical failures" in done.stdout and "Result: PASSED" in done.stdout
    assert (tmp_path / "docs" / "index.html").is_file()


def test_a_file_without_billed_cost_fails_naming_file_and_column(sample_copy, tmp_path):
    path = sample_copy / TARGET
    con = duckdb.connect()
    con.execute(f"COPY (SELECT * EXCLUDE (BilledCost) FROM read_parquet('{path}')) TO '{tmp_path / 'x.parquet'}'")
    con.close()
    shutil.move(tmp_path / "x.parquet", path)
    done = finops("validate", "--data", str(sample_copy), "--docs", str(tmp_path / "docs"))
    assert done.returncode == 1
    assert f"file {TARGET}, column BilledCost: column missing" in done.stdout
    assert "Result: FAILED: 1 critical failure" in done.stdout


def test_a_billing_file_copied_twice_reports_the_duplicated_rows(sample_copy, tmp_path):
    rows = duckdb.connect().execute(f"SELECT count(*) FROM read_parquet('{sample_copy / TARGET}')").fetchone()[0]
    shutil.copy(sample_copy / TARGET, sample_copy / "billing" / "aws" / "2026-10-copy.parquet")
    done = finops("validate", "--data", str(sample_copy), "--docs", str(tmp_path / "docs"))
    assert done.returncode == 1
    assert "no charge row appears in two files" in done.stdout
    assert f"file {TARGET}: {rows:,} rows of {rows:,} also appear in billing/aws/2026-10-copy.parquet" in done.stdout
    assert "each billing file is present once" in done.stdout
