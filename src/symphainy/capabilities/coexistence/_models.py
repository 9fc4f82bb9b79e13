"""Parameter and result models of the coexistence intents (the contract, as code)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

NarrativeStatus = Literal["generated", "absent"]
IGNORED_CONTEXT = frozenset({"tenant_id", "user_id", "session_id", "roles", "role"})


class Params(BaseModel):
    """Intent parameters refuse unknown fields."""

    model_config = ConfigDict(extra="forbid")


class UserContext(BaseModel):
    """What the caller says about themselves: `goals`, and any other hints (a role title, a team).

    Identity keys (tenant, user, session, roles) are ignored: identity comes from the credential.
    """

    # Hints other than goals are the caller's own words, shown to the reasoning provider and
    # kept in the session as given: there is no fixed set of them to declare.
    model_config = ConfigDict(extra="allow")

    goals: str | list[str] | None = Field(
        default=None,
        description="What the caller wants to do: a sentence, or a list of words or sentences.",
    )

    def hints(self) -> dict[str, Any]:
        """Every key given (goals included), without the identity keys."""
        given = self.model_dump(exclude_unset=True)
        return {k: v for k, v in given.items() if k not in IGNORED_CONTEXT}


CONTEXT_DOC = (
    "goals: a string or a list of strings; any other key is a free-form hint. Identity keys "
    "(tenant_id, user_id, session_id, role, roles) are ignored."
)


class IntroducePlatformParams(Params):
    """What the caller says about themselves; identity comes from the credential, not from here."""

    user_context: UserContext = Field(default_factory=UserContext, description=CONTEXT_DOC)


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
    # Free-form here: they are the relayed intent's parameters, checked against its own
    # contract when this message is submitted (the guide's admission).
    parameters: dict[str, Any] = Field(default_factory=dict)


class GuideMessageParams(Params):
    """One user turn."""

    guide_session_id: str = Field(pattern=r"^[a-f0-9]{32}$", examples=["0" * 32])
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
    method: Literal["meaning", "words"] = Field(
        description="How the matches were found: by meaning (embeddings) or by shared words."
    )
    confidence: float | None = Field(
        description="The best match's similarity (0..1) when routed by meaning."
    )
    clarifying_question: str | None = Field(
        description="Asked, naming the top candidates, when the best is weak or not clear."
    )
    narrative: str | None
    narrative_status: NarrativeStatus
    submitted: Submitted | None
