"""The FOCUS data model: the 1.2 columns this project reads, and how older or newer
column names map onto them.

FOCUS (FinOps Open Cost and Usage Specification) 1.2 is the reference. Files in the 1.0
and 1.1 column sets are accepted: their names are a subset of 1.2's, so the columns they
lack are read as NULL. A few names from drafts before 1.0 and from 1.3 are renamed.
Allowed values live in the Great Expectations suites (`expectations/*.json`), not here.
"""
from __future__ import annotations

from dataclasses import dataclass

FOCUS_VERSION = "1.2"

# Money is exact: DuckDB DECIMAL sums do not drift, so totals reconcile to the cent.
DECIMAL_TYPE = "DECIMAL(38, 10)"
# Charge periods are UTC; the staging layer stores them as naive UTC timestamps.
TIMESTAMP_TYPE = "TIMESTAMP"


@dataclass(frozen=True)
class Column:
    name: str
    kind: str           # string | decimal | timestamp | json
    requirement: str    # mandatory | conditional | recommended
    nullable: bool
    introduced: str

    @property
    def mandatory(self) -> bool:
        return self.requirement == "mandatory"

    @property
    def duckdb_type(self) -> str:
        return {"decimal": DECIMAL_TYPE, "timestamp": TIMESTAMP_TYPE}.get(self.kind, "VARCHAR")


COLUMNS: tuple[Column, ...] = (
    Column("AvailabilityZone", "string", "recommended", True, "0.5"),
    Column("BilledCost", "decimal", "mandatory", False, "0.5"),
    Column("BillingAccountId", "string", "mandatory", False, "0.5"),
    Column("BillingAccountName", "string", "mandatory", True, "0.5"),
    Column("BillingAccountType", "string", "conditional", False, "1.2"),
    Column("BillingCurrency", "string", "mandatory", False, "0.5"),
    Column("BillingPeriodEnd", "timestamp", "mandatory", False, "0.5"),
    Column("BillingPeriodStart", "timestamp", "mandatory", False, "0.5"),
    Column("CapacityReservationId", "string", "conditional", True, "1.1"),
    Column("CapacityReservationStatus", "string", "conditional", True, "1.1"),
    Column("ChargeCategory", "string", "mandatory", False, "0.5"),
    Column("ChargeClass", "string", "mandatory", True, "1.0"),
    Column("ChargeDescription", "string", "mandatory", True, "1.0-preview"),
    Column("ChargeFrequency", "string", "recommended", False, "1.0-preview"),
    Column("ChargePeriodEnd", "timestamp", "mandatory", False, "0.5"),
    Column("ChargePeriodStart", "timestamp", "mandatory", False, "0.5"),
    Column("CommitmentDiscountCategory", "string", "conditional", True, "1.0-preview"),
    Column("CommitmentDiscountId", "string", "conditional", True, "1.0-preview"),
    Column("CommitmentDiscountName", "string", "conditional", True, "1.0-preview"),
    Column("CommitmentDiscountQuantity", "decimal", "conditional", True, "1.1"),
    Column("CommitmentDiscountStatus", "string", "conditional", True, "1.0"),
    Column("CommitmentDiscountType", "string", "conditional", True, "1.0-preview"),
    Column("CommitmentDiscountUnit", "string", "conditional", True, "1.1"),
    Column("ConsumedQuantity", "decimal", "conditional", True, "1.0"),
    Column("ConsumedUnit", "string", "conditional", True, "1.0"),
    Column("ContractedCost", "decimal", "mandatory", False, "1.0"),
    Column("ContractedUnitPrice", "decimal", "conditional", True, "1.0"),
    Column("EffectiveCost", "decimal", "mandatory", False, "0.5"),
    Column("InvoiceId", "string", "recommended", True, "1.2"),
    Column("InvoiceIssuerName", "string", "mandatory", False, "0.5"),
    Column("ListCost", "decimal", "mandatory", False, "1.0-preview"),
    Column("ListUnitPrice", "decimal", "conditional", True, "1.0-preview"),
    Column("PricingCategory", "string", "conditional", True, "1.0-preview"),
    Column("PricingCurrency", "string", "conditional", True, "1.2"),
    Column("PricingCurrencyContractedUnitPrice", "decimal", "conditional", True, "1.2"),
    Column("PricingCurrencyEffectiveCost", "decimal", "conditional", True, "1.2"),
    Column("PricingCurrencyListUnitPrice", "decimal", "conditional", True, "1.2"),
    Column("PricingQuantity", "decimal", "mandatory", True, "1.0-preview"),
    Column("PricingUnit", "string", "mandatory", True, "1.0-preview"),
    Column("ProviderName", "string", "mandatory", False, "0.5"),
    Column("PublisherName", "string", "mandatory", False, "0.5"),
    Column("RegionId", "string", "conditional", True, "1.0"),
    Column("RegionName", "string", "conditional", True, "1.0"),
    Column("ResourceId", "string", "conditional", True, "0.5"),
    Column("ResourceName", "string", "conditional", True, "0.5"),
    Column("ResourceType", "string", "conditional", True, "1.0-preview"),
    Column("ServiceCategory", "string", "mandatory", False, "0.5"),
    Column("ServiceName", "string", "mandatory", False, "0.5"),
    Column("ServiceSubcategory", "string", "recommended", False, "1.1"),
    Column("SkuId", "string", "conditional", True, "1.0-preview"),
    Column("SkuMeter", "string", "conditional", True, "1.1"),
    Column("SkuPriceDetails", "json", "conditional", True, "1.1"),
    Column("SkuPriceId", "string", "conditional", True, "1.0-preview"),
    Column("SubAccountId", "string", "conditional", True, "0.5"),
    Column("SubAccountName", "string", "conditional", True, "0.5"),
    Column("SubAccountType", "string", "conditional", True, "1.2"),
    Column("Tags", "json", "conditional", True, "1.0-preview"),
)

