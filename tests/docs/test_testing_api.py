"""The public test helpers document every argument they take."""

from __future__ import annotations

import inspect

import pytest

from symphainy import testing


@pytest.mark.parametrize("helper", [testing.local_runtime, testing.local_platform])
def test_every_argument_is_documented(helper: object) -> None:
    doc = inspect.getdoc(helper) or ""
    args = doc.split("Args:", 1)[-1] if "Args:" in doc else ""
    names = list(inspect.signature(helper).parameters)  # type: ignore[arg-type]
    missing = [n for n in names if f"{n}:" not in args.replace("**", "")]
    assert missing == [], f"{helper.__name__}: document {missing} under Args:"  # type: ignore[attr-defined]
