"""Documents generated from the code, so they cannot drift from it.

`symphainy docs build` writes `docs/intent_contracts/` from the IntentRegistry: one contract
per intent, the runtime obligations index, the intent → capability → experience map and the
vision alignment summary. Hand-written prose for an intent lives next to its capability in
`<capability>/docs/<intent_type>.md` and is merged in. It also regenerates the marked sections
of `docs/architecture/EXPERIENCE_SDK_CONTRACT.md` and `RUNTIME_CONTRACTS.md` (operations,
request/response shapes, problem types, ExecutionContext fields, lifecycles).
"""

from __future__ import annotations

from symphainy.docs_gen._render import (
    ARCHITECTURE,
    GENERATED,
    build_architecture,
    build_documents,
    contract_documents,
    write_documents,
)

__all__ = [
    "ARCHITECTURE",
    "GENERATED",
    "build_architecture",
    "build_documents",
    "contract_documents",
    "write_documents",
]
