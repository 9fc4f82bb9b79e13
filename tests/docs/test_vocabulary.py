"""`experience=` and `obligations=` values are listed, with meanings, and nothing else is used."""

from __future__ import annotations

import pytest
from pydantic import BaseModel

from symphainy.boot import build_registry
from symphainy.docs_gen._vocabulary import EXPERIENCES, OBLIGATIONS, check_vocabulary
from symphainy.errors import ConfigurationError
from symphainy.runtime import IntentRegistry, IntentSpec


class Nothing(BaseModel):
    pass


def test_every_value_in_use_is_listed() -> None:
    registry = build_registry()
    check_vocabulary(registry)
    used = {o for spec in registry for o in spec.obligations}
    assert used == set(OBLIGATIONS), "a listed obligation nobody uses: drop it"
    assert {s.experience for s in registry if s.experience} == set(EXPERIENCES)


def test_an_unlisted_value_is_refused_by_name() -> None:
    registry = IntentRegistry()
    spec = IntentSpec(
        "x", Nothing, Nothing, "docs", experience="content_pilar", obligations=("blob.read",)
    )
    registry.register(spec, lambda ctx, p: Nothing())
    with pytest.raises(ConfigurationError, match=r"content_pilar.*blob\.read"):
        check_vocabulary(registry)
