"""WAL checkpoints: a signed external anchor that makes truncation of the chain detectable."""

from __future__ import annotations

import base64
import string

import pytest

from symphainy.errors import InvalidCheckpoint, NotFound
from symphainy.runtime import Wal, read_wal_checkpoint
from symphainy.store import Store
from tests.contract._store_helpers import (
    TENANT_A,
    TENANT_B,
    append_event,
    raw_execute,
    submit,
    truncate_last,
)

SECRET = b"an-operator-service-secret-0123456789"


async def test_truncation_passes_plain_verify_but_fails_against_a_checkpoint(
    store: Store, database_url: str
) -> None:
    for _ in range(3):
        await submit(store)
    wal = Wal(store)
    token = (await wal.checkpoint(TENANT_A, SECRET)).checkpoint
    checkpoint = read_wal_checkpoint(SECRET, token)
    assert (checkpoint.tenant_id, checkpoint.seq, checkpoint.entries) == (TENANT_A, 6, 6)

    truncate_last(database_url, TENANT_A)

    plain = await wal.verify(TENANT_A)
    assert plain.valid, "a consistent truncation is invisible without an anchor (documented)"
    anchored = await wal.verify(TENANT_A, since=checkpoint)
    assert not anchored.valid
    assert anchored.first_broken_seq == 6
    assert anchored.reason is not None
    assert "truncated" in anchored.reason
    assert "seq 6" in anchored.reason


async def test_a_rewritten_entry_at_the_checkpoint_fails(store: Store, database_url: str) -> None:
    for _ in range(2):
        await submit(store)
    wal = Wal(store)
    checkpoint = read_wal_checkpoint(SECRET, (await wal.checkpoint(TENANT_A, SECRET)).checkpoint)
    # Replace the anchored entry with a different, internally consistent one.
    truncate_last(database_url, TENANT_A)
    await append_event(store, TENANT_A, "audit.forged", {"n": 1})

    assert (await wal.verify(TENANT_A)).valid
    anchored = await wal.verify(TENANT_A, since=checkpoint)
    assert not anchored.valid
    assert anchored.first_broken_seq == checkpoint.seq
    assert anchored.reason is not None
    assert "differs from the checkpoint" in anchored.reason


async def test_growth_after_the_checkpoint_verifies(store: Store) -> None:
    await submit(store)
    wal = Wal(store)
    checkpoint = read_wal_checkpoint(SECRET, (await wal.checkpoint(TENANT_A, SECRET)).checkpoint)
    for _ in range(3):
        await submit(store)
    result = await wal.verify(TENANT_A, since=checkpoint)
    assert result.valid
    assert result.head_seq == 8


def flip_one_byte(token: str, part: int) -> str:
    parts = token.split(".")
    raw = bytearray(base64.urlsafe_b64decode(parts[part] + "=" * (-len(parts[part]) % 4)))
    raw[len(raw) // 2] ^= 0x01
    parts[part] = base64.urlsafe_b64encode(bytes(raw)).rstrip(b"=").decode()
    return ".".join(parts)


@pytest.mark.parametrize("part", [1, 2], ids=["payload", "mac"])
async def test_a_tampered_checkpoint_is_refused(store: Store, part: int) -> None:
    await submit(store)
    token = (await Wal(store).checkpoint(TENANT_A, SECRET)).checkpoint
    with pytest.raises(InvalidCheckpoint, match="invalid WAL checkpoint"):
        read_wal_checkpoint(SECRET, flip_one_byte(token, part))


async def test_a_checkpoint_signed_with_another_key_is_refused(store: Store) -> None:
    await submit(store)
    token = (await Wal(store).checkpoint(TENANT_A, b"another-service-secret-0123456789")).checkpoint
    with pytest.raises(InvalidCheckpoint, match="another key"):
        read_wal_checkpoint(SECRET, token)


async def test_a_key_ring_verifies_checkpoints_of_its_older_keys(store: Store) -> None:
    await submit(store)
    old, new = b"old-service-secret-0123456789", b"new-service-secret-0123456789"
    token = (await Wal(store).checkpoint(TENANT_A, {"k1": old, "k2": new}, kid="k1")).checkpoint
    assert read_wal_checkpoint({"k2": new, "k1": old}, token).kid == "k1"
    with pytest.raises(InvalidCheckpoint, match="unknown signing key"):
        read_wal_checkpoint({"k2": new}, token)


async def test_a_checkpoint_of_another_tenant_is_refused(store: Store) -> None:
    await submit(store)
    await submit(store, TENANT_B)
    wal = Wal(store)
    theirs = read_wal_checkpoint(SECRET, (await wal.checkpoint(TENANT_B, SECRET)).checkpoint)
    with pytest.raises(InvalidCheckpoint, match="tenant-b"):
        await wal.verify(TENANT_A, since=theirs)


@pytest.mark.parametrize("junk", ["", "wcp1", "wcp1.a.b.c", "sst1.e30.AAAA", "wcp1.!!.AAAA"])
def test_malformed_checkpoints_are_refused(junk: str) -> None:
    with pytest.raises(InvalidCheckpoint, match="invalid WAL checkpoint"):
        read_wal_checkpoint(SECRET, junk)


async def test_an_unknown_tenant_does_not_verify(store: Store) -> None:
    with pytest.raises(NotFound, match="no-such-tenant"):
        await Wal(store).verify("no-such-tenant")
    with pytest.raises(NotFound, match="no-such-tenant"):
        await Wal(store).checkpoint("no-such-tenant", SECRET)


async def test_a_registered_tenant_without_entries_is_not_intact(
    store: Store, database_url: str
) -> None:
    # Registration always logs `tenant.created`; a tenant row with no WAL means it was removed.
    raw_execute(
        database_url,
        "INSERT INTO tenants (tenant_id, name, created_at) VALUES (:t, 'x', 0)",
        {"t": TENANT_A},
    )
    result = await Wal(store).verify(TENANT_A)
    assert not result.valid
    assert result.reason is not None
    assert "no WAL entries" in result.reason


async def test_an_entry_beyond_the_head_fails(store: Store, database_url: str) -> None:
    await submit(store)
    # Move the head back but keep the entry: the chain no longer accounts for seq 2.
    raw_execute(
        database_url,
        "UPDATE wal_heads SET seq = 1, hash = (SELECT hash FROM wal w "
        "WHERE w.tenant_id = :t AND w.seq = 1) WHERE tenant_id = :t",
        {"t": TENANT_A},
    )
    result = await Wal(store).verify(TENANT_A)
    assert not result.valid
    assert result.first_broken_seq == 2
    assert result.reason is not None
    assert "beyond the recorded head" in result.reason


async def test_every_other_last_character_of_the_mac_is_refused(store: Store) -> None:
    # A 32-byte MAC leaves two unused bits in its last base64 character: a lenient decoder let
    # some one-character edits through as the same MAC (a fresh-clone CI run caught one).
    await submit(store)
    token = (await Wal(store).checkpoint(TENANT_A, SECRET)).checkpoint
    alphabet = string.ascii_letters + string.digits + "-_"
    for other in alphabet.replace(token[-1], ""):
        with pytest.raises(InvalidCheckpoint, match="invalid WAL checkpoint"):
            read_wal_checkpoint(SECRET, token[:-1] + other)
