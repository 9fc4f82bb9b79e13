"""A phone (375 x 800): a one-line header whose views sit behind a Menu button, no page wider
than the screen (wide tables and graphs scroll inside their own region), ids and dates on one
line, and the actions of each job screen within reach."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import Console

pytestmark = pytest.mark.slow

WIDTH, HEIGHT = 375, 800
HEADER_MAX = 60  # px: the header used to take 160 of 800

# Elements sticking out past the screen's right edge that are not inside a scroll region.
SPILLS = """(width) => [...document.querySelectorAll('#view *')]
  .filter((el) => el.getBoundingClientRect().right > width + 1 && !el.closest('.scroll'))
  .map((el) => el.outerHTML.slice(0, 80))"""

# Text cells (not prose, not controls) of a table laid out on more than one line.
BROKEN = """(sel) => [...document.querySelectorAll(`${sel} td`)]
  .filter((td) => !td.classList.contains('long') && !td.children.length && td.innerText.trim())
  .filter((td) => {
    const range = document.createRange();
    range.selectNodeContents(td);
    return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size > 1;
  })
  .map((td) => td.innerText)"""


# Graph nodes whose text runs past the edge of their box.
OVERFLOWING_NODES = """() => [...document.querySelectorAll('#lineage-graph .node')].filter((n) => {
  const box = n.querySelector('rect').getBBox();
  return [...n.querySelectorAll('text')].some((t) => {
    const b = t.getBBox();
    return b.x < box.x || b.x + b.width > box.x + box.width + 0.5;
  });
}).map((n) => n.getAttribute('aria-label'))"""


def _fits(console: Console, label: str) -> None:
    page = console.page
    console.shot(label)
    assert page.locator("header.bar").bounding_box()["height"] <= HEADER_MAX, label
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= WIDTH, f"{label} is {width}px wide"
    assert page.evaluate(SPILLS, WIDTH) == [], f"{label} spills past the screen"


def _one_line(page: Any, table: str) -> None:
    assert page.locator(f"{table} tbody tr").count() > 0
    assert page.evaluate(BROKEN, table) == [], f"{table} breaks its cells"


def test_job_screens_fit_a_phone(console: Console, tmp_path: Path) -> None:
    page = console.page
    page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
    wide = tmp_path / "a-rather-long-file-name-for-a-phone-screen.csv"
    wide.write_text(
        ",".join(f"column_{i}" for i in range(12)) + "\n" + ",".join("x" * 12 for _ in range(12))
    )
    console.open()
    page.wait_for_selector("#register-form")
    _fits(console, "signin")
    console.register()
    page.wait_for_selector("h2:text-is('Content')")
    menu = page.get_by_role("button", name="Menu")
    assert menu.get_attribute("aria-expanded") == "false"
    assert not page.locator("#nav").get_by_role("link", name="Artifacts").is_visible()
    _fits(console, "content-empty")

    console.upload(wide)
    row = console.row(wide.name)
    row.get_by_role("button", name=f"Save {wide.name}").click()  # reachable: scrolled to
    row.get_by_role("button", name=f"Parse {wide.name}").click()
    page.wait_for_selector(".page-label:text('Rows 1 to 1 of 1')")
    _fits(console, "preview")
    _one_line(page, ".page-body table")

    console.nav("Content")
    page.wait_for_selector("#files tbody tr")
    _fits(console, "content")
    _one_line(page, "#files")

    console.nav("Artifacts")
    page.wait_for_selector("#artifacts tbody tr")
    assert menu.get_attribute("aria-expanded") == "false", "choosing a view closes the menu"
    _fits(console, "artifacts")
    _one_line(page, "#artifacts")
    page.locator("#artifacts").get_by_role("link", name="parsed_content").click()
    page.wait_for_selector("svg#lineage-graph")
    _fits(console, "artifact")
    assert page.evaluate(OVERFLOWING_NODES) == []
    # Wider than the screen: drawn at full size inside a region that scrolls sideways.
    graph = page.locator(".graph")
    assert graph.evaluate("(g) => g.scrollWidth > g.clientWidth")
    svg = page.locator("svg#lineage-graph")
    assert svg.bounding_box()["width"] == float(svg.get_attribute("width") or 0)
    graph.evaluate("(g) => { g.scrollLeft = g.scrollWidth; }")
    console.shot("artifact-graph-scrolled")

    for view in ("Executions", "Journeys", "Intents", "Control Tower"):
        console.nav(view)
        page.wait_for_selector(f"h2:text-is('{view}')")
        page.wait_for_selector("#view :text('Loading…')", state="detached")
        if view == "Control Tower":
            page.wait_for_selector("#chart-queue")
        _fits(console, view.lower().replace(" ", "-"))


def test_the_menu_works_by_keyboard(console: Console) -> None:
    page = console.page
    page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
    console.open()
    console.register()
    # The view's heading takes focus once it has rendered: only then move to the menu.
    page.wait_for_function("document.activeElement.textContent === 'Content'")
    menu = page.get_by_role("button", name="Menu")
    menu.focus()
    page.keyboard.press("Enter")
    assert menu.get_attribute("aria-expanded") == "true"
    artifacts = page.locator("#nav").get_by_role("link", name="Artifacts")
    artifacts.wait_for()
    console.shot("menu-open")
    page.keyboard.press("Escape")
    assert menu.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.id") == "menu"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Artifacts"
    page.keyboard.press("Enter")
    page.wait_for_selector("h2:text-is('Artifacts')")
    assert not artifacts.is_visible()
