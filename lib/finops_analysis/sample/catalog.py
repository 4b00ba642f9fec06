"""The meter catalog for one window and scale: every group, meter and resource, with the
dimension entries its rows will point at, calibrated tags and prepared events.
"""
from __future__ import annotations

import json
import math
from decimal import Decimal
from dataclasses import dataclass, field

import numpy as np

from .company import (BILLING_ACCOUNTS, COST_CENTERS, CURRENCY, GROWTH_PER_MONTH, PROVIDERS, SUB_ACCOUNTS, TEAMS,
                      WEEKLY)
from .dims import Window, day_number, new_dims
from .event_plan import plan_events
from .events import EVENTS, max_quantity_factor
from .ids import resource_fields, sku_id, sku_price_id
from .money import price_e10, scale_price
from .services import RESOURCE_KINDS, SERVICES, SKUS
from .tag_assignment import assign_tags
from .workloads import LINES, REFERENCE_DAY, SPEND_FACTOR, Line

PATTERN_NAMES = tuple(WEEKLY)


@dataclass
class Catalog:
    window: Window
    scale: float
    seed: int
    dims: dict = field(default_factory=new_dims)
    sp_list: list = field(default_factory=list)        # ListUnitPrice per SKU price entry (1e-10 USD)
    sp_contracted: list = field(default_factory=list)
    sa_keys: list = field(default_factory=list)        # sub-account key (or "ba:<billing key>") per sa entry
    groups: dict = field(default_factory=dict)         # name -> array over groups
    meters: dict = field(default_factory=dict)         # name -> array over meters
    provider_slices: dict = field(default_factory=dict)
    events: list = field(default_factory=list)        # event_plan.EventPlan per injected event
    tag_compliant: np.ndarray | None = None
    tag_regressed: np.ndarray | None = None
    team_names: tuple = tuple(TEAMS)
    cc_codes: tuple = tuple(COST_CENTERS)
    _sp_index: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        # Entry 0 of every dimension is all NULL: rows without tags, resource or sub-account.
        for dim in self.dims.values():
            dim.add()
        self.sa_keys.append(None)
        self.sp_list.append(0)
        self.sp_contracted.append(0)

    # ---- dimension entries -------------------------------------------------------------
    def sa_entry(self, key: str) -> int:
        """The sa entry of a sub-account key, or of a billing account alone ("ba:<key>")."""
        if key in self.sa_keys[1:]:
            return self.sa_keys.index(key)
        if key.startswith("ba:"):
            ba, sub = BILLING_ACCOUNTS[key[3:]], None
        else:
            sub = SUB_ACCOUNTS[key]
            ba = BILLING_ACCOUNTS[sub.billing]
        prov = PROVIDERS[ba.provider]
        self.dims["sa"].add(
            BillingAccountId=ba.id, BillingAccountName=ba.name, BillingAccountType=ba.type,
            BillingCurrency=CURRENCY, InvoiceIssuerName=prov.name, ProviderName=prov.name, PublisherName=prov.name,
            SubAccountId=sub.id if sub else None, SubAccountName=sub.name if sub else None,
            SubAccountType=sub.type if sub else None)
        self.sa_keys.append(key)
        return len(self.sa_keys) - 1

    def sp_entry(self, sku_key: str, variant: str = "ondemand", *, price_factor: str = "1",
                 description: str | None = None, list_e10: int | None = None,
                 contracted_e10: int | None = None, **overrides: str | None) -> int:
        """A SKU price entry: the SKU's strings plus its list and contracted unit price."""
        key = (sku_key, variant)
        if key in self._sp_index:
            return self._sp_index[key]
        sku = SKUS[sku_key]
        svc = SERVICES[sku.service]
        prov = PROVIDERS[svc.provider]
        if list_e10 is None:
            list_e10 = scale_price(price_e10(sku.price), price_factor)
        if contracted_e10 is None:
            contracted_e10 = scale_price(list_e10, Decimal(1) - Decimal(prov.discount))
        values = dict(
            ServiceName=svc.name, ServiceCategory=svc.category, ServiceSubcategory=svc.subcategory,
            SkuId=sku_id(svc.provider, sku_key), SkuPriceId=sku_price_id(svc.provider, sku_key, variant),
            SkuMeter=sku.meter, SkuPriceDetails=json.dumps(sku.details, separators=(",", ":")) if sku.details else None,
            PricingUnit=sku.unit, ConsumedUnit=sku.unit, ChargeDescription=description or sku.description,
            RegionId=prov.region[0], RegionName=prov.region[1], ResourceType=RESOURCE_KINDS[sku.resource][0])
        values.update(overrides)
        index = self.dims["sp"].add(**values)
        self.sp_list.append(list_e10)
        self.sp_contracted.append(contracted_e10)
        self._sp_index[key] = index
        return index

    def custom_sp(self, key: tuple, list_e10: int, contracted_e10: int, **values: str | None) -> int:
        """A SKU price entry that is not in the price list (purchases, fees, tax, credits)."""
        if key not in self._sp_index:
            self._sp_index[key] = self.dims["sp"].add(**values)
            self.sp_list.append(list_e10)
            self.sp_contracted.append(contracted_e10)
        return self._sp_index[key]

    def freeze(self) -> None:
        for dim in self.dims.values():
            dim.freeze()
        self.sp_list = np.asarray(self.sp_list, dtype=np.int64)
        self.sp_contracted = np.asarray(self.sp_contracted, dtype=np.int64)

    @property
    def n_meters(self) -> int:
        return len(self.meters["group"])


