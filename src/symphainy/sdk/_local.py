"""LocalSDK: the Experience SDK in process, the runtime's own caller-facing facade."""

from __future__ import annotations

from symphainy.runtime import JOURNEY_INTENT, CallerFacade

__all__ = ["JOURNEY_INTENT", "LocalSDK"]


class LocalSDK(CallerFacade):
    """The SDK for one principal, in the runtime's own process: `LocalSDK(runtime, principal)`.

    It is `runtime.for_caller(principal)`: every policy check lives in that facade, which both
    HTTP services call too, so all three deployments answer alike.
    """
