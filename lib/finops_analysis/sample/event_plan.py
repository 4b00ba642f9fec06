"""Injected events prepared for one catalog: which groups and meters each touches, the SKU
price entries after a price change, the tags after a tagging regression, and the premium of
previous-generation SKUs.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from dataclasses import dataclass
from datetime import date

import numpy as np

from .events import EVENTS, Event, quantity_factor
from .services import SKUS
from .workloads import LINES

if TYPE_CHECKING:
    from .catalog import Catalog


@dataclass
class EventPlan:
    event: Event
    groups: np.ndarray                 # bool per group
    meters: np.ndarray                 # bool per meter
    alt_sp: np.ndarray | None = None   # price events: the meter's SKU price entry afterwards
    alt_tag: np.ndarray | None = None  # tag events: the meter's tags afterwards


def plan_events(cat: "Catalog") -> None:
    m, g = cat.meters, cat.groups
    keys = list(SKUS)
    pairs, inverse = np.unique(np.stack([m["line"], m["sku"]], axis=1), axis=0, return_inverse=True)
    pair_match = np.array([[e.selector.matches(LINES[li].sa, LINES[li].team, LINES[li].service, keys[s])
                            for e in EVENTS] for li, s in pairs], dtype=bool).reshape(-1, len(EVENTS))
    match = pair_match[inverse.reshape(-1)]
    for i, event in enumerate(EVENTS):
        meters = match[:, i].copy()
        if event.kind in ("spike", "step", "weekend"):
            meters &= ~np.isin(m["line"], [li for li, l in enumerate(LINES) if l.fixed])
        if event.kind == "prevgen":
            meters &= np.array([SKUS[keys[s]].current_gen is not None for s in m["sku"]])
        groups = np.zeros(len(g["n0"]), dtype=bool)
        groups[m["group"][meters]] = True
        plan = EventPlan(event, groups, meters)
        if event.kind == "price":
            plan.alt_sp = m["sp"].copy()
            for s in np.unique(m["sp"][meters]):
                sku = keys[m["sku"][meters][m["sp"][meters] == s][0]]
                plan.alt_sp[m["sp"] == s] = cat.sp_entry(sku, f"from-{event.start}", price_factor=str(event.factor))
        if event.kind == "untag":
            plan.alt_tag = np.where(meters & (m["alt_tag"] >= 0), m["alt_tag"], m["tag"])
        cat.events.append(plan)
    premium = np.zeros(cat.n_meters, dtype=np.int64)
    for s in np.unique(m["sp"]):
        sku = SKUS[keys[m["sku"][m["sp"] == s][0]]]
        if sku.current_gen:
            premium[m["sp"] == s] = cat.sp_contracted[s] - cat.sp_contracted[cat.sp_entry(sku.current_gen)]
    m["prevgen_premium"] = premium


def event_level_factors(cat: "Catalog", day: date) -> np.ndarray:
    """Product of every quantity event's factor, per group, on one day."""
    factor = np.ones(len(cat.groups["n0"]))
    for plan in cat.events:
        f = quantity_factor(plan.event, day)
        if f != 1.0:
            factor[plan.groups] *= f
    return factor
