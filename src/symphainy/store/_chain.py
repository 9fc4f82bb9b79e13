"""The per-tenant hash chain of WAL entries: how an entry's hash is computed."""

from __future__ import annotations

import hashlib

GENESIS = "0" * 64


def entry_hash(
    prev_hash: str,
    tenant_id: str,
    seq: int,
    kind: str,
    execution_id: str | None,
    exec_seq: int | None,
    payload: str,
    created_at: float,
) -> str:
    """SHA-256 over the previous hash and every stored field of the entry."""
    text = "\x1f".join(
        (
            prev_hash,
            tenant_id,
            str(seq),
            kind,
            execution_id or "",
            "" if exec_seq is None else str(exec_seq),
            repr(float(created_at)),
            payload,
        )
    )
    return hashlib.sha256(text.encode()).hexdigest()
