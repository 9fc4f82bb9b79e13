"""Child executions: how a running execution (e.g. a journey) starts and watches sub-work."""

from __future__ import annotations

from typing import Any, Protocol

from symphainy.contracts import ExecutionView, SubmitIntentResponse
from symphainy.errors import ExecutionCancelled, ExecutionNotFound, IllegalTransition
from symphainy.runtime._submit import ANONYMOUS_KEY, REUSED_KEY, ROLES_KEY, SubmitIntent
from symphainy.runtime._views import execution_view
from symphainy.store import ExecutionRow, Store, loads


class ChildRuntime(Protocol):
    """What child executions need of the runtime (the Runtime provides it)."""

    @property
    def store(self) -> Store:
        """Where children are read from."""
        ...

    async def submit(self, request: SubmitIntent) -> SubmitIntentResponse:
        """Validate and record a child, like any submission."""
        ...

    async def cancel(self, tenant_id: str, execution_id: str) -> ExecutionView:
        """Cancel a child, signalling the local worker at once."""
        ...


class ChildExecutions:
    """The children of one execution: submit (idempotently, by key), list, cancel.

    A child inherits the parent's tenant, session, user, solution, priority and correlation
    id. Its idempotency key makes a re-submission after a crash or a resume return the same
    child, so a step is never started twice.
    """

    def __init__(self, runtime: ChildRuntime, parent: ExecutionRow) -> None:
        self._rt = runtime
        self._p = parent  # the parent's ExecutionRow

    async def submit(
        self, intent_type: str, parameters: dict[str, Any], *, key: str
    ) -> ExecutionView:
        """Start (or find) the child identified by `key` under this execution."""
        p = self._p
        # The parent's authority, as the runtime recorded it at submit: children act with it.
        meta = loads(p.metadata)
        roles = meta.get(ROLES_KEY)
        request = SubmitIntent(
            tenant_id=p.tenant_id,
            intent_type=intent_type,
            parameters=parameters,
            session_id=p.session_id,
            solution_id=p.solution_id,
            user_id=p.user_id,
            idempotency_key=self.key(key),
            parent_execution_id=p.execution_id,
            correlation_id=p.correlation_id or p.execution_id,
            request_id=p.request_id,
            roles=tuple(str(r) for r in roles) if isinstance(roles, list) else (),
            anonymous=meta.get(ANONYMOUS_KEY) is True,
            priority=p.priority,  # a journey's steps run at the journey's priority
        )
        try:
            response = await self._rt.submit(request)
        except IllegalTransition as exc:
            if exc.extra.get("parent_cancel_requested"):
                # Cancelled from another process before this worker heard of it: stop here.
                raise ExecutionCancelled(p.execution_id) from None
            raise
        row = await self._rt.store.get_execution(p.tenant_id, response.execution_id)
        assert row is not None  # just recorded, same tenant
        return execution_view(row)

    def key(self, name: str) -> str:
        """The idempotency key of the child called `name`."""
        return f"child:{self._p.execution_id}:{name}"

    async def by_key(self) -> dict[str, ExecutionView]:
        """Every child started with `submit`, by the key it was given.

        A retried execution (a journey resumed from its failed step) also sees, under their
        keys, the completed executions it reuses: they count as done and are not started again.
        """
        prefix = self.key("")
        rows = await self._rt.store.child_executions(self._p.tenant_id, self._p.execution_id)
        own = {
            r.idempotency_key[len(prefix) :]: execution_view(r)
            for r in rows
            if r.idempotency_key is not None and r.idempotency_key.startswith(prefix)
        }
        return {**await self.reused(), **own}

    async def reused(self) -> dict[str, ExecutionView]:
        """The completed executions this retry reuses, by step name (empty for a first run)."""
        reused = loads(self._p.metadata).get(REUSED_KEY) or {}
        assert isinstance(reused, dict)  # written by the runtime only (`new_execution`)
        rows = await self._rt.store.executions_by_id(sorted(reused.values()))
        by_id = {r.execution_id: r for r in rows if r.tenant_id == self._p.tenant_id}
        gone = sorted(set(reused.values()) - set(by_id))
        if gone:
            raise ExecutionNotFound(f"the executions this retry reuses are gone: {gone}")
        return {name: execution_view(by_id[eid]) for name, eid in reused.items()}

    async def cancel(self, execution_id: str) -> None:
        """Cancel a child unless it already finished."""
        try:
            await self._rt.cancel(self._p.tenant_id, execution_id)
        except IllegalTransition:
            return  # it finished meanwhile: nothing to cancel
