"""The caller facade's retention operations, with their checks (see `_facade.CallerFacade`).

Every one takes an admin of the caller's tenant and acts on that tenant only: the tenant is
the credential's, so an admin of one tenant can neither read nor change another's policy,
holds or counts. A real run is the `run_retention` system intent (durable and resumable like
any execution, and schedulable with the schedule operations).
"""

from __future__ import annotations

from symphainy.contracts._retention import (
    LegalHoldList,
    LegalHoldRequest,
    LegalHoldView,
    ReleaseHoldRequest,
    RetentionCounts,
    RetentionPolicyView,
    RetentionRunView,
    RunRetentionRequest,
    SetRetentionPolicyRequest,
)
from symphainy.runtime._caller import CallerRuntime, checked
from symphainy.runtime._retention import RUN_INTENT, Policy, Retention
from symphainy.runtime._submit import SubmitIntent
from symphainy.security._principal import Principal, require_role
from symphainy.store import HoldRow

ADMIN_ROLE = "admin"


class RetentionOperations:
    """Retention operations for one principal (mixed into `CallerFacade`)."""

    _rt: CallerRuntime
    principal: Principal

    def _admin(self) -> Retention:
        require_role(self.principal, ADMIN_ROLE)
        return self._rt.retention

    async def get_retention_policy(self) -> RetentionPolicyView:
        """The tenant's effective policy (an admin)."""
        retention = self._admin()
        return _policy_view(await retention.policy(self.principal.tenant_id))

    async def set_retention_policy(
        self,
        execution_days: int | None = None,
        artifact_days: int | None = None,
        wal_days: int | None = None,
    ) -> RetentionPolicyView:
        """Set the tenant's policy (an admin)."""
        retention = self._admin()
        body = checked(
            SetRetentionPolicyRequest,
            execution_days=execution_days,
            artifact_days=artifact_days,
            wal_days=wal_days,
        )
        policy = await retention.set_policy(
            self.principal.tenant_id, self.principal.subject, body.model_dump()
        )
        return _policy_view(policy)

    async def place_legal_hold(self, kind: str, target_id: str, reason: str) -> LegalHoldView:
        """Hold an execution or artifact of the tenant (an admin)."""
        retention = self._admin()
        body = checked(LegalHoldRequest, kind=kind, target_id=target_id, reason=reason)
        row = await retention.place_hold(
            self.principal.tenant_id, body.kind, body.target_id, body.reason, self.principal.subject
        )
        return _hold_view(row)

    async def release_legal_hold(self, kind: str, target_id: str) -> LegalHoldList:
        """Release a hold of the tenant (an admin)."""
        retention = self._admin()
        body = checked(ReleaseHoldRequest, kind=kind, target_id=target_id)
        tenant = self.principal.tenant_id
        await retention.release_hold(tenant, body.kind, body.target_id, self.principal.subject)
        return LegalHoldList(holds=[_hold_view(h) for h in await retention.holds(tenant)])

    async def list_legal_holds(self) -> LegalHoldList:
        """The tenant's holds (an admin)."""
        retention = self._admin()
        holds = await retention.holds(self.principal.tenant_id)
        return LegalHoldList(holds=[_hold_view(h) for h in holds])

    async def run_retention(self, dry_run: bool = False) -> RetentionRunView:
        """Count now (dry run), or start the tenant's `run_retention` execution (an admin)."""
        retention = self._admin()
        body = checked(RunRetentionRequest, dry_run=dry_run)
        p = self.principal
        if body.dry_run:
            counts = await retention.run(p.tenant_id, dry_run=True)
            return RetentionRunView(dry_run=True, counts=RetentionCounts(**counts))
        request = SubmitIntent(
            tenant_id=p.tenant_id, intent_type=RUN_INTENT, user_id=p.user_id, roles=p.roles
        )
        accepted = await self._rt.submit(request)
        return RetentionRunView(dry_run=False, execution_id=accepted.execution_id)


def _policy_view(policy: Policy) -> RetentionPolicyView:
    return RetentionPolicyView(
        execution_days=policy.execution_days,
        artifact_days=policy.artifact_days,
        wal_days=policy.wal_days,
        grace_days=policy.grace_days,
        custom=policy.custom,
    )


def _hold_view(row: HoldRow) -> LegalHoldView:
    return LegalHoldView(
        kind=row.kind,
        target_id=row.target_id,
        reason=row.reason,
        placed_by=row.placed_by,
        placed_at=row.placed_at,
    )