BY_NAME: dict[str, Column] = {c.name: c for c in COLUMNS}
MANDATORY: tuple[str, ...] = tuple(c.name for c in COLUMNS if c.mandatory)
DECIMAL_COLUMNS: tuple[str, ...] = tuple(c.name for c in COLUMNS if c.kind == "decimal")
TIMESTAMP_COLUMNS: tuple[str, ...] = tuple(c.name for c in COLUMNS if c.kind == "timestamp")

# Names used by FOCUS drafts before 1.0 and by 1.3, mapped to their 1.2 column. A rename
# applies only when the file does not also carry the 1.2 name.
RENAMES: dict[str, str] = {
    "ServiceProviderName": "ProviderName",   # 1.3
    "AmortizedCost": "EffectiveCost",        # 0.5
    "ChargeType": "ChargeCategory",          # 0.5
    "UsageQuantity": "ConsumedQuantity",     # 1.0-preview
    "UsageUnit": "ConsumedUnit",             # 1.0-preview
    "Region": "RegionId",                    # 0.5
}

_CANONICAL_BY_LOWER = {c.name.lower(): c.name for c in COLUMNS}
_RENAMES_BY_LOWER = {old.lower(): new for old, new in RENAMES.items()}


def map_columns(source_columns: list[str]) -> dict[str, str]:
    """Map a file's column names to FOCUS 1.2 names: {1.2 name: source name}.

    Matching ignores case (some exports lower-case the names). Columns that are neither
    FOCUS columns nor known old names (provider `x_` extensions and the like) are left out.
    """
    mapping: dict[str, str] = {}
    for source in source_columns:
        canonical = _CANONICAL_BY_LOWER.get(source.strip().lower())
        if canonical and canonical not in mapping:
            mapping[canonical] = source
    for source in source_columns:
        canonical = _RENAMES_BY_LOWER.get(source.strip().lower())
        if canonical and canonical not in mapping:
            mapping[canonical] = source
    return mapping


def guess_version(source_columns: list[str]) -> str:
    """The oldest FOCUS version whose column set explains the file's columns (a hint for
    messages and the manifest; the loader does not depend on it)."""
    names = {c.strip().lower() for c in source_columns}
    if "serviceprovidername" in names and "providername" not in names:
        return "1.3"
    present = [BY_NAME[n] for n in (map_columns(source_columns))]
    if any(c.introduced == "1.2" for c in present):
        return "1.2"
    if any(c.introduced == "1.1" for c in present):
        return "1.1"
    if any(n.lower() in names for n in ("chargetype", "amortizedcost")):
        return "0.5"
    return "1.0"
