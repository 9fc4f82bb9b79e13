"""Resolving an artifact under the wrong type names its real type; only the owner learns it."""

from __future__ import annotations

import pytest

from symphainy.errors import ArtifactNotFound, ArtifactTypeMismatch
from symphainy.runtime import Runtime

A, B = "tenant-a", "tenant-b"


async def test_the_wrong_type_is_named_to_its_owner(runtime: Runtime) -> None:
    art = await runtime.artifacts.register(A, "file", lifecycle_state="READY")
    with pytest.raises(ArtifactTypeMismatch) as caught:
        await runtime.artifacts.resolve(A, art.artifact_id, "parsed_content")
    problem = caught.value.to_problem()
    assert problem["status"] == 422
    assert str(problem["type"]).endswith("/artifact-type-mismatch")
    assert problem["artifact_type"] == "file"
    assert problem["expected_type"] == "parsed_content"
    assert "is a file, not a parsed_content" in str(problem["detail"])
    assert (await runtime.artifacts.resolve(A, art.artifact_id, "file")).artifact_type == "file"


async def test_another_tenants_artifact_is_not_found_whatever_the_type(runtime: Runtime) -> None:
    art = await runtime.artifacts.register(A, "file", lifecycle_state="READY")
    for wanted in ("file", "parsed_content", None):
        with pytest.raises(ArtifactNotFound) as caught:
            await runtime.artifacts.resolve(B, art.artifact_id, wanted)
        assert "file" not in str(caught.value.to_problem()["detail"])
    with pytest.raises(ArtifactNotFound):
        await runtime.artifacts.resolve(A, "0" * 32, "file")
