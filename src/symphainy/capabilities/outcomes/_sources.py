"""Reading the artifacts outcomes are built from: their JSON content, by id or as latest child."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from symphainy.contracts import ArtifactView
from symphainy.errors import InvalidRequest
from symphainy.runtime import ExecutionContext


@dataclass(frozen=True, slots=True)
class Source:
    """An artifact and its JSON content."""

    artifact: ArtifactView
    content: dict[str, Any]

    @property
    def artifact_id(self) -> str:
        """The artifact's id."""
        return self.artifact.artifact_id

    @property
    def artifact_type(self) -> str:
        """The artifact's type."""
        return self.artifact.artifact_type


async def load(
    ctx: ExecutionContext, artifact_id: str, *types: str, content: bool = True
) -> Source:
    """An artifact (of one of `types`, when given) and its JSON content."""
    art = await ctx.artifacts.resolve(artifact_id)
    if types and art.artifact_type not in types:
        raise InvalidRequest(
            f"artifact {artifact_id} is a {art.artifact_type}; expected {' or '.join(types)}",
            artifact_type=art.artifact_type,
        )
    if not content or not any(m.format == "json" for m in art.materializations):
        return Source(art, {})
    value = await ctx.artifacts.read_json(art.artifact_id)
    return Source(art, value if isinstance(value, dict) else {"content": value})


async def latest_child(ctx: ExecutionContext, parent_id: str, artifact_type: str) -> str | None:
    """The most recent READY `artifact_type` made from `parent_id`, if any."""
    lineage = await ctx.artifacts.lineage(parent_id)
    children = [
        a
        for a in lineage.descendants
        if a.artifact_type == artifact_type
        and a.lifecycle_state == "READY"
        and parent_id in a.parent_artifacts
    ]
    children.sort(key=lambda a: a.created_at)
    return children[-1].artifact_id if children else None


def items_of(content: dict[str, Any], key: str) -> list[dict[str, Any]]:
    """A list of objects stored under `key` (empty when absent)."""
    value = content.get(key)
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []
