"""The store: the only package that knows SQL. SQLite (embedded) or PostgreSQL (scale-out)."""

from __future__ import annotations

from symphainy.store._blobs import BlobInfo, BlobStore, LocalBlobStore
from symphainy.store._chain import GENESIS, entry_hash
from symphainy.store._children import DECISION_KEY
from symphainy.store._commit_stats import CommitStats
from symphainy.store._dialect import PostgresDialect, SQLiteDialect, dialect_for
from symphainy.store._identity import (
    BAD_INVITATION,
    ApiKeyRow,
    IdentityQueries,
    InvitationRow,
    NewUser,
    Rotation,
    TenantRow,
    TokenAuth,
    TokenRow,
    UserRow,
)
from symphainy.store._identity_store import IdentityStore
from symphainy.store._json import dumps, loads
from symphainy.store._queue import Inline
from symphainy.store._quota_store import DAY, QuotaStore, QuotaUsage, day_start
from symphainy.store._quotas import QUOTA_NAMES, QuotaLimits, TenantQuotaRow, exceeded
from symphainy.store._records import (
    ARTIFACT_TRANSITIONS,
    PENDING_TRANSITIONS,
    NewArtifact,
)
from symphainy.store._retention import HoldRow, PolicyRow
from symphainy.store._retention_store import RetentionStore
from symphainy.store._rows import (
    ArtifactRow,
    ExecutionRow,
    NewExecution,
    PendingRow,
    ScheduleRow,
    SessionRow,
    StateRow,
    WalRow,
)
from symphainy.store._schedule_store import ScheduleStore
from symphainy.store._schedules import Claimed, Fired
from symphainy.store._signal_store import SignalStore
from symphainy.store._signals import SignalRow, Taken
from symphainy.store._solution_store import SolutionRow, SolutionRun, SolutionStore
from symphainy.store._stats import Counts, Failure, Finished, QueueDepth, StatsQueries, WorkerInfo
from symphainy.store._store import Store, open_store
from symphainy.store._team import TeamQueries, set_member
from symphainy.store._tx import Tx
from symphainy.store._usage import UsageQueries, UsageRow, UsageSum
from symphainy.store._writer import Commit

__all__ = [
    "ARTIFACT_TRANSITIONS",
    "BAD_INVITATION",
    "DAY",
    "DECISION_KEY",
    "GENESIS",
    "PENDING_TRANSITIONS",
    "QUOTA_NAMES",
    "ApiKeyRow",
    "ArtifactRow",
    "BlobInfo",
    "BlobStore",
    "Claimed",
    "Commit",
    "CommitStats",
    "Counts",
    "ExecutionRow",
    "Failure",
    "Finished",
    "Fired",
    "HoldRow",
    "IdentityQueries",
    "IdentityStore",
    "Inline",
    "InvitationRow",
    "LocalBlobStore",
    "NewArtifact",
    "NewExecution",
    "NewUser",
    "PendingRow",
    "PolicyRow",
    "PostgresDialect",
    "QueueDepth",
    "QuotaLimits",
    "QuotaStore",
    "QuotaUsage",
    "RetentionStore",
    "Rotation",
    "SQLiteDialect",
    "ScheduleRow",
    "ScheduleStore",
    "SessionRow",
    "SignalRow",
    "SignalStore",
    "SolutionRow",
    "SolutionRun",
    "SolutionStore",
    "StateRow",
    "StatsQueries",
    "Store",
    "Taken",
    "TeamQueries",
    "TenantQuotaRow",
    "TenantRow",
    "TokenAuth",
    "TokenRow",
    "Tx",
    "UsageQueries",
    "UsageRow",
    "UsageSum",
    "UserRow",
    "WalRow",
    "WorkerInfo",
    "day_start",
    "dialect_for",
    "dumps",
    "entry_hash",
    "exceeded",
    "loads",
    "open_store",
    "set_member",
]
