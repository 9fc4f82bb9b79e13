"""Entities found in text by pattern: emails, URLs, phones, dates, money, percentages, codes, names.

Each kind is one regular expression and a normaliser; a match is reported once per distinct
normalised value, with how often and in which sections it occurs.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from typing import Any, Final

from symphainy.capabilities.content import Passage

_MONTHS: Final = frozenset(m.lower() for m in calendar.month_name if m)
_MONTH: Final = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
PATTERNS: Final[dict[str, re.Pattern[str]]] = {
    "email": re.compile(
        r"\b[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}\b"
    ),
    "url": re.compile(r"\bhttps?://[^\s<>\"')\]]+[^\s<>\"')\].,;:!?]"),
    "phone": re.compile(
        r"(?<![\w+])(?:\+?1[ .\-]?)?\(?\b[2-9][0-9]{2}\)?[ .\-][0-9]{3}[ .\-][0-9]{4}\b"
    ),
    "date": re.compile(
        rf"\b(?:[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}|[0-9]{{1,2}}/[0-9]{{1,2}}/[0-9]{{4}}"
        rf"|{_MONTH} [0-9]{{1,2}}, [0-9]{{4}}|[0-9]{{1,2}} {_MONTH} [0-9]{{4}})\b"
    ),
    "money": re.compile(
        r"(?:[$€£] ?[0-9]{1,3}(?:,[0-9]{3})*(?:\.[0-9]{1,2})?(?: ?(?:million|billion|[MBK])\b)?"
        r"|\b[0-9][0-9,]*(?:\.[0-9]+)? (?:dollars|USD|EUR|euros)\b)"
    ),
    "percent": re.compile(r"(?<![\w.])[0-9]+(?:\.[0-9]+)? ?(?:%|percent\b)"),
    "identifier": re.compile(r"\b[A-Z]{2,6}-?[0-9]{3,}(?:-[0-9A-Z]+)*\b"),
    "name": re.compile(r"\b(?:[A-Z][a-z]+|[A-Z]\.)(?: (?:[A-Z][a-z]+|[A-Z]\.|of|de|van)){1,3}\b"),
}


def normalise_date(text: str) -> str | None:
    """ISO 8601 for the date forms the pattern accepts, else None."""
    cleaned = text.strip().replace(".", "")
    for fmt in ("%Y-%m-%d", "%m/%d/%Y", "%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y"):
        try:
            return dt.datetime.strptime(cleaned, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def _date(text: str) -> str:
    return normalise_date(text) or text


def money_amount(text: str) -> tuple[float | None, str]:
    """The amount (scaled by million/billion/M/B/K) and currency (USD unless € / £ / EUR)."""
    scale = {"million": 1e6, "billion": 1e9, "M": 1e6, "B": 1e9, "K": 1e3}
    number = re.search(r"[0-9][0-9,]*(?:\.[0-9]+)?", text)
    euro = "€" in text or "EUR" in text or "euro" in text
    currency = "EUR" if euro else "GBP" if "£" in text else "USD"
    if number is None:
        return None, currency
    factor = next((f for word, f in scale.items() if re.search(rf"\b{word}\b", text)), 1.0)
    return float(number.group().replace(",", "")) * factor, currency


def _money(text: str) -> str:
    amount, currency = money_amount(text)
    return text if amount is None else f"{amount:.2f} {currency}"


NORMALISE: Final[dict[str, Callable[[str], str]]] = {
    "email": str.lower,
    "url": lambda t: t,
    "phone": lambda t: re.sub(r"[^0-9]", "", t)[-10:],
    "date": _date,
    "money": _money,
    "percent": lambda t: re.sub(r" ?(?:%|percent)", "", t) + "%",
    "identifier": str.upper,
    "name": lambda t: t,
}
_LEADING: Final = frozenset(
    {"The", "A", "An", "This", "That", "These", "Those", "If", "When", "Our"}
)


def find(passages: list[Passage], limit: int) -> dict[str, list[dict[str, Any]]]:
    """Per kind, distinct entities (by normalised value) with counts, most frequent first."""
    found: dict[str, dict[str, dict[str, Any]]] = {kind: {} for kind in PATTERNS}
    for passage in passages:
        for kind, pattern in PATTERNS.items():
            for match in pattern.finditer(passage.text):
                text = _trim(kind, match.group())
                if text is None:
                    continue
                value = NORMALISE[kind](text)
                entry = found[kind].setdefault(
                    value, {"text": text, "value": value, "count": 0, "sections": []}
                )
                entry["count"] += 1
                if passage.section and passage.section not in entry["sections"]:
                    entry["sections"].append(passage.section)
    return {kind: _ranked(entries, limit) for kind, entries in found.items()}


def _trim(kind: str, text: str) -> str | None:
    """Names lose a leading article; a single remaining word is not a name."""
    if kind != "name":
        return text
    parts = text.split(" ")
    while parts and parts[0] in _LEADING:
        parts = parts[1:]
    if len(parts) < 2 or parts[0].lower() in _MONTHS:
        return None
    return " ".join(parts)


def _ranked(entries: dict[str, dict[str, Any]], limit: int) -> list[dict[str, Any]]:
    ranked = sorted(entries.values(), key=lambda e: (-e["count"], e["value"]))
    return ranked[:limit]
