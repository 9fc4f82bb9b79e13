"""The retention operations of the Experience SDK, declared once (see `_experience`).

Admin-only: a tenant's admin sets its policy, places and releases legal holds and runs
retention for its own tenant (the tenant always comes from the credential).
"""

from __future__ import annotations

from typing import Protocol

from symphainy.contracts._operation import declared, operation
from symphainy.contracts._retention import (
    LegalHoldList,
    LegalHoldRequest,
    LegalHoldView,
    ReleaseHoldRequest,
    RetentionPolicyView,
    RetentionRunView,
    RunRetentionRequest,
    SetRetentionPolicyRequest,
)


class RetentionOperations(Protocol):
    """Retention: the tenant's policy, legal holds and runs (admins only)."""

    @operation(
        "get_retention_policy", "GET", "/api/retention/policy", RetentionPolicyView, scope="admin"
    )
    async def get_retention_policy(self) -> RetentionPolicyView:
        """The caller's tenant's effective retention policy."""
        declared()

    @operation(
        "set_retention_policy",
        "POST",
        "/api/retention/policy",
        RetentionPolicyView,
        SetRetentionPolicyRequest,
        scope="admin",
        optional=True,
    )
    async def set_retention_policy(
        self,
        execution_days: int | None = None,
        artifact_days: int | None = None,
        wal_days: int | None = None,
    ) -> RetentionPolicyView:
        """Set the tenant's retention in days (a value left out: the platform default)."""
        declared()

    @operation(
        "place_legal_hold",
        "POST",
        "/api/retention/hold",
        LegalHoldView,
        LegalHoldRequest,
        status=201,
        scope="admin",
    )
    async def place_legal_hold(self, kind: str, target_id: str, reason: str) -> LegalHoldView:
        """Hold an execution or artifact of the tenant: retention keeps it until released."""
        declared()

    @operation(
        "release_legal_hold",
        "POST",
        "/api/retention/hold/release",
        LegalHoldList,
        ReleaseHoldRequest,
        scope="admin",
    )
    async def release_legal_hold(self, kind: str, target_id: str) -> LegalHoldList:
        """Release a hold; answers the holds that remain."""
        declared()

    @operation("list_legal_holds", "GET", "/api/retention/holds", LegalHoldList, scope="admin")
    async def list_legal_holds(self) -> LegalHoldList:
        """The tenant's legal holds."""
        declared()

    @operation(
        "run_retention",
        "POST",
        "/api/retention/run",
        RetentionRunView,
        RunRetentionRequest,
        status=202,
        scope="admin",
        optional=True,
    )
    async def run_retention(self, dry_run: bool = False) -> RetentionRunView:
        """Run retention now: a dry run answers the counts; a real run starts `run_retention`."""
        declared()
