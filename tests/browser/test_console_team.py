"""Team in the console (admins): invite someone and see the code once, the invited person joins
the team, change their role, disable them (with a confirmation), create and revoke an API key;
refusing to demote the only admin shows the reason beside the control, not at the page bottom."""

from __future__ import annotations

import pytest

from tests.browser.conftest import PASSWORD, Console

pytestmark = pytest.mark.slow


def _join(console: Console, code: str, email: str) -> None:
    page = console.page
    page.click("#logout")
    form = page.locator("#register-form")
    form.get_by_label("Name").fill("Bea")
    form.get_by_label("Email").fill(email)
    form.get_by_label("Password").fill(PASSWORD)
    form.get_by_label("Invitation code").fill(code)
    form.get_by_role("button", name="Register").click()
    page.wait_for_selector(f"#who:text('{email}')")
    page.click("#logout")


def test_an_admin_runs_their_team_from_the_console(console: Console) -> None:
    page = console.page
    console.open()
    owner = console.register("Owner")
    console.nav("Team")
    page.wait_for_selector("#members tbody tr")
    assert page.locator("#members tbody tr").count() == 1
    # The shared table (dom.table): its class, a caption counting the rows.
    assert page.locator("table.data#members caption").inner_text() == "1 member"
    assert page.get_by_label(f"Role of {owner}").input_value() == "admin"

    # The only admin cannot demote themself: the reason appears in their row.
    page.get_by_label(f"Role of {owner}").select_option("viewer")
    note = page.locator(f"#members tr[data-member='{owner}'] .inline-problem")
    note.wait_for()
    assert "only active admin" in note.inner_text()
    assert page.get_by_label(f"Role of {owner}").input_value() == "admin"
    assert page.locator("#error .problem").count() == 0
    assert all("409" in e for e in console.errors)
    console.errors.clear()

    page.get_by_label("Role", exact=True).first.select_option("member")
    page.get_by_role("button", name="Create invitation").click()
    code = page.get_by_label("Invitation code", exact=True).input_value()
    assert code.startswith("sym_iv_")
    page.wait_for_selector("#invitations td.status:text-matches('^open until')")
    console.shot("invited")

    bea = f"bea-{owner}"
    _join(console, code, bea)
    console.sign_in(owner)
    console.nav("Team")
    page.wait_for_selector(f"#members tr[data-member='{bea}']")
    assert page.get_by_label(f"Role of {bea}").input_value() == "member"
    page.wait_for_selector("#invitations td.status:text-is('used')")
    page.get_by_label(f"Role of {bea}").select_option("viewer")
    # Saved once the list is drawn again: the new control holds the role and is enabled.
    page.wait_for_function(
        """(email) => {
             const s = document.querySelector(`#members tr[data-member='${email}'] select`);
             return s !== null && s.value === 'viewer' && !s.disabled; }""",
        arg=bea,
    )
    page.once("dialog", lambda d: d.accept())
    page.get_by_role("button", name=f"Disable {bea}").click()
    page.wait_for_selector(f"#members tr[data-member='{bea}'] td.status:text-is('disabled')")
    console.shot("members")

    page.locator("#key-form").get_by_label("Name").fill("nightly-import")
    page.get_by_role("button", name="Create API key").click()
    key = page.get_by_label("API key", exact=True).input_value()
    assert key.startswith("sym_ak_")
    row = page.locator("#api-keys tr[data-key='nightly-import']")
    row.wait_for()
    assert row.locator("td").nth(2).inner_text() == f"you ({owner})", "created by a name, not an id"
    assert page.locator("table.data#api-keys caption").inner_text() == "1 API key"
    page.once("dialog", lambda d: d.accept())
    page.get_by_role("button", name="Revoke API key nightly-import").click()
    page.wait_for_selector("#api-keys td.status:text-matches('^revoked')")
    console.shot("keys")

    page.click("#logout")
    form = page.locator("#login-form")
    form.get_by_label("Email").fill(bea)
    form.get_by_label("Password").fill(PASSWORD)
    form.get_by_role("button", name="Log in").click()
    refused = form.locator(".inline-problem-text")  # in the login form, in plain words
    refused.wait_for()
    assert refused.inner_text() == "Wrong email or password."
    assert all("401" in e for e in console.errors)
    console.errors.clear()
