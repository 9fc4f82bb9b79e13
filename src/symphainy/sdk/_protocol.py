"""ExperienceSDK: declared once in `symphainy.contracts` (each method with its operation)."""

from __future__ import annotations

from symphainy.contracts._experience import (
    AnonymousProof,
    ExperienceSDK,
    SessionRef,
    session_id_of,
)

__all__ = ["AnonymousProof", "ExperienceSDK", "SessionRef", "session_id_of"]
