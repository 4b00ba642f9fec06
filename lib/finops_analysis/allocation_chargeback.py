"""Chargeback: what each cost center is charged per invoice, in cents that sum exactly to
the invoice total (BilledCost per billing month, provider, billing account and invoice).

`compute_chargeback` is pure; the `render_*` writers write CSV files atomically (a temporary
file in the same folder, then renamed), so a reader never sees half a file.
"""
from __future__ import annotations

import os
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Sequence

import pandas as pd

from .allocation import INVOICE_KEYS, UNALLOCATED
from .errors import InputError
from .tables import with_meta

CSV_COLUMNS = ("billing_month", "currency", "cost_basis", "cost_center", "business_unit", "provider",
               "BillingAccountId", "InvoiceId", "chargeback_amount")


def compute_chargeback(allocated: pd.DataFrame, teams: pd.DataFrame, *, period: str | None = None) -> pd.DataFrame:
    """Chargeback per cost center and invoice from an allocation run per invoice on the
    billed basis (`allocate_costs(..., cost_basis="billed", keys=INVOICE_KEYS)`).

    period: a billing month "YYYY-MM" to keep (default: all). Returns one row per billing
    month, provider, billing account, invoice and cost center (business unit alongside)
    with chargeback_cents and chargeback_amount; teams without a cost center are charged
    under a NULL cost center, 'Unallocated' under 'Unallocated'.
    """
    if allocated.attrs.get("cost_basis") not in (None, "billed"):
        raise InputError("chargeback is invoiced cost: allocate with cost_basis='billed'",
                         hint="allocate_costs(costs, pools, cost_basis='billed', keys=INVOICE_KEYS)")
    missing = [c for c in (*INVOICE_KEYS, "team", "allocated_cents") if c not in allocated.columns]
    if missing:
        raise InputError(f"the allocated frame lacks the column {missing[0]!r}", column=missing[0],
                         hint="allocate per invoice: keys=INVOICE_KEYS")
    frame = allocated
    if period is not None:
        frame = frame[frame.billing_month.dt.strftime("%Y-%m") == period]
    frame = frame.merge(teams[["team", "cost_center", "business_unit"]], on="team", how="left")
    unalloc = frame.team == UNALLOCATED
    frame = frame.assign(cost_center=frame.cost_center.where(~unalloc, UNALLOCATED),
                         business_unit=frame.business_unit.where(~unalloc, UNALLOCATED))
    keys = [*INVOICE_KEYS, "cost_center", "business_unit"]
    out = frame.groupby(keys, dropna=False, sort=True).allocated_cents.sum().rename("chargeback_cents").reset_index()
    out = out.assign(chargeback_amount=out.chargeback_cents / 100)
    return with_meta(out, grain="one row per billing month, provider, billing account, invoice and cost center",
                     cost_basis="billed", currency=allocated.attrs.get("currency"))


def _csv_frame(chargeback: pd.DataFrame) -> pd.DataFrame:
    # amounts from whole cents through Decimal: "1234.50", never "1234.4999999"
    return pd.DataFrame({
        "billing_month": chargeback.billing_month.dt.strftime("%Y-%m"),
        "currency": chargeback.attrs.get("currency") or "",
        "cost_basis": "BilledCost",
        "cost_center": chargeback.cost_center,
        "business_unit": chargeback.business_unit,
        "provider": chargeback.provider,
        "BillingAccountId": chargeback.BillingAccountId,
        "InvoiceId": chargeback.InvoiceId,
        "chargeback_amount": [f"{Decimal(int(c)).scaleb(-2):.2f}" for c in chargeback.chargeback_cents],
    }, columns=list(CSV_COLUMNS))


def _write_atomically(frame: pd.DataFrame, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", newline="") as handle:
            frame.to_csv(handle, index=False)
        os.chmod(tmp, 0o644)            # mkstemp makes it private; an export is read by others
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def render_chargeback_csv(chargeback: pd.DataFrame, path: Path | str) -> Path:
    """Write the chargeback as one CSV (columns CSV_COLUMNS: month, currency and cost basis
    on every line), atomically. Returns the path."""
    return _write_atomically(_csv_frame(chargeback), Path(path))


def render_chargeback_csvs(chargeback: pd.DataFrame, folder: Path | str) -> Sequence[Path]:
    """One CSV per billing month and cost center, `chargeback-YYYY-MM-<cost center>.csv`,
    each written atomically. Returns the paths written."""
    folder, paths = Path(folder), []
    csv = _csv_frame(chargeback)
    for (month, center), part in csv.groupby(["billing_month", csv.cost_center.fillna("no-cost-center")], sort=True):
        safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in str(center))
        paths.append(_write_atomically(part, folder / f"chargeback-{month}-{safe}.csv"))
    return paths
