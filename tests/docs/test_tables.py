"""Generated field tables show nested models' fields, not only their names."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from symphainy.contracts import fields_table


class Check(BaseModel):
    """One check of a status."""

    name: str
    state: Literal["ok", "failed"]


class StatusSummary(BaseModel):
    """A component's status."""

    component: str
    checks: list[Check]


class Dashboard(BaseModel):
    summaries: list[StatusSummary]
    headline: StatusSummary | None = None


def test_nested_models_are_shown_with_their_fields() -> None:
    text = fields_table(Dashboard.model_json_schema())
    assert "| `summaries` | array of `StatusSummary` | yes |" in text
    assert "`StatusSummary`: A component's status.\n\n| Field |" in text
    assert "| `component` | string | yes |" in text
    assert "`Check`: One check of a status." in text
    assert '| `state` | one of "ok", "failed" | yes |' in text
    # Each nested model once, in the order the fields name them.
    assert text.count("`StatusSummary`:") == 1
    assert text.index("`StatusSummary`:") < text.index("`Check`:")


def test_a_flat_model_is_one_table() -> None:
    assert fields_table(Check.model_json_schema()).count("| Field |") == 1
