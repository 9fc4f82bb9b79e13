"""Quotas in the console (admins): the tenant's limits with their use, tightened from the
form; loosening one is refused by the server (a tenant's admin may only tighten) and the
refusal shows beside that limit; an override is reset to the platform default only when
that does not loosen it either."""

from __future__ import annotations

import pytest

from tests.browser.conftest import Console

pytestmark = pytest.mark.slow


def test_an_admin_tightens_a_quota_and_cannot_loosen_it(console: Console) -> None:
    page = console.page
    console.open()
    console.register()
    console.nav("Quotas")
    rows = page.locator("#quotas tbody tr")
    rows.first.wait_for()
    assert rows.evaluate_all("rs => rs.map(r => r.dataset.quota)") == [
        "max_queued",
        "max_running",
        "max_submits_per_minute",
        "storage_bytes",
        "reasoning_tokens_per_day",
    ]
    queued = page.locator("#quotas tr[data-quota=max_queued]")
    assert queued.locator("td.use").inner_text() == "0 of no limit"
    assert queued.locator("td.source").inner_text() == "platform default"
    help_id = (
        page.get_by_label("max_queued", exact=True).get_attribute("aria-describedby") or ""
    ).split()[0]
    assert "waiting to run" in page.locator(f"[id='{help_id}']").inner_text()
    console.shot("defaults")

    page.get_by_label("max_queued", exact=True).fill("50")
    page.get_by_label("storage_bytes", exact=True).fill("1048576")
    with page.expect_request("**/api/admin/tenants/*/quotas") as sent:
        page.get_by_role("button", name="Save limits").click()
    assert sent.value.method == "PATCH"
    assert sent.value.post_data_json == {"max_queued": 50, "storage_bytes": 1048576}
    queued.locator("td.source:text-is('set for this tenant')").wait_for()
    assert queued.locator("td.use").inner_text() == "0 of 50"
    storage = page.locator("#quotas tr[data-quota=storage_bytes]")
    assert storage.locator("td.use").inner_text() == "0 bytes of 1 MiB"
    assert page.get_by_label("max_queued", exact=True).input_value() == "50"

    # Raising it again is an operator's call: refused, beside the field, nothing changed.
    page.get_by_label("max_queued", exact=True).fill("60")
    page.get_by_role("button", name="Save limits").click()
    beside = queued.locator(".field-error")
    beside.wait_for()
    assert "may only tighten" in beside.inner_text()
    assert "max_queued would rise above 50" in beside.inner_text()
    assert page.get_by_label("max_queued", exact=True).get_attribute("aria-invalid") == "true"
    assert storage.locator(".field-error").is_hidden()
    assert page.locator("#quota-form .inline-problem").count() == 1
    assert page.locator("#error .problem").count() == 0
    assert [e for e in console.errors if "403" not in e] == []
    console.errors.clear()
    console.shot("refused")

    # Resetting to the default (no limit) would loosen it too; lowering it is fine.
    queued.get_by_label("Reset max_queued to the default").check()
    page.get_by_label("max_queued", exact=True).fill("")
    page.get_by_role("button", name="Save limits").click()
    page.wait_for_selector("#quotas tr[data-quota=max_queued] .field-error:not([hidden])")
    assert "may only tighten" in beside.inner_text()
    console.errors.clear()
    queued.get_by_label("Reset max_queued to the default").uncheck()
    page.get_by_label("max_queued", exact=True).fill("40")
    page.get_by_role("button", name="Save limits").click()
    page.locator("#quotas tr[data-quota=max_queued] td.use:text-is('0 of 40')").wait_for()
    assert page.locator("#quota-form .inline-problem").count() == 0
    page.reload()
    page.locator("#quotas tr[data-quota=max_queued] td.use:text-is('0 of 40')").wait_for()
    console.shot("tightened")
