"""WAL checkpoints through every SDK transport: issue one, verify against it, see truncation."""

from __future__ import annotations

import pytest

from symphainy.errors import InvalidCheckpoint
from symphainy.sdk import ExperienceSDK
from tests.contract._store_helpers import truncate_last


def tampered(token: str) -> str:
    """The token with one payload character changed (still valid base64url)."""
    prefix, body, mac = token.split(".")
    i = len(body) // 2
    return f"{prefix}.{body[:i]}{'B' if body[i] == 'A' else 'A'}{body[i + 1 :]}.{mac}"


async def test_a_checkpoint_anchors_the_chain_through_the_sdk(
    sdk: ExperienceSDK, database_url: str
) -> None:
    session = await sdk.create_session()
    await sdk.wait((await sdk.invoke_intent("add_one", {"x": 1}, session)).execution_id)
    issued = await sdk.checkpoint_wal()
    assert issued.checkpoint.startswith("wcp1.")
    entries = await sdk.wal_entries(limit=1000)
    assert issued.seq == entries[-1].seq
    assert issued.head_hash == entries[-1].hash
    assert (await sdk.verify_wal(since=issued.checkpoint)).valid
    with pytest.raises(InvalidCheckpoint, match="invalid WAL checkpoint"):
        await sdk.verify_wal(since=tampered(issued.checkpoint))

    tenant_id = entries[0].payload["tenant_id"]
    truncate_last(database_url, tenant_id)
    assert (await sdk.verify_wal()).valid
    cut = await sdk.verify_wal(since=issued.checkpoint)
    assert not cut.valid
    assert cut.reason is not None
    assert "truncated" in cut.reason
