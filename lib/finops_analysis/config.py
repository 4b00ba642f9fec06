"""Paths and settings in one place: finops.yaml, found from the working directory upward.

Analysis modules never read this; the CLI, the loader and the runners pass plain values on.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import ConfigError

CONFIG_NAME = "finops.yaml"
CONFIG_ENV = "FINOPS_CONFIG"


@dataclass(frozen=True)
class TagKey:
    """One required tag: its canonical name, the keys that mean it, and its valid values."""
    name: str
    aliases: tuple[str, ...]
    allowed: tuple[str, ...] | None = None
    value_aliases: dict[str, str] = field(default_factory=dict)


POOL_RULES = ("proportional", "even", "weights", "driver")
# What a pool may match on: the resolved owner and the FOCUS columns that describe a charge.
POOL_MATCH_FIELDS = ("team", "ProviderName", "BillingAccountId", "SubAccountId", "SubAccountName",
                     "ChargeCategory", "ChargeClass", "CommitmentDiscountStatus", "PricingCategory",
                     "ServiceCategory", "ServiceSubcategory", "ServiceName")


@dataclass(frozen=True)
class Pool:
    """A shared-cost pool: which charges join it and how it is spread over the teams."""
    name: str
    match: tuple[tuple[str, tuple[str, ...]], ...]   # (FOCUS column or "team", values it may hold)
    rule: str                                         # one of POOL_RULES
    weights: tuple[tuple[str, float], ...] = ()       # rule "weights": team -> weight
    driver: str | None = None                         # rule "driver": a usage_metrics metric


CHECKOUT = Path(__file__).resolve().parents[2]     # lib/finops_analysis/config.py -> the checkout


@dataclass(frozen=True)
class Config:
    root: Path
    path: Path | None
    currency: str = "USD"
    fiscal_year_start_month: int = 1
    data_dir: Path = Path("data/sample")
    out_dir: Path = Path("reports/out")
    memory_limit: str = "4GB"
    threads: int | None = None
    temp_dir: Path = Path(".duckdb_tmp")
    cache_dir: Path | None = Path(".finops-cache")   # per-file results kept between runs (filecache.py)
    batch_rows: int = 500_000
    max_examples: int = 5
    tag_keys: tuple[TagKey, ...] = ()
    required_tags: tuple[str, ...] = ()
    pools: tuple[Pool, ...] = ()
    raw: dict[str, Any] = field(default_factory=dict)

    def section(self, name: str) -> dict[str, Any]:
        """A finops.yaml section as a dict ({} when absent), e.g. section("forecast")."""
        value = self.raw.get(name) or {}
        if not isinstance(value, dict):
            raise ConfigError(f"setting {name!r} must be a mapping of settings", file=self.path or CONFIG_NAME)
        return value

    def project_path(self, *parts: str) -> Path:
        """A folder the project ships (notebooks/, expectations/, reports/templates/): the one
        beside this finops.yaml when it has its own, else the checkout's that finops runs from
        (so a finops.yaml kept with your data, passed with --config, needs no copies)."""
        own = self.root.joinpath(*parts)
        return own if own.exists() else CHECKOUT.joinpath(*parts)

    def tag_key(self, name: str) -> TagKey:
        for key in self.tag_keys:
            if key.name == name:
                return key
        raise ConfigError(f"unknown tag key {name!r}; configured: {', '.join(k.name for k in self.tag_keys)}",
                          file=self.path)


DEFAULT_TAGS = {
    "required": ["team", "environment", "product"],
    "keys": {
        "team": {"aliases": ["team", "owner"]},
        "environment": {"aliases": ["environment", "env"]},
        "product": {"aliases": ["product", "app"]},
    },
}


def find_config(start: Path | None = None) -> Path | None:
    """finops.yaml from $FINOPS_CONFIG, else the nearest one at or above `start` (cwd)."""
    if os.environ.get(CONFIG_ENV):
        path = Path(os.environ[CONFIG_ENV])
        if not path.is_file():
            raise ConfigError(f"{CONFIG_ENV} points to a file that does not exist", file=path,
                              hint=f"unset {CONFIG_ENV} or point it at your finops.yaml")
        return path
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
    return None


def load_config(path: str | Path | None = None) -> Config:
    """Read finops.yaml (or the defaults when there is none) into a Config."""
    cfg_path = Path(path) if path else find_config()
    if cfg_path is None:
        return _build({}, root=Path.cwd(), path=None)
    if not cfg_path.is_file():
        raise ConfigError("configuration file not found", file=cfg_path,
                          hint="pass --config with the path of your finops.yaml")
    try:
        data = yaml.safe_load(cfg_path.read_text()) or {}
    except yaml.YAMLError as exc:
        raise ConfigError(f"finops.yaml is not valid YAML: {exc}", file=cfg_path) from None
    if not isinstance(data, dict):
        raise ConfigError("finops.yaml must be a mapping of settings", file=cfg_path)
    return _build(data, root=cfg_path.resolve().parent, path=cfg_path)


def _build(data: dict[str, Any], root: Path, path: Path | None) -> Config:
    def fail(key: str, why: str) -> ConfigError:
        return ConfigError(f"setting {key!r}: {why}", file=path or CONFIG_NAME)

    currency = str(data.get("currency", "USD")).strip().upper()
    if len(currency) != 3 or not currency.isalpha():
        raise fail("currency", f"{currency!r} is not a three-letter ISO 4217 code such as USD")
    fy = data.get("fiscal_year_start_month", 1)
    if not isinstance(fy, int) or not 1 <= fy <= 12:
        raise fail("fiscal_year_start_month", f"{fy!r} is not a month number 1-12")
    duck = data.get("duckdb") or {}
    cache = data.get("cache_dir", ".finops-cache")      # null: keep nothing between runs
    validation = data.get("validation") or {}
    batch_rows = validation.get("batch_rows", 500_000)
    if not isinstance(batch_rows, int) or batch_rows < 1000:
        raise fail("validation.batch_rows", f"{batch_rows!r} is not a whole number >= 1000")
    threads = duck.get("threads")
    if threads is not None and (not isinstance(threads, int) or threads < 1):
        raise fail("duckdb.threads", f"{threads!r} is not null or a whole number >= 1")

    tags = data.get("tags") or DEFAULT_TAGS
    keys = tags.get("keys") or {}
    if not isinstance(keys, dict):
        raise fail("tags.keys", "must map each tag name to its aliases and allowed values")
    tag_keys = tuple(_tag_key(name, spec or {}, fail) for name, spec in keys.items())
    required = tuple(str(k) for k in tags.get("required", list(keys)))
    unknown = [k for k in required if k not in keys]
    if unknown:
        raise fail("tags.required", f"{', '.join(unknown)} not described under tags.keys")

    pools = _pools(((data.get("allocation") or {}).get("shared_pools")) or [], fail)

    return Config(
        root=root, path=path, currency=currency, fiscal_year_start_month=fy,
        data_dir=root / str(data.get("data_dir", "data/sample")),
        out_dir=root / str(data.get("out_dir", "reports/out")),
        memory_limit=str(duck.get("memory_limit", "4GB")), threads=threads,
        temp_dir=root / str(duck.get("temp_dir", ".duckdb_tmp")),
        cache_dir=root / str(cache) if cache else None,
        batch_rows=batch_rows, max_examples=int(validation.get("max_examples", 5)),
        tag_keys=tag_keys, required_tags=required, pools=pools, raw=data,
    )


def _tag_key(name: str, spec: dict[str, Any], fail) -> TagKey:
    aliases = spec.get("aliases") or [name]
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a for a in aliases):
        raise fail(f"tags.keys.{name}.aliases", "must be a list of tag key names")
    if name.lower() not in (a.lower() for a in aliases):
        aliases = [name, *aliases]
    allowed = spec.get("allowed")
    if allowed is not None and not isinstance(allowed, list):
        raise fail(f"tags.keys.{name}.allowed", "must be a list of values")
    value_aliases = spec.get("value_aliases") or {}
    if not isinstance(value_aliases, dict):
        raise fail(f"tags.keys.{name}.value_aliases", "must map a drifted value to its allowed value")
    return TagKey(
        name=name,
        aliases=tuple(aliases),
        allowed=tuple(str(v).lower() for v in allowed) if allowed is not None else None,
        value_aliases={str(k).lower(): str(v).lower() for k, v in value_aliases.items()},
    )


def _pools(items: list, fail) -> tuple[Pool, ...]:
    if not isinstance(items, list):
        raise fail("allocation.shared_pools", "must be a list of pools")
    pools, names = [], set()
    for n, item in enumerate(items):
        where = f"allocation.shared_pools[{n}]"
        if not isinstance(item, dict) or not item.get("name"):
            raise fail(where, "each pool needs a name, a match and a rule")
        name = str(item["name"])
        if name in names:
            raise fail(where, f"the pool name {name!r} is used twice")
        names.add(name)
        rule = item.get("rule", "proportional")
        if rule not in POOL_RULES:
            raise fail(f"{where}.rule", f"{rule!r} is not a rule; use one of: {', '.join(POOL_RULES)}")
        match = item.get("match") or {}
        if not isinstance(match, dict) or not match:
            raise fail(f"{where}.match", "must map a FOCUS column (or team) to the values that put a charge in the pool")
        for column in match:
            if column not in POOL_MATCH_FIELDS:
                raise fail(f"{where}.match", f"{column!r} cannot be matched; use: {', '.join(POOL_MATCH_FIELDS)}")
        weights = item.get("weights") or {}
        if rule == "weights" and (not isinstance(weights, dict) or not weights
                                  or any(not isinstance(v, (int, float)) or v < 0 for v in weights.values())):
            raise fail(f"{where}.weights", "rule weights needs team: weight pairs with non-negative numbers")
        driver = item.get("driver")
        if rule == "driver" and not driver:
            raise fail(f"{where}.driver", "rule driver needs the usage_metrics metric to spread by, e.g. requests")
        pools.append(Pool(
            name=name,
            match=tuple((str(k), tuple(str(v) for v in (vals if isinstance(vals, list) else [vals])))
                        for k, vals in match.items()),
            rule=rule,
            weights=tuple((str(k).lower(), float(v)) for k, v in weights.items()),
            driver=str(driver) if driver else None,
        ))
    return tuple(pools)
