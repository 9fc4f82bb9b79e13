"""Register, log out, log in; an anonymous session that moves into the account on login."""

from __future__ import annotations

import pytest

from tests.browser.conftest import PASSWORD, Console

pytestmark = pytest.mark.slow


def test_register_log_out_and_log_in(console: Console) -> None:
    page = console.page
    console.open()
    page.wait_for_selector("#register-form")
    console.shot("signed-out")
    email = console.register()
    page.wait_for_selector("#dropzone")
    assert page.locator("#logout").is_visible()
    page.click("#logout")
    page.wait_for_selector("#who:text('signed out')")
    assert page.evaluate("localStorage.getItem('symphainy.auth')") is None
    form = page.locator("#login-form")
    form.get_by_label("Email").fill(email)
    form.get_by_label("Password").fill(PASSWORD)
    form.get_by_role("button", name="Log in").click()
    page.wait_for_selector(f"#who:text('{email}')")
    page.wait_for_selector("#dropzone")
    console.shot("logged-in")


def test_anonymous_session_upgrades_on_registration(console: Console) -> None:
    page = console.page
    console.open()
    page.click("#anon")
    page.wait_for_selector("#who:text('anonymous session')")
    session = page.evaluate("JSON.parse(localStorage.getItem('symphainy.auth')).session")
    page.wait_for_selector("#upload-h:text-is('Upload a file')")  # lands on Content, not Intents
    console.nav("Intents")
    page.click("#intent-echo summary")
    console.intent_json("echo", {"message": "hello from an anonymous session"})
    page.click("#intent-echo button[type=submit]")
    page.wait_for_selector("#runs li[data-status=completed]")
    assert "hello from an anonymous session" in page.text_content("#runs li")
    console.shot("anonymous")

    page.click("#signin")
    email = console.register("Anon Upgraded")
    view = page.evaluate(
        """async (sid) => (await fetch(`/api/session/${sid}`, {headers: {Authorization:
        `Bearer ${JSON.parse(localStorage.getItem('symphainy.auth')).token}`}})).json()""",
        session,
    )
    assert view["session_id"] == session
    assert view["is_anonymous"] is False
    assert page.evaluate("JSON.parse(localStorage.getItem('symphainy.auth')).session") == session
    console.nav("Executions")
    done = page.locator("#runs li[data-status=completed]")
    done.locator("summary", has_text="Result").click()
    assert "hello from an anonymous session" in done.inner_text()
    assert email in page.inner_text("#who")
    console.shot("upgraded")
