"""Browser tests of the console: one real `symphainy up` for the package, Chromium per module,
a fresh page per test that fails the test on any console error or page error."""

from __future__ import annotations

import itertools
import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from symphainy.testing import platform_process

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
AXE = Path(__file__).resolve().parents[2] / ".cache/axe/node_modules/axe-core/axe.min.js"
SERIOUS = ("serious", "critical")
UPLOAD_LIMIT = 40 * 1_048_576
PASSWORD = "correct horse 1"
CREDENTIALS = "JSON.parse(localStorage.getItem('symphainy.auth'))"  # shared by the tabs (JS)
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
_emails = itertools.count(1)
# In the page, as the signed-in admin: a member's invitation code (the Team screen's call).
INVITE = """async () => (await (await fetch('/api/admin/invitations', {method: 'POST',
  headers: {'Content-Type': 'application/json',
            Authorization: `Bearer ${JSON.parse(localStorage.getItem('symphainy.auth')).token}`},
  body: JSON.stringify({role: 'member'})})).json()).invitation_code"""


@contextmanager
def console_platform(home: Path, **settings: str) -> Iterator[str]:
    """`symphainy up` for browser tests: generous rate limits, a 40 MiB upload limit."""
    env = {
        **os.environ,
        "SYMPHAINY_MAX_UPLOAD_BYTES": str(UPLOAD_LIMIT),
        "SYMPHAINY_RATE_LIMIT_AUTH_PER_IP_PER_MINUTE": "1000",
        "SYMPHAINY_RATE_LIMIT_PER_IP_PER_MINUTE": "100000",
        "SYMPHAINY_RATE_LIMIT_PER_TENANT_PER_MINUTE": "100000",
        "SYMPHAINY_POLL_SECONDS": "0.1",
        **{f"SYMPHAINY_{k.upper()}": v for k, v in settings.items()},
    }
    with platform_process(home, env) as url:
        yield url


@pytest.fixture(scope="package")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with console_platform(tmp_path_factory.mktemp("platform")) as url:
        yield url


# Per module: sync Playwright runs an event loop that must be gone before asyncio tests run.
@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: scripts/test.sh installs Debian's chromium")
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


class Console:
    """A page of the console, with the steps tests share."""

    def __init__(self, page: Any, base_url: str, name: str) -> None:
        self.page = page
        self.base_url = base_url
        self.name = name
        self.errors: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        page.set_default_timeout(20_000)

    def open(self, hash_: str = "") -> None:
        self.page.goto(f"{self.base_url}/{hash_}")

    def shot(self, label: str) -> None:
        self.page.screenshot(path=str(ARTIFACTS / f"{self.name}-{label}.png"), full_page=True)

    def axe(self) -> list[dict[str, Any]]:
        """Run axe-core on the page as it is now: its serious and critical violations, each
        {id, impact, help, nodes: [the offending elements' selectors]}."""
        if not AXE.exists():
            pytest.fail("axe-core is missing: scripts/test.sh installs it into .cache/axe")
        if not self.page.evaluate("typeof window.axe === 'object'"):
            self.page.add_script_tag(path=str(AXE))
        found: list[dict[str, Any]] = self.page.evaluate(
            """async (impacts) => (await axe.run(document)).violations
                 .filter((v) => impacts.includes(v.impact))
                 .map((v) => ({id: v.id, impact: v.impact, help: v.help,
                               nodes: v.nodes.map((n) => n.target.join(' '))}))""",
            list(SERIOUS),
        )
        return found

    def register(self, name: str = "Ada", invitation: str | None = None) -> str:
        """Register a new account (its own tenant, as admin; with an `invitation` code, a
        member of the inviting tenant); returns the email."""
        email = f"user{next(_emails)}-{os.getpid()}@example.com"
        form = self.page.locator("#register-form")
        form.get_by_label("Name").fill(name)
        form.get_by_label("Email").fill(email)
        form.get_by_label("Password").fill(PASSWORD)
        if invitation:
            form.get_by_label("Invitation code").fill(invitation)
        form.get_by_role("button", name="Register").click()
        self.page.wait_for_selector(f"#who:text('{email}')")
        return email

    def sign_in(self, email: str) -> None:
        """Log in (from the sign-in page) as `email`."""
        form = self.page.locator("#login-form")
        form.get_by_label("Email").fill(email)
        form.get_by_label("Password").fill(PASSWORD)
        form.get_by_role("button", name="Log in").click()
        self.page.wait_for_selector(f"#who:text('{email}')")

    def nav(self, label: str) -> None:
        """Follow a link of the navigation (opening the menu first on a phone-sized screen)."""
        if self.page.locator("#menu").is_visible():
            self.page.click("#menu")
        self.page.locator("#nav").get_by_role("link", name=label).click()

    def upload(self, path: Path) -> None:
        """Upload through the file picker and wait for the file to be listed."""
        self.page.set_input_files("#file-input", str(path))
        self.page.wait_for_selector(f"#files td:text-is('{path.name}')")

    def intent_json(self, intent: str, params: dict[str, Any]) -> None:
        """On the Intents page: open `intent` and type its parameters on the Advanced (JSON) tab."""
        entry = self.page.locator(f"#intent-{intent}")
        if entry.get_attribute("open") is None:
            entry.locator("> summary").click()
        entry.get_by_role("tab", name="Advanced (JSON)").click()
        entry.get_by_label(f"Parameters of {intent} (JSON)").fill(json.dumps(params))

    def row(self, filename: str) -> Any:
        return self.page.locator("#files tr", has=self.page.locator(f"td:text-is('{filename}')"))


def problem_facts(problem: Any) -> dict[str, str]:
    """The term/value pairs (`dt`/`dd`) a rendered problem lists."""
    terms = problem.locator("dt").all_inner_texts()
    return dict(zip(terms, problem.locator("dd").all_inner_texts(), strict=True))


@pytest.fixture
def console(browser: Any, base_url: str, request: pytest.FixtureRequest) -> Iterator[Console]:
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    c = Console(page, base_url, request.node.name)
    try:
        yield c
    finally:
        context.close()
    assert c.errors == [], "the console logged errors"
