"""Rendering packs: executed notebooks merged into one HTML page through the nbconvert
template in reports/templates/finops_report (self-contained, offline, code hidden), and the
same HTML printed to an A4 PDF by WeasyPrint (running header, page X of Y, contents with
page numbers).
"""
from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Sequence

import nbformat

from .errors import FinopsError

TEMPLATE = "finops_report"
PANGO_HINT = ("WeasyPrint needs the pango libraries: on Debian or Ubuntu run "
              "`sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0`")


def merge_notebooks(paths: Sequence[Path]) -> nbformat.NotebookNode:
    """One notebook holding the cells of each executed notebook in order (papermill's
    injected parameter cells dropped; code is hidden in the report anyway)."""
    merged = nbformat.v4.new_notebook()
    for i, path in enumerate(paths):
        nb = nbformat.read(path, as_version=4)
        if i == 0:
            merged.metadata = copy.deepcopy(nb.metadata)
        for cell in nb.cells:
            tags = cell.metadata.get("tags", [])
            if "injected-parameters" in tags or "parameters" in tags:
                continue
            cell = copy.deepcopy(cell)
            cell["id"] = f"nb{i}-{len(merged.cells)}"     # ids stay unique across notebooks
            merged.cells.append(cell)
    return merged


def render_html(nb: nbformat.NotebookNode, pack: dict, template_dir: Path) -> str:
    """The pack as one self-contained HTML page: cover and contents from `pack` (title,
    subtitle, kicker, meta [(label, value)], note, running_title, footer), then every cell's
    output. Text in `pack` is escaped by the template."""
    from nbconvert import HTMLExporter

    if not (Path(template_dir) / TEMPLATE / "index.html.j2").is_file():
        raise FinopsError("the report template is missing", file=Path(template_dir) / TEMPLATE,
                          hint="restore reports/templates/ from the repository")
    exporter = HTMLExporter(template_name=TEMPLATE, extra_template_basedirs=[str(template_dir)],
                            exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True,
                            embed_images=True)
    body, _ = exporter.from_notebook_node(nb, resources={"pack": pack, "metadata": {"name": pack.get("title", "")}})
    return add_contents(body)


def add_contents(html: str) -> str:
    """Fill the contents list from the report's h1/h2 headings (ids made unique), so the
    PDF prints page numbers against each entry."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    main, nav = soup.find("main"), soup.find("nav", class_="toc")
    if main is None or nav is None:
        return html
    seen: set[str] = set()
    items = soup.new_tag("ol")
    first_h1 = main.find("h1")
    if first_h1 is not None:
        first_h1["class"] = first_h1.get("class", []) + ["first"]   # every other h1 starts a page
    for heading in main.find_all(["h1", "h2"]):
        for anchor in heading.find_all("a", class_="anchor-link"):
            anchor.decompose()
        text = heading.get_text(" ", strip=True)
        base = heading.get("id") or re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower() or "section"
        ident, n = base, 2
        while ident in seen:
            ident, n = f"{base}-{n}", n + 1
        seen.add(ident)
        heading["id"] = ident
        li = soup.new_tag("li", attrs={"class": f"level-{heading.name[1]}"})
        link = soup.new_tag("a", href=f"#{ident}")
        link.string = text
        li.append(link)
        items.append(li)
    nav.append(items)
    return str(soup)


def render_pdf(html: str, path: Path) -> Path:
    """Print the HTML to an A4 PDF."""
    try:
        from weasyprint import HTML
    except OSError as exc:  # the pango libraries are missing
        raise FinopsError(f"cannot load WeasyPrint: {exc}", hint=PANGO_HINT) from None
    HTML(string=html).write_pdf(str(path))
    return path


def check_pdf_support() -> str | None:
    """None when PDFs can be rendered here, else what to install."""
    try:
        import weasyprint  # noqa: F401
    except OSError:
        return PANGO_HINT
    return None
