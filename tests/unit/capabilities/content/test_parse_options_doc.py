"""The parse_content notes list every parser's options exactly as the models declare them."""

from __future__ import annotations

from pathlib import Path

from symphainy.contracts import fields_table
from symphainy.parsers._options import PARSER_OPTIONS

NOTES = Path("src/symphainy/capabilities/content/docs/parse_content.md")
INTRO = """\
`parse_options` are the options of the parser that the content and `parsing_type` choose.
At submit, a key that no parser reachable under `parsing_type` takes is refused; once the
content picks the parser, that parser's model checks them again. Either way an unknown or
ill-typed option is a 422 `invalid-parameters` naming the key (and the parser). No option
names a program, a path or a module: the OCR program and every limit are server Settings
(`tesseract_cmd`, `parse_max_*`); going over a limit is a 413 `limit-exceeded`.
"""


def expected_notes() -> str:
    sections = [INTRO]
    for name, model in PARSER_OPTIONS.items():
        sections.append(f"### `{name}` parser (`{model.__name__}`)\n")
        sections.append(fields_table(model.model_json_schema()))
    return "\n".join(sections)


def test_notes_match_the_option_models() -> None:
    expected = expected_notes()
    if not NOTES.exists() or NOTES.read_text() != expected:
        NOTES.write_text(expected)
        raise AssertionError(f"{NOTES} was out of date and has been rewritten; commit it")
