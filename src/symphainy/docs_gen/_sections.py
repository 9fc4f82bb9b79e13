"""Generated sections inside hand-written documents.

A hand-written Markdown file marks where generated text goes:

    <!-- BEGIN GENERATED: sdk-operations -->
    ...
    <!-- END GENERATED: sdk-operations -->

`fill` replaces what is between the markers and keeps everything else byte for byte, so the
prose stays hand-written while shapes, fields and tables come from the code.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from symphainy.errors import ConfigurationError

_BLOCK = re.compile(
    r"(<!-- BEGIN GENERATED: (?P<name>[a-z0-9-]+) -->\n)(?P<body>.*?)"
    r"(<!-- END GENERATED: (?P=name) -->)",
    re.S,
)


def section_names(text: str) -> list[str]:
    """The generated sections a document declares, in order."""
    return [m.group("name") for m in _BLOCK.finditer(text)]


def fill(text: str, sections: Mapping[str, str], where: str) -> str:
    """`text` with every marked section replaced by its generated body.

    Raises ConfigurationError when the document marks a section nobody generates, or when a
    generated section has no markers in the document (either way the document is stale).
    """
    declared = section_names(text)
    unknown = sorted(set(declared) - set(sections))
    missing = sorted(set(sections) - set(declared))
    if unknown or missing:
        raise ConfigurationError(
            f"{where}: sections marked but not generated {unknown}, "
            f"generated but not marked {missing}"
        )

    def body(match: re.Match[str]) -> str:
        generated = sections[match.group("name")].rstrip("\n") + "\n"
        return match.group(1) + generated + match.group(4)

    return _BLOCK.sub(body, text)
