"""Day-by-day generation: quantities from the model, injected events, the commitment split,
and one RowBlock per provider per day, plus the statistics the README reports.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from .catalog import Catalog
from .commitments import Commitment, allocate
from .company import COST_CENTERS, SHARED_COST_CENTER, TEAMS
from .dims import day_number
from .entries import kind_entries, standard_cd
from .event_plan import event_level_factors
from .events import EventSize, quantity_factor
from .model import day_rng, group_levels, meter_quantities
from .money import mul_round, to_micro
from .rows import RowBlock, daily_period
from .services import SERVICES, SKUS
from .workloads import LINES, REFERENCE_DAY

# Commitment-eligible usage, for coverage: instance-hours of VMs and relational databases.
ELIGIBLE_SUBCATEGORIES = ("Virtual Machines", "Relational Databases")


@dataclass
class CommitmentStats:
    used: int = 0            # micro-dollars of amortized cost on Used rows
    unused: int = 0
    used_units: int = 0      # micro-hours (Usage) or micro-dollars (Spend)
    unused_units: int = 0
    by_month: dict = field(default_factory=dict)   # month -> [used, unused] micro-dollars

    @property
    def utilization(self) -> float:
        total = self.used + self.unused
        return self.used / total if total else 0.0


@dataclass
class Stats:
    """Running totals the README and the summary report."""
    covered_contracted: int = 0
    eligible_contracted: int = 0
    covered_list: int = 0
    eligible_list: int = 0
    compliant_cost: int = 0
    usage_cost: int = 0
    total_cost: int = 0
    all_compliant_cost: int = 0
    commitments: dict = field(default_factory=dict)
    events: dict = field(default_factory=dict)
    cost_center_month: dict = field(default_factory=dict)   # (month, cc code) -> EffectiveCost (float USD)
    refund_qty: int = 0


class DayGenerator:
    """Generates the usage rows of one day at a time."""

    def __init__(self, cat: Catalog, commitments: list[Commitment], stats: Stats) -> None:
        self.cat, self.commitments, self.stats = cat, commitments, stats
        m, keys = cat.meters, list(SKUS)
        self.kinds = kind_entries(cat)
        self.usage_kinds = [self.kinds[k] for k in ("usage", "fee", "correction")]
        self.cd_standard = standard_cd(cat)
        cc_index = {c: i for i, c in enumerate(COST_CENTERS)}
        self.shared_cc = cc_index[SHARED_COST_CENTER]
        self.m_cc = np.array([cc_index[TEAMS[LINES[li].team].cost_center] for li in range(len(LINES))])[m["line"]]
        sub = np.array([SERVICES[SKUS[k].service].subcategory in ELIGIBLE_SUBCATEGORIES and SKUS[k].unit == "Hours"
                        for k in keys])
        self.m_eligible = sub[m["sku"]] & m["fleet"]
        self.refund_meter = int(np.flatnonzero([LINES[li].sa == "sf-stg" and LINES[li].service == "ebs"
                                                for li in m["line"]])[0])
        self.refund_days = (date(2026, 3, 2), date(2026, 3, 15))
        for c in commitments:
            stats.commitments[c.spec.key] = CommitmentStats()
            c.sp_of_meter = np.full(cat.n_meters, -1, dtype=np.int64)
            c.sp_of_meter[c.eligible] = c.committed_sp
        for plan in cat.events:
            stats.events[plan.event.id] = EventSize(plan.event)

    def day(self, day: date) -> dict[str, RowBlock]:
        cat, g, m = self.cat, self.cat.groups, self.cat.meters
        dn = day_number(day)
        rng = day_rng(cat.seed, dn)
        z_group = rng.standard_normal(len(g["n0"]))
        z_meter = rng.standard_normal(cat.n_meters)
        weekly = g["pattern_table"][g["pattern"], day.weekday()]
        t = (day - REFERENCE_DAY).days
        level = group_levels(g["n0"], g["growth"], weekly, g["sigma"], t, z_group, event_level_factors(cat, day))
        qty_f = meter_quantities(level, m["group"], m["fleet"], m["slot"], m["cap"], m["q0"], m["sigma"], z_meter)
        qty = to_micro(qty_f)
        sp, tag = m["sp"], m["tag"]
        for plan in cat.events:
            if plan.event.active(day) and plan.alt_sp is not None:
                sp = plan.alt_sp
            if plan.event.active(day) and plan.alt_tag is not None:
                tag = plan.alt_tag
        self._size_events(day, dn, level, qty_f, sp, z_meter)
        remaining = qty.copy()
        month = day.strftime("%Y-%m")
        extra: dict[str, list[RowBlock]] = {p: [] for p in cat.provider_slices}
        for c in self.commitments:
            if c.active(dn):
                extra[c.spec.provider].extend(self._commitment_rows(c, remaining, dn, tag, month))
        if self.refund_days[0] <= day <= self.refund_days[1]:
            self.stats.refund_qty += int(remaining[self.refund_meter])
        out = {}
        for provider, part in cat.provider_slices.items():
            idx = part.start + np.flatnonzero(remaining[part] > 0)
            q = remaining[idx]
            s = sp[idx]
            lp, cp = cat.sp_list[s], cat.sp_contracted[s]
            cost = mul_round(q, cp)
            start, end = daily_period(dn, len(idx))
            std = RowBlock.build(len(idx), sa=m["sa"][idx], sp=s, res=m["res"][idx], tag=tag[idx],
                                 cd=self.cd_standard, kind=self.kinds["usage"], start_us=start, end_us=end,
                                 billed=cost, effective=cost, list_cost=mul_round(q, lp), contracted_cost=cost,
                                 list_price=lp, contracted_price=cp, pricing_qty=q, consumed_qty=q,
                                 cc=self.m_cc[idx])
            self._count_coverage(idx, q, lp, cp, covered=False)
            out[provider] = RowBlock.concat([std, *extra[provider]])
        return out

    def _commitment_rows(self, c: Commitment, remaining: np.ndarray, dn: int, tag: np.ndarray,
                         month: str) -> list[RowBlock]:
        cat, m = self.cat, self.cat.meters
        a = allocate(c, remaining)
        st = self.stats.commitments[c.spec.key]
        spend = c.spec.category == "Spend"
        st.used += int(a.cost.sum())
        st.unused += a.unused
        st.used_units += int(a.cost.sum()) if spend else int(a.quantity.sum())
        st.unused_units += a.unused if spend else a.unused_units
        per_month = st.by_month.setdefault(month, [0, 0])
        per_month[0] += int(a.cost.sum())
        per_month[1] += a.unused
        rows = []
        if len(a.meters):
            s = c.sp_of_meter[a.meters]
            lp, cp = cat.sp_list[s], cat.sp_contracted[s]
            start, end = daily_period(dn, len(a.meters))
            rows.append(RowBlock.build(
                len(a.meters), sa=m["sa"][a.meters], sp=s, res=m["res"][a.meters], tag=tag[a.meters], cd=c.cd_used,
                kind=self.kinds["usage"], start_us=start, end_us=end, billed=0, effective=a.cost,
                list_cost=mul_round(a.quantity, lp), contracted_cost=mul_round(a.quantity, cp), list_price=lp,
                contracted_price=cp, pricing_qty=a.quantity, consumed_qty=a.quantity,
                cd_qty=a.cost if spend else a.quantity, cc=self.m_cc[a.meters]))
            self._count_coverage(a.meters, a.quantity, lp, cp, covered=True)
        if a.unused > 0:
            start, end = daily_period(dn, 1)
            if spend:
                money = dict(list_cost=a.unused, contracted_cost=a.unused, cd_qty=a.unused)
            else:
                lp, cp = c.unused_price
                q = np.array([a.unused_units])
                money = dict(list_cost=mul_round(q, lp), contracted_cost=mul_round(q, cp), list_price=lp,
                             contracted_price=cp, pricing_qty=q, cd_qty=q)
            rows.append(RowBlock.build(1, sa=c.sa, sp=c.sp_unused, res=c.res, tag=0, cd=c.cd_unused,
                                       kind=self.kinds["usage"], start_us=start, end_us=end, billed=0,
                                       effective=a.unused, cc=self.shared_cc, **money))
        return rows

    def _count_coverage(self, idx, q, lp, cp, covered: bool) -> None:
        e = self.m_eligible[idx]
        if not e.any():
            return
        list_cost, contracted = int(mul_round(q[e], lp[e]).sum()), int(mul_round(q[e], cp[e]).sum())
        self.stats.eligible_list += list_cost
        self.stats.eligible_contracted += contracted
        if covered:
            self.stats.covered_list += list_cost
            self.stats.covered_contracted += contracted

    def _size_events(self, day: date, dn: int, level, qty_f, sp, z_meter) -> None:
        """Price each event's meters with and without it (contracted cost, USD)."""
        cat, m = self.cat, self.cat.meters
        price = cat.sp_contracted.astype(float) / 1e10
        for plan in cat.events:
            e, sel = plan.event, plan.meters
            size = self.stats.events[e.id]
            actual = float((qty_f[sel] * price[sp[sel]]).sum())
            active = e.active(day)
            if e.kind in ("spike", "step", "weekend"):
                f = quantity_factor(e, day)
                cf = actual
                if f != 1.0:
                    cf_level = np.where(plan.groups, level / f, level)
                    q_cf = meter_quantities(cf_level, m["group"][sel], m["fleet"][sel], m["slot"][sel],
                                            m["cap"][sel], m["q0"][sel], m["sigma"][sel], z_meter[sel])
                    cf = float((q_cf * price[sp[sel]]).sum())
                size.add(day, dn, actual, cf, active and f != 1.0)
            elif e.kind == "price":
                cf = float((qty_f[sel] * price[m["sp"][sel]]).sum())
                size.add(day, dn, actual, cf, active)
            elif e.kind == "prevgen":
                cf = actual - float((qty_f[sel] * m["prevgen_premium"][sel] / 1e10).sum())
                size.add(day, dn, actual, cf, active)
            else:   # untag: the cost whose owner now depends on the `app` tag rule
                size.add(day, dn, actual, 0.0, active)

    def account(self, block: RowBlock, month: str) -> None:
        """Fold a block into the cost-center, compliance and total statistics."""
        st = self.stats
        eff = block.effective
        by_cc = np.bincount(block.cc, weights=eff.astype(float) / 1e6, minlength=len(COST_CENTERS))
        for i, code in enumerate(COST_CENTERS):
            st.cost_center_month[(month, code)] = st.cost_center_month.get((month, code), 0.0) + float(by_cc[i])
        ok = self.cat.tag_compliant[block.tag]
        usage = np.isin(block.kind, self.usage_kinds)     # ChargeCategory Usage (fees and the refund too)
        st.total_cost += int(eff.sum())
        st.all_compliant_cost += int(eff[ok].sum())
        st.usage_cost += int(eff[usage].sum())
        st.compliant_cost += int(eff[usage & ok].sum())


def days_of(month: date) -> list[date]:
    nxt = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return [month + timedelta(days=i) for i in range((nxt - month).days)]
