import pandas as pd
import pytest

from finops_analysis.errors import ConfigError
from finops_analysis.tables import caption, cost_column, with_meta


def test_a_table_says_its_grain_basis_and_currency():
    frame = pd.DataFrame({"team": ["a"], "effective_cost": [1.0]})
    out = with_meta(frame, grain="one row per team per billing month", cost_basis="effective", currency="USD")
    assert caption(out) == "One row per team per billing month · EffectiveCost (amortized) · USD"
    assert frame.attrs == {}          # the caller's frame is left alone


def test_unknown_cost_basis_lists_the_valid_ones():
    assert cost_column("billed") == "billed_cost"
    with pytest.raises(ConfigError, match="billed, effective, contracted, list"):
        cost_column("amortised")
