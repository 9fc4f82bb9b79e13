"""Composed solutions: a tenant's own bundles of registered journeys and intents, versioned.

Registered solutions are code (`IntentRegistry.register_solution`); composed ones are data a
tenant's admin writes (`compose_solution`, `create_solution_from_template`, `manage_solution`),
kept in the store one immutable row per version. Their ids never shadow a registered solution.

Running one goes through the existing start paths: submit `compose_journey` (or one of its
intents) with `solution_id` set to it. At submit the runtime checks that the tenant has that
solution, that it is active, and that it bundles the journey or intent, and records the version
it ran under (execution metadata `solution_version`); the journey's steps inherit the solution,
so `get_solution_metrics` counts them too. A change later adds a version; a run keeps its own.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace

from symphainy.config import Settings
from symphainy.contracts import JOURNEY_INTENT
from symphainy.errors import InvalidParameters, SolutionNotFound
from symphainy.runtime._metrics import IntentTiming, _timing
from symphainy.runtime._registry import IntentRegistry
from symphainy.runtime._submit import SOLUTION_VERSION_KEY as VERSION_KEY
from symphainy.runtime._submit import SubmitIntent
from symphainy.store import Finished, SolutionRow, SolutionRun, Store, dumps, loads
from symphainy.types import JSONObject

STATUSES = ("active", "archived")


@dataclass(frozen=True, slots=True)
class ComposedSolution:
    """One version of a tenant's composed solution."""

    solution_id: str
    name: str
    description: str
    journeys: tuple[str, ...] = ()
    intents: tuple[str, ...] = ()
    template_id: str | None = None
    """The template it was made from (None: composed directly)."""
    parameters: JSONObject = field(default_factory=dict)
    """The template parameters it was made with."""
    status: str = "active"
    version: int = 0
    """0 until stored."""
    created_at: float = 0.0
    created_by: str | None = None

    def bundles(self, request: SubmitIntent) -> bool:
        """Whether `request` starts one of this solution's journeys or intents."""
        if request.intent_type == JOURNEY_INTENT:
            return request.parameters.get("journey_id") in self.journeys
        return request.intent_type in self.intents


@dataclass(frozen=True, slots=True)
class SolutionRuns:
    """What a composed solution's top-level runs in a window came to."""

    by_journey: list[IntentTiming]
    """One entry per journey started (its `intent_type` is the journey id)."""
    by_version: dict[int, int]
    """Runs started under each version."""
    runs: int
    truncated: bool
    """More runs than `solution_metrics_max_runs` started: these figures cover the newest."""


def _solution(row: SolutionRow) -> ComposedSolution:
    body = loads(row.definition)
    return ComposedSolution(
        solution_id=row.solution_id,
        name=row.name,
        description=row.description,
        journeys=tuple(body.get("journeys", ())),
        intents=tuple(body.get("intents", ())),
        template_id=body.get("template_id"),
        parameters=body.get("parameters", {}),
        status=row.status,
        version=row.version,
        created_at=row.created_at,
        created_by=row.created_by,
    )


def _row(tenant_id: str, s: ComposedSolution, by: str | None) -> SolutionRow:
    definition = {
        "journeys": list(s.journeys),
        "intents": list(s.intents),
        "template_id": s.template_id,
        "parameters": s.parameters,
    }
    return SolutionRow(
        tenant_id, s.solution_id, 0, s.name, s.description, dumps(definition), s.status, 0.0, by
    )


class ComposedSolutions:
    """The composed solutions of every tenant (handlers see one tenant's: `BoundSolutions`)."""

    def __init__(self, store: Store, settings: Settings, registry: IntentRegistry) -> None:
        self._store = store
        self._settings = settings
        self._registry = registry

    async def get(
        self, tenant_id: str, solution_id: str, version: int | None = None
    ) -> ComposedSolution:
        """The newest version (or `version`) of the tenant's solution, or SolutionNotFound."""
        row = await self._store.solutions.get(tenant_id, solution_id, version)
        if row is None:
            named = "" if version is None else f" version {version}"
            raise SolutionNotFound(
                f"no solution named {solution_id!r}{named} is composed in this tenant",
                solution_id=solution_id,
            )
        return _solution(row)

    async def save(
        self, tenant_id: str, solution: ComposedSolution, expected: int, by: str | None
    ) -> ComposedSolution:
        """Store `solution` as version `expected + 1` (0: a new one); Conflict if it moved."""
        if solution.status not in STATUSES:
            raise ValueError(f"status must be one of {STATUSES}")
        if solution.solution_id in self._registry_ids():
            raise _shadows(solution.solution_id)
        most = self._settings.composed_solution_max_versions
        if expected >= most:
            raise InvalidParameters(
                f"solution {solution.solution_id!r} has {most} versions "
                "(composed_solution_max_versions); compose a new solution instead",
                errors=[
                    {
                        "loc": ["parameters", "solution_id"],
                        "msg": "too many versions",
                        "type": "too_many_versions",
                    }
                ],
            )
        limit = self._settings.composed_solutions_per_tenant
        row = await self._store.solutions.put(_row(tenant_id, solution, by), expected, limit)
        return _solution(row)

    def _registry_ids(self) -> set[str]:
        return {s.solution_id for s in self._registry.solutions()}

    async def admit(self, request: SubmitIntent) -> SubmitIntent:
        """A top-level submit naming a composed solution: check it, record the version."""
        if VERSION_KEY in request.metadata:
            raise InvalidParameters(f"metadata key {VERSION_KEY!r} is set by the runtime only")
        sid = request.solution_id
        if sid is None or request.parent_execution_id is not None or sid in self._registry_ids():
            return request
        solution = await self.get(request.tenant_id, sid)
        if solution.status != "active":
            raise _refused(f"solution {sid!r} is archived; unarchive it to run it")
        if not solution.bundles(request):
            what = request.parameters.get("journey_id", request.intent_type)
            raise _refused(
                f"solution {sid!r} (version {solution.version}) does not bundle {what!r}"
            )
        return replace(request, metadata={**request.metadata, VERSION_KEY: solution.version})


