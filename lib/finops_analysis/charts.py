"""Charts in one house style: each plot is a function that takes a small frame and returns
a matplotlib Figure (it never saves or shows it).

The style: seaborn's white grid (its "whitegrid" style and "paper" context, written out
as matplotlib settings so that no report kernel pays for importing seaborn and SciPy), one
sans-serif font, money on axes as "$1.2M", and each team in the same colour in every chart
of every pack (`team_colors`). Figures are sized for an A4 page (7.2 in wide) so the PDF
never shrinks or cuts them.
"""
from __future__ import annotations

from typing import Iterable, Sequence

import matplotlib as mpl
import numpy as np
import pandas as pd
from cycler import cycler
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from .formatting import CURRENCY_SYMBOLS

WIDTH = 7.2           # inches: the text width of an A4 page with 2 cm margins
HEIGHT = 3.1
INK = "#1f2933"
MUTED = "#9aa5b1"
ACCENT = "#1d4ed8"
GOOD, BAD = "#15803d", "#b91c1c"
# Buckets that are not teams keep neutral colours everywhere.
FIXED_COLORS = {"Unallocated": "#b0b7c3", "shared": "#cbd2d9", "other": "#e4e7eb"}
# Distinct hues first (seaborn's tab10 without its grey, which means "not a team"), then Dark2.
PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#bcbd22", "#17becf",
           "#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#666666"]
# seaborn.set_theme(style="whitegrid", context="paper") as matplotlib settings (what it
# changes from matplotlib's defaults, its "deep" colour cycle included), then the house's own.
SEABORN_WHITEGRID_PAPER = {
    "axes.axisbelow": True, "axes.grid": True, "axes.linewidth": 1.0, "axes.edgecolor": ".8",
    "axes.prop_cycle": cycler(color=["#4c72b0", "#dd8452", "#55a868", "#c44e52", "#8172b3", "#937860",
                                     "#da8bc3", "#8c8c8c", "#ccb974", "#64b5cd"]),
    "font.sans-serif": ["Arial", "DejaVu Sans", "Liberation Sans", "Bitstream Vera Sans", "sans-serif"],
    "legend.title_fontsize": 9.6, "lines.linewidth": 1.2, "lines.markersize": 4.8, "lines.solid_capstyle": "round",
    "patch.edgecolor": "w", "patch.force_edgecolor": True, "patch.linewidth": 0.8,
    "xtick.bottom": False, "ytick.left": False, "xtick.labelsize": 8.8, "ytick.labelsize": 8.8,
    "xtick.major.size": 4.8, "ytick.major.size": 4.8, "xtick.major.width": 1.0, "ytick.major.width": 1.0,
    "xtick.minor.size": 3.2, "ytick.minor.size": 3.2, "xtick.minor.width": 0.8, "ytick.minor.width": 0.8,
}
HOUSE_RC = {
    **SEABORN_WHITEGRID_PAPER,
    "font.family": "DejaVu Sans", "font.size": 8.5, "axes.titlesize": 10, "axes.titleweight": "bold",
    "axes.titlelocation": "left", "axes.labelsize": 8.5, "axes.edgecolor": MUTED, "axes.labelcolor": INK,
    "text.color": INK, "xtick.color": INK, "ytick.color": INK, "grid.color": "#e4e7eb",
    "legend.fontsize": 7.5, "legend.frameon": False, "figure.dpi": 150, "savefig.dpi": 150,
    "savefig.bbox": "tight", "axes.spines.top": False, "axes.spines.right": False,
}


def apply_house_style() -> None:
    """Set the house style and fonts; every plot_* calls it."""
    mpl.rcParams.update(HOUSE_RC)


def format_money(value: float, currency: str = "USD", decimals: int | None = None) -> str:
    """1234567 -> "$1.2M", 45200 -> "$45.2k", 830 -> "$830" (code prefix for other currencies)."""
    symbol = CURRENCY_SYMBOLS.get(currency, f"{currency} ")
    sign = "-" if value < 0 else ""
    v = abs(float(value))
    for limit, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if v >= limit:
            d = (0 if v / limit >= 100 else 1) if decimals is None else decimals
            return f"{sign}{symbol}{v / limit:,.{d}f}{suffix}"
    return f"{sign}{symbol}{v:,.{0 if decimals is None else decimals}f}"


def money_axis(ax, currency: str = "USD", axis: str = "y") -> None:
    """Format an axis's ticks as money."""
    formatter = FuncFormatter(lambda v, _: format_money(v, currency))
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(formatter)


def team_colors(names: Iterable[str]) -> dict[str, str]:
    """A colour per name, fixed by its position in the sorted list of all of them: build it
    once from every team in the data (`team_colors(all_teams)`) and pass it to each plot_*
    as `colors`, and a team has the same colour in every chart of a pack. Buckets that are
    not teams (Unallocated, shared, other) are always grey."""
    colors: dict[str, str] = {}
    ordered = [n for n in sorted({str(n) for n in names}) if n not in FIXED_COLORS]
    for i, name in enumerate(ordered):
        colors[name] = PALETTE[i % len(PALETTE)]
    for name in FIXED_COLORS:
        colors[name] = FIXED_COLORS[name]
    return colors


