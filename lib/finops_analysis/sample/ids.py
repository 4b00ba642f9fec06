"""Deterministic fictional identifiers: SKU ids, price ids, resource ids and invoice numbers.

They come from a hash of what they name (and the seed), never from Python's hash() or the
clock, so the same arguments give the same ids on every machine.
"""
from __future__ import annotations

import hashlib

_ALNUM = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def digest(*parts: object) -> bytes:
    return hashlib.blake2b("|".join(str(p) for p in parts).encode(), digest_size=32).digest()


def hexid(n: int, *parts: object) -> str:
    return digest(*parts).hex()[:n]


def alnum(n: int, *parts: object) -> str:
    return "".join(_ALNUM[b % len(_ALNUM)] for b in digest(*parts)[:n])


def guid(*parts: object) -> str:
    h = digest(*parts).hex()
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:32]}"


def sku_id(provider: str, key: str) -> str:
    """The provider's SKU identifier for a SKU key, in that provider's usual shape."""
    if provider == "aws":
        return alnum(16, "sku", key)
    if provider == "azure":
        return f"DZH3{alnum(8, 'sku', key)}/{alnum(4, 'sku2', key)}"
    h = hexid(12, "sku", key).upper()
    return f"{h[:4]}-{h[4:8]}-{h[8:12]}"


def sku_price_id(provider: str, key: str, variant: str = "ondemand") -> str:
    """One price of a SKU: on-demand, a later price, or a commitment rate."""
    sku = sku_id(provider, key)
    if provider == "aws":
        return f"{sku}.{alnum(10, 'term', variant)}.{alnum(10, 'rate', key, variant)}"
    if provider == "azure":
        return guid("price", key, variant)
    return f"{sku}/{hexid(8, 'price', key, variant)}"


def resource_fields(patterns: tuple[str | None, ...], *, seed: int, key: str, n: int, prefix: str, account: str,
                    region: str, zone: str | None) -> tuple[str | None, ...]:
    """Fill RESOURCE_KINDS patterns (id, name) for one resource."""
    if all(p is None for p in patterns):
        return tuple(None for _ in patterns)
    h = digest(seed, "res", key).hex()
    values = dict(hex12=h[:12], hex16=h[:16], hex32=h[:32], n=n, prefix=prefix, flat=prefix.replace("-", ""),
                  account=account, region=region, zone=zone or "")
    joined = "".join(p for p in patterns if p)
    if "{HEX13}" in joined:
        values["HEX13"] = alnum(13, seed, "res", key)
    if "{num10}" in joined:
        values["num10"] = str(int(h[:12], 16))[:10]
    return tuple(None if p is None else p.format(**values) for p in patterns)
