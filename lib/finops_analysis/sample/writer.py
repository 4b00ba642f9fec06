"""Writing the sample: Parquet month files in row groups, CSV files, and the atomic swap of
the finished folder into place.
"""
from __future__ import annotations

import csv
import json
import os
import shutil
import tempfile
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from ..errors import InputError
from .rows import SCHEMA, UNIT_PRICE_COLUMNS, RowBlock, to_table

MARKER = ".finops-sample.json"     # says "this folder is a generated sample" (safe to replace)
ROW_GROUP_ROWS = 262_144
DICTIONARY_COLUMNS = [f.name for f in SCHEMA if not pa.types.is_decimal(f.type) or f.name in UNIT_PRICE_COLUMNS]


class BackgroundWrites:
    """One worker thread that writes row groups while the next days are generated.

    Parquet encoding and compression release the GIL, so this overlaps them with the numpy
    work. A single worker keeps every file's row groups in submission order, and at most
    MAX_PENDING tables wait, which bounds memory.
    """
    MAX_PENDING = 2

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sample-writer")
        self._pending: list[Future] = []

    def submit(self, fn, *args) -> None:
        while len(self._pending) >= self.MAX_PENDING:
            self._pending.pop(0).result()
        self._pending.append(self._pool.submit(fn, *args))

    def wait(self) -> None:
        while self._pending:
            self._pending.pop(0).result()

    def close(self) -> None:
        try:
            self.wait()
        finally:
            self._pool.shutdown(wait=True)


class MonthFile:
    """One provider-month Parquet file, written in row groups of about ROW_GROUP_ROWS rows."""

    def __init__(self, path: Path, dims: dict, invoices: tuple[np.ndarray, pa.Array],
                 period_us: tuple[int, int], writes: BackgroundWrites) -> None:
        self._writes = writes
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path, self.dims, self.invoices, self.period_us = path, dims, invoices, period_us
        # Dictionary pages pay off for strings and unit prices; costs and quantities rarely
        # repeat, and plain-encoded they write faster and compress smaller.
        self._writer = pq.ParquetWriter(path, SCHEMA, compression="zstd", compression_level=6,
                                        use_dictionary=DICTIONARY_COLUMNS)
        self._pending: list[RowBlock] = []
        self._pending_rows = 0
        self.rows = 0

    def add(self, block: RowBlock) -> None:
        if len(block):
            self._pending.append(block)
            self._pending_rows += len(block)
        if self._pending_rows >= ROW_GROUP_ROWS:
            self._flush()

    def _flush(self) -> None:
        if not self._pending:
            return
        table = to_table(RowBlock.concat(self._pending), self.dims, self.invoices, self.period_us)
        self._writes.submit(self._writer.write_table, table, len(table))
        self.rows += len(table)
        self._pending, self._pending_rows = [], 0

    def close(self) -> int:
        self._flush()
        self._writes.submit(self._writer.close)
        return self.rows


def write_csv(path: Path, header: list[str], rows: list[list]) -> int:
    with open(path, "w", newline="") as handle:
        out = csv.writer(handle, lineterminator="\n")
        out.writerow(header)
        out.writerows(rows)
    return len(rows)


def check_target(target: Path) -> None:
    """Refuse a folder that holds anything but a previous sample."""
    if target.exists() and not target.is_dir():
        raise InputError("the sample output path exists and is not a folder", file=target,
                         hint="choose a new folder for --out")
    if target.is_dir() and any(target.iterdir()) and not (target / MARKER).is_file():
        raise InputError("refusing to write the sample into a folder that is not empty and is not a previous "
                         "sample (no .finops-sample.json in it)", file=target,
                         hint="choose an empty or new folder for --out, or remove the folder first")


@contextmanager
def staged_folder(target: Path, marker: dict) -> Iterator[Path]:
    """A temporary folder beside `target`; on success it replaces `target` (a failure leaves
    `target` as it was and removes the temporary folder)."""
    target = Path(target)
    check_target(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
    try:
        yield tmp
        (tmp / MARKER).write_text(json.dumps(marker, indent=2, sort_keys=True) + "\n")
        os.chmod(tmp, 0o755)
        old = None
        if target.exists():
            old = target.parent / f".{target.name}.old-{tmp.name.rsplit('-', 1)[-1]}"
            os.replace(target, old)
        os.replace(tmp, target)
        if old is not None:
            shutil.rmtree(old)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
