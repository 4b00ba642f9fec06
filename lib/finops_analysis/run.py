"""Running notebooks with papermill: parameters checked against the notebook's own
`parameters` cell, every execution with a timeout, and a pack's notebooks in parallel
on no more kernels than cores.

A failed notebook raises NotebookFailed naming the notebook, the cell and the error; its
executed copy is kept for debugging.
"""
from __future__ import annotations

import ast
import multiprocessing
import os
import shutil
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

import yaml

from .errors import FinopsError

DEFAULT_TIMEOUT = 600          # seconds per cell
KERNEL = "python3"             # ipykernel's kernel: the Python running finops


class NotebookFailed(FinopsError):
    """A notebook raised an error in one of its cells."""

    def __init__(self, notebook: str, cell: int | None, error: str, executed: Path | None,
                 source: str = "") -> None:
        self.notebook, self.cell, self.error, self.executed = notebook, cell, error, executed
        where = f"cell {cell}" if cell is not None else "start-up"
        if source:
            where += f" ({source})"
        hint = f"open the executed notebook to see the failing cell: {executed}" if executed else None
        super().__init__(f"notebook {notebook} failed at {where}: {error}", hint=hint)


@dataclass(frozen=True)
class Execution:
    """One notebook run: where it came from, where the executed copy is, how long it took."""
    notebook: Path
    output: Path
    parameters: dict
    seconds: float


def declared_parameters(notebook: Path) -> dict[str, dict]:
    """The parameters a notebook declares in its `parameters` cell: {name: papermill info}."""
    import papermill

    if not Path(notebook).is_file():
        raise FinopsError("notebook not found", file=notebook, hint="pass a path to an .ipynb file, e.g. notebooks/20_allocation.ipynb")
    return dict(papermill.inspect_notebook(str(notebook)))


def coerce_parameters(notebook: Path, given: dict[str, str]) -> dict:
    """Check `given` (name -> text from the command line) against the notebook's declared
    parameters and convert each to the type of its default. Unknown names are an error that
    lists the declared ones (papermill itself would only warn)."""
    declared = declared_parameters(notebook)
    unknown = sorted(set(given) - set(declared))
    if unknown:
        names = ", ".join(f"{n} ({_declared_type(d) or 'any'}, default {d.get('default')})"
                          for n, d in declared.items()) or "none"
        raise FinopsError(f"{Path(notebook).name} has no parameter {', '.join(unknown)}",
                          hint=f"its parameters are: {names}")
    out = {}
    for name, text in given.items():
        kind = _declared_type(declared[name])
        if not isinstance(text, str) or kind in ("str", "string"):
            out[name] = text
            continue
        try:
            value = yaml.safe_load(text)
        except yaml.YAMLError:
            value = text
        if kind in ("int", "float") and not isinstance(value, (int, float)):
            raise FinopsError(f"parameter {name} of {Path(notebook).name} must be a number, not {text!r}")
        out[name] = value
    return out


def _declared_type(info: dict) -> str:
    """The type of a declared parameter: its annotation, else the type of its default."""
    if info.get("inferred_type_name") and info["inferred_type_name"] != "None":
        return str(info["inferred_type_name"]).lower()
    try:
        value = ast.literal_eval(str(info.get("default")))
    except (ValueError, SyntaxError):
        return ""
    return "" if value is None else type(value).__name__


def _failed_cell(executed: Path) -> tuple[int | None, str]:
    """The 1-based number, in the notebook as written, of the cell that raised (papermill's
    injected parameters cell and its error banner are not counted), and its first line."""
    import nbformat

    try:
        nb = nbformat.read(executed, as_version=4)
    except Exception:
        return None, ""
    number = 0
    for cell in nb.cells:
        tags = cell.metadata.get("tags", [])
        if "injected-parameters" in tags or any(t.startswith("papermill-error-cell") for t in tags):
            continue
        number += 1
        if cell.cell_type == "code" and any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
            first = next((line.strip() for line in cell.source.splitlines() if line.strip()), "")
            return number, first[:80]
    return None, ""


def execute(notebook: Path, output: Path, parameters: dict, cwd: Path, timeout: int = DEFAULT_TIMEOUT) -> Execution:
    """Run one notebook with papermill into `output` (kept even when it fails)."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    from jupyter_client.manager import KernelManager

    started = time.perf_counter()
    output.parent.mkdir(parents=True, exist_ok=True)
    # IPC sockets in a private folder: no TCP ports for parallel kernels to race for.
    sockets = tempfile.mkdtemp(prefix="finops-kernel-")
    km = KernelManager(kernel_name=KERNEL, transport="ipc", ip=os.path.join(sockets, "k"))
    try:
        papermill.execute_notebook(
            str(notebook), str(output), parameters=parameters, kernel_name=KERNEL, cwd=str(cwd), km=km,
            progress_bar=False, execution_timeout=timeout, start_timeout=120, log_output=False)
    except PapermillExecutionError as exc:
        cell, source = _failed_cell(output)
        raise NotebookFailed(Path(notebook).name, cell, f"{exc.ename}: {exc.evalue}",
                             output if output.exists() else None, source) from None
    except Exception as exc:  # kernel death, timeout, port clash: still the notebook's failure
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise NotebookFailed(Path(notebook).name, None, f"{type(exc).__name__}: {reason}",
                             output if output.exists() else None) from None
    finally:
        if km.has_kernel:
            km.shutdown_kernel(now=True)
        shutil.rmtree(sockets, ignore_errors=True)
    return Execution(Path(notebook), output, parameters, time.perf_counter() - started)


def execute_many(jobs: Sequence[tuple[Path, Path, dict]], cwd: Path, timeout: int = DEFAULT_TIMEOUT,
                 workers: int | None = None, progress: Callable[[str], None] | None = None) -> list[Execution]:
    """Run notebooks in parallel on at most one kernel per core; starts are staggered, since
    kernels started at the same instant can race for the same ZMQ ports. Stops at the first
    failure (after the running ones finish) and raises it."""
    workers = max(1, min(workers or os.cpu_count() or 1, len(jobs)))
    say = progress or (lambda _: None)
    results: dict[int, Execution] = {}
    failure: NotebookFailed | None = None
    if workers == 1:
        for i, (nb, out, params) in enumerate(jobs, 1):
            say(f"[{i}/{len(jobs)}] {nb.name} ...")
            done = execute(nb, out, params, cwd, timeout)
            results[i] = done
            say(f"[{i}/{len(jobs)}] {nb.name} done in {done.seconds:.1f} s")
        return [results[i] for i in range(1, len(jobs) + 1)]
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = {}
        for i, (nb, out, params) in enumerate(jobs):
            futures[pool.submit(_staggered, i if i < workers else 0, nb, out, params, cwd, timeout)] = i
            say(f"[{i + 1}/{len(jobs)}] {nb.name} queued")
        for n, future in enumerate(as_completed(futures), 1):
            i = futures[future]
            nb = jobs[i][0]
            if future.cancelled():         # not started: an earlier notebook failed
                continue
            try:
                results[i] = future.result()
                say(f"[{n}/{len(jobs)}] {nb.name} done in {results[i].seconds:.1f} s")
            except NotebookFailed as exc:
                failure = failure or exc
                say(f"[{n}/{len(jobs)}] {nb.name} FAILED")
                for other in futures:
                    other.cancel()
    if failure:
        raise failure
    return [results[i] for i in range(len(jobs))]


def _staggered(slot: int, nb: Path, out: Path, params: dict, cwd: Path, timeout: int) -> Execution:
    time.sleep(1.5 * slot)
    return execute(nb, out, params, cwd, timeout)
