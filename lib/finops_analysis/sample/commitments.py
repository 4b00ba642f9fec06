"""Commitment discounts the FOCUS way: definitions as data, sizing, the daily split of
eligible usage into Committed and Standard rows, Unused rows and Purchase rows.

Each commitment has a daily amortized amount in whole micro-dollars. Every day its Used
rows take what they cover (greedily, in a fixed order) and an Unused row takes the rest,
computed as daily amount minus the already-rounded Used amounts, so Used + Unused equals
the daily amount exactly; an all-upfront purchase costs daily amount x term days, and a
monthly fee is daily amount x the term's days in that month.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np

from .catalog import Catalog
from .company import BILLING_ACCOUNTS, SUB_ACCOUNTS
from .dims import day_number
from .entries import commitment_entries
from .ids import guid, hexid
from .model import group_levels, meter_quantities
from .money import MICRO, PRICE, mul_round, mul_round_scalar, scale_price, to_micro
from .services import SKUS
from .workloads import LINES, REFERENCE_DAY


@dataclass(frozen=True)
class CommitmentSpec:
    key: str
    name: str
    provider: str
    type: str                  # CommitmentDiscountType
    category: str              # Spend | Usage
    payment: str               # All Upfront | No Upfront | Monthly
    start: date
    end: date                  # exclusive
    owner: str                 # sub-account key (or "ba:<billing key>") that bought it
    scope: tuple[str, ...]     # sub-accounts whose usage it covers
    service: str               # service key of the covered usage
    rates: dict                # instance series (or "*") -> commitment rate as a share of the contracted price
    size: float                # share of the eligible usage it buys on its sizing day
    sizing_day: date
    sku: str | None = None     # Usage commitments cover one instance type


_MAIN = ("sf-prod", "sf-stg", "sf-dev", "pay-prod", "ml-prod", "obs", "cicd")
_SP3 = {"m6i": .52, "c6i": .54, "r6i": .53, "t3": .57, "g5": .62}
_SP1 = {"m6i": .70, "c6i": .71, "r6i": .70, "t3": .72, "g5": .75}
_GCP_PROJECTS = ("gcp-sf-prod", "gcp-ins-prod", "gcp-ins-dev")

COMMITMENTS: tuple[CommitmentSpec, ...] = (
    CommitmentSpec("ri-ec2-m6i-2024", "EC2 RI m6i.2xlarge 1yr All Upfront (2024-12)", "aws", "Reserved Instance",
                   "Usage", "All Upfront", date(2024, 12, 15), date(2025, 12, 15), "aws-mgmt", _MAIN, "ec2",
                   {"*": .60}, .95, date(2024, 12, 15), "m6i.2xlarge"),
    CommitmentSpec("ri-ec2-r6i-2024", "EC2 RI r6i.xlarge 1yr All Upfront (2024-12)", "aws", "Reserved Instance",
                   "Usage", "All Upfront", date(2024, 12, 15), date(2025, 12, 15), "aws-mgmt", _MAIN, "ec2",
                   {"*": .60}, .95, date(2024, 12, 15), "r6i.xlarge"),
    CommitmentSpec("ri-ec2-m6i-2025", "EC2 RI m6i.2xlarge 1yr All Upfront (2025-12)", "aws", "Reserved Instance",
                   "Usage", "All Upfront", date(2025, 12, 15), date(2026, 12, 15), "aws-mgmt", _MAIN, "ec2",
                   {"*": .60}, .95, date(2025, 12, 13), "m6i.2xlarge"),
    CommitmentSpec("ri-ec2-r6i-2025", "EC2 RI r6i.xlarge 1yr All Upfront (2025-12)", "aws", "Reserved Instance",
                   "Usage", "All Upfront", date(2025, 12, 15), date(2026, 12, 15), "aws-mgmt", _MAIN, "ec2",
                   {"*": .60}, .95, date(2025, 12, 13), "r6i.xlarge"),
    CommitmentSpec("ri-rds-2024", "RDS RI db.r6g.2xlarge 1yr All Upfront (2024-06)", "aws", "Reserved Instance",
                   "Usage", "All Upfront", date(2024, 6, 1), date(2025, 6, 1), "aws-mgmt", _MAIN, "rds",
                   {"*": .65}, .97, date(2024, 6, 1), "db.r6g.2xlarge"),
    CommitmentSpec("ri-rds-2025", "RDS RI db.r6g.2xlarge 1yr All Upfront (2025-06)", "aws", "Reserved Instance",
                   "Usage", "All Upfront", date(2025, 6, 1), date(2026, 6, 1), "aws-mgmt", _MAIN, "rds",
                   {"*": .65}, .97, date(2025, 6, 1), "db.r6g.2xlarge"),
    CommitmentSpec("ri-rds-2026", "RDS RI db.r6g.2xlarge 1yr All Upfront (2026-06)", "aws", "Reserved Instance",
                   "Usage", "All Upfront", date(2026, 6, 1), date(2027, 6, 1), "aws-mgmt", _MAIN, "rds",
                   {"*": .65}, .97, date(2026, 6, 1), "db.r6g.2xlarge"),
    CommitmentSpec("sp-compute-2024", "Compute Savings Plan 3yr No Upfront (2024-03)", "aws", "Savings Plan",
                   "Spend", "No Upfront", date(2024, 3, 1), date(2027, 3, 1), "aws-mgmt", _MAIN, "ec2",
                   _SP3, 1.0, date(2025, 5, 3)),
    CommitmentSpec("sp-compute-2026", "Compute Savings Plan 1yr No Upfront (2026-06)", "aws", "Savings Plan",
                   "Spend", "No Upfront", date(2026, 6, 1), date(2027, 6, 1), "aws-mgmt", _MAIN, "ec2",
                   _SP1, 1.0, date(2026, 5, 30)),
    CommitmentSpec("az-ri-e8sv5", "Reserved VM Instance E8s v5 3yr Monthly (insights-prod)", "azure", "Reservation",
                   "Usage", "Monthly", date(2024, 9, 1), date(2027, 9, 1), "az-ins-prod", ("az-ins-prod",), "azvm",
                   {"*": .42}, 2.0, date(2025, 5, 1), "az-e8sv5"),
    CommitmentSpec("az-ri-d8sv5", "Reserved VM Instance D8s v5 3yr Monthly (insights-prod)", "azure", "Reservation",
                   "Usage", "Monthly", date(2025, 2, 1), date(2028, 2, 1), "az-ins-prod", ("az-ins-prod",), "azvm",
                   {"*": .45}, .95, date(2025, 5, 3), "az-d8sv5"),
    CommitmentSpec("gcp-cud-flex", "Compute flexible committed use discount 3yr (spend-based)", "gcp",
                   "Committed Use Discount", "Spend", "Monthly", date(2024, 11, 1), date(2027, 11, 1), "ba:gcp",
                   _GCP_PROJECTS, "gce", {"*": .54}, .92, date(2025, 5, 7)),
    CommitmentSpec("gcp-cud-flex-2026", "Compute flexible committed use discount 1yr (spend-based, 2026-03)", "gcp",
                   "Committed Use Discount", "Spend", "Monthly", date(2026, 3, 1), date(2027, 3, 1), "ba:gcp",
                   _GCP_PROJECTS, "gce", {"*": .72}, 1.0, date(2026, 2, 28)),
)


@dataclass
class Commitment:
    """A commitment sized for one catalog: eligible meters, their rates, and its row entries."""
    spec: CommitmentSpec
    id: str
    daily: int = 0                                   # amortized micro-dollars per day
    units: int = 0                                   # Usage: micro-hours per day it reserves
    eligible: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    rates: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))   # 1e-10 USD per unit
    committed_sp: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    sa: int = 0
    res: int = 0
    cd_used: int = 0
    cd_unused: int = 0
    cd_purchase: int = 0
    sp_unused: int = 0
    sp_purchase: int = 0
    unused_price: tuple[int, int] = (0, 0)           # Usage: list and contracted price of an unused hour

    @property
    def term_days(self) -> int:
        return (self.spec.end - self.spec.start).days

    def active(self, day_no: int) -> bool:
        return day_number(self.spec.start) <= day_no < day_number(self.spec.end)


@dataclass
class Allocation:
    """What one commitment covered on one day."""
    meters: np.ndarray       # covered meters
    quantity: np.ndarray     # covered quantity per meter (micro-units)
    cost: np.ndarray         # amortized cost per meter (micro-dollars)
    unused: int              # micro-dollars
    unused_units: int        # micro-hours (Usage commitments)


def allocate(c: Commitment, remaining: np.ndarray) -> Allocation:
    """Cover eligible usage in order until the daily amount is spent; `remaining` is reduced."""
    idx = c.eligible
    q = remaining[idx]
    keep = q > 0
    idx, q, rate = idx[keep], q[keep], c.rates[keep]
    cost = mul_round(q, rate)
    cum = np.cumsum(cost)
    full = int(np.searchsorted(cum, c.daily, side="right"))
    meters, qty, amount = idx[:full], q[:full], cost[:full]
    left = c.daily - (int(cum[full - 1]) if full else 0)
    if full < len(idx) and left > 0:
        # The first meter that does not fit is split: its covered part, the rest on demand.
        # It takes what is left of the daily amount, so a fully used commitment has no
        # Unused row for a sub-micro-dollar rounding remainder.
        part = min(left * PRICE // int(rate[full]), int(q[full]))
        part_cost = left
        if part > 0:
            meters = np.append(meters, idx[full])
            qty = np.append(qty, part)
            amount = np.append(amount, part_cost)
    remaining[meters] -= qty
    unused = c.daily - int(amount.sum())
    unused_units = max(0, c.units - int(qty.sum())) if c.spec.category == "Usage" and unused > 0 else 0
    return Allocation(meters, qty, amount, unused, unused_units)


def commitment_id(spec: CommitmentSpec) -> str:
    """The id the provider would show, in its usual shape (fictional)."""
    if spec.provider == "aws":
        owner = SUB_ACCOUNTS[spec.owner].id
        if spec.type == "Savings Plan":
            return f"arn:aws:savingsplans::{owner}:savingsplan/{guid('sp', spec.key)}"
        if spec.service == "rds":
            return f"arn:aws:rds:us-east-1:{owner}:ri:ri-{spec.start:%Y-%m}-{hexid(8, 'ri', spec.key)}"
        return f"arn:aws:ec2:us-east-1:{owner}:reserved-instances/{guid('ri', spec.key)}"
    if spec.provider == "azure":
        order = guid("order", spec.key)
        return f"/providers/Microsoft.Capacity/reservationOrders/{order}/reservations/{guid('res', spec.key)}"
    return f"billingAccounts/{BILLING_ACCOUNTS['gcp'].id}/commitments/cud-{hexid(10, spec.key)}"


def eligible_meters(cat: Catalog, spec: CommitmentSpec) -> np.ndarray:
    """Meters the commitment may cover, in the order it covers them: the largest workload
    last, so the day-to-day movement of the covered/uncovered boundary happens inside one
    big fleet instead of flipping small accounts between committed and on-demand rates."""
    m = cat.meters
    ok = np.array([LINES[li].sa in spec.scope and LINES[li].service == spec.service
                   for li in range(len(LINES))])[m["line"]]
    if spec.sku:
        ok &= m["sku"] == list(SKUS).index(spec.sku)
    idx = np.flatnonzero(ok)
    size = np.array([LINES[li].usd for li in range(len(LINES))])[m["line"][idx]]
    return idx[np.lexsort((idx, m["line"][idx], size))]


def meter_rates(cat: Catalog, spec: CommitmentSpec, idx: np.ndarray) -> np.ndarray:
    """The commitment's amortized price per unit for each eligible meter."""
    keys = list(SKUS)
    sp = cat.meters["sp"][idx]
    out = np.empty(len(idx), dtype=np.int64)
    for s in np.unique(sp):
        sku = SKUS[keys[cat.meters["sku"][idx][sp == s][0]]]
        share = spec.rates.get(sku.details.get("InstanceSeries", "*"), spec.rates.get("*"))
        out[sp == s] = scale_price(int(cat.sp_contracted[s]), str(share))
    return out


