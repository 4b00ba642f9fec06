"""What a report notebook needs in one call: the config, the warehouse over the data folder,
the period, the currency and the pack's team colours; and `show_*` helpers that display
tables, charts and markdown the same way in JupyterLab, the HTML and the PDF.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from .charts import team_colors
from .config import Config, load_config
from .formatting import format_table, kpi_tiles
from .warehouse import Warehouse, latest_complete_month, open_warehouse  # noqa: F401 (re-exported)


@dataclass
class Report:
    """The context of one report notebook run."""
    config: Config
    wh: Warehouse
    period: date | None
    currency: str
    colors: dict[str, str]

    @property
    def period_label(self) -> str:
        return self.period.strftime("%B %Y") if self.period else ""


def open_report(period: str | None = None, data_dir: str | None = None, config_path: str | None = None) -> Report:
    """Config (finops.yaml, or `config_path`), the warehouse over `data_dir`, and `period`
    ('YYYY-MM'; empty for the latest complete billing month in the data)."""
    from .pack import parse_month

    config = load_config(config_path or None)
    wh = open_warehouse(data_dir or None, config)
    wh.materialize()     # one scan of the billing rows; every analysis after it reads the roll-up
    month = parse_month(period) if period else latest_complete_month(wh)
    teams = [r[0] for r in wh.con.execute("SELECT DISTINCT team FROM int_charges__rolled_up").fetchall()]
    return Report(config=config, wh=wh, period=month, currency=config.currency, colors=team_colors(teams))


def show_table(frame: pd.DataFrame, **kwargs) -> None:
    """Display a frame as a report table (see formatting.format_table for the options)."""
    from IPython.display import HTML, display
    display(HTML(format_table(frame, **kwargs)))


def show_chart(fig) -> None:
    """Display a Figure as a PNG (the same pixels in JupyterLab, the HTML and the PDF)."""
    from IPython.display import Image, display
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=150, bbox_inches="tight")
    display(Image(data=buffer.getvalue(), format="png"))


def show_markdown(text: str) -> None:
    from IPython.display import Markdown, display
    display(Markdown(text))


def show_kpis(tiles) -> None:
    """Display KPI tiles: (label, value text, note, status good|bad|"")."""
    from IPython.display import HTML, display
    display(HTML(kpi_tiles(tiles)))


def show_note(text: str) -> None:
    """A muted method note (plain text, escaped)."""
    import html

    from IPython.display import HTML, display
    display(HTML(f'<p class="note">{html.escape(text)}</p>'))


def for_month(frame: pd.DataFrame, month, column: str = "billing_month") -> pd.DataFrame:
    """The rows of one billing month (attrs kept)."""
    out = frame[pd.to_datetime(frame[column]) == pd.Timestamp(month)]
    out.attrs = dict(frame.attrs)
    return out


def load_validation(summary_path: str, data_dir: str | None, config: Config) -> dict:
    """The validation summary a pack wrote (summary.json), or a fresh validation of the data
    when the notebook runs on its own."""
    import json
    import tempfile

    if summary_path and Path(summary_path).is_file():
        return json.loads(Path(summary_path).read_text())
    from .validate import validate_inputs

    with tempfile.TemporaryDirectory() as docs:
        return validate_inputs(data_dir or None, config, docs_dir=docs).to_dict()
