"""The report's pages, printed by WeasyPrint from the real template: a heading stays on the
page of the table it introduces."""
from __future__ import annotations

from pathlib import Path

import nbformat
from pypdf import PdfReader

from finops_analysis.report import render_html, render_pdf

TEMPLATES = Path(__file__).resolve().parents[2] / "reports" / "templates"
TABLE = ("<div class='table-wrap'><table class='report'><caption>One row per team</caption>"
         "<thead><tr><th>Team</th></tr></thead><tbody>"
         + "".join(f"<tr><td>row {i}</td></tr>" for i in range(40)) + "</tbody></table></div>")


def printed(tmp_path: Path, spacer_mm: int) -> list[str]:
    """The text of each page of a one-section report whose first block is `spacer_mm` tall,
    then a heading in its own markdown cell and a table in the next cell's output."""
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell(f"# Section\n\n<div style='height: {spacer_mm}mm'></div>\n\nFirst."),
        nbformat.v4.new_markdown_cell("## Top movers"),
        nbformat.v4.new_code_cell("", outputs=[nbformat.v4.new_output("display_data", data={"text/html": TABLE})]),
    ])
    html = render_html(nb, {"title": "Test pack", "running_title": "Test"}, TEMPLATES)
    path = render_pdf(html, tmp_path / f"r{spacer_mm}.pdf")
    return [page.extract_text() for page in PdfReader(path).pages]


def test_a_heading_is_never_left_alone_at_the_foot_of_a_page(tmp_path):
    # the spacer slides the heading down the page a few millimetres at a time; nbconvert's
    # empty collapser blocks once let WeasyPrint break between a heading and its table
    for spacer in range(200, 250, 3):
        pages = printed(tmp_path, spacer)
        heading = max(i for i, text in enumerate(pages) if "Top movers" in text)   # the contents list it too
        assert "row 0" in pages[heading], f"spacer {spacer} mm: the heading ends page {heading + 1}"
