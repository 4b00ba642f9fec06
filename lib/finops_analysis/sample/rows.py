"""A block of billing rows as parallel numpy arrays, and its conversion to an Arrow table.

A row is six dimension indexes (sub-account, SKU price, resource, tags, commitment, charge
kind) plus numbers: charge period bounds in microseconds and money, prices and quantities
as scaled integers (NULL where the sentinel is).
"""
from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
import pyarrow as pa

from .. import schema
from .dims import COLUMN_DIM, US_PER_DAY
from .money import NULL

INDEX_FIELDS = ("sa", "sp", "res", "tag", "cd", "kind")
# int64 fields: (FOCUS column, decimal scale)
MONEY_FIELDS = {"billed": ("BilledCost", 6), "effective": ("EffectiveCost", 6), "list_cost": ("ListCost", 6),
                "contracted_cost": ("ContractedCost", 6), "list_price": ("ListUnitPrice", 10),
                "contracted_price": ("ContractedUnitPrice", 10), "pricing_qty": ("PricingQuantity", 6),
                "consumed_qty": ("ConsumedQuantity", 6), "cd_qty": ("CommitmentDiscountQuantity", 6)}
UNIT_PRICE_COLUMNS = {"ListUnitPrice", "ContractedUnitPrice", "PricingCurrencyContractedUnitPrice",
                      "PricingCurrencyListUnitPrice"}


@dataclass
class RowBlock:
    sa: np.ndarray
    sp: np.ndarray
    res: np.ndarray
    tag: np.ndarray
    cd: np.ndarray
    kind: np.ndarray
    start_us: np.ndarray
    end_us: np.ndarray
    billed: np.ndarray
    effective: np.ndarray
    list_cost: np.ndarray
    contracted_cost: np.ndarray
    list_price: np.ndarray
    contracted_price: np.ndarray
    pricing_qty: np.ndarray
    consumed_qty: np.ndarray
    cd_qty: np.ndarray
    cc: np.ndarray          # cost center index (not written; for budgets)

    def __len__(self) -> int:
        return len(self.sa)

    @classmethod
    def build(cls, n: int, **values) -> "RowBlock":
        """A block of n rows; scalars broadcast, missing money/quantity fields are NULL."""
        out = {}
        for f in fields(cls):
            v = values.get(f.name, NULL if f.name in MONEY_FIELDS else 0)
            out[f.name] = np.broadcast_to(np.asarray(v, dtype=np.int64), (n,)).copy() if np.ndim(v) == 0 \
                else np.asarray(v, dtype=np.int64)
        return cls(**out)

    @classmethod
    def concat(cls, blocks: list["RowBlock"]) -> "RowBlock":
        return cls(**{f.name: np.concatenate([getattr(b, f.name) for b in blocks]) for f in fields(cls)})


def daily_period(day_no: int, n: int) -> tuple[np.ndarray, np.ndarray]:
    start = np.full(n, day_no * US_PER_DAY, dtype=np.int64)
    return start, start + US_PER_DAY


def arrow_schema() -> pa.Schema:
    """FOCUS 1.2 columns with Parquet-friendly physical types."""
    out = []
    for col in schema.COLUMNS:
        if col.kind == "timestamp":
            typ = pa.timestamp("us", tz="UTC")
        elif col.kind == "decimal":
            # unit prices keep 10 decimals and room for a commitment bought up front for more
            # than $100M (a 200M-row month's company buys such); amounts keep 6 decimals
            typ = pa.decimal128(28, 10) if col.name in UNIT_PRICE_COLUMNS else pa.decimal128(18, 6)
        else:
            typ = pa.dictionary(pa.int32(), pa.string())
        out.append(pa.field(col.name, typ, nullable=True))
    return pa.schema(out)


SCHEMA = arrow_schema()


def _decimal(values: np.ndarray, typ: pa.DataType) -> pa.Array:
    """Scaled int64 values as a decimal128 array without a per-value Python loop."""
    valid = values != NULL
    v = np.where(valid, values, 0)
    if len(v) and int(np.abs(v).max()) >= 10 ** typ.precision:
        raise OverflowError(f"a value does not fit {typ}")
    words = np.empty((len(v), 2), dtype=np.int64)
    words[:, 0] = v
    words[:, 1] = v >> 63          # two's complement sign extension to 128 bits
    buffers = [None, pa.py_buffer(words.tobytes())]
    nulls = int((~valid).sum())
    if nulls:
        buffers[0] = pa.py_buffer(np.packbits(valid, bitorder="little").tobytes())
    return pa.Array.from_buffers(typ, len(v), buffers, null_count=nulls)


def _dictionary(codes: np.ndarray, dictionary: pa.Array) -> pa.Array:
    """Codes into a dictionary, compacted to the values this block uses (-1 = NULL)."""
    used = np.zeros(len(dictionary) + 1, dtype=bool)
    used[codes + 1] = True
    used[0] = False
    remap = np.cumsum(used) - 1
    values = dictionary.take(pa.array(np.flatnonzero(used[1:]).astype(np.int32)))
    indices = pa.array(remap[codes + 1].astype(np.int32), mask=codes < 0)
    return pa.DictionaryArray.from_arrays(indices, values)


def to_table(block: RowBlock, dims: dict, invoices: tuple[np.ndarray, pa.Array],
             period_us: tuple[int, int]) -> pa.Table:
    """The block as an Arrow table in SCHEMA order.

    invoices: the InvoiceId code of each sa entry (-1 = none) and the month's invoice ids.
    """
    n = len(block)
    money = {col: key for key, (col, _) in MONEY_FIELDS.items()}
    arrays = []
    for fld in SCHEMA:
        name = fld.name
        if name in COLUMN_DIM:
            dim = dims[COLUMN_DIM[name]]
            codes = dim.codes[name][getattr(block, COLUMN_DIM[name])]
            arrays.append(_dictionary(codes, dim.dictionaries[name]))
        elif name == "InvoiceId":
            arrays.append(_dictionary(invoices[0][block.sa], invoices[1]))
        elif name in ("ChargePeriodStart", "ChargePeriodEnd"):
            us = block.start_us if name.endswith("Start") else block.end_us
            arrays.append(pa.array(us, type=fld.type))
        elif name in ("BillingPeriodStart", "BillingPeriodEnd"):
            us = period_us[0] if name.endswith("Start") else period_us[1]
            arrays.append(pa.array(np.full(n, us, dtype=np.int64), type=fld.type))
        elif name in money:
            arrays.append(_decimal(getattr(block, money[name]), fld.type))
        else:
            arrays.append(pa.nulls(n, type=fld.type))
    return pa.Table.from_arrays(arrays, schema=SCHEMA)
