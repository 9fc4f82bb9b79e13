"""IntentRegistry: every intent is declared once, in code, with its contract and handler."""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, TypeAlias, TypeVar

from pydantic import BaseModel, ValidationError

from symphainy.contracts import IntentContract, JourneyView, RealmView, RetryPolicyView
from symphainy.contracts._storable import int64_error, oversized_integers
from symphainy.errors import (
    ConfigurationError,
    IntentNotFound,
    IntentVersionRetired,
    InvalidParameters,
    JourneyNotFound,
    SolutionNotFound,
    field_errors,
)
from symphainy.runtime._journeys import Journey, Solution, journey_view
from symphainy.security._principal import ROLES

# The registry sits below ExecutionContext (a context shows the registry as its Catalogue), so
# it keeps handlers without naming the context type; `runtime.Handler` is the typed form.
AnyHandler: TypeAlias = Callable[[Any, Any], Awaitable[Any] | Any]
H = TypeVar("H", bound=AnyHandler)


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How many attempts an intent gets and how long to wait between them."""

    max_attempts: int = 1
    backoff_seconds: float = 0.5
    backoff_multiplier: float = 2.0
    max_backoff_seconds: float = 60.0

    def delay(self, attempt: int) -> float:
        """Seconds to wait after failed attempt number `attempt` (1-based)."""
        raw = self.backoff_seconds * self.backoff_multiplier ** max(attempt - 1, 0)
        return float(min(raw, self.max_backoff_seconds))


@dataclass(frozen=True, slots=True)
class IntentSpec:
    """The contract of one intent type."""

    intent_type: str
    params: type[BaseModel]
    result: type[BaseModel]
    realm: str
    description: str = ""
    anonymous_ok: bool = False
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    timeout_seconds: float | None = None
    produces: tuple[str, ...] = ()
    experience: str | None = None
    obligations: tuple[str, ...] = ()
    role: str | None = None
    """The least role (`viewer` < `member` < `admin`) a caller needs; checked at submit."""
    # Checks beyond the schema that need the platform (e.g. "this journey exists"), run at
    # submit so a bad request is refused before anything is recorded. A hook may return the
    # parameters to record instead (e.g. with the journey version pinned), or None to keep them.
    admission: Callable[[BaseModel], BaseModel | None] | None = field(default=None, compare=False)
    version: int = 1
    """The version of this intent's contract and handler; executions keep the one they began on."""
    max_running: int | None = None
    """At most this many of the intent run at once per tenant, on every worker and node (None:
    no limit; the rest wait in order). A tenant's admin may override it (`concurrency_limits`).
    """

    def validate(self, parameters: Any) -> BaseModel:
        """Validate raw parameters; raise InvalidParameters with the field paths.

        Every submit passes here (LocalSDK, both HTTP services, journeys), so integers no store
        can keep (beyond int64, anywhere in the nested parameters) are refused here, once.
        """
        oversized = [int64_error(("parameters", *loc)) for loc in oversized_integers(parameters)]
        if oversized:
            raise InvalidParameters(
                f"parameters for {self.intent_type!r} are invalid", errors=oversized
            )
        try:
            return self.params.model_validate(parameters)
        except ValidationError as exc:
            raise InvalidParameters(
                f"parameters for {self.intent_type!r} are invalid",
                errors=field_errors(exc, "parameters"),
            ) from None

    def contract(self, versions: list[int] | None = None) -> IntentContract:
        """The wire contract with JSON Schemas (`versions`: every registered version)."""
        r = self.retry
        return IntentContract(
            intent_type=self.intent_type,
            version=self.version,
            versions=versions or [self.version],
            realm=self.realm,
            description=self.description,
            anonymous_ok=self.anonymous_ok,
            parameters_schema=self.params.model_json_schema(),
            result_schema=self.result.model_json_schema(),
            produces=list(self.produces),
            retry=RetryPolicyView(
                max_attempts=r.max_attempts,
                backoff_seconds=r.backoff_seconds,
                backoff_multiplier=r.backoff_multiplier,
                max_backoff_seconds=r.max_backoff_seconds,
            ),
            timeout_seconds=self.timeout_seconds,
            experience=self.experience,
            role=self.role,
        )


