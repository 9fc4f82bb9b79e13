"""Experience service (:8001): the single public gateway; reaches the runtime only via the SDK."""

from __future__ import annotations

from symphainy.gateway._app import create_gateway_app
from symphainy.gateway._deps import GatewayDeps, SDKFactory

__all__ = ["GatewayDeps", "SDKFactory", "create_gateway_app"]
