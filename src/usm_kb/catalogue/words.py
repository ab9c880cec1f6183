"""Words of a text for matching in English and Dutch: lower-cased and stemmed (Snowball).

Light on purpose (PyStemmer only): the crosswalk and the search use it, and a command that
only needs the crosswalk should not load the search engine.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import Stemmer

WORD = re.compile(r"[^\W_]+", re.UNICODE)


@cache
def stemmers() -> tuple[Any, ...]:
    """The English and the Dutch Snowball stemmer (built on first use)."""
    return (Stemmer.Stemmer("english"), Stemmer.Stemmer("dutch"))


def tokens(text: str) -> list[str]:
    """Lower-case words, each with its English and Dutch stem (duplicates dropped)."""
    found: list[str] = []
    for word in WORD.findall(text.casefold()):
        for stemmer in stemmers():
            stem = stemmer.stemWord(word)
            if stem not in found:
                found.append(stem)
    return found
