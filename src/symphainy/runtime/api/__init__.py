"""The Runtime HTTP API (:8000): `create_runtime_app(runtime, settings)`."""

from __future__ import annotations

from symphainy.runtime.api._app import PUBLIC_PATHS, create_runtime_app

__all__ = ["PUBLIC_PATHS", "create_runtime_app"]
