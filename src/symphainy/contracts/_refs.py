"""Artifact-reference fields: a parameter that names a file, a parsed file or any artifact.

Their JSON Schema carries `x-symphainy-ref` (the kind of artifact the id names), so a client
can offer a picker of the tenant's artifacts of that kind instead of a box for a hex id. The
kinds are artifact types, except `copybook` (a file holding a COBOL copybook) and `artifact`
(any artifact of the tenant). Validation is unchanged (a plain string); the hint only
describes.
"""

from __future__ import annotations

from typing import Annotated, Final, Literal

from pydantic import Field

REF_KEY: Final = "x-symphainy-ref"
"""The JSON Schema keyword naming the kind of artifact a string field refers to."""

RefKind = Literal["file", "parsed_content", "copybook", "artifact"]
"""The kinds of artifact a reference field may name."""


def _ref(kind: RefKind) -> object:
    return Field(json_schema_extra={REF_KEY: kind})


FileId = Annotated[str, _ref("file")]
"""The artifact id of an uploaded file."""
ParsedFileId = Annotated[str, _ref("parsed_content")]
"""The artifact id of a file's parsed content."""
CopybookFileId = Annotated[str, _ref("copybook")]
"""The artifact id of an uploaded file holding a COBOL copybook."""
ArtifactId = Annotated[str, _ref("artifact")]
"""The id of any artifact of the tenant (a file, a parsed file, a report…)."""

__all__ = ["REF_KEY", "ArtifactId", "CopybookFileId", "FileId", "ParsedFileId", "RefKind"]
