"""The export outline keeps every value; the PDF says when its font could not show a character."""

from __future__ import annotations

import io

import pypdf
import pytest

from symphainy.capabilities.outcomes import _render
from symphainy.capabilities.outcomes._outline import markdown, outline


def test_nested_content_becomes_sections_tables_and_bullets() -> None:
    content = {
        "title": "Plan",
        "tags": ["a", "b"],
        "phases": [{"phase": 1, "name": "Start", "task_ids": ["t1", "t2"]}],
        "items": [{"id": 1, "detail": {"deep": True}}, {"id": 2, "detail": {"deep": False}}],
        "empty": [],
    }
    text = markdown(outline("Plan", content))
    assert text.splitlines()[0] == "# Plan"
    assert "- Title: Plan" in text
    assert "- Tags: a, b" in text
    assert "- Empty: (none)" in text
    assert "| Phase | Name | Task ids |" in text
    assert "| 1 | Start | t1, t2 |" in text
    assert "## Items" in text
    assert "### Items 2" in text
    assert "- Deep: no" in text


def test_without_a_unicode_font_replaced_characters_are_counted(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(_render, "FONT_DIRS", ())
    pdf = _render.pdf_bytes(outline("Caisse → fin", {"note": "reçu ✓"}))
    assert pdf.font == "Helvetica"
    assert pdf.replaced_characters == 2
    text = pypdf.PdfReader(io.BytesIO(pdf.data)).pages[0].extract_text()
    assert "Caisse ? fin" in text
    assert "reçu ?" in text
