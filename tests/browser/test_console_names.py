"""Names, not ids: where the console says who submitted or requested something, an admin reads
the member's email (the Team screen's list, read once); a member, who may not list the team,
reads "another member", never a raw id, and the console never asks for the list it may not
read."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import INVITE, Console

pytestmark = pytest.mark.slow

# In the page, as the signed-in person: submit an intent, return its execution id.
SUBMIT = """async ([intent, parameters]) => {
  const auth = JSON.parse(localStorage.getItem('symphainy.auth'));
  const response = await fetch('/api/intent/submit', {
    method: 'POST',
    headers: {'Content-Type': 'application/json', Authorization: `Bearer ${auth.token}`},
    body: JSON.stringify({intent_type: intent, parameters, session_id: auth.session})});
  return (await response.json()).execution_id;
}"""
ME = """async () => {
  const auth = JSON.parse(localStorage.getItem('symphainy.auth'));
  const response = await fetch('/api/auth/me', {headers: {Authorization: `Bearer ${auth.token}`}});
  return (await response.json()).user_id;
}"""


def _submitted_by(console: Console, execution_id: str) -> str:
    console.open(f"#/executions/{execution_id}")
    facts = console.page.locator("#facts dl.facts")
    term = facts.locator("dt", has_text=re.compile(r"^Submitted by$"))
    expect(term).to_have_count(1)
    return facts.locator("dt:text-is('Submitted by') + dd").inner_text()


def _log_out(console: Console) -> None:
    """Log out once the page's reads are done: one still in flight when the token is revoked
    would be refused (401). No execution is followed live here, so the network goes idle."""
    console.page.wait_for_load_state("networkidle")
    console.page.click("#logout")
    console.page.wait_for_selector("#login-form")


def test_an_admin_reads_members_by_email_and_a_member_reads_another_member(
    console: Console,
) -> None:
    page = console.page
    console.open()
    owner = console.register("Owner")
    owners_run = str(page.evaluate(SUBMIT, ["echo", {"message": "from the owner"}]))
    code = str(page.evaluate(INVITE))
    _log_out(console)

    bea = console.register("Bea", invitation=code)
    bea_id = str(page.evaluate(ME))
    asked = str(page.evaluate(SUBMIT, ["request_approval", {"title": "Ship the plan"}]))
    # A member may not list the team: the owner is "another member", not an id.
    assert _submitted_by(console, owners_run) == "another member"
    _log_out(console)

    console.sign_in(owner)
    console.nav("Journeys")
    card = page.locator("#approvals li.approval", has_text="Ship the plan")
    expect(card.locator("p.muted")).to_contain_text(f" by {bea}")
    assert bea_id not in card.inner_text()
    console.shot("approval-by-member")

    assert _submitted_by(console, owners_run) == f"you ({owner})"
    assert _submitted_by(console, asked) == bea

    console.nav("Executions")
    row = page.locator(f"#history tr[data-history='{asked}']")
    by = row.locator("td").nth(3)
    expect(by).to_have_text(bea)
    expect(page.locator("#history th").nth(3)).to_have_text("Submitted by")
    console.shot("executions-by")
    # The approval is decided, so its execution does not wait past the test.
    console.nav("Journeys")
    card.get_by_role("button", name=re.compile(r"^Reject ")).click()
    expect(card).to_have_count(0)