@dataclass(frozen=True, slots=True)
class RegisteredIntent:
    """A spec and the handler that fulfils it."""

    spec: IntentSpec
    handler: AnyHandler
    is_async: bool


class IntentRegistry:
    """The intent catalogue of one runtime (an instance: no globals).

    An intent type may be registered in several versions at once: a submit takes the newest
    unless it names one, and an execution keeps the version it was submitted with.
    """

    def __init__(self) -> None:
        self._intents: dict[str, dict[int, RegisteredIntent]] = {}
        self._journeys: dict[str, dict[int, Journey]] = {}
        self._solutions: dict[str, Solution] = {}
        self._limits: Mapping[str, int] | None = None
        """`running_limits`, kept: every submit and every claim reads it."""

    def register(self, spec: IntentSpec, handler: AnyHandler) -> None:
        """Register `handler` for `spec.intent_type` at `spec.version`; a version registers once."""
        name = f"intent {spec.intent_type!r} version {spec.version}"
        if spec.version in self._intents.get(spec.intent_type, {}):
            raise ConfigurationError(f"{name} is already registered")
        if spec.version < 1:
            raise ConfigurationError(f"{name}: versions start at 1")
        if spec.role is not None and spec.role not in ROLES:
            raise ConfigurationError(f"intent {spec.intent_type!r}: unknown role {spec.role!r}")
        if spec.retry.max_attempts < 1:
            raise ConfigurationError(f"intent {spec.intent_type!r}: max_attempts must be >= 1")
        if spec.max_running is not None and spec.max_running < 1:
            raise ConfigurationError(f"intent {spec.intent_type!r}: max_running must be >= 1")
        is_async = inspect.iscoroutinefunction(handler)
        versions = self._intents.setdefault(spec.intent_type, {})
        versions[spec.version] = RegisteredIntent(spec, handler, is_async)
        self._limits = None

    def intent(
        self,
        intent_type: str,
        *,
        params: type[BaseModel],
        result: type[BaseModel],
        realm: str,
        **options: Any,
    ) -> Callable[[H], H]:
        """Decorator form of `register`; the decorated function keeps its own type."""

        def deco(handler: H) -> H:
            description = options.pop("description", None) or inspect.getdoc(handler) or ""
            spec = IntentSpec(intent_type, params, result, realm, description, **options)
            self.register(spec, handler)
            return handler

        return deco

    def get(self, intent_type: str, version: int | None = None) -> RegisteredIntent:
        """The newest registration for `intent_type` (or `version` of it), or IntentNotFound."""
        versions = self._intents.get(intent_type)
        if versions is None:
            raise IntentNotFound(
                f"no intent named {intent_type!r} is registered", intent_type=intent_type
            )
        if version is None:
            return versions[max(versions)]
        if version not in versions:
            raise IntentNotFound(
                f"intent {intent_type!r} has no version {version} (registered: {sorted(versions)})",
                intent_type=intent_type,
                version=version,
                versions=sorted(versions),
            )
        return versions[version]

    def pinned(self, intent_type: str, version: int) -> RegisteredIntent:
        """The registration an execution began on; IntentVersionRetired when it is gone."""
        found = self._intents.get(intent_type, {}).get(version)
        if found is None:
            raise IntentVersionRetired(
                f"intent {intent_type!r} version {version} is no longer registered "
                f"(registered: {self.versions(intent_type)})",
                intent_type=intent_type,
                version=version,
                versions=self.versions(intent_type),
            )
        return found

    def versions(self, intent_type: str) -> list[int]:
        """Every registered version of `intent_type`, oldest first (empty if none)."""
        return sorted(self._intents.get(intent_type, {}))

    def running_limits(self) -> Mapping[str, int]:
        """Intent type → its registered `max_running` (the newest version's), where it has one.

        Read-only and computed once per registration: submits and claims read it on the hot path.
        """
        if self._limits is None:
            newest = (self.get(name).spec for name in self._intents)
            limits = {s.intent_type: s.max_running for s in newest if s.max_running is not None}
            self._limits = MappingProxyType(limits)
        return self._limits

    def __contains__(self, intent_type: object) -> bool:
        return intent_type in self._intents

    def __iter__(self) -> Iterator[IntentSpec]:
        """The newest version of each intent type, sorted by intent type."""
        return iter(self.get(name).spec for name in sorted(self._intents))

    def __len__(self) -> int:
        return len(self._intents)

    def contract(self, intent_type: str, version: int | None = None) -> IntentContract:
        """One intent's contract (the newest, or `version`), listing every registered version."""
        return self.get(intent_type, version).spec.contract(self.versions(intent_type))

    def contracts(self) -> list[IntentContract]:
        """The newest contract of every intent type, sorted by intent type."""
        return [spec.contract(self.versions(spec.intent_type)) for spec in self]

    def realms(self) -> list[RealmView]:
        """Capability groups and their intents."""
        groups: dict[str, list[str]] = {}
        for spec in self:
            groups.setdefault(spec.realm, []).append(spec.intent_type)
        return [RealmView(realm=k, intents=v) for k, v in sorted(groups.items())]

    def register_journey(self, journey: Journey) -> None:
        """Register a journey version (its DAG is checked now, its intents by `check`)."""
        versions = self._journeys.setdefault(journey.journey_id, {})
        if journey.version in versions:
            raise ConfigurationError(
                f"journey {journey.journey_id!r} version {journey.version} is already registered"
            )
        journey.check()
        versions[journey.version] = journey

    def journey(self, journey_id: str, version: int | None = None) -> Journey:
        """The newest journey called `journey_id` (or `version` of it), or JourneyNotFound."""
        versions = self._journeys.get(journey_id, {})
        found = versions.get(max(versions, default=0) if version is None else version)
        if found is None:
            named = "" if version is None else f" version {version}"
            raise JourneyNotFound(
                f"no journey named {journey_id!r}{named} is registered",
                journey_id=journey_id,
                versions=sorted(versions),
            )
        return found

    def pinned_journey(self, journey_id: str, version: int) -> Journey:
        """The journey version a running journey began on; IntentVersionRetired when gone."""
        found = self._journeys.get(journey_id, {}).get(version)
        if found is None:
            raise IntentVersionRetired(
                f"journey {journey_id!r} version {version} is no longer registered",
                journey_id=journey_id,
                version=version,
                versions=sorted(self._journeys.get(journey_id, {})),
            )
        return found

    def journeys(self) -> list[Journey]:
        """The newest version of every journey, sorted by id."""
        return [self.journey(k) for k in sorted(self._journeys)]

    def journey_views(self) -> list[JourneyView]:
        """Every journey (its newest version, listing all) as clients see it."""
        return [journey_view(j, sorted(self._journeys[j.journey_id])) for j in self.journeys()]

    def register_solution(self, solution: Solution) -> None:
        """Register a solution (a bundle of journeys and intents)."""
        if solution.solution_id in self._solutions:
            raise ConfigurationError(f"solution {solution.solution_id!r} is already registered")
        self._solutions[solution.solution_id] = solution

    def solution(self, solution_id: str) -> Solution:
        """The solution called `solution_id`, or SolutionNotFound."""
        try:
            return self._solutions[solution_id]
        except KeyError:
            raise SolutionNotFound(
                f"no solution named {solution_id!r} is registered", solution_id=solution_id
            ) from None

    def solution_of_journey(self, journey_id: str) -> str | None:
        """The id of the one solution bundling `journey_id` (None: none does, or several)."""
        owners = [s.solution_id for s in self._solutions.values() if journey_id in s.journeys]
        return owners[0] if len(owners) == 1 else None

    def solutions(self) -> list[Solution]:
        """Every solution, sorted by id."""
        return [self._solutions[k] for k in sorted(self._solutions)]

    def check(self) -> None:
        """After every capability registered: journeys and solutions name real intents."""
        known = set(self._intents)
        for versions in self._journeys.values():
            for journey in versions.values():
                journey.check(known)
        for sol in self._solutions.values():
            missing = [j for j in sol.journeys if j not in self._journeys]
            missing += [i for i in sol.intents if i not in known]
            if missing:
                raise ConfigurationError(f"solution {sol.solution_id!r} names unknown {missing}")