def build_catalog(window: Window, scale: float, seed: int) -> Catalog:
    """Expand LINES into groups, meters and resources for this window and scale."""
    cat = Catalog(window, scale, seed)
    ref = day_number(REFERENCE_DAY)
    horizon = day_number(window.end) - ref
    g: dict[str, list] = {k: [] for k in ("n0", "growth", "pattern", "sigma", "fleet", "line", "sku")}
    m: dict[str, list] = {k: [] for k in ("group", "fleet", "slot", "cap", "q0", "sigma", "sa", "sp", "line",
                                          "sku", "resource")}
    res: dict[str, list] = {k: [] for k in ("line", "n")}
    sku_keys = list(SKUS)
    provider_of_line = []
    for li, line in enumerate(LINES):
        sub = SUB_ACCOUNTS[line.sa]
        provider = BILLING_ACCOUNTS[sub.billing].provider
        provider_of_line.append(provider)
        sa = cat.sa_entry(line.sa)
        rng = np.random.default_rng([seed, 17, li])
        product = line.product or sub.product
        growth = 0.0 if line.fixed or not line.grows else math.log1p(GROWTH_PER_MONTH[product]) / 30.4375
        pattern = PATTERN_NAMES.index(line.pattern)
        keys = [k for k, _ in line.skus]
        shares = np.array([s for _, s in line.skus], dtype=float)
        sps = [cat.sp_entry(k) for k in keys]
        contracted = np.array([cat.sp_contracted[i] for i in sps], dtype=float) / 1e10
        if line.fleet:
            caps = np.array([SKUS[k].capacity for k in keys])
            if line.fixed:
                n0 = float(max(1, round(line.fixed * scale)))
                slots = int(n0)
            else:
                n0 = line.usd * SPEND_FACTOR * scale / float(np.sum(shares / shares.sum() * contracted * caps))
                peak = n0 * math.exp(growth * max(horizon, 0)) * 1.06 * (1 + 4 * line.sigma) * _event_peak(line, keys)
                slots = int(math.ceil(peak)) + 1
            kinds = rng.choice(len(keys), size=slots, p=shares / shares.sum())
            _append_group(g, n0, growth, pattern, 0.0 if line.fixed else line.sigma, True, li, -1)
            first = len(res["line"])
            res["line"].extend([li] * slots)
            res["n"].extend(range(slots))
            _extend_meters(m, slots, group=len(g["n0"]) - 1, fleet=True, slot=np.arange(slots), cap=caps[kinds],
                           q0=0.0, sigma=0.0, sa=sa, sp=np.asarray(sps)[kinds], line=li,
                           sku=np.array([sku_keys.index(k) for k in keys])[kinds], resource=first + np.arange(slots))
        else:
            n_res = 1 if RESOURCE_KINDS[SKUS[keys[0]].resource][1] is None else max(1, round(line.n * scale))
            weights = rng.lognormal(0.0, 0.5, n_res)
            weights /= weights.sum()
            first = len(res["line"])
            res["line"].extend([li] * n_res)
            res["n"].extend(range(n_res))
            for k, key in enumerate(keys):
                _append_group(g, 1.0, growth, pattern, line.sigma, False, li, sku_keys.index(key))
                q0 = line.usd * SPEND_FACTOR * scale * shares[k] * weights / contracted[k]
                _extend_meters(m, n_res, group=len(g["n0"]) - 1, fleet=False, slot=-1.0, cap=0.0, q0=q0,
                               sigma=line.sigma * 0.6, sa=sa, sp=sps[k], line=li, sku=sku_keys.index(key),
                               resource=first + np.arange(n_res))
    cat.groups = {k: np.asarray(v) for k, v in g.items()}
    cat.meters = {k: np.concatenate(v) for k, v in m.items()}
    cat.groups["pattern_table"] = np.array([WEEKLY[p] for p in PATTERN_NAMES], dtype=float)
    _slice_providers(cat, provider_of_line)
    res_arrays = {k: np.asarray(v) for k, v in res.items()}
    _add_resources(cat, res_arrays)
    cat.meters["res"] = cat.meters["resource"] + 1     # res entry 0 is the NULL resource
    assign_tags(cat, res_arrays)
    plan_events(cat)
    return cat


