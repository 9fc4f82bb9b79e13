"""The `symphainy` command: run the platform and operate it."""

from __future__ import annotations

from symphainy.cli._app import app, main

__all__ = ["app", "main"]
