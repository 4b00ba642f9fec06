"""The packs end to end, as finance and a team receive them: real papermill kernels, real
nbconvert, a real PDF read back as text and checked against the library's own figures."""
from __future__ import annotations

import csv
import hashlib
import json
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from pypdf import PdfReader

from finops_analysis import allocation, forecast_data, variance
from finops_analysis.allocation_data import allocate_inputs, load_allocation_inputs
from finops_analysis.config import load_config
from finops_analysis.warehouse import open_warehouse
from tests.conftest import ROOT, SAMPLE, row, write_parquet
from tests.e2e.test_cli import finops

pytestmark = pytest.mark.e2e
MARKUP_SERVICE = '<script>alert("x")</script> Analytics'
MARKUP_ACCOUNT = "<b>bold</b>-sandbox"


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    """The sample, plus one October charge whose names carry HTML, large enough to be a top mover."""
    folder = tmp_path_factory.mktemp("packs") / "data"
    shutil.copytree(SAMPLE, folder)
    extra = row(BilledCost="20000.00", EffectiveCost="20000.00", ListCost="21000.00", ContractedCost="20000.00",
                ServiceName=MARKUP_SERVICE, ServiceCategory="Analytics", ServiceSubcategory="Analytics Platforms",
                SubAccountId="999999999999", SubAccountName=MARKUP_ACCOUNT, BillingAccountId="418273645190",
                BillingAccountName="Kestrel Commerce (AWS main org)", InvoiceId="2031454734",
                ChargePeriodStart="2026-10-15T00:00:00Z", ChargePeriodEnd="2026-10-16T00:00:00Z",
                ResourceId="evil-1", Tags={"team": "<img src=x onerror=alert(1)>", "environment": "prod"})
    write_parquet(folder / "billing" / "aws" / "2026-10-extra.parquet", [extra])
    return folder


