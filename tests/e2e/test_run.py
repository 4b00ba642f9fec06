"""The papermill runner: real kernels, parameters checked against the notebook."""
from __future__ import annotations

import json

import nbformat
import pytest

from finops_analysis.errors import FinopsError
from finops_analysis.run import NotebookFailed, coerce_parameters, execute, execute_many
from tests.conftest import FIXTURES

pytestmark = pytest.mark.e2e
HELLO = FIXTURES / "notebooks" / "10_hello.ipynb"
FAILS = FIXTURES / "notebooks" / "20_fails.ipynb"


def test_unknown_parameter_lists_the_declared_ones():
    with pytest.raises(FinopsError) as err:
        coerce_parameters(HELLO, {"perod": "2026-09"})
    assert "10_hello.ipynb has no parameter perod" in str(err.value)
    assert "period (str, default" in str(err.value) and "rows (int, default 3)" in str(err.value)


def test_parameters_take_the_type_of_their_default():
    assert coerce_parameters(HELLO, {"period": "2026-09", "rows": "2"}) == {"period": "2026-09", "rows": 2}
    with pytest.raises(FinopsError, match="must be a number"):
        coerce_parameters(HELLO, {"rows": "two"})


def test_execute_injects_parameters_and_keeps_outputs(tmp_path):
    done = execute(HELLO, tmp_path / "out.ipynb", {"period": "2026-09", "rows": 2}, cwd=tmp_path)
    nb = nbformat.read(done.output, as_version=4)
    text = json.dumps(nb)
    assert "Period 2026-09" in text and "TOTAL 3.75" in text     # 1.5 + 2.25: rows=2 reached the kernel
    assert any("injected-parameters" in c.metadata.get("tags", []) for c in nb.cells)


def test_a_failing_notebook_names_the_cell_and_keeps_the_executed_copy(tmp_path):
    with pytest.raises(NotebookFailed) as err:
        execute(FAILS, tmp_path / "fails.ipynb", {"period": "2026-09"}, cwd=tmp_path)
    assert err.value.cell == 4       # as JupyterLab numbers it: the title, parameters, x = 1, the raise
    assert "20_fails.ipynb failed at cell 4 (raise ValueError(f'no data for {period}'))" in str(err.value)
    assert "ValueError: no data for 2026-09" in str(err.value)
    assert (tmp_path / "fails.ipynb").is_file()


def test_notebooks_run_in_parallel_on_at_most_the_cores(tmp_path):
    jobs = [(HELLO, tmp_path / f"run{i}.ipynb", {"rows": i}) for i in (1, 2, 3)]
    lines = []
    done = execute_many(jobs, cwd=tmp_path, workers=2, progress=lines.append)
    assert [d.output.name for d in done] == ["run1.ipynb", "run2.ipynb", "run3.ipynb"]
    assert all("TOTAL" in json.dumps(nbformat.read(d.output, as_version=4)) for d in done)
    assert sum("done in" in line for line in lines) == 3


def test_a_failure_among_parallel_notebooks_is_raised_once_and_the_queue_dropped(tmp_path):
    # two fail at once; of the eight still queued, those no worker has taken yet (all but
    # the three or so the pool hands out ahead) are cancelled
    jobs = [(FAILS, tmp_path / f"fails{i}.ipynb", {"period": "2026-09"}) for i in (1, 2)]
    jobs += [(HELLO, tmp_path / f"hello{i}.ipynb", {"rows": 1}) for i in range(8)]
    lines = []
    with pytest.raises(NotebookFailed) as err:
        execute_many(jobs, cwd=tmp_path, workers=2, progress=lines.append)
    assert "20_fails.ipynb failed at cell 4" in str(err.value)
    assert sum("FAILED" in line for line in lines) == 2
    assert not all((tmp_path / f"hello{i}.ipynb").exists() for i in range(8))
