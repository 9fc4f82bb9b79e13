"""Templates and the composition guide against the registry the platform ships."""

from __future__ import annotations

import pytest

from symphainy.capabilities import coexistence, control_tower, security
from symphainy.capabilities.control_tower import _templates as tpl
from symphainy.capabilities.control_tower._composition_models import ManageSolutionParams
from symphainy.runtime import IntentRegistry, register_journey_engine
from tests.integration.gateway.platform import capabilities


def shipped() -> IntentRegistry:
    reg = IntentRegistry()
    register_journey_engine(reg)
    capabilities(reg)
    coexistence.register(reg)
    security.register(reg)
    reg.check()
    return reg


@pytest.mark.parametrize("template", tpl.TEMPLATES, ids=lambda t: t["template_id"])
def test_every_name_a_template_uses_is_registered(template: dict[str, object]) -> None:
    reg = shipped()
    journeys, intents = tpl.references(template)  # type: ignore[arg-type]
    assert journeys <= {j.journey_id for j in reg.journeys()}
    assert {i for i in intents if i not in reg} == set()


def test_options_add_their_names_and_defaults_apply() -> None:
    docs = tpl.BY_ID["document_intelligence"]
    plain = tpl.expand(docs, {})
    assert "search_content" in plain[1]  # on by default
    assert "data_quality_pipeline" not in plain[0]
    chosen = tpl.expand(docs, {"search": False, "data_quality": True})
    assert "search_content" not in chosen[1]
    assert chosen[0] == ["content_ingest_pipeline", "data_quality_pipeline"]


def test_each_manage_action_takes_only_its_fields() -> None:
    ManageSolutionParams.model_validate({"action": "list"})
    for wrong in (
        {"action": "get"},
        {"action": "update", "solution_id": "a", "expected_version": 1},
        {"action": "delete", "solution_id": "a", "expected_version": 1},
        {"action": "list", "name": "x"},
    ):
        with pytest.raises(ValueError, match="action"):
            ManageSolutionParams.model_validate(wrong)


def test_the_control_tower_registers_every_solution_intent() -> None:
    reg = IntentRegistry()
    control_tower.register(reg)
    names = {
        "compose_solution",
        "create_solution_from_template",
        "manage_solution",
        "get_solution_metrics",
        "get_solution_templates",
        "get_composition_guide",
    }
    assert names <= {s.intent_type for s in reg}
    assert all(reg.get(n).spec.role == "admin" for n in names)
