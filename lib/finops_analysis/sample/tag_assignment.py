"""Tags per resource: which resources stay non-compliant (calibrated on expected cost), the
tag set each one carries, and the variant the tagging regression leaves behind.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from . import tagging
from .company import SUB_ACCOUNTS
from .dims import day_number
from .events import EVENTS
from .model import slot_activity
from .workloads import LINES, REFERENCE_DAY

if TYPE_CHECKING:
    from .catalog import Catalog

# Share of usage cost left without full tags (before the tagging regression adds its part).
NONCOMPLIANT_SHARE = 0.147
_POOLS = {"net": "networking", "gcp-net": "networking", "obs": "observability", "sec": "security",
          "az-sec": "security", "cicd": "ci-cd"}


def expected_meter_cost(cat: "Catalog", day_mask: np.ndarray | None = None) -> np.ndarray:
    """Noise-free on-demand cost of each meter over the window (days where day_mask holds)."""
    ref = day_number(REFERENCE_DAY)
    days = np.arange(day_number(cat.window.start), day_number(cat.window.end))
    if day_mask is not None:
        days = days[day_mask]
    dow = (days + 3) % 7            # 1970-01-01 was a Thursday
    g = cat.groups
    levels = g["n0"][:, None] * np.exp(g["growth"][:, None] * (days - ref)[None, :]) \
        * g["pattern_table"][g["pattern"]][:, dow]
    m = cat.meters
    qty = np.where(m["fleet"], 0.0, m["q0"] * levels.sum(axis=1)[m["group"]])
    for gi in np.flatnonzero(g["fleet"]):
        idx = np.flatnonzero(m["group"] == gi)
        qty[idx] = m["cap"][idx] * slot_activity(levels[gi], m["slot"][idx].astype(float))
    price = np.asarray(cat.sp_contracted, dtype=float)[m["sp"]] / 1e10
    return qty * price


def assign_tags(cat: "Catalog", res: dict) -> None:
    """Tags per resource: calibrated non-compliance, plus the regression variant for search."""
    m = cat.meters
    n_res = len(res["line"])
    cost = np.bincount(m["resource"], weights=expected_meter_cost(cat), minlength=n_res)
    team = np.array([LINES[li].team for li in res["line"]])
    env = np.array([SUB_ACCOUNTS[LINES[li].sa].env for li in res["line"]])
    product = [LINES[li].product or SUB_ACCOUNTS[LINES[li].sa].product for li in res["line"]]
    search = team == "search"
    regression = next(e for e in EVENTS if e.kind == "untag")
    days = np.arange(day_number(cat.window.start), day_number(cat.window.end))
    late = days >= day_number(regression.start)
    late_cost = np.bincount(m["resource"], weights=expected_meter_cost(cat, late), minlength=n_res) if late.any() \
        else np.zeros(n_res)
    lost = float(late_cost[search].sum() / max(cost.sum(), 1e-9))
    # Untidy tags are likelier in dev and staging, and in accounts one team owns (where the
    # sub_account ownership rule still recovers the owner).
    dedicated = np.array([SUB_ACCOUNTS[LINES[li].sa].dedicated is not None for li in res["line"]])
    weight = np.select([env == "dev", env == "staging"], [4.0, 3.0], 1.0) * \
        np.where(np.array(product) == "shared", 1.5, 1.0) * np.where(dedicated, 3.0, 1.0)
    rng = np.random.default_rng([cat.seed, 29])
    noncompliant = tagging.choose_noncompliant(rng, cost, weight, ~search, max(0.0, NONCOMPLIANT_SHARE - lost))
    dim = cat.dims["tag"]
    compliant, regressed = [False], [False]          # tag entry 0: no tags at all
    res_tag = np.empty(n_res, dtype=np.int64)
    alt_tag = np.full(n_res, -1, dtype=np.int64)
    classes = [c[0] for c in tagging.NONCOMPLIANT_CLASSES]
    cum = np.cumsum([c[1] for c in tagging.NONCOMPLIANT_CLASSES])
    draws = rng.random((n_res, 8))
    klass = np.where(noncompliant, np.searchsorted(cum / cum[-1], draws[:, 6], side="right"), -1)
    seen: dict[tuple, tuple[int, int]] = {}
    for r in range(n_res):
        line = LINES[res["line"][r]]
        u = draws[r].tolist()
        extra = {"managed-by": "terraform" if u[7] < .8 else "console"}
        if line.sa in _POOLS:
            extra["cost-pool"] = _POOLS[line.sa]
        elif line.team == "platform":
            extra["cost-pool"] = "kubernetes"
        if line.team == "search":
            extra["app"] = "search-api"
        tags = tagging.build_tags(u, team=line.team, env=env[r], product=product[r], extra=extra,
                                  klass=classes[klass[r]] if klass[r] >= 0 else "compliant")
        key = tuple(tags.items())
        if key not in seen:
            base = _tag_entry(dim, tags, compliant, regressed, False)
            alt = _tag_entry(dim, tagging.without_team(tags), compliant, regressed, True) if search[r] else -1
            seen[key] = (base, alt)
        res_tag[r], alt_tag[r] = seen[key]
    cat.tag_compliant = np.asarray(compliant, dtype=bool)
    cat.tag_regressed = np.asarray(regressed, dtype=bool)
    m["tag"] = res_tag[m["resource"]]
    m["alt_tag"] = alt_tag[m["resource"]]


def _tag_entry(dim, tags: dict, compliant: list, regressed: list, is_regressed: bool) -> int:
    before = dim.size
    index = dim.intern(Tags=tagging.to_json(tags))
    if dim.size > before:
        compliant.append(tagging.is_compliant(tags))
        regressed.append(is_regressed)
    return index
