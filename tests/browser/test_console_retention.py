"""Retention in the console (admins): set the policy, place and release a legal hold on a
finished execution, a dry run's counts, and a real run started as an execution."""

from __future__ import annotations

import pytest

from tests.browser.conftest import Console

pytestmark = pytest.mark.slow

RUN = """async () => {
  const auth = JSON.parse(localStorage.getItem('symphainy.auth'));
  return (await (await fetch('/api/intent/submit', {method: 'POST',
    headers: {'Content-Type': 'application/json', Authorization: `Bearer ${auth.token}`},
    body: JSON.stringify({intent_type: 'echo', parameters: {message: 'x'},
                          session_id: auth.session})})).json()).execution_id;
}"""


def test_policy_holds_and_runs(console: Console) -> None:
    page = console.page
    console.open()
    console.register()
    execution_id = page.evaluate(RUN)
    console.nav("Retention")
    page.wait_for_selector("#retention-policy")
    assert page.get_by_label("execution_days").get_attribute("placeholder") == "90"
    page.get_by_label("execution_days").fill("7")
    page.get_by_role("button", name="Save policy").click()
    page.wait_for_selector("#retention-policy legend:has-text('tenant policy')")
    assert page.get_by_label("execution_days").input_value() == "7"

    page.get_by_label("Id").fill(execution_id)
    page.get_by_label("Reason").fill("litigation")
    page.get_by_role("button", name="Place hold").click()
    page.wait_for_selector(f"#holds tr[data-hold='{execution_id}']")
    console.shot("held")
    page.get_by_role("button", name=f"Release {execution_id}").click()
    page.wait_for_selector("#retention-holds p:text-is('No legal holds.')")

    page.get_by_role("button", name="Dry run").click()
    page.wait_for_selector("#retention-counts")
    assert page.inner_text("#retention-counts tr:has(th:text-is('executions')) td") == "0"
    page.get_by_role("button", name="Run retention now").click()
    page.wait_for_selector("#retention-run a")
