"""The narrative: exact sentences from hand-made tables, every number in the text found in
the tables, and markdown that data text cannot break."""
from __future__ import annotations

import re

import mistune
import numpy as np
import pandas as pd

from finops_analysis.forecast import backtest_forecast, forecast_spend
from finops_analysis.forecast_budget import forecast_vs_budget
from finops_analysis.narrative import (describe_movers, describe_month, narrate_budget, narrate_month,
                                       narrate_price_volume, narrate_variance)
from finops_analysis.tables import with_meta
from finops_analysis.variance import compute_budget_variance, compute_top_movers, compute_variance
from finops_analysis.variance_format import format_day, format_money, format_month, format_pct
from finops_analysis.variance_pvm import compute_price_volume_mix, summarize_price_volume_mix

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
GROUPED = r"\d{1,3}(?:,\d{3})*(?![\d,]\d)"        # 41,200 (a trailing comma is punctuation)
NUMBER = re.compile(rf"[+-]?\${GROUPED}|[+-]?\d+(?:\.\d+)?%|(?:{MONTHS}) \d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}"
                    rf"|{GROUPED}(?:\.\d+)?|\d+")


def formatted_values(*tables: pd.DataFrame) -> tuple[set[str], list[str]]:
    """Every way the narrative may write a table value, and the table texts holding digits."""
    tokens, names = set(), set()
    for table in tables:
        tokens |= {f"{level}%" for level in table.attrs.get("intervals", [])}
        for value in table.to_numpy().ravel():
            if isinstance(value, (pd.Timestamp, np.datetime64)) and not pd.isna(value):
                tokens |= {format_month(value), format_day(value)}
            elif isinstance(value, str):
                if re.search(r"\d", value):
                    names.add(value)
            elif isinstance(value, (int, float, np.number)) and not isinstance(value, bool) and not pd.isna(value):
                v = float(value)
                tokens |= {format_money(v), format_money(abs(v)), format_money(v, signed=True),
                           format_pct(v), format_pct(v, signed=False)}
                if v.is_integer():
                    tokens.add(str(int(v)))
    return tokens, sorted(names, key=len, reverse=True)


def numbers_not_in_tables(text: str, *tables: pd.DataFrame) -> list[str]:
    """The numbers of `text` that no table value formats to (names like CC-1200 aside)."""
    tokens, names = formatted_values(*tables)
    text = text.replace("\\", "")        # markdown escapes
    for name in names:
        text = text.replace(name, " ")
    missing = [t for t in NUMBER.findall(text) if t not in tokens]
    leftover = re.findall(r"\S*\d\S*", NUMBER.sub(" ", text))
    return missing + leftover


def monthly(rows):
    frame = pd.DataFrame(rows, columns=["billing_month", "dimension", "member", "effective_cost"])
    frame = frame.assign(billing_month=pd.to_datetime(frame["billing_month"] + "-01"),
                         billed_cost=frame["effective_cost"])
    return with_meta(frame, grain="one row per billing month per dimension member", currency="USD")


COSTS = monthly([(m, "total", "Total", v) for m, v in [("2025-10", 38000.0), ("2026-06", 45000.0),
                                                       ("2026-07", 46500.0), ("2026-08", 44000.0),
                                                       ("2026-09", 40000.0), ("2026-10", 46200.0)]]
                + [("2026-09", "team", "data_eng*", 12000.0), ("2026-10", "team", "data_eng*", 17500.0),
                   ("2026-09", "team", "<ml>", 9000.0), ("2026-10", "team", "<ml>", 8000.0)])


def skus():
    frame = pd.DataFrame({"billing_month": pd.to_datetime(["2026-09-01", "2026-10-01"]), "provider": "Microsoft",
                          "team": "data-eng", "service": "Azure SQL", "sku_id": "S1", "pricing_unit": "Hours",
                          "pricing_quantity": [1000.0, 1000.0], "billed_cost": [2000.0, 2300.0],
                          "effective_cost": [2000.0, 2300.0]})
    return with_meta(frame, grain="sku", currency="USD")


