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
        lines.append(f"  {self.checks_run:,} checks run in {self.seconds:.1f} s: "
                     f"{len(self.critical)} critical failures, {len(self.warnings)} warnings")
        for finding in sorted(self.findings, key=lambda f: (f.severity != "critical", f.dataset,
                                                            f.description, f.file or "")):
            lines.append("")
            lines.append(f"{finding.severity.upper():8}  {finding.dataset}: {finding.description}")
            where = ", ".join(x for x in (f"file {finding.file}" if finding.file else "",
                                          f"column {finding.column}" if finding.column else "") if x)
            lines.append(f"          {where}: {finding.detail()}" if where else f"          {finding.detail()}")
            if finding.hint:
                lines.append(f"          what to do: {finding.hint}")
        lines.append("")
        if self.docs_index:
            lines.append(f"Data Docs: {self.docs_index}")
        if self.passed:
            verdict = "PASSED" + (f" with {len(self.warnings)} warnings" if self.warnings else "")
        else:
            verdict = f"FAILED: {len(self.critical)} critical failures; fix them and run finops validate again"
        lines.append(f"Result: {verdict}")
        return "\n".join(lines)

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


def _quote(value: str) -> str:
    text = str(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return repr(text)
