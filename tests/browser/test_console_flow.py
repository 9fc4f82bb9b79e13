"""The console in a real browser (Debian's Chromium, driven by Playwright) against a real
`symphainy up`: register, upload a CSV, watch it parse, see the preview and the artifacts."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from symphainy.testing import platform_process

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
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

pytestmark = pytest.mark.slow


@pytest.fixture
def base_url(tmp_path: Path) -> Iterator[str]:
    with platform_process(tmp_path, os.environ) as url:
        yield url


def test_register_upload_parse_preview(base_url: str, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: scripts/test.sh installs Debian's chromium")
    csv = tmp_path / "people.csv"
    csv.write_text("name,email\nAda,ada@example.com\nBob,bob@example.com\n")
    ARTIFACTS.mkdir(exist_ok=True)
    errors: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(base_url + "/")
        page.fill("input[name=email]", "ada@example.com")
        page.fill("input[name=password]", "correct horse 1")
        page.fill("input[name=name]", "Ada")
        page.click("button[data-action=register]")
        page.wait_for_selector("#work:not([hidden])")
        page.set_input_files("input[type=file]", str(csv))
        page.click("#upload-form button[type=submit]")
        page.wait_for_selector("#preview table")
        cells = page.locator("#preview td").all_inner_texts()
        page.screenshot(path=str(ARTIFACTS / "console-preview.png"), full_page=True)
        artifact_types = page.locator("#artifacts td:first-child").all_inner_texts()
        browser.close()
    assert cells == ["Ada", "ada@example.com", "Bob", "bob@example.com"]
    assert {"file", "parsed_content"} <= set(artifact_types)
    assert errors == []
