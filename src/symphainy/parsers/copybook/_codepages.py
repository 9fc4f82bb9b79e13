"""EBCDIC code pages by Cobrix's names, as 256-character tables.

Python ships cp037, cp273, cp500, cp875, cp1026 and cp1140; the other pages Cobrix offers
differ from one of those in a few positions (the national variants of cp500, the euro sign
of the cp114x pages), so each is written here as its base codec and the positions it
changes. The positions were checked against IBM's published tables.
"""

from __future__ import annotations

import codecs
from functools import cache

_EURO = "\u20ac"

_PAGES: dict[str, tuple[str, dict[int, str]]] = {
    "cp037": ("cp037", {}),
    "cp273": ("cp273", {}),
    "cp500": ("cp500", {}),
    "cp875": ("cp875", {}),
    "cp1026": ("cp1026", {}),
    "cp1140": ("cp1140", {}),
    # Open Systems Latin-1: cp037 with [ ] ^ ¬ Ý ¨ moved.
    "cp1047": ("cp037", {0x5F: "^", 0xAD: "[", 0xB0: "¬", 0xBA: "Ý", 0xBB: "¨", 0xBD: "]"}),
    "cp1141": ("cp273", {0x9F: _EURO}),
    # Denmark/Norway (cp277 with the euro at 0x5A).
    "cp1142": (
        "cp500",
        {0x47: "}", 0x4A: "#", 0x5A: _EURO, 0x5B: "Å", 0x67: "$", 0x6A: "ø", 0x70: "¦"}
        | {0x7B: "Æ", 0x7C: "Ø", 0x80: "@", 0x9C: "{", 0x9E: "[", 0x9F: "]", 0xA1: "ü"}
        | {0xC0: "æ", 0xD0: "å", 0xDC: "~"},
    ),
    # Finland/Sweden (cp278 with the euro at 0x5A).
    "cp1143": (
        "cp500",
        {0x43: "{", 0x47: "}", 0x4A: "§", 0x51: "`", 0x5A: _EURO, 0x5B: "Å", 0x63: "#"}
        | {0x67: "$", 0x6A: "ö", 0x71: "\\", 0x79: "é", 0x7B: "Ä", 0x7C: "Ö", 0x9F: "]"}
        | {0xA1: "ü", 0xB5: "[", 0xC0: "ä", 0xCC: "¦", 0xD0: "å", 0xDC: "~", 0xE0: "É"}
        | {0xEC: "@"},
    ),
    # Italy (cp280 with the euro at 0x9F).
    "cp1144": (
        "cp500",
        {0x44: "{", 0x48: "\\", 0x4A: "°", 0x51: "]", 0x54: "}", 0x58: "~", 0x5A: "é"}
        | {0x6A: "ò", 0x79: "ù", 0x7B: "£", 0x7C: "§", 0x90: "[", 0x9F: _EURO, 0xA1: "ì"}
        | {0xB1: "#", 0xB5: "@", 0xC0: "à", 0xCD: "¦", 0xD0: "è", 0xDD: "`", 0xE0: "ç"},
    ),
    # Spain/Latin America (cp284 with the euro at 0x9F).
    "cp1145": (
        "cp500",
        {0x49: "¦", 0x4F: "|", 0x5F: "¬", 0x69: "#", 0x6A: "ñ", 0x7B: "Ñ", 0x9F: _EURO}
        | {0xA1: "¨", 0xBA: "^", 0xBB: "!", 0xBD: "~"},
    ),
    # United Kingdom (cp285 with the euro at 0x9F).
    "cp1146": (
        "cp500",
        {0x4A: "$", 0x4F: "|", 0x5A: "!", 0x5B: "£", 0x5F: "¬", 0x9F: _EURO, 0xA1: "¯"}
        | {0xB1: "[", 0xBA: "^", 0xBB: "]", 0xBC: "~"},
    ),
    # France (cp297 with the euro at 0x9F).
    "cp1147": (
        "cp500",
        {0x44: "@", 0x48: "\\", 0x4A: "°", 0x51: "{", 0x54: "}", 0x5A: "§", 0x6A: "ù"}
        | {0x79: "µ", 0x7B: "£", 0x7C: "à", 0x90: "[", 0x9F: _EURO, 0xA0: "`", 0xA1: "¨"}
        | {0xB1: "#", 0xB5: "]", 0xBD: "~", 0xC0: "é", 0xD0: "è", 0xDD: "¦", 0xE0: "ç"},
    ),
    "cp1148": ("cp500", {0x9F: _EURO}),
}
EBCDIC_CODE_PAGES = (*sorted(_PAGES), "cp037_extended", "common")
"""The `ebcdic_code_page` values offered (Cobrix's names)."""
EXTENDED_SUFFIX = "_extended"


def ebcdic_table(name: str) -> str | None:
    """The 256 characters of an EBCDIC code page by its Cobrix name, or None if unknown.

    `<page>_extended` names the same characters; the caller keeps control characters
    for them instead of mapping them to spaces.
    """
    if name == "common":
        return _common()
    base = name.removesuffix(EXTENDED_SUFFIX)
    if base not in _PAGES or (name != base and base != "cp037"):
        return None
    return _table(base)


@cache
def _common() -> str:
    """Cobrix's default `common` page: the EBCDIC invariant characters, read as cp037.

    Every character outside printable ASCII becomes a space, except the broken bar (0x6A)
    and the soft hyphen (0xCA), read as `|` and `-`, as Cobrix does.
    """
    chars = [c if " " <= c <= "~" else " " for c in _table("cp037")]
    chars[0x6A], chars[0xCA] = "|", "-"
    return "".join(chars)


@cache
def _table(name: str) -> str:
    codec, changes = _PAGES[name]
    chars = list(codecs.decode(bytes(range(256)), codec))
    for byte, char in changes.items():
        chars[byte] = char
    return "".join(chars)
