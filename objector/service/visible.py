"""What people type is shown to others as it reads, not as it is stored: characters that change
how text reads without showing themselves are dropped where it comes in.

Direction controls (U+202A–U+202E embeddings and overrides, U+2066–U+2069 isolates, U+200E and
U+200F marks, U+061C the Arabic letter mark) turn a name or a file name round on a lawyer's
screen ("invoice\u202efdp.exe" reads "invoiceexe.pdf"; "Trojan Source"); other invisible format
characters (zero-width spaces and joiners, the word joiner, soft hyphens, the byte-order mark,
tags) make two names that read alike differ, so that a search or a match by name misses one.
Names and file names (one line) lose every format and control character, and line and
paragraph separators become spaces; free text (a story, a message) loses the direction
controls and the control characters but keeps line breaks, tabs and the joiners that build
emoji and some scripts. Each function says how many it removed, so that the caller can say so.
"""

from __future__ import annotations

import unicodedata

DIRECTION = frozenset([0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)])
# Kept in free text: the zero-width non-joiner and joiner (Persian, Indic scripts, emoji
# sequences) and the tags of emoji flags.
JOINERS = frozenset([0x200C, 0x200D, *range(0xE0020, 0xE0080)])
LINE_BREAKS = frozenset("\n\r\t")


def one_line(text: str) -> tuple[str, int]:
    """A name, a unit, a contact or a file name without format or control characters (line and
    paragraph separators become spaces), and how many were removed."""
    kept: list[str] = []
    removed = 0
    for ch in text:
        category = unicodedata.category(ch)
        if category in ("Zl", "Zp") or ch in LINE_BREAKS:
            kept.append(" ")
        elif category in ("Cf", "Cc"):
            removed += 1
        else:
            kept.append(ch)
    return "".join(kept), removed


def free_text(text: str) -> tuple[str, int]:
    """A story or a message without direction controls or control characters (line breaks and
    tabs kept), nor format characters other than the joiners; and how many were removed."""
    kept: list[str] = []
    removed = 0
    for ch in text:
        category = unicodedata.category(ch)
        if (
            ch in LINE_BREAKS
            or (category != "Cf" and category != "Cc")
            or (category == "Cf" and ord(ch) in JOINERS and ord(ch) not in DIRECTION)
        ):
            kept.append(ch)
        else:
            removed += 1
    return "".join(kept), removed
