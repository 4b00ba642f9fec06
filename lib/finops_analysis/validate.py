"""Validation: Great Expectations suites (`expectations/*.json`) run on pandas batches
read through DuckDB, file by file and batch by batch, never one giant frame.

Each expectation carries a severity (critical stops a pack, warning goes into its data
quality appendix) and, in its meta, the batch kind it runs on (see validation_batches).
`validate_inputs` returns a ValidationReport and writes the Data Docs (HTML) atomically.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import pandas as pd

from .config import Config, load_config
from .errors import ConfigError, InputError
from .io import Inputs, connect, create_raw_views, describe_csv, discover_inputs
from .staging import REFERENCE_COLUMNS, create_stg_billing
from .sql import create_view
from .filecache import file_cache
from .validation_batches import (Batch, billing_folder_batches, billing_parse_batches, billing_profile,
                                 billing_row_batches, billing_schema_batches, billing_value_batches,
                                 reference_batches)
from .validation_report import FileSummary, Finding, ValidationReport

DATASETS = ("billing", "ownership", "usage_metrics", "budgets")
COMPLETE_MAX_ROWS = 10_000
DOCS_SITE = "finops"


def validate_inputs(data_dir: Path | str | None = None, config: Config | None = None,
                    docs_dir: Path | str | None = None, suites_dir: Path | str | None = None) -> ValidationReport:
    """Validate every input of a data folder; write Data Docs to `docs_dir` (default
    OUT/validation). Raises InputError for input that cannot be read at all."""
    started = time.perf_counter()
    config = config or load_config()
    data_dir = Path(data_dir or config.data_dir).resolve()
    con = connect(config.memory_limit, config.threads, config.temp_dir)
    hashing = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sha256")
    try:
        inputs = discover_inputs(data_dir, con)
        raw_views = create_raw_views(con, inputs)
        create_stg_billing(con, inputs, raw_views)
        runner = SuiteRunner(Path(suites_dir or config.project_path("expectations")),
                             {"currency": [config.currency]}, config.max_examples)
        # Each file's scans and hash are kept in the file cache while the file is unchanged,
        # so a pack over a year of exports scans only the new ones. The hashes (manifest, the
        # each-file-once check) are read in a thread while DuckDB scans: hashlib lets go of the GIL.
        cache = file_cache(config.cache_dir)
        digests = {f.name: hashing.submit(cache.text, f, "sha256", f.sha256) for f in inputs.billing}
        # the scans first (small frames), while Great Expectations starts in its thread
        parse = list(_collect(billing_parse_batches(con, inputs, cache)))
        values = list(_collect(billing_value_batches(con, inputs, runner.columns_for("billing", "values"), cache)))
        profile = _profile(con, inputs, cache)
        _read(runner.run_all, billing_schema_batches(inputs))
        runner.run_all(iter(parse))
        runner.run_all(iter(values))
        needed = runner.columns_for("billing", "rows")
        _read(runner.run_all, billing_row_batches(con, inputs, raw_views, needed, config.batch_rows))
        sha256 = {name: digest.result() for name, digest in digests.items()}
        folder = list(_collect(billing_folder_batches(con, inputs, sha256, profile)))
        runner.run_all(iter(folder))
        row_counts = dict(zip(folder[0].frame["_file"], folder[0].frame["rows"]))
        _validate_references(con, inputs, runner)
        files = [FileSummary(f.name, f.format, f.focus_version, int(row_counts[f.name]), sha256[f.name])
                 for f in inputs.billing]
        report = ValidationReport(
            data_dir=data_dir, findings=runner.findings(row_counts), files=files,
            present=[p.name for k in REFERENCE_COLUMNS if (p := inputs.optional(k)) is not None],
            absent=inputs.absent(), checks_run=runner.checks_run)
        target = Path(docs_dir) if docs_dir else config.out_dir / "validation"
        report.seconds = time.perf_counter() - started
        report.docs_index = runner.build_docs(target, report)
        return report
    finally:
        hashing.shutdown(wait=False, cancel_futures=True)
        con.close()


def _validate_references(con: duckdb.DuckDBPyConnection, inputs: Inputs, runner: "SuiteRunner") -> None:
    columns = {key: describe_csv(path, con, inputs.data_dir)
               for key in REFERENCE_COLUMNS if (path := inputs.optional(key)) is not None}
    has_ownership = "ownership" in columns and set(REFERENCE_COLUMNS["ownership"]) <= set(columns["ownership"])
    if has_ownership:
        create_view(con, "stg_ownership")
    for key, cols in columns.items():
        _read(runner.run_all, reference_batches(con, inputs, key, cols, has_ownership))


def _profile(con: duckdb.DuckDBPyConnection, inputs: Inputs, cache) -> pd.DataFrame:
    try:
        return billing_profile(con, inputs, cache)
    except duckdb.Error as exc:
        raise _unreadable(exc) from None


def _collect(batches):
    try:
        yield from batches
    except duckdb.Error as exc:
        raise _unreadable(exc) from None


def _unreadable(exc: duckdb.Error) -> InputError:
    return InputError(f"a billing file could not be read: {str(exc).strip().splitlines()[0]}",
                      hint="re-export the file named above (UTF-8 CSV with one header row, or Parquet)")


def _read(run, batches) -> None:
    run(_collect(batches))


class SuiteRunner:
    """Runs the expectations of one batch kind on each batch and collects Findings."""

    def __init__(self, suites_dir: Path, parameters: dict, max_examples: int) -> None:
        self.parameters = parameters
        self.max_examples = max_examples
        self.suites = {name: _load_suite(suites_dir, name) for name in DATASETS}
        self._registered: dict[tuple, object] = {}
        self._findings: dict[tuple, Finding] = {}
        self._checked: set[tuple] = set()
        self.results: list[tuple[str, str, object]] = []
        # Importing Great Expectations and making its context take seconds of pure Python:
        # a thread does it while DuckDB (which lets go of the GIL) reads the first batches.
        self._starting = ThreadPoolExecutor(max_workers=1, thread_name_prefix="gx-context")
        self._started = self._starting.submit(self._start_context)
        self._starting.shutdown(wait=False)

    def _start_context(self) -> None:
        os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
        import great_expectations as gx
        from great_expectations.data_context.types.base import ProgressBarsConfig

        self._gx = gx
        self.context = gx.get_context(mode="ephemeral")
        self.context.variables.progress_bars = ProgressBarsConfig(globally=False)
        # The ephemeral context makes a default docs site in a temp folder; ours replaces it.
        for site in list(self.context.variables.data_docs_sites or {}):
            folder = self.context.variables.data_docs_sites[site].get("store_backend", {}).get("base_directory")
            self.context.delete_data_docs_site(site)
            if folder and Path(folder).is_dir() and not any(Path(folder).iterdir()):
                Path(folder).rmdir()
        asset = self.context.data_sources.add_pandas("finops").add_dataframe_asset("inputs")
        self._definition = asset.add_batch_definition_whole_dataframe("frame")

    def _ready(self) -> None:
        """Wait for the context (re-raising what went wrong while making it)."""
        self._started.result()

    @property
    def checks_run(self) -> int:
        return len(self._checked)

    def columns_for(self, dataset: str, kind: str) -> set[str]:
        """Columns the expectations of a batch kind read (including their row conditions)."""
        cols: set[str] = set()
        for _, exp in self._expectations(dataset, kind):
            cols |= _columns(exp, with_condition=True)
        return cols

    def run_all(self, batches) -> None:
        for batch in batches:
            self.run(batch)

    def run(self, batch: Batch) -> None:
        frame_cols = set(batch.frame.columns)
        items = [(i, e) for i, e in self._expectations(batch.dataset, batch.kind)
                 if batch.kind == "schema" or _columns(e, with_condition=True) <= frame_cols]
        if not items:
            return
        files = list(batch.frame["_file"].dropna().unique()) if "_file" in frame_cols else list(batch.files)
        if batch.kind in ("schema", "files", "periods"):
            files = list(batch.files)
        self._checked.update((batch.dataset, i, f) for i, _ in items for f in files)
        result = self._validate(batch.frame, batch.dataset, batch.kind, [i for i, _ in items])
        self.results.append((self._suite_name(batch.dataset, batch.kind), batch.label, result))
        failed = [r for r in result.results if not r.success]
        split = [r for r in failed if not _is_error(r) and batch.kind != "schema"
                 and "unexpected_index_list" not in (r.result or {})]
        if split and "_file" in frame_cols and batch.frame["_file"].nunique() > 1:
            # A large batch spanning files, validated with SUMMARY results: find each failure's
            # files by validating the failed expectations again on each file's part.
            self._split_by_file(batch, [r.expectation_config.meta["index"] for r in split])
            failed = [r for r in failed if r not in split]
        for r in failed:
            index = r.expectation_config.meta["index"]
            self._attribute(batch, index, self.suites[batch.dataset]["expectations"][index], r)

    def _split_by_file(self, batch: Batch, indices: list[int]) -> None:
        for file, part in batch.frame.groupby("_file"):
            result = self._validate(part, batch.dataset, batch.kind, indices, complete=False)
            for r in result.results:
                if not r.success:
                    index = r.expectation_config.meta["index"]
                    self._add(batch, index, self.suites[batch.dataset]["expectations"][index], file,
                              int(r.result.get("unexpected_count", 0)), r.result.get("partial_unexpected_list") or [])

    def _attribute(self, batch: Batch, index: int, exp: dict, r) -> None:
        if _is_error(r):
            message = str(r.exception_info.get("exception_message") or "error").splitlines()[0]
            self._add(batch, index, exp, None, 0, [], error=message)
            return
        if batch.kind == "schema":
            for f in batch.files:
                self._add(batch, index, exp, f, None, [])
            return
        res = r.result or {}
        if "unexpected_index_list" in res:
            self._attribute_complete(batch, index, exp, res)
            return
        file = batch.frame["_file"].iloc[0] if "_file" in batch.frame.columns and len(batch.frame) else (
            batch.files[0] if len(batch.files) == 1 else None)
        self._add(batch, index, exp, file, int(res.get("unexpected_count", 0)),
                  res.get("partial_unexpected_list") or [])

    def _attribute_complete(self, batch: Batch, index: int, exp: dict, res: dict) -> None:
        """A small frame validated with COMPLETE results: each unexpected line is known, with
        its file (`_file`) and the number of charge rows it stands for (`_rows`)."""
        frame = batch.frame.loc[list(res["unexpected_index_list"])]
        source = exp.get("meta", {}).get("examples_from")
        values = frame[source].tolist() if source in frame.columns else list(res.get("unexpected_list") or [])
        weights = frame["_rows"].tolist() if "_rows" in frame.columns else [1] * len(frame)
        if batch.kind == "periods" or "_file" not in frame.columns:
            files = [batch.files[0] if len(batch.files) == 1 and batch.kind != "periods" else None] * len(frame)
        else:
            files = frame["_file"].tolist()
        grouped: dict = {}
        for file, weight, value in zip(files, weights, values):
            bad, examples = grouped.setdefault(file, [0, []])
            grouped[file][0] = bad + int(weight)
            examples.append(value)
        for file, (bad, examples) in grouped.items():
            self._add(batch, index, exp, file, bad, examples)

    def _add(self, batch: Batch, index: int, exp: dict, file, bad, examples, error=None) -> None:
        key = (batch.dataset, index, file)
        finding = self._findings.get(key)
        if finding is None:
            kw = exp["kwargs"]
            column = kw.get("column") or ", ".join(kw.get("column_list") or []) or (
                f"{kw['column_A']}, {kw['column_B']}" if "column_A" in kw else None)
            if batch.kind in ("duplicates",):
                column = None
            finding = Finding(dataset=batch.dataset, expectation=exp["type"], description=exp.get("description", exp["type"]),
                              severity=exp.get("severity", "critical"), kind=batch.kind, file=file, column=column,
                              bad_rows=None if bad is None else 0, hint=exp.get("meta", {}).get("hint"), error=error)
            self._findings[key] = finding
        if bad is not None:
            finding.bad_rows = (finding.bad_rows or 0) + bad
        for value in examples:
            text = _text(value)
            if text not in finding.examples and len(finding.examples) < self.max_examples:
                finding.examples.append(text)

    def findings(self, row_counts: dict[str, int]) -> list[Finding]:
        """The findings, with row totals; a value that did not parse is reported once, as
        unparsed, not again as blank (its typed value is NULL)."""
        unparsed = {(f.file, f.column): f.bad_rows or 0 for f in self._findings.values()
                    if f.kind == "parse" and not f.error}
        out = []
        for f in self._findings.values():
            if (f.kind in ("rows", "values") and f.expectation == "expect_column_values_to_not_be_null"
                    and (f.file, f.column) in unparsed and not f.error):
                f.bad_rows = (f.bad_rows or 0) - unparsed[(f.file, f.column)]
                if f.bad_rows <= 0:
                    continue
            out.append(f)
        for f in out:
            if f.dataset == "billing" and f.file in row_counts and f.kind in ("rows", "values", "parse", "currencies",
                                                                               "duplicates"):
                f.checked_rows = int(row_counts[f.file])
        return out

    def _expectations(self, dataset: str, kind: str):
        return [(i, e) for i, e in enumerate(self.suites[dataset]["expectations"])
                if e.get("meta", {}).get("batch") == kind]

    def _suite_name(self, dataset: str, kind: str) -> str:
        return f"{dataset}.{kind}"

    def _suite(self, dataset: str, kind: str, indices: list[int]):
        self._ready()
        key = (dataset, kind, tuple(indices))
        if key not in self._registered:
            exps = []
            for i in indices:
                exp = json.loads(json.dumps(self.suites[dataset]["expectations"][i]))
                exp.setdefault("meta", {})["index"] = i
                exps.append(exp)
            # One suite per expectation subset (files lack some columns); the first keeps the plain name.
            same_kind = sum(1 for d, k, _ in self._registered if (d, k) == (dataset, kind))
            name = self._suite_name(dataset, kind) + (f".{same_kind + 1}" if same_kind else "")
            suite = self._gx.ExpectationSuite(name=name, expectations=exps,
                                              meta={"description": self.suites[dataset]["meta"].get("description")})
            self._registered[key] = self.context.suites.add(suite)
        return self._registered[key]

    def _validate(self, frame, dataset: str, kind: str, indices: list[int], complete: bool | None = None):
        suite = self._suite(dataset, kind, indices)
        if complete is None:   # weighted frames need every unexpected line to count its rows
            complete = len(frame) <= COMPLETE_MAX_ROWS or "_rows" in frame.columns
        fmt = {"result_format": "COMPLETE"} if complete else {"result_format": "SUMMARY", "partial_unexpected_count": self.max_examples}
        batch = self._definition.get_batch(batch_parameters={"dataframe": frame})
        return batch.validate(suite, expectation_parameters=self.parameters, result_format=fmt)

    def build_docs(self, target: Path, report: ValidationReport) -> Path:
        """Write the Data Docs site and summary.json into `target`, replacing it whole."""
        self._ready()
        from great_expectations.core.run_identifier import RunIdentifier
        from great_expectations.data_context.types.resource_identifiers import (
            ExpectationSuiteIdentifier, ValidationResultIdentifier)

        target = Path(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = target.parent / f".{target.name}.partial-{os.getpid()}"
        shutil.rmtree(staging, ignore_errors=True)
        self.context.add_data_docs_site(DOCS_SITE, {
            "class_name": "SiteBuilder",
            "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(staging)},
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
        })
        run_id = RunIdentifier(run_name="finops-validate", run_time=datetime.now(timezone.utc))
        for n, (suite_name, label, result) in enumerate(self.results):
            ident = ValidationResultIdentifier(
                expectation_suite_identifier=ExpectationSuiteIdentifier(name=result.suite_name),
                run_id=run_id, batch_identifier=f"{n:04d}-{_slug(label)}")
            self.context.validation_results_store.set(ident, result)
        self.context.build_data_docs(site_names=[DOCS_SITE])
        (staging / "summary.json").write_text(json.dumps(report.to_dict(), indent=2, default=str))
        old = target.parent / f".{target.name}.old-{os.getpid()}"
        if target.exists():
            target.rename(old)
        staging.rename(target)
        shutil.rmtree(old, ignore_errors=True)
        return target / "index.html"


def _is_error(result) -> bool:
    return bool(result.exception_info and result.exception_info.get("raised_exception"))


def _load_suite(folder: Path, name: str) -> dict:
    path = folder / f"{name}.json"
    if not path.is_file():
        raise ConfigError(f"the expectation suite {name}.json is missing", file=path,
                          hint="restore the expectations/ folder from the repository")
    try:
        return json.loads(path.read_text())
    except json.JSONDecodeError as exc:
        raise ConfigError(f"the expectation suite is not valid JSON: {exc}", file=path) from None


def _columns(exp: dict, with_condition: bool = False) -> set[str]:
    kw = exp["kwargs"]
    cols = {kw[k] for k in ("column", "column_A", "column_B") if k in kw}
    cols |= set(kw.get("column_list") or [])
    cond = kw.get("row_condition")
    if with_condition and isinstance(cond, str):
        cols |= set(re.findall(r"\b([A-Za-z_][A-Za-z0-9_]*)\b(?=\s*(?:==|!=|\.|<|>))", cond))
    return cols


def _text(value) -> str:
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA or value is pd.NaT:
        return "(blank)"
    if isinstance(value, dict):
        return ", ".join(f"{k}={v}" for k, v in value.items())
    if isinstance(value, (tuple, list)):
        return " / ".join(_text(v) for v in value)
    return str(value)


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", text)[:120]