def budget_actuals():
    months = ["2026-09-01", "2026-10-01", "2026-11-01", "2026-12-01", "2027-01-01"]
    frame = pd.DataFrame({"billing_month": pd.to_datetime(months * 2),
                          "cost_center": ["CC-1200"] * 5 + ["CC-1100"] * 5,
                          "budget_amount": [20000.0] * 5 + [30000.0] * 5,
                          "effective_cost": [21000.0, 22400.0, np.nan, np.nan, np.nan,
                                             25000.0, 24000.0, np.nan, np.nan, np.nan],
                          "has_actuals": [True, True, False, False, False] * 2})
    return with_meta(frame, grain="one row per billing month per cost center", cost_basis="effective",
                     currency="USD")


def tables():
    pvm = summarize_price_volume_mix(compute_price_volume_mix(skus(), "2026-10"))
    return dict(
        variance=compute_variance(COSTS, "2026-10", forecast_method="naive", days_adjusted=False),
        budget_variance=compute_budget_variance(budget_actuals(), "2026-10"),
        budget_outlook=forecast_vs_budget(budget_actuals(), method="naive", fiscal_year_start_month=2,
                                          days_adjusted=False),
        movers=compute_top_movers(COSTS, "2026-10", dimensions=["team"]),
        price_volume=pvm,
        forecast=forecast_spend(COSTS, method="naive", fiscal_year_start_month=2, days_adjusted=False),
        backtest=backtest_forecast(COSTS, methods=["naive"], backtest_origins=2, days_adjusted=False))


def test_variance_sentence_is_exact():
    variance = compute_variance(COSTS, "2026-10", forecast_method="naive", days_adjusted=False)
    assert narrate_variance(variance) == (
        "Spend in October 2026 (EffectiveCost, amortized) was $46,200: up $6,200 (+15.5%, material) on "
        "September 2026; up $8,200 (+21.6%, material) on October 2025; $6,200 (+15.5%, material) above the "
        "forecast made before the month ($40,000).")


def test_price_sentence_names_the_driver():
    pvm = summarize_price_volume_mix(compute_price_volume_mix(skus(), "2026-10"))
    assert narrate_price_volume(pvm) == (
        "Azure SQL rose $300 (+15.0%) from September 2026 to October 2026, mostly price "
        "(price +$300, volume $0, mix $0, other $0).")


def test_every_number_in_the_text_is_in_the_tables():
    parts = tables()
    text = narrate_month(**parts)
    assert numbers_not_in_tables(text, *parts.values()) == []
    assert numbers_not_in_tables(describe_month(**parts), *parts.values()) == []
    assert "CC-1200 is projected at $67,200 against a budget of $60,000" in text   # 22,400 a month, naive


def test_the_check_catches_a_number_not_in_the_tables():
    parts = tables()
    assert numbers_not_in_tables(narrate_month(**parts) + " Spend rose $41,200 (+12.4%).", *parts.values()) == [
        "$41,200", "+12.4%"]


def test_markdown_escapes_data_text_and_dollars():
    movers = compute_top_movers(COSTS, "2026-10", dimensions=["team"])
    markdown = describe_movers(movers)
    assert markdown == ("- Largest moves by team, October 2026 against September 2026: data\\_eng\\* up "
                        "\\$5,500 (+45.8%), \\<ml\\> down \\$1,000 (-11.1%).")
    html = mistune.html(markdown)
    assert "data_eng*" in html and "&lt;ml&gt;" in html and "$5,500" in html
    assert "<em>" not in html and "<ml>" not in html


def test_without_budgets_the_text_says_which_file_to_add():
    frame = budget_actuals().assign(budget_amount=np.nan)
    text = narrate_budget(compute_budget_variance(frame, "2026-10"),
                          forecast_vs_budget(frame, method="naive", fiscal_year_start_month=2))
    assert text == "No budgets to compare with: add budgets.csv (month, cost_center, amount, currency)."
