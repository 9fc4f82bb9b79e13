"""Prompts are files: `prompts/<name>.md` with a `## system` and a `## user` section.

Placeholders are `{variable}` (literal braces are doubled, `{{` and `}}`, as in `str.format`).
Rendering is strict both ways: a missing variable and a variable the prompt never uses are
configuration errors, so a typo in a handler fails its first test instead of sending a
half-filled prompt to a model.
"""

from __future__ import annotations

import json
import re
import string
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from symphainy.errors import ConfigurationError

_NAME = re.compile(r"^[a-z0-9_]{1,64}$")
_SECTION = re.compile(r"^## (system|user)\s*$", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class Prompt:
    """A parsed prompt file: its two message templates and the variables they use."""

    name: str
    system: str
    user: str

    @property
    def variables(self) -> frozenset[str]:
        """Every `{variable}` the two templates use."""
        return _fields(self.system) | _fields(self.user)

    def render(self, variables: dict[str, Any]) -> list[dict[str, str]]:
        """The chat messages, with every placeholder filled."""
        given, needed = set(variables), self.variables
        if missing := needed - given:
            raise ConfigurationError(f"prompt {self.name!r} needs {sorted(missing)}")
        if unused := given - needed:
            raise ConfigurationError(f"prompt {self.name!r} does not use {sorted(unused)}")
        text = {k: _text(v) for k, v in variables.items()}
        return [
            {"role": "system", "content": self.system.format_map(text)},
            {"role": "user", "content": self.user.format_map(text)},
        ]


class PromptLibrary:
    """Loads prompts from a directory (the package's `prompts/` by default), caching each."""

    def __init__(self, directory: Path | None = None) -> None:
        self._dir = directory
        self._cache: dict[str, Prompt] = {}

    def get(self, name: str) -> Prompt:
        """The prompt called `name`; ConfigurationError if there is none or it is malformed."""
        if name not in self._cache:
            self._cache[name] = parse_prompt(name, self._read(name))
        return self._cache[name]

    def names(self) -> list[str]:
        """Every prompt name in the library, sorted."""
        if self._dir is not None:
            return sorted(p.stem for p in self._dir.glob("*.md"))
        files = resources.files("symphainy.reasoning").joinpath("prompts").iterdir()
        return sorted(f.name[:-3] for f in files if f.name.endswith(".md"))

    def _read(self, name: str) -> str:
        if not _NAME.match(name):
            raise ConfigurationError(f"invalid prompt name {name!r}")
        if self._dir is not None:
            path = self._dir / f"{name}.md"
            if not path.is_file():
                raise ConfigurationError(f"no prompt file {name}.md in {self._dir}")
            return path.read_text(encoding="utf-8")
        ref = resources.files("symphainy.reasoning").joinpath("prompts", f"{name}.md")
        if not ref.is_file():
            raise ConfigurationError(f"no prompt file prompts/{name}.md in symphainy.reasoning")
        return ref.read_text(encoding="utf-8")


def parse_prompt(name: str, text: str) -> Prompt:
    """Split a prompt file into its `## system` and `## user` sections (in that order)."""
    parts = _SECTION.split(text)
    # split() yields [preamble, "system", body, "user", body] for a well-formed file.
    if len(parts) != 5 or parts[1] != "system" or parts[3] != "user":
        raise ConfigurationError(
            f"prompt {name!r} must have a '## system' section followed by a '## user' section"
        )
    system, user = parts[2].strip(), parts[4].strip()
    if not system or not user:
        raise ConfigurationError(f"prompt {name!r} has an empty section")
    prompt = Prompt(name, system, user)
    prompt.variables  # noqa: B018 - parse the placeholders now, so a bad brace fails at load
    return prompt


def _fields(template: str) -> frozenset[str]:
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as exc:
        raise ConfigurationError(f"bad placeholder in prompt: {exc}") from None
    names = {field for _, field, _, _ in parsed if field is not None}
    if bad := [n for n in names if not n.isidentifier()]:
        raise ConfigurationError(f"placeholders must be plain names, not {sorted(bad)}")
    return frozenset(names)


def _text(value: Any) -> str:
    """Strings go in as they are; structured values as indented JSON the model can read."""
    if isinstance(value, str):
        return value
    return json.dumps(value, indent=2, sort_keys=True, default=str, ensure_ascii=False)


__all__ = ["Prompt", "PromptLibrary", "parse_prompt"]
