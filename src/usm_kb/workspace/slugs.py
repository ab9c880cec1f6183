"""Stable ids made from names: lower case, accents dropped, words joined by '-'."""

from __future__ import annotations

import re
import unicodedata

MAX_SLUG = 60


def slug(text: str) -> str:
    """``Storingen afhandelen (P1)`` -> ``storingen-afhandelen-p1``; '' when nothing is left."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in folded if not unicodedata.combining(c))
    words = re.findall(r"[a-z0-9]+", plain)
    result = "-".join(words)[:MAX_SLUG].strip("-")
    return result


def unique(base: str, taken: set[str]) -> str:
    """*base*, or *base* with the first free ``-2``, ``-3`` … suffix."""
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"
