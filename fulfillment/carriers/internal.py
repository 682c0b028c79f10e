"""Waybills for in-house carriers: unique, unguessable enough, readable over the phone."""

from __future__ import annotations

import hashlib


def internal_waybill(prefix: str, reference: str) -> str:
    """Deterministic per booking reference, so a retried booking gets the same waybill."""
    digest = hashlib.sha256(reference.encode()).hexdigest().upper()
    return f"{prefix}{digest[:12]}"


def pickup_code(reference: str) -> str:
    """A 6-digit code the shopper shows at the Galeri counter."""
    digest = hashlib.sha256(("pickup:" + reference).encode()).hexdigest()
    return f"{int(digest[:10], 16) % 1_000_000:06d}"
