"""Parking without lost wake-ups, at the store: children, state keys and cancel requests.

Each case is the ordering a busy worker can produce; the store must resolve it the same way
whichever write lands first.
"""

from __future__ import annotations

from symphainy.store import DECISION_KEY, Store
from symphainy.store import _records as records
from tests.contract._store_helpers import TENANT_A, submit


async def status(store: Store, execution_id: str) -> str:
    row = await store.get_execution(TENANT_A, execution_id)
    assert row is not None
    return row.status


async def running(store: Store, **overrides: object) -> str:
    """An execution claimed by worker `w`."""
    execution_id = await submit(store, **overrides)
    claimed = await store.claim("w", 10, 30.0)
    assert execution_id in {r.execution_id for r in claimed}
    return execution_id


async def test_a_child_finishing_resumes_its_parked_parent(store: Store) -> None:
    parent = await running(store)
    child = await running(store, parent_execution_id=parent)
    assert await store.set_waiting(TENANT_A, parent, "w", {"children": [child]}, [child])
    assert await status(store, parent) == "waiting"
    await store.finish(child, "w", "completed", result="{}")
    assert await status(store, parent) == "created"  # runnable again


async def test_a_parent_parking_after_its_child_finished_does_not_stay_parked(
    store: Store,
) -> None:
    parent = await running(store)
    child = await running(store, parent_execution_id=parent)
    await store.finish(child, "w", "completed", result="{}")
    assert await store.set_waiting(TENANT_A, parent, "w", {"children": [child]}, [child])
    assert await status(store, parent) == "created"


async def test_parking_on_a_state_key_that_already_exists_does_not_stay_parked(
    store: Store,
) -> None:
    early = await running(store)
    await store.write(
        lambda tx: records.put_state(
            tx, TENANT_A, "execution", early, DECISION_KEY, '{"approved": true}', None
        )
    )
    assert await store.set_waiting(TENANT_A, early, "w", {}, wake_on_state=DECISION_KEY)
    assert await status(store, early) == "created"
    late = await running(store)
    assert await store.set_waiting(TENANT_A, late, "w", {}, wake_on_state=DECISION_KEY)
    assert await status(store, late) == "waiting"  # nothing decided for this one yet


async def test_a_cancel_requested_while_running_ends_it_instead_of_parking(
    store: Store,
) -> None:
    execution_id = await running(store)
    flagged = await store.cancel(TENANT_A, execution_id)
    assert (flagged.status, flagged.cancel_requested) == ("running", 1)
    assert await store.set_waiting(TENANT_A, execution_id, "w", {})
    assert await status(store, execution_id) == "cancelled"
