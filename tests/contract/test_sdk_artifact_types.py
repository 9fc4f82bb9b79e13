"""Every transport answers a wrong-type resolve with the same problem, naming the real type."""

from __future__ import annotations

import base64

import pytest

from symphainy.errors import ArtifactNotFound, ArtifactTypeMismatch
from symphainy.sdk import ExperienceSDK


async def test_resolving_under_the_wrong_type_names_the_real_one(sdk: ExperienceSDK) -> None:
    session = await sdk.create_session()
    content = base64.b64encode(b"a,b\n1,2\n").decode()
    sub = await sdk.invoke_intent(
        "ingest_file", {"ui_name": "t.csv", "file_content_base64": content}, session
    )
    file_id = (await sdk.wait(sub.execution_id)).result["artifact_id"]
    with pytest.raises(ArtifactTypeMismatch) as caught:
        await sdk.resolve_artifact(file_id, "parsed_content")
    assert caught.value.to_problem()["artifact_type"] == "file"
    with pytest.raises(ArtifactNotFound):
        await sdk.resolve_artifact("0" * 32, "parsed_content")
