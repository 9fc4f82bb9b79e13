"""Catalogue: the intent registry as a handler sees it (read-only)."""

from __future__ import annotations

from collections.abc import Iterator

from symphainy.contracts import IntentContract, JourneyView, RealmView
from symphainy.runtime._contract_docs import contract_documents
from symphainy.runtime._journeys import Journey, Solution
from symphainy.runtime._registry import IntentRegistry, IntentSpec


class Catalogue:
    """What is registered (intents, journeys, solutions); a handler cannot register anything."""

    def __init__(self, registry: IntentRegistry) -> None:
        self._registry = registry

    def __contains__(self, intent_type: object) -> bool:
        return intent_type in self._registry

    def __iter__(self) -> Iterator[IntentSpec]:
        return iter(self._registry)

    def __len__(self) -> int:
        return len(self._registry)

    def spec(self, intent_type: str, version: int | None = None) -> IntentSpec:
        """The newest contract of `intent_type` (or `version` of it), or IntentNotFound."""
        return self._registry.get(intent_type, version).spec

    def versions(self, intent_type: str) -> list[int]:
        """Every registered version of `intent_type`, oldest first."""
        return self._registry.versions(intent_type)

    def contracts(self) -> list[IntentContract]:
        """Every intent contract, sorted by intent type."""
        return self._registry.contracts()

    def realms(self) -> list[RealmView]:
        """Capability groups and their intents."""
        return self._registry.realms()

    def journey(self, journey_id: str, version: int | None = None) -> Journey:
        """The newest journey called `journey_id` (or `version` of it), or JourneyNotFound."""
        return self._registry.journey(journey_id, version)

    def pinned_journey(self, journey_id: str, version: int) -> Journey:
        """The journey version a running journey began on; IntentVersionRetired when gone."""
        return self._registry.pinned_journey(journey_id, version)

    def journeys(self) -> list[Journey]:
        """Every journey, sorted by id."""
        return self._registry.journeys()

    def journey_views(self) -> list[JourneyView]:
        """Every journey as clients see it."""
        return self._registry.journey_views()

    def solution(self, solution_id: str) -> Solution:
        """The solution called `solution_id`, or SolutionNotFound."""
        return self._registry.solution(solution_id)

    def solutions(self) -> list[Solution]:
        """Every solution, sorted by id."""
        return self._registry.solutions()

    def documents(self) -> dict[str, str]:
        """The contract documents: path under docs/intent_contracts/ → Markdown.

        One contract per intent plus the runtime obligations index and the intent →
        capability → experience map, exactly as `symphainy docs build` writes them.
        """
        return contract_documents(self, {s.intent_type: self.versions(s.intent_type) for s in self})
