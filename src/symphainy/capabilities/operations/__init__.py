"""Operations capability: SOPs and BPMN workflows, coexistence analysis, process optimisation.

Besides `register`, it exports what other capabilities build on (outcomes reads workflows,
classifies tasks and narrates with these); everything else here is private.
"""

from __future__ import annotations

from symphainy.capabilities.operations import _analysis_models as a
from symphainy.capabilities.operations import _models as m
from symphainy.capabilities.operations._analysis_models import AnalysisOptions
from symphainy.capabilities.operations._chat import generate_sop_from_chat, sop_chat_message
from symphainy.capabilities.operations._coexistence import analyze_coexistence, classify_graph
from symphainy.capabilities.operations._dependencies import DependencyGraph, dependency_graph
from symphainy.capabilities.operations._graph import WorkflowGraph
from symphainy.capabilities.operations._io import LoadedWorkflow, load_workflow
from symphainy.capabilities.operations._models import NarrativeStatus, Params
from symphainy.capabilities.operations._narrative import narrate
from symphainy.capabilities.operations._optimize import handoffs, optimize_process
from symphainy.capabilities.operations._optimize_words import GOALS as BENEFITS
from symphainy.capabilities.operations._similarity import Scores, similarity
from symphainy.capabilities.operations._sop import generate_sop
from symphainy.capabilities.operations._sop_text import description_lines
from symphainy.capabilities.operations._specs import READ_WRITE, register_all, spec
from symphainy.capabilities.operations._workflow import create_workflow
from symphainy.runtime import Handler, IntentRegistry, IntentSpec

REALM = "operations"

__all__ = [
    "BENEFITS",
    "REALM",
    "AnalysisOptions",
    "DependencyGraph",
    "LoadedWorkflow",
    "NarrativeStatus",
    "Params",
    "Scores",
    "WorkflowGraph",
    "classify_graph",
    "dependency_graph",
    "description_lines",
    "handoffs",
    "load_workflow",
    "narrate",
    "register",
    "register_all",
    "similarity",
    "spec",
]


def register(registry: IntentRegistry) -> None:
    """Register the operations intents."""
    register_all(registry, _specs())


def _specs() -> list[tuple[IntentSpec, Handler]]:
    session = ("state.session",)
    return [
        (
            spec(
                REALM,
                (
                    "create_workflow",
                    m.CreateWorkflowParams,
                    m.CreateWorkflowResult,
                    "BPMN 2.0 workflow from an SOP, a parsed BPMN file, or a described process.",
                ),
                ("workflow",),
            ),
            create_workflow,
        ),
        (
            spec(
                REALM,
                (
                    "generate_sop",
                    m.GenerateSopParams,
                    m.SopResult,
                    "SOP document (JSON, Markdown, DOCX) derived from a workflow.",
                ),
                ("sop",),
            ),
            generate_sop,
        ),
        (
            spec(
                REALM,
                (
                    "sop_chat_message",
                    m.SopChatMessageParams,
                    m.SopChatState,
                    "One turn of interactive SOP authoring; the draft lives in the session.",
                ),
                obligations=session,
            ),
            sop_chat_message,
        ),
        (
            spec(
                REALM,
                (
                    "generate_sop_from_chat",
                    m.GenerateSopFromChatParams,
                    m.GenerateSopFromChatResult,
                    "Start an SOP draft from requirements, or turn a complete draft into an SOP.",
                ),
                ("sop",),
                (*session, *READ_WRITE),
            ),
            generate_sop_from_chat,
        ),
        (
            spec(
                REALM,
                (
                    "analyze_coexistence",
                    a.AnalyzeCoexistenceParams,
                    a.AnalyzeCoexistenceResult,
                    "Class each workflow task as automate / assist / keep-human by declared rules.",
                ),
                ("coexistence_analysis",),
            ),
            analyze_coexistence,
        ),
        (
            spec(
                REALM,
                (
                    "optimize_process",
                    a.OptimizeProcessParams,
                    a.OptimizeProcessResult,
                    "Parallelisable tasks, redundant approvals, handoffs and rework in a workflow.",
                ),
                ("optimization",),
            ),
            optimize_process,
        ),
    ]
