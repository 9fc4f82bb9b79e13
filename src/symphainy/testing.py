"""Public test helpers: a local runtime on a throwaway store, for our suite and for yours."""

from __future__ import annotations

import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from symphainy.config import Settings
from symphainy.runtime import IntentRegistry, Runtime


@asynccontextmanager
async def local_runtime(
    registry: IntentRegistry,
    *,
    database_url: str = "",
    home: Path | None = None,
    **settings: Any,
) -> AsyncIterator[Runtime]:
    """A started Runtime on `database_url` (default: SQLite in a temporary directory)."""
    with tempfile.TemporaryDirectory(prefix="symphainy-") as tmp:
        cfg = Settings(home=home or Path(tmp), database_url=database_url, **settings)
        async with Runtime(cfg, registry) as runtime:
            yield runtime


__all__ = ["local_runtime"]
