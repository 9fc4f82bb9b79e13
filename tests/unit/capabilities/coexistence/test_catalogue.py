"""Retrieval over the real catalogue: the right intents rank first, for the right caller."""

from __future__ import annotations

from symphainy.capabilities.coexistence import _catalogue as cat
from tests.unit.capabilities.coexistence.conftest import registry


def top(query: str, anonymous: bool = False) -> list[str]:
    return [m.intent_type for m in cat.search(cat.runnable(registry(), anonymous), query)]


def test_questions_find_the_intents_that_answer_them() -> None:
    assert top("how do I upload a file")[0] == "ingest_file"
    assert top("parse my CSV into a table")[0] == "parse_content"
    assert top("log out and end my session")[0] == "terminate_session"
    assert top("is this email address already taken")[0] == "check_email_availability"
    assert top("what tools can an agent call")[0] == "list_available_mcp_tools"


def test_nothing_matches_a_question_about_something_else() -> None:
    assert top("zebra quantum lasagna") == []
    answer = cat.answer("zebra", [])
    assert "No intent in the catalogue matches" in answer


def test_anonymous_callers_only_see_anonymous_intents() -> None:
    everything = {s.intent_type for s in cat.runnable(registry(), anonymous=False)}
    public = {s.intent_type for s in cat.runnable(registry(), anonymous=True)}
    assert "ingest_file" in everything - public
    assert "echo" in public
    assert "authenticate_user" in public
    assert "ingest_file" not in top("upload a file", anonymous=True)


def test_matches_carry_the_parameters_they_need() -> None:
    [first, *_] = cat.search(cat.runnable(registry(), False), "authenticate a user password")
    assert first.intent_type == "authenticate_user"
    assert first.required == ["email", "password"]
    text = cat.answer("sign in", [first])
    assert "authenticate_user (security)" in text
    assert "Needs: email, password." in text


def test_words_fold_case_snake_case_and_plurals() -> None:
    assert cat.words("Parsed_Files ARE parsing") == ["pars", "file", "pars"]
