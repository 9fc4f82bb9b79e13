"""Sliding sessions: extend a live access (or anonymous) token, never past its login's end."""

from __future__ import annotations

from symphainy.store._tx import Tx

EXTENDABLE = ("access", "anonymous")


def extend_token(tx: Tx, tenant_id: str, token_id: str, ttl: float, now: float) -> float | None:
    """Move a live token's expiry to `now + ttl`; return it, or None if it cannot be extended.

    An access token is capped by the latest live refresh token of its family (the login's own
    end); a login whose refresh tokens are all spent or revoked cannot be extended. A token is
    never shortened.
    """
    row = tx.one(
        "SELECT kind, family_id, expires_at FROM tokens WHERE token_id = :i AND tenant_id = :t "
        f"AND revoked_at IS NULL AND expires_at > :now{tx.dialect.for_update}",
        {"i": token_id, "t": tenant_id, "now": now},
    )
    if row is None or row[0] not in EXTENDABLE:
        return None
    kind, family, current = str(row[0]), str(row[1]), float(row[2])
    until = now + ttl
    if kind == "access":
        cap = tx.one(
            "SELECT MAX(expires_at) FROM tokens WHERE family_id = :f AND kind = 'refresh' "
            "AND revoked_at IS NULL AND expires_at > :now",
            {"f": family, "now": now},
        )
        if cap is None or cap[0] is None:
            return None
        until = min(until, float(cap[0]))
    until = max(until, current)
    tx.q("UPDATE tokens SET expires_at = :e WHERE token_id = :i", {"e": until, "i": token_id})
    payload = {"token_id": token_id, "family_id": family, "expires_at": until}
    tx.log(tenant_id, "token.extended", payload)
    return until


__all__ = ["extend_token"]
