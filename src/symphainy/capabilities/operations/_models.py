"""The SOP document and the workflow intents' parameters and results (the contract, as code)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from symphainy.contracts import ParsedFileId

StepTaskType = Literal[
    "task",
    "userTask",
    "manualTask",
    "serviceTask",
    "scriptTask",
    "businessRuleTask",
    "sendTask",
    "receiveTask",
]
NarrativeStatus = Literal["generated", "absent"]


class Params(BaseModel):
    """Intent parameters refuse unknown fields."""

    model_config = ConfigDict(extra="forbid")


class SopStep(Params):
    """One procedure step: what is done, by whom, after which steps, and under what condition."""

    number: int = Field(ge=1)
    action: str = Field(min_length=1, max_length=2000)
    role: str | None = Field(default=None, max_length=200)
    after: list[int] | None = Field(
        default=None,
        description="Step numbers this step follows; null = the previous step, [] = the start.",
    )
    condition: str | None = Field(default=None, max_length=1000)
    task_type: StepTaskType = "task"


class SopException(Params):
    """What to do when something goes wrong at a step."""

    step: int | None = Field(default=None, ge=1)
    condition: str = Field(min_length=1, max_length=1000)
    handling: str = Field(min_length=1, max_length=2000)
    role: str | None = Field(default=None, max_length=200)


class SopDocument(Params):
    """A standard operating procedure: title, purpose, roles, steps, exceptions and notes."""

    title: str = Field(min_length=1, max_length=500)
    purpose: str | None = Field(default=None, max_length=5000)
    roles: list[str] = Field(default_factory=list)
    steps: list[SopStep] = Field(min_length=1, max_length=500)
    exceptions: list[SopException] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)


class TaskRef(BaseModel):
    """A workflow task as results list it."""

    task_id: str
    name: str | None
    role: str | None
    task_type: str


class CreateWorkflowParams(Params):
    """Exactly one source: an SOP (artifact or parsed document), a parsed BPMN file, or a process.

    Changed from upstream: `workflow_description` (free text, a step per line or numbered item)
    and `steps` (structured) replace the code's required prose description; `sop_id` and
    `parsed_file_id` come from the upstream contract.
    """

    sop_id: str | None = None
    parsed_file_id: ParsedFileId | None = None
    workflow_description: str | None = Field(default=None, max_length=100_000)
    steps: list[SopStep] | None = Field(default=None, min_length=1, max_length=500)
    workflow_name: str | None = Field(default=None, max_length=500)


class CreateWorkflowResult(BaseModel):
    """The workflow artifact: BPMN 2.0 XML plus its parsed process document."""

    workflow_artifact_id: str
    workflow_name: str
    source: Literal["sop", "parsed_sop", "parsed_bpmn", "description", "steps"]
    source_artifact_id: str | None
    process_id: str
    task_count: int
    tasks: list[TaskRef]
    roles: list[str]
    unattached_exceptions: list[SopException]
    bpmn_xml: str


class GenerateSopParams(Params):
    """The workflow to describe: a workflow artifact or a parsed BPMN file.

    Changed from upstream: the code's required `process_description` is gone (an SOP is derived
    from a workflow; prose-only SOPs are authored with `sop_chat_message`). `chat_mode` is
    served by `generate_sop_from_chat`.
    """

    workflow_id: str
    title: str | None = Field(default=None, max_length=500)
    purpose: str | None = Field(default=None, max_length=5000)


class SopResult(BaseModel):
    """The sop artifact (JSON, Markdown and DOCX) and its content."""

    sop_id: str
    sop: SopDocument
    markdown: str
    source_artifact_id: str | None
    narrative: str | None
    narrative_status: NarrativeStatus


class SopChatMessageParams(Params):
    """One authoring turn.

    Changed from upstream: `sop_session_id` (the code's name) is gone: the draft lives in the
    caller's session, keyed by `draft_id`.
    """

    message: str = Field(min_length=1, max_length=10_000)
    draft_id: str = Field(default="default", pattern=r"^[A-Za-z0-9_\-]{1,64}$")


class SopChatState(BaseModel):
    """The draft so far and what it still needs."""

    draft_id: str
    draft: dict[str, object]
    missing: list[str]
    complete: bool
    reply: str
    narrative: str | None
    narrative_status: NarrativeStatus


class GenerateSopFromChatParams(Params):
    """Start a draft (with `initial_requirements`) or finish it (`finalize`)."""

    draft_id: str = Field(default="default", pattern=r"^[A-Za-z0-9_\-]{1,64}$")
    initial_requirements: str | None = Field(default=None, max_length=10_000)
    finalize: bool = True


class GenerateSopFromChatResult(BaseModel):
    """The finished SOP (when the draft is complete and `finalize`) or the draft's state."""

    chat: SopChatState
    sop_id: str | None
    sop: SopDocument | None
    markdown: str | None
