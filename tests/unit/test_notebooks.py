"""The report notebooks follow the house rules: a title, a parameters cell papermill can
read in full, thin code (no def, class or SQL), and no outputs committed."""
from __future__ import annotations

import re

import nbformat
import pytest

from finops_analysis.packs import PACKS
from finops_analysis.run import declared_parameters
from tests.conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_every_pack_notebook_exists():
    names = {p.stem for p in NOTEBOOKS}
    for spec in PACKS.values():
        assert set(spec.notebooks) <= names, spec.kind


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_house_rules(path):
    nb = nbformat.read(path, as_version=4)
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")
    params = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(params) == 1
    assigned = re.findall(r"^(\w+)\s*=", params[0].source, flags=re.M)
    assert list(declared_parameters(path)) == assigned          # papermill reads every line
    assert {"data_dir", "config_path"} <= set(assigned)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert not cell.get("outputs") and cell.get("execution_count") is None   # committed without outputs
            assert not re.search(r"^\s*(def|class)\s", cell.source, flags=re.M)
            assert not re.search(r"\b(SELECT|FROM|GROUP BY)\b", cell.source)
