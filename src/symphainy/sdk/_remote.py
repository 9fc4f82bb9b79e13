"""RemoteSDK: the Experience SDK over the Runtime API, for a gateway on another machine.

One RuntimeClient (one connection pool) serves every principal: each SDK signs a short-lived
service token for its principal and uses the client bound to that token
(`RuntimeClient.with_token`), so the Runtime derives the tenant from that token alone.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx

from symphainy.contracts import SessionView
from symphainy.contracts._sdk import StagedUpload
from symphainy.errors import PayloadTooLarge
from symphainy.sdk._client_sdk import ClientSDK
from symphainy.sdk._protocol import AnonymousProof, SessionRef, session_id_of
from symphainy.sdk._runtime_client import RuntimeClient
from symphainy.security import Principal, Secret, mint_service_token


class RemoteRuntime:
    """The shared client and signing key; `sdk_for(principal)` is the gateway's SDK factory."""

    def __init__(
        self,
        base_url: str,
        secret: Secret,
        ttl: float,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        # No token of its own: /health and /ready are public and are asked at boot, before any
        # principal exists; every other call goes through a client bound to a principal's token.
        self.client = RuntimeClient(base_url, "", transport=transport)
        self._secret, self._ttl = secret, ttl

    def token_for(self, principal: Principal) -> str:
        """A service token for `principal`."""
        return mint_service_token(self._secret, principal, self._ttl)

    def sdk_for(self, principal: Principal) -> RemoteSDK:
        """The SDK acting for `principal`."""
        return RemoteSDK(self, principal)

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self.client.aclose()


class RemoteSDK(ClientSDK):
    """The SDK for one principal, through the shared RuntimeClient."""

    def __init__(self, remote: RemoteRuntime, principal: Principal) -> None:
        self._remote = remote
        self.principal = principal
        self._c = remote.client.with_token(remote.token_for(principal))

    async def upgrade_session(
        self,
        session: SessionRef,
        anonymous: AnonymousProof | str,
        metadata: dict[str, Any] | None = None,
    ) -> SessionView:
        if not isinstance(anonymous, Principal):
            raise TypeError("prove the anonymous session with its verified Principal")
        proof = self._remote.token_for(anonymous)
        return await self._c.upgrade_session(session_id_of(session), proof, metadata)

    async def stage_upload(self, chunks: AsyncIterator[bytes], limit: int) -> StagedUpload:
        return await self._c.stage_upload(_capped(chunks, limit))


async def _capped(chunks: AsyncIterator[bytes], limit: int) -> AsyncIterator[bytes]:
    size = 0
    async for chunk in chunks:
        size += len(chunk)
        if size > limit:
            raise PayloadTooLarge(f"upload exceeds {limit} bytes", limit=limit)
        yield chunk
