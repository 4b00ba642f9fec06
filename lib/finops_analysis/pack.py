"""Report packs: validate, run a pack's notebooks, render HTML and PDF, write exports and a
manifest, and swap the finished folder into place.

A folder is complete or absent: everything is built in a hidden `.partial-*` folder beside
the target and renamed into place at the end, so a failed or killed run leaves the previous
good pack untouched. A failed notebook keeps its executed copy under `OUT/.failed/`.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import sys
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Callable

from .config import Config
from .errors import ConfigError, ValidationFailed
from .run import NotebookFailed, declared_parameters, execute_many
from .warehouse import CACHE_ENV, alive as _alive, open_warehouse


@dataclass(frozen=True)
class PackSpec:
    """A kind of pack: its notebooks (in reading order) and how it is titled."""
    kind: str
    title: str
    notebooks: tuple[str, ...]
    cost_basis: str
    audience: str
    exports: tuple[str, ...] = ()


@dataclass
class PackRun:
    """What a pack build produced."""
    folder: Path
    pdf: Path
    html: Path
    manifest: Path
    seconds: float
    timings: dict = field(default_factory=dict)


MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
QUARTER = re.compile(r"^(\d{4})Q([1-4])$")


def parse_month(text: str) -> date:
    """'2026-10' -> date(2026, 10, 1); anything else is a clear error."""
    m = MONTH.match(str(text).strip())
    if not m:
        raise ConfigError(f"period {text!r} is not a month", hint="write the period as YYYY-MM, e.g. 2026-10")
    return date(int(m.group(1)), int(m.group(2)), 1)


def parse_quarter(text: str) -> tuple[date, date]:
    """'2026Q3' -> (first month, last month) of that calendar quarter."""
    m = QUARTER.match(str(text).strip().upper())
    if not m:
        raise ConfigError(f"quarter {text!r} is not a quarter", hint="write the quarter as YYYYQn, e.g. 2026Q3")
    year, q = int(m.group(1)), int(m.group(2))
    return date(year, 3 * q - 2, 1), date(year, 3 * q, 1)


def clean_stale(out_dir: Path) -> None:
    """Tidy up after runs that died (their process is gone): partial folders are removed,
    and a previous pack caught between the two renames of a swap is put back."""
    for pattern in (".partial-*", ".shared-*"):
        for path in Path(out_dir).glob(pattern):
            if _dead(path):
                shutil.rmtree(path, ignore_errors=True)
    for path in Path(out_dir).rglob(".old-*"):
        if _dead(path):
            original = path.parent / path.name[len(".old-"):].rsplit("-", 1)[0]
            if original.exists():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.rename(original)


def _dead(path: Path) -> bool:
    pid = path.name.rsplit("-", 1)[-1]
    return pid.isdigit() and not _alive(int(pid))


def validate_for_pack(data_dir: Path, config: Config, docs_dir: Path, say: Callable[[str], None]):
    """Validate before any number is computed: a critical failure stops the pack."""
    from .validate import validate_inputs

    say(f"validating {data_dir} ...")
    t = time.perf_counter()
    report = validate_inputs(data_dir, config, docs_dir=docs_dir)
    report.seconds = time.perf_counter() - t
    if not report.passed:
        raise ValidationFailed("the inputs failed validation; no pack was written\n\n" + report.summary(),
                               report=report)
    say(f"validation passed ({len(report.warnings)} warnings) in {report.seconds:.1f} s")
    return report


def build_pack(spec: PackSpec, name: str, parameters: dict, config: Config, data_dir: Path,
               out_dir: Path, notebooks_dir: Path, pack_meta: dict,
               exports: Callable[[Path], list[Path]] | None = None,
               progress: Callable[[str], None] | None = None, timeout: int = 600,
               validation=None, cache_dir: Path | None = None) -> PackRun:
    """Build the pack `name` (e.g. "monthly-2026-10") into out_dir/name, atomically.

    `validation` (a ValidationReport whose Data Docs folder is copied in) and `cache_dir`
    (a billing roll-up already computed) let several packs of one run share that work;
    without them the pack validates and rolls up itself."""
    from .report import merge_notebooks, render_html, render_pdf

    say = progress or (lambda line: print(line, file=sys.stderr, flush=True))
    started = time.perf_counter()
    timings: dict[str, float] = {}
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    clean_stale(out_dir)
    target = out_dir / name
    work = out_dir / f".partial-{name.replace('/', '_')}-{os.getpid()}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    try:
        if validation is None:
            report = validate_for_pack(data_dir, config, work / "validation", say)
        else:
            report = validation
            shutil.copytree(report.docs_index.parent, work / "validation")
        timings["validation"] = report.seconds
        # The billing roll-up every notebook reads, computed once and shared through a
        # cache folder (notebooks find it through $FINOPS_CACHE_DIR) instead of each
        # notebook rescanning the rows.
        cache = Path(cache_dir) if cache_dir else work / ".cache"
        if cache_dir is None:
            t = time.perf_counter()
            with open_warehouse(data_dir, config) as wh:
                wh.materialize(cache)
            timings["roll-up"] = time.perf_counter() - t
            say(f"billing roll-up computed in {timings['roll-up']:.1f} s")
        previous_cache = os.environ.get(CACHE_ENV)
        os.environ[CACHE_ENV] = str(cache)
        params = {**parameters, "data_dir": str(data_dir),
                  "config_path": str(config.path) if config.path else "",
                  "validation_summary": str(work / "validation" / "summary.json")}
        jobs = []
        for nb in spec.notebooks:   # each notebook gets the parameters it declares
            path = notebooks_dir / f"{nb}.ipynb"
            declared = declared_parameters(path)
            jobs.append((path, work / "notebooks" / f"{nb}.ipynb", {k: v for k, v in params.items() if k in declared}))
        t = time.perf_counter()
        try:
            runs = execute_many(jobs, cwd=notebooks_dir, timeout=timeout, progress=say)
        except NotebookFailed as exc:
            kept = _keep_failed(out_dir, name, work)
            raise exc.with_hint(f"the executed notebooks are kept in {kept} for debugging "
                                f"(open {exc.notebook} there); the previous pack is unchanged") from None
        timings["notebooks"] = time.perf_counter() - t
        timings.update({f"notebook {r.notebook.stem}": round(r.seconds, 2) for r in runs})
        written = exports(work) if exports else []
        _restore_env(CACHE_ENV, previous_cache)
        if cache_dir is None:
            shutil.rmtree(cache, ignore_errors=True)
        say("rendering HTML and PDF ...")
        t = time.perf_counter()
        html = render_html(merge_notebooks([r.output for r in runs]), pack_meta, config.project_path("reports", "templates"))
        stem = name.split("/")[0]          # showback-2026-10/payments/ holds showback-2026-10.pdf
        (work / f"{stem}.html").write_text(html, encoding="utf-8")
        render_pdf(html, work / f"{stem}.pdf")
        timings["render"] = time.perf_counter() - t
        timings["total"] = time.perf_counter() - started
        manifest = _manifest(spec, name, params, report, runs, written, work, timings, data_dir)
        (work / "manifest.json").write_text(json.dumps(manifest, indent=2, default=str))
        _swap(work, target)
    except BaseException:
        if "previous_cache" in locals():
            _restore_env(CACHE_ENV, previous_cache)
        shutil.rmtree(work, ignore_errors=True)
        raise
    return PackRun(folder=target, pdf=target / f"{stem}.pdf", html=target / f"{stem}.html",
                   manifest=target / "manifest.json", seconds=timings["total"], timings=timings)


def _restore_env(name: str, value: str | None) -> None:
    if value is None:
        os.environ.pop(name, None)
    else:
        os.environ[name] = value


def _swap(work: Path, target: Path) -> None:
    """Replace `target` with `work` in two renames; the old pack survives until the new one is in place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    old = target.parent / f".old-{target.name}-{os.getpid()}"
    if target.exists():
        target.rename(old)
    work.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def _keep_failed(out_dir: Path, name: str, work: Path, folder: Path | None = None) -> Path:
    """Copy the executed notebooks of a failed run to OUT/.failed/NAME-TIMESTAMP/."""
    source = folder or work / "notebooks"
    kept = out_dir / ".failed" / f"{name.replace('/', '_')}-{datetime.now():%Y%m%dT%H%M%S}"
    kept.parent.mkdir(parents=True, exist_ok=True)
    if source.exists():
        shutil.copytree(source, kept, dirs_exist_ok=True)
    else:
        kept.mkdir()
    return kept


