"""The store: the only package that knows SQL. SQLite (embedded) or PostgreSQL (scale-out)."""

from __future__ import annotations

from symphainy.store._blobs import BlobInfo, BlobStore, LocalBlobStore
from symphainy.store._chain import GENESIS, entry_hash
from symphainy.store._children import DECISION_KEY
from symphainy.store._records import (
    ARTIFACT_TRANSITIONS,
    PENDING_TRANSITIONS,
    NewArtifact,
)
from symphainy.store._rows import (
    ArtifactRow,
    ExecutionRow,
    NewExecution,
    PendingRow,
    SessionRow,
    StateRow,
    WalRow,
)
from symphainy.store._store import Store, open_store
from symphainy.store._tx import Tx
from symphainy.store._usage import UsageQueries, UsageRow, UsageSum
from symphainy.store._writer import Commit

__all__ = [
    "ARTIFACT_TRANSITIONS",
    "DECISION_KEY",
    "GENESIS",
    "PENDING_TRANSITIONS",
    "ArtifactRow",
    "BlobInfo",
    "BlobStore",
    "Commit",
    "ExecutionRow",
    "LocalBlobStore",
    "NewArtifact",
    "NewExecution",
    "PendingRow",
    "SessionRow",
    "StateRow",
    "Store",
    "Tx",
    "UsageQueries",
    "UsageRow",
    "UsageSum",
    "WalRow",
    "entry_hash",
    "open_store",
]
