from decimal import Decimal

import pandas as pd

from finops_analysis.formatting import escape_md, format_table, kpi_tiles, money, pct
from finops_analysis.tables import with_meta


def test_money_and_percent_text():
    assert money(1234.5) == "$1,234.50" and money(-12) == "-$12.00" and money(None) == ""
    assert money(Decimal("0.015"), "EUR") == "€0.02" and money(5, "CHF") == "CHF 5.00"
    assert pct(12.345) == "12.3%" and pct(4.0, signed=True) == "+4.0%"


def test_table_formats_escapes_and_captions():
    frame = with_meta(pd.DataFrame({"team": ["<script>alert(1)</script>", "payments"],
                                    "effective_cost": [Decimal("1200.5"), Decimal("99.999")],
                                    "share_pct": [92.31, 7.69], "rows": [10, 2]}),
                      grain="one row per team", cost_basis="effective", currency="USD")
    out = format_table(frame, total="team")
    assert "<script>" not in out and "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert '<td class="num">$1,200.50</td>' in out and '<td class="num">$100.00</td>' in out
    assert '<td class="num">92.3%</td>' in out and '<td class="num">10</td>' in out
    assert '<tr class="total"><td class="">Total</td><td class="num">$1,300.50</td><td class=""></td><td class="num">12</td></tr>' in out
    assert "<caption>One row per team · EffectiveCost (amortized) · USD</caption>" in out
    assert "<th class=\"num\">Share %</th>" in out


def test_markdown_escaping_keeps_data_literal():
    assert escape_md("<b>*x*</b>\n$5") == "\\<b\\>\\*x\\*\\</b\\> \\$5"


def test_kpi_tiles_escape():
    out = kpi_tiles([("Tag compliance", "82.5%", "target 90%", "bad"), ("<i>", "1", None, "")])
    assert 'class="kpi bad"' in out and "&lt;i&gt;" in out
