"""The base of every parser's options: a pydantic model that refuses unknown keys."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, ClassVar, Self

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from symphainy.errors import InvalidParameters, field_errors


def _text_codec(name: str) -> str:
    try:
        # str.encode takes only text encodings: zlib_codec, base64, rot13 and the like are
        # refused (bytes.decode would accept them for empty input).
        "a".encode(name)
    except UnicodeError:
        return name
    except LookupError:
        raise ValueError(f"{name!r} is not a text encoding Python knows") from None
    return name


TextEncoding = Annotated[str, Field(min_length=1, max_length=64), AfterValidator(_text_codec)]


class ParserOptions(BaseModel):
    """Options of one parser; a key it does not take is an error."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)
    parser: ClassVar[str]

    @classmethod
    def of(cls, options: Mapping[str, object] | ParserOptions | None) -> Self:
        """Validate `options` (a mapping, or another parser's options) for this parser.

        Raises:
            InvalidParameters: a key this parser does not take, or a value of the wrong
                type (422; `parser` and each error's `loc` name the parser and the key).
        """
        if isinstance(options, cls):
            return options
        raw = (
            options.model_dump(exclude_unset=True)
            if isinstance(options, ParserOptions)
            else options
        )
        try:
            return cls.model_validate(dict(raw or {}))
        except ValidationError as exc:
            raise _invalid(cls.parser, exc) from None


def _invalid(parser: str, exc: ValidationError) -> InvalidParameters:
    errors = field_errors(exc, "parameters", "parse_options")
    problems = "; ".join(f"{e['loc'][-1]!r}: {e['msg']}" for e in errors)
    return InvalidParameters(
        f"parse_options invalid for the {parser} parser: {problems}", parser=parser, errors=errors
    )
