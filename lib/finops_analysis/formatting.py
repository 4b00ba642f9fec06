"""Tables and figures as a reader sees them: HTML tables with money to the cent, numbers
right-aligned, a caption that says the table's grain, cost basis and currency, and every
piece of text from the data escaped (a tag value of `<script>` shows as text).

Pure functions returning strings; notebooks display them.
"""
from __future__ import annotations

import datetime
import html
import math
import re
from decimal import Decimal
from typing import Iterable, Sequence

import pandas as pd

from .tables import caption as table_caption

CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹"}
# Money columns by name: anything about cost, amounts, budgets, savings, spend, effects of a
# price/volume split, and the forecast's bounds ("forecasts", a count, is not money).
MONEY_NAME = re.compile(r"(cost|amount|budget|saving|spend|excess|effect|residual|fee|_to_date|_rest|_monthly|"
                        r"commitment$|^lo_?\d+$|^hi_?\d+$|^mean$|^actual$|^forecast$)", re.IGNORECASE)
# Characters that mean something inside a markdown line (CommonMark inline syntax, HTML,
# tables, and $ which Jupyter reads as maths): escaped in data text.
MARKDOWN_SPECIAL = set("\\`*_{}[]<>()|~$&#!")


def money(value, currency: str = "USD", decimals: int = 2) -> str:
    """1234.5 -> "$1,234.50"; negative as "-$12.00"; blank for missing."""
    if _missing(value):
        return ""
    v = float(value) if not isinstance(value, Decimal) else value
    symbol = CURRENCY_SYMBOLS.get(currency, f"{currency} ")
    text = f"{abs(v):,.{decimals}f}"
    return f"-{symbol}{text}" if v < 0 else f"{symbol}{text}"


def pct(value, decimals: int = 1, signed: bool = False) -> str:
    """12.345 (a _pct column, 0-100) -> "12.3%"; with signed, "+12.3%"."""
    if _missing(value):
        return ""
    return f"{float(value):{'+' if signed else ''}.{decimals}f}%"


def escape_md(text) -> str:
    """Text from data made safe inside a markdown line: markdown's special characters
    backslash-escaped and newlines flattened, so `<script>` or `*bold*` in a tag value stays
    literal text."""
    flat = " ".join(str(text).split())
    return "".join("\\" + ch if ch in MARKDOWN_SPECIAL else ch for ch in flat)


def format_table(frame: pd.DataFrame, *, money_cols: Sequence[str] | None = None,
                 pct_cols: Sequence[str] | None = None, ratio_cols: Sequence[str] | None = None,
                 int_cols: Sequence[str] | None = None, currency: str | None = None,
                 total: str | None = None, caption: str | None = None, max_rows: int | None = None,
                 labels: dict[str, str] | None = None, decimals: int = 2) -> str:
    """An HTML table. Column kinds default from names: *_pct -> percent, *_ratio -> percent
    of a 0-1 ratio, money-like names (cost, amount, budget, ...) -> money in `currency`
    (default: the frame's attrs), other numbers right-aligned. `total` names the label column
    of a total row to add (sums of money and integer columns)."""
    currency = currency or frame.attrs.get("currency") or "USD"
    cols = list(frame.columns)
    flags = [c for c in cols if pd.api.types.is_bool_dtype(frame[c])]
    numeric = [c for c in cols if c not in flags and (pd.api.types.is_numeric_dtype(frame[c]) or _decimal(frame[c]))]
    pct_cols = list(pct_cols) if pct_cols is not None else [c for c in numeric if str(c).endswith("_pct")]
    ratio_cols = list(ratio_cols) if ratio_cols is not None else [c for c in numeric if str(c).endswith("_ratio")]
    money_cols = list(money_cols) if money_cols is not None else [
        c for c in numeric if c not in pct_cols + ratio_cols and MONEY_NAME.search(str(c))]
    int_cols = list(int_cols) if int_cols is not None else [
        c for c in numeric if c not in money_cols + pct_cols + ratio_cols and pd.api.types.is_integer_dtype(frame[c])]
    shown = frame if max_rows is None else frame.head(max_rows)
    # a column of first-of-month dates named like a month shows as YYYY-MM
    month_cols = [c for c in cols if "month" in str(c).lower() and c not in numeric and _first_of_months(frame[c])]

    def cell(col, value) -> tuple[str, str]:
        if col in flags:
            return ("" if _missing(value) else "yes" if value else "no"), ""
        if col in money_cols:
            return money(value, currency, decimals), "num"
        if col in pct_cols:
            return pct(value), "num"
        if col in ratio_cols:
            return ("" if _missing(value) else pct(float(value) * 100)), "num"
        if col in int_cols:
            return ("" if _missing(value) else f"{int(value):,}"), "num"
        if col in numeric:
            return ("" if _missing(value) else f"{float(value):,.{decimals}f}"), "num"
        if col in month_cols:
            return ("" if _missing(value) else pd.Timestamp(value).strftime("%Y-%m")), ""
        if isinstance(value, (pd.Timestamp, datetime.date)):
            return pd.Timestamp(value).strftime("%Y-%m-%d"), ""
        return ("" if _missing(value) else str(value)), ""

    head = "".join(f'<th class="{"num" if c in numeric else ""}">{html.escape(_label(c, labels))}</th>' for c in cols)
    rows = []
    for record in shown.itertuples(index=False, name=None):
        cells = [cell(c, v) for c, v in zip(cols, record)]
        rows.append("<tr>" + "".join(f'<td class="{cls}">{html.escape(text)}</td>' for text, cls in cells) + "</tr>")
    if total is not None and len(frame):
        sums = {c: frame[c].sum() for c in money_cols + int_cols}
        cells = [(("Total" if c == total else (cell(c, sums[c])[0] if c in sums else "")),
                  ("num" if c in sums else "")) for c in cols]
        rows.append('<tr class="total">' + "".join(f'<td class="{cls}">{html.escape(t)}</td>' for t, cls in cells) + "</tr>")
    note = caption if caption is not None else table_caption(frame)
    more = f" · first {max_rows} of {len(frame):,} rows" if max_rows is not None and len(frame) > max_rows else ""
    cap = f"<caption>{html.escape(note + more)}</caption>" if note or more else ""
    return f'<div class="table-wrap"><table class="report">{cap}<thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>'


def kpi_tiles(tiles: Iterable[tuple]) -> str:
    """KPI tiles: (label, value text, note, status) with status "good", "bad" or ""."""
    parts = []
    for label, value, note, status in tiles:
        parts.append(f'<div class="kpi {html.escape(status or "")}"><div class="label">{html.escape(str(label))}</div>'
                     f'<div class="value">{html.escape(str(value))}</div><div class="note">{html.escape(str(note or ""))}</div></div>')
    return f'<div class="kpis">{"".join(parts)}</div>'


def _label(column, labels: dict[str, str] | None) -> str:
    if labels and column in labels:
        return labels[column]
    text = str(column)
    if "_" in text or text.islower():
        text = text.replace("_pct", " %").replace("_ratio", " %").replace("_", " ").strip()
        return text[:1].upper() + text[1:]
    return text


def _first_of_months(series: pd.Series) -> bool:
    values = series.dropna()
    if values.empty:
        return False
    try:
        stamps = pd.to_datetime(values)
    except (ValueError, TypeError):
        return False
    return bool((stamps.dt.day == 1).all())


def _decimal(series: pd.Series) -> bool:
    return series.dtype == object and len(series) > 0 and isinstance(series.dropna().iloc[0] if series.notna().any() else None, Decimal)


def _missing(value) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)
