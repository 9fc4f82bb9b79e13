"""HttpSDK: the Experience SDK over the Experience service's public API.

The Experience service serves the Runtime API's operations on the same paths, so HttpSDK is
the same RuntimeClient the gateway uses (one SSE decoder, one long-poll), bound to the
caller's token, plus the operations only the Experience service has (sign-in, anonymous
sessions, multipart uploads).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx

from symphainy.contracts import SessionView
from symphainy.contracts._sdk import StagedUpload
from symphainy.sdk import _call
from symphainy.sdk._client_sdk import ClientSDK
from symphainy.sdk._protocol import AnonymousProof, SessionRef, session_id_of
from symphainy.sdk._runtime_client import RuntimeClient


class HttpSDK(ClientSDK):
    """The SDK for whoever holds `token`, through the Experience service at `base_url`."""

    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: float = 30.0,
    ) -> None:
        self.token = token
        self._c = RuntimeClient(
            base_url, lambda: self.token or "", transport=transport, timeout=timeout
        )
        self._http = self._c._http

    async def __aenter__(self) -> HttpSDK:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self._c.aclose()

    async def _send(self, operation: str, document: dict[str, Any] | None = None) -> Any:
        return await self._c.call(_call.Call(operation, _call.document, document=document))

    # Sign-in: these set `token` for the calls that follow.

    async def register(self, email: str, password: str, name: str, **extra: Any) -> Any:
        """Create an account and sign in."""
        document = {"email": email, "password": password, "name": name, **extra}
        body = await self._send("register", document)
        self.token = body["access_token"]
        return body

    async def login(self, email: str, password: str) -> Any:
        """Sign in."""
        body = await self._send("login", {"email": email, "password": password})
        self.token = body["access_token"]
        return body

    async def logout(self) -> None:
        """Revoke the current token."""
        await self._send("logout")
        self.token = None

    async def create_anonymous_session(self, metadata: dict[str, Any] | None = None) -> SessionView:
        """Start an anonymous session; its token becomes this SDK's token."""
        body = await self._send("create_anonymous_session", {"metadata": metadata or {}})
        self.token = body["access_token"]
        return SessionView.model_validate(body["session"])

    # The ExperienceSDK operations the Experience service serves its own way.

    async def upgrade_session(
        self,
        session: SessionRef,
        anonymous: AnonymousProof | str,
        metadata: dict[str, Any] | None = None,
    ) -> SessionView:
        if not isinstance(anonymous, str):
            raise TypeError("over HTTP, prove the anonymous session with its token")
        return await self._c.upgrade_session(session_id_of(session), anonymous, metadata)

    async def stage_upload(self, chunks: AsyncIterator[bytes], limit: int) -> StagedUpload:
        data = b"".join([c async for c in chunks])
        return await self.upload(data, "upload.bin")

    async def upload(self, data: bytes, filename: str) -> StagedUpload:
        """Upload one file (multipart) into the caller's blob area."""
        reader = _call.model(StagedUpload)
        call = _call.Call("upload_file", reader, files={"file": (filename, data)})
        return await self._c.call(call)
