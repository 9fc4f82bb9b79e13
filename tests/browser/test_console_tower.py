"""Control Tower for admins: statistics, execution metrics with charts, system and realm
health, the solution registry and the intent catalogue with schemas; hidden from members."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import INVITE, PASSWORD, Console

pytestmark = pytest.mark.slow


def _bars(console: Console, chart_id: str) -> dict[str, float]:
    bars = console.page.locator(f"#{chart_id} g.bar").all()
    return {
        b.get_attribute("data-label") or "": float(b.get_attribute("data-value") or 0) for b in bars
    }


def _activity(console: Console, tmp_path: Path) -> None:
    """Some completed executions and one failure (parse before save)."""
    page = console.page
    good = tmp_path / "good.csv"
    good.write_text("a,b\n1,2\n")
    early = tmp_path / "early.csv"
    early.write_text("c\n3\n")
    console.upload(good)
    console.row("good.csv").get_by_role("button", name="Save good.csv").click()
    console.row("good.csv").get_by_role("button", name="Parse good.csv").click()
    page.wait_for_selector("h2:text('Preview')")
    console.nav("Content")
    console.upload(early)
    file_id = (
        console.row("early.csv")
        .get_by_role("button", name="Save early.csv")
        .get_attribute("data-file")
    )
    console.nav("Intents")
    page.click("#intent-parse_content > summary")
    console.intent_json("parse_content", {"file_id": file_id})
    page.click("#intent-parse_content .run-form button[type=submit]")
    page.wait_for_selector("#runs li[data-status=failed]")


def _run(console: Console, intent: str, params: dict[str, object]) -> dict[str, object]:
    page = console.page
    console.nav("Intents")
    page.click(f"#intent-{intent} > summary")
    console.intent_json(intent, params)
    page.click(f"#intent-{intent} .run-form button[type=submit]")
    done = page.locator("#runs li[data-status=completed]", has_text=intent)
    done.wait_for()
    result: dict[str, object] = json.loads(done.locator(".result pre").text_content() or "{}")
    return result


def test_control_tower_for_an_admin(console: Console, tmp_path: Path) -> None:
    page = console.page
    console.open()
    console.register("Admin")
    _activity(console, tmp_path)
    poc = _run(console, "create_poc", {"description": "Match invoices to purchase orders."})
    _run(
        console,
        "create_solution",
        {"solution_name": "Invoice matching", "solution_source": "poc", "source_id": poc["poc_id"]},
    )
    console.nav("Control Tower")
    page.wait_for_selector("#chart-executions-by-state")
    states = _bars(console, "chart-executions-by-state")
    assert states["completed"] >= 6
    assert states["failed"] == 1
    assert {"file", "parsed_content"} <= set(_bars(console, "chart-artifacts-by-type"))

    page.wait_for_selector("#chart-finished-per-intent")
    finished = _bars(console, "chart-finished-per-intent")
    assert finished["parse_content"] == 2
    assert finished["ingest_file"] == 2
    assert "parse_content" in _bars(console, "chart-p95-per-intent")
    over_time = page.locator("#chart-finished-over-time")
    points = {
        name: [
            float(c.get_attribute("data-value") or 0)
            for c in over_time.locator(f"g[data-series={name}] circle").all()
        ]
        for name in ("completed", "failed")
    }
    assert len(points["completed"]) == 12
    assert sum(points["completed"]) >= 4
    assert sum(points["failed"]) == 1
    latency = page.locator("#chart-latency-over-time g[data-series=p95] circle")
    assert latency.count() == 12
    assert latency.last.get_attribute("data-value") not in ("", None)
    per_intent = page.locator("#tower-metrics table:has(caption:text('Per intent')) tbody tr")
    assert per_intent.count() >= 3

    assert page.inner_text("#system-status") in {"healthy", "degraded"}
    assert _bars(console, "chart-queue")["running"] >= 0
    quotas = page.locator("#tower-quotas table:has(caption:text('Quotas of tenant')) tbody tr")
    assert quotas.count() == 5
    storage = quotas.filter(has=page.locator("td:text-is('storage_bytes')"))
    assert storage.locator("td").all_inner_texts()[2:4] == ["unlimited", "default"]
    assert int(storage.locator("td").all_inner_texts()[1]) > 0  # the uploads above
    realms = page.locator("#tower-realms table:has(caption:text('Realms')) tbody tr")
    content = realms.filter(has=page.locator("td:text-is('content')"))
    assert content.locator("td").all_inner_texts()[4] == "1"
    failures = page.locator("#tower-realms table:has(caption:text('Recent failures'))")
    assert "illegal-transition" in failures.inner_text()

    solution = page.locator("#solutions li", has_text="Invoice matching")
    assert "poc" in solution.inner_text()
    registered = page.locator("#tower-solutions table:has(caption:text('Registered solutions'))")
    ids = registered.locator("tbody tr td:first-child").all_inner_texts()
    assert {"content_intelligence", "data_insights", "process_coexistence"} <= set(ids)
    intents = page.locator("#tower-intents details.intent")
    assert intents.count() > 20
    page.click("#tower-intents #intent-parse_content > summary")
    # No run form here: the parameters are a table (the shared one), with the result's.
    schema = page.locator(
        "#tower-intents #intent-parse_content table.data:has(caption:text-is('Parameters'))"
    )
    assert "file_id" in schema.inner_text()
    assert page.locator("#tower-intents .run-form").count() == 0
    console.shot("tower")

    page.get_by_label("Window").select_option("15m")
    page.wait_for_selector("#tower-metrics dd:text-is('15m')")
    console.shot("tower-15m")

    # The quota panel shows; the Quotas screen changes them: one link away.
    page.locator("#tower-quotas").get_by_role(
        "link", name="Change these limits on the Quotas screen"
    ).click()
    expect(page).to_have_url(re.compile(r"#/quotas$"))
    expect(page.locator("h2")).to_have_text("Quotas")
    expect(page.locator("#quotas tbody tr")).to_have_count(5)


def test_members_do_not_see_the_control_tower(console: Console) -> None:
    page = console.page
    console.open()
    console.register("Owner")
    code = page.evaluate(INVITE)
    page.click("#logout")
    form = page.locator("#register-form")
    form.get_by_label("Name").fill("Member")
    form.get_by_label("Email").fill("member-of-owner@example.com")
    form.get_by_label("Password").fill(PASSWORD)
    form.get_by_label("Invitation code").fill(code)
    form.get_by_role("button", name="Register").click()
    page.wait_for_selector("#who:text('member-of-owner@example.com')")
    assert page.locator("#nav").get_by_role("link", name="Control Tower").is_hidden()
    console.open("#/tower")
    page.wait_for_selector("#view p:text('For administrators only.')")
    console.shot("member")
