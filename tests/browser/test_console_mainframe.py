"""The mainframe parse form (issue #16): the parser's options offered as a form generated from
parse_content's published schema, only changed options sent; the preview's segment tables and
invalid-value counts; and the server's 422 for a value it refuses, shown as a problem."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Console, problem_facts
from tests.unit.parsers.copybook.copybook_encode import packed, text, zoned
from tests.unit.parsers.copybook.test_files_lenient import COPYBOOK as AMOUNTS
from tests.unit.parsers.copybook.test_files_lenient import DATA as DIRTY_AMOUNTS
from tests.unit.parsers.copybook.test_segments_files import COPYBOOK as SEGMENTED

pytestmark = pytest.mark.slow


# SEGMENTED is Cobrix's README example, shortened: company (C) records and their contacts (P).
def _company(ident: int, name: str, employees: int) -> bytes:
    return text("C", 1) + zoned(ident, 3, signed=False) + text(name, 6) + packed(employees, 3)


def _contact(ident: int, phone: int) -> bytes:
    return (
        text("P", 1) + zoned(ident, 3, signed=False) + zoned(phone, 5, signed=False) + text("", 3)
    )


def _upload_pair(console: Console, tmp_path: Path, book: str, data: bytes) -> Any:
    """Upload a data file, an unrelated file and a copybook; save the data and choose
    mainframe records for it, with the copybook."""
    (tmp_path / "layout.cpy").write_text(book)
    (tmp_path / "records.dat").write_bytes(data)
    (tmp_path / "photo.png").write_bytes(b"\x89PNG")
    console.open()
    console.register()
    for name in ("records.dat", "photo.png", "layout.cpy"):
        console.upload(tmp_path / name)
    console.row("records.dat").get_by_role("button", name="Save records.dat").click()
    console.row("records.dat").locator("td.state:text-is('READY')").wait_for()
    row = console.row("records.dat")
    row.get_by_label("Parse records.dat as").select_option("mainframe")
    row.get_by_label("Copybook for records.dat").select_option(label="layout.cpy")
    return row


def _cells(section: Any) -> list[list[str]]:
    return [r.locator("td").all_inner_texts() for r in section.locator(".page-body tbody tr").all()]


def _parse_sending(console: Console, row: Any) -> dict[str, Any]:
    """Click Parse; the parse_content parameters the console submitted."""
    with console.page.expect_request("**/api/intent/submit") as sent:
        row.get_by_role("button", name="Parse records.dat").click()
    body: dict[str, Any] = sent.value.post_data_json
    assert body["intent_type"] == "parse_content"
    return dict(body["parameters"])


def test_segments_from_the_options_form_each_get_their_table(
    console: Console, tmp_path: Path
) -> None:
    page = console.page
    data = (
        _company(1, "ACME", 12)  # record 0
        + _contact(1, 55501)
        + _contact(1, 55502)
        + _company(2, "GLOBEX", 5)  # record 3
        + _contact(2, 55503)
    )
    row = _upload_pair(console, tmp_path, SEGMENTED, data)
    picker = row.get_by_label("Copybook for records.dat")
    assert picker.locator("optgroup").evaluate_all("(gs) => gs.map((g) => g.label)") == [
        "Likely copybooks",
        "Other files",
    ]
    assert picker.locator("option").all_inner_texts() == ["layout.cpy", "photo.png"]
    form = row.locator("fieldset.schema-form")
    # generated from the schema: labelled controls, help text, defaults preselected
    assert form.get_by_label("record_format").input_value() == "F"
    assert form.get_by_label("invalid_values").input_value() == "strict"
    assert form.get_by_label("ebcdic_code_page").input_value() == "cp037"
    help_id = form.get_by_label("record_format").get_attribute("aria-describedby")
    assert "fixed" in page.locator(f"[id='{help_id}']").inner_text()
    unlabelled = form.evaluate(
        """(f) => [...f.querySelectorAll('input, select, textarea')]
        .filter((el) => !el.labels.length || !el.getAttribute('aria-describedby'))
        .map((el) => el.outerHTML.slice(0, 80))"""
    )
    assert unlabelled == []
    assert form.get_by_label("copybook").count() == 0  # the picker gives it
    more = form.locator("summary", has_text="More options")
    more.focus()
    page.keyboard.press("Enter")  # the details open by keyboard
    assert form.get_by_label("segment_field").is_visible()
    assert form.get_by_label("generate_record_id").is_checked() is False
    # older spellings and the one-valued pedantic are no choice for a person
    offered = form.locator("[data-option]").evaluate_all("els => els.map(e => e.dataset.option)")
    assert "segment_field" in offered
    assert not {"pedantic", "is_record_sequence", "is_rdw_part_of_record_length"} & set(offered)
    form.get_by_label("schema_retention_policy").select_option("collapse_root")
    form.get_by_label("segment_field").fill("SEGMENT-ID")
    form.get_by_label("redefine_segment_id_map").fill("STATIC-DETAILS => C\nCONTACTS => P")
    form.get_by_label("generate_record_id").check()
    console.shot("options")

    params = _parse_sending(console, row)
    assert params["parse_options"] == {  # only what was changed from the defaults
        "schema_retention_policy": "collapse_root",
        "generate_record_id": True,
        "segment_field": "SEGMENT-ID",
        "redefine_segment_id_map": ["STATIC-DETAILS => C", "CONTACTS => P"],
    }
    page.wait_for_selector("#segments li")
    assert page.locator("#segments li").all_inner_texts() == [
        "STATIC-DETAILS: 2 records",
        "CONTACTS: 3 records",
    ]
    assert page.locator(".paged h3").all_inner_texts() == [
        "Segment STATIC-DETAILS",
        "Segment CONTACTS",
    ]
    companies = page.locator(".paged[data-table='STATIC-DETAILS']")
    contacts = page.locator(".paged[data-table='CONTACTS']")
    companies.locator(".page-label:text('Rows 1 to 2 of 2')").wait_for()
    contacts.locator(".page-label:text('Rows 1 to 3 of 3')").wait_for()
    ids = ["File_Id", "Record_Id", "Record_Byte_Length", "Record_Byte_Offset"]
    shared = ["SEGMENT-ID", "COMPANY-ID"]  # collapse_root: no COMPANY-DETAILS. in front
    assert companies.locator("thead th").all_inner_texts() == [
        *ids,
        *shared,
        "STATIC-DETAILS.COMPANY-NAME",
        "STATIC-DETAILS.EMPLOYEES",
    ]
    assert _cells(companies) == [
        ["0", "0", "12", "0", "C", "1", "ACME", "12"],
        ["0", "3", "12", "36", "C", "2", "GLOBEX", "5"],
    ]
    assert contacts.locator("thead th").all_inner_texts() == [*ids, *shared, "CONTACTS.PHONE"]
    assert _cells(contacts) == [
        ["0", "1", "12", "12", "P", "1", "55501"],
        ["0", "2", "12", "24", "P", "1", "55502"],
        ["0", "4", "12", "48", "P", "2", "55503"],
    ]
    assert page.inner_text("#invalid-values .invalid-mode") == "strict"
    console.shot("segments")


def test_invalid_values_null_shows_counts_locations_and_null_cells(
    console: Console, tmp_path: Path
) -> None:
    page = console.page
    # 6-byte records: ID blanks in record 2, a letter in record 3; a bad AMT nibble in record 4
    row = _upload_pair(console, tmp_path, AMOUNTS, DIRTY_AMOUNTS)
    row.get_by_label("invalid_values").select_option("null")
    assert _parse_sending(console, row)["parse_options"] == {"invalid_values": "null"}
    page.locator(".page-label:text('Rows 1 to 4 of 4')").wait_for()
    assert page.inner_text("#invalid-values .invalid-mode") == "null"
    counts = page.locator("#invalid-values tbody tr")
    assert [r.locator("td").all_inner_texts() for r in counts.all()] == [
        ["REC.AMT", "1", "record 4, offset 21"],
        ["REC.ID", "2", "record 2, offset 6; record 3, offset 12"],
    ]
    assert _cells(page.locator(".paged")) == [
        ["1", "12.34"],
        ["", "-0.05"],
        ["", "12.34"],
        ["4", ""],
    ]
    nulls = page.locator(".page-body td.null")  # marked, not just empty
    assert [(c.get_attribute("title"), c.inner_text()) for c in nulls.all()] == [("null", "")] * 3
    assert page.locator(".paged h3").inner_text() == "Table REC"
    console.shot("invalid-values")


def test_a_value_the_server_refuses_shows_its_problem(console: Console, tmp_path: Path) -> None:
    page = console.page
    row = _upload_pair(console, tmp_path, SEGMENTED, _company(1, "ACME", 12))
    form = row.locator("fieldset.schema-form")
    form.locator("summary", has_text="More options").click()
    form.get_by_label("segment_field").fill("SEGMENT-ID")
    form.get_by_label("redefine_segment_id_map").fill("STATIC-DETAILS C")  # no "=>"
    row.get_by_role("button", name="Parse records.dat").click()
    beside = row.locator(".parse-problem")  # under the button pressed, naming the file
    expect(beside.locator(".inline-problem-text")).to_contain_text("Parsing records.dat failed: ")
    beside.get_by_text("Details").click()
    problem = beside.locator(".problem")
    facts = problem_facts(problem)
    assert facts["Status"] == "422"
    assert facts["Type"].endswith("/invalid-parameters")
    # the problem names the option and what the server expected of it, one line a field
    lines = problem.locator(".problem-errors li").all_inner_texts()
    assert any(
        "redefine_segment_id_map" in line
        and "Value error, expected 'NAME => VALUE1,VALUE2'" in line
        for line in lines
    ), lines
    assert "errors" not in facts, "field errors are lines, not raw JSON"
    # the form keeps what was typed, to be corrected
    assert form.get_by_label("redefine_segment_id_map").input_value() == "STATIC-DETAILS C"
    assert page.locator("h2:text-is('Preview')").count() == 0
    console.shot("refused")
    # the browser logs the refused request itself; nothing else was logged
    assert [e for e in console.errors if "422" not in e] == []
    assert len(console.errors) == 1
    console.errors.clear()