def _event_peak(line: Line, keys: list[str]) -> float:
    factors = [max_quantity_factor(e) for e in EVENTS
               if any(e.selector.matches(line.sa, line.team, line.service, k) for k in keys)]
    return max(factors, default=1.0)


def _append_group(g, n0, growth, pattern, sigma, fleet, line, sku) -> None:
    for k, v in zip(("n0", "growth", "pattern", "sigma", "fleet", "line", "sku"),
                    (n0, growth, pattern, sigma, fleet, line, sku)):
        g[k].append(v)


def _extend_meters(m: dict, n: int, **values) -> None:
    """Append n meters; each value is a scalar (the same for all) or an array of n."""
    for k, v in values.items():
        m[k].append(np.broadcast_to(np.asarray(v), (n,)).copy())


def _slice_providers(cat: Catalog, provider_of_line: list[str]) -> None:
    prov = np.array([provider_of_line[li] for li in cat.meters["line"]])
    for p in PROVIDERS:
        idx = np.flatnonzero(prov == p)
        if len(idx) and not np.array_equal(idx, np.arange(idx[0], idx[-1] + 1)):
            raise AssertionError("LINES must list each provider's workloads together")
        cat.provider_slices[p] = slice(int(idx[0]), int(idx[-1]) + 1) if len(idx) else slice(0, 0)


def _add_resources(cat: Catalog, res: dict) -> None:
    """One res entry per resource, in resource order (so res index == resource index)."""
    for li, n in zip(res["line"], res["n"]):
        line = LINES[li]
        sub = SUB_ACCOUNTS[line.sa]
        prov = PROVIDERS[BILLING_ACCOUNTS[sub.billing].provider]
        kind = RESOURCE_KINDS[SKUS[line.skus[0][0]].resource]
        zonal = kind[0] in ("Instance", "Volume", "DB Instance", "Cache Node", "Virtual machine")
        zone = prov.zones[int(n) % len(prov.zones)] if zonal else None
        rid, name = resource_fields(kind[1:], seed=cat.seed, key=f"{li}:{n}", n=int(n) + 1, prefix=line.prefix,
                                    account=sub.id, region=prov.region[0], zone=zone)
        cat.dims["res"].add(ResourceId=rid, ResourceName=name, AvailabilityZone=zone)
