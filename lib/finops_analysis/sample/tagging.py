"""Tags as real estates have them: mostly right, spelled several ways, and partly missing.

Resources get a tag style. Compliant styles use any alias of the required keys that
finops.yaml lists (team/Team/owner, environment/env/Environment, product/Product) with an
allowed value. The rest are untagged, partially tagged, carry a drifted value
(`production`, `stage`) or a drifted key (`Team Name`) that no alias matches. Which
resources are non-compliant is drawn so that a set share of the expected cost is.
"""
from __future__ import annotations

import json

import numpy as np

from .company import TEAMS

# Mirrors tags.keys in finops.yaml (a test checks the sample against the file itself); where
# several aliases are present, the first in this order wins.
TAG_ALIASES: dict[str, tuple[str, ...]] = {
    "team": ("team", "owner", "team_name", "owning-team"),
    "environment": ("environment", "env", "stage"),
    "product": ("product", "application", "product-line"),
}
ALLOWED: dict[str, frozenset[str]] = {
    "team": frozenset(TEAMS),
    "environment": frozenset({"prod", "staging", "dev"}),
    "product": frozenset({"storefront", "insights", "mobile", "shared"}),
}

_TEAM_KEYS = (("team", .6), ("Team", .25), ("owner", .15))
_ENV_KEYS = (("environment", .55), ("env", .3), ("Environment", .15))
_PRODUCT_KEYS = (("product", .8), ("Product", .2))
_DRIFT_VALUES = {"prod": ("production", "prd"), "staging": ("stage", "stg"), "dev": ("development",)}
_DRIFT_KEYS = {"team": ("Team Name", "squad"), "environment": ("Env_Type", "environment-name"),
               "product": ("project", "prod_name")}
NONCOMPLIANT_CLASSES = (("untagged", .2), ("partial", .3), ("drift_value", .35), ("drift_key", .15))


def _pick(u: float, options) -> str:
    """The option whose cumulative weight first exceeds u (u uniform in [0, 1))."""
    total = sum(w for _, w in options)
    acc = 0.0
    for name, weight in options:
        acc += weight / total
        if u < acc:
            return name
    return options[-1][0]


def build_tags(u, *, team: str, env: str, product: str, extra: dict[str, str], klass: str) -> dict[str, str]:
    """The tag set of one resource in one style ('compliant' or a NONCOMPLIANT_CLASSES name).

    u: six uniform draws in [0, 1) that make every choice (so tags never depend on call order).
    """
    if klass == "untagged":
        return {} if u[0] < .5 else {"managed-by": "console"}
    env_value = "Prod" if env == "prod" and u[0] < .15 else env
    keys = {"team": _pick(u[1], _TEAM_KEYS), "environment": _pick(u[2], _ENV_KEYS),
            "product": _pick(u[3], _PRODUCT_KEYS)}
    values = {"team": team, "environment": env_value, "product": product}
    if klass == "partial":
        keys.pop(_pick(u[4], (("team", .3), ("environment", .45), ("product", .25))))
    elif klass == "drift_value":
        if u[4] < .9:
            options = _DRIFT_VALUES[env]
            values["environment"] = options[int(u[5] * len(options))]
        else:
            values["team"] = {"data-eng": "data-engineering", "mobile-api": "mobile"}.get(team, f"{team}-team")
    elif klass == "drift_key":
        which = _pick(u[4], (("team", .35), ("environment", .45), ("product", .2)))
        options = _DRIFT_KEYS[which]
        keys[which] = options[int(u[5] * len(options))]
    tags = {keys[k]: values[k] for k in ("team", "environment", "product") if k in keys}
    tags.update(extra)
    return tags


def without_team(tags: dict[str, str]) -> dict[str, str]:
    """The same tags after a deploy dropped the team tag (any alias spelling)."""
    team_keys = {a.lower() for a in TAG_ALIASES["team"]}
    return {k: v for k, v in tags.items() if k.lower() not in team_keys}


def resolve(tags: dict[str, str], key: str) -> str | None:
    """The lower-cased value of a required key: the first alias (in configured order) present."""
    lowered = {k.lower(): v for k, v in tags.items()}
    for alias in TAG_ALIASES[key]:
        if alias in lowered:
            return str(lowered[alias]).lower()
    return None


def is_compliant(tags: dict[str, str] | None) -> bool:
    """Every required key present (by any alias) with an allowed value."""
    if not tags:
        return False
    return all(resolve(tags, key) in ALLOWED[key] for key in TAG_ALIASES)


def to_json(tags: dict[str, str]) -> str:
    return json.dumps(tags, separators=(",", ":"))


def choose_noncompliant(rng: np.random.Generator, cost: np.ndarray, weight: np.ndarray,
                        candidate: np.ndarray, target_share: float) -> np.ndarray:
    """Pick resources to leave non-compliant, covering `target_share` of the total expected cost.

    A weighted random race (exponential keys divided by the weight) orders the candidates, so
    dev and staging resources are likelier picks; resources are taken in that order until the
    target cost is reached.
    """
    keys = rng.exponential(size=len(cost)) / np.maximum(weight, 1e-9)
    keys[~candidate] = np.inf
    order = np.argsort(keys, kind="stable")
    goal = target_share * float(cost.sum())
    chosen = np.zeros(len(cost), dtype=bool)
    total = 0.0
    for i in order:
        if not candidate[i] or total >= goal:
            break
        if total + cost[i] > goal and (total + cost[i] - goal) > (goal - total):
            continue   # too big to take without overshooting; a smaller one will follow
        chosen[i] = True
        total += float(cost[i])
    return chosen
