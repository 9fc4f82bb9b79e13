"""Documents generated from the code, so they cannot drift from it.

`symphainy docs build` writes `docs/intent_contracts/` from the IntentRegistry, read through its
read-only Catalogue: one contract per intent, the runtime obligations index and the intent →
capability → experience map (all three are `Catalogue.documents()`, which the Control Tower
serves at run time), the vision alignment summary and the README index. Hand-written prose for
an intent lives next to its capability in `<capability>/docs/<intent_type>.md` and is merged
in. It also regenerates the marked sections
of `docs/architecture/EXPERIENCE_SDK_CONTRACT.md` and `RUNTIME_CONTRACTS.md` (operations,
request/response shapes, problem types, ExecutionContext fields, lifecycles).
"""

from __future__ import annotations

from symphainy.contracts import GENERATED
from symphainy.docs_gen._render import (
    ARCHITECTURE,
    build_architecture,
    build_documents,
    write_documents,
)

__all__ = [
    "ARCHITECTURE",
    "GENERATED",
    "build_architecture",
    "build_documents",
    "write_documents",
]
