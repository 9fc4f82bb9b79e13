"""Approvals live: a journey's approval request appears on its own (no Refresh), whoever
started the journey (this console, or another client of the tenant), as a card
that says what is asked with links to the journey and its analysis; a rejection reads
"rejected" on the journey's card and leaves the Control Tower's realm healthy."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD, Console
from tests.unit.capabilities.operations._ops import SOP_MARKDOWN

pytestmark = pytest.mark.slow

JOURNEY = "sop_to_approved_blueprint"


def _saved_sop(console: Console, tmp_path: Path) -> str:
    sop = tmp_path / "invoice_sop.md"
    sop.write_text(SOP_MARKDOWN)
    console.upload(sop)
    save = console.row("invoice_sop.md").get_by_role("button", name="Save invoice_sop.md")
    file_id = save.get_attribute("data-file") or ""
    save.click()
    console.row("invoice_sop.md").locator("td.state:text-is('READY')").wait_for()
    return file_id


def test_an_approval_appears_live_and_a_rejection_is_not_a_failure(
    console: Console, tmp_path: Path
) -> None:
    page = console.page
    console.open()
    console.register()
    file_id = _saved_sop(console, tmp_path)
    console.nav("Journeys")
    expect(page.locator("#approvals")).to_have_text("Nothing waits for approval.")
    card = page.locator(f"#journey-{JOURNEY}-card")
    card.get_by_role("tab", name="Advanced (JSON)").click()  # an id typed, as a script would
    card.locator("textarea").fill(json.dumps({"file_id": file_id}))
    card.get_by_role("button", name=f"Run {JOURNEY}").click()

    # No click on "Refresh approvals": the request arrives over the step's event stream.
    request = page.locator("#approvals li.approval")
    request.wait_for(timeout=120_000)
    expect(request).to_have_count(1)
    title = request.locator("h4")
    expect(title).to_have_text(re.compile(r"^Approve the coexistence plan — \S"))
    expect(request.locator("p.muted")).to_contain_text(" by you")
    assert request.locator("pre").count() == 0, "details read as fields, not raw JSON"
    facts = dict(
        zip(
            request.locator("dt").all_inner_texts(),
            request.locator("dd").all_inner_texts(),
            strict=True,
        )
    )
    assert set(facts["Summary"].split(", ")) == {"6 automate", "0 assist", "2 keep-human"}
    analysis = request.locator("dd a[href^='#/artifacts/']")
    expect(analysis).to_have_text(facts["Coexistence analysis id"])
    journey = request.get_by_role("link", name="the journey waiting on it")
    assert (journey.get_attribute("href") or "").startswith("#/executions/")
    name = title.inner_text()
    approve = request.get_by_role("button", name=f"Approve {name}")
    reject = request.get_by_role("button", name=f"Reject {name}")
    look = "b => getComputedStyle(b).backgroundColor + ' ' + getComputedStyle(b).color"
    assert approve.evaluate(look) != reject.evaluate(look), "Approve and Reject look apart"
    assert "primary" in (approve.get_attribute("class") or "")
    assert "danger" in (reject.get_attribute("class") or "")
    review = card.locator("svg.dag [data-node=review]")
    expect(review).to_have_class(re.compile(r"\bwaiting\b"))  # the step says it waits
    console.shot("approval-live")

    request.get_by_label(f"Comment on {name}").fill("not this quarter")
    reject.click()
    expect(page.locator("#approvals")).to_have_text("Nothing waits for approval.")
    status = card.locator(".journey-status[data-status=rejected]")
    status.wait_for(timeout=60_000)
    expect(status).to_have_text(
        "Journey rejected at step “review”: "
        "'Approve the coexistence plan' was rejected: not this quarter"
    )
    assert "failed" not in status.inner_text()
    expect(review).to_have_class(re.compile(r"\brejected\b"))
    assert "failed" not in (review.get_attribute("aria-label") or "")
    console.shot("rejected")

    # On Executions too, the request and the journey it stopped read "rejected", not "failed".
    console.nav("Executions")
    for intent in ("request_approval", "compose_journey"):
        run = page.locator("#runs li[data-status=failed]", has_text=intent)
        expect(run.locator(".run-head .status")).to_have_text("rejected")

    console.nav("Control Tower")
    realms = page.locator("#tower-realms table").first
    row = realms.locator("tr", has=page.locator("td:text-is('journeys')"))
    row.wait_for()
    cells = row.locator("td").all_inner_texts()
    head = realms.locator("th").all_inner_texts()
    got = dict(zip(head, cells, strict=True))
    assert (got["status"], got["failed"], got["rejected"]) == ("healthy", "0", "2")
    expect(page.locator("#tower-realms")).to_contain_text("No failures in the window.")
    per_intent = page.locator(
        "#tower-metrics table", has=page.locator("caption:text-is('Per intent')")
    )
    asked = per_intent.locator("tr", has=page.locator("td:text-is('request_approval')"))
    asked.wait_for()  # the metrics panel draws after the realms one: read it once it is there
    got = dict(
        zip(
            per_intent.locator("th").all_inner_texts(),
            asked.locator("td").all_inner_texts(),
            strict=True,
        )
    )
    assert (got["failed"], got["rejected"], got["success rate"]) == ("0", "1", "—")
    console.shot("tower")


@contextmanager
def _another_client(console: Console, email: str) -> Iterator[httpx.Client]:
    """A client of the same tenant that is not this console: a script signed in on its own."""
    with httpx.Client(base_url=console.base_url, timeout=90) as client:
        login = client.post("/api/auth/login", json={"email": email, "password": PASSWORD})
        login.raise_for_status()
        client.headers["Authorization"] = f"Bearer {login.json()['access_token']}"
        yield client


def test_a_request_from_another_client_appears_live_and_its_approval_completes_the_journey(
    console: Console, tmp_path: Path
) -> None:
    page = console.page
    console.open()
    email = console.register()
    file_id = _saved_sop(console, tmp_path)
    console.nav("Journeys")
    expect(page.locator("#approvals")).to_have_text("Nothing waits for approval.")
    with _another_client(console, email) as script:
        session = script.post("/api/session/create", json={}).json()["session_id"]
        started = script.post(
            "/api/journey/trigger",
            json={"journey_id": JOURNEY, "parameters": {"file_id": file_id}, "session_id": session},
        )
        assert started.status_code == 202, started.text
        journey = started.json()["execution_id"]

        # This console follows nothing of that journey, and nobody clicks "Refresh approvals":
        # the request arrives over the tenant's pending-intents stream.
        request = page.locator("#approvals li.approval")
        request.wait_for(timeout=120_000)
        expect(request).to_have_count(1)
        journey_link = request.get_by_role("link", name="the journey waiting on it")
        expect(journey_link).to_have_attribute("href", f"#/executions/{journey}")
        name = request.locator("h4").inner_text()
        request.get_by_label(f"Comment on {name}").fill("go ahead")
        request.get_by_role("button", name=f"Approve {name}").click()
        expect(page.locator("#approvals")).to_have_text("Nothing waits for approval.")

        view = script.get(f"/api/execution/{journey}/status", params={"wait": 60}).json()
        assert view["status"] == "completed", view
    console.shot("approved-from-another-client")
