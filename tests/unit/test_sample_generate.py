"""generate_sample: determinism, folder safety and the output layout (small, fast windows)."""
from __future__ import annotations

import pyarrow.parquet as pq
import pytest

from finops_analysis import schema
from finops_analysis.errors import InputError
from finops_analysis.sample import generate_sample
import finops_analysis.sample.create as create

SMALL = dict(months=2, end_month="2026-10", scale=0.2)


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    out = tmp_path_factory.mktemp("sample") / "a"
    return out, generate_sample(out, seed=7, **SMALL)


def test_same_seed_same_rows_and_totals(small, tmp_path):
    _, first = small
    again = generate_sample(tmp_path / "b", seed=7, **SMALL)
    assert again.rows_per_file == first.rows_per_file
    assert again.monthly_totals == first.monthly_totals
    assert (tmp_path / "b" / "budgets.csv").read_text() == (small[0] / "budgets.csv").read_text()
    assert (tmp_path / "b" / "README.md").read_text() == (small[0] / "README.md").read_text()


def test_other_seed_other_totals(small, tmp_path):
    other = generate_sample(tmp_path / "c", seed=8, **SMALL)
    assert other.monthly_totals["2026-10"] != small[1].monthly_totals["2026-10"]


def test_a_day_does_not_depend_on_how_long_the_window_is(small, tmp_path):
    # Random streams are seeded per day, so October is the same in a 1- and a 2-month sample.
    one = generate_sample(tmp_path / "d", seed=7, months=1, end_month="2026-10", scale=0.2)
    assert one.monthly_totals["2026-10"] == small[1].monthly_totals["2026-10"]


def test_layout_and_types(small):
    out, summary = small
    assert sorted(summary.files) == sorted(
        [f"billing/{p}/{m}.parquet" for p in ("aws", "azure", "gcp") for m in ("2026-09", "2026-10")]
        + ["ownership.csv", "usage_metrics.csv", "budgets.csv", "README.md"])
    table_schema = pq.read_schema(out / "billing" / "aws" / "2026-10.parquet")
    assert table_schema.names == [c.name for c in schema.COLUMNS]
    types = {f.name: str(f.type) for f in table_schema}
    assert types["BilledCost"] == "decimal128(18, 6)"
    assert types["ListUnitPrice"] == "decimal128(28, 10)"     # room for a $100M+ purchase (scale 3640)
    assert types["PricingQuantity"] == "decimal128(18, 6)"
    assert types["ChargePeriodStart"] == "timestamp[us, tz=UTC]"
    assert types["ServiceName"] == "dictionary<values=string, indices=int32, ordered=0>"
    assert summary.total_rows == sum(summary.rows_per_file.values())


def test_refuses_a_folder_that_is_not_a_sample(tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me")
    with pytest.raises(InputError, match="not empty and is not a previous sample"):
        generate_sample(folder, months=1, scale=0.05)
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]


def test_replaces_a_previous_sample(small, tmp_path):
    out = tmp_path / "s"
    generate_sample(out, months=1, scale=0.05, seed=1)
    summary = generate_sample(out, months=1, scale=0.05, seed=2)
    assert sorted(p.name for p in (out / "billing" / "aws").iterdir()) == ["2026-10.parquet"]
    assert summary.out_dir == out


def test_an_interrupted_run_leaves_the_previous_sample_in_place(tmp_path, monkeypatch):
    out = tmp_path / "s"
    generate_sample(out, months=1, scale=0.05, seed=1)
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}

    def broken(*args, **kwargs):
        raise RuntimeError("interrupted")

    monkeypatch.setattr(create, "render_readme", broken)
    with pytest.raises(RuntimeError, match="interrupted"):
        generate_sample(out, months=1, scale=0.05, seed=2)
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s"]      # no temporary folder left behind


@pytest.mark.parametrize("kwargs", [dict(months=0), dict(end_month="2026-13"), dict(scale=0)])
def test_bad_arguments_are_refused(tmp_path, kwargs):
    from finops_analysis.errors import ConfigError
    with pytest.raises(ConfigError):
        generate_sample(tmp_path / "x", **kwargs)
