"""Cross-tenant isolation: every id route answers 404 for another tenant's resources."""

from __future__ import annotations

from tests.integration.runtime_api.harness import A, Api, B

PROBLEM = "application/problem+json"


async def _tenant_a_resources(api: Api) -> dict[str, str]:
    async with api.client(A) as rc:
        session = await rc.create_session()
        sub = await rc.submit_intent(
            "make_lineage", {"parent": "p", "child": "c"}, session_id=session.session_id
        )
        await rc.wait_execution(sub.execution_id, timeout=10)
        page = await rc.list_artifacts(execution_id=sub.execution_id)
        artifact = next(a for a in page.artifacts if a.artifact_type == "file")
        pending = await rc.create_pending_intent("add_one", target_artifact_id=artifact.artifact_id)
    return {
        "session": session.session_id,
        "execution": sub.execution_id,
        "artifact": artifact.artifact_id,
        "pending": pending.intent_id,
    }


async def test_other_tenants_get_404_on_every_resource(api_any: Api) -> None:
    ids = await _tenant_a_resources(api_any)
    s, e, a, p = ids["session"], ids["execution"], ids["artifact"], ids["pending"]
    probes = [
        ("GET", f"/api/session/{s}", None),
        ("GET", f"/api/session/{s}/state", None),
        ("GET", f"/api/execution/{e}/status", None),
        ("GET", f"/api/execution/{e}/status?wait=0.2", None),
        ("POST", f"/api/execution/{e}/cancel", None),
        ("GET", f"/api/execution/{e}/stream", None),
        ("GET", f"/api/artifacts/{a}", None),
        ("GET", f"/api/artifacts/{a}/content", None),
        ("GET", f"/api/artifacts/{a}/lineage", None),
        ("POST", "/api/artifact/resolve", {"artifact_id": a}),
        ("GET", f"/api/intent/pending/{p}", None),
        ("POST", "/api/intent/pending/create", {"intent_type": "add_one", "target_artifact_id": a}),
        ("POST", "/api/intent/pending/create", {"intent_type": "add_one", "session_id": s}),
        (
            "POST",
            "/api/intent/submit",
            {"intent_type": "add_one", "parameters": {"x": 1}, "session_id": s},
        ),
    ]
    before = await api_any.wal_heads()
    async with api_any.http(B) as http:
        for method, url, body in probes:
            response = await http.request(method, url, json=body)
            assert response.status_code == 404, (method, url, response.text)
            assert response.headers["content-type"] == PROBLEM
        listed = await http.post("/api/artifact/list", json={})
        assert listed.json()["total"] == 0
        pending = await http.post("/api/intent/pending/list", json={})
        assert pending.json()["total"] == 0
        wal = (await http.get("/api/wal", params={"limit": 1000})).json()["entries"]
        assert wal == []
        # A tenant with no account and no WAL has nothing to verify: not found, never "intact".
        nothing = await http.post("/api/wal/verify")
        assert nothing.status_code == 404
        assert nothing.json()["type"].endswith("/not-found")
    assert await api_any.wal_heads() == before
    async with api_any.http(A) as http:
        assert (await http.get(f"/api/execution/{e}/status")).json()["cancel_requested"] is False
        assert (await http.get("/api/wal")).json()["entries"]
