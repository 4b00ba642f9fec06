"""What each billing file yields, kept between runs: its roll-up, its validation scans and
its hash, in `cache_dir` (finops.yaml; default .finops-cache/, safe to delete).

Billing exports arrive one file per provider per month and never change afterwards, so a
monthly pack over a year of history need only scan the new month: every other file's
results are read back from here. An entry is reused while the file's path, size and
modification time, and the recipe that computed it (its SQL, which carries the file's
columns and types and the suite's needs, and the DuckDB version) stay the same; anything
else is a new entry, and the older entries of that file and kind are removed when it is
written. Entries are written to a temporary name and renamed, so a killed run leaves no
half-written entry behind.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

import duckdb

from .io import SourceFile
from .sql import quote_literal

CACHE_VERSION = 1       # bump when what an entry means changes without its SQL changing


def _digest(value) -> str:
    return hashlib.sha1(json.dumps(value, default=str).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class FileCache:
    """Per-file results; `folder` None keeps nothing (every relation is computed inline)."""
    folder: Path | None

    def entry(self, source: SourceFile, kind: str, recipe: str, suffix: str = ".parquet") -> Path | None:
        """Where the result of `recipe` over `source` is kept, or None without a cache."""
        if self.folder is None:
            return None
        stat = source.path.stat()
        key = [CACHE_VERSION, duckdb.__version__, stat.st_size, stat.st_mtime_ns, recipe]
        return self.folder / f"{self._owner(source)}-{kind}-{_digest(key)}{suffix}"

    def relation(self, con: duckdb.DuckDBPyConnection, source: SourceFile, kind: str, sql: str) -> str:
        """Something to SELECT FROM that holds the result of `sql` over `source`: its cache
        entry (written first when missing), or the query itself without a cache."""
        path = self.entry(source, kind, sql)
        if path is None:
            return f"({sql})"
        if not path.is_file():
            self._publish(source, kind, path, lambda tmp: con.execute(
                f"COPY ({sql}) TO {quote_literal(str(tmp))} (FORMAT parquet)"))
        return f"read_parquet({quote_literal(str(path))})"

    def text(self, source: SourceFile, kind: str, compute) -> str:
        """A short text result (a file's hash): read back, or computed and kept."""
        path = self.entry(source, kind, kind, suffix=".txt")
        if path is None:
            return compute()
        if path.is_file():
            return path.read_text()
        value = compute()
        self._publish(source, kind, path, lambda tmp: tmp.write_text(value))
        return value

    def _publish(self, source: SourceFile, kind: str, path: Path, write) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}")
        try:
            write(tmp)
            for stale in path.parent.glob(f"{self._owner(source)}-{kind}-*"):
                if stale != path:
                    stale.unlink(missing_ok=True)
            tmp.replace(path)
        finally:
            tmp.unlink(missing_ok=True)

    @staticmethod
    def _owner(source: SourceFile) -> str:
        return _digest(str(source.path.resolve()))


def file_cache(folder: Path | str | None) -> FileCache:
    return FileCache(Path(folder) if folder else None)
