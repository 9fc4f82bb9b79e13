"""Documents generated from the IntentRegistry, so they cannot drift from the code.

`symphainy docs build` writes `docs/intent_contracts/`: one contract per intent, the runtime
obligations index, and the intent → capability → experience map. Hand-written prose for an
intent lives next to its capability in `<capability>/docs/<intent_type>.md` and is merged in.
"""

from __future__ import annotations

from symphainy.docs_gen._render import build_documents, write_documents

__all__ = ["build_documents", "write_documents"]
