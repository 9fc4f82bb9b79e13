"""Developer View intents serve the generated contracts; examples pass their own contracts."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import BaseModel, Field

from symphainy.boot import discover
from symphainy.capabilities.control_tower._developer import example
from symphainy.errors import ConfigurationError
from symphainy.runtime import Catalogue, IntentRegistry, IntentSpec, Runtime
from tests.unit.capabilities.control_tower.conftest import registry, result, run
from tests.unit.runtime.intents import register_test_intents

DOCS = Path(__file__).parents[4] / "docs" / "intent_contracts"


async def test_documentation_is_the_generated_contracts(runtime: Runtime) -> None:
    docs = Catalogue(runtime.registry).documents()
    index = await result(runtime, "get_documentation")
    assert {d["path"] for d in index["documents"]} == {
        "INTENT_CAPABILITY_EXPERIENCE_MAP.md",
        "RUNTIME_OBLIGATIONS_INDEX.md",
    }
    assert {"content", "control_tower", "get_patterns"} <= set(index["sections"])
    one = await result(runtime, "get_documentation", {"section": "get_execution_metrics"})
    [doc] = one["documents"]
    assert doc["path"] == "control_tower/get_execution_metrics.md"
    assert doc["markdown"] == docs[doc["path"]]
    assert doc["markdown"] == (DOCS / doc["path"]).read_text()  # the committed file, too
    assert "| Required role | admin |" in doc["markdown"]
    assert "`time_range`" in doc["markdown"]
    realm = await result(runtime, "get_documentation", {"section": "content"})
    assert {d["path"] for d in realm["documents"]} == {p for p in docs if p.startswith("content/")}


async def test_documentation_comes_from_the_runtime_catalogue(runtime: Runtime) -> None:
    # `add_one` is registered only by the test registry: no committed document has it.
    got = await result(runtime, "get_documentation", {"section": "add_one"})
    [doc] = got["documents"]
    assert doc["path"] == "test/add_one.md"
    assert not (DOCS / doc["path"]).exists()
    assert doc["title"] == "add_one"
    assert "| `x` | integer | yes |" in doc["markdown"]
    index = await result(runtime, "get_documentation", {"section": "RUNTIME_OBLIGATIONS_INDEX"})
    assert "[`add_one`](test/add_one.md)" in index["documents"][0]["markdown"]


def test_the_control_tower_imports_neither_the_services_nor_the_docs_tool() -> None:
    # The capability sees the runtime contract only: importing it must not load the gateway
    # (which docs_gen's SDK document needs) or anything else a capability may not reach.
    code = (
        "import sys, symphainy.capabilities.control_tower\n"
        "bad = ('symphainy.gateway', 'symphainy.sdk', 'symphainy.web', 'symphainy.docs_gen')\n"
        "print(sorted(m for m in sys.modules if m.startswith(bad)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True, timeout=120
    )
    assert out.stdout.strip() == "[]"


async def test_unknown_documentation_section_is_not_found(runtime: Runtime) -> None:
    view = await run(runtime, "get_documentation", {"section": "nope"})
    assert view.status == "failed"
    assert view.error is not None
    assert view.error.status == 404
    assert "get_patterns" in view.error.model_dump()["sections"]


def test_every_code_example_passes_its_intent_contract() -> None:
    reg = IntentRegistry()  # every installed capability, plus the runtime test intents
    for register in [*discover(), register_test_intents]:
        register(reg)
    assert len(reg) > len(registry())
    for spec in reg:
        ex = example(spec)
        spec.validate(ex.parameters)  # raises InvalidParameters when an example is wrong
        assert f'"intent_type": "{spec.intent_type}"' in ex.http
        assert f"sdk.invoke_intent({spec.intent_type!r}" in ex.python_sdk


async def test_code_examples_filter_by_category(runtime: Runtime) -> None:
    got = await result(runtime, "get_code_examples", {"category": "test"})
    assert {e["intent_type"] for e in got["examples"]} == {
        s.intent_type for s in runtime.registry if s.realm == "test"
    }
    one = await result(runtime, "get_code_examples", {"category": "add_one"})
    assert [(e["intent_type"], e["parameters"]) for e in one["examples"]] == [("add_one", {"x": 1})]
    missing = await run(runtime, "get_code_examples", {"category": "nope"})
    assert missing.error is not None
    assert missing.error.status == 404


@pytest.mark.parametrize(
    ("pattern", "member", "outsider"),
    [
        ("admin_only", "get_patterns", "add_one"),
        ("artifact_producer", "make_lineage", "add_one"),
        ("anonymous_first", "add_one", "get_patterns"),
        ("retry_with_backoff", "flaky", "add_one"),
        ("deferred_by_pending_intent", "save_materialization", "add_one"),
    ],
)
async def test_patterns_list_the_intents_that_follow_them(
    runtime: Runtime, pattern: str, member: str, outsider: str
) -> None:
    got = await result(runtime, "get_patterns")
    patterns = {p["name"]: p["intents"] for p in got["patterns"]}
    assert member in patterns[pattern]
    assert outsider not in patterns[pattern]


class _Patterned(BaseModel):
    code: str = Field(pattern=r"^[a-z]{3}$")


class _Shown(BaseModel):
    code: str = Field(pattern=r"^[a-z]{3}$", examples=["abc"])


def test_a_pattern_field_needs_an_example_a_placeholder_cannot_match() -> None:
    def spec(params: type[BaseModel]) -> IntentSpec:
        return IntentSpec("x", params, _Shown, "test")

    assert example(spec(_Shown)).parameters == {"code": "abc"}
    with pytest.raises(ConfigurationError, match="'code' has a pattern and no `examples`"):
        example(spec(_Patterned))
