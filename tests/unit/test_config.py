"""finops.yaml: defaults, the project's file, and clear errors that name the key."""
from __future__ import annotations

import pytest

from finops_analysis.config import load_config
from finops_analysis.errors import ConfigError
from tests.conftest import ROOT


def write(tmp_path, text):
    path = tmp_path / "finops.yaml"
    path.write_text(text)
    return path


def test_project_config_reads():
    cfg = load_config(ROOT / "finops.yaml")
    assert cfg.currency == "USD" and cfg.fiscal_year_start_month == 2
    assert cfg.required_tags == ("team", "environment", "product")
    assert cfg.tag_key("environment").value_aliases["production"] == "prod"
    assert [p.name for p in cfg.pools][:3] == ["commitment purchases", "unused commitments", "tax"]
    assert dict(next(p for p in cfg.pools if p.rule == "weights").weights)["checkout"] == 8.0
    assert cfg.section("forecast")["horizon_months"] == 3 and cfg.section("nothing") == {}


def test_project_folders_come_from_the_checkout_unless_the_config_has_its_own(tmp_path):
    cfg = load_config(write(tmp_path, ""))
    assert cfg.project_path("notebooks") == ROOT / "notebooks"
    assert (cfg.project_path("reports", "templates") / "finops_report").is_dir()
    (tmp_path / "expectations").mkdir()
    assert cfg.project_path("expectations") == tmp_path / "expectations"


def test_defaults_without_a_file(tmp_path):
    cfg = load_config(write(tmp_path, ""))
    assert cfg.currency == "USD" and cfg.pools == () and cfg.data_dir == tmp_path / "data" / "sample"


@pytest.mark.parametrize("text, key", [
    ("currency: dollars", "currency"),
    ("fiscal_year_start_month: 13", "fiscal_year_start_month"),
    ("validation: {batch_rows: 10}", "validation.batch_rows"),
    ("tags: {required: [team, cost], keys: {team: {}}}", "tags.required"),
    ("allocation: {shared_pools: [{name: a, match: {team: [x]}, rule: magic}]}", "allocation.shared_pools[0].rule"),
    ("allocation: {shared_pools: [{name: a, match: {Colour: [x]}}]}", "allocation.shared_pools[0].match"),
    ("allocation: {shared_pools: [{name: a, match: {team: [x]}, rule: weights}]}", "allocation.shared_pools[0].weights"),
    ("allocation: {shared_pools: [{name: a, match: {team: [x]}, rule: driver}]}", "allocation.shared_pools[0].driver"),
    ("allocation: {shared_pools: [{name: a, match: {team: [x]}}, {name: a, match: {team: [y]}}]}", "allocation.shared_pools[1]"),
    ("currency: [", "not valid YAML"),
])
def test_bad_settings_name_the_key_and_the_file(tmp_path, text, key):
    with pytest.raises(ConfigError) as err:
        load_config(write(tmp_path, text))
    assert key in str(err.value) and "finops.yaml" in str(err.value)


def test_unknown_pool_rule_lists_the_valid_ones(tmp_path):
    with pytest.raises(ConfigError, match="proportional, even, weights, driver"):
        load_config(write(tmp_path, "allocation: {shared_pools: [{name: a, match: {team: [x]}, rule: magic}]}"))
