"""Allocation rules: how one shared pool's cents are spread over the recipient teams.

A rule takes the pool's amount in cents for one billing month (and provider), the pool,
and what the month looks like (`MonthContext`), and returns the cents each team gets,
summing exactly to the amount (largest remainder, `money.split_cents`), plus the rule it
actually applied. Rules are chosen by name from `RULES`. Pure functions; no I/O.

Ties in largest remainder go to the team (or product) that sorts first, so results are
deterministic.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Callable, Mapping

from .config import Pool
from .errors import ConfigError
from .money import split_cents


@dataclass(frozen=True)
class MonthContext:
    """What a rule may look at in one billing month.

    recipients: the teams that receive shared cost, sorted; direct: each recipient's direct
    cost in the month across providers (weight basis, always > 0); metrics: metric ->
    product -> the month's volume; team_products: team -> product (driver rule).
    """
    recipients: tuple[str, ...]
    direct: Mapping[str, Decimal]
    metrics: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    team_products: Mapping[str, str] = field(default_factory=dict)


Spread = tuple[dict[str, int], str]   # team -> cents, and the rule actually applied


def _split(cents: int, teams: list[str], weights: list) -> dict[str, int]:
    return dict(zip(teams, split_cents(cents, weights)))


def spread_proportional(cents: int, pool: Pool, ctx: MonthContext) -> Spread:
    """In proportion to each recipient's direct cost in the month."""
    teams = list(ctx.recipients)
    return _split(cents, teams, [ctx.direct[t] for t in teams]), "proportional"


def spread_even(cents: int, pool: Pool, ctx: MonthContext) -> Spread:
    """The same share for every recipient."""
    teams = list(ctx.recipients)
    return _split(cents, teams, [1] * len(teams)), "even"


def spread_weights(cents: int, pool: Pool, ctx: MonthContext) -> Spread:
    """Fixed team weights from finops.yaml, renormalised over this month's recipients
    (a weighted team without direct cost in the month gets nothing). When no weighted team
    is a recipient, falls back to proportional so the pool is still spread."""
    weights = {team.lower(): Decimal(str(w)) for team, w in pool.weights}
    teams = [t for t in ctx.recipients if weights.get(t.lower(), 0) > 0]
    if not teams:
        shares, _ = spread_proportional(cents, pool, ctx)
        return shares, "proportional (fallback: no weighted team has direct cost)"
    return _split(cents, teams, [weights[t.lower()] for t in teams]), "weights"


def spread_driver(cents: int, pool: Pool, ctx: MonthContext) -> Spread:
    """A usage metric: first to products by their share of the metric summed over the
    month, then within a product to its recipient teams by direct cost. Products with no
    recipient team that month are left out (the others' shares renormalise); with no such
    product, or no volume, falls back to proportional."""
    volumes = ctx.metrics.get(pool.driver or "", {})
    by_product: dict[str, list[str]] = {}
    for team in ctx.recipients:
        product = ctx.team_products.get(team)
        if product is not None and volumes.get(product, 0) > 0:
            by_product.setdefault(product, []).append(team)
    products = sorted(by_product)
    if not products:
        shares, _ = spread_proportional(cents, pool, ctx)
        return shares, f"proportional (fallback: no {pool.driver} volume for a recipient's product)"
    out: dict[str, int] = {}
    for product, product_cents in zip(products, split_cents(cents, [Decimal(str(volumes[p])) for p in products])):
        teams = by_product[product]
        out.update(_split(product_cents, teams, [ctx.direct[t] for t in teams]))
    return out, f"driver ({pool.driver})"


RULES: dict[str, Callable[[int, Pool, MonthContext], Spread]] = {
    "proportional": spread_proportional,
    "even": spread_even,
    "weights": spread_weights,
    "driver": spread_driver,
}


def get_rule(name: str) -> Callable[[int, Pool, MonthContext], Spread]:
    """The rule called `name`; an unknown name is a ConfigError listing the valid ones."""
    try:
        return RULES[name]
    except KeyError:
        raise ConfigError(f"unknown allocation rule {name!r}; use one of: {', '.join(RULES)}") from None


def pool_owners(pools: tuple[Pool, ...] | list[Pool]) -> frozenset[str]:
    """Teams whose own charges a pool's `team` match takes in: they give shared cost and
    never receive it (platform, sre, security in finops.yaml)."""
    return frozenset(v.lower() for p in pools for fld, values in p.match if fld == "team" for v in values)
