"""Dimension tables: the string columns of a row come from a handful of small tables
(sub-account, SKU price, resource, tags, commitment, charge kind), so a row is a few integer
indexes and every string column is a dictionary-encoded gather.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
import pyarrow as pa

# Which FOCUS string columns each dimension carries.
DIM_COLUMNS: dict[str, tuple[str, ...]] = {
    "sa": ("BillingAccountId", "BillingAccountName", "BillingAccountType", "BillingCurrency",
           "InvoiceIssuerName", "ProviderName", "PublisherName", "SubAccountId", "SubAccountName",
           "SubAccountType"),
    "sp": ("ServiceName", "ServiceCategory", "ServiceSubcategory", "SkuId", "SkuPriceId", "SkuMeter",
           "SkuPriceDetails", "PricingUnit", "ConsumedUnit", "ChargeDescription", "RegionId", "RegionName",
           "ResourceType"),
    "res": ("ResourceId", "ResourceName", "AvailabilityZone"),
    "tag": ("Tags",),
    "cd": ("PricingCategory", "CommitmentDiscountId", "CommitmentDiscountName", "CommitmentDiscountCategory",
           "CommitmentDiscountType", "CommitmentDiscountStatus", "CommitmentDiscountUnit"),
    "kind": ("ChargeCategory", "ChargeClass", "ChargeFrequency"),
}
COLUMN_DIM: dict[str, str] = {col: dim for dim, cols in DIM_COLUMNS.items() for col in cols}


class Dim:
    """Entries with a few string columns; each column keeps its own dictionary of values."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.columns = DIM_COLUMNS[name]
        self._lookup: dict[str, dict[str, int]] = {c: {} for c in self.columns}
        self._codes: dict[str, list[int]] = {c: [] for c in self.columns}
        self._interned: dict[tuple, int] = {}
        self.size = 0
        self.codes: dict[str, np.ndarray] = {}
        self.dictionaries: dict[str, pa.Array] = {}

    def add(self, **values: str | None) -> int:
        """A new entry; a column left out is NULL."""
        unknown = set(values) - set(self.columns)
        if unknown:
            raise KeyError(f"{self.name} has no column {sorted(unknown)}")
        for col in self.columns:
            value = values.get(col)
            lookup = self._lookup[col]
            self._codes[col].append(-1 if value is None else lookup.setdefault(value, len(lookup)))
        self.size += 1
        return self.size - 1

    def intern(self, **values: str | None) -> int:
        """The index of an entry with exactly these values, added if new."""
        key = tuple(values.get(c) for c in self.columns)
        if key not in self._interned:
            self._interned[key] = self.add(**values)
        return self._interned[key]

    def freeze(self) -> None:
        """Turn the entries into code arrays and Arrow dictionaries (call once, after the last add)."""
        for col in self.columns:
            self.codes[col] = np.asarray(self._codes[col], dtype=np.int32)
            self.dictionaries[col] = pa.array(list(self._lookup[col]), type=pa.string())
        self._codes = {c: [] for c in self.columns}


def new_dims() -> dict[str, Dim]:
    return {name: Dim(name) for name in DIM_COLUMNS}


EPOCH = date(1970, 1, 1)
US_PER_DAY = 86_400 * 1_000_000


def day_number(d: date) -> int:
    """Days since 1970-01-01 (UTC midnight of that day is day_number x US_PER_DAY microseconds)."""
    return (d - EPOCH).days


def from_day_number(n: int) -> date:
    return EPOCH + timedelta(days=int(n))


def add_months(d: date, months: int) -> date:
    index = d.year * 12 + d.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Window:
    """The billing months the sample covers: `months` whole months ending with `end_month`."""
    start: date                      # first day (a 1st)
    end: date                        # first day after the window (a 1st)
    months: tuple[date, ...] = field(default=())

    @classmethod
    def ending(cls, end_month: str, months: int) -> "Window":
        year, month = (int(p) for p in end_month.split("-"))
        last = date(year, month, 1)
        first = add_months(last, -(months - 1))
        return cls(first, add_months(last, 1), tuple(add_months(first, i) for i in range(months)))

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    def contains(self, d: date) -> bool:
        return self.start <= d < self.end
