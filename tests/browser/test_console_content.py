"""Upload (drop and picker, progress, the server's limit), save, parse and preview: a paged
table of thousands of rows, a document's sections, and mainframe records with their fields."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import UPLOAD_LIMIT, Console
from tests.unit.parsers.copybook.copybook_encode import packed, text, zoned

pytestmark = pytest.mark.slow

DROP = """async ([name, content, size]) => {
  const data = new DataTransfer();
  const body = content === null ? new Uint8Array(size) : content;
  data.items.add(new File([body], name, {type: 'text/csv'}));
  const zone = document.querySelector('#dropzone');
  const init = {dataTransfer: data, bubbles: true, cancelable: true};
  zone.dispatchEvent(new DragEvent('dragover', init));
  zone.dispatchEvent(new DragEvent('drop', init));
}"""
WATCH_PROGRESS = """() => {
  window.progressValues = [];
  new MutationObserver(() => {
    const bar = document.querySelector('#upload-progress');
    window.progressValues.push([bar.value, bar.max]);
  }).observe(document.querySelector('#upload-progress'), {attributes: true});
}"""


def _save_and_parse(console: Console, filename: str) -> None:
    row = console.row(filename)
    row.get_by_role("button", name=f"Save {filename}").click()
    console.row(filename).locator("td.state:text-is('READY')").wait_for()
    console.row(filename).get_by_role("button", name=f"Parse {filename}").click()
    console.page.wait_for_selector("h2:text('Preview')")


_UNTHROTTLED = {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}


def test_upload_by_drop_and_picker_with_progress_and_limit(
    console: Console, tmp_path: Path
) -> None:
    page = console.page
    console.open()
    console.register()
    assert page.inner_text("#upload-limit") == "Largest upload: 40 MiB"
    assert UPLOAD_LIMIT == 40 * 1_048_576

    page.evaluate(DROP, ["dropped.csv", "a,b\n1,2\n", 0])
    page.wait_for_selector("#files td:text-is('dropped.csv')")

    big = tmp_path / "picked.csv"
    big.write_text("n,square\n" + "".join(f"{i},{i * i}\n" for i in range(100_000)))
    page.evaluate(WATCH_PROGRESS)
    # Localhost is too fast to see progress: throttle uploads to 512 KiB/s (about 3 s).
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": 512 * 1024},
    )
    console.upload(big)
    cdp.send("Network.emulateNetworkConditions", _UNTHROTTLED)
    values = page.evaluate("window.progressValues")
    size = big.stat().st_size
    assert values[-1] == [size, size]
    assert any(0 < v < size for v, _ in values), "progress was reported before the end"
    assert (
        f"picked.csv: uploaded ({page.inner_text('#upload-status').split('(')[1]}"
        in page.inner_text("#upload-status")
    )
    console.shot("uploaded")

    page.evaluate(DROP, ["too-big.bin", None, UPLOAD_LIMIT + 1])
    error = page.locator("#upload-results li[data-upload='too-big.bin'] .inline-problem-text")
    expect(error).to_have_text(
        "too-big.bin was not uploaded: it is 41943041 bytes; "
        "the largest upload accepted is 41943040 bytes (40 MiB)"
    )
    assert page.locator("#files td:text-is('too-big.bin')").count() == 0
    console.shot("too-big")


def test_save_parse_and_page_through_thousands_of_rows(console: Console, tmp_path: Path) -> None:
    page = console.page
    csv = tmp_path / "orders.csv"
    csv.write_text(
        "order,customer,amount\n" + "".join(f"{i},c{i % 97},{i * 3}\n" for i in range(1, 5001))
    )
    console.open()
    console.register()
    console.upload(csv)
    assert console.row("orders.csv").locator("td.state").inner_text() == "PENDING"
    _save_and_parse(console, "orders.csv")
    label = page.locator(".page-label")
    page.wait_for_selector(".page-label:text('Rows 1 to 100 of 5000')")
    assert page.locator(".page-body tbody tr").count() == 100
    started = time.perf_counter()
    top = page.locator(".pager").first  # a long page has a second pager below the table
    top.get_by_role("button", name="Last").click()
    page.wait_for_selector(".page-label:text('Rows 4901 to 5000 of 5000')")
    print(f"last page shown in {time.perf_counter() - started:.3f}s")
    assert page.locator(".page-body tbody tr").last.locator("td").all_inner_texts() == [
        "5000",
        "c53",
        "15000",
    ]
    assert top.get_by_role("button", name="Next").is_disabled()
    page.get_by_label("Page number").fill("25")
    page.get_by_role("button", name="Go").click()
    page.wait_for_selector(".page-label:text('Rows 2401 to 2500 of 5000')")
    page.get_by_label("Rows per page").select_option("500")
    page.wait_for_selector(".page-label:text('Rows 1 to 500 of 5000')")
    page.locator(".pager-end").get_by_role("button", name="Next").click()
    page.wait_for_selector(".page-label:text('Rows 501 to 1000 of 5000')")
    assert page.locator(".page-body tbody tr").first.locator("td").first.inner_text() == "501"
    assert label.is_visible()
    console.shot("table")


def test_document_preview_shows_text_and_sections(console: Console, tmp_path: Path) -> None:
    page = console.page
    doc = tmp_path / "handbook.md"
    doc.write_text(
        "# Handbook\n\nWelcome to the team.\n\n## Leave\n\nAsk two weeks ahead.\n\n"
        "Sick days need no notice.\n\n## Expenses\n\nKeep receipts.\n"
    )
    console.open()
    console.register()
    console.upload(doc)
    _save_and_parse(console, "handbook.md")
    page.wait_for_selector("#sections")
    assert page.inner_text(".doc-title") == "Handbook"
    headings = page.locator("#sections h4, #sections h5").all_inner_texts()
    assert headings == ["Handbook", "Leave", "Expenses"]
    leave = page.locator(".doc-section", has=page.locator("h5:text-is('Leave')"))
    assert leave.locator("p").all_inner_texts() == [
        "Ask two weeks ahead.",
        "Sick days need no notice.",
    ]
    console.shot("document")
    console.nav("Content")
    console.row("handbook.md").get_by_role("link", name="Preview handbook.md").click()
    page.wait_for_selector(".doc-title:text-is('Handbook')")


COPYBOOK = """       01 CUSTOMER.
          05 CUST-ID      PIC 9(5).
          05 CUST-NAME    PIC X(10).
          05 BALANCE      PIC S9(5)V99 COMP-3.
