"""Accessibility: axe-core finds no serious or critical violation on any view of the console:
the sign-in page, an anonymous visitor's landing, every view in an admin's navigation, an
uploaded file's preview and an artifact's page with its lineage graph."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.conftest import Console

pytestmark = pytest.mark.slow

NAV = (
    "Content",
    "Executions",
    "Artifacts",
    "Journeys",
    "Schedules",
    "Insights",
    "Intents",
    "Team",
    "Control Tower",
    "Retention",
    "Quotas",
)


def _check(console: Console, label: str) -> None:
    console.shot(label)
    assert console.axe() == [], f"accessibility violations on {label}"


def test_every_view_passes_axe(console: Console, tmp_path: Path) -> None:
    page = console.page
    csv = tmp_path / "orders.csv"
    csv.write_text("order_id,customer,amount\nA-1,Ada,12.50\nB-2,Bea,7\n")
    console.open()
    page.wait_for_selector("#register-form")
    _check(console, "signin")
    console.register()
    nav = page.locator("#nav a")
    assert nav.all_inner_texts() == list(NAV), "every view is checked"
    for view in NAV:
        console.nav(view)
        page.wait_for_selector(f"h2:text-is('{view}')")
        page.wait_for_selector("#view :text('Loading…')", state="detached")
        if view == "Control Tower":
            page.wait_for_selector("#chart-queue")
            page.wait_for_selector("#tower-intents .realm")
        _check(console, view.lower().replace(" ", "-"))

    console.nav("Content")
    console.upload(csv)
    console.row("orders.csv").get_by_role("button", name="Save orders.csv").click()
    console.row("orders.csv").get_by_role("button", name="Parse orders.csv").click()
    page.wait_for_selector(".page-label:text('Rows 1 to 2 of 2')")
    assert page.locator("h2").inner_text() == "Preview of orders.csv"
    assert page.locator(".page-body th.num").all_inner_texts() == ["amount"]  # right-aligned
    _check(console, "preview")
    page.get_by_role("link", name="artifact and lineage").click()
    page.wait_for_selector("svg#lineage-graph")
    _check(console, "artifact")

    # An execution's own page: the parse that made the preview, finished, with its timeline.
    page.get_by_role("link", name="its execution").click()
    page.wait_for_selector("h2:text-is('parse_content execution')")
    page.wait_for_selector(".live .status:text-is('completed')")
    page.wait_for_selector("table.timeline")
    _check(console, "execution")


def test_anonymous_landing_passes_axe(console: Console) -> None:
    """An anonymous visitor lands on uploading a file (not the developer catalogue), and the
    catalogue offers Run only where the server lets an anonymous session submit."""
    page = console.page
    console.open()
    page.get_by_role("button", name="Continue anonymously").click()
    page.wait_for_selector("#who:text('anonymous session')")
    page.wait_for_selector("h2:text-is('Content')")
    assert page.url.endswith("#/content")
    assert page.locator("#upload-h").inner_text() == "Upload a file"
    page.get_by_role("link", name="Sign in or register to upload").wait_for()
    _check(console, "anonymous")
    console.nav("Intents")
    page.wait_for_selector("#intent-ingest_file")
    assert page.locator("#intent-echo .run-form").count() == 1  # anonymous_ok
    assert page.locator("#intent-ingest_file .run-form").count() == 0  # needs an account
    assert page.locator("#intent-get_system_health .run-form").count() == 0  # needs admin
