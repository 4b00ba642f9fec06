"""`finops run`: one notebook, ad hoc, with the analyst's parameters; the executed notebook
and its HTML land in OUT/runs/NOTEBOOK/ (replaced whole, like a pack)."""
from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .config import Config
from .pack import _keep_failed, _swap, clean_stale
from .run import NotebookFailed, coerce_parameters, declared_parameters, execute


@dataclass(frozen=True)
class AdhocRun:
    folder: Path
    notebook: Path
    html: Path
    seconds: float


def run_adhoc(notebook: Path, given: dict[str, str], config: Config, data_dir: str | None = None,
              out_dir: str | None = None, timeout: int = 600,
              progress: Callable[[str], None] | None = None) -> AdhocRun:
    """Run `notebook` with `given` parameters (checked against its parameters cell)."""
    from .report import merge_notebooks, render_html

    say = progress or (lambda _: None)
    params = coerce_parameters(notebook, given)
    declared = declared_parameters(notebook)
    if "data_dir" in declared and "data_dir" not in params:
        params["data_dir"] = str(Path(data_dir or config.data_dir).resolve())
    if "config_path" in declared and "config_path" not in params and config.path:
        params["config_path"] = str(config.path)
    target = Path(out_dir) if out_dir else config.out_dir / "runs" / notebook.stem
    target.parent.mkdir(parents=True, exist_ok=True)
    clean_stale(target.parent)
    work = target.parent / f".partial-{target.name}-{__import__('os').getpid()}"
    shutil.rmtree(work, ignore_errors=True)
    try:
        say(f"running {notebook.name} with {params or 'its defaults'} ...")
        try:
            done = execute(notebook, work / notebook.name, params, cwd=notebook.resolve().parent, timeout=timeout)
        except NotebookFailed as exc:
            kept = _keep_failed(target.parent, target.name, work, folder=work)
            raise exc.with_hint(f"the executed notebook is kept in {kept / notebook.name} for debugging") from None
        say(f"{notebook.name} done in {done.seconds:.1f} s; rendering HTML ...")
        title = notebook.stem.split("_", 1)[-1].replace("_", " ").capitalize()
        html = render_html(merge_notebooks([done.output]),
                           {"title": title, "subtitle": ", ".join(f"{k} = {v}" for k, v in given.items()),
                            "kicker": "Ad hoc run", "running_title": title}, config.project_path("reports", "templates"))
        (work / f"{notebook.stem}.html").write_text(html, encoding="utf-8")
        _swap(work, target)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return AdhocRun(target, target / notebook.name, target / f"{notebook.stem}.html", done.seconds)
