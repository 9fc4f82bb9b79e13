"""Which steps approve or only look, read by their action word as a lemma, never a prefix."""

from __future__ import annotations

import pytest

from symphainy.capabilities.operations._optimize_words import approves, passive


@pytest.mark.parametrize(
    ("name", "approving"),
    [
        ("Measure the vital signs", False),  # "signs" is not a signature
        ("Signal the ward nurse", False),
        ("Sign the consent form", True),
        ("Countersigned by the lead", True),
        ("Obtain the manager's sign-off", True),
        ("Manager approval of the invoice", True),
        ("Authorize the payment", True),
        ("Checkout the cart", False),
    ],
)
def test_approving_steps(name: str, approving: bool) -> None:
    assert approves(name) is approving


@pytest.mark.parametrize(
    ("name", "looking"),
    [
        ("Review the claim", True),
        ("Verify the bank details", True),
        ("Check the form", True),
        ("Checkout the cart", False),
        ("Measure the vital signs", False),
        ("Write the prescription", False),
    ],
)
def test_steps_that_only_look(name: str, looking: bool) -> None:
    assert passive(name) is looking