def _colors_for(names: Iterable[str], colors: dict[str, str] | None) -> dict[str, str]:
    """The given palette, extended (never changed) for names it does not know."""
    names = [str(n) for n in names]
    if colors is None:
        return team_colors(names)
    missing = [n for n in names if n not in colors]
    extra = team_colors(missing)
    return {**{n: extra[n] for n in missing}, **colors}


def _figure(ax=None, height: float = HEIGHT):
    apply_house_style()
    if ax is not None:
        return ax.figure, ax
    # A bare Figure, not pyplot: nothing global to leak, and a notebook shows it only when
    # it displays it (no second copy from the inline backend).
    fig = Figure(figsize=(WIDTH, height), layout="constrained")
    return fig, fig.add_subplot()


def plot_cost_trend(frame: pd.DataFrame, x: str, y: str, title: str = "", currency: str = "USD",
                    hue: str | None = None, colors: dict[str, str] | None = None, ax=None) -> Figure:
    """Monthly (or daily) cost as stacked bars by `hue` (teams in their colours) or one line."""
    fig, ax = _figure(ax)
    if hue:
        wide = frame.pivot_table(index=x, columns=hue, values=y, aggfunc="sum", fill_value=0).sort_index()
        order = wide.sum().sort_values(ascending=False).index
        colors = _colors_for(order, colors)
        bottom = np.zeros(len(wide))
        labels = [_label(v) for v in wide.index]
        for name in order:
            ax.bar(labels, wide[name].to_numpy(), bottom=bottom, color=colors[name], label=str(name), width=0.75)
            bottom += wide[name].to_numpy()
        fig.legend(loc="outside right upper")
    else:
        ordered = frame.sort_values(x)
        ax.plot([_label(v) for v in ordered[x]], ordered[y].to_numpy(), color=ACCENT, marker="o", markersize=3)
    money_axis(ax, currency)
    _rotate(ax)
    ax.set_title(title)
    ax.set_xlabel("")
    ax.set_ylabel("")
    return fig


def plot_ranked_bars(frame: pd.DataFrame, label: str, value: str, title: str = "", currency: str | None = "USD",
                     colors: dict[str, str] | None = None, color_by_team: bool = True,
                     target: float | None = None, ax=None) -> Figure:
    """Horizontal bars, largest first (cost by team, compliance by team, ...). With currency
    None the values are percentages; `target` draws a reference line."""
    ordered = frame.sort_values(value, ascending=True)
    fig, ax = _figure(ax, height=max(1.6, 0.28 * len(ordered) + 0.8))
    names = ordered[label].astype(str).tolist()
    palette = _colors_for(names, colors)
    ax.barh(names, ordered[value].to_numpy(), color=[palette[n] for n in names] if color_by_team else ACCENT)
    if currency:
        money_axis(ax, currency, axis="x")
    else:
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:.0f}%"))
    if target is not None:
        ax.axvline(target, color=BAD, linestyle="--", linewidth=1)
        ax.annotate("target", (target, len(names) - 0.5), color=BAD, fontsize=7, ha="left", va="bottom")
    ax.set_title(title)
    ax.set_xlabel("")
    ax.grid(axis="y", visible=False)
    return fig


def plot_forecast(history: pd.DataFrame, forecast: pd.DataFrame, x: str, y: str, title: str = "",
                  currency: str = "USD", intervals: Sequence[int] = (80, 95), ax=None) -> Figure:
    """Actuals as a line and the forecast mean with shaded prediction intervals; the forecast
    frame has `mean` and `lo{p}`/`hi{p}` columns for each interval p."""
    fig, ax = _figure(ax)
    hist = history.sort_values(x)
    fut = forecast.sort_values(x)
    ax.plot(pd.to_datetime(hist[x]), hist[y].to_numpy(), color=INK, marker="o", markersize=2.5, label="actual")
    for p, alpha in zip(sorted(intervals, reverse=True), (0.15, 0.3)):
        if f"lo{p}" in fut and f"hi{p}" in fut:
            ax.fill_between(pd.to_datetime(fut[x]), fut[f"lo{p}"], fut[f"hi{p}"], color=ACCENT, alpha=alpha,
                            linewidth=0, label=f"{p}% interval")
    ax.plot(pd.to_datetime(fut[x]), fut["mean"].to_numpy(), color=ACCENT, linestyle="--", marker="o",
            markersize=2.5, label="forecast")
    money_axis(ax, currency)
    ax.legend(loc="upper left")
    ax.set_title(title)
    ax.set_xlabel("")
    return fig


