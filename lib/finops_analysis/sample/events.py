"""Injected events, as data, and how each one changes the data and is measured.

Every event names the team that owns it and selects the workloads it touches. Its size is
computed while the data is generated: the same meters are priced with and without the
event (the counterfactual), so the README can state the excess cost exactly as generated.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np

from .company import WEEKLY


@dataclass(frozen=True)
class Selector:
    """Workloads an event touches; an empty tuple matches anything."""
    sub_accounts: tuple[str, ...] = ()
    teams: tuple[str, ...] = ()
    services: tuple[str, ...] = ()
    skus: tuple[str, ...] = ()

    def matches(self, sa: str, team: str, service: str, sku: str) -> bool:
        return all(not allowed or value in allowed for allowed, value in (
            (self.sub_accounts, sa), (self.teams, team), (self.services, service), (self.skus, sku)))


@dataclass(frozen=True)
class Event:
    id: str
    title: str
    what: str
    kind: str                 # spike | step | weekend | price | untag | prevgen (see EFFECTS)
    team: str
    selector: Selector
    start: date | None        # None: before the data starts
    end: date | None = None   # last affected day, inclusive; None: to the end of the data
    factors: tuple[float, ...] = ()
    factor: float = 1.0

    def active(self, day: date) -> bool:
        return (self.start is None or day >= self.start) and (self.end is None or day <= self.end)


EVENTS: tuple[Event, ...] = (
    Event("E1", "Runaway logging",
          "A debug log level shipped to checkout-api in storefront-prod: CloudWatch log ingestion ran at "
          "6-9x its normal volume for four days until the level was reverted.",
          "spike", "checkout", Selector(("sf-prod",), ("checkout",), ("cloudwatch",), ("logs-ingest",)),
          date(2026, 9, 14), date(2026, 9, 17), factors=(6.5, 9.0, 8.2, 7.1)),
    Event("E2", "Price increase on Azure SQL Database",
          "Azure SQL Database list and contracted unit prices rose 15% (new SkuPriceIds); quantities "
          "did not change.",
          "price", "data-eng", Selector(services=("azsql",)), date(2026, 7, 1), factor=1.15),
    Event("E3", "Tagging regression after a deploy",
          "A Terraform module refactor dropped the `team` tag from every search resource; they still "
          "carry `app: search-api` (ownership.csv maps it to search).",
          "untag", "search", Selector(teams=("search",)), date(2026, 8, 18)),
    Event("E4", "Mobile product launch",
          "The mobile app launched publicly: requests, active tenants and GB processed, and the "
          "mobile-api compute, database and network usage, stepped up about 40% and stayed up.",
          "step", "mobile-api",
          Selector(("mob-prod", "az-mob"), ("mobile-api",),
                   ("ec2", "rds", "elasticache", "cloudfront", "vpc", "datatransfer", "azvm", "azbandwidth")),
          date(2026, 6, 2), factor=1.4),
    Event("E5", "Dev VMs left running at weekends",
          "The data-eng dev VMs in the insights-dev subscription stopped being shut down at weekends "
          "(other dev environments scale to about 15% on Saturdays and Sundays).",
          "weekend", "data-eng", Selector(("az-ins-dev",), ("data-eng",), ("azvm",)), date(2026, 5, 2)),
    Event("E6", "Previous-generation instances",
          "mobile-api still runs m4/c4 EC2 instances and Azure Dv3 VMs, each dearer than its "
          "current-generation equivalent (m6i, c6i, Dasv5).",
          "prevgen", "mobile-api", Selector(teams=("mobile-api",), services=("ec2", "azvm")), None),
)

_WEEKEND_BASE = 1.0 / WEEKLY["dev"][5]


def quantity_factor(event: Event, day: date) -> float:
    """How much the event multiplies the level of the groups it selects on `day` (1 if none)."""
    if not event.active(day):
        return 1.0
    if event.kind == "spike":
        return event.factors[(day - event.start).days]
    if event.kind == "step":
        return event.factor
    if event.kind == "weekend":
        return _WEEKEND_BASE if day.weekday() >= 5 else 1.0
    return 1.0


def max_quantity_factor(event: Event) -> float:
    """The largest factor the event can apply (to size fleets that must absorb it)."""
    return {"spike": max(event.factors, default=1.0), "step": event.factor}.get(event.kind, 1.0)


@dataclass
class EventSize:
    """An event's size as generated: cost of the meters it touches with and without it."""
    event: Event
    days: int = 0
    actual: float = 0.0          # cost of the touched meters on affected days
    counterfactual: float = 0.0  # the same without the event
    by_month: dict[str, float] = field(default_factory=dict)   # excess (or affected cost) per month
    series: dict[int, float] = field(default_factory=dict)     # day number -> cost of touched meters

    @property
    def excess(self) -> float:
        return self.actual - self.counterfactual

    def add(self, day: date, day_no: int, actual: float, counterfactual: float, affected: bool) -> None:
        self.series[day_no] = actual
        if affected:
            self.days += 1
            self.actual += actual
            self.counterfactual += counterfactual
            month = day.strftime("%Y-%m")
            extra = actual if self.event.kind == "untag" else actual - counterfactual
            self.by_month[month] = self.by_month.get(month, 0.0) + extra

    def peak_ratio(self) -> float | None:
        """Largest affected day over the median of the 28 days before the event."""
        if not self.event.start or not self.days:
            return None
        first = min(d for d, _ in self._affected_days())
        before = [v for d, v in self.series.items() if first - 28 <= d < first]
        base = float(np.median(before)) if before else 0.0
        peak = max(v for _, v in self._affected_days())
        return peak / base if base > 0 else None

    def _affected_days(self):
        start = self.event.start
        return [(d, v) for d, v in self.series.items()
                if (d >= _day_no(start)) and (self.event.end is None or d <= _day_no(self.event.end))]


def _day_no(d: date) -> int:
    from .dims import day_number
    return day_number(d)
