"""Parameter and result models of the coexistence intents (the contract, as code)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

NarrativeStatus = Literal["generated", "absent"]


class Params(BaseModel):
    """Intent parameters refuse unknown fields."""

    model_config = ConfigDict(extra="forbid")


class IntroducePlatformParams(Params):
    """What the caller says about themselves; identity comes from the credential, not from here."""

    user_context: dict[str, Any] = Field(
        default_factory=dict,
        description="Free-form hints such as goals (a list of words or sentences) or a role "
        "title; tenant and user ids here are ignored.",
    )


class RealmSummary(BaseModel):
    """One capability group and the intents the caller may run in it."""

    realm: str
    intents: list[str]


class Suggestion(BaseModel):
    """An intent to start with, and why."""

    intent_type: str
    description: str
    reason: str


class IntroducePlatformResult(BaseModel):
    """A welcome built from the caller's identity and the live catalogue."""

    greeting: str
    anonymous: bool
    user_name: str | None
    role: str | None
    realms: list[RealmSummary]
    suggested_intents: list[Suggestion]
    narrative: str | None
    narrative_status: NarrativeStatus


class ListToolsParams(Params):
    """Optionally only one realm's tools."""

    realm: str | None = Field(default=None, max_length=64)


class ToolDescriptor(BaseModel):
    """An intent as an agent tool: MCP's name, description and input schema."""

    name: str
    description: str
    realm: str
    anonymous_ok: bool
    input_schema: dict[str, Any]


class ListToolsResult(BaseModel):
    """Every tool the caller may call."""

    tools: list[ToolDescriptor]
    count: int


class InitiateGuideParams(Params):
    """Start a guide conversation, or resume one of this session by its id."""

    chat_session_id: str | None = Field(default=None, pattern=r"^[a-f0-9]{32}$")


class InitiateGuideResult(BaseModel):
    """The conversation's id and what the guide can do."""

    guide_session_id: str
    resumed: bool
    turns: int
    greeting: str
    tools: list[str]


class SubmitOnBehalf(BaseModel):
    """An intent the user asks the guide to run for them."""

    model_config = ConfigDict(extra="forbid")

    intent_type: str = Field(min_length=1, max_length=128)
    parameters: dict[str, Any] = Field(default_factory=dict)


class GuideMessageParams(Params):
    """One user turn."""

    guide_session_id: str = Field(pattern=r"^[a-f0-9]{32}$")
    message: str = Field(min_length=1, max_length=4000)
    submit_intent: SubmitOnBehalf | None = None


class GuideMatch(BaseModel):
    """A catalogue entry that answers the message."""

    intent_type: str
    realm: str
    description: str
    score: float
    required_parameters: list[str]
    optional_parameters: list[str]


class Submitted(BaseModel):
    """The execution the guide started for the user."""

    execution_id: str
    intent_type: str
    status: str


class GuideMessageResult(BaseModel):
    """The guide's answer: the matching intents, prose when a model is configured."""

    guide_session_id: str
    turn: int
    answer: str
    matches: list[GuideMatch]
    narrative: str | None
    narrative_status: NarrativeStatus
    submitted: Submitted | None
