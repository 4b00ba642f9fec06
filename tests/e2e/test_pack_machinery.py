"""The pack machinery with small fixture notebooks: a complete folder or none, the previous
good pack kept on failure, nothing half-written when the run is killed."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from finops_analysis.errors import ValidationFailed
from finops_analysis.pack import PackSpec, build_pack
from finops_analysis.run import NotebookFailed
from tests.conftest import FIXTURES, ROOT, row, write_csv

pytestmark = pytest.mark.e2e
NOTEBOOKS = FIXTURES / "notebooks"
HELLO = PackSpec("test", "Test pack", ("10_hello",), "billed", "tests")
META = {"title": "Test pack", "subtitle": "October 2026", "running_title": "Test pack · 2026-10"}


@pytest.fixture
def data(tmp_path):
    folder = tmp_path / "data"
    write_csv(folder / "billing" / "a.csv", [row(ResourceId="r1"), row(ResourceId="r2")])
    return folder


def build(spec, data, config, out, **params):
    return build_pack(spec, "test-2026-10", params, config, data, out, NOTEBOOKS, META, progress=lambda _: None)


def test_a_pack_folder_holds_pdf_html_notebooks_and_manifest(data, config, tmp_path):
    out = tmp_path / "out"
    run = build(HELLO, data, config, out)
    folder = out / "test-2026-10"
    assert run.folder == folder
    assert sorted(p.name for p in folder.iterdir()) == [
        "manifest.json", "notebooks", "test-2026-10.html", "test-2026-10.pdf", "validation"]
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["inputs"][0]["file"] == "billing/a.csv" and len(manifest["inputs"][0]["sha256"]) == 64
    assert manifest["inputs"][0]["rows"] == 2 and manifest["validation"]["passed"] is True
    assert manifest["versions"]["duckdb"] and manifest["notebooks"][0]["notebook"] == "10_hello.ipynb"
    assert folder.joinpath("test-2026-10.pdf").read_bytes().startswith(b"%PDF")
    assert [p.name for p in out.iterdir()] == ["test-2026-10"]      # no partial folders left behind


def test_critical_validation_failure_writes_no_pack(data, config, tmp_path):
    write_csv(data / "billing" / "b.csv", [row(ResourceId="r3", ChargeCategory="Bogus")])
    with pytest.raises(ValidationFailed) as err:
        build(HELLO, data, config, tmp_path / "out")
    assert "ChargeCategory holds a FOCUS 1.2 allowed value" in str(err.value)
    assert not (tmp_path / "out" / "test-2026-10").exists()


def test_a_failing_notebook_keeps_the_previous_pack(data, config, tmp_path):
    out = tmp_path / "out"
    build(HELLO, data, config, out)
    before = (out / "test-2026-10" / "manifest.json").read_text()
    failing = PackSpec("test", "Test pack", ("10_hello", "20_fails"), "billed", "tests")
    with pytest.raises(NotebookFailed) as err:
        build(failing, data, config, out)
    assert "20_fails.ipynb failed at cell 4" in str(err.value) and ".failed" in str(err.value)
    assert (out / "test-2026-10" / "manifest.json").read_text() == before
    kept = next((out / ".failed").iterdir())
    assert (kept / "20_fails.ipynb").is_file()


def test_a_killed_run_leaves_no_pack_folder(data, config, tmp_path):
    out = tmp_path / "out"
    script = f"""
import dataclasses
from pathlib import Path
from finops_analysis.config import load_config
from finops_analysis.pack import PackSpec, build_pack
cfg = dataclasses.replace(load_config({str(ROOT / 'finops.yaml')!r}), temp_dir=Path({str(tmp_path / 'tmp')!r}))
spec = PackSpec("test", "Test pack", ("10_hello",), "billed", "tests")
build_pack(spec, "test-2026-10", {{"delay": 60.0}}, cfg, Path({str(data)!r}), Path({str(out)!r}),
           Path({str(NOTEBOOKS)!r}), {{"title": "t"}}, progress=print)
"""
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, start_new_session=True)
    deadline = time.time() + 120
    for line in proc.stdout:                      # wait until the notebook is running
        if "10_hello.ipynb ..." in line or time.time() > deadline:
            break
    time.sleep(3)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert not (out / "test-2026-10").exists()
    assert all(p.name.startswith(".") for p in out.iterdir())   # only the hidden partial folder
    build(HELLO, data, config, out)                              # the next run tidies it away
    assert [p.name for p in out.iterdir()] == ["test-2026-10"]
