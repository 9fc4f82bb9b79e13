"""Helpers for tests that run the content chain (ingest → save → parse) through a Runtime."""

from __future__ import annotations

import base64
from typing import Any

from symphainy.runtime import Runtime, SubmitIntent

T, OTHER = "tenant-a", "tenant-b"


async def run(rt: Runtime, intent: str, params: dict[str, Any], tenant: str = T) -> Any:
    """Submit an intent and wait for its execution to finish."""
    sub = await rt.submit(SubmitIntent(tenant, intent, params))
    return await rt.wait(tenant, sub.execution_id, timeout=60)


async def ok(rt: Runtime, intent: str, params: dict[str, Any], tenant: str = T) -> Any:
    """Run an intent that must complete; return its result."""
    view = await run(rt, intent, params, tenant)
    assert view.status == "completed", (intent, view.error)
    return view.result


async def parsed(rt: Runtime, data: bytes, name: str, tenant: str = T) -> dict[str, Any]:
    """Ingest, save and parse `data`; return parse_content's result."""
    ingested = await ok(
        rt,
        "ingest_file",
        {"ui_name": name, "filename": name, "file_content_base64": base64.b64encode(data).decode()},
        tenant,
    )
    await ok(
        rt,
        "save_materialization",
        {
            "file_id": ingested["artifact_id"],
            "boundary_contract_id": ingested["boundary_contract_id"],
        },
        tenant,
    )
    result: dict[str, Any] = await ok(
        rt, "parse_content", {"file_id": ingested["artifact_id"]}, tenant
    )
    return result


async def deterministic(rt: Runtime, parsed_id: str, tenant: str = T, **options: Any) -> Any:
    """create_deterministic_embeddings for a parsed file."""
    params: dict[str, Any] = {"parsed_file_id": parsed_id}
    if options:
        params["embedding_options"] = options
    return await ok(rt, "create_deterministic_embeddings", params, tenant)


async def semantic(rt: Runtime, parsed_id: str, det_id: str, tenant: str = T) -> Any:
    """extract_embeddings for a parsed file and its deterministic embedding."""
    return await ok(
        rt,
        "extract_embeddings",
        {"parsed_file_id": parsed_id, "deterministic_embedding_id": det_id},
        tenant,
    )


async def search(
    rt: Runtime, query: str, mode: str = "text", limit: int = 20, tenant: str = T
) -> Any:
    """search_content as `tenant`."""
    return await ok(rt, "search_content", {"query": query, "mode": mode, "limit": limit}, tenant)


def customers_csv(
    header: str = "id,customer_email,phone,account_uuid,signup_date,balance,city,notes",
) -> bytes:
    """20 customers: one malformed email, 3 missing balances, 2 missing signup dates."""
    cities = ["Boston", "Chicago", "Denver", "Austin"]
    lines = [header]
    for i in range(1, 21):
        email = "carol.at.example.com" if i == 3 else f"user{i}@example.com"
        phone = f"(555) {100 + i}-{1000 + i}" if i % 2 else f"+1 555 {100 + i} {2000 + i}"
        uid = f"{i:08x}-1234-4abc-8def-{i:012x}"
        date = "" if i in (5, 6) else f"2024-{(i % 12) + 1:02d}-{(i % 27) + 1:02d}"
        balance = "" if i in (2, 9, 17) else f"{i * 10.5:.2f}"
        note = "late payment on invoice" if i == 7 else ("prefers paper mail" if i == 8 else "")
        lines.append(f"{i},{email},{phone},{uid},{date},{balance},{cities[i % 4]},{note}")
    return ("\n".join(lines) + "\n").encode()


HANDBOOK = (
    """# Claims handbook

## Filing a claim

"""
    + " ".join(
        [
            "A policyholder files an insurance claim within thirty days of the incident, attaching"
            " photographs, the police report and repair estimates for the damaged vehicle."
        ]
        * 12
    )
    + """

## Payment schedule

Premiums are invoiced monthly. A late payment of the premium incurs a fee of ten dollars,
and two missed payments suspend the policy until the balance is settled.
"""
)
