"""The web console: a static experience surface served by the Experience service.

It talks only to the Experience service's public API (the same routes HttpSDK uses).
"""

from __future__ import annotations

from pathlib import Path

STATIC_DIR = Path(__file__).parent / "static"

__all__ = ["STATIC_DIR"]