def expected_quantities(cat: Catalog, day: date) -> np.ndarray:
    """Noise-free quantities on a day, in micro-units (the planner's view when buying)."""
    g, m = cat.groups, cat.meters
    weekly = g["pattern_table"][g["pattern"], day.weekday()]
    level = group_levels(g["n0"], g["growth"], weekly, g["sigma"], (day - REFERENCE_DAY).days)
    return to_micro(meter_quantities(level, m["group"], m["fleet"], m["slot"], m["cap"], m["q0"], m["sigma"]))


def size_commitments(cat: Catalog) -> list[Commitment]:
    """Size every commitment on its sizing day, after the ones sized before it have taken their share."""
    done: list[Commitment] = []
    for spec in sorted(COMMITMENTS, key=lambda s: (s.sizing_day, s.category != "Usage", s.key)):
        c = Commitment(spec, commitment_id(spec))
        c.eligible = eligible_meters(cat, spec)
        c.rates = meter_rates(cat, spec, c.eligible)
        remaining = expected_quantities(cat, spec.sizing_day)
        day_no = day_number(spec.sizing_day)
        for other in _apply_order(done):
            # A renewal takes the usage its expiring predecessor covered; reservations are
            # applied before spend commitments, so a reservation is sized before them.
            applies_first = spec.category == "Spend" or other.spec.category == "Usage"
            if applies_first and other.active(day_no) and other.active(max(day_no, day_number(spec.start))):
                allocate(other, remaining)
        if spec.category == "Usage":
            hours = remaining[c.eligible].sum() / MICRO / 24.0
            count = max(1, int(spec.size * hours)) if spec.size <= 1 else max(1, round(spec.size * hours))
            c.units = count * 24 * MICRO
            c.daily = mul_round_scalar(c.units, int(c.rates[0])) if len(c.rates) else 0
        else:
            spend = int(mul_round(remaining[c.eligible], c.rates).sum())
            hourly_cents = max(1, int(spec.size * spend / 24 / 10_000))   # bought as $/hour, whole cents
            c.daily = hourly_cents * 10_000 * 24
        if len(c.eligible) and c.daily > 0:
            done.append(c)
    return _apply_order(done)


def _apply_order(items: list[Commitment]) -> list[Commitment]:
    """Reservations apply before savings plans and spend commitments (as the providers do)."""
    return sorted(items, key=lambda c: (c.spec.category != "Usage", c.spec.start, c.spec.key))


def register_entries(cat: Catalog, commitments: list[Commitment]) -> None:
    """Dimension entries for the commitments' rows (call before the catalog is frozen)."""
    for c in commitments:
        commitment_entries(cat, c)
