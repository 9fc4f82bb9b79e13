"""Artifacts: filter by type and lifecycle state, lineage as an SVG graph, download content."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.conftest import Console

pytestmark = pytest.mark.slow


def _filter(console: Console, artifact_type: str, state: str) -> list[list[str]]:
    page = console.page
    form = page.locator("#artifact-filters")
    form.get_by_label("Type").select_option(artifact_type)
    form.get_by_label("Lifecycle state").select_option(state)
    form.get_by_role("button", name="Filter").click()
    page.wait_for_function(
        "([t, s]) => [...document.querySelectorAll('#artifacts tbody tr')].every((r) =>"
        " (!t || r.cells[0].innerText === t) && (!s || r.cells[2].innerText === s))",
        arg=[artifact_type, state],
    )
    rows = page.locator("#artifacts tbody tr").all()
    return [r.locator("td").all_inner_texts()[:3] for r in rows]


def test_filters_lineage_graph_and_download(console: Console, tmp_path: Path) -> None:
    page = console.page
    kept = tmp_path / "kept.csv"
    kept.write_bytes(b"sku,qty\nA-1,4\nB-2,7\n")
    waiting = tmp_path / "waiting.csv"
    waiting.write_text("x\n1\n")
    console.open()
    console.register()
    console.upload(kept)
    console.row("kept.csv").get_by_role("button", name="Save kept.csv").click()
    console.row("kept.csv").get_by_role("button", name="Parse kept.csv").click()
    page.wait_for_selector(".page-label:text('Rows 1 to 2 of 2')")
    parsed_id = page.url.rsplit("/", 1)[1]
    console.nav("Intents")
    page.click("#intent-create_deterministic_embeddings > summary")
    console.intent_json("create_deterministic_embeddings", {"parsed_file_id": parsed_id})
    page.click("#intent-create_deterministic_embeddings .run-form button[type=submit]")
    page.wait_for_selector("#runs li[data-status=completed]")
    console.nav("Content")
    console.upload(waiting)

    console.nav("Artifacts")
    assert _filter(console, "file", "") == [
        ["file", "waiting.csv", "PENDING"],
        ["file", "kept.csv", "READY"],
    ]
    assert _filter(console, "file", "PENDING") == [["file", "waiting.csv", "PENDING"]]
    assert _filter(console, "", "READY") == [
        ["deterministic_embeddings", "", "READY"],
        ["parsed_content", "", "READY"],
        ["file", "kept.csv", "READY"],
    ]
    console.shot("filtered")

    page.locator("#artifacts").get_by_role("link", name="parsed_content").click()
    graph = page.locator("svg#lineage-graph")
    graph.wait_for()
    nodes = graph.locator("a.node")
    assert nodes.count() == 3
    assert graph.locator("a.node.focus").get_attribute("data-node") == parsed_id
    edges = [
        (e.get_attribute("data-from"), e.get_attribute("data-to"))
        for e in graph.locator("path.edge").all()
    ]
    file_id = graph.locator("a.node[aria-label^='file kept.csv']").get_attribute("data-node")
    embeddings = graph.locator("a.node[aria-label^='deterministic_embeddings']").get_attribute(
        "data-node"
    )
    assert sorted(edges) == sorted([(file_id, parsed_id), (parsed_id, embeddings)])
    console.shot("lineage")

    graph.locator("a.node[aria-label^='file kept.csv']").click()
    page.wait_for_selector("h2:text('file kept.csv')")
    with page.expect_download() as info:
        page.click("#download")
    download = info.value
    assert download.suggested_filename == "kept.csv"
    assert Path(download.path()).read_bytes() == kept.read_bytes()
    console.shot("file")


def test_type_filter_offers_every_produced_type(console: Console) -> None:
    """The Type filter lists every artifact type an intent declares it produces, not 4."""
    page = console.page
    console.open()
    console.register()
    produced = page.evaluate(
        """async () => (await (await fetch('/api/intents', {headers: {Authorization:
        `Bearer ${JSON.parse(localStorage.getItem('symphainy.auth')).token}`}})).json())
        .flatMap((c) => c.produces)"""
    )
    console.nav("Artifacts")
    options = page.locator("#artifact-filters select[name=artifact_type] option")
    options.nth(1).wait_for(state="attached")
    listed = options.all_inner_texts()
    assert listed[0] == "any"
    assert listed[1:] == sorted(set(produced))
    assert len(listed) > 5
    assert {"file", "parsed_content", "embeddings", "solution"} <= set(listed)
