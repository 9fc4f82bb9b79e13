"""Insights reports in the console: run them on parsed content and read them as charts."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Console

pytestmark = pytest.mark.slow

LOADED_IMAGES = """() => [...document.querySelectorAll('#report img')]
  .map((img) => img.complete && img.naturalWidth > 0)"""


def _parse(console: Console, path: Path) -> str:
    """Upload, save and parse `path`; returns the file's artifact id."""
    console.upload(path)
    save = console.row(path.name).get_by_role("button", name=f"Save {path.name}")
    file_id = save.get_attribute("data-file") or ""
    save.click()
    console.row(path.name).get_by_role("button", name=f"Parse {path.name}").click()
    console.page.wait_for_selector("h2:text('Preview')")
    return file_id


def _pick(form: Any, field: str, name: str) -> str:
    """Choose, in the shared picker (refs.js) of `field`, the file called `name`: its option
    reads the name, then its type, state or parser, and date, never the id. Returns the label."""
    picker = form.get_by_label(field, exact=True)
    option = picker.locator("option", has_text=re.compile(rf"^{re.escape(name)} · "))
    expect(option).to_have_count(1)
    value = option.get_attribute("value") or ""
    label = option.inner_text()
    assert value not in label, "the picker shows names, not ids"
    picker.select_option(value)
    return label


def _report(console: Console, source: str, report: str) -> str:
    page = console.page
    console.nav("Insights")
    form = page.locator("#insights-form")
    form.get_by_label("Report").select_option(report)
    label = _pick(form, "parsed_file_id", source)
    form.get_by_role("button", name="Run report").click()
    page.locator("#report h3", has_text=report.replace("_", " ")).wait_for(timeout=60_000)
    return label


def _bars(console: Console, chart_id: str) -> dict[str, float]:
    bars = console.page.locator(f"#{chart_id} g.bar").all()
    return {
        b.get_attribute("data-label") or "": float(b.get_attribute("data-value") or "nan")
        for b in bars
    }


def test_quality_and_structured_reports_as_charts(console: Console, tmp_path: Path) -> None:
    page = console.page
    sales = tmp_path / "sales.csv"
    lines = ["day,region,amount,email"]
    for i in range(1, 121):
        email = "not-an-email" if i % 10 == 0 else f"buyer{i}@example.com"
        amount = "" if i % 15 == 0 else str(100 + (i % 7) * 10)
        lines.append(f"2026-{1 + i // 31:02d}-{1 + i % 28:02d},r{i % 3},{amount},{email}")
    sales.write_text("\n".join(lines) + "\n")
    console.open()
    console.register()
    _parse(console, sales)

    label = _report(console, "sales.csv", "assess_data_quality")
    assert label.startswith("sales.csv · csv ("), label  # the content kind and its parser
    scores = _bars(console, "chart-scores")
    assert set(scores) == {"completeness", "validity", "uniqueness", "consistency", "outliers"}
    assert all(0 <= v <= 1 for v in scores.values())
    assert scores["completeness"] < 1, "the missing amounts count"
    assert page.locator("#report dt", has_text="grade").count() == 1
    console.shot("quality")

    _report(console, "sales.csv", "analyze_structured_data")
    loaded = page.evaluate(LOADED_IMAGES)
    assert loaded
    assert all(loaded), "every chart the capability drew is shown"
    kinds = set(page.locator(".server-chart").evaluate_all("els => els.map(e => e.dataset.kind)"))
    assert "histogram" in kinds
    console.shot("structured")


def test_document_report_shows_keywords(console: Console, tmp_path: Path) -> None:
    page = console.page
    doc = tmp_path / "river.md"
    doc.write_text(
        "# Rivers\n\nThe river floods the valley every spring. River levels rise quickly.\n\n"
        "## Dams\n\nA dam holds the river back; the dam keeps the valley dry.\n"
    )
    console.open()
    console.register()
    file_id = _parse(console, doc)
    _report(console, "river.md", "analyze_unstructured_data")
    terms = page.locator("#report table:has(caption:text('Keywords')) tbody tr td:first-child")
    assert "river" in terms.all_inner_texts()
    assert page.locator("#report img[alt=Keywords]").count() == 1
    loaded = page.evaluate(LOADED_IMAGES)
    assert loaded
    assert all(loaded)
    assert page.locator(".narrative").inner_text().startswith("No narrative")
    console.shot("keywords")

    form = page.locator("#insights-form")
    form.get_by_label("Report").select_option("visualize_lineage")
    # Any artifact's lineage: the picker of every artifact (ArtifactId), files by their name.
    picker = form.get_by_label("file_id", exact=True)
    expect(picker.locator("optgroup[label='Files']")).to_have_count(1)
    expect(picker.locator("optgroup[label='Parsed files']")).to_have_count(1)
    upload = picker.locator("optgroup[label='Files'] option", has_text="river.md · ")
    assert file_id not in upload.inner_text()  # a name, not an id
    picker.select_option(upload.get_attribute("value") or "")
    assert picker.input_value() == file_id
    form.get_by_role("button", name="Run report").click()
    page.locator("#report h3", has_text="visualize lineage").wait_for()
    assert page.locator("#report dt", has_text="root id").count() == 1
    assert page.locator("#report dd", has_text=file_id).count() >= 1
    loaded = page.evaluate(LOADED_IMAGES)
    assert loaded
    assert all(loaded)
    console.shot("lineage")
