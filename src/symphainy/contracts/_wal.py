"""Wire models of the caller's tenant's write-ahead log: entries, verification, checkpoints."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import Field

from symphainy.contracts._models import Wire, WireRequest


class WalEntryView(Wire):
    """One write-ahead log entry of the caller's tenant."""

    seq: int
    kind: str
    execution_id: str | None
    exec_seq: int | None
    payload: dict[str, Any]
    created_at: datetime
    prev_hash: str
    hash: str


class WalVerification(Wire):
    """The result of walking a tenant's hash chain."""

    valid: bool
    entries_checked: int
    head_seq: int
    first_broken_seq: int | None = None
    reason: str | None = None
    anchor_seq: int = 0
    """Where the walk started: 0 (genesis), or the signed anchor WAL compaction left."""


class VerifyWalRequest(WireRequest):
    """Options of `verify_wal`."""

    since: str | None = Field(default=None, max_length=1024)
    """A checkpoint from `checkpoint_wal`: the chain must still reach its entry unchanged,
    which also detects a cut-off tail. It is refused if forged, altered or another tenant's."""


class WalCheckpointView(Wire):
    """A signed checkpoint of the tenant's verified WAL head, to keep outside the platform."""

    checkpoint: str
    """The `wcp1.` token to pass to `verify_wal(since=...)` or `symphainy wal verify --since`."""
    seq: int
    head_hash: str
    issued_at: int


class WalPage(Wire):
    """A page of the caller's tenant WAL, in chain order."""

    entries: list[WalEntryView]
