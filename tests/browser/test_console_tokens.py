"""The console renews its access token before it expires, so a session outlives one token."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.browser.conftest import CREDENTIALS, Console, console_platform

pytestmark = pytest.mark.slow

RENEWED = f"(old) => {CREDENTIALS}.token !== old"
TTL = 33  # the console renews when less than 30 s are left: after 3 s here


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with console_platform(
        tmp_path_factory.mktemp("short-tokens"), access_token_ttl_seconds=str(TTL)
    ) as url:
        yield url


def test_access_token_is_renewed_before_it_expires(console: Console) -> None:
    page = console.page
    console.open()
    console.register()
    first = page.evaluate(f"{CREDENTIALS}.token")
    first_refresh = page.evaluate(f"{CREDENTIALS}.refresh")
    assert first_refresh
    page.wait_for_timeout(4_000)
    console.nav("Artifacts")
    page.wait_for_function(RENEWED, arg=first, timeout=5_000)
    second = page.evaluate(f"{CREDENTIALS}.token")
    assert page.evaluate(f"{CREDENTIALS}.refresh") != first_refresh
    status = page.evaluate(
        """async (t) => (await fetch('/api/auth/me', {headers: {Authorization: `Bearer ${t}`}}))
        .status""",
        second,
    )
    assert status == 200
    page.wait_for_timeout(4_000)
    console.nav("Content")
    page.wait_for_selector("#file-list p:text('No files yet.')")
    page.wait_for_function(RENEWED, arg=second, timeout=5_000)
