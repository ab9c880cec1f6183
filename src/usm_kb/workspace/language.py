"""Which language a practice is written in: a column, a word for it, or the words themselves.

A team's catalogue mixes Dutch and English ("Storingen afhandelen", "Monthly patch run"), so
each name records its own language. Without a language column the words decide: frequent
function words and word endings of each language are counted; a tie falls back to the
workspace's default language.
"""

from __future__ import annotations

import re

from usm_kb.errors import DataError

LANGUAGE_WORDS: dict[str, str] = {
    "nl": "nl",
    "nld": "nl",
    "dutch": "nl",
    "nederlands": "nl",
    "ned": "nl",
    "en": "en",
    "eng": "en",
    "english": "en",
    "engels": "en",
}
DUTCH = frozenset(
    {
        "de",
        "het",
        "een",
        "en",
        "van",
        "voor",
        "met",
        "naar",
        "bij",
        "op",
        "in",
        "uit",
        "door",
        "aan",
        "om",
        "te",
        "is",
        "zijn",
        "wordt",
        "worden",
        "die",
        "dat",
        "deze",
        "wij",
        "we",
        "onze",
        "ons",
        "alle",
        "als",
        "of",
        "ook",
        "per",
        "na",
        "over",
        "tot",
        "geen",
        "niet",
        "nieuwe",
        "jaarlijks",
        "maandelijks",
        "wekelijks",
        "dagelijks",
    }
)
ENGLISH = frozenset(
    {
        "the",
        "a",
        "an",
        "and",
        "of",
        "for",
        "with",
        "to",
        "at",
        "on",
        "in",
        "from",
        "by",
        "is",
        "are",
        "be",
        "our",
        "we",
        "all",
        "as",
        "or",
        "also",
        "per",
        "after",
        "about",
        "until",
        "no",
        "not",
        "new",
        "each",
        "every",
        "yearly",
        "monthly",
        "weekly",
        "daily",
        "run",
    }
)
DUTCH_CUES = ("ij", "oe", "aa", "uu", "sch", "cht", "eid", "ieu")
DUTCH_PREFIXES = ("ver", "uit", "af", "ont", "beheer", "over")
ENGLISH_CUES = ("th", "wh", "sh", "ck", "ea", "tion", "ou", "ly")


def language_of_word(word: str, path: object, where: str) -> str:
    """``Nederlands`` -> ``nl``; an unknown word is a ``DataError``."""
    found = LANGUAGE_WORDS.get(word.strip().casefold())
    if found is None:
        raise DataError(
            f"{where}: language {word!r} is not Dutch (nl) or English (en)",
            path=str(path),
        )
    return found


def detect_language(text: str, default: str) -> str:
    """``nl`` or ``en`` by the words of *text*; *default* when they do not tell."""
    tokens = re.findall(r"[a-zà-ÿ]+", text.casefold())
    score = 0.0
    for token in tokens:
        score += 2 * ((token in DUTCH) - (token in ENGLISH))
        if token in DUTCH or token in ENGLISH or len(token) < 4:
            continue
        score += sum(cue in token for cue in DUTCH_CUES) + 0.5 * token.startswith(DUTCH_PREFIXES)
        score -= sum(cue in token for cue in ENGLISH_CUES) + ("y" in token[:-1])
    if score > 0:
        return "nl"
    if score < 0:
        return "en"
    return default
