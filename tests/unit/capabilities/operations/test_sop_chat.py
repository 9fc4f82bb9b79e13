"""Interactive SOP authoring: the draft lives in the session and is filled slot by slot."""

from __future__ import annotations

from symphainy.runtime import Runtime
from tests.unit.capabilities.operations._ops import SESSION, T, fails, ok


async def chat(rt: Runtime, message: str, draft: str = "default") -> dict:
    return await ok(rt, "sop_chat_message", {"message": message, "draft_id": draft})


async def test_a_conversation_fills_the_slots_in_order(rt: Runtime) -> None:
    first = await chat(rt, "Expense claims")
    assert first["draft"]["title"] == "Expense claims"
    assert first["missing"] == ["roles", "steps", "exceptions"]
    assert first["reply"] == "Who takes part? List the roles, separated by commas."
    assert first["narrative"] is None
    assert first["narrative_status"] == "absent"
    second = await chat(rt, "Employee, Manager and Finance")
    assert second["draft"]["roles"] == ["Employee", "Manager", "Finance"]
    third = await chat(rt, "Employee: submit the receipts\nManager: approve the claim")
    assert third["missing"] == ["steps", "exceptions"]  # steps continue until 'done'
    await chat(rt, "Finance: reimburse the employee\nremove step 9\ndone")
    fourth = await ok(rt, "sop_chat_message", {"message": "Purpose: refund business costs"})
    assert fourth["missing"] == ["exceptions"]
    fifth = await chat(
        rt, "If a receipt is missing at step 1, Employee: file a missing-receipt form"
    )
    assert fifth["complete"] is True
    assert fifth["missing"] == []
    assert "3 steps, 3 roles, 1 exceptions" in fifth["reply"]
    # the draft is in the session state, where any later intent of the session finds it
    stored = await rt.services.state.get(T, "session", SESSION, "sop_chat.default")
    assert stored["steps"] == [
        "Employee: submit the receipts",
        "Manager: approve the claim",
        "Finance: reimburse the employee",
    ]

    result = await ok(rt, "generate_sop_from_chat", {})
    sop = result["sop"]
    assert result["sop_id"]
    assert sop["title"] == "Expense claims"
    assert sop["purpose"] == "refund business costs"
    assert [(s["role"], s["action"]) for s in sop["steps"]] == [
        ("Employee", "Submit the receipts"),
        ("Manager", "Approve the claim"),
        ("Finance", "Reimburse the employee"),
    ]
    assert sop["exceptions"][0]["step"] == 1
    assert result["markdown"].startswith("# Expense claims")
    # the authored SOP feeds create_workflow like any other
    wf = await ok(rt, "create_workflow", {"sop_id": result["sop_id"]})
    assert wf["source"] == "sop"
    assert wf["task_count"] == 4


async def test_problems_are_replied_and_drafts_are_separate(rt: Runtime) -> None:
    await chat(rt, "Title: A\nRoles: Clerk", draft="one")
    reply = await chat(rt, "Step: Clerk:\nremove step 4", draft="one")
    assert reply["reply"].startswith("I could not use that: step 1 says nothing to do")
    assert "there is no step 4" in reply["reply"]
    assert reply["draft"]["steps"] == []
    other = await chat(rt, "B", draft="two")
    assert other["draft"]["title"] == "B"
    reset = await chat(rt, "start over", draft="one")
    assert reset["draft"]["title"] is None
    assert reset["missing"][0] == "title"


async def test_generate_from_requirements_and_incomplete_drafts(rt: Runtime) -> None:
    started = await ok(
        rt,
        "generate_sop_from_chat",
        {
            "draft_id": "req",
            "initial_requirements": "Title: Returns\nStep: Clerk: check the item",
        },
    )
    assert started["sop"] is None
    assert started["chat"]["missing"] == ["steps", "exceptions"]
    done = await ok(
        rt,
        "generate_sop_from_chat",
        {
            "draft_id": "req2",
            "initial_requirements": "Title: Returns\nStep: Clerk: check the item\n"
            "Step: Clerk: refund the customer\ndone\nnone",
        },
    )
    assert done["sop"]["exceptions"] == []
    assert len(done["sop"]["steps"]) == 2
    await fails(rt, "sop_chat_message", {"message": "hi"}, "invalid-request", session=None)
