"""Operations capability: SOPs and BPMN workflows, coexistence analysis, process optimisation."""

from __future__ import annotations

from pydantic import BaseModel

from symphainy.capabilities.operations import _analysis_models as a
from symphainy.capabilities.operations import _models as m
from symphainy.capabilities.operations._chat import generate_sop_from_chat, sop_chat_message
from symphainy.capabilities.operations._coexistence import analyze_coexistence
from symphainy.capabilities.operations._optimize import optimize_process
from symphainy.capabilities.operations._sop import generate_sop
from symphainy.capabilities.operations._workflow import create_workflow
from symphainy.runtime import Handler, IntentRegistry, IntentSpec, RetryPolicy

REALM = "operations"
EXPERIENCE = "operations_pillar"
_READ_WRITE = ("artifacts.read", "blobs.read", "artifacts.register", "blobs.write")


def register(registry: IntentRegistry) -> None:
    """Register the operations intents."""
    for spec, handler in _specs():
        registry.register(spec, handler)


def _spec(
    intent_type: str,
    params: type[m.Params],
    result: type[BaseModel],
    description: str,
    produces: tuple[str, ...] = (),
    obligations: tuple[str, ...] = _READ_WRITE,
) -> IntentSpec:
    return IntentSpec(
        intent_type,
        params,
        result,
        REALM,
        description,
        retry=RetryPolicy(max_attempts=2, backoff_seconds=0.5),
        timeout_seconds=300,
        produces=produces,
        experience=EXPERIENCE,
        obligations=obligations,
    )


def _specs() -> list[tuple[IntentSpec, Handler]]:
    chat = ("state.session", *_READ_WRITE)
    return [
        (
            _spec(
                "create_workflow",
                m.CreateWorkflowParams,
                m.CreateWorkflowResult,
                "BPMN 2.0 workflow from an SOP, a parsed BPMN file, or a described process.",
                ("workflow",),
            ),
            create_workflow,
        ),
        (
            _spec(
                "generate_sop",
                m.GenerateSopParams,
                m.SopResult,
                "SOP document (JSON, Markdown, DOCX) derived from a workflow.",
                ("sop",),
            ),
            generate_sop,
        ),
        (
            _spec(
                "sop_chat_message",
                m.SopChatMessageParams,
                m.SopChatState,
                "One turn of interactive SOP authoring; the draft lives in the session.",
                obligations=("state.session",),
            ),
            sop_chat_message,
        ),
        (
            _spec(
                "generate_sop_from_chat",
                m.GenerateSopFromChatParams,
                m.GenerateSopFromChatResult,
                "Start an SOP draft from requirements, or turn a complete draft into an SOP.",
                ("sop",),
                chat,
            ),
            generate_sop_from_chat,
        ),
        (
            _spec(
                "analyze_coexistence",
                a.AnalyzeCoexistenceParams,
                a.AnalyzeCoexistenceResult,
                "Class each workflow task as automate / assist / keep-human by declared rules.",
                ("coexistence_analysis",),
            ),
            analyze_coexistence,
        ),
        (
            _spec(
                "optimize_process",
                a.OptimizeProcessParams,
                a.OptimizeProcessResult,
                "Parallelisable tasks, redundant approvals, handoffs and rework in a workflow.",
                ("optimization",),
            ),
            optimize_process,
        ),
    ]
