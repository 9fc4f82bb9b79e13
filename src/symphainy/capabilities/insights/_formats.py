"""Expected value formats of columns, and why a value does not fit its column's format.

The format regexes are the content capability's (`_profile.FORMATS`), so the quality report
and the deterministic embedding agree on what an email, a phone number or a date is.
"""

from __future__ import annotations

import re
from typing import Final

from symphainy.capabilities.content import FORMATS as FORMATS

NUMBER: Final = r"^[+\-]?([0-9]+(\.[0-9]*)?|\.[0-9]+|[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?)$"
DATE: Final = f"({FORMATS['iso_date']})|({FORMATS['iso_datetime']})"
CHECKS: Final[dict[str, str]] = {
    "email": FORMATS["email"],
    "uuid": FORMATS["uuid"],
    "url": FORMATS["url"],
    "date": DATE,
    "phone": FORMATS["phone"],
    "zip": FORMATS["zip"],
    "number": NUMBER,
}
"""Formats a column can be expected to follow, in the order they are preferred."""
LAYOUT_FORMATS: Final = frozenset({"phone", "date", "zip"})
"""Formats whose written layout should be the same throughout a column."""

_NAME_HINTS: Final = (
    (re.compile(r"e[-_ ]?mail"), "email"),
    (re.compile(r"uuid|guid"), "uuid"),
    (re.compile(r"url|website|homepage|link"), "url"),
    (re.compile(r"(^|_)(date|dob|birthday)($|_)|_(at|on)$|date$"), "date"),
    (re.compile(r"phone|mobile|(^|_)tel($|_)|fax"), "phone"),
    (re.compile(r"(^|_)(zip|zipcode|postal_?code)($|_)"), "zip"),
)
_SLASH_DATE: Final = re.compile(r"^\d{1,2}[/.]\d{1,2}[/.]\d{2,4}$")
_ISO_SHAPE: Final = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}")
_CAMEL: Final = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def snake(name: str) -> str:
    """`customerEmail Addr` → `customer_email_addr`."""
    spaced = _CAMEL.sub("_", name.strip())
    return re.sub(r"[^a-z0-9]+", "_", spaced.lower()).strip("_")


def by_name(name: str) -> str | None:
    """The format a column's name announces (`email`, `signup_date`, `phone_number` …)."""
    key = snake(name)
    return next((fmt for rx, fmt in _NAME_HINTS if rx.search(key)), None)


def by_values(ratios: dict[str, float], threshold: float) -> str | None:
    """The preferred format that at least `threshold` of the values match."""
    shares = dict(ratios)
    shares["date"] = ratios.get("iso_date", 0.0) + ratios.get("iso_datetime", 0.0)
    shares["number"] = max(ratios.get("integer_like", 0.0), ratios.get("decimal_like", 0.0))
    return next((fmt for fmt in CHECKS if shares.get(fmt, 0.0) >= threshold), None)


def expected(name: str, ratios: dict[str, float], threshold: float) -> str | None:
    """What a string column should hold: its values' format, else what its name says."""
    return by_values(ratios, threshold) or by_name(name)


def why_invalid(fmt: str, value: str) -> str:
    """A likely reason why `value` does not match `fmt`."""
    if value != value.strip() and re.search(CHECKS[fmt], value.strip()):
        return "leading or trailing whitespace"
    explain = _EXPLAIN.get(fmt)
    return explain(value) if explain else f"not a valid {fmt}"


def _email(value: str) -> str:
    lowered = value.lower()
    if "@" not in value:
        if ".at." in lowered or " at " in lowered or "(at)" in lowered:
            return "'at' written instead of '@' (obfuscated or hand-typed address)"
        return "no '@' separator"
    if value.count("@") > 1:
        return "more than one '@'"
    if any(c.isspace() for c in value.strip()):
        return "contains spaces"
    local, _, domain = value.partition("@")
    if not local:
        return "nothing before the '@'"
    if "." not in domain:
        return "domain has no top-level part (e.g. '.com')"
    return "characters not allowed in an address"


def _phone(value: str) -> str:
    digits = sum(c.isdigit() for c in value)
    if any(c.isalpha() for c in value):
        return "contains letters (extension or note typed into the field?)"
    if digits < 10:
        return f"only {digits} digits (area code missing or number truncated)"
    if digits > 15:
        return f"{digits} digits (two numbers in one field?)"
    return "unrecognised phone layout"


def _date(value: str) -> str:
    text = value.strip()
    if _SLASH_DATE.match(text):
        return "written as MM/DD/YYYY or DD/MM/YYYY, not ISO 8601 (YYYY-MM-DD)"
    if _ISO_SHAPE.match(text):
        return "impossible month or day, or unpadded digits"
    return "not a date"


def _uuid(value: str) -> str:
    text = value.strip()
    if len(text) != 36:
        return f"{len(text)} characters; a UUID has 36 (truncated or concatenated id?)"
    return "characters other than hexadecimal digits and dashes"


def _number(value: str) -> str:
    if any(c in "$€£%" for c in value):
        return "currency or percent sign stored with the number"
    return "non-numeric characters (a unit, a note, or a placeholder)"


_EXPLAIN = {
    "email": _email,
    "phone": _phone,
    "date": _date,
    "uuid": _uuid,
    "url": lambda v: "no http(s):// scheme" if "://" not in v else "malformed address",
    "zip": lambda v: "not a 5-digit or ZIP+4 code",
    "number": _number,
}