"""


def test_mainframe_records_and_fields(console: Console, tmp_path: Path) -> None:
    page = console.page
    book = tmp_path / "customer.cpy"
    book.write_text(COPYBOOK)
    data = tmp_path / "customers.dat"
    people = [(1, "ADA", 12345), (2, "GRACE", -50), (3, "LINUS", 9999999)]
    data.write_bytes(
        b"".join(zoned(i, 5, signed=False) + text(n, 10) + packed(b, 7) for i, n, b in people)
    )
    console.open()
    console.register()
    console.upload(book)
    console.upload(data)
    console.row("customers.dat").get_by_role("button", name="Save customers.dat").click()
    row = console.row("customers.dat")
    row.get_by_label("Parse customers.dat as").select_option("mainframe")
    row.get_by_label("Copybook for customers.dat").select_option(label="customer.cpy")
    row.get_by_role("button", name="Parse customers.dat").click()
    page.wait_for_selector("#fields table")
    fields = page.locator("#fields tbody tr")
    assert fields.count() == 3
    assert [fields.nth(i).locator("td").all_inner_texts() for i in range(3)] == [
        ["CUSTOMER.CUST-ID", "CUST-ID", "0", "5", "zoned", "DISPLAY", "9(5)"],
        ["CUSTOMER.CUST-NAME", "CUST-NAME", "5", "10", "text", "DISPLAY", "X(10)"],
        ["CUSTOMER.BALANCE", "BALANCE", "15", "4", "packed", "COMP-3", "S9(5)V99"],
    ]
    page.wait_for_selector(".page-label:text('Rows 1 to 3 of 3')")
    records = [r.locator("td").all_inner_texts() for r in page.locator(".page-body tbody tr").all()]
    assert records == [["1", "ADA", "123.45"], ["2", "GRACE", "-0.50"], ["3", "LINUS", "99999.99"]]
    console.shot("mainframe")
