"""The value and naming options of a decode, by Cobrix's names and with Cobrix's meaning."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Literal

from symphainy.parsers._mainframe_options import MainframeOptions
from symphainy.parsers._model import ParseError
from symphainy.parsers.copybook._elements import Element, FloatFormat, Trimming

SchemaRetention = Literal["keep_original", "collapse_root"]


@dataclass(frozen=True, slots=True)
class ValueOptions:
    """How values are decoded and columns named.

    Defaults are Cobrix's, except `schema_retention_policy`: column names keep the root
    group (`R.FIELD`) as this parser always named them; `collapse_root` drops it.
    """

    floating_point_format: FloatFormat | None = None
    """COMP-1/COMP-2 encoding; None: IBM hexadecimal for EBCDIC, IEEE754 for ASCII."""
    string_trimming_policy: Trimming = "both"
    """Which ends of a text lose their spaces; keep_all also keeps control characters."""
    improved_null_detection: bool = True
    """Text of NUL bytes only, and DISPLAY numbers of spaces or NULs only, are null."""
    strict_sign_overpunching: bool = True
    """An unsigned number with an overpunched sign is invalid; off, a positive overpunch
    is taken and a negative one makes the value null."""
    strict_integral_precision: bool = False
    """Integers come back as decimal(digits, 0) instead of int64."""
    schema_retention_policy: SchemaRetention = "keep_original"
    """Whether column names start with the 01 record's name."""
    drop_group_fillers: bool = False
    """Whether FILLER groups (and everything under them) are left out of the output."""
    variable_size_occurs: bool = False
    """false (Cobrix's default, and ours): every OCCURS DEPENDING ON table keeps its
    maximum size, which also allows ODO tables inside other OCCURS and in REDEFINES views;
    true: tables take only their current occurrences (the IBM variable layout)."""

    def element(self, element: Element) -> Element:
        """The element with these options applied."""
        return replace(
            element,
            float_format=self.floating_point_format,
            trim=self.string_trimming_policy,
            blank_null=self.improved_null_detection,
            strict_sign=self.strict_sign_overpunching,
            exact=self.strict_integral_precision,
        )


def code_page(options: MainframeOptions) -> str:
    """The code page that `encoding`, `ebcdic_code_page` and `ascii_charset` name together.

    Raises:
        ParseError: When a code page option contradicts `encoding` (an EBCDIC page for an
            ASCII file, say): one of them would be ignored, so neither is guessed.
    """
    given = options.model_fields_set
    clash = ("ebcdic_code_page" in given and options.encoding != "ebcdic") or (
        "ascii_charset" in given and options.encoding != "ascii"
    )
    if clash:
        raise ParseError(
            f"encoding {options.encoding!r} contradicts the code page options: "
            "ebcdic_code_page goes with encoding 'ebcdic', ascii_charset with 'ascii'",
            encoding=options.encoding,
        )
    if options.encoding == "ascii":
        return options.ascii_charset or "ascii"
    if options.encoding == "ebcdic":
        return options.ebcdic_code_page
    return options.encoding


def value_options(options: object) -> ValueOptions:
    """The value options among an options object's attributes (e.g. `MainframeOptions`)."""
    return ValueOptions(**{f.name: getattr(options, f.name) for f in fields(ValueOptions)})