def _shadows(solution_id: str) -> InvalidParameters:
    return InvalidParameters(
        f"{solution_id!r} is a registered solution's id; choose another",
        errors=[
            {
                "loc": ["parameters", "solution_id"],
                "msg": "registered solution id",
                "type": "duplicate",
            }
        ],
    )


def _refused(detail: str) -> InvalidParameters:
    return InvalidParameters(
        detail,
        errors=[{"loc": ["body", "solution_id"], "msg": detail, "type": "solution_mismatch"}],
    )


def summarise_runs(runs: list[SolutionRun], truncated: bool) -> SolutionRuns:
    """Group top-level runs by journey (with outcomes and latency) and by solution version."""
    journeys: dict[str, list[Finished]] = {}
    started: dict[str, int] = {}
    versions: dict[int, int] = {}
    for run in runs:
        version = loads(run.metadata).get(VERSION_KEY)
        if isinstance(version, int):
            versions[version] = versions.get(version, 0) + 1
        if run.intent_type != JOURNEY_INTENT:
            continue
        journey = str(loads(run.parameters).get("journey_id"))
        started[journey] = started.get(journey, 0) + 1
        finished = journeys.setdefault(journey, [])
        if run.completed_at is not None and run.status in ("completed", "failed", "cancelled"):
            error = run.error if run.status == "failed" else None
            finished.append(
                Finished(
                    journey, run.status, run.created_at, run.started_at, run.completed_at, error
                )
            )
    by_journey = [_timing(j, started[j], journeys[j]) for j in sorted(journeys)]
    return SolutionRuns(by_journey, dict(sorted(versions.items())), len(runs), truncated)


class BoundSolutions:
    """One tenant's composed solutions, as a handler sees them (`ctx.solutions`)."""

    def __init__(
        self,
        solutions: ComposedSolutions,
        store: Store,
        tenant_id: str,
        user_id: str | None,
        max_runs: int,
    ) -> None:
        self._s = solutions
        self._store = store
        self._tenant = tenant_id
        self._user = user_id
        self._max_runs = max_runs

    async def get(self, solution_id: str, version: int | None = None) -> ComposedSolution:
        """The newest version (or `version`), or SolutionNotFound."""
        return await self._s.get(self._tenant, solution_id, version)

    async def latest(self) -> list[ComposedSolution]:
        """The newest version of each of this tenant's solutions, by id."""
        return [_solution(r) for r in await self._store.solutions.latest(self._tenant)]

    async def versions(self, solution_id: str) -> list[ComposedSolution]:
        """Every version of the solution, oldest first (empty: none)."""
        return [
            _solution(r) for r in await self._store.solutions.versions(self._tenant, solution_id)
        ]

    async def save(self, solution: ComposedSolution, expected: int) -> ComposedSolution:
        """Store the next version; `expected`: the version it was read at (0: new)."""
        return await self._s.save(self._tenant, solution, expected, self._user)

    async def delete(self, solution_id: str) -> int:
        """Remove every version; how many there were (SolutionNotFound: none)."""
        return await self._store.solutions.delete(self._tenant, solution_id, self._user)

    async def runs(
        self, solution_id: str, since: float, until: float | None = None
    ) -> SolutionRuns:
        """Its top-level runs in the window, by journey and by version."""
        runs, truncated = await self._store.solutions.runs(
            self._tenant, solution_id, since, until or time.time(), self._max_runs
        )
        return summarise_runs(runs, truncated)