@pytest.fixture(scope="module")
def monthly(data, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    done = finops("pack", "monthly", "--period", "2026-10", "--data", str(data), "--out", str(out))
    assert done.returncode == 0, done.stdout + done.stderr
    return out / "monthly-2026-10", done


@pytest.fixture(scope="module")
def figures(data):
    """The library's own figures for October 2026 on the same data."""
    config = load_config(ROOT / "finops.yaml")
    with open_warehouse(data, config) as wh:
        monthly = forecast_data.load_monthly_costs(wh)
        total = variance.compute_variance(monthly, "2026-10-01", dimension="total", cost_basis="billed")
        inputs = load_allocation_inputs(wh)
        billed = allocate_inputs(inputs, cost_basis="billed", per_invoice=True)
        centers = allocation.summarize_allocation(billed, inputs.teams, level="cost_center")
    centers = centers[pd.to_datetime(centers["billing_month"]) == "2026-10-01"]
    return {"spend": float(total.loc[total["comparison"] == "prior_month", "actual_cost"].iloc[0]),
            "centers": dict(zip(centers["cost_center"], centers["allocated_cost"]))}


def test_make_report_output_names_the_pdf_and_html(monthly):
    folder, done = monthly
    assert f"PDF:  {folder / 'monthly-2026-10.pdf'}" in done.stdout
    assert f"HTML: {folder / 'monthly-2026-10.html'}" in done.stdout


def test_the_pack_folder_holds_everything(monthly):
    folder, _ = monthly
    names = {p.name for p in folder.iterdir()}
    assert {"monthly-2026-10.pdf", "monthly-2026-10.html", "chargeback-2026-10.csv", "manifest.json",
            "notebooks", "validation"} <= names
    assert len(list((folder / "notebooks").glob("*.ipynb"))) == 8


def test_pdf_headline_figures_equal_the_library(monthly, figures):
    folder, _ = monthly
    reader = PdfReader(folder / "monthly-2026-10.pdf")
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert len(reader.pages) >= 15
    assert f"${figures['spend']:,.0f}" in text                      # the executive summary's spend tile
    for center, amount in figures["centers"].items():                 # the chargeback table, to the cent
        assert f"${amount:,.2f}" in text, (center, amount)
    assert re.search(r"Page 3 of \d+", text)


def test_html_is_offline_has_no_code_and_escapes_data(monthly):
    folder, _ = monthly
    html = (folder / "monthly-2026-10.html").read_text()
    assert "<script" not in html.lower()                              # nothing to run, no CDN loader
    assert not re.search(r"(src|href)=\"https?://", html)           # nothing fetched from the network
    assert "open_report(" not in html and "cm-editor" not in html and "jp-InputPrompt" not in html  # code hidden
    assert "&lt;script&gt;alert(" in html and "&lt;b&gt;bold&lt;/b&gt;-sandbox" in html
    assert "<b>bold</b>" not in html


def test_manifest_lists_every_input_with_its_hash(monthly, data):
    folder, _ = monthly
    manifest = json.loads((folder / "manifest.json").read_text())
    listed = {i["file"]: i for i in manifest["inputs"]}
    expected = {p.relative_to(data).as_posix() for p in data.rglob("*") if p.is_file()
                and (p.suffix in (".parquet", ".csv")) and not p.name.startswith(".")}
    assert set(listed) == expected
    for name, item in listed.items():
        assert item["sha256"] == hashlib.sha256((data / name).read_bytes()).hexdigest()
        assert item["rows"] > 0
    assert manifest["validation"]["passed"] and manifest["parameters"]["period"] == "2026-10"
    assert {"duckdb", "papermill", "nbconvert", "weasyprint", "great-expectations"} <= set(manifest["versions"])


def test_chargeback_csv_sums_to_the_invoices_to_the_cent(monthly, data):
    folder, _ = monthly
    with open(folder / "chargeback-2026-10.csv", newline="") as handle:
        lines = list(csv.DictReader(handle))
    config = load_config(ROOT / "finops.yaml")
    with open_warehouse(data, config) as wh:
        invoiced = wh.con.execute("""SELECT InvoiceId, round(sum(BilledCost), 2) FROM stg_billing
                                     WHERE BillingPeriodStart = TIMESTAMP '2026-10-01' GROUP BY 1""").fetchall()
    charged: dict[str, Decimal] = {}
    for line in lines:
        charged[line["InvoiceId"]] = charged.get(line["InvoiceId"], Decimal(0)) + Decimal(line["chargeback_amount"])
    assert {k: v for k, v in charged.items()} == {k: Decimal(str(v)) for k, v in invoiced}


def test_a_team_showback_has_none_of_another_teams_line_items(data, tmp_path):
    done = finops("pack", "showback", "--period", "2026-10", "--team", "checkout", "--data", str(data),
                  "--out", str(tmp_path))
    assert done.returncode == 0, done.stdout + done.stderr
    folder = tmp_path / "showback-2026-10" / "checkout"
    html = (folder / "showback-2026-10.html").read_text()
    assert (folder / "showback-2026-10.pdf").is_file()
    config = load_config(ROOT / "finops.yaml")
    with open_warehouse(data, config) as wh:
        others = {r[0] for r in wh.con.execute("""SELECT DISTINCT ResourceId FROM int_charges__owned
            WHERE billing_month = DATE '2026-10-01' AND team <> 'checkout' AND ResourceId IS NOT NULL""").fetchall()}
        mine = {r[0] for r in wh.con.execute("""SELECT DISTINCT ResourceId FROM int_charges__owned
            WHERE billing_month = DATE '2026-10-01' AND team = 'checkout' AND ResourceId IS NOT NULL""").fetchall()}
        teams = {r[0] for r in wh.con.execute("SELECT DISTINCT team FROM int_charges__owned").fetchall()}
    pools = {p.name for p in config.pools}
    cells = set(re.findall(r"<td[^>]*>([^<]*)</td>", html))
    assert not (others - mine) & cells, "another team's resources appear in the showback"
    assert not ((teams - {"checkout"} - pools) & cells), "another team's name appears as a row"
    assert mine & cells                                                # its own resources are there
