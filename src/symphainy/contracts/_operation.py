"""What an operation is, and the decorator that declares one on the method a caller calls.

`@operation("GET", "/api/session/{session_id}", SessionView)` on an `ExperienceSDK` method
says, once, where both services serve it, what it takes and answers and who may call it; the
method's own signature is what SDK users call. Servers mount a route for each declared
operation (`web.mount_operations`) and the HTTP SDK sends it (`sdk.ClientSDK`) without
per-operation code.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal, NoReturn, TypeVar

from pydantic import BaseModel

Scope = Literal["public", "caller", "user", "admin"]
"""Who may call, on the Experience service: anyone; any token, an anonymous session's too
(which may still invoke only `anonymous_ok` intents); a signed-in member; an admin. The Runtime
API trusts its service-token callers for the same operations (the runtime checks the rest)."""
Service = Literal["both", "experience", "runtime"]
F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True, slots=True)
class Operation:
    """One operation: where it is served, what it takes and answers, and who may call it."""

    method: Literal["GET", "POST", "PATCH", "DELETE"]
    path: str
    response: Any
    """The response body's type (`None` for byte and event streams and empty answers)."""
    request: type[BaseModel] | None = None
    """The JSON body's model (path ids are the path's `{placeholders}`)."""
    status: int = 200
    scope: Scope = "caller"
    served_by: Service = "both"
    query: type[BaseModel] | None = None
    """The query string's model, if the operation takes one."""
    call: str | None = None
    """The `ExperienceSDK` method that runs it; routes and clients are then generated."""
    wire: Mapping[str, str] = field(default_factory=dict)
    """Method argument → wire field, where they differ (`session` → `session_id`)."""
    generated: bool = True
    """False where each service writes the route itself (streams, uploads, status codes)."""
    optional: bool = False
    """The body may be left out (every field of `request` has a default)."""

    @property
    def path_ids(self) -> list[str]:
        """The `{placeholders}` of the path, in order."""
        return [name for _, name, _, _ in string.Formatter().parse(self.path) if name]

    def wire_name(self, argument: str) -> str:
        """The wire field an argument of `call` travels as."""
        return self.wire.get(argument, argument)

    def argument(self, wire_name: str) -> str:
        """The argument of `call` a wire field is passed as."""
        for argument, name in self.wire.items():
            if name == wire_name:
                return argument
        return wire_name


def operation(
    name: str,
    method: Literal["GET", "POST", "PATCH", "DELETE"],
    path: str,
    response: Any,
    request: type[BaseModel] | None = None,
    **options: Any,
) -> Callable[[F], F]:
    """Declare that the decorated method is served as operation `name` (stackable).

    `options` are the other `Operation` fields (status, scope, served_by, query, wire,
    generated, optional). The first declaration (the one nearest the method) is the one the HTTP SDK
    sends; the others are further routes to the same method.
    """

    def declare(fn: F) -> F:
        op = replace(Operation(method, path, response, request, **options), call=fn.__name__)
        declared: dict[str, Operation] = dict(getattr(fn, "__operations__", {}))
        fn.__operations__ = {**declared, name: op}  # type: ignore[attr-defined]
        return fn

    return declare


def protocol_members(protocol: type) -> dict[str, Any]:
    """`protocol`'s own members, then those of its symphainy bases (a subclass's win).

    `ExperienceSDK` declares some operations on base Protocols (one module each), so every
    walk over its methods goes through here rather than `vars()`.
    """
    members: dict[str, Any] = {}
    for klass in protocol.__mro__:
        if klass.__module__.startswith("symphainy."):
            for name, member in vars(klass).items():
                members.setdefault(name, member)
    return members


def declared_operations(protocol: type) -> dict[str, Operation]:
    """Every operation declared on `protocol`'s methods (and its bases'), in method order."""
    found: dict[str, Operation] = {}
    for member in protocol_members(protocol).values():
        found.update(getattr(member, "__operations__", {}))
    return found


def primary_operation(fn: Callable[..., Any]) -> tuple[str, Operation] | None:
    """The operation a method is sent as (the declaration nearest it), if it has one."""
    declared: dict[str, Operation] = getattr(fn, "__operations__", {})
    return next(iter(declared.items()), None)


def declared() -> NoReturn:
    """The body of a declared `ExperienceSDK` method: implementations replace it.

    The runtime's caller facade implements each method and the HTTP SDK generates one per
    operation (and fails at import if a method has neither); a call reaching this body is a
    class that subclassed the Protocol without doing either.
    """
    raise NotImplementedError("an ExperienceSDK method is declared here, implemented elsewhere")
