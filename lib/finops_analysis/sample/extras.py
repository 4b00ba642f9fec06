"""Rows billed once a month: commitment purchases, support fees, credits, the refund
(a Correction of an earlier month) and tax, which is computed last on the month's bill.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from .catalog import Catalog
from .commitments import Commitment
from .company import BILLING_ACCOUNTS, COST_CENTERS, SHARED_COST_CENTER, SUB_ACCOUNTS
from .dims import US_PER_DAY, add_months, day_number
from .entries import kind_entries, service_sp, standard_cd
from .money import MICRO, mul_round, round_to_cents
from .rows import RowBlock

# (billing month, sub-account, service, amount in USD at scale 1, description)
CREDITS: tuple[tuple[date, str, str, float, str], ...] = (
    *((date(2025, m, 1), "gcp-ins-prod", "vertex", -1500.0, "Vertex AI promotional credit (AI startup program)")
      for m in range(5, 11)),
    (date(2026, 2, 1), "az-ins-prod", "azsql", -640.0,
     "SLA credit: Azure SQL Database availability below 99.99% in January 2026"),
)
REFUND_MONTH = date(2026, 4, 1)       # billed in April, restating 2026-03-02 .. 2026-03-15
REFUND_PERIOD = (date(2026, 3, 2), date(2026, 3, 16))


def _support_business(base: float) -> float:
    """AWS Business support: 10% of the first $10k, 7% to $80k, 5% to $250k, 3% above."""
    tiers = ((10_000, .10), (80_000, .07), (250_000, .05), (float("inf"), .03))
    fee, floor = 0.0, 0.0
    for ceiling, rate in tiers:
        fee += max(0.0, min(base, ceiling) - floor) * rate
        floor = ceiling
    return max(fee, 100.0)


@dataclass
class MonthEnd:
    """Builds the month-level rows; create it before the catalog is frozen (it adds entries)."""
    cat: Catalog
    commitments: list[Commitment]

    def __post_init__(self) -> None:
        cat = self.cat
        self.kinds = kind_entries(cat)
        self.cd_standard = standard_cd(cat)
        self.shared_cc = list(COST_CENTERS).index(SHARED_COST_CENTER)
        self.tax = {k: (cat.sa_entry(f"ba:{k}"), service_sp(cat, ("tax", k), f"{b.provider}-tax", "Tax",
                                                              f"Sales tax on {b.name} charges", regional=False))
                    for k, b in BILLING_ACCOUNTS.items()}
        self.support = {
            "aws-main": (cat.sa_entry("aws-mgmt"), service_sp(cat, ("support", "business"), "support", "Business",
                         "AWS Support (Business), tiered on the month's AWS usage", unit="Months", consumed="Months"),
                         _support_business),
            "aws-pocketly": (cat.sa_entry("pk-mgmt"), service_sp(cat, ("support", "developer"), "support-dev",
                             "Developer", "AWS Support (Developer): the greater of $29 or 3% of usage", unit="Months",
                             consumed="Months"), lambda base: max(29.0, base * .03)),
        }
        self.credits = [(month, cat.sa_entry(sa), service_sp(cat, ("credit", sa, str(month)), svc, "Credit", text,
                                                             regional=False), amount)
                        for month, sa, svc, amount, text in CREDITS]

    def rows(self, month: date, billed_by_ba: dict[str, int], usage_by_ba: dict[str, int],
             refund: tuple[int, int, int, int, int, int] | None) -> dict[str, list[RowBlock]]:
        """Month-level rows per provider. refund: (meter sa, sp, res, tag, cc, quantity) or None."""
        out: dict[str, list[RowBlock]] = {"aws": [], "azure": [], "gcp": []}
        period = (day_number(month) * US_PER_DAY, day_number(add_months(month, 1)) * US_PER_DAY)
        billed = dict(billed_by_ba)
        for c in self.commitments:
            row = self._purchase(c, month, period)
            if row is not None:
                out[c.spec.provider].append(row)
                ba = SUB_ACCOUNTS[c.spec.owner].billing if not c.spec.owner.startswith("ba:") else c.spec.owner[3:]
                billed[ba] = billed.get(ba, 0) + int(row.billed[0])
                if c.spec.payment != "All Upfront":
                    usage_by_ba[ba] = usage_by_ba.get(ba, 0) + int(row.billed[0])
        for ba, (sa, sp, fee_of) in self.support.items():
            fee = round_to_cents(fee_of(usage_by_ba.get(ba, 0) / MICRO) * MICRO)
            out["aws"].append(self._money_row(sa, sp, self.kinds["fee"], fee, period, qty=MICRO))
            billed[ba] = billed.get(ba, 0) + fee
        scale = self.cat.scale
        for when, sa, sp, amount in self.credits:
            if when == month:
                value = round_to_cents(amount * scale * MICRO)
                key = self.cat.sa_keys[sa]
                ba = SUB_ACCOUNTS[key].billing
                out[BILLING_ACCOUNTS[ba].provider].append(self._money_row(sa, sp, self.kinds["credit"], value, period,
                                                                          cd=0))
                billed[ba] = billed.get(ba, 0) + value
        if refund is not None and month == REFUND_MONTH:
            out["aws"].append(self._refund(*refund))
            billed["aws-main"] = billed.get("aws-main", 0) + int(out["aws"][-1].billed[0])
        for ba, (sa, sp) in self.tax.items():
            tax = round_to_cents(billed.get(ba, 0) * float(BILLING_ACCOUNTS[ba].tax_rate))
            out[BILLING_ACCOUNTS[ba].provider].append(self._money_row(sa, sp, self.kinds["tax"], tax, period, cd=0))
        return out

    def _money_row(self, sa: int, sp: int, kind: int, amount: int, period, *, qty: int | None = None,
                   cd: int | None = None) -> RowBlock:
        """A fee, credit or tax: all four costs equal; a quantity of one at that price, if any."""
        prices = {} if qty is None else dict(pricing_qty=qty, consumed_qty=qty, list_price=amount * 10_000,
                                             contracted_price=amount * 10_000)
        return RowBlock.build(1, sa=sa, sp=sp, res=0, tag=0, cd=self.cd_standard if cd is None else cd, kind=kind,
                              start_us=period[0], end_us=period[1], billed=amount, effective=amount,
                              list_cost=amount, contracted_cost=amount, cc=self.shared_cc, **prices)

    def _purchase(self, c: Commitment, month: date, period) -> RowBlock | None:
        spec = c.spec
        nxt = add_months(month, 1)
        if spec.payment == "All Upfront":
            if not (month <= spec.start < nxt):
                return None
            amount, start, end = c.daily * c.term_days, spec.start, spec.end
            units = c.units * c.term_days if spec.category == "Usage" else amount
            kind = self.kinds["purchase-once"]
        else:
            start, end = max(month, spec.start), min(nxt, spec.end)
            if start >= end:
                return None
            amount = c.daily * (end - start).days
            units = c.units * (end - start).days if spec.category == "Usage" else amount
            kind = self.kinds["purchase-monthly"]
        return RowBlock.build(1, sa=c.sa, sp=c.sp_purchase, res=c.res, tag=0, cd=c.cd_purchase, kind=kind,
                              start_us=day_number(start) * US_PER_DAY, end_us=day_number(end) * US_PER_DAY,
                              billed=amount, effective=0, list_cost=amount, contracted_cost=amount,
                              list_price=amount * 10_000, contracted_price=amount * 10_000, pricing_qty=MICRO,
                              cd_qty=units, cc=self.shared_cc)

    def _refund(self, sa: int, sp: int, res: int, tag: int, cc: int, qty: int) -> RowBlock:
        """A Correction: the storage billed for a deleted volume, refunded the month after."""
        q = np.array([-qty])
        lp, cp = int(self.cat.sp_list[sp]), int(self.cat.sp_contracted[sp])
        cost = mul_round(q, cp)
        return RowBlock.build(1, sa=sa, sp=sp, res=res, tag=tag, cd=self.cd_standard, kind=self.kinds["correction"],
                              start_us=day_number(REFUND_PERIOD[0]) * US_PER_DAY,
                              end_us=day_number(REFUND_PERIOD[1]) * US_PER_DAY, billed=cost, effective=cost,
                              list_cost=mul_round(q, lp), contracted_cost=cost, list_price=lp, contracted_price=cp,
                              pricing_qty=q, consumed_qty=q, cc=cc)