def plot_budget_vs_actual(frame: pd.DataFrame, label: str, actual: str, budget: str,
                          forecast: str | None = None, title: str = "", currency: str = "USD", ax=None) -> Figure:
    """Grouped bars per cost center: actual (red when over budget), budget, and forecast."""
    fig, ax = _figure(ax)
    names = frame[label].astype(str).tolist()
    pos = np.arange(len(names))
    series = [(budget, MUTED, "budget"), (actual, None, "actual")] + ([(forecast, "#93c5fd", "forecast")] if forecast else [])
    width = 0.8 / len(series)
    for i, (col, color, name) in enumerate(series):
        values = frame[col].to_numpy(dtype=float)
        if color is None:
            color = [BAD if a > b else GOOD for a, b in zip(values, frame[budget].to_numpy(dtype=float))]
        ax.bar(pos + (i - (len(series) - 1) / 2) * width, values, width=width, color=color, label=name)
    ax.set_xticks(pos, names)
    money_axis(ax, currency)
    ax.legend(ncols=len(series), loc="upper left", bbox_to_anchor=(0, -0.1))
    ax.set_title(title)
    return fig


def plot_waterfall(steps: pd.DataFrame, label: str, value: str, start_label: str, end_label: str,
                   start: float, title: str = "", currency: str = "USD", ax=None) -> Figure:
    """A bridge from `start` through each step (price, volume, mix, residual ...) to the end."""
    fig, ax = _figure(ax)
    labels = [start_label] + steps[label].astype(str).tolist() + [end_label]
    values = steps[value].to_numpy(dtype=float)
    level = float(start)
    ax.bar(0, level, color=MUTED)
    for i, v in enumerate(values, start=1):
        ax.bar(i, v, bottom=level, color=BAD if v > 0 else GOOD)
        level += v
    ax.bar(len(labels) - 1, level, color=INK)
    ax.set_xticks(range(len(labels)), labels)
    money_axis(ax, currency)
    low = min(start, level, *(start + np.cumsum(values))) if len(values) else min(start, level)
    ax.set_ylim(bottom=max(0.0, low * 0.9))
    _rotate(ax)
    ax.set_title(title)
    return fig


def plot_anomalies(daily: pd.DataFrame, x: str, actual: str, baseline: str, events: pd.DataFrame | None = None,
                   start: str = "start", end: str = "end", title: str = "", currency: str = "USD", ax=None) -> Figure:
    """A daily series against its expected baseline, with anomaly events shaded."""
    fig, ax = _figure(ax)
    d = daily.sort_values(x)
    days = pd.to_datetime(d[x])
    ax.plot(days, d[baseline].to_numpy(), color=MUTED, linewidth=1, label="expected")
    ax.plot(days, d[actual].to_numpy(), color=INK, linewidth=1, label="actual")
    if events is not None:
        for _, event in events.iterrows():
            ax.axvspan(pd.to_datetime(event[start]), pd.to_datetime(event[end]) + pd.Timedelta(days=1),
                       color=BAD, alpha=0.15, linewidth=0)
    money_axis(ax, currency)
    ax.legend(loc="upper left")
    ax.set_title(title)
    return fig


def plot_ratio_trend(frame: pd.DataFrame, x: str, y: str, title: str = "", hue: str | None = None,
                     target: float | tuple[float, float] | None = None, colors: dict[str, str] | None = None,
                     ax=None) -> Figure:
    """A percentage over time (utilization, coverage, compliance), with a target line or band."""
    fig, ax = _figure(ax)
    groups = frame.groupby(hue) if hue else [(None, frame)]
    colors = _colors_for(frame[hue].astype(str), colors) if hue else {}
    for name, part in groups:
        part = part.sort_values(x)
        ax.plot([_label(v) for v in part[x]], part[y].to_numpy(), marker="o", markersize=2.5,
                color=colors.get(str(name), ACCENT), label=None if name is None else str(name))
    if isinstance(target, tuple):
        ax.axhspan(target[0], target[1], color=GOOD, alpha=0.08, linewidth=0)
    elif target is not None:
        ax.axhline(target, color=BAD, linestyle="--", linewidth=1)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:.0f}%"))
    if hue:
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
    _rotate(ax)
    ax.set_title(title)
    return fig


def plot_unit_cost_trend(frame: pd.DataFrame, x: str, y: str, hue: str, title: str = "", currency: str = "USD",
                         ax=None) -> Figure:
    """A small money amount per unit (cost per 1k requests ...) over time, a line per `hue`."""
    fig, ax = _figure(ax)
    for name, part in frame.groupby(hue):
        part = part.sort_values(x)
        ax.plot([_label(v) for v in part[x]], part[y].to_numpy(), marker="o", markersize=2.5, label=str(name))
    symbol = CURRENCY_SYMBOLS.get(currency, f"{currency} ")
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{symbol}{v:,.3f}" if abs(v) < 10 else format_money(v, currency)))
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
    _rotate(ax)
    ax.set_title(title)
    return fig


def _label(value) -> str:
    if isinstance(value, (pd.Timestamp, np.datetime64)) or hasattr(value, "strftime"):
        return pd.Timestamp(value).strftime("%Y-%m")
    return str(value)


def _rotate(ax) -> None:
    if len(ax.get_xticklabels()) > 8:
        for tick in ax.get_xticklabels():
            tick.set_rotation(45)
            tick.set_ha("right")
