"""What validation found, in a form a finance user can act on: one Finding per failed
expectation and file, and a ValidationReport that prints as a readable summary."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

UNITS = {"files": ("file", "files"), "periods": ("missing month", "missing months")}


@dataclass
class Finding:
    """A failed expectation in one file (or across the folder when file is None)."""
    dataset: str
    expectation: str
    description: str
    severity: str                # critical | warning
    kind: str                    # the batch kind it ran on
    file: str | None
    column: str | None
    bad_rows: int | None = None  # None for a missing column
    checked_rows: int | None = None
    examples: list[str] = field(default_factory=list)
    hint: str | None = None
    error: str | None = None     # the expectation could not run

    @property
    def unit(self) -> str:
        one, many = UNITS.get(self.kind, ("row", "rows"))
        return one if self.bad_rows == 1 else many

    def detail(self) -> str:
        if self.error:
            return f"could not be checked: {self.error}"
        if self.kind == "schema":
            return "column missing"
        text = f"{self.bad_rows:,} {self.unit}"
        if self.checked_rows:
            text += f" of {self.checked_rows:,}"
        if self.kind == "duplicates" and self.examples:
            return text + " also appear in " + ", ".join(self.examples)
        if self.examples:
            text += ", e.g. " + ", ".join(_quote(v) for v in self.examples)
        return text


@dataclass
class FileSummary:
    name: str
    format: str
    focus_version: str
    rows: int
    sha256: str


@dataclass
class ValidationReport:
    data_dir: Path
    findings: list[Finding]
    files: list[FileSummary]
    present: list[str]                     # optional inputs found
    absent: list[tuple[str, str]]          # optional inputs missing, with what they would fill
    checks_run: int = 0
    docs_index: Path | None = None
    seconds: float = 0.0

    @property
    def critical(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "critical"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity != "critical"]

    @property
    def passed(self) -> bool:
        return not self.critical

    @property
    def billing_rows(self) -> int:
        return sum(f.rows for f in self.files)

    def summary(self) -> str:
        """The readable summary `finops validate` prints."""
        versions = sorted({f.focus_version for f in self.files})
        lines = [
            f"Validation of {self.data_dir}",
            f"  billing: {len(self.files)} files, {self.billing_rows:,} rows (FOCUS {', '.join(versions)} column sets)",
        ]
        for name in self.present:
            lines.append(f"  {name}: present")
        for name, effect in self.absent:
            lines.append(f"  {name}: absent (optional) - {effect}")
        groups = self.grouped()
        critical = sum(1 for g in groups if g[0].severity == "critical")
        lines.append(f"  {self.checks_run:,} checks run in {self.seconds:.1f} s: "
                     f"{_count(critical, 'critical failure')}, {_count(len(groups) - critical, 'warning')}")
        for group in self.grouped():
            first = group[0]
            lines.append("")
            lines.append(f"{first.severity.upper():8}  {first.dataset}: {first.description}")
            lines.append(f"          {_where(group)}: {_detail(group)}")
            if len(group) > 1:
                names = [f.file for f in group]
                shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
                lines.append(f"          files: {shown}")
            if first.hint:
                lines.append(f"          what to do: {first.hint}")
        lines.append("")
        if self.docs_index:
            lines.append(f"Data Docs: {self.docs_index}")
        if self.passed:
            warned = sum(1 for g in groups if g[0].severity != "critical")
            verdict = "PASSED" + (f" with {_count(warned, 'warning')}" if warned else "")
        else:
            verdict = f"FAILED: {_count(critical, 'critical failure')}; fix them and run finops validate again"
        lines.append(f"Result: {verdict}")
        return "\n".join(lines)

    def grouped(self) -> list[list[Finding]]:
        """Findings of the same expectation across files, critical first."""
        groups: dict[tuple, list[Finding]] = {}
        for f in sorted(self.findings, key=lambda f: (f.severity != "critical", f.dataset, f.description,
                                                      f.column or "", f.file or "")):
            groups.setdefault((f.severity, f.dataset, f.description, f.column, f.error), []).append(f)
        return list(groups.values())

    def to_dict(self) -> dict:
        """A JSON-ready summary (written beside the Data Docs; packs copy it into manifests)."""
        return {
            "data_dir": str(self.data_dir),
            "passed": self.passed,
            "critical": len(self.critical),
            "warnings": len(self.warnings),
            "checks_run": self.checks_run,
            "seconds": round(self.seconds, 2),
            "files": [asdict(f) for f in self.files],
            "optional_present": self.present,
            "optional_absent": [name for name, _ in self.absent],
            "findings": [asdict(f) for f in self.findings],
        }


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _where(group: list[Finding]) -> str:
    first = group[0]
    parts = []
    if len(group) == 1 and first.file:
        parts.append(f"file {first.file}")
    if first.column:
        parts.append(f"column {first.column}")
    return ", ".join(parts) or "all files"


def _detail(group: list[Finding]) -> str:
    if len(group) == 1:
        return group[0].detail()
    first = group[0]
    if first.error:
        return f"could not be checked: {first.error}"
    if first.kind == "schema":
        return f"column missing in {len(group)} files"
    bad = sum(f.bad_rows or 0 for f in group)
    checked = sum(f.checked_rows or 0 for f in group)
    merged = Finding(**{**first.__dict__, "bad_rows": bad, "checked_rows": checked or None, "examples": []})
    examples = list(dict.fromkeys(e for f in group for e in f.examples))[:5]
    text = merged.detail() + f" in {len(group)} files"
    return text + (", e.g. " + ", ".join(_quote(v) for v in examples) if examples else "")


def _quote(value: str) -> str:
    text = str(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return repr(text)


def summary_tables(summary: dict):
    """(files, findings) frames from a validation summary (ValidationReport.to_dict()):
    one row per billing file; one row per expectation that failed, across files."""
    import pandas as pd

    from .tables import with_meta

    files = pd.DataFrame(summary.get("files", []))
    if len(files):
        files = files.assign(sha256=files["sha256"].str[:12] + "...")[["name", "format", "focus_version", "rows", "sha256"]]
    rows = []
    groups: dict = {}
    for f in summary.get("findings", []):
        key = (f["severity"], f["dataset"], f["description"], f.get("column"))
        g = groups.setdefault(key, {"severity": f["severity"], "input": f["dataset"], "check": f["description"],
                                    "column": f.get("column") or "", "files": 0, "bad_rows": 0, "examples": []})
        g["files"] += 1
        g["bad_rows"] += f.get("bad_rows") or 0
        g["examples"] += [e for e in f.get("examples", []) if e not in g["examples"]][:3]
    for g in sorted(groups.values(), key=lambda g: (g["severity"] != "critical", g["check"])):
        rows.append({**g, "examples": ", ".join(g["examples"][:3])})
    findings = pd.DataFrame(rows, columns=["severity", "input", "check", "column", "files", "bad_rows", "examples"])
    return (with_meta(files, grain="one row per billing file"),
            with_meta(findings, grain="one row per check that failed (warnings included), across files"))
