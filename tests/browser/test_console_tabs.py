"""The tabs of one browser share the sign-in: a new tab is signed in, a renewal in one tab is
every tab's (never two renewals of one refresh token), and signing out signs out every tab."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import CREDENTIALS, Console, console_platform

pytestmark = pytest.mark.slow

TTL = 31  # the console renews when less than 30 s are left: after 1 s here
API = "/console/js/api.js"  # the module main.js loaded: importing it again gives the same one
# Call the API from this tab at the moment `at` (ms since the epoch), kept in window.fired.
FIRE = f"""(at) => {{
  window.fired = (async () => {{
    const {{ api }} = await import('{API}');
    await new Promise((resolve) => setTimeout(resolve, at - Date.now()));
    return (await api('GET', '/api/auth/me')).email;
  }})();
}}"""
DUE = f"() => {CREDENTIALS}.expires - Date.now() / 1000 <= 30"
EXPIRED = f"() => {CREDENTIALS}.expires < Date.now() / 1000"
IN_MEMORY = f"async () => (await import('{API}')).auth.token"


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with console_platform(
        tmp_path_factory.mktemp("tabs"), access_token_ttl_seconds=str(TTL)
    ) as url:
        yield url


@pytest.fixture
def second(console: Console) -> Iterator[Console]:
    """Another tab of the same browser (context) as `console`."""
    tab = Console(console.page.context.new_page(), console.base_url, f"{console.name}-b")
    yield tab
    assert tab.errors == [], "the second tab logged errors"


def signed_in(tab: Console, email: str) -> None:
    expect(tab.page.locator("#who")).to_have_text(email)
    expect(tab.page.locator("#login-form")).to_have_count(0)


def test_a_new_tab_opens_signed_in_on_a_deep_link(console: Console, second: Console) -> None:
    console.open()
    email = console.register()
    second.open("#/executions")
    signed_in(second, email)
    expect(second.page.locator("h2")).to_have_text("Executions")
    second.shot("deep-link")


def fire_together(tabs: list[Console]) -> list[str]:
    """Both tabs call the API at the same moment; the email each call returned."""
    at = time.time() * 1000 + 400
    for tab in tabs:
        tab.page.evaluate(FIRE, at)
    return [tab.page.evaluate("window.fired") for tab in tabs]


def test_tabs_renew_together_without_revoking_the_login(console: Console, second: Console) -> None:
    renewals: list[Any] = []
    console.page.context.on(
        "request", lambda r: renewals.append(r) if r.url.endswith("/api/auth/refresh") else None
    )
    console.open()
    email = console.register()
    second.open("#/artifacts")
    signed_in(second, email)
    tabs = [console, second]
    for round_ in (1, 2, 3, 4):
        # Rounds 1-3 renew shortly before the access token expires, round 4 after it expired.
        console.page.wait_for_function(EXPIRED if round_ == 4 else DUE, timeout=40_000)
        assert fire_together(tabs) == [email, email]
        assert len(renewals) == round_, "one renewal per round, by one of the tabs"
        tokens = [tab.page.evaluate(IN_MEMORY) for tab in tabs]
        assert tokens[0] == tokens[1] == console.page.evaluate(f"{CREDENTIALS}.token")
    for tab, label in ((console, "Content"), (second, "Executions")):
        tab.nav(label)
        signed_in(tab, email)
    expect(second.page.locator("h2")).to_have_text("Executions")


def test_signing_out_in_one_tab_signs_out_the_other(console: Console, second: Console) -> None:
    console.open()
    email = console.register()
    second.open("#/executions")
    signed_in(second, email)
    console.page.click("#logout")
    expect(second.page.locator("#who")).to_have_text("signed out")
    expect(second.page.locator("#login-form")).to_be_visible()
    assert second.page.evaluate("localStorage.getItem('symphainy.auth')") is None
    second.shot("signed-out")