def _manifest(spec: PackSpec, name: str, params: dict, report, runs, exports: list[Path], work: Path,
              timings: dict, data_dir: Path) -> dict:
    """Parameters, inputs (sha256 and rows), validation summary, versions, timings, outputs."""
    from .io import OPTIONAL_INPUTS

    inputs = [{"file": f.name, "sha256": f.sha256, "rows": f.rows, "format": f.format,
               "focus_version": f.focus_version} for f in report.files]
    for key, (fname, _) in OPTIONAL_INPUTS.items():
        path = Path(data_dir) / fname
        if path.is_file():
            inputs.append({"file": fname, "sha256": _sha256(path), "rows": _csv_rows(path), "format": "csv"})
    return {
        "pack": name, "kind": spec.kind, "title": spec.title, "audience": spec.audience,
        "created_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "parameters": {k: v for k, v in params.items() if k != "validation_summary"},
        "inputs": inputs,
        "validation": {k: v for k, v in report.to_dict().items() if k not in ("files",)},
        "notebooks": [{"notebook": r.notebook.name, "seconds": round(r.seconds, 2)} for r in runs],
        "exports": [str(p.relative_to(work)) for p in exports],
        "versions": _versions(),
        "timings_seconds": {k: round(v, 2) for k, v in timings.items()},
    }


def _versions() -> dict[str, str]:
    from importlib import metadata

    names = ("finops-analysis", "duckdb", "pandas", "numpy", "great-expectations", "papermill", "nbconvert",
             "weasyprint", "statsmodels", "matplotlib")
    out = {"python": sys.version.split()[0]}
    for n in names:
        try:
            out[n] = metadata.version(n)
        except metadata.PackageNotFoundError:
            out[n] = "not installed"
    return out


def _sha256(path: Path) -> str:
    import hashlib

    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _csv_rows(path: Path) -> int:
    with open(path, "rb") as handle:
        return max(sum(1 for _ in handle) - 1, 0)
