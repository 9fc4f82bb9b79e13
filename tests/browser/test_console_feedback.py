"""Feedback where the person acted: a refused login in its form, in plain words; each file of a
multi-file upload with its own outcome; a parse failure beside its file, naming it; a failed
journey naming its step and the step's reason on the journey's card."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD, Console

pytestmark = pytest.mark.slow


def _refused(console: Console, status: int) -> None:
    """The browser logs each refused request; those (and only those) were expected."""
    assert console.errors, "a refused request was expected"
    assert all(f"status of {status}" in e for e in console.errors), console.errors
    console.errors.clear()


def test_a_wrong_password_reads_in_plain_words_in_the_login_form(console: Console) -> None:
    page = console.page
    console.open()
    email = console.register()
    page.click("#logout")
    form = page.locator("#login-form")
    form.get_by_label("Email").fill(email)
    form.get_by_label("Password").fill(PASSWORD + " typo")
    form.get_by_role("button", name="Log in").click()
    words = form.locator(".inline-problem-text")
    expect(words).to_have_text("Wrong email or password.")
    assert page.locator("#error").inner_text() == ""  # nothing far from the form
    expect(form.locator(".problem")).to_be_hidden()  # the problem is one click away
    form.get_by_text("Details").click()
    expect(form.locator(".problem dd").first).to_have_text("401")
    console.shot("wrong-password")
    _refused(console, 401)


def test_an_empty_file_does_not_stop_a_multi_file_upload(console: Console, tmp_path: Path) -> None:
    page = console.page
    first, empty, last = tmp_path / "first.csv", tmp_path / "empty.csv", tmp_path / "last.csv"
    first.write_text("a,b\n1,2\n")
    empty.write_text("")
    last.write_text("c,d\n3,4\n")
    console.open()
    console.register()
    expect(page.locator("#upload-progress")).to_be_hidden()  # no empty bar before an upload
    page.set_input_files("#file-input", [str(first), str(empty), str(last)])
    results = page.locator("#upload-results > li")
    expect(results).to_have_count(3)
    expect(results.nth(2)).to_have_text("last.csv: uploaded (8 bytes); Save it to parse it.")
    expect(results.nth(0)).to_have_text("first.csv: uploaded (8 bytes); Save it to parse it.")
    refused = results.nth(1).locator(".inline-problem-text")
    expect(refused).to_have_text("empty.csv was not uploaded: the upload is empty")
    page.wait_for_selector("#files td:text-is('last.csv')")
    assert page.locator("#files td:text-is('first.csv')").count() == 1
    assert page.locator("#files td:text-is('empty.csv')").count() == 0
    expect(page.locator("#upload-progress")).to_be_hidden()  # and none after it
    assert "PENDING until you Save it" in page.inner_text("section[aria-labelledby=files-h]")
    console.shot("multi-upload")
    _refused(console, 422)


def test_a_parse_failure_names_its_file_and_a_journey_names_its_failing_step(
    console: Console, tmp_path: Path
) -> None:
    page = console.page
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\n" + b"\x00 not a real document " * 40)
    other = tmp_path / "fine.csv"
    other.write_text("x,y\n1,2\n")
    console.open()
    console.register()
    console.upload(broken)
    console.upload(other)
    row = console.row("broken.pdf")
    file_id = row.get_by_role("button", name="Save broken.pdf").get_attribute("data-file")
    row.get_by_role("button", name="Save broken.pdf").click()
    row.locator("td.state:text-is('READY')").wait_for()
    row.get_by_role("button", name="Parse broken.pdf").click()
    beside = console.row("broken.pdf").locator(".parse-problem .inline-problem-text")
    expect(beside).to_contain_text("Parsing broken.pdf failed: ")
    reason = beside.inner_text().removeprefix("Parsing broken.pdf failed: ")
    assert reason.strip(), "the reason is said, not only that it failed"
    assert console.row("fine.csv").locator(".inline-problem").count() == 0
    assert page.locator("#error").inner_text() == ""
    console.shot("parse-failure")

    console.nav("Journeys")
    card = page.locator("#journey-content_ingest_pipeline-card")
    card.get_by_role("tab", name="Advanced (JSON)").click()  # an id typed, as a script would
    card.locator("textarea").fill(json.dumps({"file_id": file_id}))
    card.get_by_role("button", name="Run content_ingest_pipeline").click()
    status = card.locator(".journey-status[data-status=failed]")
    status.wait_for(timeout=120_000)
    expect(status).to_have_text(re.compile(r"^Journey failed at step “parse”: \S"))
    assert reason in status.inner_text()  # the step's own error, as on the Content page
    card.locator(".journey-problem").get_by_text("Details").click()
    expect(card.locator(".journey-problem .problem-title")).to_have_text("Journey step failed")
    console.shot("journey-failure")
