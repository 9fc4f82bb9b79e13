"""Every operation of both services, declared once: the servers mount it, the clients call it.

The `ExperienceSDK` operations are declared on their methods (`contracts._experience`); this
table adds the rest. An operation served by `both` has the same method, path, request and
answer on the Runtime API (service-token callers) and on the Experience service (user tokens);
`experience` ones (sign-in, anonymous sessions, multipart uploads, limits, the WebSocket, the
Control Tower) exist on the Experience service only, `runtime` ones (raw-body staging) on the
Runtime API only.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from symphainy.contracts._experience import ExperienceSDK
from symphainy.contracts._models import CreateSessionRequest, Health, Readiness
from symphainy.contracts._operation import Operation, Scope, Service, declared_operations
from symphainy.contracts._sdk import StagedUpload

__all__ = ["OPERATIONS", "RUNTIME_ROUTES", "ApiRoute", "Operation", "Scope", "Service"]

ApiRoute = Operation
"""The former name of `Operation`."""

_OP = Operation
_X: Service = "experience"
_JSON = dict[str, Any]

OPERATIONS: Mapping[str, Operation] = MappingProxyType(
    {
        "health": _OP("GET", "/health", Health, scope="public"),
        # Every ExperienceSDK operation, declared on its method (contracts._experience).
        **declared_operations(ExperienceSDK),
        # The operations without an ExperienceSDK method.
        "ready": _OP("GET", "/ready", Readiness, scope="public"),
        "stage_upload": _OP(
            "POST", "/api/uploads", StagedUpload, status=201, scope="user", served_by="runtime"
        ),
        # The Experience service's own operations.
        "register": _OP("POST", "/api/auth/register", _JSON, None, 201, "public", _X),
        "login": _OP("POST", "/api/auth/login", _JSON, scope="public", served_by=_X),
        "refresh": _OP("POST", "/api/auth/refresh", _JSON, scope="public", served_by=_X),
        "logout": _OP("POST", "/api/auth/logout", None, status=204, served_by=_X),
        "me": _OP("GET", "/api/auth/me", _JSON, served_by=_X),
        "create_invitation": _OP("POST", "/api/admin/invitations", _JSON, None, 201, "admin", _X),
        "create_api_key": _OP("POST", "/api/admin/api-keys", _JSON, None, 201, "admin", _X),
        "revoke_api_key": _OP(
            "DELETE", "/api/admin/api-keys/{key_id}", None, None, 204, "admin", _X
        ),
        "list_members": _OP("GET", "/api/admin/members", _JSON, scope="admin", served_by=_X),
        "change_member": _OP(
            "PATCH", "/api/admin/members/{user_id}", _JSON, scope="admin", served_by=_X
        ),
        "list_api_keys": _OP("GET", "/api/admin/api-keys", _JSON, scope="admin", served_by=_X),
        "list_invitations": _OP(
            "GET", "/api/admin/invitations", _JSON, scope="admin", served_by=_X
        ),
        "create_anonymous_session": _OP(
            "POST", "/api/session/create-anonymous", _JSON, CreateSessionRequest, 201, "public", _X
        ),
        "upload_file": _OP("POST", "/api/uploads", StagedUpload, None, 201, "user", _X),
        "limits": _OP("GET", "/api/limits", _JSON, scope="public", served_by=_X),
        "execution_websocket": _OP("GET", "/api/execution/{execution_id}/ws", None, served_by=_X),
    }
)
"""Every operation of both services by operation id (the Control Tower's read-only views,
`/api/control-tower/*`, are admin-only Experience operations mounted by their module)."""

RUNTIME_ROUTES: Mapping[str, Operation] = MappingProxyType(
    {name: op for name, op in OPERATIONS.items() if op.served_by != "experience"}
)
"""The Runtime API's operations: the single source of paths for its server and its client."""
