"""IntentRegistry: every intent is declared once, in code, with its contract and handler."""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeAlias, TypeVar

from pydantic import BaseModel, ValidationError

from symphainy.contracts import IntentContract, JourneyView, RealmView, RetryPolicyView
from symphainy.contracts._storable import int64_error, oversized_integers
from symphainy.errors import (
    ConfigurationError,
    IntentNotFound,
    InvalidParameters,
    JourneyNotFound,
    SolutionNotFound,
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
    # submit so a bad request is refused before anything is recorded.
    admission: Callable[[BaseModel], None] | None = field(default=None, compare=False)

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
            errors = [
                {"loc": ["parameters", *map(str, e["loc"])], "msg": e["msg"], "type": e["type"]}
                for e in exc.errors(include_url=False, include_input=False)
            ]
            raise InvalidParameters(
                f"parameters for {self.intent_type!r} are invalid", errors=errors
            ) from None

    def contract(self) -> IntentContract:
        """The wire contract with JSON Schemas."""
        r = self.retry
        return IntentContract(
            intent_type=self.intent_type,
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
    """The intent catalogue of one runtime (an instance: no globals)."""

    def __init__(self) -> None:
        self._intents: dict[str, RegisteredIntent] = {}
        self._journeys: dict[str, Journey] = {}
        self._solutions: dict[str, Solution] = {}

    def register(self, spec: IntentSpec, handler: AnyHandler) -> None:
        """Register `handler` for `spec.intent_type`; a type registers once."""
        if spec.intent_type in self._intents:
            raise ConfigurationError(f"intent {spec.intent_type!r} is already registered")
        if spec.role is not None and spec.role not in ROLES:
            raise ConfigurationError(f"intent {spec.intent_type!r}: unknown role {spec.role!r}")
        if spec.retry.max_attempts < 1:
            raise ConfigurationError(f"intent {spec.intent_type!r}: max_attempts must be >= 1")
        is_async = inspect.iscoroutinefunction(handler)
        self._intents[spec.intent_type] = RegisteredIntent(spec, handler, is_async)

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

    def get(self, intent_type: str) -> RegisteredIntent:
        """The registration for `intent_type`, or IntentNotFound."""
        try:
            return self._intents[intent_type]
        except KeyError:
            raise IntentNotFound(
                f"no intent named {intent_type!r} is registered", intent_type=intent_type
            ) from None

    def __contains__(self, intent_type: object) -> bool:
        return intent_type in self._intents

    def __iter__(self) -> Iterator[IntentSpec]:
        return iter(
            r.spec for r in sorted(self._intents.values(), key=lambda r: r.spec.intent_type)
        )

    def __len__(self) -> int:
        return len(self._intents)

    def contracts(self) -> list[IntentContract]:
        """Every contract, sorted by intent type."""
        return [spec.contract() for spec in self]

    def realms(self) -> list[RealmView]:
        """Capability groups and their intents."""
        groups: dict[str, list[str]] = {}
        for spec in self:
            groups.setdefault(spec.realm, []).append(spec.intent_type)
        return [RealmView(realm=k, intents=v) for k, v in sorted(groups.items())]

    def register_journey(self, journey: Journey) -> None:
        """Register a journey (its DAG is checked now, its intents by `check`)."""
        if journey.journey_id in self._journeys:
            raise ConfigurationError(f"journey {journey.journey_id!r} is already registered")
        journey.check()
        self._journeys[journey.journey_id] = journey

    def journey(self, journey_id: str) -> Journey:
        """The journey called `journey_id`, or JourneyNotFound."""
        try:
            return self._journeys[journey_id]
        except KeyError:
            raise JourneyNotFound(
                f"no journey named {journey_id!r} is registered", journey_id=journey_id
            ) from None

    def journeys(self) -> list[Journey]:
        """Every journey, sorted by id."""
        return [self._journeys[k] for k in sorted(self._journeys)]

    def journey_views(self) -> list[JourneyView]:
        """Every journey as clients see it."""
        return [journey_view(j) for j in self.journeys()]

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

    def solutions(self) -> list[Solution]:
        """Every solution, sorted by id."""
        return [self._solutions[k] for k in sorted(self._solutions)]

    def check(self) -> None:
        """After every capability registered: journeys and solutions name real intents."""
        known = set(self._intents)
        for journey in self._journeys.values():
            journey.check(known)
        for sol in self._solutions.values():
            missing = [j for j in sol.journeys if j not in self._journeys]
            missing += [i for i in sol.intents if i not in known]
            if missing:
                raise ConfigurationError(f"solution {sol.solution_id!r} names unknown {missing}")
