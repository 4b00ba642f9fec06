"""Dimension entries for rows that are not plain on-demand usage: charge kinds, commitment
rows (covered usage, unused capacity, purchases), fees, tax and credits.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .company import PROVIDERS
from .ids import sku_id, sku_price_id
from .services import SERVICES, SKUS

if TYPE_CHECKING:
    from .catalog import Catalog
    from .commitments import Commitment

# ChargeCategory, ChargeClass, ChargeFrequency
KINDS: dict[str, tuple[str, str | None, str]] = {
    "usage": ("Usage", None, "Usage-Based"),
    "fee": ("Usage", None, "Recurring"),
    "purchase-once": ("Purchase", None, "One-Time"),
    "purchase-monthly": ("Purchase", None, "Recurring"),
    "tax": ("Tax", None, "Recurring"),
    "credit": ("Credit", None, "One-Time"),
    "correction": ("Usage", "Correction", "Usage-Based"),
}


def kind_entries(cat: "Catalog") -> dict[str, int]:
    return {name: cat.dims["kind"].intern(ChargeCategory=c, ChargeClass=k, ChargeFrequency=f)
            for name, (c, k, f) in KINDS.items()}


def standard_cd(cat: "Catalog") -> int:
    """The cd entry of on-demand rows: PricingCategory Standard, no commitment."""
    return cat.dims["cd"].intern(PricingCategory="Standard")


def service_sp(cat: "Catalog", key: tuple, service: str, meter: str, description: str, *,
               unit: str | None = None, consumed: str | None = None, list_e10: int = 0, contracted_e10: int = 0,
               resource_type: str | None = None, regional: bool = True) -> int:
    """A SKU price entry for a fee, purchase or adjustment of a service."""
    svc = SERVICES[service]
    prov = PROVIDERS[svc.provider]
    name = "/".join(str(k) for k in key)
    return cat.custom_sp(
        key, list_e10, contracted_e10, ServiceName=svc.name, ServiceCategory=svc.category,
        ServiceSubcategory=svc.subcategory, SkuId=sku_id(svc.provider, name),
        SkuPriceId=sku_price_id(svc.provider, name), SkuMeter=meter, PricingUnit=unit, ConsumedUnit=consumed,
        ChargeDescription=description, RegionId=prov.region[0] if regional else None,
        RegionName=prov.region[1] if regional else None, ResourceType=resource_type)


def _covered_description(c: "Commitment", sku_key: str) -> str:
    sku = SKUS[sku_key]
    what = sku.details.get("InstanceType", sku.meter)
    return {"Savings Plan": f"Savings Plan covered usage: {what} instance hour",
            "Reserved Instance": f"Reserved instance applied: {what} instance hour",
            "Reservation": f"Reservation applied: {what} virtual machine hour",
            }.get(c.spec.type, f"Committed use discount applied: {what} instance hour")


def commitment_entries(cat: "Catalog", c: "Commitment") -> None:
    """Resource, sub-account, commitment and SKU price entries for one commitment's rows."""
    spec = c.spec
    c.sa = cat.sa_entry(spec.owner)
    c.res = cat.dims["res"].add(ResourceId=c.id, ResourceName=spec.name)
    unit = "Hours" if spec.category == "Usage" else "USD"
    common = dict(CommitmentDiscountId=c.id, CommitmentDiscountName=spec.name,
                  CommitmentDiscountCategory=spec.category, CommitmentDiscountType=spec.type,
                  CommitmentDiscountUnit=unit)
    cd = cat.dims["cd"]
    c.cd_used = cd.add(PricingCategory="Committed", CommitmentDiscountStatus="Used", **common)
    c.cd_unused = cd.add(PricingCategory="Committed", CommitmentDiscountStatus="Unused", **common)
    c.cd_purchase = cd.add(PricingCategory="Standard", **common)
    keys = list(SKUS)
    base_sp = cat.meters["sp"][c.eligible]
    c.committed_sp = np.empty(len(c.eligible), dtype=np.int64)
    for base in np.unique(base_sp):
        sku_key = keys[cat.meters["sku"][c.eligible][base_sp == base][0]]
        c.committed_sp[base_sp == base] = cat.sp_entry(
            sku_key, spec.key, description=_covered_description(c, sku_key), list_e10=int(cat.sp_list[base]),
            contracted_e10=int(cat.sp_contracted[base]))
    service = "savingsplans" if spec.type == "Savings Plan" else spec.service
    if spec.category == "Usage":
        base = cat.sp_entry(spec.sku)
        c.unused_price = (int(cat.sp_list[base]), int(cat.sp_contracted[base]))
        c.sp_unused = service_sp(cat, ("unused", spec.key), service, f"Unused {spec.type}",
                                 f"Unused {spec.type} hours: {SKUS[spec.sku].details.get('InstanceType')}",
                                 unit="Hours", list_e10=c.unused_price[0], contracted_e10=c.unused_price[1],
                                 resource_type=spec.type)
    else:
        c.sp_unused = service_sp(cat, ("unused", spec.key), service, f"Unused {spec.type}",
                                 f"Unused {spec.type} commitment ({spec.name})", resource_type=spec.type)
    term = "one-time upfront payment" if spec.payment == "All Upfront" else "monthly commitment fee"
    c.sp_purchase = service_sp(cat, ("purchase", spec.key), service, f"{spec.type} purchase",
                               f"{spec.name}: {term}", unit="Units", resource_type=spec.type)
